#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# A volume nobody serves any more goes away, and no drive letter is left pointing at it:
# - a file system killed without DOKAN_OPTION_KEEP_ALIVE: its owner has no channel left,
#   so the driver tears the volume down after the request timeout (15 s) and tells the
#   mounter, which removes the letter (0.6.0 kept both until someone unmounted them);
# - a forced unmount through the control device by another (administrator) process: the
#   mounter is told too, the letter goes and can be mounted again.
# shellcheck disable=SC2034 # some variables are read only inside check's quoted conditions
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
letter=O
check_exe=$DOKAN_BUILD_DIR/bin/e2e_check.exe
protocol_exe=$DOKAN_BUILD_DIR/bin/test_protocol.exe

# listed <letter>: whether dokanctl /m lists the letter ("<index>: <letter> <device>")
listed() { "$env_sh" run dokanctl.exe /m 2>&1 | tr -d '\r' | grep -qE "^[0-9]+: $1 "; }

# wait_gone <letter> <seconds>: until the letter is neither listed nor defined
wait_gone() {
  local end=$((SECONDS + $2))
  while [ $SECONDS -lt $end ]; do
    if ! listed "$1" && "$env_sh" run "$check_exe" gone "$1" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  return 1
}

tl_wine_setup

# 1. killed without keep-alive
pid=$("$env_sh" serve "$letter" "$DOKAN_BUILD_DIR/bin/slowfs.exe" "$letter" 1000)
check "the mounter lists $letter: while slowfs serves it" 'listed "$letter"'
kill -9 "$pid"
start=$SECONDS
wait_gone "$letter" 30 && gone=1 || gone=0
took=$((SECONDS - start))
echo "orphan: kill -9 -> letter removed in $took s"
check "the letter is removed after the owner is gone (took $took s; limit 15 s timeout + 1 s check + slack)" \
  '[ $gone = 1 ] && [ $took -le 22 ]'
check "not before the request timeout (took $took s)" '[ $took -ge 10 ]'
pid=$("$env_sh" serve "$letter" "$DOKAN_BUILD_DIR/bin/slowfs.exe" "$letter" 1000)
check "the letter can be mounted again" '[ "$("$env_sh" run dokanio.exe type "$letter:\\fast.txt")" = data ]'

# 2. forced away by another process
rc=0; "$env_sh" run "$protocol_exe" --force-unmount "$letter" || rc=$?
check "a foreign administrator's forced unmount is accepted (rc $rc)" '[ $rc = 0 ]'
wait_gone "$letter" 10 && gone=1 || gone=0
check "the mounter removed the letter of the forced-away volume" '[ $gone = 1 ]'
check "slowfs ends once its volume is gone" '"$env_sh" wait-exit "$pid" 30'
pid=$("$env_sh" serve "$letter" "$DOKAN_BUILD_DIR/bin/slowfs.exe" "$letter" 1000)
check "the letter can be mounted again after the forced unmount" \
  '[ "$("$env_sh" run dokanio.exe type "$letter:\\fast.txt")" = data ]'
"$env_sh" run dokanctl.exe /u "$letter" >/dev/null
check "slowfs exits cleanly after dokanctl /u" '"$env_sh" wait-exit "$pid" 30 && [ "$("$env_sh" mirror-exit-code "$letter")" = 0 ]'
echo "orphan: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
