#!/bin/bash
# SPDX-License-Identifier: MIT
#
# GCC's static analyzer (-fanalyzer) over the driver, the DLL and the service helpers
# they share. It reruns each compile command CMake recorded for those targets with the
# analyzer on and no object written, so it checks exactly what the build compiles.
#
# Usage: scripts/analyze.sh [build-dir]      (default build/x64-checked)
#        scripts/analyze.sh --self-test [build-dir]  (planted defects must be reported)
# Exit: 0 no findings, 1 findings (printed, with gcc's path to each), 2 usage or setup
# error, 77 no compile_commands.json in the build folder (ctest counts it as skipped).
# Suppressions, and why each is there: docs/style.md "Static checks".
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
targets=(dokan_sys dokan dokan_scm)
# The analyzer gives up on a path after a budget; the defaults stop it before the
# deeper dispatch paths (a request's lifetime crosses several functions).
analyzer_flags=(-fanalyzer -O0 --param=analyzer-max-enodes-per-program-point=40
	--param=analyzer-bb-explosion-factor=20 -Wno-error)

work=
trap '[ -z "$work" ] || rm -rf "$work"' EXIT

usage() {
	echo "usage: $0 [build-dir] | --self-test [build-dir]" >&2
	exit 2
}

# Prints one line per compile of the selected targets: "<file>\t<directory>\t<command>".
compile_commands_for_targets() {
	local db=$1
	python3 - "$db" "${targets[@]}" <<'EOF'
import json, sys
db, targets = sys.argv[1], sys.argv[2:]
for entry in json.load(open(db)):
    command = entry["command"]
    # C sources only: the DLL's version resource is compiled by windres
    if entry["file"].endswith(".c") and any(f"CMakeFiles/{t}.dir/" in command for t in targets):
        print(entry["file"] + "\t" + entry["directory"] + "\t" + command)
EOF
}

# Turns a recorded compile into an analysis: no optimisation, no object file.
analysis_command() {
	local command=$1
	# shellcheck disable=SC2001 # one sed per rewrite reads more plainly than bash patterns
	command=$(sed -e 's/ -O[0-3s]\b//g' -e 's/ -o [^ ]*/ -o \/dev\/null/' <<<"$command")
	echo "$command ${analyzer_flags[*]}"
}

# Analyses one file; its findings go to <out>. Prints nothing.
analyze_one() {
	local directory=$1 command=$2 out=$3
	(cd "$directory" && eval "$(analysis_command "$command")") >"$out" 2>&1 || true
}

count_findings() {
	awk '/warning: .*\[-Wanalyzer-/ {n++} END {print n + 0}' "$@"
}

analyze_build() {
	local build=$1 db=$1/compile_commands.json
	if [ ! -f "$db" ]; then
		echo "analyze: SKIPPED: $db not found (configure with a preset first)"
		exit 77
	fi
	work=$(mktemp -d)
	local jobs=0 files=0 directory command
	while IFS=$'\t' read -r _ directory command; do
		files=$((files + 1))
		analyze_one "$directory" "$command" "$work/$files.log" &
		jobs=$((jobs + 1))
		if [ "$jobs" -ge "$(nproc)" ]; then
			wait -n
			jobs=$((jobs - 1))
		fi
	done < <(compile_commands_for_targets "$db")
	wait
	if [ "$files" -eq 0 ]; then
		echo "analyze: no compile of ${targets[*]} in $db" >&2
		exit 2
	fi
	local findings
	findings=$(count_findings "$work"/*.log)
	# gcc's own diagnostics only ("file:line:col: error: "), not quoted source lines
	if grep -qE ': (fatal )?error: ' "$work"/*.log; then
		cat "$work"/*.log >&2
		echo "analyze: a compile failed under the analyzer" >&2
		exit 2
	fi
	echo "analyze: $files files of ${targets[*]}, $findings findings"
	if [ "$findings" -ne 0 ]; then
		cat "$work"/*.log
		exit 1
	fi
}

# Runs one planted file through the recorded compile of <source> (same flags, same
# include paths) and checks that each expected warning is reported.
expect_planted() {
	local db=$1 source=$2 planted=$3
	shift 3
	local directory command
	IFS=$'\t' read -r _ directory command < <(compile_commands_for_targets "$db" | grep -F "$source	")
	[ -n "$command" ] || {
		echo "analyze: $source is not compiled in $db" >&2
		exit 2
	}
	command=${command/ -c $source/ -I$(dirname "$source") -c $planted}
	analyze_one "$directory" "$command" "$planted.log"
	local want
	for want in "$@"; do
		if grep -q "$(basename "$planted").*\[-Wanalyzer-$want\]" "$planted.log"; then
			echo "ok - $(basename "$planted"): planted $want reported"
		else
			echo "not ok - $(basename "$planted"): planted $want not reported"
			cat "$planted.log"
			failed=1
		fi
	done
}

# Defects planted in driver and DLL code, compiled as the build compiles them: proves
# the flags, the include paths and DkAlloc's attribute still let the analyzer see them.
self_test() {
	local build=${1:-$root/build/x64-checked}
	[ -f "$build/compile_commands.json" ] || {
		echo "analyze: SKIPPED: $build/compile_commands.json not found"
		exit 77
	}
	work=$(mktemp -d)
	cat >"$work/planted_sys.c" <<'EOF'
#include "dk.h"
void PlantedLeak(void) { PULONG block = DkAlloc(16); if (block) *block = 1; }
void PlantedDoubleFree(void) { PVOID block = DkAlloc(16); DkFree(block); DkFree(block); }
ULONG PlantedUnchecked(void) { PULONG block = DkAlloc(16); ULONG v = *block; DkFree(block); return v; }
EOF
	cat >"$work/planted_dll.c" <<'EOF'
#include <stdlib.h>
#include <string.h>
void planted_double_free(void) { char *p = malloc(4); free(p); free(p); }
int planted_leak(int n) { char *p = malloc(n); if (!p) return -1; p[0] = 1; return n; }
void planted_unchecked(void) { char *p = malloc(8); memset(p, 0, 8); free(p); }
int planted_use_after_free(void) { int *p = malloc(4); if (!p) return 0; *p = 2; free(p); return *p; }
EOF
	failed=0
	expect_planted "$build/compile_commands.json" "$root/sys/util.c" "$work/planted_sys.c" \
		malloc-leak double-free possible-null-dereference
	expect_planted "$build/compile_commands.json" "$root/dll/worker.c" "$work/planted_dll.c" \
		malloc-leak double-free possible-null-argument use-after-free
	return "$failed"
}

case "${1:-}" in
--self-test) self_test "${2:-}" ;;
-*) usage ;;
*) analyze_build "${1:-$root/build/x64-checked}" ;;
esac
