#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# demo.sh: build, start Dokan under Wine, mirror a small folder on M:, look at it through
# the iohost test driver (dokanio), unmount, tear down. With DOKAN_BUILD_DIR set, that
# build is shown as it is instead of building the x64 preset.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib-packages.sh
. scripts/lib-packages.sh

wenv=scripts/wine-env.sh
letter=M
start=$SECONDS
step() { echo; echo "=== $* ($((SECONDS - start)) s)"; }
show() { echo "\$ $*"; "$wenv" run "$@"; }

folder=
finish() {
  local rc=$?
  trap - EXIT
  step "Tear down"
  "$wenv" teardown || true
  [ -z "$folder" ] || rm -rf "$folder"
  echo
  if [ "$rc" -eq 0 ]; then echo "demo finished in $((SECONDS - start)) s"; else echo "demo FAILED (exit $rc)"; fi
  exit "$rc"
}
trap finish EXIT

step "Packages"
ensure_packages
ensure_wine32

if [ -z "${DOKAN_BUILD_DIR:-}" ]; then
  step "Build (x64 preset)"
  cmake --preset x64
  cmake --build --preset x64
fi

step "Set up Wine: driver, mounter service, iohost test driver"
"$wenv" setup

step "A folder to mirror"
folder=$(mktemp -d "${TMPDIR:-/tmp}/dokan-demo.XXXXXX")
echo "Hello from Dokan under Wine" >"$folder/hello.txt"
mkdir "$folder/subfolder"
echo "a file in a subfolder" >"$folder/subfolder/notes.txt"
ls -lR "$folder"

step "Mount it on $letter: with mirror.exe"
pid=$("$wenv" mount "$folder" "$letter")
echo "mirror.exe runs as pid $pid"

step "List ${letter}:\\"
show dokanio.exe dir "${letter}:\\"

step "Read ${letter}:\\hello.txt"
show dokanio.exe type "${letter}:\\hello.txt"

step "File information of ${letter}:\\hello.txt"
show dokanio.exe stat "${letter}:\\hello.txt"

step "Volume information of ${letter}:"
show dokanio.exe vol "${letter}:"

step "Wine's own cmd.exe on ${letter}: (started by the shim's launcher: wine-env.sh app)"
app() { echo "+ wine-env.sh app $*"; "$wenv" app "$@" </dev/null | tr -d '\r'; }
app cmd /c dir "${letter}:\\"
app cmd /c type "${letter}:\\hello.txt"
app cmd /c copy "${letter}:\\hello.txt" "${letter}:\\copy.txt"
app cmd /c ren "${letter}:\\copy.txt" renamed.txt
app cmd /c dir /b "${letter}:\\"
app cmd /c del "${letter}:\\renamed.txt"
echo "on Linux, the mirrored folder now holds: $(find "$folder" -mindepth 1 -maxdepth 1 -printf '%f ')"

step "Unmount: dokanctl /u $letter"
show dokanctl.exe /u "$letter"
"$wenv" wait-exit "$pid" 20
echo "mirror.exe (pid $pid) has exited with code $("$wenv" mirror-exit-code "$letter")"

step "${letter}: is gone"
if show dokanio.exe dir "${letter}:\\"; then
  echo "${letter}: still answers after the unmount"
  exit 1
fi
echo "as expected, ${letter}: no longer answers"
