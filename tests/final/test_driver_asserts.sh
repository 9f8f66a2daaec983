#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Runs last: no invariant of dokan.sys was found broken during the run. A checked driver
# (preset x64-checked) counts broken invariants and keeps the first one's file and line;
# wine-env.sh records them whenever it stops the driver (driver-asserts.log), and the
# driver running now is asked directly. A release driver compiles its asserts out and
# always reports 0.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
recorded=$DOKAN_BUILD_DIR/wine-logs/driver-asserts.log
tl_wine_setup
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_protocol.exe" --asserts || status=1
if [ -s "$recorded" ]; then
  echo "FAIL broken invariants recorded when the driver was stopped during the run:"
  cat "$recorded"
  status=1
fi
[ "$status" = 0 ] && echo "driver asserts: 1 passed, 0 failed" || echo "driver asserts: 0 passed, 1 failed"
exit $status
