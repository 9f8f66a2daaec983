// SPDX-License-Identifier: LGPL-3.0-or-later
// mirror_variant.c - samples/mirror/mirror.c built against this test's own ABI
// declarations (mirror_abi.h), with cdecl or stdcall callbacks (docs/differences.md D15).
#include "mirror_abi.h"
#include "../../samples/mirror/mirror.c"
