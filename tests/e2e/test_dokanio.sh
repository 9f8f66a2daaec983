#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# dokanio's commands that change a volume, through the real stack (iohost.sys -> dokan.sys
# -> dokan.dll -> mirror.exe): put/type round trip of a binary file over 1 MB, put from
# stdin, mkdir, mv (full path and bare name), attrib, rm, rmdir, usage errors, and watch
# printing an ADDED line while a put happens. Each check is compared with the mirrored
# host folder. A request the driver does not support yet fails its check (dokanio prints
# the NTSTATUS, e.g. 0xC0000002 STATUS_NOT_IMPLEMENTED); nothing is skipped.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
letter=I
L="$letter:"

tl_wine_setup

work=$(tl_tempdir e2e-dokanio)   # mirrored as I:
host=$(tl_tempdir e2e-dokanio-host)
head -c 1500007 /dev/urandom >"$host/blob.bin"   # 23 writes of 64 KiB and an odd tail
printf 'keep\n' >"$work/keep.txt"


# dokanio <expected exit code> <what> <args...>: runs dokanio.exe, output in $host/out.
dokanio() {
  local want=$1 what=$2 rc=0
  shift 2
  "$env_sh" run dokanio.exe "$@" >"$host/out" 2>"$host/err" </dev/null || rc=$?
  tr -d '\r' <"$host/err" >"$host/err.txt"
  if [ "$rc" -ne "$want" ]; then
    fail "$what: dokanio $* exited with $rc (expected $want): $(cat "$host/err.txt")"
    grep -qiE '0xC0000002|0xC0000010' "$host/err.txt" &&
      echo "     (the driver or DLL does not implement this request yet)"
    return 1
  fi
  return 0
}

pid=$("$env_sh" mount "$work" "$letter")
winhost=$("$env_sh" winpath "$host")

# watch the root while a put creates a file there
"$env_sh" run dokanio.exe watch "$L\\" 12 >"$host/watch.out" 2>"$host/watch.err" </dev/null &
watch_pid=$!
for _ in $(seq 100); do
  grep -q 'watching' "$host/watch.err" 2>/dev/null && break
  kill -0 "$watch_pid" 2>/dev/null || break
  sleep 0.1
done
grep -q 'watching' "$host/watch.err" 2>/dev/null ||
  fail "watch did not start: $(tr -d '\r' <"$host/watch.err")"

if dokanio 0 "put of a 1.5 MB binary file" put "$winhost\\blob.bin" "$L\\blob.bin"; then
  if cmp -s "$host/blob.bin" "$work/blob.bin"; then ok "put: the mirrored file is identical"
  else fail "put: $work/blob.bin differs from the source"; fi
fi
if dokanio 0 "type of the put file" type "$L\\blob.bin"; then
  if cmp -s "$host/blob.bin" "$host/out"; then ok "type returns the bytes put (1500007)"
  else fail "type: $(stat -c %s "$host/out") bytes differ from the source"; fi
fi

wait "$watch_pid" || fail "watch exited with $?: $(tr -d '\r' <"$host/watch.err")"
tr -d '\r' <"$host/watch.out" >"$host/watch.txt"
if grep -qx 'ADDED blob.bin' "$host/watch.txt"; then ok "watch printed ADDED blob.bin"
else fail "watch did not print 'ADDED blob.bin'; it printed: $(tr '\n' '|' <"$host/watch.txt")"; fi

# put from stdin (through wine-env.sh run, which passes stdin on)
rc=0
printf 'from stdin\n' | "$env_sh" run dokanio.exe put - "$L\\small.txt" >/dev/null 2>"$host/err" || rc=$?
if [ "$rc" -ne 0 ]; then fail "put from stdin exited with $rc: $(tr -d '\r' <"$host/err")"
elif [ "$(cat "$work/small.txt" 2>/dev/null)" = 'from stdin' ]; then ok "put from stdin"
else fail "put from stdin: small.txt holds '$(cat "$work/small.txt" 2>/dev/null)'"; fi

if dokanio 0 "mkdir" mkdir "$L\\newdir"; then
  [ -d "$work/newdir" ] && ok "mkdir made newdir" || fail "mkdir: no $work/newdir"
