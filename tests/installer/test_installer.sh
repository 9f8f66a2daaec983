#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The installer in a fresh 64-bit Wine prefix of its own: builds it (scripts/build-
# installer.sh), shows that it fails visibly (exit 3) when the services cannot run, then
# installs silently, checks every file against the build byte for byte and both services
# RUNNING, mounts a folder with the installed mirror.exe (which loads the installed
# dokan.dll) and reads it through iohost, unmounts with the installed dokanctl, registers
# the network provider, uninstalls silently and checks that every file, both services, the
# provider's registry values and the Add/Remove Programs entry are gone.
# The release installer is a 32-bit program; where this machine cannot run 32-bit programs
# the same script built as a 64-bit program (DokanInstall_<v>_x64.exe) is tested instead,
# and the x86 mirror is not run (both said in the output).
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
# shellcheck source=tests/installer/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tl_need_build
export WINEPREFIX=$DOKAN_BUILD_DIR/wine-installer
export DOKAN_LOG_DIR=$DOKAN_BUILD_DIR/wine-logs/installer
letter=V
reg='C:\windows\system32\reg.exe'
sc='C:\windows\system32\sc.exe'
uninstall_key='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\Dokan'
np_key='HKLM\System\CurrentControlSet\Services\Dokan\NetworkProvider'
order_key='HKLM\System\CurrentControlSet\Control\NetworkProvider\Order'

work=$(mktemp -d "$DOKAN_BUILD_DIR/e2e-installer.XXXXXX")
# shellcheck disable=SC2317 # run at exit (tl_at_exit)
cleanup() {
  "$env_sh" teardown >/dev/null 2>&1 || true
  rm -rf "$work" "$WINEPREFIX"
}
tl_at_exit cleanup
"$env_sh" teardown >/dev/null 2>&1 || true
rm -rf "$WINEPREFIX"
mkdir -p "$DOKAN_LOG_DIR"

mapfile -t built < <("$repo/scripts/build-installer.sh")
version=$(sed -n 's/^project(dokan VERSION \([0-9.]*\).*/\1/p' "$repo/CMakeLists.txt")
x86_status=$("$env_sh" can-run-x86) || true
installer=$(inst_pick "${built[0]}" "${built[1]}")
[ "$(basename "$installer")" != "" ] && [ -f "$installer" ] || { echo "FAIL no installer built"; exit 1; }
for f in "${built[@]:0:2}"; do # the Dokan ones (tests/fuser tests Fuser's)
  python3 "$repo/tests/version/check_version.py" "$version" "$f|installer|Dokan $version installer" \
    >"$work/version.out" 2>&1 && ok "version resource of $(basename "$f")" ||
    { cat "$work/version.out"; fail "version resource of $(basename "$f")"; }
done

drive_c=$WINEPREFIX/drive_c
inst=$drive_c/Program\ Files/Dokan/DokanLibrary
x64=$repo/build/x64 x86=$repo/build/x86

# "<installed file>\t<build file>" for everything the installer puts on a 64-bit system.
layout() {
  local a
  printf '%s\t%s\n' "$drive_c/windows/system32/drivers/dokan.sys" "$x64/bin/dokan.sys" \
    "$drive_c/windows/system32/dokan.dll" "$x64/bin/dokan.dll" \
    "$drive_c/windows/system32/dokannp.dll" "$x64/bin/dokannp.dll" \
    "$drive_c/windows/syswow64/dokan.dll" "$x86/bin/dokan.dll" \
    "$drive_c/windows/syswow64/dokannp.dll" "$x86/bin/dokannp.dll" \
    "$inst/readme.txt" "$repo/installer/readme.txt" \
    "$inst/license.lgpl.txt" "$repo/LICENSE.lgpl" \
    "$inst/license.mit.txt" "$repo/LICENSE.mit" \
    "$inst/dokan.h" "$repo/include/dokan.h" \
    "$inst/dokanc.h" "$repo/include/dokanc.h" \
    "$inst/sample/mirror/mirror.c" "$repo/samples/mirror/mirror.c"
  for a in x64 x86; do
    printf '%s\t%s\n' "$inst/$a/dokanctl.exe" "$repo/build/$a/bin/dokanctl.exe" \
      "$inst/$a/mounter.exe" "$repo/build/$a/bin/mounter.exe" \
      "$inst/$a/dokan.lib" "$repo/build/$a/lib/dokan.lib" \
      "$inst/sample/mirror/$a/mirror.exe" "$repo/build/$a/bin/mirror.exe"
  done
}

