// SPDX-License-Identifier: LGPL-3.0-or-later
/* cf_pending.c - cases that still fail because parts of the stack are not finished or have
 * a reported bug. They run and are compared strictly like every other case, but a failure
 * is reported as "SKIPPED <case>: <reason>" and does not fail the suite; when one passes
 * the runner says so and it counts as passed. Remove entries as the fixes land. */
#include "cf_internal.h"

#define NON_DIR "FILE_NON_DIRECTORY_FILE with a replacing disposition on a folder: the file " \
	"system refuses first (mirror: ACCESS_DENIED); NTFS: STATUS_FILE_IS_A_DIRECTORY"
#define CLASS "class 200: iohost refuses classes beyond the last one with INVALID_INFO_CLASS, " \
	"as Windows' NtSetInformationFile does; Wine's own answers NOT_IMPLEMENTED"

const CF_PENDING cf_pending[] = {
	{ "create_supersede_nondir_on_dir", NON_DIR },
	{ "set_unknown_class", CLASS },
};
const size_t cf_pending_count = sizeof(cf_pending) / sizeof(cf_pending[0]);
