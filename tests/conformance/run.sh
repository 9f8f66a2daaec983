#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# run.sh conformance|exerciser [program arguments...]
#
# Sets up the Wine environment, creates two empty folders under the build directory, mounts
# the second with mirror.exe, runs the program, unmounts with dokanctl /u and checks that
# mirror.exe exits with 0.
#   conformance: conformance.exe --native <A> --mirror <B> --volume L:  (A and B start equal;
#                the program makes the same fixture in both for every case)
#   exerciser:   exerciser.exe --native <A> --root L: --backing <B> (the same seeded
#                sequence on Wine's own FS first, as a check of the model; seed from
#                DOKAN_SEED or the clock)
# Environment: DOKAN_BUILD_DIR (set by ctest), DOKAN_CF_LETTER (default M), DOKAN_SEED,
# DOKAN_EXERCISER_OPS (default 5000), DOKAN_CF_KEEP=1 keeps the folders,
# DOKAN_CF_THROUGH=win32: conformance runs under the Windows shim's launcher (wine-env.sh
# app, tests/winshim) and reaches the volume with the same ntdll calls as the native side.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
env_sh=$here/../../scripts/wine-env.sh
: "${DOKAN_BUILD_DIR:?set DOKAN_BUILD_DIR (ctest does)}"
mode=${1:?usage: run.sh conformance|exerciser [args...]}
shift
letter=${DOKAN_CF_LETTER:-M}
case $mode in
  conformance|exerciser) ;;
  *) echo "run.sh: unknown mode $mode" >&2; exit 2 ;;
esac

"$env_sh" setup

work=$(mktemp -d "$DOKAN_BUILD_DIR/$mode.XXXXXX")
mounted=0
cleanup() {
  local rc=$?
  if [ "$mounted" = 1 ]; then
    "$env_sh" run dokanctl.exe /u "$letter" >/dev/null 2>&1 || true
  fi
  if [ "${DOKAN_CF_KEEP:-0}" = 1 ]; then
    echo "run.sh: kept $work"
  else
    chmod -R u+rwX "$work" 2>/dev/null || true
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
mkdir -p "$work/a" "$work/b"

pid=$("$env_sh" mount "$work/b" "$letter")
mounted=1
win_a=$("$env_sh" winpath "$work/a")
win_b=$("$env_sh" winpath "$work/b")

status=0
start=$SECONDS
if [ "$mode" = conformance ]; then
  runner=run through=()
  if [ "${DOKAN_CF_THROUGH:-iohost}" = win32 ]; then
    runner=app through=(--through win32)
  fi
  "$env_sh" "$runner" "$DOKAN_BUILD_DIR/bin/conformance.exe" --native "$win_a" --mirror "$win_b" \
    --volume "$letter:" "${through[@]}" "$@" || status=$?
else
  seed=${DOKAN_SEED:-$(date +%s)}
  "$env_sh" run "$DOKAN_BUILD_DIR/bin/exerciser.exe" --native "$win_a" --root "$letter:" \
    --backing "$win_b" --seed "$seed" --ops "${DOKAN_EXERCISER_OPS:-5000}" "$@" || status=$?
fi
echo "run.sh: $mode took $((SECONDS - start)) s"

if "$env_sh" run dokanctl.exe /u "$letter"; then
  mounted=0
else
  echo "FAIL dokanctl /u $letter"
  status=1
fi
"$env_sh" wait-exit "$pid" 30 || { echo "FAIL mirror.exe did not exit after unmount"; status=1; }
rc=$("$env_sh" mirror-exit-code "$letter" || echo missing)
if [ "$rc" != 0 ]; then
  echo "FAIL mirror.exe exit code: $rc (expected 0)"
  status=1
fi
exit "$status"
