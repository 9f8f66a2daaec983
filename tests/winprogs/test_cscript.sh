#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# A JScript (fso.js) run by `cscript //nologo` through `wine-env.sh app`, using
# Scripting.FileSystemObject on a Dokan drive (D:, mirror.exe over a Linux folder): drive
# properties, a folder walk, CreateTextFile/OpenTextFile (write, append, read, Unicode),
# CopyFile (also with a wildcard), CopyFolder, MoveFile, attributes, DeleteFile,
# CreateFolder, DeleteFolder, and the errors of each. Every value is compared with what it
# must be, and the files' bytes and the tree with the Linux side of the folder. The values
# are those Wine 8.0's scrrun gives on Wine's own drives (DOKAN_WINPROGS_TARGET=winefs),
# noted where Windows differs.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
test_name=winprogs_cscript
# shellcheck source=tests/winprogs/lib.sh
. "$here/lib.sh"
tl_need_build
skip_unless_runnable
letter=D

tl_wine_setup
work=$(mktemp -d "$DOKAN_BUILD_DIR/winprogs-cscript.XXXXXX")
vol=$work/vol
js=$vol/js
out=$work/out
cleanup() { detach "$letter" >/dev/null 2>&1 || true; chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; }
tl_at_exit cleanup
mkdir -p "$js/walk/sub/deeper" "$js/walk/empty" "$out"
printf 'a\r\n' >"$js/walk/a.txt"
head -c 70000 /dev/urandom >"$js/walk/b.bin"
printf 'in sub' >"$js/walk/sub/c.txt"
: >"$js/walk/sub/deeper/zero.txt"
cp "$here/fso.js" "$work/fso.js"

attach "$vol" "$letter"
rc=0
app cscript //nologo "$("$env_sh" winpath "$work")\\fso.js" "$letter" >"$out/fso.raw" 2>&1 </dev/null || rc=$?
winout "$out/fso.raw" >"$out/fso"
check_show fso "cscript fso.js ran to the end (exit $rc)" grep -qx "done" "$out/fso"

value() { sed -n "s/^$1: //p" "$out/fso" | head -n 1; }
# expect <name> <value>: the line "<name>: <value>" was printed.
expect() {
  local got
  got=$(value "$1")
  if [ "$got" = "$2" ]; then ok "$1 = $2"; else fail "$1: expected '$2', got '$got'"; fi
}

# The volume's identity: mirror.exe's (Dokan 0.6.0's defaults: 1 GiB, 512 MiB free), or,
# on Wine's own drive (DOKAN_WINPROGS_TARGET=winefs), what Wine reports for it.
check_drive() {
  expect GetDrive ok
  expect drive.DriveLetter "$letter"
  expect drive.IsReady true
  expect drive.DriveType 2
  expect FolderExists.root true
  expect drive.DriveExists true
  if [ "$target" = dokan ]; then
    expect drive.FileSystem Dokan
    expect drive.VolumeName DOKAN
    expect drive.SerialNumber $((0x19831116))
    expect drive.TotalSize $((1024 * 1024 * 1024))
    expect drive.FreeSpace $((512 * 1024 * 1024))
  else
    expect drive.FileSystem NTFS
  fi
}

check_walk() {
  local expected
  if [ "$(value enumerator)" != ok ]; then
    echo "NOT AVAILABLE: JScript's Enumerator over a FileSystemObject collection: $(value enumerator)" \
      "(Wine 8.0); the walk takes names from Shell.Application"
  fi
  expect walk.start ok
  expected=$(cd "$js/walk" && find . -mindepth 1 \( -type d -printf '%P\\\n' \) -o -printf '%P %s\n' |
    sed 's|/|\\|g' | LC_ALL=C sort)
  same_list "the walk lists the tree with its sizes" "$expected" "$(sed -n 's/^walk: //p' "$out/fso")"
  expect walk.Files.Count "$(find "$js/walk" -maxdepth 1 -type f | wc -l)"
  expect walk.SubFolders.Count "$(find "$js/walk" -mindepth 1 -maxdepth 1 -type d | wc -l)"
  expect walk.a.txt.Attributes 32                        # archive
  expect walk.b.bin.Size "$(stat -c %s "$js/walk/b.bin")"
}

# same_list <what> <expected> <actual>: newline-separated lists, order ignored.
same_list() {
  if [ "$(LC_ALL=C sort -u <<<"$2")" = "$(LC_ALL=C sort -u <<<"$3")" ]; then ok "$1"
  else fail "$1: expected [$(tr '\n' '|' <<<"$2")] got [$(tr '\n' '|' <<<"$3")]"; fi
}

check_text_files() {
  expect CreateTextFile ok
  expect OpenTextFile.append ok
  check "new.txt's bytes on Linux" cmp -s <(printf 'line one\r\nno newline\r\nappended\r\n') "$js/new.txt"
  expect OpenTextFile.read "line one|no newline|appended||end=true"
  expect CreateTextFile.unicode ok
  check "unicode.txt is UTF-16 with a byte-order mark on Linux" \
    cmp -s <(printf '\377\376\374\000b\000e\000r\000') "$js/unicode.txt"
  expect CreateTextFile.noOverwrite "error 0x800a003a"   # file already exists
  expect OpenTextFile.missing "error 0x800a0035"         # file not found
}

check_copies() {
  expect CopyFile ok
  expect CopyFile.wildcard 3
  check "CopyFile with a wildcard copied the three .txt files (Linux)" \
    test "$(cd "$js/txts" && printf '%s ' *)" = "copy.txt new.txt unicode.txt "
  check "txts/new.txt is a copy of new.txt" cmp -s "$js/new.txt" "$js/txts/new.txt"
  expect CopyFolder ok
  check "CopyFolder: walkcopy equals walk (diff -r on Linux)" diff -r "$js/walk" "$js/walkcopy"
  expect MoveFile ok
  check "MoveFile: copy.txt left js" test ! -e "$js/copy.txt"
  expect GetFile.Attributes.readonly 1
  expect DeleteFile.readonly "error 0x800a0046"          # permission denied
  expect DeleteFile.force ok
  expect FileExists.moved false
  check "DeleteFile with force removed the read-only file (Linux)" test ! -e "$js/txts/moved.txt"
}

check_folders() {
  expect CreateFolder true
  check "CreateFolder made the folder (Linux)" test -d "$js/made"
  expect CreateFolder.existing "error 0x800a003a"
  expect CreateFolder.noParent "error 0x80070003"        # path not found (Windows: 0x800a004c)
  expect GetParentFolderName "$letter:\\js\\walk"
  expect GetFile.Name.case A.TXT                         # the name as given (Windows: as stored)
  expect DeleteFolder false
  check "DeleteFolder removed the copy's tree (Linux)" test ! -e "$js/doomed"
  expect DeleteFolder.missing "error 0x800a0035"         # file not found (Windows: path not found)
}

check_drive
check_walk
check_text_files
check_copies
check_folders
detach "$letter"
finish
