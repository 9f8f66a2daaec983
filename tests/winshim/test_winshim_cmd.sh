#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Wine's own cmd.exe on a mirrored Dokan drive through the shim (wine-env.sh app): dir,
# type, redirection (> and >>), copy, ren, move, del, md, rd /s /q, cd /d + dir, attrib +r,
# a child process writing through inherited redirected output, children of the other
# architecture (through an inherited handle and opening files themselves), xcopy, a working directory
# on the drive handed to the program and to its child, standard input and the exit code. Every result is checked on the
# Linux side of the mirrored folder (or in cmd's output).
# shellcheck disable=SC2012 # ls only lists a folder into a failure message
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
# shellcheck source=tests/winshim/winshim_lib.sh
. "$here/winshim_lib.sh"
letter=V
L="$letter:"

winshim_skip_if_no_x86
tl_wine_setup
work=$(tl_tempdir e2e-winshim-cmd)
out=$(tl_tempdir e2e-winshim-out)
mkdir "$work/sub"
printf 'hello\r\n' >"$work/f.txt"
printf 'inner\r\n' >"$work/sub/g.txt"
pid=$("$env_sh" mount "$work" "$letter")
cmd=$(winshim_cmd)

# app <what> <cmd /c text>: runs it through the shim; output in $out/stdout (CRs removed)
app() {
  local what=$1 rc=0 t0=$SECONDS
  shift
  "$env_sh" app "$cmd" /c "$@" >"$out/raw" 2>"$out/err" </dev/null || rc=$?
  tr -d '\r' <"$out/raw" >"$out/stdout"
  if [ "$rc" -ne 0 ]; then
    fail "$what: cmd /c $* exited with $rc: $(tr -d '\r' <"$out/err" | head -n 5)"
    return 1
  fi
  echo "     ($what: $((SECONDS - t0)) s)"
}

app "dir" "dir $L\\" && {
  grep -qE ' f\.txt$' "$out/stdout" && grep -qE '<DIR> +sub$' "$out/stdout" &&
    ok "dir $L\\ lists f.txt and sub" || fail "dir $L\\ printed: $(tr '\n' '|' <"$out/stdout")"; }
app "type" "type $L\\f.txt" && {
  [ "$(cat "$out/stdout")" = hello ] && ok "type prints the file" || fail "type printed '$(cat "$out/stdout")'"; }
app "echo >" "echo one> $L\\a.txt" && {
  [ "$(tr -d '\r' <"$work/a.txt")" = one ] && ok "echo > wrote a.txt" || fail "a.txt holds '$(cat "$work/a.txt" 2>&1)'"; }
app "echo >>" "echo two>> $L\\a.txt" && {
  [ "$(tr -d '\r' <"$work/a.txt" | tr '\n' ' ')" = "one two " ] && ok "echo >> appended to a.txt" ||
    fail "a.txt holds '$(tr '\r\n' '||' <"$work/a.txt")'"; }
app "copy" "copy $L\\a.txt $L\\b.txt" && {
  cmp -s "$work/a.txt" "$work/b.txt" && ok "copy made an identical b.txt" || fail "copy: b.txt differs or is missing"; }
app "ren" "ren $L\\b.txt c.txt" && {
  [ -f "$work/c.txt" ] && [ ! -e "$work/b.txt" ] && ok "ren b.txt c.txt" || fail "ren: $(ls "$work" | tr '\n' ' ')"; }
app "move" "move $L\\c.txt $L\\sub\\d.txt" && {
  [ -f "$work/sub/d.txt" ] && [ ! -e "$work/c.txt" ] && ok "move into sub" || fail "move: $(ls -R "$work" | tr '\n' ' ')"; }
app "del" "del $L\\a.txt" && {
  [ ! -e "$work/a.txt" ] && ok "del removed a.txt" || fail "del: a.txt is still there"; }
app "md" "md $L\\new\\deep" && {
  [ -d "$work/new/deep" ] && ok "md made new\\deep" || fail "md: no new/deep"; }
printf 'z\r\n' >"$work/new/deep/z.txt"
app "rd /s /q" "rd /s /q $L\\new" && {
  [ ! -e "$work/new" ] && ok "rd /s /q removed the tree" || fail "rd: $(ls -R "$work/new" 2>&1 | tr '\n' ' ')"; }
