#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Two mounts at once and 100 mount/unmount cycles in one process (test_cycles.c).
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
tl_wine_setup
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_cycles.exe" "${DOKAN_CYCLES:-100}"
