#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# wine-env.sh: the one place that knows how to run this project under Wine.
#
#   wine-env.sh setup [--fresh]      boot the prefix, install + start Dokan, DokanMounter, DokanIoHost
#   wine-env.sh setup-fuser          setup, then install + start the Fuser flavour beside Dokan
#                                    (Fuser, FuserMounter; programs in C:\fuser)
#   wine-env.sh mount <dir> <L> [mirror options]
#                                    mirror <dir> on L: in the background; prints the mirror's pid
#   wine-env.sh run <prog> [args]    run C:\dokan\<prog> (or an existing Linux file) in the prefix
#   wine-env.sh exec <file> [args]   run a Linux .exe, booting the prefix first if needed
#   wine-env.sh app <prog> [args]    run a Windows program (a Wine builtin such as cmd or
#                                    xcopy, a program in C:\dokan, or a Linux path to an .exe)
#                                    under dokanrun.exe, so it sees the mounted Dokan drives
#                                    (tests/winshim); stdio and exit code pass through.
#                                    DOKAN_APP_CWD: its working directory (may be on M:)
#   wine-env.sh teardown             unmount everything, stop the services and the wineserver
#   wine-env.sh status               services, mounts, mirror processes
#   wine-env.sh wait-exit <pid> [s]  wait (default 30 s) until a process (e.g. a mirror) ends
#   wine-env.sh serve <L> <prog> [args] run another file-system program (a bare name in
#                                    C:\dokan or a Linux path) until L: answers; prints its pid
#   wine-env.sh service <start|stop> <name>  start or stop one service, bounded wait
#   wine-env.sh mirror-exit-code <L> [s]
#                                    exit code of the last mirror mounted on L: (waits up to 10 s)
#   wine-env.sh winpath <path>       the Windows path of a Linux path (alias: run-winpath)
#   wine-env.sh can-run-x86          prints "ok" (exit 0) or why 32-bit programs cannot run
#
# Environment: WINEPREFIX (default <repo>/build/wine; <repo>/build/wine32 for win32),
# WINEDEBUG (default -all), DOKAN_BUILD_DIR (default <repo>/build/<DOKAN_CLIENT_ARCH>;
# programs and dokan.dll come from its bin/, logs go to its wine-logs/ unless DOKAN_LOG_DIR
# is set), DOKAN_CLIENT_ARCH (x64|x86; default: that of DOKAN_BUILD_DIR's dokan.dll),
# WINEARCH (win64, default: a 64-bit prefix with the x64 drivers, 32-bit programs under
# WoW64; win32: a 32-bit prefix, everything from the x86 build), DOKAN_DRIVER_BUILD_DIR
# (drivers for x86 programs in a 64-bit prefix; default <repo>/build/x64),
# DOKAN_MIRROR_EXE (a mirror-compatible program `mount` runs instead of mirror.exe),
# DOKAN_MOUNT_TIMEOUT (30 s), DOKAN_RUN_TIMEOUT (600 s), DOKAN_MOUNT_PROBE
# (auto|dokanio|dokanctl).
#
# Rules this script keeps (why: docs/wine.md, "Running Wine from scripts"):
# - Every wait is bounded; a hung Wine process fails with a message.
# - The output of a command that may start Wine's system processes (services.exe,
#   winedevice.exe, our services) is never a pipe: those processes inherit it and keep it
#   open for ever. So the wineserver and the first process of a session are always started
#   with their output in a log file, before any program whose output the caller captures.
# - The prefix lock (fd 9) is closed for every child: a Wine process that outlives this
#   script must not keep it.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The generic Wine supervisor: prefix, wineserver, processes, services, logs.
# shellcheck source=scripts/lib-wine.sh
. "$repo/scripts/lib-wine.sh"

