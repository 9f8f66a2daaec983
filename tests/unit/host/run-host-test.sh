#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run-host-test.sh <name> <source>...: compiles a unit test of pure driver code with the
# host's C compiler (warnings are errors) and runs it. No Windows, no Wine: milliseconds.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../lib/testlib.sh"
name=${1:?usage: run-host-test.sh <name> <source>...}
shift
out=$(mktemp -d)
tl_at_exit 'rm -rf "$out"'
cc -std=c11 -Wall -Wextra -Werror -DDK_HOST_BUILD -I"$here" -I"$here/../../common" -I"$here/../../common" -I"$here/../../../sys" "$@" -o "$out/$name"
"$out/$name"
