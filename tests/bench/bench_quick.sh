#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench_quick: `scripts/bench.sh --quick` runs to the end and its last line is a well-formed
# summary in which every figure is a number (na would mean a part did not run: pingdev.sys
# not loaded). Figures are not judged: they are benchmarks, not test results.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

log=$(mktemp "${TMPDIR:-/tmp}/bench-quick.XXXXXX")
tl_at_exit 'rm -f "$log" "$log.err"'

# the summary ends standard output; notes (setup, teardown) go to standard error
"$repo/scripts/bench.sh" --quick >"$log" 2>"$log.err" || status=$?
cat "$log.err" "$log"
[ "$status" -eq 0 ] || { echo "FAIL: bench.sh --quick exited with $status"; exit 1; }

number='[0-9]+([.][0-9]+)?'
last=$(tail -n 1 "$log")
pattern="^bench-summary: roundtrip_vs_limit=$number transitions_per_request=$number"
pattern+=" list_growth=$number open_growth=$number pending_growth=$number\$"
if [[ $last =~ $pattern ]]; then
  echo "PASS: $last"
else
  echo "FAIL: the last line is not a bench-summary line: $last"
  exit 1
fi
