#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# 1,000 START/RELEASE cycles with opens through iohost in between, then the live-mount
# limit under concurrent starts (test_device_churn.c); DOKAN_CHURN_CYCLES changes the count.
# Then the driver is unloaded and loaded again DOKAN_RELOADS times (5) with mounts live and
# its housekeeping thread kicked by their teardown: unload must wait for that thread, so
# winedevice.exe (which also hosts iohost.sys) survives every unload, and afterwards the
# reloaded driver passes a short churn with its counters back at their baseline.
# shellcheck disable=SC2034 # some variables are read only inside check's quoted conditions
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
exe=$DOKAN_BUILD_DIR/bin/test_device_churn.exe

tl_wine_setup
check "churn and the concurrent live-mount limit" '"$env_sh" run "$exe" "${DOKAN_CHURN_CYCLES:-1000}"'
for i in $(seq "${DOKAN_RELOADS:-5}"); do
  check "reload $i: four mounts left live" '"$env_sh" run "$exe" --leave 4'
  check "reload $i: dokan.sys unloads" '"$env_sh" service stop Dokan'
  check "reload $i: dokan.sys loads again" '"$env_sh" service start Dokan'
  check "reload $i: dokan.sys answers, and iohost.sys, in the same winedevice.exe, still runs" \
    '"$env_sh" run "$exe" --ping'
done
check "the reloaded driver churns, fills its limit and settles" '"$env_sh" run "$exe" 20'
echo "device_churn: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
