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

/* Where a case folder is, for making its fixture and reading it back: a host folder read
 * and written with Win32 (root: the folder that holds the case folders), or the volume
 * itself through its backend (volume; its folder set to the one holding the case folders
 * for cf_make_fixture, to the case folder for cf_compare_trees). */
typedef struct CF_FIXTURE_TARGET {
	const WCHAR *root;
	CF_BACKEND *volume;
	const char *label; /* how messages name this side: "native folder", "mirror's folder" */
} CF_FIXTURE_TARGET;

/* Makes the fixture of a case in <case_name> below the target (cf_fixture.c). */
BOOL cf_make_fixture(const CF_FIXTURE_TARGET *target, const char *case_name, unsigned fixture);

/* Compares the native case folder with the other side's case folder (cf_tree.c): the
 * mirror's backing folder, or the volume read afresh; for a host target, root is the case
 * folder itself. Prints the first difference not explained by effects_excused as
 * "FAIL <case>: side effect: ..." when print. Returns the number of unexplained
 * differences; adds to *xd_used the expected differences the comparison applied. */
int cf_compare_trees(const CF_FIXTURE_TARGET *native, const CF_FIXTURE_TARGET *other,
	const char *case_name, ULONG effects_excused, BOOL print, BOOL verbose, ULONGLONG *xd_used);

/* Cases known to fail for now: the runner reports them as skipped with the reason. */
typedef struct CF_PENDING {
	const char *name;
	const char *reason;
} CF_PENDING;
extern const CF_PENDING cf_pending[];
extern const size_t cf_pending_count;

#endif
