#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# thunk_exec.sh <objdump> <dokan.dll> <work dir>: runs the x86 dokan.dll's callback thunk
# (docs/differences.md D15) on i386 without Wine: its bytes are copied out of the built DLL
# into a freestanding i386 Linux program (thunk_harness.c) that calls cdecl and stdcall
# callees through it; run directly, or with qemu-i386 where this kernel runs no 32-bit
# programs.
# Needs a host gcc with -m32 code generation (no libraries) and, without IA-32 support,
# qemu-user-static; exits 77 (ctest: skipped) with the reason when one is missing.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
objdump=${1:?usage: thunk_exec.sh <objdump> <dokan.dll> <work dir>}
dll=${2:?usage}
work=${3:?usage}
mkdir -p "$work"

# the raw bytes of _dk_x86_call, up to and including its ret
listing=$("$objdump" -d "$dll")
bytes=$(awk '/<_dk_x86_call>:/ { p = 1; next }
  p { n = split($0, f, "\t"); if (n < 2) next; gsub(/ +$/, "", f[2]); printf "%s ", f[2]; if (f[3] ~ /^ret/) exit }' <<<"$listing")
[ -n "$bytes" ] || { echo "FAIL no _dk_x86_call in $dll"; exit 1; }
{
  echo '.section .note.GNU-stack,"",@progbits'
  echo ".text"
  echo ".globl dk_thunk"
  echo "dk_thunk:"
  for b in $bytes; do echo ".byte 0x$b"; done
} >"$work/thunk_bytes.S"
echo "thunk_exec: $(wc -w <<<"$bytes") bytes of _dk_x86_call copied from $dll"
command -v gcc >/dev/null || skip "no host gcc to build the i386 harness (apt-get install gcc)"
gcc -m32 -O2 -ffreestanding -nostdlib -static -fno-pic -no-pie -fno-stack-protector \
  -o "$work/thunk_harness" "$here/thunk_harness.c" "$work/thunk_bytes.S"
runner=()
rc=0
"$work/thunk_harness" 2>/dev/null || rc=$?
if [ "$rc" -eq 126 ]; then # ENOEXEC: this kernel runs no i386 programs
  command -v qemu-i386-static >/dev/null ||
    skip "this kernel runs no i386 programs and qemu-i386-static is missing (apt-get install qemu-user-static)"
  runner=(qemu-i386-static)
  rc=0
  "${runner[@]}" "$work/thunk_harness" || rc=$?
fi
if [ "$rc" -eq 0 ]; then
  echo "thunk_exec: 2000 calls (cdecl and stdcall callees) through the thunk${runner:+ under ${runner[*]}}:" \
    "arguments, results, ESP, EBX/ESI/EDI all as expected"
  echo "thunk_exec: 1 passed, 0 failed"
else
  echo "FAIL thunk_exec: $rc failed call(s) (exit code)"
  echo "thunk_exec: 0 passed, 1 failed"
fi
exit "$rc"
