/* SPDX-License-Identifier: LGPL-3.0-or-later
 * dispatch_read.c - IRP_MJ_READ: the data travels back in the reply. */
#include "dk_dll.h"


void dk_dispatch_read(DK_WORKER *worker, const DK_EVENT *event)
{
	PDOKAN_OPERATIONS ops = worker->Instance->Operations;
	DWORD length = event->Params.Rw.Length;
	DK_OPEN *open = dk_open_of(event);
	DK_REPLY *reply = dk_reply_begin(worker, event, length);
	DOKAN_FILE_INFO info;
	DWORD read = 0;
	NTSTATUS status;
	int result;

	if (!reply)
		return;
	dk_fileinfo_init(&info, worker->Instance, event, open);
	result = ops->ReadFile ? ops->ReadFile(dk_event_name(event), reply + 1, length, &read,
					 event->Params.Rw.ByteOffset, &info)
	                       : -ERROR_INVALID_FUNCTION;
	dk_fileinfo_store(&info, open);
	reply = worker->Reply;
	if (result < 0)
		status = dk_status_from_result(result, STATUS_INVALID_PARAMETER);
	else if (read > length)
		status = STATUS_INVALID_PARAMETER; /* the callback claims more than it was given */
	else if (read == 0)
		status = STATUS_END_OF_FILE; /* docs/differences.md D18 */
	else
		status = STATUS_SUCCESS;
	dk_reply_finish(worker, status, status == STATUS_SUCCESS ? read : 0);
}