# Configurations (README, "32-bit"):
#   x64     64-bit prefix, 64-bit drivers and programs (default)
#   mixed   64-bit prefix, 64-bit drivers, 32-bit dokan.dll and programs under WoW64
#           (what 0.6.0 shipped for 64-bit Windows): DOKAN_CLIENT_ARCH=x86
#   win32   WINEARCH=win32 prefix, everything 32-bit
# The client architecture is DOKAN_CLIENT_ARCH, else that of DOKAN_BUILD_DIR's dokan.dll.
if [ -z "${DOKAN_BUILD_DIR:-}" ]; then
  [ "${WINEARCH:-}" != win32 ] || DOKAN_CLIENT_ARCH=${DOKAN_CLIENT_ARCH:-x86}
  DOKAN_BUILD_DIR=$repo/build/${DOKAN_CLIENT_ARCH:-x64}
fi
DOKAN_BUILD_DIR=$(realpath -m "$DOKAN_BUILD_DIR")
if [ -z "${DOKAN_CLIENT_ARCH:-}" ]; then
  DOKAN_CLIENT_ARCH=$(pe_arch "$DOKAN_BUILD_DIR/bin/dokan.dll")
  DOKAN_CLIENT_ARCH=${DOKAN_CLIENT_ARCH:-x64}
fi
case $DOKAN_CLIENT_ARCH in x64|x86) ;; *) die "DOKAN_CLIENT_ARCH must be x64 or x86, not $DOKAN_CLIENT_ARCH" ;; esac
WINEARCH=${WINEARCH:-win64}
case $WINEARCH in win64|win32) ;; *) die "WINEARCH must be win64 or win32, not $WINEARCH" ;; esac
if [ "$WINEARCH" = win32 ] && [ "$DOKAN_CLIENT_ARCH" != x86 ]; then
  die "a WINEARCH=win32 prefix runs only x86 programs (DOKAN_BUILD_DIR=$DOKAN_BUILD_DIR is $DOKAN_CLIENT_ARCH)"
fi
case ${1:-} in
  can-run-x86 | teardown | status | help | -h | --help) ;;
  *)
    if [ "$DOKAN_CLIENT_ARCH" = x86 ]; then
      why=$(wine32_status)
      [ "$why" = ok ] || die "cannot run 32-bit programs: $why"
    fi ;;
esac
# The drivers match the prefix: a 64-bit prefix loads the x64 build's dokan.sys.
if [ "$WINEARCH" = win64 ] && [ "$DOKAN_CLIENT_ARCH" = x86 ]; then
  DOKAN_DRIVER_BUILD_DIR=$(realpath -m "${DOKAN_DRIVER_BUILD_DIR:-$repo/build/x64}")
else
  DOKAN_DRIVER_BUILD_DIR=$DOKAN_BUILD_DIR
fi
if [ "$WINEARCH" = win32 ]; then
  WINEPREFIX=$(realpath -m "${WINEPREFIX:-$repo/build/wine32}")
else
  WINEPREFIX=$(realpath -m "${WINEPREFIX:-$repo/build/wine}")
fi
wine_configure "${DOKAN_LOG_DIR:-$DOKAN_BUILD_DIR/wine-logs}" "${DOKAN_RUN_TIMEOUT:-600}"
export DOKAN_CLIENT_ARCH
bin_dir=$DOKAN_BUILD_DIR/bin
driver_bin_dir=$DOKAN_DRIVER_BUILD_DIR/bin
mount_timeout=${DOKAN_MOUNT_TIMEOUT:-30}
install_timeout=300   # dokanctl /i a: each of its two starts may wait up to 120 s for a
                      # busy service manager (common/scm.c)

drive_c=$WINEPREFIX/drive_c
drivers_dir=$drive_c/windows/system32/drivers
prog_dir=$drive_c/dokan
win_prog_dir='C:\dokan'
services=(Dokan DokanMounter DokanIoHost)
# The Fuser flavour's programs (docs/behaviour.md, "The Fuser flavour"): setup-fuser.
fuser_bin_dir=$bin_dir/fuser
fuser_prog_dir=$drive_c/fuser
win_fuser_dir='C:\fuser'

# ---- binaries ----------------------------------------------------------------------------

