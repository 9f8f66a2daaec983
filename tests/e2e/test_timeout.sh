#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Request timeouts through the real stack with slowfs.exe: a create and a read whose
# callbacks sleep past the driver's 15 s request timeout fail with STATUS_IO_TIMEOUT
# while other requests proceed; the create's late success is handed back by the driver
# and cleaned up and closed, so slowfs ends with every open closed (its exit code).
# shellcheck disable=SC2034 # some variables are read only inside check's quoted conditions
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
letter=T
delay_ms=17000
logs=$(tl_tempdir e2e-timeout)

tl_wine_setup
pid=$("$env_sh" serve "$letter" "$DOKAN_BUILD_DIR/bin/slowfs.exe" "$letter" "$delay_ms")

start=$SECONDS
"$env_sh" run dokanio.exe stat "$letter:\\slow-create.txt" >"$logs/create.out" 2>&1 &
slow_create=$!
"$env_sh" run dokanio.exe type "$letter:\\slow-read.txt" >"$logs/read.out" 2>&1 &
slow_read=$!
sleep 2
fast_start=$SECONDS
check "a fast read proceeds while two requests hang" \
  '[ "$("$env_sh" run dokanio.exe type "$letter:\\fast.txt")" = data ] && [ $((SECONDS - fast_start)) -lt 10 ]'
rc=0; wait "$slow_create" || rc=$?
check "the slow create fails with STATUS_IO_TIMEOUT (rc $rc: $(tr -d '\r' <"$logs/create.out"))" \
  '[ $rc -ne 0 ] && grep -q "0xC00000B5" "$logs/create.out"'
rc=0; wait "$slow_read" || rc=$?
check "the slow read fails with STATUS_IO_TIMEOUT (rc $rc: $(tr -d '\r' <"$logs/read.out"))" \
  '[ $rc -ne 0 ] && grep -q "0xC00000B5" "$logs/read.out"'
elapsed=$((SECONDS - start))
check "the timeouts came after about 15 s (took $elapsed s)" '[ $elapsed -ge 14 ] && [ $elapsed -le 30 ]'
sleep $(( delay_ms / 1000 - elapsed + 3 > 0 ? delay_ms / 1000 - elapsed + 3 : 1 ))   # let the late replies arrive
"$env_sh" run dokanctl.exe /u "$letter" >/dev/null
check "slowfs exits after the unmount" '"$env_sh" wait-exit "$pid" 30'
rc=$("$env_sh" mirror-exit-code "$letter" || echo missing)
check "every open slowfs made was cleaned up and closed, Unmount called once (exit $rc; $(tr -d '\r' <"$DOKAN_BUILD_DIR/wine-logs/mirror-$letter.log" | grep slowfs: || true))" '[ "$rc" = 0 ]'
echo "timeout: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
