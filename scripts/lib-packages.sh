# shellcheck shell=bash
# SPDX-License-Identifier: MIT
#
# Sourced by the project's scripts. ensure_packages installs what a fresh Debian 12 lacks to
# build the project and run it under Wine; ensure_wine32 adds 32-bit Wine (wine32:i386,
# about 300 packages with the i386 architecture) for the 32-bit configurations. Without
# it everything still builds and the x64 tests run; scripts/test.sh says what it skipped.

# python3: the version-resource test's PE reader; clang and lld (lld-link): the
# MSVC-linker test builds a client of dokan.lib the way MSVC would; nsis: the installer; and
# the shellcheck and clang-format packages, for the static checks (the ctests for scripts,
# the Wine supervisor and the C layout).
dokan_packages=(cmake ninja-build mingw-w64 wine wine64 libwine-dev python3 clang lld nsis shellcheck clang-format)

# missing_packages: the names from dokan_packages that dpkg does not list as installed
missing_packages() {
  local p
  for p in "${dokan_packages[@]}"; do
    if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]; then
      echo "$p"
    fi
  done
}

# as_root_cmd: prints "sudo" when needed; fails when neither root nor sudo is available.
as_root_cmd() {
  [ "$(id -u)" -ne 0 ] || return 0
  command -v sudo >/dev/null || return 1
  echo sudo
}

ensure_packages() {
  local missing sudo
  mapfile -t missing < <(missing_packages)
  [ ${#missing[@]} -gt 0 ] || return 0
  sudo=$(as_root_cmd) || {
    echo "ensure_packages: need root or sudo to install: ${missing[*]}" >&2
    return 1
  }
  echo "ensure_packages: installing ${missing[*]}" >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" </dev/null
  mapfile -t missing < <(missing_packages)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "ensure_packages: still missing after apt-get install: ${missing[*]}" >&2
    return 1
  fi
}

# ensure_wine32: installs wine32:i386 when missing. Never fails: without 32-bit Wine the
# 32-bit tests are skipped (with the reason), everything else goes on.
ensure_wine32() {
  local sudo
  [ "$(dpkg-query -W -f='${db:Status-Status}' wine32:i386 2>/dev/null)" != installed ] || return 0
  sudo=$(as_root_cmd) || {
    echo "ensure_wine32: need root or sudo to install wine32:i386; the 32-bit tests will be skipped" >&2
    return 0
  }
  echo "ensure_wine32: installing wine32:i386 (adds the i386 architecture)" >&2
  if ! { $sudo dpkg --add-architecture i386 &&
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wine32:i386 </dev/null; }; then
    echo "ensure_wine32: could not install wine32:i386; the 32-bit tests will be skipped" >&2
  fi
  return 0
}

# ensure_x86_emulation: where this kernel runs no 32-bit programs (so 32-bit Wine cannot
# start), a host gcc and qemu-user-static still let thunk_exec_x86 run the x86 DLL's
# callback thunk on i386 code. Never fails: without them that test is skipped.
ensure_x86_emulation() {
  local sudo p missing=()
  for p in gcc qemu-user-static; do
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] || missing+=("$p")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  sudo=$(as_root_cmd) || return 0
  echo "ensure_x86_emulation: installing ${missing[*]}" >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" </dev/null ||
    echo "ensure_x86_emulation: could not install ${missing[*]}; thunk_exec_x86 will be skipped" >&2
  return 0
}
