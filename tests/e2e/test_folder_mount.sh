#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Folder mount points: mirror.exe /l <folder>, dokanctl /m and /u <folder>, and the
# refusals of DokanMain and the mounter (test_folder_mount.c). Where the file system lets
# the mounter set a mount-point reparse point, the mount is checked for real: the reparse
# point names the volume, the volume answers through iohost, dokanctl /u with another case
# and a trailing backslash removes it. Where it cannot (Wine 8.0's own file system answers
# FSCTL_SET_REPARSE_POINT with STATUS_NOT_SUPPORTED), the mount must fail cleanly:
# DOKAN_MOUNT_ERROR, mirror exits 1, nothing listed, the folder unchanged.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
exe=$DOKAN_BUILD_DIR/bin/test_folder_mount.exe
work=$(mktemp -d "$DOKAN_BUILD_DIR/e2e-folder.XXXXXX")
mirror_pid=
cleanup() {
  [ -z "$mirror_pid" ] || kill "$mirror_pid" 2>/dev/null || true
  rm -rf "$work"
}
tl_at_exit cleanup
mkdir -p "$work/src" "$work/checks" "$work/mnt/dokan" "$work/probe"
printf 'folder\n' >"$work/src/x.txt"
ctl() { # ctl <args>: runs dokanctl; its stdout+stderr in $out, exit code in $rc
  rc=0; out=$("$env_sh" run dokanctl.exe "$@" 2>&1) || rc=$?; out=${out//$'\r'/}
}
finish_mirror() { # waits (bounded) for the mirror started below; its exit code in $rc
  rc=0
  if "$env_sh" wait-exit "$mirror_pid" 60; then wait "$mirror_pid" || rc=$?; else rc=timeout; fi
  mirror_pid=
}
t() { # t <args>: runs test_folder_mount.exe; its stdout in $out, exit code in $rc
  rc=0; out=$("$env_sh" run "$exe" "$@" 2>/dev/null) || rc=$?; out=${out//$'\r'/}
}

tl_wine_setup
win=$("$env_sh" winpath "$work")          # e.g. Z:\tmp\build\e2e-folder.abc123
src="$win\\src" mnt="$win\\mnt\\dokan"
other_case="${mnt^^}\\"                    # the same folder, upper case, trailing backslash

"$env_sh" run "$exe" checks "$win\\checks" && passed=$((passed + 1)) ||
  { failed=$((failed + 1)); echo "FAIL test_folder_mount.exe checks"; }

supported=0
t supported "$win\\probe"
[ "$rc" != 0 ] || supported=1
echo "folder mount points: reparse points are $([ $supported = 1 ] || echo 'not ')supported here"

log=$work/mirror.log
"$env_sh" run mirror.exe /r "$src" /l "$mnt" >"$log" 2>&1 &
mirror_pid=$!

if [ $supported = 1 ]; then
  # Mounted once the mounter lists it.
  device=
  for _ in $(seq 100); do
    ctl /m
    if [[ ${out,,} == *"${mnt,,}"* ]]; then
      device=$(grep -o 'Volume{[0-9A-F-]*}' <<<"$out" | head -n 1)
      break
    fi
    kill -0 "$mirror_pid" 2>/dev/null || break
    sleep 0.3
  done
  check "dokanctl /m lists the folder and its volume ($out)" '[ -n "$device" ]'
  t get "$mnt"
  check "the folder's mount point names \\??\\$device\\ ($rc: $out)" '[ $rc = 0 ] && [ "$out" = "\\??\\$device\\" ]'
  rc=0; out=$("$env_sh" run dokanio.exe type "\\Device\\$device\\x.txt" 2>&1) || rc=$?
  check "the volume answers through iohost ($rc: $out)" '[ $rc = 0 ] && [[ $out == *folder* ]]'
  ctl /u "$other_case"
  check "dokanctl /u $other_case unmounts ($rc: $out)" '[ $rc = 0 ]'
  finish_mirror
  check "mirror exits 0 after the unmount ($rc)" '[ $rc = 0 ]'
  t get "$mnt"
  check "the reparse point is gone ($rc: $out)" '[ $rc = 2 ]'
else
  finish_mirror
  check "mirror /l <folder> exits 1 when the mount point cannot be set ($rc)" '[ "$rc" = 1 ]'
  check "mirror says why ($(tr -d '\r' <"$log"))" 'grep -q "mount point" "$log"'
  ctl /m
  check "dokanctl /m does not list the folder ($out)" '[ $rc = 0 ] && [[ ${out,,} != *"${mnt,,}"* ]]'
  ctl /u "$other_case"
  check "dokanctl /u $other_case fails with a message ($rc: $out)" '[ $rc != 0 ] && [ -n "$out" ]'
  t get "$mnt"
  check "the folder is no reparse point ($rc: $out)" '[ $rc = 2 ]'
fi
check "the folder is still there and empty" '[ -d "$work/mnt/dokan" ] && [ -z "$(ls -A "$work/mnt/dokan")" ]'
ctl /m
check "nothing of the folder is listed at the end ($out)" '[ $rc = 0 ] && [[ ${out,,} != *"${mnt,,}"* ]]'
echo "folder mount: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
