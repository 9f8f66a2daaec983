# shellcheck shell=bash
# SPDX-License-Identifier: MIT
#
# Sourced by the project's scripts. ensure_packages installs what a fresh Debian 12 lacks to
# build the project and run it under Wine. 32-bit Wine (wine32:i386) is deliberately left
# out: on this Debian snapshot installing it replaces dozens of amd64 packages and breaks
# 64-bit prefixes. The x86 build is still produced; only its runtime tests need wine32.

dokan_packages=(cmake ninja-build mingw-w64 wine wine64 libwine-dev)

# missing_packages: the names from dokan_packages that dpkg does not list as installed
missing_packages() {
  local p
  for p in "${dokan_packages[@]}"; do
    if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]; then
      echo "$p"
    fi
  done
}

ensure_packages() {
  local missing sudo=()
  mapfile -t missing < <(missing_packages)
  [ ${#missing[@]} -gt 0 ] || return 0
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || {
      echo "ensure_packages: need root or sudo to install: ${missing[*]}" >&2
      return 1
    }
    sudo=(sudo)
  fi
  echo "ensure_packages: installing ${missing[*]}" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" </dev/null
  mapfile -t missing < <(missing_packages)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "ensure_packages: still missing after apt-get install: ${missing[*]}" >&2
    return 1
  fi
}
