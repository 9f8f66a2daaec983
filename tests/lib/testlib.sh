# shellcheck shell=bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# testlib.sh - the one shell library of the test scripts
# (docs/testing.md, "Shared harnesses"). A script starts with
#   . "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"   (path relative to the script)
# and gets:
#   strict mode             set -euo pipefail
#   repo, here, env_sh      the repository, the sourcing script's folder, scripts/wine-env.sh
#   tl_need_build           DOKAN_BUILD_DIR must be set (ctest sets it); exported; an x86
#                           build's test is skipped where 32-bit programs cannot run
#   ok / fail / check       "ok: <what>" / "FAIL <what>" with counts in passed, failed;
#                           fail also sets status=1; check <what> <command...> runs the
#                           command (one word: evaluated as shell text) and calls ok or fail
#   skip <why>              prints "SKIPPED: <why>" and exits 77 (ctest's skip code)
#   tl_finish <name>        prints "<name>: P passed, F failed"; exits 1 on any failure
#   tl_tempdir <tag>        prints a new folder in the build folder (or $TMPDIR), removed at exit
#   tl_at_exit <command>    more cleanup at exit (the scripts' own traps would replace ours)
#   tl_wine_setup           the test prefix booted and the drivers started (wine-env.sh setup)
# A script may redefine ok or fail after sourcing (winprogs/lib.sh does, for its known
# defects): check calls whichever is defined.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[1]:-$0}")" && pwd)
env_sh=$repo/scripts/wine-env.sh
passed=0
failed=0
status=0
export repo here env_sh

ok() {
  passed=$((passed + 1))
  echo "ok: $*"
}

fail() {
  failed=$((failed + 1))
  status=1
  echo "FAIL $*"
}

# check <what> <command...>: a single argument is shell text (evaluated, so it may hold
# pipes, && and [[ ]]); several are a command and its arguments.
check() {
  local what=$1
  shift
  if [ $# -eq 1 ]; then
    if eval "$1"; then ok "$what"; else fail "$what"; fi
  elif "$@"; then
    ok "$what"
  else
    fail "$what"
  fi
}

skip() {
  echo "SKIPPED: $*"
  exit 77
}

tl_finish() {
  echo "$1: $passed passed, $failed failed"
  [ "$failed" = 0 ] && [ "$status" = 0 ]
}

# The x86 build's tests run 32-bit programs: where this machine cannot, they are skipped
# (DOKAN_TEST_ARCH: the architecture of the build that registered the test, set by ctest).
tl_need_build() {
  local why
  : "${DOKAN_BUILD_DIR:?set DOKAN_BUILD_DIR to the build folder (ctest does)}"
  export DOKAN_BUILD_DIR
  if [ "${DOKAN_TEST_ARCH:-}" = x86 ]; then
    why=$("$env_sh" can-run-x86) || skip "32-bit programs cannot run here: $why"
  fi
}

tl_exit_commands=()

tl_at_exit() {
  tl_exit_commands+=("$1")
}

tl_run_exit_commands() {
  local i
  for ((i = ${#tl_exit_commands[@]} - 1; i >= 0; i--)); do
    eval "${tl_exit_commands[$i]}" || true
  done
}
trap tl_run_exit_commands EXIT

# tl_tempdir <tag>: prints the path of a new folder, removed at exit (var=$(tl_tempdir x)
# works from the subshell: the folder is listed in a file the exit handler reads). In the
# build folder when there is one, so Wine (whose Z: is /) sees it under a stable path.
tl_made=$(mktemp "${TMPDIR:-/tmp}/testlib-made.XXXXXX")
tl_at_exit 'while IFS= read -r tl_dir; do rm -rf "$tl_dir"; done <"$tl_made"; rm -f "$tl_made"'

tl_tempdir() {
  local made
  made=$(mktemp -d "${DOKAN_BUILD_DIR:-${TMPDIR:-/tmp}}/$1.XXXXXX")
  printf '%s\n' "$made" >>"$tl_made"
  printf '%s\n' "$made"
}

tl_wine_setup() {
  "$env_sh" setup
}
