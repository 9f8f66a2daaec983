# shellcheck shell=bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# The sourcing script sets repo, passed, failed (tests/lib/testlib.sh), out and test_name.
# shellcheck disable=SC2154
# lib.sh - sourced by the scripts that drive Windows programs we did not write (cmd, xcopy,
# cscript, ...) and win32api.exe against a drive letter. Two targets:
#   dokan   (default) the letter is a Dokan drive: mirror.exe serves a Linux folder through
#           iohost.sys -> dokan.sys -> dokan.dll, and programs run through
#           `wine-env.sh app`, which routes their file calls on that drive into the stack.
#   winefs  (DOKAN_WINPROGS_TARGET=winefs) the letter is a Wine drive mapped straight to the
#           same folder (a dosdevices link); programs run as plain Wine programs. This
#           shows what Wine's programs do on Wine's own file system, the reference a script
#           is written against; it is not a test of Dokan.
# Each script checks every result also on the Linux side of the folder.

# The sourcing script has sourced tests/lib/testlib.sh (repo, env_sh, check, counts).
: "${env_sh:?source tests/lib/testlib.sh before winprogs/lib.sh}"
target=${DOKAN_WINPROGS_TARGET:-dokan}
case $target in dokan|winefs) ;; *) echo "DOKAN_WINPROGS_TARGET must be dokan or winefs" >&2; exit 2 ;; esac

known_defects=0
# Open defects on the Dokan side, found by these tests and not fixed yet (issue 9's notes):
# a failing check whose text contains a registered substring is reported as KNOWN DEFECT
# and does not fail the test; a registered defect whose check passes is reported too, so
# the entry gets removed once the defect is fixed.
defect_texts=()
defect_reasons=()
defect() { defect_texts+=("$1"); defect_reasons+=("$2"); }
defect_for() { # defect_for <check text>: prints the reason if it is an open defect
  local i
  for i in "${!defect_texts[@]}"; do
    [[ $1 == *"${defect_texts[$i]}"* ]] && { echo "${defect_reasons[$i]}"; return 0; }
  done
  return 1
}
# ok and fail replace testlib.sh's: a failure of a registered open defect is not counted.
ok() {
  passed=$((passed + 1)); echo "ok: $*"
  if [ "$target" = dokan ] && defect_for "$*" >/dev/null; then echo "note: open defect fixed? $*"; fi
}
fail() {
  local reason
  if [ "$target" = dokan ] && reason=$(defect_for "$*"); then
    known_defects=$((known_defects + 1)); echo "KNOWN DEFECT: $* ($reason)"
  else
    failed=$((failed + 1)); echo "FAIL: $*"
  fi
}
# check_show <output name> <what> <command...>: as check, and on failure shows what the
# program printed (in $out/<output name>, the exit code in $rc when set).
check_show() {
  local name=$1 what=$2
  shift 2
  if "$@"; then ok "$what"; else fail "$what"; printed "$name"; fi
}
printed() { echo "     $1 printed${rc:+ (exit $rc)}: $(tr '\n' '|' <"$out/$1" | cut -c1-600)"; }
finish() {
  echo "$test_name: $passed passed, $failed failed, $known_defects known defects ($target target, $SECONDS s)"
  [ "$failed" -eq 0 ]
}

# skip_unless_runnable: the x86 build's variant runs only where 32-bit programs can run
# (README, "32-bit programs"); elsewhere it is skipped (exit 77, ctest's SKIP_RETURN_CODE).
skip_unless_runnable() {
  local why
  [ -f "$DOKAN_BUILD_DIR/bin/dokan.dll" ] || return 0
  case $(od -An -t x2 -j "$(( $(od -An -t u4 -j 60 -N 4 "$DOKAN_BUILD_DIR/bin/dokan.dll") + 4 ))" -N 2 \
    "$DOKAN_BUILD_DIR/bin/dokan.dll" | tr -d ' ') in
    014c) why=$("$env_sh" can-run-x86) && return 0
          echo "$test_name: SKIPPED (x86 build): $why"
          exit 77 ;;
  esac
}

wine_prefix() { # the prefix wine-env.sh uses for this configuration (same defaults)
  if [ -n "${WINEPREFIX:-}" ]; then echo "$WINEPREFIX"
  elif [ "${WINEARCH:-}" = win32 ]; then echo "$repo/build/wine32"
  else echo "$repo/build/wine"; fi
}

# attach <linux-folder> <letter>: make <letter>: show the folder.
attach() {
  local dir=$1 letter=$2
  if [ "$target" = dokan ]; then
    mirror_pid=$("$env_sh" mount "$dir" "$letter")
  else
    # Wine's mount manager learns drive letters from dosdevices only when it starts; a
    # letter it does not know fails GetVolumeInformationW (`dir` says "Invalid function.").
    winefs_link=$(wine_prefix)/dosdevices/${letter,,}:
    [ ! -e "$winefs_link" ] && [ ! -L "$winefs_link" ] ||
      { echo "$winefs_link already exists" >&2; exit 1; }
    "$env_sh" teardown
    ln -s "$dir" "$winefs_link"
    "$env_sh" setup
  fi
}

# detach <letter>: unmount (and check that the mirror exits) or remove the link.
detach() {
  local letter=$1
  if [ "$target" = dokan ]; then
    [ -n "${mirror_pid:-}" ] || return 0
    check "dokanctl /u $letter" "$env_sh" run dokanctl.exe /u "$letter"
    check "mirror.exe exits after the unmount" "$env_sh" wait-exit "$mirror_pid" 30
    mirror_pid=
  else
    [ -n "${winefs_link:-}" ] || return 0
    rm -f "$winefs_link"
    winefs_link=
    "$env_sh" teardown   # the mount manager forgets the letter only when it stops
  fi
}

# app <program> [args...]: a Windows program (a Wine builtin such as cmd or xcopy, or a
# Linux path to an .exe) with stdio passed through, its exit code returned.
app() {
  local prog=$1
  shift
  if [ "$target" = dokan ]; then
    "$env_sh" app "$prog" "$@"
  elif [ -f "$prog" ]; then
    "$env_sh" run "$prog" "$@"
  else
    "$env_sh" run "$(wine_prefix)/drive_c/windows/system32/${prog%.exe}.exe" "$@"
  fi
}

# winout <file>: a program's output file without the CRs of Windows line ends.
winout() { tr -d '\r' <"$1"; }
