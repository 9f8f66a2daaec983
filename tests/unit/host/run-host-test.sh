#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run-host-test.sh <name> <source>...: compiles a unit test of pure driver code with the
# host's C compiler (warnings are errors) and runs it. No Windows, no Wine: milliseconds.
set -euo pipefail
name=${1:?usage: run-host-test.sh <name> <source>...}
shift
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc -std=c11 -Wall -Wextra -Werror -DDK_HOST_BUILD -I"$here" -I"$here/../../../sys" "$@" -o "$out/$name"
"$out/$name"
