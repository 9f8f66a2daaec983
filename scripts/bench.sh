#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench.sh: I/O figures for a mirror.exe volume under Wine (tests/bench/bench_io.c).
#
#   bench.sh [--threads N] [--seconds S] [-- mirror options...]
#
# Builds x64 if needed, sets up the Wine prefix (scripts/wine-env.sh setup), creates a
# folder with the benchmark's files under the build dir, mirrors it on a drive letter,
# runs bench_io.exe, unmounts with dokanctl /u and tears everything down, also on failure.
#
#   --threads N   mirror.exe /t N (default 5)
#   --seconds S   time per benchmark case (default 3)
#   -- ...        further mirror.exe options, e.g. -- /m
#
# Environment: DOKAN_BENCH_LETTER (default N), DOKAN_BUILD_DIR (default build/x64, the
# x64 preset's dir; configured with cmake --preset x64 -B "$DOKAN_BUILD_DIR" when set),
# WINEPREFIX and the rest as scripts/wine-env.sh documents.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
env_sh=$repo/scripts/wine-env.sh

note() { echo "bench.sh: $*" >&2; }
die() { note "error: $*"; exit 1; }
usage() { sed -n '6,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

threads=5
seconds=3
mirror_opts=()
while [ $# -gt 0 ]; do
  case $1 in
    --threads) [ $# -ge 2 ] || usage; threads=$2; shift 2 ;;
    --threads=*) threads=${1#*=}; shift ;;
    --seconds) [ $# -ge 2 ] || usage; seconds=$2; shift 2 ;;
    --seconds=*) seconds=${1#*=}; shift ;;
    --) shift; mirror_opts+=("$@"); break ;;
    -h | --help) usage ;;
    *) note "unknown argument: $1"; usage ;;
  esac
done
[[ $threads =~ ^[0-9]+$ ]] || die "--threads takes a number, not: $threads"
[[ $seconds =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--seconds takes a number, not: $seconds"
letter=${DOKAN_BENCH_LETTER:-N}
letter=${letter%%:*}
letter=${letter^^}
[[ $letter =~ ^[A-Z]$ ]] || die "DOKAN_BENCH_LETTER is not a drive letter: $letter"

# ---- build -------------------------------------------------------------------------------
cd "$repo"
if [ -n "${DOKAN_BUILD_DIR:-}" ]; then
  build=$(realpath -m "$DOKAN_BUILD_DIR")
  [ -f "$build/CMakeCache.txt" ] || cmake --preset x64 -B "$build"
  cmake --build "$build"
else
  build=$repo/build/x64
  [ -f "$build/CMakeCache.txt" ] || cmake --preset x64
  cmake --build --preset x64
fi
export DOKAN_BUILD_DIR=$build
bench_exe=$build/bin/bench_io.exe
[ -f "$bench_exe" ] || die "no $bench_exe after the build"

# 14 cases of $seconds each plus warm-ups and the data check; wine-env.sh's default
# bound (600 s) is kept unless the cases need more.
if [ -z "${DOKAN_RUN_TIMEOUT:-}" ]; then
  need=$(awk -v s="$seconds" 'BEGIN { printf "%d", 14 * s * 2 + 180 }')
  [ "$need" -gt 600 ] && export DOKAN_RUN_TIMEOUT=$need
fi

# ---- data, mount, run, cleanup -----------------------------------------------------------
data=
mirror_pid=
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  local rc=$?
  set +e
  if [ -n "$mirror_pid" ]; then
    note "cleanup: unmounting $letter:"
    "$env_sh" run dokanctl.exe /u "$letter" >/dev/null 2>&1
    "$env_sh" wait-exit "$mirror_pid" 30 >/dev/null 2>&1
  fi
  "$env_sh" teardown
  [ -z "$data" ] || rm -rf "$data"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$env_sh" setup

data=$(mktemp -d "$build/bench-data.XXXXXX")
head -c $((16 * 1024 * 1024)) /dev/urandom >"$data/big.bin"
head -c 4096 /dev/urandom >"$data/small.bin"
mkdir "$data/dir500"
for i in $(seq -w 1 500); do
  printf 'entry %s\n' "$i" >"$data/dir500/file$i.txt"
done

mirror_pid=$("$env_sh" mount "$data" "$letter" /t "$threads" "${mirror_opts[@]}")
winpath=$("$env_sh" winpath "$data")
note "mirror.exe /t $threads${mirror_opts[*]:+ ${mirror_opts[*]}} on $letter: (pid $mirror_pid), $winpath"

status=0
"$env_sh" run "$bench_exe" "$letter" "$winpath" "$seconds" || status=$?
[ "$status" -eq 0 ] || note "bench_io.exe failed with exit code $status"

if "$env_sh" run dokanctl.exe /u "$letter"; then
  if "$env_sh" wait-exit "$mirror_pid" 30; then
    mirror_pid=
    rc=$("$env_sh" mirror-exit-code "$letter" || echo missing)
    [ "$rc" = 0 ] || { note "mirror.exe exit code: $rc (expected 0)"; status=1; }
  else
    note "mirror.exe did not exit after dokanctl /u $letter"; status=1
  fi
else
  note "dokanctl /u $letter failed"; status=1
fi
exit "$status"
