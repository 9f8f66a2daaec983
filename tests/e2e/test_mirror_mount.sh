#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Mounts a temporary folder with mirror.exe as M: through the real dokan.sys in Wine's
# winedevice, checks it through the iohost test driver against the folder itself,
# unmounts with dokanctl /u M and checks that mirror exits with DokanMain's 0 and that
# M: is gone. Every wait is bounded by wine-env.sh.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
letter=M

tl_wine_setup

work=$(tl_tempdir e2e-mirror)
mkdir -p "$work/sub dir/deeper"
printf 'Hello from Dokan under Wine\n' >"$work/hello.txt"
: >"$work/empty.bin"
head -c 300000 /dev/urandom >"$work/random.bin"   # several reads, odd sizes
printf 'inner\n' >"$work/sub dir/inner.txt"
printf 'x%.0s' $(seq 1 5000) >"$work/sub dir/deeper/x.txt"

pid=$("$env_sh" mount "$work" "$letter")
winpath=$("$env_sh" winpath "$work")

"$env_sh" run "$DOKAN_BUILD_DIR/bin/e2e_check.exe" check "$letter" "$winpath" || status=1
"$env_sh" run dokanctl.exe /u "$letter" || { echo "FAIL dokanctl /u $letter"; status=1; }
"$env_sh" wait-exit "$pid" 30 || { echo "FAIL mirror.exe did not exit after unmount"; status=1; }
rc=$("$env_sh" mirror-exit-code "$letter" || echo missing)
if [ "$rc" = 0 ]; then
  echo "ok: mirror.exe exited with DokanMain's DOKAN_SUCCESS (0)"
else
  echo "FAIL mirror.exe exit code: $rc (expected 0)"; status=1
fi
"$env_sh" run "$DOKAN_BUILD_DIR/bin/e2e_check.exe" gone "$letter" || status=1
exit $status
