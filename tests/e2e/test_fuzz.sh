#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Runs test_fuzz.exe: 100,000 random and malformed IOCTLs (DOKAN_FUZZ_CALLS) to the real
# dokan.sys from a mount's owner and from a foreign process; then winedevice must answer,
# a fresh mount must work and the driver's counters must be back at their baseline.
# DOKAN_SEED reproduces a run (the program prints the seed it used).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
env_sh=$here/../../scripts/wine-env.sh
: "${DOKAN_BUILD_DIR:?set by ctest}"

"$env_sh" setup
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_fuzz.exe"
