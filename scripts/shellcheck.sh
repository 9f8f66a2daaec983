#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Static check of the project's own shell scripts (scripts/*.sh and any under installer/);
# tests/ is checked by its own suite. Usage: scripts/shellcheck.sh [source-dir].
# Exits 0 when shellcheck reports nothing, 1 otherwise (ctest shellcheck_scripts).
set -euo pipefail

root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"
mapfile -t files < <(find scripts installer -name '*.sh' -type f | sort)
# -x: follow the `source` lines, so the shared libraries are checked as they are used.
if shellcheck -x -f gcc "${files[@]}"; then
	echo "shellcheck: ${#files[@]} scripts, no findings"
else
	exit 1
fi
