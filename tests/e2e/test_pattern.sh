#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# FindFilesWithPattern, GetDiskFreeSpace and the default GetVolumeInformation through the
# real stack with patternfs.exe (see patternfs.c and test_pattern.c).
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
letter=P
tl_wine_setup
pid=$("$env_sh" serve "$letter" "$DOKAN_BUILD_DIR/bin/patternfs.exe" "$letter")
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_pattern.exe" "$letter" || status=1
"$env_sh" run dokanctl.exe /u "$letter" >/dev/null || status=1
"$env_sh" wait-exit "$pid" 30 || status=1
log=$DOKAN_BUILD_DIR/wine-logs/mirror-$letter.log
patterns=$(tr -d '\r' <"$log" | sed -n 's/^pattern: //p' | tr '\n' ' ')
if [ "$patterns" = '* *.txt c.* ' ]; then
  echo "ok: FindFilesWithPattern received: $patterns"
else
  echo "FAIL FindFilesWithPattern received [$patterns], expected [* *.txt c.* ]"; status=1
fi
rc=$("$env_sh" mirror-exit-code "$letter" || echo missing)
[ "$rc" = 0 ] || { echo "FAIL patternfs exit code $rc ($(tr -d '\r' <"$log" | grep patternfs: || true))"; status=1; }
exit $status
