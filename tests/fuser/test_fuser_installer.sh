#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Fuser installer (scripts/build-installer.sh, FuserInstall_<v>[_x64].exe) in a fresh
# 64-bit prefix of its own: a silent install puts every file where Fuser's layout says,
# identical to the build (the headers, readme and mirror.c to their renamed copies), and
# runs the Fuser and FuserMounter services and no Dokan one; a silent uninstall removes
# them all (README, "The Fuser flavour").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
env_sh=$repo/scripts/wine-env.sh
: "${DOKAN_BUILD_DIR:?set by ctest}"
export WINEPREFIX=$DOKAN_BUILD_DIR/wine-fuser-installer
export DOKAN_LOG_DIR=$DOKAN_BUILD_DIR/wine-logs/fuser-installer
sc='C:\windows\system32\sc.exe'

status=0
fail() { echo "FAIL $*"; status=1; }
ok() { echo "ok: $*"; }
cleanup() {
  "$env_sh" teardown >/dev/null 2>&1 || true
  rm -rf "$WINEPREFIX"
}
trap cleanup EXIT
cleanup
mkdir -p "$DOKAN_LOG_DIR"

mapfile -t built < <("$repo/scripts/build-installer.sh")
installer=
for f in "${built[@]}"; do
  case $(basename "$f") in FuserInstall_*_x64.exe) x64_installer=$f ;; FuserInstall_*.exe) installer=$f ;; esac
done
x86_status=$("$env_sh" can-run-x86) || true
if [ "$x86_status" != ok ]; then
  installer=${x64_installer:-}
  echo "note: testing the 64-bit build of the Fuser installer script: $x86_status"
fi
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
state() { # RUNNING, STOPPED, ... or MISSING
  local out
  out=$("$env_sh" run "$sc" query "$1" 2>/dev/null | tr -d '\r') || { echo MISSING; return; }
  sed -n 's/^ *STATE *: *[0-9]* *\([A-Z_]*\).*/\1/p' <<<"$out"
}

"$env_sh" exec "$x64/bin/fuser/fuserctl.exe" /v >/dev/null 2>&1 || true # boots the prefix
rc=0
"$env_sh" exec "$installer" /S >"$DOKAN_LOG_DIR/install.out" 2>&1 || rc=$?
[ "$rc" = 0 ] && ok "silent install of $(basename "$installer") exits with 0" || fail "silent install exited with $rc"
bad=0
while IFS=$'\t' read -r installed source; do
  if [ ! -f "$installed" ]; then fail "not installed: ${installed#"$drive_c"/}"; bad=$((bad + 1))
  elif ! cmp -s "$installed" "$source"; then fail "differs from the build: ${installed#"$drive_c"/}"; bad=$((bad + 1))
  fi
done < <(layout)
[ "$bad" = 0 ] && ok "all $(layout | wc -l) files installed, identical to the build"
for s in Fuser FuserMounter; do
  st=$(state "$s"); [ "$st" = RUNNING ] && ok "service $s RUNNING" || fail "service $s: $st"
done
for s in Dokan DokanMounter; do
  st=$(state "$s"); [ "$st" = MISSING ] && ok "no service $s" || fail "service $s: $st"
done
[ ! -e "$drive_c/Program Files/Dokan" ] && ok "nothing under Program Files\\Dokan" ||
  fail "the Fuser installer created Program Files\\Dokan"

rc=0
"$env_sh" exec "$inst/uninstall.exe" /S >"$DOKAN_LOG_DIR/uninstall.out" 2>&1 || rc=$?
[ "$rc" = 0 ] && ok "silent uninstall exits with 0" || fail "silent uninstall exited with $rc"
for _ in $(seq 60); do [ -e "$inst" ] || break; sleep 0.5; done
left=0
while IFS=$'\t' read -r installed _; do
  [ ! -e "$installed" ] || { fail "left behind: ${installed#"$drive_c"/}"; left=$((left + 1)); }
done < <(layout)
[ "$left" = 0 ] && [ ! -e "$drive_c/Program Files/Fuser" ] && ok "every file and folder removed"
for s in Fuser FuserMounter; do
  st=$(state "$s"); [ "$st" = MISSING ] && ok "service $s removed" || fail "service $s: $st"
done
[ "$status" = 0 ] && echo "fuser installer: passed ($(basename "$installer"))"
exit $status
