#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Runs test_fuzz.exe: 100,000 random and malformed IOCTLs (DOKAN_FUZZ_CALLS) to the real
# dokan.sys from a mount's owner and from a foreign process; then winedevice must answer,
# a fresh mount must work and the driver's counters must be back at their baseline.
# DOKAN_SEED reproduces a run (the program prints the seed it used).
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build

tl_wine_setup
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_fuzz.exe"
