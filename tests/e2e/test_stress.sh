#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# 16 threads of mixed operations (test_stress.exe) on mirror.exe with 5 and with 14 worker
# threads (/t): every read is checked against the model of its file, every file is read
# back whole at the end, and here, on the Linux side, the mirrored folder must hold exactly
# the bytes of the models the program saved. DOKAN_SEED reproduces a run.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
letter=T
ops=${DOKAN_STRESS_OPS:-300}

tl_wine_setup
for threads in 5 14; do
  work=$(mktemp -d "$DOKAN_BUILD_DIR/e2e-stress.XXXXXX")
  model=$(mktemp -d "$DOKAN_BUILD_DIR/e2e-stress-model.XXXXXX")
  echo "== mirror /t $threads"
  pid=$("$env_sh" mount "$work" "$letter" /t "$threads")
  "$env_sh" run "$DOKAN_BUILD_DIR/bin/test_stress.exe" "$letter" "$("$env_sh" winpath "$model")" "$ops" || status=1
  "$env_sh" run dokanctl.exe /u "$letter" >/dev/null || { echo "FAIL dokanctl /u $letter"; status=1; }
  "$env_sh" wait-exit "$pid" 30 || { echo "FAIL mirror.exe did not exit after unmount"; status=1; }
  count=0
  for f in "$model"/stress*.bin; do
    count=$((count + 1))
    cmp "$f" "$work/$(basename "$f")" || { echo "FAIL $(basename "$f") differs on the Linux side"; status=1; }
  done
  [ "$count" = 16 ] || { echo "FAIL $count model files (expected 16)"; status=1; }
  files=$(find "$work" -mindepth 1 -maxdepth 1 | wc -l)
  [ "$files" = 16 ] || { echo "FAIL the mirrored folder holds $files files"; status=1; }
  echo "/t $threads: $count files compared on the Linux side"
  rm -rf "$work" "$model"
done
[ "$status" = 0 ] && echo "e2e_stress: passed"
exit $status
