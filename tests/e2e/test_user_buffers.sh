#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# iohost's two buffering modes on one mirror volume: test_user_buffers.exe runs once with
# iohost as a kernel-mode caller and once as the I/O manager serving a user-mode caller
# (system buffers, MDLs, bare "neither" buffers; tests/iohost/iohost_buffers.c).
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
tl_need_build
letter=U

work=$(mktemp -d "$DOKAN_BUILD_DIR/e2e-user-buffers.XXXXXX")
tl_at_exit 'rm -rf "$work"; DOKAN_IOHOST_MODE=kernel "$env_sh" setup >/dev/null 2>&1 || true'
DOKAN_IOHOST_MODE=kernel "$env_sh" setup
pid=$("$env_sh" mount "$work" "$letter")
for mode in kernel user; do
  # the mode is read when a client connects
  DOKAN_IOHOST_MODE=$mode "$env_sh" setup >/dev/null
  echo "iohost mode $mode:"
  "$env_sh" run "$DOKAN_BUILD_DIR/bin/test_user_buffers.exe" "$letter" || status=1
done
"$env_sh" run dokanctl.exe /u "$letter" >/dev/null || { echo "FAIL dokanctl /u $letter"; status=1; }
"$env_sh" wait-exit "$pid" 30 || { echo "FAIL mirror.exe did not exit after unmount"; status=1; }
[ "$status" = 0 ] && echo "e2e_user_buffers: passed"
exit $status
