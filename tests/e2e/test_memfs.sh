#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# memfs.exe through the real stack: its command line (usage and bad values exit with -1,
# i.e. 255, without mounting), then a 16 MiB volume with 8 worker threads for
# test_memfs.exe (size limit, names, a renamed folder's open file, 8 racing threads) and
# test_stress.exe (16 threads of checked I/O, one file each), then dokanctl /u and memfs's
# exit code 0.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
letter=Q
limit_mib=16
memfs=$DOKAN_BUILD_DIR/bin/memfs.exe

tl_wine_setup

# memfs_refuses <what> <args...>: memfs.exe must exit with 255 (its -1) and mount nothing.
memfs_refuses() {
  local what=$1 rc=0
  shift
  "$env_sh" run "$memfs" "$@" >/dev/null 2>&1 || rc=$?
  [ "$rc" = 255 ] && echo "ok: memfs $what exits with -1" || fail "memfs $what exited with $rc (expected 255)"
}
memfs_refuses "without arguments"
memfs_refuses "with /z 0" /l "$letter" /z 0
memfs_refuses "with /z abc" /l "$letter" /z abc
memfs_refuses "with /t and no value" /l "$letter" /t
memfs_refuses "with an unknown option" /l "$letter" /q

model=$(tl_tempdir e2e-memfs-model)
pid=$("$env_sh" serve "$letter" "$memfs" /l "$letter" /z "$limit_mib" /t 8)
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_memfs.exe" "$letter" "$limit_mib" || status=1
# test_stress.exe checks every byte through the volume; its models (for mirror's Linux-side
# comparison) have nowhere to be compared here
"$env_sh" run "$DOKAN_BUILD_DIR/bin/test_stress.exe" "$letter" "$("$env_sh" winpath "$model")" \
  "${DOKAN_STRESS_OPS:-150}" || status=1
"$env_sh" run dokanctl.exe /u "$letter" >/dev/null || fail "dokanctl /u $letter"
"$env_sh" wait-exit "$pid" 30 || fail "memfs.exe did not exit after unmount"
rc=$("$env_sh" mirror-exit-code "$letter" || echo missing)
[ "$rc" = 0 ] && echo "ok: memfs.exe exited with 0 after dokanctl /u" || fail "memfs.exe exit code: $rc (expected 0)"
[ "$status" = 0 ] && echo "e2e_memfs: passed"
exit $status
