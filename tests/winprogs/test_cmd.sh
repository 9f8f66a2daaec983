#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Wine's cmd.exe builtins on a Dokan drive (G:, mirror.exe over a Linux folder), each run
# as `cmd /c ...` through `wine-env.sh app` and each result checked on the Linux side of
# the folder too: dir (plain, /s, /b with wildcards, /a), type, copy, copy /b a+b c, ren,
# move, del (a file, wildcards, a read-only file), md, rd (non-empty, /s /q), attrib,
# echo > and >>, cd /d, if exist, for over a wildcard and for /r; icacls and cacls where
# they work (Wine 8.0's are stubs: probed and reported).
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
test_name=winprogs_cmd
# shellcheck source=tests/winprogs/lib.sh
. "$here/lib.sh"
tl_need_build
skip_unless_runnable
letter=G
L="$letter:"

tl_wine_setup
work=$(mktemp -d "$DOKAN_BUILD_DIR/winprogs-cmd.XXXXXX")
vol=$work/vol      # the folder the drive shows
out=$work/out      # what each command printed
cleanup() { detach "$letter" >/dev/null 2>&1 || true; rm -rf "$work"; }
tl_at_exit cleanup
mkdir -p "$vol" "$out"

# The starting tree, made on the Linux side.
make_tree() {
  mkdir -p "$vol/sub/deeper" "$vol/empty dir"
  printf 'hello from linux\r\n' >"$vol/hello.txt"
  printf 'notes\r\n' >"$vol/NOTES.TXT"
  printf 'in sub\r\n' >"$vol/sub/one.txt"
  printf 'deeper\r\n' >"$vol/sub/deeper/two.txt"
  printf 'log\n' >"$vol/sub/app.log"
  printf 'spaced\r\n' >"$vol/with space.txt"
  head -c 3000 /dev/urandom >"$vol/b1.bin"
  printf '\0\1\2 tail \377' >"$vol/b2.bin"
  : >"$vol/t1.tmp"
  : >"$vol/t2.tmp"
}
make_tree
attach "$vol" "$letter"

# wcmd <name> <words...>: `cmd /c <words>`; output (stdout and stderr) in $out/<name>.
# Each word is passed as one argument, so words without spaces reach cmd unquoted.
wcmd() {
  local name=$1 rc=0
  shift
  app cmd /c "$@" >"$out/$name.raw" 2>&1 </dev/null || rc=$?
  winout "$out/$name.raw" >"$out/$name"
  return "$rc"
}
shows() { grep -Fxq -- "$2" "$out/$1"; }          # shows <name> <exact line>
says() { grep -Fq -- "$2" "$out/$1"; }             # says <name> <text>
# same <what> <expected> <actual>: two newline-separated lists, order ignored.
same() {
  if [ "$(LC_ALL=C sort <<<"$2")" = "$(LC_ALL=C sort <<<"$3")" ]; then ok "$1"
  else fail "$1: expected [$(tr '\n' '|' <<<"$2")] got [$(tr '\n' '|' <<<"$3")]"; fi
}
# win_names <prefix> <linux paths relative to $vol...>: as cmd prints them.
win_names() { local p=$1; shift; for f in "$@"; do printf '%s%s\n' "$p" "${f//\//\\}"; done; }
linux_list() { (cd "$vol" && find . -mindepth 1 "$@" -printf '%P\n'); }

# dir's entry lines end in "<DIR>" or a size, then the name.
dir_names() { sed -nE 's/^ *[0-9]+\/[0-9]+\/[0-9]+ +[0-9:]+ *[AP]?M? +(<DIR>|[0-9,]+) +(.*)$/\2/p' "$out/$1"; }

