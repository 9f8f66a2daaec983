#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench.sh: performance figures under Wine. Figures, not tests: it fails only when
# something does not work.
#
#   bench.sh [--quick] [--threads N] [--seconds S] [-- mirror options...]
#
#   1. the mirror against Wine's own file system (tests/bench/bench_io.c; not with --quick)
#   2. Dokan's own cost per request on memfs against the bare inverted call (pingdev.sys),
#      kernel transitions per request, reads and writes by size (bench_cost.exe)
#   3. how cost grows: listings, open files, pending requests (holdfs.exe), client threads
#      against worker threads
# and ends with one line:
#   bench-summary: roundtrip_vs_limit=R transitions_per_request=T list_growth=G open_growth=O pending_growth=P
#
#   --quick       a subset with small sizes and short cases (1-2 minutes with the setup)
#   --threads N   mirror.exe /t N for part 1 (default 5)
#   --seconds S   time per case (default 2; 0.4 with --quick)
#   -- ...        further mirror.exe options, e.g. -- /m
#
# Builds x64 if needed, sets up the Wine prefix (scripts/wine-env.sh setup), mounts each
# file system in turn on one drive letter, unmounts with dokanctl /u and tears everything
# down, also on failure. Environment: DOKAN_BENCH_LETTER (default N), DOKAN_BUILD_DIR
# (default build/x64, the x64 preset's dir; configured with cmake --preset x64 -B
# "$DOKAN_BUILD_DIR" when set), WINEPREFIX and the rest as scripts/wine-env.sh documents.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
env_sh=$repo/scripts/wine-env.sh

note() { echo "bench.sh: $*" >&2; }
die() { note "error: $*"; exit 1; }
usage() { sed -n '6,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

quick=0
threads=5
seconds=
mirror_opts=()
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1; shift ;;
    --threads) [ $# -ge 2 ] || usage; threads=$2; shift 2 ;;
    --threads=*) threads=${1#*=}; shift ;;
    --seconds) [ $# -ge 2 ] || usage; seconds=$2; shift 2 ;;
    --seconds=*) seconds=${1#*=}; shift ;;
    --) shift; mirror_opts+=("$@"); break ;;
    -h | --help) usage ;;
    *) note "unknown argument: $1"; usage ;;
  esac
done
if [ -z "$seconds" ]; then
  seconds=2
  [ "$quick" = 0 ] || seconds=0.4
