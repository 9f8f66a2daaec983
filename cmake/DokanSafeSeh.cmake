# SPDX-License-Identifier: LGPL-3.0-or-later
# cmake -DAR=<ar> -DOBJCOPY=<objcopy> -DLIBRARY=<import library> -P DokanSafeSeh.cmake
#
# Marks every member of an x86 import library made by dlltool as SafeSEH-compatible: an
# absolute symbol @feat.00 with bit 0 set, which is how MSVC-style linkers learn that an
# object registers all its exception handlers. The members hold only import data and a
# jump thunk (no handlers at all), so the mark is true. Without it, lld-link's default x86
# link and Visual Studio's /SAFESEH refuse the library. GNU ld ignores the symbol.
foreach(var AR OBJCOPY LIBRARY)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "DokanSafeSeh.cmake: -D${var}=... is required")
  endif()
endforeach()

get_filename_component(library "${LIBRARY}" ABSOLUTE)
set(work "${library}.safeseh")
file(REMOVE_RECURSE "${work}")
file(MAKE_DIRECTORY "${work}")

# The member order decides nothing for the linkers, but it is kept as dlltool wrote it.
execute_process(COMMAND "${AR}" t "${library}" OUTPUT_VARIABLE members
  COMMAND_ERROR_IS_FATAL ANY)
string(STRIP "${members}" members)
string(REPLACE "\n" ";" members "${members}")
execute_process(COMMAND "${AR}" x "${library}" WORKING_DIRECTORY "${work}"
  COMMAND_ERROR_IS_FATAL ANY)
foreach(member IN LISTS members)
  execute_process(COMMAND "${OBJCOPY}" --add-symbol "@feat.00=1,local" "${member}"
    WORKING_DIRECTORY "${work}" COMMAND_ERROR_IS_FATAL ANY)
endforeach()
file(REMOVE "${library}")
execute_process(COMMAND "${AR}" rcs "${library}" ${members} WORKING_DIRECTORY "${work}"
  COMMAND_ERROR_IS_FATAL ANY)
file(REMOVE_RECURSE "${work}")