check_dir() {
  wcmd dir dir "$L\\" || true
  same "dir $L\\ lists the root's entries" "$(linux_list -maxdepth 1)" "$(dir_names dir)"
  says dir "hello.txt" && grep -qE ' 18 +hello\.txt$' "$out/dir" && ok "dir shows hello.txt's size (18)" ||
    { fail "dir: no '18  hello.txt' line"; printed dir; }
  wcmd dir_s dir /s "$L\\" || true
  local files bytes
  files=$(linux_list -type f | wc -l)
  bytes=$(find "$vol" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
  if grep -A1 'Total files listed' "$out/dir_s" | grep -qE "^ *$files files? +[0-9,]*$bytes"; then
    ok "dir /s totals: $files files"
  elif grep -A1 'Total files listed' "$out/dir_s" | tr -d ',' | grep -qE "^ *$files files? +$bytes bytes"; then
    ok "dir /s totals: $files files, $bytes bytes"
  else
    fail "dir /s totals are not $files files, $bytes bytes"; printed dir_s
  fi
  # Root without its backslash: "Directory of G:" in Wine 8.0, "G:\" on Windows.
  same "dir /s names every folder" "$( { echo "$L"; linux_list -type d | sed "s|/|\\\\|g; s|^|$L\\\\|"; } )" \
    "$(sed -n 's/^ *Directory of \(.*\)$/\1/p' "$out/dir_s" | sed 's/\\$//')"
}

check_dir_wildcards() {
  wcmd dir_b dir /b "$L\\*.txt" || true
  same "dir /b $L\\*.txt (NOTES.TXT too: case-insensitive)" "$(linux_list -maxdepth 1 -type f -iname '*.txt')" "$(cat "$out/dir_b")"
  wcmd dir_bs dir /b /s "$L\\*.txt" || true
  same "dir /b /s $L\\*.txt" "$(cd "$vol" && find . -type f -iname '*.txt' -printf '%P\n' | sed "s|/|\\\\|g; s|^|$L\\\\|")" \
    "$(cat "$out/dir_bs")"
  wcmd dir_q dir /b "$L\\t?.tmp" || true
  same "dir /b $L\\t?.tmp" $'t1.tmp\nt2.tmp' "$(cat "$out/dir_q")"
  wcmd dir_ad dir /b /a:d "$L\\" || true
  same "dir /b /a:d $L\\ (folders only)" "$(linux_list -maxdepth 1 -type d)" "$(cat "$out/dir_ad")"
}

check_type_copy() {
  wcmd type type "$L\\hello.txt" || true
  check "type prints hello.txt" shows type "hello from linux"
  wcmd type_missing type "$L\\missing.txt" && fail "type of a missing file exits 0" ||
    ok "type of a missing file fails ($(head -n 1 "$out/type_missing"))"
  wcmd copy copy "$L\\hello.txt" "$L\\copy.txt" || true
  check "copy: the copy is identical on Linux" cmp -s "$vol/hello.txt" "$vol/copy.txt"
  wcmd copy_cat copy /b "$L\\b1.bin+$L\\b2.bin" "$L\\cat.bin" || true
  check_show copy_cat "copy /b b1.bin+b2.bin cat.bin concatenates (cmp on Linux)" \
    cmp -s <(cat "$vol/b1.bin" "$vol/b2.bin") "$vol/cat.bin"
  mkdir -p "$vol/collected"
  wcmd copy_many copy "$L\\sub\\*.txt" "$L\\collected\\" || true
  same "copy $L\\sub\\*.txt to a folder" "one.txt" "$(cd "$vol/collected" && ls)"
}

check_ren_move_del() {
  wcmd ren ren "$L\\copy.txt" renamed.txt || true
  check "ren: renamed.txt there, copy.txt gone" test -f "$vol/renamed.txt" -a ! -e "$vol/copy.txt"
  wcmd move move "$L\\renamed.txt" "$L\\sub\\moved.txt" || true
  check "move into a subfolder" test -f "$vol/sub/moved.txt" -a ! -e "$vol/renamed.txt"
  check "move kept the bytes" cmp -s "$vol/hello.txt" "$vol/sub/moved.txt"
  wcmd move_dir move "$L\\collected" "$L\\sub\\collected" || true
  check "move of a folder" test -f "$vol/sub/collected/one.txt" -a ! -e "$vol/collected"
  wcmd del del "$L\\sub\\moved.txt" || true
  check "del a file" test ! -e "$vol/sub/moved.txt"
  wcmd del_wild del "$L\\*.tmp" || true
  check "del $L\\*.tmp removed both .tmp files" test ! -e "$vol/t1.tmp" -a ! -e "$vol/t2.tmp"
  check "del $L\\*.tmp kept the rest" test -f "$vol/hello.txt" -a -f "$vol/b1.bin"
}

check_md_rd() {
  wcmd md md "$L\\new\\deeper\\deepest" || true
  check "md makes the whole path" test -d "$vol/new/deeper/deepest"
  printf 'x' >"$vol/new/deeper/file.txt"
  wcmd rd_full rd "$L\\new" || true
  check "rd of a non-empty folder leaves it" test -f "$vol/new/deeper/file.txt"
  wcmd rd_s rd /s /q "$L\\new" || true
  check "rd /s /q removes the tree" test ! -e "$vol/new"
  wcmd rd_empty rd "$L\\empty dir" || true
  check "rd of an empty folder whose name has a space" test ! -e "$vol/empty dir"
  wcmd md_file md "$L\\hello.txt" || true
  check "md over a file fails and leaves the file" test -f "$vol/hello.txt"
}

# attrib_flags <name>: the attribute letters attrib printed before the path, e.g. "AHR".
attrib_flags() { sed -n "s/^\(.*\)$L\\\\hello\.txt\$/\1/p" "$out/$1" | tr -d ' '; }

# Wine 8.0's attrib applies only the last of several +/- flags given at once (measured on
# Wine's own drives: `attrib +r +h f` sets only H), so each flag is its own command.
check_attrib() {
  wcmd attrib_r attrib +r "$L\\hello.txt" || true
  wcmd attrib_h attrib +h "$L\\hello.txt" || true
  wcmd attrib_show attrib "$L\\hello.txt" || true
  check "attrib +r, +h: attrib shows R and H ($(attrib_flags attrib_show))" \
    grep -q 'R' <<<"$(attrib_flags attrib_show | grep H)"
  check "attrib +r: the Linux file lost its write permission" test "$(stat -c %A "$vol/hello.txt" | cut -c3)" = -
  wcmd dir_ah dir /b /a:h "$L\\" || true
  same "dir /b /a:h lists the hidden file" "hello.txt" "$(cat "$out/dir_ah")"
  wcmd del_ro del "$L\\hello.txt" || true
  check "del of a read-only file leaves it" test -f "$vol/hello.txt"
  wcmd attrib_clear_r attrib -r "$L\\hello.txt" || true
  wcmd attrib_clear_h attrib -h "$L\\hello.txt" || true
  wcmd attrib_show2 attrib "$L\\hello.txt" || true
  check "attrib -r, -h: attrib shows neither ($(attrib_flags attrib_show2))" \
    test -n "$(attrib_flags attrib_show2)" -a -z "$(attrib_flags attrib_show2 | tr -d -c RH)"
  check "attrib -r: the Linux file is writable again" test "$(stat -c %A "$vol/hello.txt" | cut -c3)" = w
}

check_echo_redirect() {
  wcmd echo1 "echo line1>$L\\out.txt" || true
  check "echo > makes the file (Linux bytes: line1 CR LF)" cmp -s <(printf 'line1\r\n') "$vol/out.txt"
  wcmd echo2 "echo line2>>$L\\out.txt" || true
  check "echo >> appends (Linux bytes)" cmp -s <(printf 'line1\r\nline2\r\n') "$vol/out.txt"
  wcmd echo3 "echo again>$L\\out.txt" || true
  check "echo > replaces the file" cmp -s <(printf 'again\r\n') "$vol/out.txt"
  wcmd type_pipe "type $L\\sub\\one.txt>$L\\sub\\copied-by-redirect.txt" || true
  check "type file > file" cmp -s "$vol/sub/one.txt" "$vol/sub/copied-by-redirect.txt"
}

check_cd_if_for() {
  wcmd cd "cd /d $L\\sub & cd & dir /b" || true
  check "cd /d $L\\sub: cd prints it" shows cd "$L\\sub"
  same "cd /d $L\\sub: dir /b lists the current folder" "$(cd "$vol/sub" && ls -A; echo "$L\\sub")" "$(cat "$out/cd")"
  wcmd if_exist "if exist $L\\hello.txt (echo yes) else (echo no)" || true
  check "if exist on an existing file" shows if_exist "yes"
  wcmd if_missing "if exist $L\\nothing.txt (echo yes) else (echo no)" || true
  check "if exist on a missing file" shows if_missing "no"
  wcmd for "for %f in ($L\\*.txt) do @echo found %f" || true
  same "for %f in ($L\\*.txt)" "$(linux_list -maxdepth 1 -type f -iname '*.txt' | sed "s|^|found $L\\\\|")" \
    "$(grep '^found ' "$out/for")"
  wcmd for_r "for /r $L\\sub %f in (*.txt) do @echo found %f" || true
  same "for /r $L\\sub %f in (*.txt)" "$(cd "$vol/sub" && find . -type f -iname '*.txt' -printf '%P\n' | sed "s|/|\\\\|g; s|^|found $L\\\\sub\\\\|")" \
    "$(grep '^found ' "$out/for_r")"
}

# icacls and cacls read a file's security. Both are stubs in Wine 8.0: probed on Wine's own
# drive first (a working tool prints the file's name with its access entries, e.g.
# "BUILTIN\Administrators:(F)"); only a working tool is then run on the Dokan drive.
acl_entries() { grep -v ':fixme:' "$out/$1" | grep -qiE "$2 +[^ ].*:"; }   # "<file> <who>:<rights>"
check_security() {
  local tool native
  printf 'native\r\n' >"$work/native.txt"
  native="$("$env_sh" winpath "$work")\\native.txt"
  for tool in icacls cacls; do
    WINEDEBUG=fixme+all wcmd "${tool}_probe" "$tool" "$native" || true
    if ! acl_entries "${tool}_probe" 'native\.txt'; then
      echo "NOT AVAILABLE: $tool on Wine's own drive prints no access entries:" \
        "$(grep -m1 -i "$tool" "$out/${tool}_probe" || echo 'nothing')"
      continue
    fi
    wcmd "$tool" "$tool" "$L\\hello.txt" || true
    check_show "$tool" "$tool $L\\hello.txt prints the file's access entries" \
      acl_entries "$tool" 'hello\.txt'
  done
}

check_dir
check_dir_wildcards
check_type_copy
check_ren_move_del
check_md_rd
check_attrib
check_echo_redirect
check_cd_if_for
check_security
detach "$letter"
finish
