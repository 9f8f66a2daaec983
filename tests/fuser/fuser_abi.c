/* SPDX-License-Identifier: LGPL-3.0-or-later
 * fuser_abi.c - the generated fuser.h/fuserc.h describe the same ABI as dokan.h/dokanc.h
 * (docs/behaviour.md, "The Fuser flavour"): same structure sizes and field offsets (the
 * second field of FUSER_FILE_INFO is FuserContext), same constants. */
#include <stdio.h>
#include "abi_layout.h"

int main(void)
{
	int i, failures = 0;
	for (i = 0; i < ABI_FACT_COUNT; i++) {
		if (dokan_layout[i] != fuser_layout[i]) {
			printf("FAIL fact %d: Dokan %zu, Fuser %zu\n", i, dokan_layout[i], fuser_layout[i]);
			failures++;
		}
	}
	printf("fuser_abi: %d of %d layout facts differ (FUSER_FILE_INFO %zu bytes)\n", failures,
	       ABI_FACT_COUNT, fuser_layout[6]);
	return failures != 0;
}
