#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# A Win32 program under the shim (test_winshim.exe api: file pointer, last error, bad
# pointers, overlapped I/O with a completion port, locks, names, rename, duplicate,
# delete, a directory watch, other drives untouched), checked again on the mirrored folder;
# the shim refusing an unknown stub layout (test_winshim.exe refuse, not under the shim);
# attach mode (test_winshim.exe attach); the launcher refusing to run a program when it
# cannot load the shim.
# shellcheck disable=SC2012 # ls only lists a folder into a failure message
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
# shellcheck source=tests/winshim/winshim_lib.sh
. "$here/winshim_lib.sh"
letter=J

winshim_skip_if_no_x86
arch=$(winshim_arch)
tl_wine_setup
work=$(tl_tempdir e2e-winshim-api)
out=$(tl_tempdir e2e-winshim-apiout)
pid=$("$env_sh" mount "$work" "$letter")
program=$DOKAN_BUILD_DIR/bin/test_winshim.exe

t0=$SECONDS
rc=0
"$env_sh" app "$program" api "$letter" >"$out/api" 2>&1 </dev/null || rc=$?
tr -d '\r' <"$out/api" | sed 's/^/     /'
[ "$rc" -eq 0 ] && ok "test_winshim api on $letter: ($((SECONDS - t0)) s)" || fail "test_winshim api exited with $rc"
[ "$(stat -c %s "$work/ov.bin" 2>/dev/null)" = 8192 ] && [ "$(tail -c 4096 "$work/ov.bin" | tr -d q | wc -c)" = 0 ] &&
  ok "the overlapped write is in the mirrored ov.bin" || fail "ov.bin: $(ls -l "$work" | tr '\n' ' ')"
[ ! -e "$work/api.txt" ] && [ ! -e "$work/moved.txt" ] && [ ! -e "$work/watched.txt" ] &&
  ok "renamed and deleted files are gone from the mirrored folder" || fail "left: $(ls "$work" | tr '\n' ' ')"

# The shim refuses an ntdll whose stub it does not know, and patches nothing.
rc=0
"$env_sh" exec "$program" refuse "C:\\dokan\\shim\\$arch\\dokanshim.dll" >"$out/refuse" 2>&1 </dev/null || rc=$?
if [ "$rc" -eq 0 ] && grep -q 'dokanshim: refusing to run the program: .*NtUnlockFile' "$out/refuse"; then
  ok "the shim refuses an unknown stub layout and says so: $(grep -o 'dokanshim: refusing[^(]*' "$out/refuse")"
else
  fail "refuse: exit $rc: $(tr -d '\r' <"$out/refuse" | tr '\n' '|')"
fi

# Attach mode (what a shim of the other architecture asks for): a suspended cmd started by
# a program without the shim gets it from "dokanrun --attach <pid>" and writes to the drive.
rc=0
"$env_sh" exec "$program" attach "C:\\dokan\\shim\\$arch\\dokanrun.exe" "$letter" >"$out/attach" 2>&1 </dev/null || rc=$?
if [ "$rc" -eq 0 ] && [ "$(tr -d '\r\n' <"$work/attach.txt" 2>/dev/null)" = attached ]; then
  ok "dokanrun --attach loads the shim into a suspended process"
else
  fail "attach: exit $rc, $(tr -d '\r' <"$out/attach" | tr '\n' '|'), attach.txt: '$(cat "$work/attach.txt" 2>&1)'"
fi

# A launcher that cannot load its shim never runs the program.
mkdir "$out/lonely"
cp "$DOKAN_BUILD_DIR/bin/dokanrun.exe" "$out/lonely/"
rc=0
"$env_sh" exec "$out/lonely/dokanrun.exe" cmd /c "echo ran> $letter:\\ran.txt" >"$out/lonely.log" 2>&1 </dev/null || rc=$?
if [ "$rc" -eq 125 ] && [ ! -e "$work/ran.txt" ] && grep -q 'cannot load dokanshim.dll' "$out/lonely.log"; then
  ok "without its shim dokanrun exits 125 and the program does not run"
else
  fail "dokanrun without a shim: exit $rc, $(tr -d '\r' <"$out/lonely.log" | tr '\n' '|'), ran.txt: $([ -e "$work/ran.txt" ] && echo yes || echo no)"
fi

"$env_sh" run dokanctl.exe /u "$letter" || fail "dokanctl /u $letter"
"$env_sh" wait-exit "$pid" 30 || fail "mirror.exe did not exit after unmount"
winshim_done
