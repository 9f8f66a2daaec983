#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Two mounts at once and 100 mount/unmount cycles in one process (test_cycles.c).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
env_sh=$here/../../scripts/wine-env.sh
: "${DOKAN_BUILD_DIR:?set by ctest}"
"$env_sh" setup
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_cycles.exe" "${DOKAN_CYCLES:-100}"
