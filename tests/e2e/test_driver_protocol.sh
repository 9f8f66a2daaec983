#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Runs test_protocol.exe against the real dokan.sys in Wine's winedevice: it speaks the
# private driver protocol directly (no dokan.dll) and checks version, start, reply
# validation, cancel, the owner check, unmount and that mounts leave nothing behind.
# Every wait is bounded by wine-env.sh and by the program itself.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
env_sh=$here/../../scripts/wine-env.sh
: "${DOKAN_BUILD_DIR:?set by ctest}"

"$env_sh" setup
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_protocol.exe"
