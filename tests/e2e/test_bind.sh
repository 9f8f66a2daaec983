#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# iohost's bind mode through the real stack (iohost.sys -> dokan.sys -> dokan.dll ->
# mirror.exe): test_bind.exe uses iohost handles as the Windows shim does (plain ReadFile,
# WriteFile, FlushFileBuffers, volume queries, DuplicateHandle, inheritance, completion
# ports, CancelIoEx, process exit) and checks the mirrored folder.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
letter=G

tl_wine_setup
work=$(tl_tempdir e2e-bind)
pid=$("$env_sh" mount "$work" "$letter")
winpath=$("$env_sh" winpath "$work")
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_bind.exe" "$letter" "$winpath" || status=1
"$env_sh" run dokanctl.exe /u "$letter" >/dev/null || { echo "FAIL dokanctl /u $letter"; status=1; }
"$env_sh" wait-exit "$pid" 30 || { echo "FAIL mirror.exe did not exit after unmount"; status=1; }
[ "$status" = 0 ] && echo "e2e_bind: passed"
exit $status