fi
dokanio 1 "mkdir of an existing directory" mkdir "$L\\newdir" &&
  { grep -q 0xC0000035 "$host/err.txt" && ok "mkdir again: STATUS_OBJECT_NAME_COLLISION" ||
    fail "mkdir again: $(cat "$host/err.txt")"; }

if dokanio 0 "mv to a full path" mv "$L\\small.txt" "$L\\newdir\\moved.txt"; then
  if [ -f "$work/newdir/moved.txt" ] && [ ! -e "$work/small.txt" ]; then ok "mv to a full path"
  else fail "mv: small.txt was not moved to newdir\\moved.txt"; fi
fi
if dokanio 0 "mv to a bare name" mv "$L\\newdir\\moved.txt" renamed.txt; then
  if [ -f "$work/newdir/renamed.txt" ] && [ ! -e "$work/newdir/moved.txt" ]; then ok "mv to a bare name"
  else fail "mv: moved.txt was not renamed to renamed.txt"; fi
fi
dokanio 1 "mv onto an existing file" mv "$L\\keep.txt" "$L\\blob.bin" &&
  { [ -f "$work/keep.txt" ] && ok "mv does not replace an existing file" ||
    fail "mv onto an existing file removed keep.txt"; }

# attrib: read, set and clear the read-only attribute
if dokanio 0 "attrib" attrib "$L\\keep.txt"; then
  tr -d '\r' <"$host/out" | grep -qE '^0x[0-9A-F]{8} [A-Z]*$' && ok "attrib prints $(tr -d '\r' <"$host/out")" ||
    fail "attrib printed '$(cat "$host/out")'"
fi
if dokanio 0 "attrib +r" attrib "$L\\keep.txt" +r && dokanio 0 "attrib after +r" attrib "$L\\keep.txt"; then
  tr -d '\r' <"$host/out" | grep -qE '^0x[0-9A-F]{8} [A-Z]*R' && ok "attrib +r: $(tr -d '\r' <"$host/out")" ||
    fail "attrib +r: the file shows '$(cat "$host/out")'"
fi
if dokanio 0 "attrib -r" attrib "$L\\keep.txt" -r && dokanio 0 "attrib after -r" attrib "$L\\keep.txt"; then
  tr -d '\r' <"$host/out" | grep -qE '^0x[0-9A-F]{8} [A-QS-Z]*$' && ok "attrib -r: $(tr -d '\r' <"$host/out")" ||
    fail "attrib -r: the file shows '$(cat "$host/out")'"
fi

if dokanio 0 "rm" rm "$L\\blob.bin"; then
  [ ! -e "$work/blob.bin" ] && ok "rm deleted blob.bin" || fail "rm: $work/blob.bin still exists"
fi
dokanio 1 "rm of a missing file" rm "$L\\blob.bin" &&
  { grep -q 0xC0000034 "$host/err.txt" && ok "rm again: STATUS_OBJECT_NAME_NOT_FOUND" ||
    fail "rm again: $(cat "$host/err.txt")"; }
dokanio 1 "rmdir of a non-empty directory" rmdir "$L\\newdir" &&
  { [ -d "$work/newdir" ] && ok "rmdir refuses a non-empty directory: $(cat "$host/err.txt")" ||
    fail "rmdir removed a non-empty directory"; }
if dokanio 0 "rm in a directory" rm "$L\\newdir\\renamed.txt" && dokanio 0 "rmdir" rmdir "$L\\newdir"; then
  [ ! -e "$work/newdir" ] && ok "rmdir deleted newdir" || fail "rmdir: $work/newdir still exists"
fi

dokanio 2 "usage: no operand" rm && ok "usage errors exit 2"
dokanio 2 "usage: bad attrib flag" attrib "$L\\keep.txt" +q || true
dokanio 2 "usage: bad seconds" watch "$L\\" soon || true

"$env_sh" run dokanctl.exe /u "$letter" || fail "dokanctl /u $letter (exit $?)"
"$env_sh" wait-exit "$pid" 30 || fail "mirror.exe did not exit after unmount"
exit $status
