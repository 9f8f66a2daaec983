// SPDX-License-Identifier: LGPL-3.0-or-later
// headers_c.c - dokan.h and dokanc.h used from C (see headers_use.h), and the test's main.
#include <stdio.h>
#define HEADERS_FN headers_c
#include "headers_use.h"

BOOL g_DebugMode, g_UseStdErr; /* dokanc.h's debug flags: defined by the program, not the DLL */
int headers_cpp(void);

int main(void)
{
	int c = headers_c(), cpp = headers_cpp();
	printf("headers: C %d, C++ %d failed check(s)\n", c, cpp);
	return c || cpp;
}
