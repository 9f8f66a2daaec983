// SPDX-License-Identifier: LGPL-3.0-or-later
// dispatch_write.c - placeholder until this family is forwarded by the driver.
#include "dk_dll.h"

void dk_dispatch_write(DK_WORKER *worker, const DK_EVENT *event)
{
	dk_reply_status(worker, event, (NTSTATUS)0xC0000002L /* NOT_IMPLEMENTED */);
}
