#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# dokanctl survives a busy service manager (issue 10). scm_busy.exe starts a service whose
# process takes hold_ms to come up; all that time the service manager keeps its start lock
# and any other StartService fails with ERROR_SERVICE_DATABASE_LOCKED (1055), as after a
# boot or while another installer runs. Meanwhile `dokanctl /r a` and then `dokanctl /i a`
# must succeed, saying on stderr that they retry, and Dokan and DokanMounter end RUNNING.
# (LockServiceDatabase cannot make the manager busy: scm_busy.exe lock-probe prints why.)
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
busy=$DOKAN_BUILD_DIR/bin/scm_busy.exe
# Wine's manager gives up on a service process after about 10 s (error 1053): stay below.
hold_ms=9000
logs=$(tl_tempdir e2e-busy-scm)
ctl() { # ctl <args>: runs dokanctl; its stdout+stderr in $out, exit code in $rc
  rc=0; out=$("$env_sh" run dokanctl.exe "$@" 2>&1) || rc=$?; out=${out//$'\r'/}
  printf '%s\n' "--- dokanctl $* (exit $rc):" "$out"
}
state_of() { "$env_sh" status 2>/dev/null | sed -n "s/^$1: *\([A-Z_]*\).*/\1/p"; }

tl_wine_setup
"$env_sh" run "$busy" lock-probe
# iohost calls into dokan.sys, so it goes first; the driver is stopped through wine-env.sh,
# which keeps a checked driver's count of broken invariants for e2e_driver_asserts.
"$env_sh" service stop DokanIoHost
"$env_sh" service stop Dokan

"$env_sh" run "$busy" hold "$hold_ms" >"$logs/hold.out" 2>&1 &
holder=$!
for _ in $(seq 300); do
  grep -q '^hold: starting' "$logs/hold.out" && break
  sleep 0.1
done
start=$SECONDS
ctl /r a
check "/r a succeeds while the service manager is busy ($rc)" '[ "$rc" = 0 ]'
ctl /i a
check "/i a succeeds while the service manager is busy ($rc)" '[ "$rc" = 0 ]'
check "/i a met the locked database and said it retries" \
  '[[ $out == *"error 1055"* ]] && [[ ${out,,} == *retry* ]]'
echo "dokanctl /r a + /i a took $((SECONDS - start)) s"
wait "$holder" || true
tr -d '\r' <"$logs/hold.out"
check "the busy service kept the manager busy (its start returned)" \
  'grep -q "^hold: StartService returned after" "$logs/hold.out"'
check "Dokan is RUNNING ($(state_of Dokan))" '[ "$(state_of Dokan)" = RUNNING ]'
check "DokanMounter is RUNNING ($(state_of DokanMounter))" '[ "$(state_of DokanMounter)" = RUNNING ]'

# The services were made anew by dokanctl; the next test's setup starts from a clean state.
"$env_sh" teardown
echo "busy service manager: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
