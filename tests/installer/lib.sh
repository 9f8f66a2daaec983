# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# lib.sh - what the Dokan and Fuser installer tests share. Sourced after tests/lib/testlib.sh
# by a script that defines layout(), printing "<installed file>\t<build file>" lines, and
# sets drive_c (the prefix's C: folder).
: "${env_sh:?tests/lib/testlib.sh is sourced first}"

# inst_pick <release> <x64 build>: prints the installer to test. The release installer is a
# 32-bit program: where 32-bit programs cannot run, the same script built as a 64-bit
# program is tested, and the note says so.
inst_pick() {
  local x86_status
  x86_status=$("$env_sh" can-run-x86) || true
  if [ "$x86_status" = ok ]; then
    printf '%s\n' "$1"
  else
    echo "note: testing $(basename "$2"), the 64-bit build of the installer script: $x86_status" >&2
    printf '%s\n' "$2"
  fi
}

# inst_service_state <service>: RUNNING, STOPPED, ... or MISSING.
inst_service_state() {
  local out
  out=$("$env_sh" run 'C:\windows\system32\sc.exe' query "$1" 2>/dev/null | tr -d '\r') ||
    { echo MISSING; return; }
  sed -n 's/^ *STATE *: *[0-9]* *\([A-Z_]*\).*/\1/p' <<<"$out"
}

# inst_check_installed: every file of layout() installed and identical to the build.
inst_check_installed() {
  local installed source bad=0
  while IFS=$'\t' read -r installed source; do
    if [ ! -f "$installed" ]; then
      fail "not installed: ${installed#"$drive_c"/}"
      bad=$((bad + 1))
    elif ! cmp -s "$installed" "$source"; then
      fail "differs from the build: ${installed#"$drive_c"/}"
      bad=$((bad + 1))
    fi
  done < <(layout)
  [ "$bad" = 0 ] && ok "all $(layout | wc -l) files installed, identical to the build"
}

# inst_uninstall <install folder> <product folder> <log> <service...>: a silent uninstall
# exits with 0 and removes every file of layout(), the product folder and the services.
# The uninstaller runs from a temporary copy, so its work is waited for.
inst_uninstall() {
  local inst=$1 product=$2 log=$3 installed s st rc=0 left=0
  shift 3
  "$env_sh" exec "$inst/uninstall.exe" /S >"$log" 2>&1 || rc=$?
  if [ "$rc" = 0 ]; then ok "silent uninstall exits with 0"; else fail "silent uninstall exited with $rc"; fi
  for _ in $(seq 60); do [ -e "$inst" ] || break; sleep 0.5; done
  while IFS=$'\t' read -r installed _; do
    [ ! -e "$installed" ] || { fail "left behind: ${installed#"$drive_c"/}"; left=$((left + 1)); }
  done < <(layout)
  if [ "$left" = 0 ] && [ ! -e "$product" ]; then
    ok "every file and folder removed"
  else
    fail "$left files or ${product#"$drive_c"/} left behind"
  fi
  for s in "$@"; do
    st=$(inst_service_state "$s")
    if [ "$st" = MISSING ]; then ok "service $s removed"; else fail "service $s: $st"; fi
  done
}
