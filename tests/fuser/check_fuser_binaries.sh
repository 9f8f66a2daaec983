#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# check_fuser_binaries.sh <objdump> <bin dir> <lib dir>: the Fuser flavour's files exist,
# fuser.dll exports Dokan's 14 functions under Fuser names with the same ordinals, and no
# Fuser binary carries a Dokan name a Windows install would see (nor the other way round)
# (docs/behaviour.md, "The Fuser flavour").
set -euo pipefail
# A command that stops the script says so (it once failed in CI-like runs without a word).
trap 'echo "FAIL: line $LINENO: \"$BASH_COMMAND\" exited with $?"' ERR
objdump=$1 bin=$2 lib=$3
fail=0
bad() { echo "FAIL: $*"; fail=1; }

for f in fuser.sys fuser.dll fuserctl.exe mounter.exe mirror.exe fusernp.dll; do
  [ -f "$bin/fuser/$f" ] || bad "missing $bin/fuser/$f"
done
[ -f "$lib/fuser.lib" ] || bad "missing $lib/fuser.lib"
[ "$fail" = 0 ] || exit 1

# "<ordinal> <name>" lines of a DLL's export table.
# objdump's whole output is taken first: a reader that stops early (awk's exit, grep -q)
# would otherwise end objdump with SIGPIPE, which pipefail turns into a failure.
exports() {
  local dump
  dump=$("$objdump" -p "$1")
  echo "$dump" | awk '/^\[Ordinal\/Name Pointer\] Table/ {on=1; next} on && /^$/ {exit}
    on {gsub(/[][]/, ""); print $1, $2}' | sort -n
}
expected=$(exports "$bin/dokan.dll" | sed 's/Dokan/Fuser/')
actual=$(exports "$bin/fuser/fuser.dll")
[ "$(echo "$actual" | wc -l)" = 14 ] || bad "fuser.dll exports $(echo "$actual" | wc -l) names, not 14"
[ "$expected" = "$actual" ] || bad "fuser.dll exports differ from dokan.dll's renamed:
$(diff <(echo "$expected") <(echo "$actual") || true)"
echo "$actual" | grep -q '@' && bad "fuser.dll exports decorated names"
mirror_imports=$("$objdump" -p "$bin/fuser/mirror.exe" | grep -i 'DLL Name:' || true)
echo "$mirror_imports" | grep -qi 'DLL Name: fuser.dll' || bad "fuser mirror.exe does not import fuser.dll"
echo "$mirror_imports" | grep -qi 'DLL Name: dokan.dll' && bad "fuser mirror.exe imports dokan.dll"

# UTF-16 strings are what Windows sees: device, link, service, pipe, key and file names.
for f in "$bin"/fuser/*.sys "$bin"/fuser/*.dll "$bin"/fuser/*.exe; do
  hits=$(strings -el "$f" | grep -i 'dokan' || true)
  [ -z "$hits" ] || bad "$(basename "$f") (Fuser) holds Dokan names: $hits"
done
for f in dokan.sys dokan.dll dokanctl.exe mounter.exe mirror.exe dokannp.dll; do
  [ -f "$bin/$f" ] || continue
  hits=$(strings -el "$bin/$f" | grep -i 'fuser' || true)
  [ -z "$hits" ] || bad "$f (Dokan) holds Fuser names: $hits"
done
[ "$fail" = 0 ] && echo "fuser binaries: ok (14 exports, no shared names)"
exit "$fail"
