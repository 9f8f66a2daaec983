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
#   build/installer/FuserInstall_<version>[_x64].exe the same two for the Fuser flavour
#                                                   (README, "The Fuser flavour"): the
#                                                   script, readme, headers and mirror.c
#                                                   renamed by cmake/FuserRename.cmake
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
  build_from "$repo" "$repo/installer/dokan.nsi" "" "$@"
}
# build_from <source root> <script> <bin subfolder> <output file> [makensis options]
build_from() {
  local src=$1 nsi=$2 sub=$3 file=$4
  shift 4
  makensis -V2 -WX -NOCD "-DVERSION=$version" "-DSRC=$src" \
    "-DX64=$repo/build/x64/bin$sub" "-DX64LIB=$repo/build/x64/lib" \
    "-DX86=$repo/build/x86/bin$sub" "-DX86LIB=$repo/build/x86/lib" \
    "-DOUTFILE=$out/$file" "-DOUTNAME=$file" "$@" "$nsi" >"$out/$file.log" 2>&1 ||
    { cat "$out/$file.log" >&2; die "makensis failed for $file"; }
  echo "$out/$file"
}
build "DokanInstall_$version.exe"
build "DokanInstall_${version}_x64.exe" -DSTUB=amd64-unicode

# The Fuser flavour: its sources (script, readme, headers, mirror.c) renamed into a staging
# root, its binaries from bin/fuser; the licences as they are.
for arch in x64 x86; do
  for f in bin/fuser/fuser.sys bin/fuser/fuser.dll bin/fuser/fusernp.dll bin/fuser/fuserctl.exe \
           bin/fuser/mounter.exe bin/fuser/mirror.exe lib/fuser.lib; do
    [ -f "$repo/build/$arch/$f" ] || die "missing build/$arch/$f (build the $arch preset first)"
  done
done
stage=$out/fuser-src
rm -rf "$stage"
mkdir -p "$stage/installer" "$stage/include" "$stage/samples/mirror"
rename() { cmake "-DIN=$repo/$1" "-DOUT=$stage/$2" -P "$repo/cmake/FuserRename.cmake"; }
rename installer/dokan.nsi installer/fuser.nsi
rename installer/readme.txt installer/readme.txt
rename include/dokan.h include/fuser.h
rename include/dokanc.h include/fuserc.h
rename samples/mirror/mirror.c samples/mirror/mirror.c
cp "$repo/LICENSE.lgpl" "$repo/LICENSE.mit" "$stage/"
build_from "$stage" "$stage/installer/fuser.nsi" /fuser "FuserInstall_$version.exe"
build_from "$stage" "$stage/installer/fuser.nsi" /fuser "FuserInstall_${version}_x64.exe" -DSTUB=amd64-unicode
