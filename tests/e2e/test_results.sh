#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# DokanMain's return codes that need the driver, provoked for real (see test_results.c);
# DOKAN_DRIVER_INSTALL_ERROR while dokan.sys is stopped, then the driver is started again.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
exe=$DOKAN_BUILD_DIR/bin/test_results.exe

tl_wine_setup
"$env_sh" run "$exe" || status=1
"$env_sh" service stop Dokan || status=1
"$env_sh" run "$exe" --no-driver || status=1
"$env_sh" service start Dokan || { echo "FAIL the driver does not start again"; status=1; }
exit $status
