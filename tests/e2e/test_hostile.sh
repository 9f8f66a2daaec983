#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Runs test_hostile.exe: a file system speaking the private protocol answers real requests
# sent through iohost with malformed replies; each must end with the driver's protocol
# error, and the driver's counters must return to their baseline. DOKAN_SEED fixes the
# case order (the program prints the seed it used).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
env_sh=$here/../../scripts/wine-env.sh
: "${DOKAN_BUILD_DIR:?set by ctest}"

"$env_sh" setup
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_hostile.exe"
