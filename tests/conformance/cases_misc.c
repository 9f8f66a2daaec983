// SPDX-License-Identifier: LGPL-3.0-or-later
#include "cf.h"

static void placeholder_misc(CF *t)
{
	cf_stat(t, "file", L"file.txt");
}

CF_CASES_DEFINE(misc,
	{ "placeholder_misc", placeholder_misc, 0 },
)
