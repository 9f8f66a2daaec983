#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Change notification through the real stack: mounts a temporary folder with mirror.exe,
# runs test_notify.exe's cases through the iohost test driver, then checks that a request
# still pending when the volume is unmounted (dokanctl /u) ends with STATUS_NOTIFY_CLEANUP
# and that mirror.exe exits with 0. Every wait is bounded by wine-env.sh and the program.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
letter=W
test_exe=$DOKAN_BUILD_DIR/bin/test_notify.exe

tl_wine_setup

work=$(tl_tempdir e2e-notify)
mkdir -p "$work/sub"
printf 'watch me\n' >"$work/hello.txt"

pid=$("$env_sh" mount "$work" "$letter")
"$env_sh" run "$test_exe" check "$letter" || status=1
"$env_sh" run "$test_exe" teardown "$letter" 'C:\dokan\dokanctl.exe' || status=1
"$env_sh" wait-exit "$pid" 30 || { echo "FAIL mirror.exe did not exit after unmount"; status=1; }
rc=$("$env_sh" mirror-exit-code "$letter" || echo missing)
[ "$rc" = 0 ] || { echo "FAIL mirror.exe exit code: $rc (expected 0)"; status=1; }
exit $status
