#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# The conformance suite with its volume side run as any Windows program: under the
# launcher, through plain ntdll calls that the shim routes to iohost (conformance
# --through win32, via DOKAN_CF_THROUGH=win32 in tests/conformance/run.sh), on Y:.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
# shellcheck source=tests/winshim/winshim_lib.sh
. "$here/winshim_lib.sh"

winshim_skip_if_no_x86
DOKAN_CF_THROUGH=win32 DOKAN_CF_LETTER=Y exec bash "$here/../conformance/run.sh" conformance "$@"
