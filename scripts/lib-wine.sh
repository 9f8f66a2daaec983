# shellcheck shell=bash
# SPDX-License-Identifier: MIT
#
# lib-wine.sh: a supervisor for Windows programs, drivers and services under Wine, sourced
# by scripts/wine-env.sh (which adds everything that is Dokan's: binaries, services,
# mounts, the shim). It knows Wine, not Dokan: the prefix and its lock, the wineserver and
# Wine's system processes, the processes of a prefix, services through sc/reg, bounded
# commands with their output in log files, programs kept running in the background.
# It keeps the rules listed at the top of scripts/wine-env.sh; why:
# docs/wine.md, "Running Wine from scripts".
#
# The caller sets WINEPREFIX (absolute) and WINEARCH (win64|win32), then calls
# wine_configure <log dir> <run timeout in s>: it exports WINEDEBUG (default -all) and
# WINEDLLOVERRIDES, picks the loader and sets log_dir, run_timeout, cmd_timeout (one
# sc/reg command) and wine_loader. note and die print with the calling script's name.

wine_tag=${0##*/}
note() { echo "$wine_tag: $*" >&2; }
die() { note "error: $*"; exit 1; }

# pe_arch <file>: x64, x86 or nothing, from the machine field of a PE file's header.
pe_arch() {
  local off machine
  off=$(od -An -t u4 -j 60 -N 4 "$1" 2>/dev/null | tr -d ' ') || return 0
  [ -n "$off" ] || return 0
  machine=$(od -An -t x2 -j $((off + 4)) -N 2 "$1" 2>/dev/null | tr -d ' ') || return 0
  case $machine in 8664) echo x64 ;; 014c) echo x86 ;; esac
}

# wine32_status: "ok" when 32-bit Windows programs can run here, else why not. Two things
# are needed: Debian's wine32:i386 package, and a kernel that executes 32-bit (i386) Linux
# programs, which Wine's 32-bit loader is (some virtual machines turn IA-32 emulation off:
# execve then fails with ENOEXEC, "Exec format error").
wine32_status() {
  local out rc=0
  if [ ! -x /usr/lib/wine/wine ] || [ ! -d /usr/lib/i386-linux-gnu/wine/i386-windows ]; then
    echo "32-bit Wine (wine32:i386) is not installed"
    return 0
  fi
  out=$(/usr/lib/wine/wine --version 2>&1) || rc=$?
  if [ "$rc" -eq 126 ]; then
    echo "this machine cannot execute 32-bit programs: /usr/lib/wine/wine --version gives" \
      "'${out##*: }' (exit 126): the kernel's IA-32 emulation is off"
    return 0
  elif [ "$rc" -ne 0 ]; then
    echo "32-bit Wine does not start: /usr/lib/wine/wine --version exits $rc: ${out:0:200}"
    return 0
  fi
  echo ok
}

# wine_configure <log dir> <run timeout>: the environment of every Wine command.
wine_configure() {
  log_dir=$1
  run_timeout=$2
  cmd_timeout=45 # one sc/reg command; sc start waits for DriverEntry
  WINEDEBUG=${WINEDEBUG:--all}
  WINEDLLOVERRIDES="mscoree,mshtml="
  export WINEPREFIX WINEDEBUG WINEDLLOVERRIDES WINEARCH
  wine_pick_loader
}

# With wine32 installed, plain `wine` is the 32-bit loader: builtins such as sc.exe would
# then run as 32-bit programs and mark driver services WOW64 (sc start: error 1114). In a
# 64-bit prefix the 64-bit loader runs 64-bit tools and still starts 32-bit programs under
# WoW64. A win32 prefix must be driven by the 32-bit loader (the 64-bit one refuses it).
wine_pick_loader() {
  if [ "$WINEARCH" = win64 ] && [ -x /usr/lib/wine/wine64 ]; then
    wine_loader=/usr/lib/wine/wine64
    export WINELOADER=$wine_loader
  elif [ "$WINEARCH" = win32 ]; then
    wine_loader=/usr/lib/wine/wine
    export WINELOADER=$wine_loader
  else
    wine_loader=wine
  fi
}

