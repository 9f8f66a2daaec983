#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Crash recovery with DOKAN_OPTION_KEEP_ALIVE, `rounds` times in a row (default 10):
# slowfs serves K: with a read hanging in its callback; `kill -9` of its Wine process
# must make the pending read fail (not hang), remove K: within the keep-alive timeout
# (15 s) plus one check interval, and leave the driver able to mount K: again. At the
# end mirror.exe mounts K: and the volume is checked. Prints the measured times.
# shellcheck disable=SC2034 # some variables are read only inside check's quoted conditions
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
letter=K
rounds=${DOKAN_KEEPALIVE_ROUNDS:-10}
limit=${DOKAN_KEEPALIVE_LIMIT:-17}   # keep-alive timeout 15 s + housekeeping period 1 s + slack
check=$DOKAN_BUILD_DIR/bin/e2e_check.exe
work=$(tl_tempdir e2e-keepalive)
printf 'alive\n' >"$work/a.txt"

tl_wine_setup
times=()
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

for round in $(seq 1 "$rounds"); do
  pid=$("$env_sh" serve "$letter" "$DOKAN_BUILD_DIR/bin/slowfs.exe" "$letter" 120000 keepalive)
  "$env_sh" run dokanio.exe type "$letter:\\slow-read.txt" >"$work/read.out" 2>&1 &
  reader=$!
  sleep 1
  kill -9 "$pid"
  start=$(date +%s%N)
  gone_ms=''
  while [ "$(ms_since "$start")" -lt $(( (limit + 10) * 1000 )) ]; do
    if "$env_sh" run "$check" gone "$letter" >/dev/null 2>&1; then gone_ms=$(ms_since "$start"); break; fi
    sleep 0.5
  done
  rc=0; wait "$reader" || rc=$?
  check "round $round: the in-flight read failed (rc $rc: $(tr -d '\r' <"$work/read.out" | head -n 1))" '[ $rc -ne 0 ]'
  check "round $round: $letter: removed within $limit s after kill -9 (${gone_ms:-never} ms)" \
    '[ -n "$gone_ms" ] && [ "$gone_ms" -le $((limit * 1000)) ]'
  times+=("${gone_ms:-never}")
done
echo "kill -9 to $letter: removed, ms per round: ${times[*]}"

winpath=$("$env_sh" winpath "$work")
pid=$("$env_sh" mount "$work" "$letter")
check "mirror mounts $letter: again and it works" '"$env_sh" run "$check" check "$letter" "$winpath" >/dev/null'
"$env_sh" run dokanctl.exe /u "$letter" >/dev/null
check "mirror exits after the unmount" '"$env_sh" wait-exit "$pid" 30'
echo "keepalive: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