reg_has() { "$env_sh" run "$reg" query "$@" >/dev/null 2>&1; }

# 1. The installer fails visibly when the driver service cannot run: a broken "Dokan"
#    service already exists, so `dokanctl /i a` cannot create a working one.
"$env_sh" exec "$x64/bin/dokanctl.exe" /v >/dev/null 2>&1 || true # boots the prefix
"$env_sh" run "$sc" create Dokan type= kernel start= demand binPath= 'C:\missing\dokan.sys' \
  >"$work/sc.out" 2>&1 || true
rc=0
"$env_sh" exec "$installer" /S >"$work/install-broken.out" 2>&1 || rc=$?
[ "$rc" = 3 ] && ok "install with a broken Dokan service fails with exit code 3" ||
  fail "install with a broken Dokan service exited with $rc (expected 3)"
"$env_sh" run "$inst/x64/dokanctl.exe" /r a >/dev/null 2>&1 || true
"$env_sh" run "$sc" delete Dokan >/dev/null 2>&1 || true

# 2. A silent install.
rc=0
"$env_sh" exec "$installer" /S >"$work/install.out" 2>&1 || rc=$?
[ "$rc" = 0 ] && ok "silent install exits with 0" || fail "silent install exited with $rc"
inst_check_installed
[ -f "$inst/uninstall.exe" ] && ok "uninstall.exe installed" || fail "no uninstall.exe"
for s in Dokan DokanMounter; do
  st=$(inst_service_state "$s")
  [ "$st" = RUNNING ] && ok "service $s RUNNING" || fail "service $s: $st"
done
reg_has "$uninstall_key" /v QuietUninstallString && ok "Add/Remove Programs entry" ||
  fail "no $uninstall_key"

# 3. The installed mirror (and DLL) mounts a folder; iohost (test-only) reads it.
"$env_sh" setup >"$work/setup.out" 2>&1 || { cat "$work/setup.out"; fail "wine-env.sh setup (iohost)"; }
mkdir -p "$work/root"
printf 'installed\n' >"$work/root/hello.txt"
mount_with() { # mount_with <arch>
  local pid got rc=0
  pid=$(DOKAN_MIRROR_EXE="$inst/sample/mirror/$1/mirror.exe" "$env_sh" mount "$work/root" "$letter") ||
    { fail "installed $1 mirror.exe did not mount"; return; }
  got=$("$env_sh" run dokanio.exe type "$letter:\\hello.txt" | tr -d '\r') || true
  [ "$got" = installed ] && ok "installed $1 mirror.exe serves $letter: (read through iohost)" ||
    fail "reading $letter: through the installed $1 mirror.exe: '$got'"
  "$env_sh" run "$inst/$1/dokanctl.exe" /u "$letter" >/dev/null 2>&1 || rc=$?
  [ "$rc" = 0 ] && ok "installed $1 dokanctl /u $letter" ||
    fail "installed dokanctl /u exited with $rc"
  "$env_sh" wait-exit "$pid" 30 || fail "mirror.exe did not exit after unmount"
}
mount_with x64
if [ "$x86_status" = ok ]; then mount_with x86
else echo "note: the installed x86 mirror.exe was not run: $x86_status"; fi
"$env_sh" run "$inst/x64/dokanctl.exe" /i n >/dev/null 2>&1 || true
reg_has "$np_key" && ok "dokanctl /i n registered the network provider" || fail "no $np_key"

# 4. A silent uninstall removes everything (the uninstaller runs from a temporary copy,
#    so its work is waited for).
inst_uninstall "$inst" "$drive_c/Program Files/Dokan" "$work/uninstall.out" Dokan DokanMounter
reg_has "$np_key" && fail "$np_key is still there" || ok "network provider values removed"
order=$("$env_sh" run "$reg" query "$order_key" /v ProviderOrder 2>/dev/null | tr -d '\r' || true)
grep -q Dokan <<<"$order" && fail "ProviderOrder still names Dokan: $order" ||
  ok "ProviderOrder no longer names Dokan"
reg_has "$uninstall_key" && fail "$uninstall_key is still there" || ok "Add/Remove Programs entry removed"
[ "$status" = 0 ] && echo "installer: passed ($(basename "$installer"), version $version)"
exit $status
