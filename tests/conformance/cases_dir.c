// SPDX-License-Identifier: LGPL-3.0-or-later
#include "cf.h"

static void placeholder_dir(CF *t)
{
	cf_stat(t, "file", L"file.txt");
}

CF_CASES_DEFINE(dir,
	{ "placeholder_dir", placeholder_dir, 0 },
)
