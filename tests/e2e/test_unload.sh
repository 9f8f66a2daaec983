#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# FreeLibrary(dokan.dll) while DokanMain still serves (test_unload.c).
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
tl_wine_setup
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_unload.exe"
