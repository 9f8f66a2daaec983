# SPDX-License-Identifier: LGPL-3.0-or-later
# Tests are Windows programs run under Wine through scripts/wine-env.sh, which owns every
# Wine detail (prefix, services, teardown). Both builds register them: the x86 build's
# tests run its 32-bit programs, against the x64 drivers in a 64-bit prefix (mixed
# bitness) or, with WINEARCH=win32, against its own drivers; scripts/test.sh picks which
# (and skips them where 32-bit programs cannot run, see README).
set(DOKAN_WINE_ENV ${CMAKE_SOURCE_DIR}/scripts/wine-env.sh)
set(DOKAN_RUNTIME_TESTS ON)

# dokan_add_wine_test(<name> <target> [args...]): run a test program in the prefix.
function(dokan_add_wine_test name target)
  if(DOKAN_RUNTIME_TESTS)
    add_test(NAME ${name} COMMAND ${DOKAN_WINE_ENV} exec $<TARGET_FILE:${target}> ${ARGN})
    set_tests_properties(${name} PROPERTIES TIMEOUT 120
      ENVIRONMENT "DOKAN_BUILD_DIR=${CMAKE_BINARY_DIR}")
  endif()
endfunction()

# dokan_add_test_program(<target> <library> <sources...>): a Windows console test program
# with a wide-character main, linked to dokan (a file system) or ioclient (a client).
function(dokan_add_test_program target library)
  add_executable(${target} ${ARGN})
  target_link_libraries(${target} PRIVATE ${library})
  target_link_options(${target} PRIVATE -municode)
endfunction()

# dokan_add_e2e_script(<name> <timeout-s> <script> [args...]): an end-to-end test script;
# it drives Wine through scripts/wine-env.sh, so such tests run one at a time.
function(dokan_add_e2e_script name timeout script)
  if(DOKAN_RUNTIME_TESTS)
    add_test(NAME ${name} COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/${script} ${ARGN})
    set_tests_properties(${name} PROPERTIES TIMEOUT ${timeout} RUN_SERIAL TRUE
      ENVIRONMENT "DOKAN_BUILD_DIR=${CMAKE_BINARY_DIR}")
  endif()
endfunction()
