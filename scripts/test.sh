#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# test.sh [ctest arguments...]: what CI runs. Installs missing packages, builds the x64 and
# x86 presets, runs the x64 tests under Wine (ctest calls scripts/wine-env.sh), and always
# tears the Wine environment down at the end.
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
  echo "test.sh: $( [ "$rc" -eq 0 ] && echo PASSED || echo "FAILED (exit $rc)" )," \
    "total $((SECONDS - start)) s"
  exit "$rc"
}
trap finish EXIT

phase "packages"
ensure_packages

for preset in x64 x86; do
  phase "configure + build $preset"
  cmake --preset "$preset"
  cmake --build --preset "$preset"
done

# A Wine environment left over from an earlier run must not leak into this one.
phase "reset Wine"
scripts/wine-env.sh teardown

phase "ctest x86 (binary shapes only)"
ctest --test-dir build/x86 --output-on-failure --no-tests=error -R '^binaries_'

phase "ctest x64"
ctest --preset x64 --no-tests=error "$@"
# The x86 build has no runtime tests: they would need 32-bit Wine, which
# scripts/lib-packages.sh does not install (see there).
