/* SPDX-License-Identifier: LGPL-3.0-or-later
 * dispatch_write.c - IRP_MJ_WRITE: the data arrives inside the event
 * (docs/behaviour.md, "Read and write"). */
#include "dk_dll.h"


/* After an append on a synchronous handle the driver moves the file pointer to the new
 * end of file, which only the file system knows: ask it. 0 means "cannot tell". */
static ULONG64 dk_end_after_append(PDOKAN_OPERATIONS ops, const DK_EVENT *event, DOKAN_FILE_INFO *info)
{
	BY_HANDLE_FILE_INFORMATION bhfi;

	if (!info->WriteToEndOfFile || !info->SynchronousIo || info->PagingIo || !ops->GetFileInformation)
		return 0;
	ZeroMemory(&bhfi, sizeof(bhfi));
	if (ops->GetFileInformation(dk_event_name(event), &bhfi, info) < 0)
		return 0;
	return ((ULONG64)bhfi.nFileSizeHigh << 32) | bhfi.nFileSizeLow;
}

void dk_dispatch_write(DK_WORKER *worker, const DK_EVENT *event)
{
	PDOKAN_OPERATIONS ops = worker->Instance->Operations;
	DWORD length = event->Params.Rw.Length;
	const void *data = dk_event_data(event, event->Params.Rw.DataOffset, length);
	DK_OPEN *open = dk_open_of(event);
	DK_REPLY *reply = dk_reply_begin(worker, event, 0);
	DOKAN_FILE_INFO info;
	DWORD written = 0;
	NTSTATUS status;
	int result;

	if (!reply)
		return;
	dk_fileinfo_init(&info, worker->Instance, event, open);
	if (!data || !ops->WriteFile)
		result = -1; /* a malformed event, or no callback: INVALID_PARAMETER as 0.6.0 */
	else
		result = ops->WriteFile(dk_event_name(event), data, length, &written, event->Params.Rw.ByteOffset, &info);
	if (result < 0)
		status = dk_status_from_result(result, STATUS_INVALID_PARAMETER);
	else if (written > length)
		status = STATUS_INVALID_PARAMETER; /* the callback claims more than it was given */
	else
		status = STATUS_SUCCESS;
	if (status == STATUS_SUCCESS) {
		reply->Information = written;
		reply->Value = dk_end_after_append(ops, event, &info);
	}
	dk_fileinfo_store(&info, open);
	dk_debug(DKF_DEBUG_PREFIX "WriteFile %ls offset %I64d%s length %lu: %d, %lu written, status 0x%08lx\n",
		dk_event_name(event), event->Params.Rw.ByteOffset, info.WriteToEndOfFile ? " (append)" : "", length,
		result, written, status);
	dk_reply_finish(worker, status, 0);
}
