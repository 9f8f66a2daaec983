#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# build-installer.sh: builds the installers from build/x64 and build/x86 (both presets
# must be built) with NSIS's makensis:
#   build/installer/DokanInstall_<version>.exe      the release: a 32-bit program that
#                                                   installs on 32- and 64-bit Windows
#   build/installer/DokanInstall_<version>_x64.exe  the same script as a 64-bit program
#                                                   (64-bit Windows only; what the tests run
#                                                   where 32-bit programs cannot run)
# The version is the project's (CMakeLists.txt, project(... VERSION ...)).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$repo/build/installer
die() { echo "build-installer.sh: $*" >&2; exit 1; }

command -v makensis >/dev/null || die "makensis not found (Debian package nsis)"
version=$(sed -n 's/^project(dokan VERSION \([0-9.]*\).*/\1/p' "$repo/CMakeLists.txt")
[ -n "$version" ] || die "no project(dokan VERSION x.y.z) in CMakeLists.txt"
for arch in x64 x86; do
  for f in bin/dokan.sys bin/dokan.dll bin/dokannp.dll bin/dokanctl.exe bin/mounter.exe \
           bin/mirror.exe lib/dokan.lib; do
    [ -f "$repo/build/$arch/$f" ] || die "missing build/$arch/$f (build the $arch preset first)"
  done
done
mkdir -p "$out"
build() { # build <output file> [makensis options]
  local file=$1
  shift
  makensis -V2 -WX -NOCD "-DVERSION=$version" "-DSRC=$repo" \
    "-DX64=$repo/build/x64/bin" "-DX64LIB=$repo/build/x64/lib" \
    "-DX86=$repo/build/x86/bin" "-DX86LIB=$repo/build/x86/lib" \
    "-DOUTFILE=$out/$file" "-DOUTNAME=$file" "$@" "$repo/installer/dokan.nsi" >"$out/$file.log" 2>&1 ||
    { cat "$out/$file.log" >&2; die "makensis failed for $file"; }
  echo "$out/$file"
}
build "DokanInstall_$version.exe"
build "DokanInstall_${version}_x64.exe" -DSTUB=amd64-unicode
