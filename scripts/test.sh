#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# test.sh [ctest arguments...]: what CI runs. Installs missing packages (with 32-bit Wine),
# builds the x64, x64-checked and x86 presets, runs the x64 tests under Wine (ctest calls
# scripts/wine-env.sh) with the checked driver and a core subset with the release driver,
# then the 32-bit configurations where this machine can run 32-bit
# programs: mixed bitness (the x86 build's programs and dokan.dll against the x64 drivers
# in a 64-bit prefix) and all-32-bit (WINEARCH=win32). Always tears Wine down at the end.
# The ctest arguments apply to the checked x64 run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib-packages.sh
. scripts/lib-packages.sh

start=$SECONDS
phase() { echo; echo "=== test.sh: $* ($((SECONDS - start)) s)"; }

finish() {
  local rc=$?
  trap - EXIT
  phase "teardown"
  scripts/wine-env.sh teardown || true
  [ ! -d build/wine32 ] || WINEARCH=win32 DOKAN_BUILD_DIR=build/x86 scripts/wine-env.sh teardown || true
  echo "test.sh: $( [ "$rc" -eq 0 ] && echo PASSED || echo "FAILED (exit $rc)" )," \
    "total $((SECONDS - start)) s"
  exit "$rc"
}
trap finish EXIT

phase "packages"
ensure_packages
ensure_wine32
scripts/wine-env.sh can-run-x86 >/dev/null || ensure_x86_emulation

for preset in x64 x64-checked x86; do
  phase "configure + build $preset"
  cmake --preset "$preset"
  cmake --build --preset "$preset"
done

# A Wine environment left over from an earlier run must not leak into this one.
phase "reset Wine"
scripts/wine-env.sh teardown

phase "ctest x86 (binary shapes, version resources, MSVC linker, callback thunks, analyzer)"
ctest --test-dir build/x86 --output-on-failure --no-tests=error \
  -R '^(binaries|version_resources|msvc_link|thunks|thunk_exec)_|^analyze_driver_dll$'

# The whole x64 suite runs once, on the checked driver (runtime asserts and the dispatch
# return contract, counted and reported by e2e_driver_asserts); the release driver, whose
# asserts are compiled out, then runs the core subset.
rm -f build/x64-checked/wine-logs/driver-asserts.log build/x64/wine-logs/driver-asserts.log
phase "ctest x64, checked dokan.sys"
ctest --preset x64-checked --no-tests=error "$@"
phase "ctest x64, release dokan.sys (core subset)"
scripts/wine-env.sh teardown
ctest --preset x64 --no-tests=error \
  -R '^(binaries_x64|version_resources_x64|unit_.*|e2e_mirror_mount|e2e_driver_protocol|e2e_setinfo|conformance|exerciser|e2e_driver_asserts)$'

# The 32-bit configurations: the tests the issue tracker asks of each (README, "32-bit").
mixed_tests='^(conformance|exerciser|e2e_mirror_mount|e2e_dokanmain_results|e2e_keepalive|unit_.*|client_.*|mirror_(cdecl|stdcall)_.*|headers_.*|winprogs_.*|win32api_compare|e2e_winshim_(cmd|api)|conformance_winshim)$'
win32_tests='^(conformance|exerciser|e2e_winshim_(cmd|api))$'
x86_status=$(scripts/wine-env.sh can-run-x86) || true
if [ "$x86_status" != ok ]; then
  phase "32-bit configurations SKIPPED"
  echo "test.sh: the mixed-bitness and all-32-bit suites were not run: $x86_status."
  echo "test.sh: (the x86 build is still checked above: binaries_x86, version_resources_x86," \
    "msvc_link_x86 without its run, thunks_x86, thunk_exec_x86, analyze_driver_dll)"
  exit 0
fi

phase "ctest mixed bitness (x86 programs + dokan.dll, x64 drivers, WoW64 prefix)"
scripts/wine-env.sh teardown
t=$SECONDS
DOKAN_KEEPALIVE_ROUNDS=${DOKAN_KEEPALIVE_ROUNDS:-2} \
  ctest --test-dir build/x86 --output-on-failure --no-tests=error -R "$mixed_tests"
scripts/wine-env.sh teardown
echo "test.sh: mixed bitness took $((SECONDS - t)) s"

phase "ctest all 32-bit (WINEARCH=win32 prefix, x86 drivers)"
t=$SECONDS
WINEARCH=win32 ctest --test-dir build/x86 --output-on-failure --no-tests=error -R "$win32_tests"
echo "test.sh: all 32-bit took $((SECONDS - t)) s"
