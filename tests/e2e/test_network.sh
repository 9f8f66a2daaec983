#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# Network mode through the real stack: `dokanctl /i n` writes the provider's registry values
# (twice: ",Dokan" is never duplicated in ProviderOrder, other providers are kept),
# dokannp.dll goes to the system folder as the installer puts it, `mirror /n` mounts a
# folder as N: (\Device\DokanRedirector{...}), test_network.exe checks the volume and every
# provider entry point (with N: mounted and Q: unused), files go both ways through iohost,
# and `dokanctl /r n` (twice) removes exactly what was added.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
letter=N unused=Q
reg='C:\windows\system32\reg.exe'
order_key='HKLM\System\CurrentControlSet\Control\NetworkProvider\Order'
np_key='HKLM\System\CurrentControlSet\Services\Dokan\NetworkProvider'

tl_wine_setup
prefix=$("$env_sh" status | sed -n 's/^prefix: *\(.*\) (.*/\1/p')
work=$(mktemp -d "$DOKAN_BUILD_DIR/e2e-network.XXXXXX")
np_dll=$prefix/drive_c/windows/system32/dokannp.dll
tl_at_exit 'rm -rf "$work" "$np_dll"; "$env_sh" run "$reg" delete "$order_key" /f >/dev/null 2>&1 || true'

reg_value() { # reg_value <key> <name>: prints the data, nothing if absent
  "$env_sh" run "$reg" query "$1" /v "$2" 2>/dev/null | tr -d '\r' |
    awk -v name="$2" '$1 == name && $2 ~ /^REG_/ {sub(/^ *[^ ]+ +[^ ]+ +/, ""); print}'
}
expect_value() { # expect_value <key> <name> <expected> <what>
  local got
  got=$(reg_value "$1" "$2")
  if [ "$got" = "$3" ]; then ok "$4"; else fail "$4: got '$got', expected '$3'"; fi
}
dokanctl() { "$env_sh" run dokanctl.exe "$@" >"$work/dokanctl.out" 2>&1 || true; }

"$env_sh" run "$reg" add "$order_key" /v ProviderOrder /d 'LanmanWorkstation,RDPNP' /f >/dev/null
dokanctl /i n
dokanctl /i n
expect_value "$order_key" ProviderOrder 'LanmanWorkstation,RDPNP,Dokan' \
  "/i n twice: ProviderOrder gains one ',Dokan'"
expect_value "$np_key" DeviceName '\Device\DokanRedirector' "/i n: DeviceName"
expect_value "$np_key" Name 'DokanNP' "/i n: Name"
expect_value "$np_key" ProviderPath 'System32\dokannp.dll' "/i n: ProviderPath"

cp "$DOKAN_BUILD_DIR/bin/dokannp.dll" "$np_dll"
mkdir -p "$work/root"
printf 'over the network\n' >"$work/root/hello.txt"
pid=$("$env_sh" mount "$work/root" "$letter" /n)
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_network.exe" "$letter" "$unused" || status=1
got=$("$env_sh" run dokanio.exe type "$letter:\\hello.txt" | tr -d '\r')
[ "$got" = 'over the network' ] && ok "dokanio reads the network volume" ||
  fail "dokanio type: '$got'"
printf 'written back\n' | "$env_sh" run dokanio.exe put - "$letter:\\back.txt" >/dev/null &&
  [ "$(cat "$work/root/back.txt" 2>/dev/null)" = 'written back' ] &&
  ok "dokanio writes through the network volume" || fail "dokanio put to $letter:"
list=$("$env_sh" run dokanctl.exe /m 2>&1 | tr -d '\r')
grep -q "$letter .*\\\\DokanRedirector{D6CC17C5-" <<<"$list" &&
  ok "dokanctl /m lists the redirector device" || fail "dokanctl /m: $list"
"$env_sh" run dokanctl.exe /u "$letter" >/dev/null || fail "dokanctl /u $letter"
"$env_sh" wait-exit "$pid" 30 || fail "mirror.exe did not exit after unmount"
rc=$("$env_sh" mirror-exit-code "$letter" || echo missing)
[ "$rc" = 0 ] && ok "mirror /n exits with 0" || fail "mirror.exe exit code: $rc"

dokanctl /r n
dokanctl /r n
expect_value "$order_key" ProviderOrder 'LanmanWorkstation,RDPNP' "/r n twice: ProviderOrder as before"
if "$env_sh" run "$reg" query "$np_key" >/dev/null 2>&1; then
  fail "/r n: $np_key is still there"
else
  ok "/r n: the NetworkProvider key is gone"
fi
[ "$status" = 0 ] && echo "e2e_network: passed"
exit $status
