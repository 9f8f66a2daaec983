/* SPDX-License-Identifier: LGPL-3.0-or-later
 * abi_dokan.c - the layout facts of dokan.h/dokanc.h (abi_layout.h). */
#include <windows.h>
#include "dokan.h"
#include "dokanc.h"
#include "abi_layout.h"

const size_t dokan_layout[ABI_FACT_COUNT] = ABI_LAYOUT(DOKAN_, Dokan);
