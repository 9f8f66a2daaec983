#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Runs test_protocol.exe against the real dokan.sys in Wine's winedevice: it speaks the
# private driver protocol directly (no dokan.dll) and checks version, start, reply
# validation, cancel, the owner check, unmount and that mounts leave nothing behind.
# Every wait is bounded by wine-env.sh and by the program itself.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build

tl_wine_setup
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_protocol.exe"
