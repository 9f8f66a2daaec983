#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# ddk_include.sh <toolchain file> <scratch dir>: cmake/DokanDriver.cmake finds the DDK
# headers through the toolchain (a driver including <ntifs.h> configures and builds), and
# a DOKAN_DDK_INCLUDE_DIR without them stops the configure step with a message naming it.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
toolchain=$(realpath "$1") work=$2

rm -rf "$work"
mkdir -p "$work/empty"
rc=0
cmake -S "$here/probe" -B "$work/found" -G Ninja --toolchain "$toolchain" >"$work/found.log" 2>&1 &&
  cmake --build "$work/found" >>"$work/found.log" 2>&1 || rc=$?
ddk=$(sed -n 's/^DOKAN_DDK_INCLUDE_DIR:[A-Z]*=//p' "$work/found/CMakeCache.txt" 2>/dev/null || true)
check "the probe driver configures and builds (rc $rc)" '[ $rc = 0 ] && [ -f "$work/found/probe.sys" ]'
check "DOKAN_DDK_INCLUDE_DIR was found with ntifs.h in it ($ddk)" '[ -f "$ddk/ntifs.h" ]'
[ $rc = 0 ] || tail -n 20 "$work/found.log"

rc=0
cmake -S "$here/probe" -B "$work/missing" -G Ninja --toolchain "$toolchain" \
  -DDOKAN_DDK_INCLUDE_DIR="$work/empty" >"$work/missing.log" 2>&1 || rc=$?
check "a DOKAN_DDK_INCLUDE_DIR without ntifs.h fails the configure step (rc $rc)" '[ $rc != 0 ]'
check "the error names DOKAN_DDK_INCLUDE_DIR" 'grep -q "DOKAN_DDK_INCLUDE_DIR is $work/empty, which holds no ntifs.h" <(tr -s "\n " " " <"$work/missing.log")'
echo "ddk_include: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
