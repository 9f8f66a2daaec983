# SPDX-License-Identifier: LGPL-3.0-or-later
# cmake -DIN=<file> -DOUT=<file> [-DMODE=text|names] -P FuserRename.cmake
# The Fuser flavour's public files are made from Dokan's at build time, never kept by hand
# (docs/behaviour.md, "The Fuser flavour"):
#   text:  the whole file with DOKAN -> FUSER, Dokan -> Fuser, dokan -> fuser (dokan.h ->
#          fuser.h, dokanc.h -> fuserc.h, dokan.def -> fuser.def, mirror.c -> a Fuser program);
#   names: from a .def, one "#define DokanX FuserX" per export, so sources written against
#          dokan.h compile into a binary that defines or calls the Fuser exports.
if(NOT MODE)
  set(MODE text)
endif()
file(READ "${IN}" content)
if(MODE STREQUAL "text")
  string(REPLACE "DOKAN" "FUSER" content "${content}")
  string(REPLACE "Dokan" "Fuser" content "${content}")
  string(REPLACE "dokan" "fuser" content "${content}")
  set(header "")
  if(IN MATCHES "\\.[ch]$")
    set(header "/* Generated from ${IN} by cmake/FuserRename.cmake: edit the source. */\n")
  elseif(IN MATCHES "\\.def$")
    set(header "; Generated from ${IN} by cmake/FuserRename.cmake: edit the source.\n")
  endif()
  set(content "${header}${content}")
elseif(MODE STREQUAL "names")
  string(REGEX MATCHALL "[\n\t ]Dokan[A-Za-z]+" exports "${content}")
  set(content "/* Generated from ${IN} by cmake/FuserRename.cmake: the exports under Fuser names. */\n#pragma once\n")
  foreach(name IN LISTS exports)
    string(STRIP "${name}" name)
    string(REPLACE "Dokan" "Fuser" renamed "${name}")
    string(APPEND content "#define ${name} ${renamed}\n")
  endforeach()
else()
  message(FATAL_ERROR "FuserRename.cmake: MODE must be text or names, not '${MODE}'")
endif()
# Rewrite only on change, so dependents do not rebuild needlessly.
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
  if(old STREQUAL content)
    return()
  endif()
endif()
file(WRITE "${OUT}" "${content}")
