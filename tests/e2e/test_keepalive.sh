#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Keep-alive (mirror always sets DOKAN_OPTION_KEEP_ALIVE): after `kill -9` of the file
# system's Wine process the driver unmounts by itself within the keep-alive timeout
# (15 s) plus one check interval, tells the mounter, which removes the drive letter,
# and the driver can mount the same letter again. Prints the measured time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
env_sh=$here/../../scripts/wine-env.sh
: "${DOKAN_BUILD_DIR:?set by ctest}"
letter=K
limit=${DOKAN_KEEPALIVE_LIMIT:-17}   # keep-alive timeout 15 s + housekeeping period 1 s + slack

"$env_sh" setup
work=$(mktemp -d "$DOKAN_BUILD_DIR/e2e-keepalive.XXXXXX")
trap 'rm -rf "$work"' EXIT
printf 'alive\n' >"$work/a.txt"
winpath=$("$env_sh" winpath "$work")
check=$DOKAN_BUILD_DIR/bin/e2e_check.exe

pid=$("$env_sh" mount "$work" "$letter")
"$env_sh" run "$check" check "$letter" "$winpath" >/dev/null
kill -9 "$pid"
start=$(date +%s%N)
gone=0
while [ $(( ($(date +%s%N) - start) / 1000000000 )) -lt $((limit + 10)) ]; do
  if "$env_sh" run "$check" gone "$letter" >/dev/null 2>&1; then gone=1; break; fi
  sleep 0.5
done
ms=$(( ($(date +%s%N) - start) / 1000000 ))
status=0
if [ "$gone" = 1 ] && [ "$ms" -le $((limit * 1000)) ]; then
  echo "ok: $letter: removed ${ms} ms after kill -9 (limit ${limit} s)"
else
  echo "FAIL $letter: still there ${ms} ms after kill -9 (gone=$gone, limit ${limit} s)"; status=1
fi
"$env_sh" run "$check" gone "$letter" || status=1

pid=$("$env_sh" mount "$work" "$letter") || { echo "FAIL cannot mount $letter: again"; exit 1; }
"$env_sh" run "$check" check "$letter" "$winpath" || status=1
"$env_sh" run dokanctl.exe /u "$letter" || status=1
"$env_sh" wait-exit "$pid" 30 || status=1
echo "keepalive: $([ $status = 0 ] && echo '1 passed, 0 failed' || echo '0 passed, 1 failed')"
exit $status
