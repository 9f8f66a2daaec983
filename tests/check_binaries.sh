#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# check_binaries.sh <objdump> <bin-dir> <lib-dir> <x86|x64>: the shapes the ABI promises.
# dokan.sys is a native driver importing only ntoskrnl.exe/hal.dll; dokan.dll exports the
# 14 undecorated names of 0.6.0; on x86 dokan.lib offers the stdcall-decorated symbols.
# shellcheck disable=SC2034 # some variables are read only inside check's quoted conditions
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/testlib.sh"
objdump=$1 bin=$2 lib=$3 arch=$4

sys_dump=$("$objdump" -p "$bin/dokan.sys")
imports=$(grep 'DLL Name' <<<"$sys_dump" | awk '{print tolower($3)}' | sort -u | tr '\n' ' ')
check "dokan.sys imports only ntoskrnl/hal (got: $imports)" '[[ "$imports" =~ ^(hal\.dll\ )?ntoskrnl\.exe\ $ ]]'
check "dokan.sys is a native-subsystem image" 'grep -q "(NT native)" <<<"$sys_dump"'

expected="DokanDriverVersion DokanIsNameInExpression DokanMain DokanMountControl DokanNetworkProviderInstall DokanNetworkProviderUninstall DokanOpenRequestorToken DokanRemoveMountPoint DokanResetTimeout DokanServiceDelete DokanServiceInstall DokanSetDebugMode DokanUnmount DokanVersion"
exports=$("$objdump" -p "$bin/dokan.dll" | sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' | awk '/\]/ && NR > 1 {print $3}' | sort | tr '\n' ' ')
check "dokan.dll exports exactly the 14 plain names (got: $exports)" '[ "${exports% }" = "$expected" ]'

def_names=$(grep -E '^\s+Dokan' "$(dirname "$0")/../dll/dokan.def" | awk '{print $1}' | tr '\n' ' ')
check "dokan.def lists the 14 names in 0.6.0's order" '[ "${def_names% }" = "DokanMain DokanUnmount DokanIsNameInExpression DokanServiceInstall DokanServiceDelete DokanVersion DokanDriverVersion DokanResetTimeout DokanNetworkProviderInstall DokanNetworkProviderUninstall DokanSetDebugMode DokanMountControl DokanOpenRequestorToken DokanRemoveMountPoint" ]'

# dokannp.dll: the 13 provider entry points under 0.6.0's ordinals
# (docs/behaviour.md, "dokannp.dll"), plain names
np_dump=$("$objdump" -p "$bin/dokannp.dll")
np_base=$(awk '/^Ordinal Base/ {print $3; exit}' <<<"$np_dump")
np_exports=$(sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' <<<"$np_dump" |
  awk -v base="$np_base" -F'[][]' '/\]/ && NR > 1 {gsub(/ /, "", $2); gsub(/^ +/, "", $3); print $3 ":" $2 + base}' |
  sort | tr '\n' ' ')
np_expected="NPAddConnection3:38 NPAddConnection:17 NPCancelConnection:18 NPCloseEnum:35 NPEnumResource:34 NPGetCaps:13 NPGetConnection:12 NPGetResourceInformation:52 NPGetResourceParent:41 NPGetUniversalName:40 NPLogonNotify:500 NPOpenEnum:33 NPPasswordChangeNotify:501"
check "dokannp.dll exports the 13 names with 0.6.0's ordinals (got: $np_exports)" '[ "${np_exports% }" = "$np_expected" ]'

if [ "$arch" = x86 ]; then
  nm=${objdump%objdump}nm
  symbols=$("$nm" "$lib/dokan.lib" | awk '$2 == "T" {print $3}' | sort | tr '\n' ' ')
  check "dokan.lib has _DokanMain@8 (got: $symbols)" '[[ " $symbols" == *" _DokanMain@8 "* ]]'
  check "dokan.lib has _DokanIsNameInExpression@12" '[[ " $symbols" == *" _DokanIsNameInExpression@12 "* ]]'
fi
check "dokan.lib exists" '[ -s "$lib/dokan.lib" ]'
echo "binaries ($arch): $passed passed, $failed failed"
[ "$failed" -eq 0 ]
