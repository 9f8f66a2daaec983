#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Dokan and Fuser side by side in one prefix (docs/behaviour.md, "The Fuser flavour"):
# both drivers and both mounters run; a Dokan mirror serves M: and a Fuser mirror N: at
# the same time; each is listed by its own control tool only, read through iohost
# (DOKAN_IOHOST_DRIVER=Fuser for N:), and unmounted by its own control tool while the
# other keeps serving.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
env_sh=$here/../../scripts/wine-env.sh
: "${DOKAN_BUILD_DIR:?set by ctest}"
fuser_bin=$DOKAN_BUILD_DIR/bin/fuser

"$env_sh" setup-fuser

dokan_dir=$(mktemp -d "$DOKAN_BUILD_DIR/fuser-sbs-dokan.XXXXXX")
fuser_dir=$(mktemp -d "$DOKAN_BUILD_DIR/fuser-sbs-fuser.XXXXXX")
out=$(mktemp -d "$DOKAN_BUILD_DIR/fuser-sbs-out.XXXXXX")
trap 'rm -rf "$dokan_dir" "$fuser_dir" "$out"' EXIT
printf 'served by dokan\n' >"$dokan_dir/dokan.txt"
printf 'served by fuser\n' >"$fuser_dir/fuser.txt"

status=0
fail() { echo "FAIL $*"; status=1; }
ok() { echo "ok: $*"; }

mount_dokan() { "$env_sh" mount "$dokan_dir" M; }
mount_fuser() { DOKAN_MIRROR_EXE=$fuser_bin/mirror.exe DOKAN_IOHOST_DRIVER=Fuser "$env_sh" mount "$fuser_dir" N; }
dokanctl() { "$env_sh" run dokanctl.exe "$@" </dev/null 2>&1 | tr -d '\r'; }
fuserctl() { "$env_sh" run "$fuser_bin/fuserctl.exe" "$@" </dev/null 2>&1 | tr -d '\r'; }
listed() { grep -qiE "(^|[^[:alnum:]])$1(:\\\\?)?([^[:alnum:]\\\\:]|$)"; } # listed <L> < list

# reads <L> <driver> <file> <text>: the file reads back through iohost and that driver
reads() {
  local got rc=0
  got=$(DOKAN_IOHOST_DRIVER=$2 "$env_sh" run dokanio.exe type "$1:\\$3" </dev/null 2>"$out/err") || rc=$?
  if [ "$rc" -eq 0 ] && [ "$got" = "$4" ]; then ok "$1:\\$3 reads through \\Driver\\$2"
  else fail "$1:\\$3 through \\Driver\\$2: exit $rc, '$got' $(tr -d '\r' <"$out/err")"; fi
}

# lists <ctl> <L> <yes|no>
lists() {
  local list
  list=$("$1" /m || true)
  if echo "$list" | listed "$2"; then
    [ "$3" = yes ] && ok "$1 /m lists $2:" || fail "$1 /m lists $2: ($list)"
  else
    [ "$3" = no ] && ok "$1 /m does not list $2:" || fail "$1 /m does not list $2: ($list)"
  fi
}

dokan_pid=$(mount_dokan)
fuser_pid=$(mount_fuser)
ok "Dokan mirror on M: (pid $dokan_pid), Fuser mirror on N: (pid $fuser_pid)"

lists dokanctl M yes; lists dokanctl N no
lists fuserctl N yes; lists fuserctl M no
reads M Dokan dokan.txt "served by dokan"
reads N Fuser fuser.txt "served by fuser"
# Isolation: N: is no device of \Driver\Dokan.
if DOKAN_IOHOST_DRIVER=Dokan "$env_sh" run dokanio.exe type 'N:\fuser.txt' </dev/null >/dev/null 2>&1; then
  fail "N: answered through \\Driver\\Dokan"
else ok "N: is not reachable through \\Driver\\Dokan"; fi
dokanctl /u N: >"$out/u.txt" || true
lists fuserctl N yes

# Dokan's tool unmounts M:; N: keeps serving.
dokanctl /u M: >/dev/null || true
"$env_sh" wait-exit "$dokan_pid" 30 && ok "dokanctl /u M: ended the Dokan mirror" ||
  fail "the Dokan mirror did not exit after dokanctl /u M:"
lists dokanctl M no
reads N Fuser fuser.txt "served by fuser"

# Fuser's tool unmounts N:; a new M: keeps serving.
dokan_pid=$(mount_dokan)
fuserctl /u N: >/dev/null || true
"$env_sh" wait-exit "$fuser_pid" 30 && ok "fuserctl /u N: ended the Fuser mirror" ||
  fail "the Fuser mirror did not exit after fuserctl /u N:"
lists fuserctl N no
reads M Dokan dokan.txt "served by dokan"
dokanctl /u M: >/dev/null || true
"$env_sh" wait-exit "$dokan_pid" 30 || fail "the second Dokan mirror did not exit"

[ "$status" = 0 ] && echo "fuser_side_by_side: ok"
exit "$status"
