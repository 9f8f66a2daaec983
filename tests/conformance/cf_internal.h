// SPDX-License-Identifier: LGPL-3.0-or-later
/* cf_internal.h - runner internals shared by cf_record.c and cf_main.c. */
#ifndef CF_INTERNAL_H_
#define CF_INTERNAL_H_

#include "cf.h"

/* Compares two recordings; prints the first mismatch, starting with print, unless print is
 * NULL. Returns the number of mismatches; *xd_used gets a bit (1 << CF_XD_*) per expected
 * difference that applied. */
int cf_compare(const CF *native, const CF *dokan, const char *print, const char *case_name,
	ULONGLONG *xd_used);
_Static_assert(CF_XD_COUNT <= 64, "expected differences are counted in a 64-bit mask");
void cf_print_all_mismatches(const CF *native, const CF *dokan);
void cf_free_records(CF *t);

/* Compares the native case folder with the mirror's backing folder (cf_tree.c); prints the
 * first difference not explained by effects_excused as "FAIL <case>: side effect: ..." when
 * print. Returns the number of unexplained differences. */
int cf_compare_trees(const WCHAR *native, const WCHAR *mirror, const char *case_name,
	ULONG effects_excused, BOOL print, BOOL verbose);

/* Cases known to fail for now: the runner reports them as skipped with the reason. */
typedef struct CF_PENDING {
	const char *name;
	const char *reason;
} CF_PENDING;
extern const CF_PENDING cf_pending[];
extern const size_t cf_pending_count;

#endif