fi
[[ $threads =~ ^[0-9]+$ ]] || die "--threads takes a number, not: $threads"
[[ $seconds =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--seconds takes a number, not: $seconds"
letter=${DOKAN_BENCH_LETTER:-N}
letter=${letter%%:*}
letter=${letter^^}
[[ $letter =~ ^[A-Z]$ ]] || die "DOKAN_BENCH_LETTER is not a drive letter: $letter"

# What each part measures, full run and --quick.
if [ "$quick" = 0 ]; then
  rw_sizes=(4 64 1024 8192)            # KiB
  list_sizes=(1000 10000 50000)
  open_sizes=(1 1000 10000)            # other files open, from the largest listing folder
  pending_sizes=(1 100 1000)
  client_counts=(1 2 4 8)
  worker_counts=(1 5 14)
else
  rw_sizes=(4 1024)
  list_sizes=(100 400)
  open_sizes=(1 50)
  pending_sizes=(1 20)
  client_counts=(1 4)
  worker_counts=(5)
fi
open_folder="\\list${list_sizes[-1]}"

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
bin=$build/bin
for f in bench_io.exe bench_cost.exe holdfs.exe memfs.exe pingdev.sys; do
  [ -f "$bin/$f" ] || die "no $bin/$f after the build"
done
# The longest step (populating 61,000 files, holding 10,000 open) stays well below this.
export DOKAN_RUN_TIMEOUT=${DOKAN_RUN_TIMEOUT:-1800}

# ---- mounts and cleanup ------------------------------------------------------------------
data=
fs_pid=
out=$(mktemp "${TMPDIR:-/tmp}/dokan-bench.XXXXXX")
results=$out.results
: >"$results"

unmount() { # unmount: dokanctl /u, then the file system must exit with 0
  local rc
  [ -n "$fs_pid" ] || return 0
  "$env_sh" run dokanctl.exe /u "$letter" >/dev/null || { note "dokanctl /u $letter failed"; return 1; }
  "$env_sh" wait-exit "$fs_pid" 30 || { note "the file system on $letter: did not exit"; return 1; }
  fs_pid=
  rc=$("$env_sh" mirror-exit-code "$letter" || echo missing)
  [ "$rc" = 0 ] || { note "file system exit code on $letter: $rc (expected 0)"; return 1; }
}

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  local rc=$?
  set +e
  if [ -n "$fs_pid" ]; then
    note "cleanup: unmounting $letter:"
    unmount >/dev/null 2>&1
  fi
  "$env_sh" run "$bin/bench_cost.exe" remove-ping >/dev/null 2>&1
  "$env_sh" teardown
  [ -z "$data" ] || rm -rf "$data"
  rm -f "$out" "$results"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

serve() { # serve <Linux path of the program> [args]: mount it on $letter
  fs_pid=$("$env_sh" serve "$letter" "$@")
}

# bench <args>: bench_cost.exe on $letter; output shown, results kept. The output goes to a
# file, never a pipe (wine-env.sh, "Rules this script keeps").
bench() {
  local mode=$1 status=0
  shift
  "$env_sh" run "$bin/bench_cost.exe" "$mode" "$letter" "$seconds" "$@" >"$out" 2>&1 || status=$?
  tr -d '\r' <"$out" | grep -v '^result: '
  tr -d '\r' <"$out" | sed -n 's/^result: //p' >>"$results"
  [ "$status" -eq 0 ] || die "bench_cost.exe $mode failed with exit code $status"
}

result() { # result <name>: a figure gathered from bench_cost.exe, or na
  local v
  v=$(sed -n "s/^$1=//p" "$results" | tail -n 1)
  echo "${v:-na}"
}

"$env_sh" setup

# ---- 1. the mirror against Wine's own file system ----------------------------------------
mirror_part() {
  data=$(mktemp -d "$build/bench-data.XXXXXX")
  head -c $((16 * 1024 * 1024)) /dev/urandom >"$data/big.bin"
  head -c 4096 /dev/urandom >"$data/small.bin"
  mkdir "$data/dir500"
  for i in $(seq -w 1 500); do
    printf 'entry %s\n' "$i" >"$data/dir500/file$i.txt"
  done
  fs_pid=$("$env_sh" mount "$data" "$letter" /t "$threads" "${mirror_opts[@]}")
  local winpath status=0
  winpath=$("$env_sh" winpath "$data")
  echo "== 1. mirror.exe /t $threads${mirror_opts[*]:+ ${mirror_opts[*]}} on $letter: against Wine's own file system"
  "$env_sh" run "$bin/bench_io.exe" "$letter" "$winpath" "$seconds" >"$out" 2>&1 || status=$?
  tr -d '\r' <"$out"
  [ "$status" -eq 0 ] || die "bench_io.exe failed with exit code $status"
  unmount || die "unmounting the mirror failed"
  rm -rf "$data"
  data=
}
[ "$quick" = 1 ] || mirror_part

# ---- 2. and 3. on memfs ------------------------------------------------------------------
ping_loaded=0
if "$env_sh" run "$bin/bench_cost.exe" install-ping "$("$env_sh" winpath "$bin/pingdev.sys")" >"$out" 2>&1; then
  ping_loaded=1
else
  tr -d '\r' <"$out" >&2
  note "pingdev.sys did not load: no bare inverted-call figure"
fi

echo "== 2. Dokan's own cost (memfs /t 5; pingdev.sys loaded: $ping_loaded)"
serve "$bin/memfs.exe" /l "$letter" /t 5 /z 512
bench cost
bench rw "${rw_sizes[@]}"
echo "== 3. how cost grows"
bench list "${list_sizes[@]}"
bench open "$open_folder" "${open_sizes[@]}"
threads_lines=$out.threads
: >"$threads_lines"
for w in "${worker_counts[@]}"; do
  if [ "$w" != 5 ]; then
    unmount || die "unmounting memfs failed"
    serve "$bin/memfs.exe" /l "$letter" /t "$w" /z 512
  fi
  bench threads "$w" "${client_counts[@]}" >>"$threads_lines"
done
unmount || die "unmounting memfs failed"

echo "null requests per second (FileBasicInformation on memfs; each client thread its own file)"
{
  printf '  %-16s' "workers \\ clients"
  for c in "${client_counts[@]}"; do printf ' %9s' "$c"; done
  echo
  for w in "${worker_counts[@]}"; do
    printf '  %-16s' "$w"
    for c in "${client_counts[@]}"; do
      printf ' %9s' "$(sed -n "s/^threads: workers=$w clients=$c requests_per_s=//p" "$threads_lines" | head -n 1)"
    done
    echo
  done
}
rm -f "$threads_lines"

serve "$bin/holdfs.exe" "$letter"
bench pending "${pending_sizes[@]}"
unmount || die "unmounting holdfs failed"

echo "bench-summary: roundtrip_vs_limit=$(result roundtrip_vs_limit)" \
  "transitions_per_request=$(result transitions_per_request) list_growth=$(result list_growth)" \
  "open_growth=$(result open_growth) pending_growth=$(result pending_growth)"
