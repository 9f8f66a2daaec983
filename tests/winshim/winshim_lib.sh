# shellcheck shell=bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# passed, failed and status are testlib.sh's counts.
# shellcheck disable=SC2154
# Shared by the winshim test scripts (sourced): results, the x86 skip, which cmd to use.
# The sourcing script has sourced tests/lib/testlib.sh (env_sh, ok, fail, counts) and
# checked DOKAN_BUILD_DIR.
: "${env_sh:?source tests/lib/testlib.sh before winshim_lib.sh}"
winshim_done() { echo "$passed passed, $failed failed"; exit "$status"; }

# winshim_arch: x64 or x86, the build's architecture (from its dokanshim.dll's PE header).
winshim_arch() {
  local dll=$DOKAN_BUILD_DIR/bin/dokanshim.dll off
  off=$(od -An -t u4 -j 60 -N 4 "$dll" | tr -d ' ')
  case $(od -An -t x2 -j $((off + 4)) -N 2 "$dll" | tr -d ' ') in 014c) echo x86 ;; *) echo x64 ;; esac
}

# The x86 build's tests run 32-bit programs; where they cannot run, say so and skip (77).
winshim_skip_if_no_x86() {
  local why
  [ "$(winshim_arch)" = x86 ] || return 0
  why=$("$env_sh" can-run-x86) && return 0
  echo "SKIPPED: the x86 shim cannot run here: $why (the x86 stub layout is still checked by unit_winshim_host)"
  exit 77
}

# The cmd.exe of the build's architecture: a 32-bit one from syswow64 for x86 in a 64-bit prefix.
winshim_cmd() {
  if [ "$(winshim_arch)" = x86 ] && [ "${WINEARCH:-win64}" = win64 ]; then
    echo 'C:\windows\syswow64\cmd.exe'
  else
    echo cmd
  fi
}

# winshim_other_system: the system folder of the other architecture, whose programs start as
# children of the build's architecture (syswow64 from a 64-bit program, sysnative from a
# 32-bit one); fails, saying why, where there is none or 32-bit programs cannot run.
winshim_other_system() {
  local why
  if [ "${WINEARCH:-win64}" != win64 ]; then
    echo "a 32-bit prefix has no second architecture"
    return 1
  fi
  if ! why=$("$env_sh" can-run-x86); then
    echo "$why"
    return 1
  fi
  case $(winshim_arch) in x86) echo 'C:\windows\sysnative' ;; *) echo 'C:\windows\syswow64' ;; esac
}
