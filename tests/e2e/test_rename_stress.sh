#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Renames a folder tree while other threads query names and list it (test_rename_stress.c),
# through iohost on mirror.exe; then the mirror must unmount and exit with 0.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
letter=T
tl_wine_setup
work=$(tl_tempdir e2e-rename)
pid=$("$env_sh" mount "$work" "$letter" /t 5)
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_rename_stress.exe" "$letter" "${DOKAN_RENAME_STRESS_SECONDS:-10}" || status=1
"$env_sh" run dokanctl.exe /u "$letter" >/dev/null || { echo "FAIL dokanctl /u $letter"; status=1; }
"$env_sh" wait-exit "$pid" 30 || { echo "FAIL mirror.exe did not exit after unmount"; status=1; }
exit $status
