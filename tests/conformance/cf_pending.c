// SPDX-License-Identifier: LGPL-3.0-or-later
/* cf_pending.c - cases that still fail because parts of the stack are not finished or have
 * a reported bug. They run and are compared strictly like every other case, but a failure
 * is reported as "SKIPPED <case>: <reason>" and does not fail the suite; when one passes
 * the runner says so and it counts as passed. Remove entries as the fixes land. */
#include "cf_internal.h"

#define CLASS "class 200: iohost refuses classes beyond the last one with INVALID_INFO_CLASS, " \
	"as Windows' NtSetInformationFile does; Wine's own answers NOT_IMPLEMENTED"

const CF_PENDING cf_pending[] = {
	{ "set_unknown_class", CLASS },
};
const size_t cf_pending_count = sizeof(cf_pending) / sizeof(cf_pending[0]);
