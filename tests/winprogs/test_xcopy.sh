#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Copying a generated tree (nested and empty folders, empty files, files up to 8 MiB,
# read-only and hidden files) from Wine's own file system onto a Dokan drive (F:) with
# `xcopy /e /k /h` and back again, through `wine-env.sh app`; both copies compared byte
# for byte on the Linux side (diff -r, cmp) and on the Windows side (cmptree.vbs under
# cscript), attributes included; then a text search over the tree on F:.
# Wine 8.0 tools that are stubs are probed first on Wine's own file system, and the test
# says why it does not use them: robocopy (copies nothing, exit 16), fc (reports any two
# files equal), findstr (finds nothing). Where a probe finds the tool working (another
# Wine), the test uses it on F: too.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
test_name=winprogs_xcopy
# shellcheck source=tests/winprogs/lib.sh
. "$here/lib.sh"
tl_need_build
skip_unless_runnable
letter=F
L="$letter:"

tl_wine_setup
work=$(mktemp -d "$DOKAN_BUILD_DIR/winprogs-xcopy.XXXXXX")
src=$work/src      # on Wine's own file system
vol=$work/vol      # the folder F: shows
out=$work/out
cleanup() { detach "$letter" >/dev/null 2>&1 || true; chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; }
tl_at_exit cleanup
mkdir -p "$src" "$vol" "$out"
winwork=$("$env_sh" winpath "$work")
S="$winwork\\src"

make_tree() {
  mkdir -p "$src/a/b/c/d" "$src/with space/inner" "$src/empty/emptier" "$src/hidden dir"
  head -c $((8 * 1024 * 1024)) /dev/urandom >"$src/big8m.bin"
  head -c $((1024 * 1024 + 3)) /dev/urandom >"$src/a/mid.bin"
  head -c 65537 /dev/urandom >"$src/a/b/c/d/deep.bin"
  : >"$src/zero.txt"
  : >"$src/a/b/zero2.bin"
  printf 'needle in the root\r\nno match\r\nneedle again\r\n' >"$src/text1.txt"
  printf 'nothing here\r\n' >"$src/a/text2.txt"
  printf 'a needle deep down\r\n' >"$src/a/b/c/text3.txt"
  printf 'spaced needle\r\n' >"$src/with space/inner/text 4.txt"
  printf 'read-only\r\n' >"$src/readonly.txt"
  printf 'hidden\r\n' >"$src/hidden.txt"
  printf 'inside a hidden folder\r\n' >"$src/hidden dir/file.txt"
}
make_tree
files=$(find "$src" -type f | wc -l)
folders=$(find "$src" -type d | wc -l)
chmod a-w "$src/readonly.txt"   # Wine shows a file without write permission as read-only

# run <name> <program> [args...]: output (stdout and stderr) in $out/<name>; exit code in
# $rc, seconds taken in $took.
run() {
  local name=$1 t0=$SECONDS
  shift
  rc=0
  app "$@" >"$out/$name.raw" 2>&1 </dev/null || rc=$?
  winout "$out/$name.raw" >"$out/$name"
  took=$((SECONDS - t0))
  return 0
}

run attrib_h attrib +h "$S\\hidden.txt"
run attrib_hd attrib +h "$S\\hidden dir"
run attrib_check attrib "$S\\hidden.txt"
grep -qE '^[^\\]*H' "$out/attrib_check" || { printed attrib_check; echo "setup: hidden.txt is not hidden"; exit 1; }

# ---- probes of Wine's tools on Wine's own file system ----------------------------------
# Each prints what it did; WINEDEBUG=fixme+all shows Wine's own "stub" message.
probe_robocopy() {
  mkdir -p "$work/probe"
  WINEDEBUG=fixme+all run robocopy robocopy "$S" "$winwork\\probe\\mir" /MIR
  if [ -f "$work/probe/mir/text1.txt" ]; then robocopy_works=1; return; fi
  robocopy_works=0
  echo "NOT AVAILABLE: robocopy /MIR on Wine's own drive copied nothing (exit $rc):" \
    "$(grep -m1 -i robocopy "$out/robocopy" || echo 'no message')"
}

probe_fc() {
  WINEDEBUG=fixme+all run fc fc /b "$S\\text1.txt" "$S\\a\\text2.txt"
  if [ "$rc" -ne 0 ] || grep -qi 'differ\|[0-9A-F]\{8\}:' "$out/fc"; then fc_works=1; return; fi
  fc_works=0
  echo "NOT AVAILABLE: fc /b of two different files on Wine's own drive exits 0 and reports" \
    "no difference: $(grep -m1 -i 'fc' "$out/fc" || echo 'no message')"
}

probe_findstr() {
  WINEDEBUG=fixme+all run findstr findstr /s /m needle "$S\\*.txt"
  if grep -qi 'text1\.txt' "$out/findstr"; then findstr_works=1; return; fi
  findstr_works=0
  echo "NOT AVAILABLE: findstr /s /m needle finds nothing on Wine's own drive (exit $rc):" \
    "$(grep -m1 -i findstr "$out/findstr" || echo 'no message')"
}

