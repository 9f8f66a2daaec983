#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Runs test_hostile.exe: a file system speaking the private protocol answers real requests
# sent through iohost with malformed replies; each must end with the driver's protocol
# error, and the driver's counters must return to their baseline. DOKAN_SEED fixes the
# case order (the program prints the seed it used).
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build

tl_wine_setup
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_hostile.exe"
