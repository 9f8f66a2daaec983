#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# iohost's bind mode through the real stack (iohost.sys -> dokan.sys -> dokan.dll ->
# mirror.exe): test_bind.exe uses iohost handles as the Windows shim does (plain ReadFile,
# WriteFile, FlushFileBuffers, volume queries, DuplicateHandle, inheritance, completion
# ports, CancelIoEx, process exit) and checks the mirrored folder.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
env_sh=$here/../../scripts/wine-env.sh
: "${DOKAN_BUILD_DIR:?set by ctest}"
letter=G

"$env_sh" setup
work=$(mktemp -d "$DOKAN_BUILD_DIR/e2e-bind.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0
pid=$("$env_sh" mount "$work" "$letter")
winpath=$("$env_sh" winpath "$work")
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_bind.exe" "$letter" "$winpath" || status=1
"$env_sh" run dokanctl.exe /u "$letter" >/dev/null || { echo "FAIL dokanctl /u $letter"; status=1; }
"$env_sh" wait-exit "$pid" 30 || { echo "FAIL mirror.exe did not exit after unmount"; status=1; }
[ "$status" = 0 ] && echo "e2e_bind: passed"
exit $status
