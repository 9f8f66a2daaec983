#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Write, flush, lock and security requests through the real stack: mirror.exe (with
# /d /s, so the library's debug text goes to its log) mirrors a temporary folder as W:,
# test_write_lock_security.exe works on it through iohost and checks the folder itself.
# Then namefs.exe mounts with and without DOKAN_OPTION_ALT_STREAM and
# DOKAN_OPTION_REMOVABLE to check what those options change.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
log_dir=${DOKAN_LOG_DIR:-$DOKAN_BUILD_DIR/wine-logs}
test_exe=$DOKAN_BUILD_DIR/bin/test_write_lock_security.exe
namefs=$DOKAN_BUILD_DIR/bin/namefs.exe

tl_wine_setup

work=$(tl_tempdir e2e-write)

# unmount <letter> <pid> <what>: dokanctl /u, then the program must end with 0
unmount() {
  "$env_sh" run dokanctl.exe /u "$1" >/dev/null || fail "dokanctl /u $1"
  "$env_sh" wait-exit "$2" 30 || fail "$3 did not exit after unmount"
  local rc
  rc=$("$env_sh" mirror-exit-code "$1" || echo missing)
  [ "$rc" = 0 ] || fail "$3 exit code: $rc (expected 0)"
}

pid=$("$env_sh" mount "$work" W /d /s)
winpath=$("$env_sh" winpath "$work")
"$env_sh" run "$test_exe" W "$winpath" || status=1
unmount W "$pid" mirror.exe
if tr -d '\r' <"$log_dir/mirror-W.log" | grep -q '^dokan: WriteFile \\write.txt'; then
  echo "ok: DOKAN_OPTION_DEBUG|STDERR: the library's debug text is on mirror's stderr"
else
  fail "no debug text from dokan.dll in $log_dir/mirror-W.log"
fi

pid=$("$env_sh" serve O "$namefs" O alt removable)
"$env_sh" run "$test_exe" options O alt removable || status=1
unmount O "$pid" namefs.exe
if tr -d '\r' <"$log_dir/mirror-O.log" | grep -q '^dokan: '; then
  fail "debug text from dokan.dll without DOKAN_OPTION_DEBUG"
fi

pid=$("$env_sh" serve O "$namefs" O)
"$env_sh" run "$test_exe" options O noalt fixed || status=1
unmount O "$pid" namefs.exe
exit $status