probe_robocopy
probe_fc
probe_findstr

attach "$vol" "$letter"

# ---- onto F: ---------------------------------------------------------------------------
# linux_same <what> <a> <b>: names, types and bytes (diff -r), the biggest file by cmp, and
# the read-only attribute (Wine keeps it as the missing write permission).
linux_same() {
  local what=$1 a=$2 b=$3
  if diff -r "$a" "$b" >"$out/diff.txt" 2>&1; then ok "$what: diff -r finds the trees identical"
  else fail "$what: diff -r:"; head -n 20 "$out/diff.txt"; fi
  check "$what: cmp of the 8 MiB file" cmp -s "$a/big8m.bin" "$b/big8m.bin"
  check "$what: the empty folders are there" test -d "$b/empty/emptier"
  check "$what: the empty files are empty" test -f "$b/zero.txt" -a ! -s "$b/zero.txt" -a -f "$b/a/b/zero2.bin"
  check "$what: readonly.txt is read-only (no write permission)" test "$(stat -c %A "$b/readonly.txt" | cut -c3)" = -
}

# windows_same <what> <A> <B>: cmptree.vbs (and fc /b on the big file where fc works).
windows_same() {
  local what=$1 a=$2 b=$3
  run cmptree cscript //nologo "$winwork\\cmptree.vbs" "$a" "$b"
  if [ "$rc" -eq 0 ] && grep -q "^same: $files files, $folders folders\$" "$out/cmptree"; then
    ok "$what: cmptree.vbs (cscript) finds them identical, attributes too ($(cat "$out/cmptree"), $took s)"
  else fail "$what: cmptree.vbs"; printed cmptree; fi
  [ "$fc_works" = 1 ] || return 0
  run fc_big fc /b "$a\\big8m.bin" "$b\\big8m.bin"
  check "$what: fc /b big8m.bin" [ "$rc" -eq 0 ]
}

cp "$here/cmptree.vbs" "$work/cmptree.vbs"
run xcopy_to xcopy "$S" "$L\\tree" /e /k /h /i /y
check_show xcopy_to "xcopy /e /k /h onto $L exits 0 ($took s)" [ "$rc" -eq 0 ]
check_show xcopy_to "xcopy reports $files files copied" grep -qix "$files File(s) copied" "$out/xcopy_to"
linux_same "onto $L" "$src" "$vol/tree"
windows_same "onto $L" "$S" "$L\\tree"
run attrib_copy attrib "$L\\tree\\hidden.txt"
check_show attrib_copy "attrib on $L shows the copy hidden" grep -qE "^[^\\\\]*H[^\\\\]*$L" "$out/attrib_copy"

run xcopy_back xcopy "$L\\tree" "$winwork\\back" /e /k /h /i /y
check_show xcopy_back "xcopy /e /k /h back from $L exits 0 ($took s)" [ "$rc" -eq 0 ]
linux_same "back from $L" "$src" "$work/back"
windows_same "back from $L" "$S" "$winwork\\back"

if [ "$robocopy_works" = 1 ]; then
  run robocopy_to robocopy "$S" "$L\\mirror" /MIR
  check "robocopy /MIR onto $L exits below 8 (exit $rc)" [ "$rc" -lt 8 ]
  linux_same "robocopy onto $L" "$src" "$vol/mirror"
fi

# ---- searching the tree on F: ----------------------------------------------------------
# findstr where it works; otherwise find.exe (real in Wine 8.0, but without /c: measured
# "FIND: Invalid switch") over cmd's for /r, from a batch file (Wine would escape the
# quotes of a command given as an argument). find prints "---------- <PATH IN CAPITALS>"
# per file, then the matching lines. Names compare in lower case.
lower_sorted() { tr '[:upper:]' '[:lower:]' | LC_ALL=C sort -u; }
expected_hits=$(cd "$vol/tree" && grep -rl needle . | sed 's|^\./||; s|/|\\|g' | lower_sorted)
if [ "$findstr_works" = 1 ]; then
  run findstr_f findstr /s /m needle "$L\\tree\\*.txt"
  hits=$(sed -n "s|^$L\\\\tree\\\\||ip" "$out/findstr_f" | lower_sorted)
else
  printf '@for /r %%1 %%%%f in (*.txt) do @find "needle" "%%%%f"\r\n' >"$work/search.cmd"
  run find_r cmd /c "$winwork\\search.cmd" "$L\\tree"
  hits=$(awk '/^---------- / { name = substr($0, 12); next } NF && name != "" { print name }' "$out/find_r" |
    sed "s|^$L\\\\TREE\\\\||i" | lower_sorted)
fi
if [ -n "$hits" ] && [ "$hits" = "$expected_hits" ]; then
  ok "text search over $L\\tree finds the files grep finds: $(tr '\n' ' ' <<<"$hits")"
else
  fail "text search: expected [$(tr '\n' '|' <<<"$expected_hits")] got [$(tr '\n' '|' <<<"$hits")]"
  printed "$( [ "$findstr_works" = 1 ] && echo findstr_f || echo find_r)"
fi

detach "$letter"
finish