# "<build file>\t<prefix file>" pairs. The drivers come from the build matching the prefix;
# the library and the programs from the client build. A 32-bit dokan.dll in a 64-bit
# prefix belongs in syswow64 (system32 holds 64-bit DLLs there).
install_map() {
  local f lib_dir=system32
  [ "$WINEARCH" = win64 ] && [ "$DOKAN_CLIENT_ARCH" = x86 ] && lib_dir=syswow64
  printf '%s\t%s\n' "$driver_bin_dir/dokan.sys" "$drivers_dir/dokan.sys" \
    "$driver_bin_dir/iohost.sys" "$drivers_dir/iohost.sys" \
    "$bin_dir/dokan.dll" "$drive_c/windows/$lib_dir/dokan.dll"
  for f in dokan.dll dokanctl.exe mounter.exe mirror.exe dokanio.exe; do
    printf '%s\t%s\n' "$bin_dir/$f" "$prog_dir/$f"
  done
}

check_binaries() {
  local missing=() src dst
  while IFS=$'\t' read -r src dst; do
    [ -f "$src" ] || missing+=("$src")
  done < <(install_map)
  [ ${#missing[@]} -eq 0 ] ||
    die "missing: ${missing[*]} (build first: cmake --build --preset x64, and --preset x86 for 32-bit)"
}

binaries_current() {
  local src dst
  while IFS=$'\t' read -r src dst; do
    cmp -s "$src" "$dst" || return 1
  done < <(install_map)
}

copy_binaries() {
  local src dst
  mkdir -p "$prog_dir" "$drivers_dir"
  while IFS=$'\t' read -r src dst; do
    mkdir -p "$(dirname "$dst")"
    cp -f "$src" "$dst"
  done < <(install_map)
}

# "<build file>\t<prefix file>" pairs of the Fuser flavour (its drivers and programs come
# from the same build: a 64-bit prefix with 64-bit programs only).
fuser_install_map() {
  local f
  printf '%s\t%s\n' "$fuser_bin_dir/fuser.sys" "$drivers_dir/fuser.sys" \
    "$fuser_bin_dir/fuser.dll" "$drive_c/windows/system32/fuser.dll"
  for f in fuser.dll fuserctl.exe mounter.exe mirror.exe; do
    printf '%s\t%s\n' "$fuser_bin_dir/$f" "$fuser_prog_dir/$f"
  done
}

# ---- mounts ------------------------------------------------------------------------------

# probe <L>: true when L: is mounted. dokanio proves the volume answers through iohost;
# without it (or with DOKAN_MOUNT_PROBE=dokanctl) the mounter's list is asked instead.
probe() {
  local how=${DOKAN_MOUNT_PROBE:-auto} log=$log_dir/probe-$1.log
  if [ "$how" = dokanio ] || { [ "$how" = auto ] && [ -f "$prog_dir/dokanio.exe" ]; }; then
    wl "$log" 20 "$win_prog_dir\\dokanio.exe" vol "$1:"
  else
    wl "$log" 20 "$win_prog_dir\\dokanctl.exe" /m || true
    mount_listed "$1" "$log"
  fi
}

mount_listed() { # mount_listed <L> <dokanctl /m output>: a token "L", "L:" or "L:\" is there
  tr -d '\r' <"$2" | grep -qiE "(^|[^[:alnum:]])$1(:\\\\?)?([^[:alnum:]\\\\:]|$)"
}

unmount_all() { # <ctl> /u 0 removes the first listed mount; repeat until none is left
  unmount_all_of "$prog_dir" "$win_prog_dir\\dokanctl.exe"
  unmount_all_of "$fuser_prog_dir" "$win_fuser_dir\\fuserctl.exe"
}

unmount_all_of() { # unmount_all_of <linux dir> <windows path of its control tool>
  [ -f "$1/$(basename "${2//\\//}")" ] || return 0
  local i rc log=$log_dir/teardown-unmount.log
  : >"$log"
  for i in $(seq 30); do
    rc=0
    wl "$log.tmp" "$cmd_timeout" "$2" /u 0 || rc=$?
    cat "$log.tmp" >>"$log"
    [ "$rc" -eq 0 ] || break   # dokanctl exits 0 on success (nothing left to list: 1)
    note "unmounted mount #$i"
  done
  rm -f "$log.tmp"
}

# ---- subcommands -------------------------------------------------------------------------

cmd_setup() {
  local fresh=0 t0
  case ${1:-} in
    --fresh) fresh=1 ;;
    '') ;;
    *) die "usage: $0 setup [--fresh]" ;;
  esac
  t0=$(now)
  check_binaries
  take_lock
  boot_prefix
  ensure_wow64
  if [ "$fresh" = 1 ] || ! binaries_current; then
    if [ -n "$(server_pid)" ]; then
      note "reloading: stopping the running services first"
      stop_everything
    fi
    copy_binaries
    note "copied the binaries from $bin_dir"
  fi
  ensure_server

  # Driver and mounter, the way the installer does it.
  if [ "$(svc_state Dokan)" = MISSING ] || [ "$(svc_state DokanMounter)" = MISSING ]; then
    install_services
  fi
  # Wine runs the drivers of one load-order group in one winedevice.exe, and a driver
  # without a group in a process of its own. iohost calls into dokan.sys directly, so both
  # need the same group. services.exe reads a changed group only when it starts again.
  local group
  group=$(svc_group Dokan)
  if [ -z "$group" ]; then
    group="File System"
    note "Dokan has no service group; setting \"$group\" and restarting Wine's services"
    wl "$log_dir/reg-add-group.log" "$cmd_timeout" reg add "$svc_key\\Dokan" /v Group \
      /t REG_SZ /d "$group" /f || { show_log "$log_dir/reg-add-group.log"; die "reg add failed"; }
    stop_everything
    ensure_server
  fi
  if [ "$(svc_state DokanIoHost)" = MISSING ]; then
    wl "$log_dir/sc-create-iohost.log" "$cmd_timeout" sc create DokanIoHost type= kernel \
      start= demand binPath= 'C:\windows\system32\drivers\iohost.sys' group= "$group" ||
      { show_log "$log_dir/sc-create-iohost.log"; die "sc create DokanIoHost failed"; }
  fi
  # iohost's buffering: DOKAN_IOHOST_MODE=user|kernel, read at each client connect
  local iomode=0; [ "${DOKAN_IOHOST_MODE:-kernel}" = user ] && iomode=1
  wl "$log_dir/reg-iohost-mode.log" "$cmd_timeout" reg add "$svc_key\\DokanIoHost" /v UserModeBuffers \
    /t REG_DWORD /d "$iomode" /f || { show_log "$log_dir/reg-iohost-mode.log"; die "reg add failed"; }
  local s failed=()
  for s in "${services[@]}"; do
    svc_start "$s" || failed+=("$s")
  done
  if [ ${#failed[@]} -gt 0 ]; then
    for s in "${failed[@]}"; do
      svc_state "$s" >/dev/null
      show_log "$log_dir/sc-start-$s.log" "$log_dir/sc-query-$s.log"
    done
    show_log "$log_dir"/dokanctl-install.log "$log_dir"/sc-create-iohost.log
    note "hint: for the drivers' DbgPrint output run: $0 teardown;" \
      "WINEDEBUG=+debugstr $0 setup; then read $log_dir/system-processes.log"
    die "not running: ${failed[*]}"
  fi
  check_same_winedevice
  note "setup done in $(elapsed "$t0"): Dokan, DokanMounter, DokanIoHost running" \
    "(prefix $WINEPREFIX, $WINEARCH, $DOKAN_CLIENT_ARCH programs)"
}

# setup-fuser: both flavours in one prefix. Fuser's driver joins Dokan's service group, so
# that it runs in the winedevice.exe that also runs iohost.sys (see cmd_setup).
cmd_setup_fuser() {
  local src dst stale=0 group s log=$log_dir/fuserctl-install.log
  while IFS=$'\t' read -r src dst; do
    [ -f "$src" ] || die "missing: $src (build first)"
    cmp -s "$src" "$dst" || stale=1
  done < <(fuser_install_map)
  cmd_setup
  take_lock
  if [ "$stale" = 1 ]; then
    note "copying the Fuser binaries from $fuser_bin_dir (restarting Wine's services)"
    stop_everything
    while IFS=$'\t' read -r src dst; do
      mkdir -p "$(dirname "$dst")"
      cp -f "$src" "$dst"
    done < <(fuser_install_map)
    ensure_server
  fi
  if [ "$(svc_state Fuser)" = MISSING ] || [ "$(svc_state FuserMounter)" = MISSING ]; then
    (cd "$fuser_prog_dir" && wl "$log" "$install_timeout" "$win_fuser_dir\\fuserctl.exe" /i a) ||
      { show_log "$log"; die "fuserctl /i a failed"; }
  fi
  group=$(svc_group Dokan)
  if [ "$(svc_group Fuser)" != "$group" ]; then
    note "Fuser joins service group \"$group\"; restarting Wine's services"
    wl "$log_dir/reg-add-fuser-group.log" "$cmd_timeout" reg add "$svc_key\\Fuser" /v Group \
      /t REG_SZ /d "$group" /f || { show_log "$log_dir/reg-add-fuser-group.log"; die "reg add failed"; }
    stop_everything
    ensure_server
  fi
  for s in "${services[@]}" Fuser FuserMounter; do
    svc_start "$s" || { show_log "$log_dir/sc-start-$s.log" "$log"; die "not running: $s"; }
  done
  note "setup-fuser done: Dokan, DokanMounter, Fuser, FuserMounter, DokanIoHost running"
}

# install_services: dokanctl /i a. A 32-bit dokanctl in a 64-bit prefix is a WoW64 client:
# Wine then marks the services it creates WOW64 and would load dokan.sys into a 32-bit
# winedevice (sc start: error 1114). Windows has no such flag for drivers, so here the flag
# is removed from the driver's key and Wine's services restarted to read the key again.
install_services() {
  local log=$log_dir/dokanctl-install.log rc=0
  (cd "$prog_dir" && wl "$log" "$install_timeout" "$win_prog_dir\\dokanctl.exe" /i a) || rc=$?
  if [ "$WINEARCH" = win64 ] && [ "$DOKAN_CLIENT_ARCH" = x86 ] &&
    wl "$log_dir/reg-query-wow64.log" "$cmd_timeout" reg query "$svc_key\\Dokan" /v WOW64; then
    note "dokan.sys was installed by a 32-bit dokanctl: removing Wine's WOW64 mark from its service"
    wl "$log_dir/reg-delete-wow64.log" "$cmd_timeout" reg delete "$svc_key\\Dokan" /v WOW64 /f ||
      { show_log "$log_dir/reg-delete-wow64.log"; die "reg delete WOW64 failed"; }
    stop_everything
    ensure_server
    [ "$(svc_state DokanMounter)" != MISSING ] || { show_log "$log"; die "dokanctl /i a did not create DokanMounter"; }
    return 0
  fi
  [ "$rc" -eq 0 ] || { show_log "$log"; die "dokanctl /i a failed"; }
}

# ensure_wow64: a 64-bit prefix booted before wine32 was installed has no 32-bit system
# DLLs (syswow64 is empty); updating the prefix adds them.
ensure_wow64() {
  [ "$WINEARCH" = win64 ] && [ "$DOKAN_CLIENT_ARCH" = x86 ] || return 0
  [ ! -f "$drive_c/windows/syswow64/kernel32.dll" ] || return 0
  note "the prefix has no 32-bit system files (made before wine32?); running wineboot -u"
  [ -z "$(server_pid)" ] || stop_everything
  update_prefix
  [ -f "$drive_c/windows/syswow64/kernel32.dll" ] || {
    show_log "$log_dir/wineboot-u.log"
    die "the prefix still has no 32-bit system files; can this machine run 32-bit programs? ($(wine32_status))"
  }
}

check_same_winedevice() { # dokan.sys and iohost.sys must be mapped in one process
  local p
  for p in $(wine_pids winedevice.exe); do
    if grep -qiE '/drivers/dokan\.sys( \(deleted\))?$' "/proc/$p/maps" 2>/dev/null; then
      grep -qiE '/drivers/iohost\.sys( \(deleted\))?$' "/proc/$p/maps" 2>/dev/null && return 0
      die "dokan.sys and iohost.sys run in different winedevice.exe processes" \
        "(service groups differ: Dokan=\"$(svc_group Dokan)\"," \
        "DokanIoHost=\"$(svc_group DokanIoHost)\"); run: $0 teardown, then delete DokanIoHost"
    fi
  done
  note "warning: no winedevice.exe maps dokan.sys (could not check the shared process)"
}

cmd_service() {
  [ $# -eq 2 ] || die "usage: $0 service <start|stop> <name>"
  need_prefix
  [ -n "$(server_pid)" ] || die "no wineserver runs for $WINEPREFIX; run: $0 setup"
  case $1 in
    start) svc_start "$2" || die "service $2 did not start ($(svc_state "$2"))" ;;
    stop) [ "$2" != Dokan ] || record_driver_asserts
          svc_stop "$2" || die "service $2 did not stop ($(svc_state "$2"))" ;;
    *) die "usage: $0 service <start|stop> <name>" ;;
  esac
}

# record_driver_asserts: before the driver goes away, its count of broken invariants (a
# checked dokan.sys counts them; DK_STATS.AssertFailures) is kept in
# $log_dir/driver-asserts.log when it is not 0, for the e2e_driver_asserts test.
record_driver_asserts() {
  local probe=$bin_dir/test_protocol.exe log=$log_dir/driver-asserts.now
  [ -f "$probe" ] && [ "$(svc_state Dokan)" = RUNNING ] || return 0
  if ! wl "$log" 20 "$probe" --asserts && grep -q "FAIL" "$log"; then
    tr -d '\r' <"$log" >>"$log_dir/driver-asserts.log"
    note "dokan.sys reported broken invariants: $(grep FAIL "$log" | tr -d '\r')"
  fi
  rm -f "$log"
}

# stop_everything: unmount, stop the services, end every Wine process of the prefix.
# Never hangs; caller holds the lock.
stop_everything() {
  local pids
  if [ -n "$(server_pid)" ]; then
    record_driver_asserts
    unmount_all
    mapfile -t pids < <(wine_pids mirror.exe)
    wait_gone 10 "${pids[@]}" || true
    mapfile -t pids < <(wine_pids mirror.exe)
    kill_pids "mirror processes" "${pids[@]}"
  fi
  stop_prefix DokanIoHost FuserMounter Fuser DokanMounter Dokan
}

cmd_teardown() {
  local t0
  t0=$(now)
  [ -d "$WINEPREFIX" ] || { note "no prefix at $WINEPREFIX: nothing to tear down"; return 0; }
  take_lock
  stop_everything
  note "teardown done in $(elapsed "$t0")"
}


cmd_mount() {
  [ $# -ge 2 ] || die "usage: $0 mount <host-folder> <letter> [mirror options]"
  local dir=$1 letter winpath
  letter=$(drive_letter "$2")
  shift 2
  [ -d "$dir" ] || die "not a directory: $dir"
  need_prefix
  [ -f "$prog_dir/mirror.exe" ] || die "mirror.exe is not installed; run: $0 setup"
  local exe="$win_prog_dir\\mirror.exe"
  if [ -n "${DOKAN_MIRROR_EXE:-}" ]; then
    [ -f "$DOKAN_MIRROR_EXE" ] || die "DOKAN_MIRROR_EXE: no such file: $DOKAN_MIRROR_EXE"
    exe=$DOKAN_MIRROR_EXE
    note "mounting with $exe (DOKAN_MIRROR_EXE) instead of mirror.exe"
  fi
  dir=$(realpath "$dir")
  winpath=$(to_winpath "$dir")
  start_fs "$letter" "$dir" "$exe" /r "$winpath" /l "$letter" "$@"
}

cmd_serve() {
  [ $# -ge 2 ] || die "usage: $0 serve <letter> <program> [args]"
  local letter prog=$2
  letter=$(drive_letter "$1")
  shift 2
  need_prefix
  if [ ! -f "$prog" ]; then
    [ -f "$prog_dir/$prog" ] || die "no such program: $prog"
    prog="$win_prog_dir\\$prog"
  fi
  start_fs "$letter" "$prog" "$prog" "$@"
}

# start_fs <letter> <what> <program> [args]: runs a file-system program in the background
# and waits until <letter>: answers; prints the program's pid.
start_fs() {
  local letter=$1 what=$2 pid='' log state t0 end
  shift 2
  [ -n "$(server_pid)" ] || die "no wineserver runs for $WINEPREFIX; run: $0 setup"
  if probe "$letter"; then
    die "$letter: is already mounted"
  fi
  log=$log_dir/mirror-$letter.log
  state=$log_dir/mirror-$letter
  t0=$(now)
  end=$(( t0 + mount_timeout * 1000000000 ))
  # It outlives this script; its keeper records its pid and exit code (mirror-exit-code).
  spawn_kept "$state" "$log" "$prog_dir" "$@"
  while :; do
    [ -n "$pid" ] || { [ -f "$state.pid" ] && pid=$(<"$state.pid"); }
    if [ -f "$state.rc" ]; then
      show_log "$log"
      die "$1 exited with code $(<"$state.rc") before $letter: was mounted"
    fi
    if [ -n "$pid" ] && probe "$letter"; then
      note "mounted $what on $letter: in $(elapsed "$t0") (pid $pid, log $log)"
      echo "$pid"
      return 0
    fi
    if [ "$(now)" -ge "$end" ]; then
      [ -z "$pid" ] || kill_pids "$1" "$pid"
      show_log "$log" "$log_dir/probe-$letter.log"
      die "$letter: was not mounted within $mount_timeout s"
    fi
    sleep 0.3
  done
}

cmd_mirror_exit_code() {
  [ $# -ge 1 ] || die "usage: $0 mirror-exit-code <letter> [seconds]"
  local letter state pid secs=${2:-10} end
  letter=$(drive_letter "$1")
  state=$log_dir/mirror-$letter
  [ -f "$state.pid" ] || die "no mirror.exe was started on $letter: with $DOKAN_BUILD_DIR"
  pid=$(<"$state.pid")
  end=$(( $(now) + secs * 1000000000 ))
  until [ -f "$state.rc" ]; do
    [ "$(now)" -lt "$end" ] || {
      alive "$pid" && die "mirror.exe (pid $pid) on $letter: is still running"
      die "no exit code recorded for mirror.exe (pid $pid) on $letter:"
    }
    sleep 0.1
  done
  cat "$state.rc"
}

cmd_winpath() {
  [ $# -eq 1 ] || die "usage: $0 winpath <linux-path>"
  need_prefix
  take_lock
  ensure_server
  drop_lock
  to_winpath "$1"
}


cmd_run() {
  [ $# -ge 1 ] || die "usage: $0 run <program> [args...]"
  local prog=$1
  shift
  need_prefix
  if [ -f "$prog" ]; then
    :
  elif [[ $prog != */* && $prog != *\\* && $prog != *:* ]]; then
    [[ $prog == *.* ]] || prog=$prog.exe
    [ -f "$prog_dir/$prog" ] || die "no $prog in $win_prog_dir (run: $0 setup)"
    prog="$win_prog_dir\\$prog"
  fi
  take_lock
  ensure_server
  drop_lock
  run_wine "$prog" "$@"
}

cmd_exec() {
  [ $# -ge 1 ] || die "usage: $0 exec <linux-path-to-exe> [args...]"
  [ -f "$1" ] || die "no such file: $1"
  take_lock
  boot_prefix
  ensure_server
  drop_lock
  run_wine "$@"
}

# ---- app: programs under the Windows shim (tests/winshim) --------------------------------

shim_root=$drive_c/dokan/shim
win_shim_root='C:\dokan\shim'

# shim_build_dir <arch>: where that architecture's dokanrun.exe and dokanshim.dll are built.
shim_build_dir() {
  if [ "$(pe_arch "$bin_dir/dokanrun.exe")" = "$1" ]; then echo "$bin_dir"
  else echo "$repo/build/$1/bin"; fi
}

# install_shim: <prefix>\dokan\shim\<arch>\ for each built architecture the prefix runs
# (each side finds the other there for children of the other architecture).
install_shim() {
  local arch src f archs=(x86)
  [ "$WINEARCH" = win32 ] || archs=(x64 x86)
  for arch in "${archs[@]}"; do
    src=$(shim_build_dir "$arch")
    [ -f "$src/dokanrun.exe" ] || continue
    [ -f "$src/dokanshim.dll" ] || continue
    mkdir -p "$shim_root/$arch"
    for f in dokanrun.exe dokanshim.dll; do
      cmp -s "$src/$f" "$shim_root/$arch/$f" || cp -f "$src/$f" "$shim_root/$arch/$f"
    done
  done
}

cmd_app() {
  [ $# -ge 1 ] || die "usage: $0 app <program> [args...]"
  local prog=$1 arch=x64 launcher
  shift
  need_prefix
  [ "$WINEARCH" = win64 ] || arch=x86
  take_lock
  ensure_server
  install_shim
  drop_lock
  launcher=$shim_root/$arch/dokanrun.exe
  [ -f "$launcher" ] || die "no $arch dokanrun.exe (build it: cmake --build --preset $arch)"
  if [ -f "$prog" ]; then
    prog=$(to_winpath "$prog")
  elif [[ $prog != */* && $prog != *\\* && $prog != *:* && -f $prog_dir/$prog ]]; then
    prog="$win_prog_dir\\$prog"
  elif [[ $prog != */* && $prog != *\\* && $prog != *:* && -f $prog_dir/$prog.exe ]]; then
    prog="$win_prog_dir\\$prog.exe"
  fi # else a Wine builtin (cmd, xcopy, ...), found on the program's search path
  local cd=()
  [ -z "${DOKAN_APP_CWD:-}" ] || cd=(--cd "$DOKAN_APP_CWD")
  run_wine "$win_shim_root\\$arch\\dokanrun.exe" "${cd[@]}" -- "$prog" "$@"
}

cmd_wait_exit() {
  [ $# -ge 1 ] || die "usage: $0 wait-exit <pid> [seconds]"
  local secs=${2:-30}
  wait_gone "$secs" "$1" || die "process $1 is still running after $secs s"
}

cmd_status() {
  local pid s
  echo "prefix:     $WINEPREFIX ($(booted && echo booted || echo 'not booted'))"
  echo "build dir:  $DOKAN_BUILD_DIR"
  pid=$(server_pid)
  if [ -z "$pid" ]; then
    echo "wineserver: not running"
    return 0
  fi
  echo "wineserver: pid $pid ($(server_persistent "$pid" && echo persistent || echo 'not persistent'))"
  for s in "${services[@]}"; do
    printf '%-13s %s\n' "$s:" "$(svc_state "$s")"
  done
  if [ -f "$prog_dir/dokanctl.exe" ]; then
    echo "mounts (dokanctl /m):"
    wl "$log_dir/status-list.log" "$cmd_timeout" "$win_prog_dir\\dokanctl.exe" /m || true
    tr -d '\r' <"$log_dir/status-list.log" | sed 's/^/  /'
  fi
  echo "mirror processes:"
  for pid in $(wine_pids mirror.exe); do
    echo "  $pid $(tr '\0' ' ' <"/proc/$pid/cmdline")"
  done
}

usage() {
  sed -n '4,25p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

main() {
  [ $# -ge 1 ] || usage
  local cmd=$1
  shift
  mkdir -p "$log_dir"
  case $cmd in
    setup) cmd_setup "$@" ;;
    setup-fuser) cmd_setup_fuser "$@" ;;
    mount) cmd_mount "$@" ;;
    run) cmd_run "$@" ;;
    exec) cmd_exec "$@" ;;
    app) cmd_app "$@" ;;
    teardown) cmd_teardown "$@" ;;
    status) cmd_status "$@" ;;
    wait-exit) cmd_wait_exit "$@" ;;
    mirror-exit-code) cmd_mirror_exit_code "$@" ;;
    serve) cmd_serve "$@" ;;
    service) cmd_service "$@" ;;
    winpath | run-winpath) cmd_winpath "$@" ;;
    can-run-x86) why=$(wine32_status); echo "$why"; [ "$why" = ok ] ;;
    -h | --help | help) usage ;;
    *) note "unknown command: $cmd"; usage ;;
  esac
}

main "$@"
