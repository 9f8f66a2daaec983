#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# 1,000 START/RELEASE cycles with opens through iohost in between (test_device_churn.c);
# DOKAN_CHURN_CYCLES changes the count.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
env_sh=$here/../../scripts/wine-env.sh
: "${DOKAN_BUILD_DIR:?set by ctest}"
"$env_sh" setup
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_device_churn.exe" "${DOKAN_CHURN_CYCLES:-1000}"
