/* SPDX-License-Identifier: LGPL-3.0-or-later
 * abi_fuser.c - the layout facts of the generated fuser.h/fuserc.h (abi_layout.h). */
#include <windows.h>
#include "fuser.h"
#include "fuserc.h"
#include "abi_layout.h"

const size_t fuser_layout[ABI_FACT_COUNT] = ABI_LAYOUT(FUSER_, Fuser);
