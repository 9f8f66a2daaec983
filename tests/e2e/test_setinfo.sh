#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Set-information through the real stack: mirror.exe serves a temporary folder as S:,
# test_setinfo.exe changes attributes, times, sizes, deletes and renames through iohost and
# checks the folder itself; then tokenfs.exe serves R: for the DokanOpenRequestorToken and
# DokanResetTimeout cases. Both file systems must exit with 0 after dokanctl /u.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
mirror_letter=S
token_letter=R

tl_wine_setup

work=$(tl_tempdir e2e-setinfo)

pid=$("$env_sh" mount "$work" "$mirror_letter")
winpath=$("$env_sh" winpath "$work")
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_setinfo.exe" mirror "$mirror_letter" "$winpath" || status=1
"$env_sh" run dokanctl.exe /u "$mirror_letter" >/dev/null || { echo "FAIL dokanctl /u $mirror_letter"; status=1; }
"$env_sh" wait-exit "$pid" 30 || { echo "FAIL mirror.exe did not exit after unmount"; status=1; }
rc=$("$env_sh" mirror-exit-code "$mirror_letter" || echo missing)
[ "$rc" = 0 ] || { echo "FAIL mirror.exe exit code: $rc (expected 0)"; status=1; }

pid=$("$env_sh" serve "$token_letter" "$DOKAN_BUILD_DIR/bin/tokenfs.exe" "$token_letter")
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_setinfo.exe" token "$token_letter" || status=1
"$env_sh" run dokanctl.exe /u "$token_letter" >/dev/null || { echo "FAIL dokanctl /u $token_letter"; status=1; }
"$env_sh" wait-exit "$pid" 30 || { echo "FAIL tokenfs.exe did not exit after unmount"; status=1; }
rc=$("$env_sh" mirror-exit-code "$token_letter" || echo missing)
[ "$rc" = 0 ] || { echo "FAIL tokenfs.exe exit code: $rc (expected 0)"; status=1; }
[ "$status" = 0 ] && echo "e2e_setinfo: passed"
exit $status
