# SPDX-License-Identifier: LGPL-3.0-or-later
# Tests are Windows programs run under Wine through scripts/wine-env.sh, which owns every
# Wine detail (prefix, services, teardown). Runtime tests run for the x64 build only
# (32-bit Wine is optional on Debian 12, see README).
set(DOKAN_WINE_ENV ${CMAKE_SOURCE_DIR}/scripts/wine-env.sh)
if(DOKAN_X86)
  set(DOKAN_RUNTIME_TESTS OFF)
else()
  set(DOKAN_RUNTIME_TESTS ON)
endif()

# dokan_add_wine_test(<name> <target> [args...]): run a test program in the prefix.
function(dokan_add_wine_test name target)
  if(DOKAN_RUNTIME_TESTS)
    add_test(NAME ${name} COMMAND ${DOKAN_WINE_ENV} exec $<TARGET_FILE:${target}> ${ARGN})
    set_tests_properties(${name} PROPERTIES TIMEOUT 120
      ENVIRONMENT "DOKAN_BUILD_DIR=${CMAKE_BINARY_DIR}")
  endif()
endfunction()
