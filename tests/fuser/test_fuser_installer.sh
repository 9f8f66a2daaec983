#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Fuser installer (scripts/build-installer.sh, FuserInstall_<v>[_x64].exe) in a fresh
# 64-bit prefix of its own: a silent install puts every file where Fuser's layout says,
# identical to the build (the headers, readme and mirror.c to their renamed copies), and
# runs the Fuser and FuserMounter services and no Dokan one; a silent uninstall removes
# them all (README, "The Fuser flavour").
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
# shellcheck source=tests/installer/lib.sh
. "$repo/tests/installer/lib.sh"
tl_need_build
export WINEPREFIX=$DOKAN_BUILD_DIR/wine-fuser-installer
export DOKAN_LOG_DIR=$DOKAN_BUILD_DIR/wine-logs/fuser-installer
# shellcheck disable=SC2317 # run at exit (tl_at_exit)
cleanup() {
  "$env_sh" teardown >/dev/null 2>&1 || true
  rm -rf "$WINEPREFIX"
}
tl_at_exit cleanup
cleanup
mkdir -p "$DOKAN_LOG_DIR"

mapfile -t built < <("$repo/scripts/build-installer.sh")
for f in "${built[@]}"; do
  case $(basename "$f") in FuserInstall_*_x64.exe) x64_installer=$f ;; FuserInstall_*.exe) release_installer=$f ;; esac
done
installer=$(inst_pick "${release_installer:-}" "${x64_installer:-}")
[ -n "$installer" ] && [ -f "$installer" ] || { echo "FAIL no Fuser installer built"; exit 1; }

drive_c=$WINEPREFIX/drive_c
inst=$drive_c/Program\ Files/Fuser/FuserLibrary
stage=$repo/build/installer/fuser-src
x64=$repo/build/x64 x86=$repo/build/x86
layout() {
  local a
  printf '%s\t%s\n' "$drive_c/windows/system32/drivers/fuser.sys" "$x64/bin/fuser/fuser.sys" \
    "$drive_c/windows/system32/fuser.dll" "$x64/bin/fuser/fuser.dll" \
    "$drive_c/windows/system32/fusernp.dll" "$x64/bin/fuser/fusernp.dll" \
    "$drive_c/windows/syswow64/fuser.dll" "$x86/bin/fuser/fuser.dll" \
    "$drive_c/windows/syswow64/fusernp.dll" "$x86/bin/fuser/fusernp.dll" \
    "$inst/readme.txt" "$stage/installer/readme.txt" \
    "$inst/fuser.h" "$stage/include/fuser.h" \
    "$inst/fuserc.h" "$stage/include/fuserc.h" \
    "$inst/sample/mirror/mirror.c" "$stage/samples/mirror/mirror.c"
  for a in x64 x86; do
    printf '%s\t%s\n' "$inst/$a/fuserctl.exe" "$repo/build/$a/bin/fuser/fuserctl.exe" \
      "$inst/$a/mounter.exe" "$repo/build/$a/bin/fuser/mounter.exe" \
      "$inst/$a/fuser.lib" "$repo/build/$a/lib/fuser.lib" \
      "$inst/sample/mirror/$a/mirror.exe" "$repo/build/$a/bin/fuser/mirror.exe"
  done
}

"$env_sh" exec "$x64/bin/fuser/fuserctl.exe" /v >/dev/null 2>&1 || true # boots the prefix
rc=0
"$env_sh" exec "$installer" /S >"$DOKAN_LOG_DIR/install.out" 2>&1 || rc=$?
[ "$rc" = 0 ] && ok "silent install of $(basename "$installer") exits with 0" || fail "silent install exited with $rc"
inst_check_installed
for s in Fuser FuserMounter; do
  st=$(inst_service_state "$s"); [ "$st" = RUNNING ] && ok "service $s RUNNING" || fail "service $s: $st"
done
for s in Dokan DokanMounter; do
  st=$(inst_service_state "$s"); [ "$st" = MISSING ] && ok "no service $s" || fail "service $s: $st"
done
[ ! -e "$drive_c/Program Files/Dokan" ] && ok "nothing under Program Files\\Dokan" ||
  fail "the Fuser installer created Program Files\\Dokan"

inst_uninstall "$inst" "$drive_c/Program Files/Fuser" "$DOKAN_LOG_DIR/uninstall.out" Fuser FuserMounter
tl_finish "fuser installer ($(basename "$installer"))"