app "cd /d + dir" "cd /d $L\\sub && dir && cd" && {
  grep -qE ' g\.txt$' "$out/stdout" && grep -qE ' d\.txt$' "$out/stdout" && grep -qx "$L\\\\sub" "$out/stdout" &&
    ok "cd /d $L\\sub: dir lists sub, cd prints $L\\sub" || fail "cd /d: $(tr '\n' '|' <"$out/stdout")"; }
app "attrib +r" "attrib +r $L\\f.txt && attrib $L\\f.txt" && {
  grep -qE '^A? *R +.*f\.txt$' "$out/stdout" && ! stat -c %A "$work/f.txt" | grep -q w &&
    ok "attrib +r: $(stat -c %A "$work/f.txt"), attrib shows R" || fail "attrib +r: $(tr '\n' '|' <"$out/stdout") $(stat -c %A "$work/f.txt")"; }
app "child with inherited output" "cmd /c hostname > $L\\h.txt" && {
  [ -s "$work/h.txt" ] && ok "a child's hostname went into h.txt ($(tr -d '\r\n' <"$work/h.txt"))" ||
    fail "h.txt is empty or missing"; }
if other=$(winshim_other_system); then
  app "inherited output, child of the other architecture" "$other\\hostname.exe > $L\\hx.txt" && {
    [ -s "$work/hx.txt" ] && ok "$other\\hostname.exe wrote through the inherited handle ($(tr -d '\r\n' <"$work/hx.txt"))" ||
      fail "hx.txt is empty or missing"; }
  app "child cmd of the other architecture" "$other\\cmd.exe /c copy $L\\f.txt $L\\hy.txt" && {
    cmp -s "$work/f.txt" "$work/hy.txt" && ok "$other\\cmd.exe opened $L\\f.txt and $L\\hy.txt itself (copy)" ||
      fail "hy.txt differs or is missing: $(tr '\n' '|' <"$out/stdout") $(tr '\n' '|' <"$out/err")"; }
else
  echo "note: no child of the other architecture here: $other"
fi
app "child in a working directory on the drive" "cd /d $L\\sub && $cmd /c cd" && {
  grep -qx "$L\\\\sub" "$out/stdout" && ! grep -q 'could not open working directory' "$out/err" &&
    ok "the child started in $L\\sub" || fail "child: $(tr '\n' '|' <"$out/stdout") $(tr '\n' '|' <"$out/err")"; }
app "xcopy" "xcopy /s /i $L\\sub $L\\sub2" && {
  cmp -s "$work/sub/g.txt" "$work/sub2/g.txt" && cmp -s "$work/sub/d.txt" "$work/sub2/d.txt" &&
    ok "xcopy /s copied sub to sub2" || fail "xcopy: $(ls -R "$work/sub2" 2>&1 | tr '\n' ' ')"; }
rc=0
DOKAN_APP_CWD="$L\\sub" "$env_sh" app "$cmd" /c "type g.txt" >"$out/raw" 2>"$out/err" </dev/null || rc=$?
[ "$rc" -eq 0 ] && [ "$(tr -d '\r' <"$out/raw")" = inner ] && ok "DOKAN_APP_CWD=$L\\sub: type g.txt" ||
  fail "DOKAN_APP_CWD: exit $rc, '$(tr -d '\r' <"$out/raw")' $(tr -d '\r' <"$out/err")"
rc=0
printf 'line1\r\nline2\r\n' | "$env_sh" app "$cmd" /c "more > $L\\m.txt" >/dev/null 2>"$out/err" || rc=$?
[ "$rc" -eq 0 ] && [ "$(tr -d '\r' <"$work/m.txt" 2>/dev/null | tr '\n' ' ')" = "line1 line2 " ] &&
  ok "standard input passes through: more > m.txt" || fail "stdin: exit $rc, m.txt '$(cat "$work/m.txt" 2>&1)'"
rc=0
"$env_sh" app "$cmd" /c "exit 7" </dev/null || rc=$?
[ "$rc" -eq 7 ] && ok "the exit code passes through (7)" || fail "exit code $rc, expected 7"

"$env_sh" run dokanctl.exe /u "$letter" || fail "dokanctl /u $letter"
"$env_sh" wait-exit "$pid" 30 || fail "mirror.exe did not exit after unmount"
winshim_done
