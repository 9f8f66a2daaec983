# SPDX-License-Identifier: LGPL-3.0-or-later
# Tests are Windows programs run under Wine through scripts/wine-env.sh, which owns every
# Wine detail (prefix, services, teardown). Both builds register them: the x86 build's
# tests run its 32-bit programs, against the x64 drivers in a 64-bit prefix (mixed
# bitness) or, with WINEARCH=win32, against its own drivers; scripts/test.sh picks which
# (and skips them where 32-bit programs cannot run, see README).
set(DOKAN_WINE_ENV ${CMAKE_SOURCE_DIR}/scripts/wine-env.sh)
set(DOKAN_RUNTIME_TESTS ON)

# Labels (docs/testing.md, "Labels"): every test has at least one of unit, static,
# conformance, e2e (plus slow, quick where they apply) and the build's architecture;
# the ctest_labels test fails on a test without one.
# dokan_test_labels(<test>... LABELS <label>...): labels a test declared with add_test.
function(dokan_test_labels)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "" "" "LABELS")
  if(NOT ARG_LABELS)
    message(FATAL_ERROR "dokan_test_labels(${ARG_UNPARSED_ARGUMENTS}): no LABELS")
  endif()
  foreach(test IN LISTS ARG_UNPARSED_ARGUMENTS)
    set_property(TEST ${test} APPEND PROPERTY LABELS ${ARG_LABELS} ${DOKAN_ARCH})
  endforeach()
endfunction()

# dokan_add_wine_test(<name> <target> [LABELS <label>...] [args...]): run a test program in
# the prefix (wine-env.sh exec: no drivers, no services; tests/lib/wine_exec.sh skips a
# 32-bit one where 32-bit programs cannot run); labels default to unit.
function(dokan_add_wine_test name target)
  cmake_parse_arguments(PARSE_ARGV 2 ARG "" "" "LABELS")
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  if(DOKAN_RUNTIME_TESTS)
    add_test(NAME ${name} COMMAND bash ${CMAKE_SOURCE_DIR}/tests/lib/wine_exec.sh
      $<TARGET_FILE:${target}> ${ARG_UNPARSED_ARGUMENTS})
    set_tests_properties(${name} PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77
      ENVIRONMENT "DOKAN_BUILD_DIR=${CMAKE_BINARY_DIR};DOKAN_TEST_ARCH=${DOKAN_ARCH}")
    dokan_test_labels(${name} LABELS ${ARG_LABELS})
  endif()
endfunction()

# dokan_add_test_program(<target> <library> <sources...>): a Windows console test program
# with a wide-character main, linked to dokan (a file system) or ioclient (a client).
function(dokan_add_test_program target library)
  add_executable(${target} ${ARGN})
  target_link_libraries(${target} PRIVATE ${library})
  target_link_options(${target} PRIVATE -municode)
endfunction()

# dokan_add_e2e_script(<name> <timeout-s> <script> [LABELS <label>...] [args...]): a test
# script that drives Wine through scripts/wine-env.sh, so such tests run one at a time;
# labels default to e2e. Exit code 77 is a skip (tests/lib/testlib.sh's skip).
function(dokan_add_e2e_script name timeout script)
  cmake_parse_arguments(PARSE_ARGV 3 ARG "" "" "LABELS")
  if(NOT ARG_LABELS)
    set(ARG_LABELS e2e)
  endif()
  if(DOKAN_RUNTIME_TESTS)
    add_test(NAME ${name} COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/${script} ${ARG_UNPARSED_ARGUMENTS})
    set_tests_properties(${name} PROPERTIES TIMEOUT ${timeout} RUN_SERIAL TRUE SKIP_RETURN_CODE 77
      ENVIRONMENT "DOKAN_BUILD_DIR=${CMAKE_BINARY_DIR};DOKAN_TEST_ARCH=${DOKAN_ARCH}")
    dokan_test_labels(${name} LABELS ${ARG_LABELS})
  endif()
endfunction()
