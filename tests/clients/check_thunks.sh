#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-3.0-or-later
# check_thunks.sh <objdump> <bin dir>: x86 only, no Wine needed. docs/differences.md D15
# in the built binaries: dokan.dll has one stdcall wrapper per DOKAN_OPERATIONS slot (25),
# each passing exactly its own argument size (the @N of its name) to the ESP-restoring
# thunk, and the thunk puts ESP back from EBP after the call; the test mirrors really
# differ: the cdecl build's callbacks return with a plain `ret` (arguments left on the
# stack), the stdcall build's pop theirs.
# shellcheck disable=SC2034 # some variables are read only inside check's quoted conditions
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
objdump=${1:?usage: check_thunks.sh <objdump> <bin dir>}
bin=${2:?usage: check_thunks.sh <objdump> <bin dir>}

dll=$("$objdump" -d --no-show-raw-insn "$bin/dokan.dll")
# "<name> <bytes> <words>" for each wrapper: its @N and the word count it hands the thunk
wrappers=$(awk '/^[0-9a-f]+ <_dk_thunk_[a-z_]+@[0-9]+>:/ { split($2, a, "[<>@]"); name = a[2]; bytes = a[3]; done = 0; next }
  name != "" && !done && /\$0x[0-9a-f]+,0x4\(%esp\)/ { match($0, /\$0x[0-9a-f]+/); print name, bytes, substr($0, RSTART + 3, RLENGTH - 3); done = 1 }' <<<"$dll")
count=$(grep -c . <<<"$wrappers" || true)
check "25 callback wrappers in dokan.dll (found $count)" '[ "$count" -eq 25 ]'
while read -r name bytes words; do
  [ -n "$name" ] || continue
  check "$name: stdcall size $bytes = 4 x $((16#$words)) words passed to the thunk" '[ "$bytes" -eq $((4 * 16#$words)) ]'
done <<<"$wrappers"
thunk=$(awk '/<_dk_x86_call>:/ { p = 1; next } p && /^$/ { exit } p' <<<"$dll")
check "the thunk calls through its argument and restores ESP from EBP" \
  'grep -q "call .*\*0x8(%ebp)" <<<"$thunk" && grep -A1 "call .*\*0x8(%ebp)" <<<"$thunk" | grep -q "lea .*-0x8(%ebp),%esp"'

# ret_of <exe> <symbol regex>: the first ret instruction of a function
ret_of() { "$objdump" -d --no-show-raw-insn "$1" | awk -v re="$2" '$0 ~ re { p = 1 } p && /\tret/ { print $2, $3; exit }'; }
check "cdecl-mirror.exe: MirrorReadFile returns with a plain ret" \
  '[ "$(ret_of "$bin/cdecl-mirror.exe" "<_MirrorReadFile>:")" = "ret " ]'
check "stdcall-mirror.exe: MirrorReadFile pops its 28 bytes" \
  '[ "$(ret_of "$bin/stdcall-mirror.exe" "<_MirrorReadFile@28>:")" = "ret \$0x1c" ]'
echo "thunks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
