// SPDX-License-Identifier: LGPL-3.0-or-later
// dispatch_security.c - placeholder until this family is forwarded by the driver.
#include "dk_dll.h"

void dk_dispatch_query_security(DK_WORKER *worker, const DK_EVENT *event)
{
	dk_reply_status(worker, event, (NTSTATUS)0xC0000002L /* NOT_IMPLEMENTED */);
}

void dk_dispatch_set_security(DK_WORKER *worker, const DK_EVENT *event)
{
	dk_reply_status(worker, event, (NTSTATUS)0xC0000002L /* NOT_IMPLEMENTED */);
}