now() { date +%s%N; }
elapsed() { local t=$(( ($(now) - $1) / 1000000 )); printf '%d.%03d s' $((t / 1000)) $((t % 1000)); }

# wl <log> <seconds> <wine arguments...>: one bounded Wine command, output to <log>.
wl() {
  local log=$1 secs=$2 rc=0
  shift 2
  timeout -k 5 "$secs" "$wine_loader" "$@" </dev/null >"$log" 2>&1 9>&- || rc=$?
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    note "timed out after ${secs} s: wine $*"
    echo "[$wine_tag: timed out after ${secs} s: wine $*]" >>"$log"
  elif [ "$rc" -ne 0 ]; then
    echo "[$wine_tag: exit code $rc: wine $*]" >>"$log"
  fi
  return "$rc"
}

show_log() { # show_log <file>...: print logs for a failure report
  local f
  for f in "$@"; do
    [ -s "$f" ] || continue
    echo "----- $f" >&2
    tail -n 60 "$f" | tr -d '\r' >&2
  done
}

take_lock() { # serialises prefix boot, setup and teardown between concurrent callers
  mkdir -p "$(dirname "$WINEPREFIX")" "$log_dir"
  exec 9>"$WINEPREFIX.lock"
  flock -w 300 9 || die "could not lock $WINEPREFIX.lock within 300 s"
}
drop_lock() { exec 9>&-; }

# ---- processes (found through /proc, so no procps is needed) ----------------------------

