# SPDX-License-Identifier: LGPL-3.0-or-later
# dokan_add_version_resource(<target> <app|dll|driver> <description> <original-filename>
#                            [DEBUG])
# Gives a binary its VERSIONINFO resource (compiled by windres, CMake's RC language):
# product "Dokan", file and product version = the top-level project() version, the one
# place the version is defined. A driver is VFT_DRV/VFT2_DRV_SYSTEM, as 0.6.0's dokan.sys.
# DEBUG sets VS_FF_DEBUG (a checked build). tests/version reads the resources back.
set(DOKAN_VERSION_RC_TEMPLATE ${CMAKE_CURRENT_LIST_DIR}/version.rc.in)

# The VFT_ type and VFT2_ subtype of a binary kind, into <type_var> and <subtype_var>.
function(dokan_version_file_type kind type_var subtype_var)
  if(kind STREQUAL "app")
    set(type VFT_APP)
    set(subtype VFT2_UNKNOWN)
  elseif(kind STREQUAL "dll")
    set(type VFT_DLL)
    set(subtype VFT2_UNKNOWN)
  elseif(kind STREQUAL "driver")
    set(type VFT_DRV)
    set(subtype VFT2_DRV_SYSTEM)
  else()
    message(FATAL_ERROR "dokan_add_version_resource: kind must be app, dll or driver, not '${kind}'")
  endif()
  set(${type_var} ${type} PARENT_SCOPE)
  set(${subtype_var} ${subtype} PARENT_SCOPE)
endfunction()

function(dokan_add_version_resource target kind description original_filename)
  cmake_parse_arguments(PARSE_ARGV 4 arg "DEBUG" "" "")
  # An RC string cannot hold a plain double quote; no description needs one.
  if(description MATCHES "\"" OR original_filename MATCHES "\"")
    message(FATAL_ERROR "dokan_add_version_resource(${target}): no quotes in the strings")
  endif()
  dokan_version_file_type(${kind} DOKAN_RC_TYPE DOKAN_RC_SUBTYPE)
  set(DOKAN_RC_FLAGS 0)
  if(arg_DEBUG)
    set(DOKAN_RC_FLAGS VS_FF_DEBUG)
  endif()
  set(DOKAN_RC_DESCRIPTION "${description}")
  set(DOKAN_RC_FILENAME "${original_filename}")
  get_filename_component(DOKAN_RC_INTERNAL_NAME "${original_filename}" NAME_WE)
  set(DOKAN_RC_VERSION ${CMAKE_PROJECT_VERSION})
  set(DOKAN_RC_VERSION_COMMAS "${CMAKE_PROJECT_VERSION_MAJOR},${CMAKE_PROJECT_VERSION_MINOR},${CMAKE_PROJECT_VERSION_PATCH},0")
  set(rc ${CMAKE_CURRENT_BINARY_DIR}/${target}_version.rc)
  configure_file(${DOKAN_VERSION_RC_TEMPLATE} ${rc} @ONLY)
  target_sources(${target} PRIVATE ${rc})
endfunction()
