// SPDX-License-Identifier: LGPL-3.0-or-later
#include "cf.h"

static void placeholder_info(CF *t)
{
	cf_stat(t, "file", L"file.txt");
}

CF_CASES_DEFINE(info,
	{ "placeholder_info", placeholder_info, 0 },
)
