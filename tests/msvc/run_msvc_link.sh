#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# run_msvc_link.sh <x64|x86> <repo> <build dir> <mingw triple>: builds msvc_client.c the
# way an MSVC user would (clang in MSVC mode, lld-link with its defaults, against
# <build>/lib/dokan.lib), checks the import table (dokan.dll, undecorated names) and runs
# the program under Wine: "DokanVersion() = 600". Missing clang or lld-link is a failure:
# scripts/lib-packages.sh installs them. x86 programs run only where this machine can run
# 32-bit programs; elsewhere that one step is skipped with the reason.
# shellcheck disable=SC2034 # some variables are read only inside check's quoted conditions
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
arch=$1 repo=$2 build=$3 triple=$4
out=$build/msvc
finish() { echo "msvc link ($arch): $passed passed, $failed failed"; [ "$failed" -eq 0 ]; }

for tool in clang lld-link "$triple-objdump" "$triple-dlltool"; do
  command -v "$tool" >/dev/null || { echo "FAIL $tool is missing (scripts/lib-packages.sh installs clang and lld)"; exit 1; }
done
rm -rf "$out"
mkdir -p "$out"

case $arch in
  x64) target=x86_64-pc-windows-msvc machine=x64 symbol=__imp_DokanVersion
       kernel32=/usr/$triple/lib/libkernel32.a ;;
  # mingw-w64's headers expect the compiler to define _X86_ (the SDK's windows.h derives it
  # from _M_IX86). An MSVC x86 link wants SafeSEH-compatible objects (lld-link's default,
  # and /SAFESEH in Visual Studio projects); mingw's libkernel32.a members are not marked,
  # so the x86 client gets its own kernel32 import library, made and marked as dokan.lib is.
  x86) target=i386-pc-windows-msvc machine=x86 symbol=__imp__DokanVersion@0 extra=-D_X86_
       kernel32=$out/kernel32.lib
       "$triple-dlltool" -d "$here/kernel32-x86.def" -D kernel32.dll -k -l "$kernel32"
       cmake -DAR="$triple-ar" -DOBJCOPY="$triple-objcopy" -DLIBRARY="$kernel32" \
         -P "$repo/cmake/DokanSafeSeh.cmake" ;;
  *) echo "usage: $0 <x64|x86> <repo> <build dir> <mingw triple>" >&2; exit 2 ;;
esac

# Clang in MSVC mode does not claim to be GCC, so mingw-w64's headers would define
# __attribute__ away and break clang's own intrinsics headers; -fgnuc-version keeps it.
# Everything else (ABI, name decoration, object format) is MSVC's.
check "clang --target=$target compiles the client" \
  'clang --target=$target -fgnuc-version=4.2.1 ${extra:-} -Wall -Wextra -Werror -I"$repo/include" \
     -isystem /usr/share/mingw-w64/include -c "$here/msvc_client.c" -o "$out/msvc_client.obj"'
[ -f "$out/msvc_client.obj" ] || { finish; exit 1; }
check "the object asks for the MSVC-decorated $symbol" \
  '"$triple-objdump" -t "$out/msvc_client.obj" | grep -qE "\(sec +0\).* ${symbol}$"'

check "lld-link links it against $build/lib/dokan.lib" \
  'lld-link /nologo /nodefaultlib /entry:client_entry /subsystem:console /machine:$machine \
     /out:"$out/msvc_client.exe" "$out/msvc_client.obj" "$build/lib/dokan.lib" "$kernel32" \
     >"$out/link.log" 2>&1 || { cat "$out/link.log"; false; }'
[ -f "$out/msvc_client.exe" ] || { finish; exit 1; }

imports=$("$triple-objdump" -p "$out/msvc_client.exe")
dlls=$(awk '/DLL Name:/ {print tolower($3)}' <<<"$imports" | sort | tr '\n' ' ')
check "imports only dokan.dll and kernel32.dll (got: $dlls)" '[ "$dlls" = "dokan.dll kernel32.dll " ]'
names=$(awk '/DLL Name:/ {dll = tolower($3)} dll == "dokan.dll" && $1 ~ /^[0-9a-f]+$/ && NF == 3 {print $3}' \
  <<<"$imports" | sort | tr '\n' ' ')
check "imports the undecorated DokanDriverVersion and DokanVersion from dokan.dll (got: $names)" \
  '[ "$names" = "DokanDriverVersion DokanVersion " ]'

cp "$build/bin/dokan.dll" "$out/"
why=ok
[ "$arch" = x64 ] || why=$("$repo/scripts/wine-env.sh" can-run-x86) || true
if [ "$why" = ok ]; then
  rc=0
  run=$(DOKAN_BUILD_DIR=$build "$repo/scripts/wine-env.sh" exec "$out/msvc_client.exe" 2>&1) || rc=$?
  run=${run//$'\r'/}
  echo "$run"
  check "under Wine it prints DokanVersion() = 600 and exits 0 ($rc: $run)" \
    '[ "$rc" = 0 ] && grep -qx "DokanVersion() = 600" <<<"$run"'
else
  echo "SKIPPED running the x86 client under Wine: $why"
fi
finish
