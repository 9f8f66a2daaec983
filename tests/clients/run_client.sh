#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# run_client.sh <program> <letter>: runs a client-shaped test file system (client_*.c) on
# <letter>: through the real stack, reads its tree through iohost (listing, a small file, a
# 220,000-byte file, a slow read, a sub-folder, the volume label), then tells it to unmount
# itself (`<program> stop`: the client calls DokanUnmount or DokanRemoveMountPoint) and
# checks that it exits with 0 (DokanMain returned DOKAN_SUCCESS and every check inside the
# client passed) and that the letter is gone.
# shellcheck disable=SC2034 # some variables are read only inside check's quoted conditions
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
prog=${1:?usage: run_client.sh <program> <letter>}
letter=${2:?usage: run_client.sh <program> <letter>}
exe=$DOKAN_BUILD_DIR/bin/$prog.exe
work=$(tl_tempdir "$prog")

tl_wine_setup
run() { "$env_sh" run dokanio.exe "$@" 2>&1 | tr -d '\r'; }

pid=$("$env_sh" serve "$letter" "$exe" serve)

for i in $(seq 0 19999); do printf '%05d abcd\n' "$i"; done >"$work/big.expected"
listing() { run dir "$1" | grep -vxE '\.\.?' | sort | tr '\n' ' '; }
check "listing of $letter:\\" '[ "$(listing "$letter:\\")" = "big.bin hello.txt slow.txt sub " ]'
check "listing of $letter:\\sub" '[ "$(listing "$letter:\\sub")" = "inner.txt " ]'
check "hello.txt" '[ "$(run type "$letter:\\hello.txt")" = "hello from a 0.6.0-shaped client" ]'
check "sub\\inner.txt" '[ "$(run type "$letter:\\sub\\inner.txt")" = "inner" ]'
"$env_sh" run dokanio.exe type "$letter:\\big.bin" >"$work/big.out" 2>"$work/big.err" || true
check "big.bin (220,000 bytes) read back" 'cmp -s "$work/big.out" "$work/big.expected"'
check "slow.txt (a callback extending its own deadline)" '[ "$(run type "$letter:\\slow.txt")" = "slow but complete" ]'
check "size of big.bin" 'run stat "$letter:\\big.bin" | grep -qx "size: 220000"'
run vol "$letter:" >"$work/vol.out" || true
check "volume label" 'grep -qE "^label: (pyfs|DokanNet)$" "$work/vol.out"'

check "$prog stop" '"$env_sh" run "$exe" stop'
check "$prog exits after unmounting itself" '"$env_sh" wait-exit "$pid" 30'
rc=$("$env_sh" mirror-exit-code "$letter" || echo missing)
check "$prog exit code $rc (0: DokanMain succeeded, every check inside passed)" '[ "$rc" = 0 ]'
[ "$rc" = 0 ] || tr -d '\r' <"$DOKAN_BUILD_DIR/wine-logs/mirror-$letter.log" | tail -n 20
check "$letter: is gone" '"$env_sh" run "$DOKAN_BUILD_DIR/bin/e2e_check.exe" gone "$letter" >/dev/null'
echo "$prog: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