proc_state() { # prints the state letter of <pid>, nothing if it is gone
  local s
  { read -r s <"/proc/$1/stat"; } 2>/dev/null || return 0
  s=${s##*) }
  echo "${s%% *}"
}
alive() { local s; s=$(proc_state "$1"); [ -n "$s" ] && [ "$s" != Z ] && [ "$s" != X ]; }

# wine_pids [text]: pids of the live Wine processes (loader or server) of this prefix,
# optionally only those whose command line contains <text> (lower case). Builtins only in
# the loop over /proc: it runs over every process of the machine.
# shellcheck disable=SC2120 # the filter is optional, and this file never passes it
wine_pids() {
  local d pid exe IFS=$'\n'
  local -a env args
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}
    { mapfile -d '' -t env <"$d/environ"; } 2>/dev/null || continue
    [[ $'\n'"${env[*]}"$'\n' == *$'\n'"WINEPREFIX=$WINEPREFIX"$'\n'* ]] || continue
    exe=$(readlink "$d/exe" 2>/dev/null) || continue
    [[ ${exe##*/} == wine* ]] || continue
    alive "$pid" || continue
    if [ $# -gt 0 ]; then
      { mapfile -d '' -t args <"$d/cmdline"; } 2>/dev/null || continue
      [[ ${args[*],,} == *"$1"* ]] || continue
    fi
    echo "$pid"
  done
}

server_pid() { # the wineserver of this prefix: it keeps the prefix directory open
  local d f comm
  for d in /proc/[0-9]*; do
    { read -r comm <"$d/comm"; } 2>/dev/null || continue
    [[ $comm == wineserver* ]] || continue
    alive "${d#/proc/}" || continue
    for f in "$d"/fd/*; do
      if [ "$f" -ef "$WINEPREFIX" ]; then
        echo "${d#/proc/}"
        return 0
      fi
    done
  done
}

server_persistent() { # the last -p option on the server's command line decides
  local a p=0
  while IFS= read -r -d '' a; do
    case $a in -p) p=1 ;; -p0) p=0 ;; -p*) p=1 ;; esac
  done <"/proc/$1/cmdline"
  [ "$p" = 1 ]
}

wait_gone() { # wait_gone <seconds> <pid>...: true when all are gone in time
  local end=$(( $(now) + $1 * 1000000000 )) p left
  shift
  while :; do
    left=0
    for p in "$@"; do alive "$p" && left=1; done
    [ "$left" = 0 ] && return 0
    [ "$(now)" -lt "$end" ] || return 1
    sleep 0.2
  done
}

kill_pids() { # kill_pids <what> <pid>...: TERM, then KILL after 3 s
  local what=$1 p
  shift
  [ $# -gt 0 ] || return 0
  note "stopping $what: $*"
  kill -TERM "$@" 2>/dev/null || true
  wait_gone 3 "$@" && return 0
  for p in "$@"; do kill -KILL "$p" 2>/dev/null || true; done
  wait_gone 5 "$@" || note "still alive after SIGKILL: $*"
}

# ---- prefix and server -------------------------------------------------------------------

booted() { [ -f "$WINEPREFIX/system.reg" ]; }

boot_prefix() { # caller holds the lock
  booted && return 0
  local t0 log=$log_dir/wineboot.log
  t0=$(now)
  note "booting a new Wine prefix in $WINEPREFIX"
  if ! timeout -k 5 180 "$wine_loader" wineboot.exe -i </dev/null >"$log" 2>&1 9>&-; then
    show_log "$log"
    die "wineboot -i failed or took more than 180 s"
  fi
  # The boot-time server is not persistent; let it finish (it saves the registry on exit).
  timeout 120 wineserver -w 9>&- || die "the boot-time wineserver did not exit within 120 s"
  booted || { show_log "$log"; die "wineboot finished but $WINEPREFIX/system.reg is missing"; }
  note "prefix booted in $(elapsed "$t0")"
}

# ensure_server: a persistent wineserver for the prefix, and Wine's system processes started
# by a command whose output is a log file (not the caller's stdout). Caller holds the lock.
ensure_server() {
  local pid
  pid=$(server_pid)
  if [ -n "$pid" ] && ! server_persistent "$pid"; then
    note "wineserver $pid of this prefix is not persistent; waiting (up to 30 s) for it to exit"
    timeout 30 wineserver -w 9>&- ||
      die "wineserver $pid is still serving other programs; stop them or run: $0 teardown"
    pid=
  fi
  local syslog=$log_dir/system-processes.log
  if [ -z "$pid" ]; then
    : >"$syslog"
    wineserver -p </dev/null >>"$log_dir/wineserver.log" 2>&1 9>&- || true
    local _
    for _ in $(seq 50); do
      pid=$(server_pid)
      [ -n "$pid" ] && break
      sleep 0.1
    done
    [ -n "$pid" ] || { show_log "$log_dir/wineserver.log"; die "could not start a wineserver"; }
  fi
  # Appending: the system processes keep this file open and write to it (with
  # WINEDEBUG=+debugstr, DbgPrint of the drivers lands here) while later calls add lines.
  local rc try
  for try in 1 2; do
    rc=0
    timeout -k 5 120 "$wine_loader" cmd /c exit </dev/null >>"$syslog" 2>&1 9>&- || rc=$?
    [ "$rc" -ne 0 ] || return 0
    note "wine cmd /c exit failed with exit code $rc (124: timed out after 120 s), try $try of 2"
  done
  show_log "$syslog"
  die "could not start Wine's system processes"
}

need_prefix() { booted || die "no Wine prefix at $WINEPREFIX; run: $0 setup"; }

# ---- services ----------------------------------------------------------------------------

svc_key='HKLM\System\CurrentControlSet\Services'

svc_state() { # prints RUNNING, STOPPED, START_PENDING, ... or MISSING
  local log=$log_dir/sc-query-$1.log rc=0
  wl "$log" "$cmd_timeout" sc query "$1" || rc=$?
  case $rc in
    0) sed -n 's/^ *STATE *: *[0-9]* *\([A-Z_]*\).*/\1/p' "$log" | head -n 1 ;;
    1) echo MISSING ;;     # Wine's sc prints nothing and exits 1 for an unknown service
    *) echo "UNKNOWN(sc exit $rc)" ;;
  esac
}

svc_group() { # the load-order group of a service ('' if none)
  local log=$log_dir/reg-query-$1.log
  wl "$log" "$cmd_timeout" reg query "$svc_key\\$1" /v Group || return 0
  sed -n 's/^ *Group *REG_SZ *\(.*\)$/\1/p' "$log" | tr -d '\r' | head -n 1
}

svc_start() { # svc_start <name>: start unless running; true when it ends up RUNNING
  local st end log=$log_dir/sc-start-$1.log
  st=$(svc_state "$1")
  [ "$st" = RUNNING ] && return 0
  wl "$log" "$cmd_timeout" sc start "$1" || true
  end=$(( $(now) + 20 * 1000000000 ))
  while st=$(svc_state "$1"); [ "$st" = START_PENDING ] && [ "$(now)" -lt "$end" ]; do
    sleep 0.3
  done
  [ "$st" = RUNNING ]
}

svc_stop() { # svc_stop <name>: stop unless stopped; true when it ends up STOPPED or MISSING
  local st end
  st=$(svc_state "$1")
  case $st in STOPPED|MISSING) return 0 ;; esac
  wl "$log_dir/sc-stop-$1.log" "$cmd_timeout" sc stop "$1" || true
  end=$(( $(now) + 20 * 1000000000 ))
  while st=$(svc_state "$1"); [ "$st" != STOPPED ] && [ "$(now)" -lt "$end" ]; do
    sleep 0.3
  done
  [ "$st" = STOPPED ]
}

# stop_prefix <service>...: stops the services (in that order), then the wineserver and
# every Wine process left in the prefix. Never hangs; caller holds the lock.
stop_prefix() {
  local pid pids s
  pid=$(server_pid)
  if [ -n "$pid" ]; then
    for s in "$@"; do
      wl "$log_dir/sc-stop-$s.log" 20 sc stop "$s" || true
    done
    timeout 20 wineserver -k 9>&- || true
    wait_gone 15 "$pid" || kill_pids "wineserver" "$pid"
  fi
  mapfile -t pids < <(wine_pids)
  kill_pids "leftover Wine processes" "${pids[@]}"
}

# update_prefix: wineboot -u (adds what a newer or wider Wine installs to an existing
# prefix, such as the 32-bit system files of syswow64). The prefix's processes must be
# stopped first; caller holds the lock.
update_prefix() {
  timeout -k 5 300 "$wine_loader" wineboot.exe -u </dev/null >"$log_dir/wineboot-u.log" 2>&1 9>&- || true
  timeout 120 wineserver -w 9>&- || true
}

# ---- paths and programs ------------------------------------------------------------------

to_winpath() { # prints the Windows path of a Linux path (winepath -w)
  local path log
  path=$(realpath -m "$1")
  log=$(mktemp "$log_dir/winepath.XXXXXX")
  # Right after Wine's services restart, a first program can fail to start ("could not
  # be started"); one retry covers that.
  wl "$log" "$cmd_timeout" winepath -w "$path" || { sleep 1; wl "$log" "$cmd_timeout" winepath -w "$path"; } ||
    { show_log "$log"; rm -f "$log"; die "winepath -w $path failed"; }
  tr -d '\r' <"$log" | tail -n 1
  rm -f "$log"
}

drive_letter() { # drive_letter <m|M|m:|M:\>: prints M, or fails
  local l=${1%%:*}
  l=${l^^}
  [[ $l =~ ^[A-Z]$ ]] || die "not a drive letter: $1"
  echo "$l"
}

# run_wine <program> [args]: the caller's stdio is passed through; exit code too.
run_wine() {
  local rc=0
  timeout --foreground -k 10 "$run_timeout" "$wine_loader" "$@" 9>&- || rc=$?
  [ "$rc" -ne 124 ] || note "timed out after $run_timeout s: $1"
  return "$rc"
}

# spawn_kept <state> <log> <folder> <program> [args]: starts a Wine program in <folder>, in
# the background, under a keeper shell in a session of its own: it outlives this script
# and ignores the caller's terminal signals. The keeper is the program's parent, so it
# records its pid in <state>.pid and, when it ends, its exit code in <state>.rc.
spawn_kept() {
  local state=$1 log=$2 dir=$3
  shift 3
  rm -f "$state.pid" "$state.rc"
  # shellcheck disable=SC2016 # expanded by the keeper
  local keeper='"$@" & echo "$!" >"$0.pid.tmp"; mv -f "$0.pid.tmp" "$0.pid"
    wait "$!"; echo "$?" >"$0.rc.tmp"; mv -f "$0.rc.tmp" "$0.rc"'
  (cd "$dir" && exec setsid bash -c "$keeper" "$state" "$wine_loader" "$@") </dev/null >"$log" 2>&1 9>&- &
}
