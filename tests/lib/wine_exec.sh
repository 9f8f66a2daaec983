#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# wine_exec.sh <program> [args...]: runs a test program in the prefix (wine-env.sh exec) as
# dokan_add_wine_test registers it; a 32-bit program on a machine that cannot run 32-bit
# programs is a skip (77), not a failure (docs/testing.md, "Shared harnesses").
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/testlib.sh"
program=${1:?usage: wine_exec.sh <program> [args...]}
shift
tl_need_build
"$env_sh" exec "$program" "$@"
