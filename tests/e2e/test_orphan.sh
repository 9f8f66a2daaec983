#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Without DOKAN_OPTION_KEEP_ALIVE a killed file system leaves its volume behind, as in
# 0.6.0: the letter stays and new requests fail with STATUS_IO_TIMEOUT after the request
# timeout. `dokanctl /u` then removes the letter and the volume (its owner is gone), and
# the letter can be mounted again.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
env_sh=$here/../../scripts/wine-env.sh
: "${DOKAN_BUILD_DIR:?set by ctest}"
letter=O
check_exe=$DOKAN_BUILD_DIR/bin/e2e_check.exe
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $1"; fi; }

"$env_sh" setup
pid=$("$env_sh" serve "$letter" "$DOKAN_BUILD_DIR/bin/slowfs.exe" "$letter" 1000)
kill -9 "$pid"
sleep 2
out=$("$env_sh" run dokanctl.exe /m 2>&1 || true)
check "the letter stays after the kill ($out)" '[[ $out == *"$letter"* ]]'
start=$SECONDS
rc=0; out=$("$env_sh" run dokanio.exe vol "$letter:" 2>&1) || rc=$?
check "a request to the dead volume fails with STATUS_IO_TIMEOUT after ~15 s (rc $rc, $((SECONDS - start)) s: ${out//$'\r'/})" \
  '[ $rc != 0 ] && [[ $out == *0xC00000B5* ]] && [ $((SECONDS - start)) -ge 13 ]'
rc=0; "$env_sh" run dokanctl.exe /u "$letter" || rc=$?
check "dokanctl /u removes it (rc $rc)" '[ $rc = 0 ]'
check "the letter and the volume are gone" '"$env_sh" run "$check_exe" gone "$letter" >/dev/null'
pid=$("$env_sh" serve "$letter" "$DOKAN_BUILD_DIR/bin/slowfs.exe" "$letter" 1000)
check "the letter can be mounted again" '[ "$("$env_sh" run dokanio.exe type "$letter:\\fast.txt")" = data ]'
"$env_sh" run dokanctl.exe /u "$letter" >/dev/null
check "slowfs exits cleanly after that unmount" '"$env_sh" wait-exit "$pid" 30 && [ "$("$env_sh" mirror-exit-code "$letter")" = 0 ]'
echo "orphan: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
