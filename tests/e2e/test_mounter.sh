#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# dokanctl and the DokanMounter service: exit codes and messages (docs/differences.md D13),
# the pipe protocol (test_mounter.c), a mounter restart while a volume stays mounted,
# unmount by index, and clear failures when the mounter or the driver is not running.
# shellcheck disable=SC2034 # some variables are read only inside check's quoted conditions
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
work=$(tl_tempdir e2e-mounter)
printf 'x\n' >"$work/x.txt"
ctl() { # ctl <args>: runs dokanctl; its stdout+stderr in $out, exit code in $rc
  rc=0; out=$("$env_sh" run dokanctl.exe "$@" 2>&1) || rc=$?; out=${out//$'\r'/}
}

tl_wine_setup
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_mounter.exe" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL test_mounter.exe"; }

ctl /v;        check "/v exits 0 with versions ($rc: $out)" '[ $rc = 0 ] && [[ $out == *600* ]] && [[ $out == *0x190* ]]'
ctl /u Q;      check "/u of no mount fails with a message ($rc: $out)" '[ $rc != 0 ] && [ -n "$out" ]'
ctl /x;        check "an unknown switch gives usage and a non-zero exit ($rc)" '[ $rc != 0 ]'
ctl;           check "no arguments give usage and a non-zero exit ($rc)" '[ $rc != 0 ]'

pid=$("$env_sh" mount "$work" M)
ctl /m;        check "/m lists M ($out)" '[ $rc = 0 ] && [[ $out == *M* ]] && [[ $out == *Volume\{D6CC17C5-* ]]'
"$env_sh" service stop DokanMounter
ctl /m;        check "/m fails clearly while the mounter is stopped ($rc: $out)" '[ $rc != 0 ] && [[ ${out,,} == *mounter* ]]'
"$env_sh" service start DokanMounter
ctl /m;        check "the restarted mounter lists the live mount ($out)" '[ $rc = 0 ] && [[ $out == *M:* ]]'
ctl /u M;      check "/u M after the restart ($rc: $out)" '[ $rc = 0 ]'
check "mirror exits after that unmount" '"$env_sh" wait-exit "$pid" 30'
check "mirror exit code 0" '[ "$("$env_sh" mirror-exit-code M)" = 0 ]'

pid=$("$env_sh" mount "$work" M)
ctl /u 0;      check "/u 0 unmounts the first listed mount ($rc: $out)" '[ $rc = 0 ]'
check "mirror exits after /u 0" '"$env_sh" wait-exit "$pid" 30'
ctl /m;        check "nothing is listed any more ($out)" '[ $rc = 0 ] && [[ $out != *Volume* ]]'

# two file-system processes at once, unmounted independently
pid=$("$env_sh" mount "$work" M)
pid2=$("$env_sh" serve N "$DOKAN_BUILD_DIR/bin/slowfs.exe" N 1000)
ctl /m;        check "/m lists M and N from two processes ($out)" '[[ $out == *M* ]] && [[ $out == *N* ]]'
ctl /u M;      check "/u M ($rc)" '[ $rc = 0 ]'
check "mirror (M:) exits, slowfs (N:) keeps running" '"$env_sh" wait-exit "$pid" 30 && [ -d /proc/$pid2 ]'
check "N: still answers after M: went" '[ "$("$env_sh" run dokanio.exe type "N:\\fast.txt")" = data ]'
ctl /u N;      check "/u N ($rc)" '[ $rc = 0 ]'
check "slowfs exits with 0 after its own unmount" '"$env_sh" wait-exit "$pid2" 30 && [ "$("$env_sh" mirror-exit-code N)" = 0 ]'

"$env_sh" service stop Dokan
ctl /v;        check "/v fails when the driver is not running ($rc: $out)" '[ $rc != 0 ]'
"$env_sh" service start Dokan
ctl /v;        check "/v works again ($rc)" '[ $rc = 0 ]'
echo "mounter: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
