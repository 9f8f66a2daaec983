// SPDX-License-Identifier: LGPL-3.0-or-later
#include "cf.h"

static void placeholder_set(CF *t)
{
	cf_stat(t, "file", L"file.txt");
}

CF_CASES_DEFINE(set,
	{ "placeholder_set", placeholder_set, 0 },
)
