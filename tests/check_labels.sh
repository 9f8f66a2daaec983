#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# check_labels.sh <build dir>: every test ctest registers in that build carries at least one
# label (docs/testing.md, "Labels"): the tests of `ctest -N` are those of `ctest -N -L .`.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/testlib.sh"
build=${1:?usage: check_labels.sh <build dir>}

names() { ctest --test-dir "$build" -N "$@" | sed -n 's/^ *Test *#[0-9]*: //p' | sort; }
all=$(names)
labelled=$(names -L .)
unlabelled=$(comm -23 <(echo "$all") <(echo "$labelled"))
check "$(wc -l <<<"$all") tests registered" test -n "$all"
check "every test has a label${unlabelled:+ (none: $(echo "$unlabelled" | tr '\n' ' '))}" test -z "$unlabelled"
tl_finish ctest_labels
