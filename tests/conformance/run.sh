#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# run.sh conformance|exerciser|conformance-memfs|exerciser-memfs [program arguments...]
#
# Sets up the Wine environment, creates two empty folders under the build directory, mounts
# the second with mirror.exe (or an empty memfs.exe volume), runs the program, unmounts
# with dokanctl /u and checks that the file system exits with 0.
#   conformance: conformance.exe --native <A> --mirror <B> --volume L:  (A and B start equal;
#                the program makes the same fixture in both for every case)
#   exerciser:   exerciser.exe --native <A> --root L: --backing <B> (the same seeded
#                sequence on Wine's own FS first, as a check of the model; seed from
#                DOKAN_SEED or the clock)
#   *-memfs:     the same on memfs, which has no backing folder: conformance.exe --fs memfs
#                makes each fixture through the volume and reads the side effects back
#                through it; the exerciser checks its final tree through the volume only.
#                DOKAN_MEMFS_ARGS adds memfs.exe options (e.g. "/t 8").
# Environment: DOKAN_BUILD_DIR (set by ctest), DOKAN_CF_LETTER (default M), DOKAN_SEED,
# DOKAN_EXERCISER_OPS (default 5000), DOKAN_CF_KEEP=1 keeps the folders,
# DOKAN_CF_THROUGH=win32: conformance runs under the Windows shim's launcher (wine-env.sh
# app, tests/winshim) and reaches the volume with the same ntdll calls as the native side.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
mode=${1:?usage: run.sh conformance|exerciser [args...]}
shift
letter=${DOKAN_CF_LETTER:-M}
fs=mirror
case $mode in
  conformance|exerciser) ;;
  conformance-memfs|exerciser-memfs) fs=memfs; mode=${mode%-memfs} ;;
  *) echo "run.sh: unknown mode $mode" >&2; exit 2 ;;
esac

tl_wine_setup

work=$(mktemp -d "$DOKAN_BUILD_DIR/$mode-$fs.XXXXXX")
mounted=0
# shellcheck disable=SC2317 # run at exit (tl_at_exit)
cleanup() { # at exit (tests/lib/testlib.sh keeps the script's exit status)
  if [ "$mounted" = 1 ]; then
    "$env_sh" run dokanctl.exe /u "$letter" >/dev/null 2>&1 || true
  fi
  if [ "${DOKAN_CF_KEEP:-0}" = 1 ]; then
    echo "run.sh: kept $work"
  else
    chmod -R u+rwX "$work" 2>/dev/null || true
    rm -rf "$work"
  fi
}
tl_at_exit cleanup
mkdir -p "$work/a" "$work/b"

if [ "$fs" = memfs ]; then
  # shellcheck disable=SC2086 # DOKAN_MEMFS_ARGS is a list of options
  # /z 1024: the size conformance.exe's memfs profile expects (a 1 GiB volume)
  pid=$("$env_sh" serve "$letter" "$DOKAN_BUILD_DIR/bin/memfs.exe" /l "$letter" /z 1024 ${DOKAN_MEMFS_ARGS:-})
  conformance_side=(--fs memfs)
  exerciser_side=()
else
  pid=$("$env_sh" mount "$work/b" "$letter")
  win_b=$("$env_sh" winpath "$work/b")
  conformance_side=(--mirror "$win_b")
  exerciser_side=(--backing "$win_b")
fi
mounted=1
win_a=$("$env_sh" winpath "$work/a")

status=0
start=$SECONDS
if [ "$mode" = conformance ]; then
  runner=run through=()
  if [ "${DOKAN_CF_THROUGH:-iohost}" = win32 ]; then
    runner=app through=(--through win32)
  fi
  "$env_sh" "$runner" "$DOKAN_BUILD_DIR/bin/conformance.exe" --native "$win_a" "${conformance_side[@]}" \
    --volume "$letter:" "${through[@]}" "$@" || status=$?
else
  seed=${DOKAN_SEED:-$(date +%s)}
  "$env_sh" run "$DOKAN_BUILD_DIR/bin/exerciser.exe" --native "$win_a" --root "$letter:" \
    "${exerciser_side[@]}" --seed "$seed" --ops "${DOKAN_EXERCISER_OPS:-5000}" "$@" || status=$?
fi
echo "run.sh: $mode on $fs took $((SECONDS - start)) s"

if "$env_sh" run dokanctl.exe /u "$letter"; then
  mounted=0
else
  echo "FAIL dokanctl /u $letter"
  status=1
fi
"$env_sh" wait-exit "$pid" 30 || { echo "FAIL $fs.exe did not exit after unmount"; status=1; }
rc=$("$env_sh" mirror-exit-code "$letter" || echo missing)
if [ "$rc" != 0 ]; then
  echo "FAIL $fs.exe exit code: $rc (expected 0)"
  status=1
fi
exit "$status"
