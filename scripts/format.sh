#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Layout of the product's C code (driver, DLL, shared code, tools, mounter, network
# provider, public headers, samples) by the repository's .clang-format; the tests keep
# their own layout. Usage:
#   scripts/format.sh            rewrites the files in place
#   scripts/format.sh --check    lists the files whose layout differs; exit 1 if any
# The layout is clang-format 14's (Debian 12); another major version may lay some lines out
# differently, so the check exits 77 (skip) with the reason rather than report them.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mode=${1:-apply}

tool=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$tool" ]; then
	echo "format: clang-format is not installed" >&2
	exit 77
fi
version=$("$tool" --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p')
if [ "$version" != 14 ]; then
	echo "format: $tool is version $version; the layout is defined by version 14" >&2
	exit 77
fi

mapfile -t files < <(git ls-files -- 'sys/*.[ch]' 'dll/*.[ch]' 'common/*.[ch]' 'include/*.h' \
	'dokanctl/*.[ch]' 'mounter/*.[ch]' 'dokannp/*.[ch]' 'samples/*.[ch]')

if [ "$mode" = apply ]; then
	"$tool" -i --style=file "${files[@]}"
	echo "format: ${#files[@]} files laid out"
	exit 0
fi
[ "$mode" = --check ] || { echo "usage: scripts/format.sh [--check]" >&2; exit 2; }
differ=0
for f in "${files[@]}"; do
	if ! "$tool" --style=file "$f" | cmp -s - "$f"; then
		echo "format: $f differs from .clang-format's layout (scripts/format.sh rewrites it)"
		differ=$((differ + 1))
	fi
done
echo "format: ${#files[@]} files checked, $differ differ"
[ "$differ" -eq 0 ]
