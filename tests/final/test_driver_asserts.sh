#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Runs last: no invariant of dokan.sys was found broken during the run. A checked driver
# (preset x64-checked) counts broken invariants and keeps the first one's file and line;
# wine-env.sh records them whenever it stops the driver (driver-asserts.log), and the
# driver running now is asked directly. A release driver compiles its asserts out and
# always reports 0.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
env_sh=$here/../../scripts/wine-env.sh
: "${DOKAN_BUILD_DIR:?set by ctest}"
recorded=$DOKAN_BUILD_DIR/wine-logs/driver-asserts.log
status=0
"$env_sh" setup
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_protocol.exe" --asserts || status=1
if [ -s "$recorded" ]; then
  echo "FAIL broken invariants recorded when the driver was stopped during the run:"
  cat "$recorded"
  status=1
fi
[ "$status" = 0 ] && echo "driver asserts: 1 passed, 0 failed" || echo "driver asserts: 0 passed, 1 failed"
exit $status
