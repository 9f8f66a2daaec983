/* SPDX-License-Identifier: LGPL-3.0-or-later
 * dispatch_flush.c - IRP_MJ_FLUSH_BUFFERS (docs/behaviour.md, "Locks and flush"). */
#include "dk_dll.h"


void dk_dispatch_flush(DK_WORKER *worker, const DK_EVENT *event)
{
	PDOKAN_OPERATIONS ops = worker->Instance->Operations;
	DK_OPEN *open = dk_open_of(event);
	DOKAN_FILE_INFO info;
	NTSTATUS status;
	int result = 0;

	dk_fileinfo_init(&info, worker->Instance, event, open);
	/* a file system without the callback has nothing buffered: success */
	if (ops->FlushFileBuffers)
		result = ops->FlushFileBuffers(dk_event_name(event), &info);
	dk_fileinfo_store(&info, open);
	status = dk_status_from_result(result, STATUS_NOT_SUPPORTED);
	dk_debug(DKF_DEBUG_PREFIX "FlushFileBuffers %ls: %d, status 0x%08lx\n", dk_event_name(event), result, status);
	dk_reply_status(worker, event, status);
}
