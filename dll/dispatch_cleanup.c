/* SPDX-License-Identifier: LGPL-3.0-or-later
 * dispatch_cleanup.c - IRP_MJ_CLEANUP (last handle closed) and IRP_MJ_CLOSE notices. */
#include "dk_dll.h"

void dk_dispatch_cleanup(DK_WORKER *worker, const DK_EVENT *event)
{
	DK_OPEN *open = dk_open_of(event);
	DOKAN_FILE_INFO info;

	if (open) {
		dk_fileinfo_init(&info, worker->Instance, event, open);
		if (worker->Instance->Operations->Cleanup)
			worker->Instance->Operations->Cleanup(dk_event_name(event), &info);
		dk_fileinfo_store(&info, open);
	}
	/* a cleanup cannot fail (docs/behaviour.md, "Cleanup, close and deletion") */
	if (dk_reply_begin(worker, event, 0))
		dk_reply_finish(worker, STATUS_SUCCESS, 0);
}

/* No reply: nothing waits for a close. The open record ends here. */
void dk_dispatch_close(DK_WORKER *worker, const DK_EVENT *event)
{
	DK_OPEN *open = dk_open_of(event);
	DOKAN_FILE_INFO info;

	if (!open)
		return;
	dk_fileinfo_init(&info, worker->Instance, event, open);
	if (worker->Instance->Operations->CloseFile)
		worker->Instance->Operations->CloseFile(dk_event_name(event), &info);
	dk_open_free(open);
}

/* The driver's IRP for this open ended before our create reply arrived (it expired or
 * was cancelled): no cleanup or close will come for it, so both are done here. */
void dk_dispatch_abandoned(DK_WORKER *worker, const DK_EVENT *event)
{
	PDOKAN_OPERATIONS ops = worker->Instance->Operations;
	DK_OPEN *open = dk_open_of(event);
	const WCHAR *name;
	DOKAN_FILE_INFO info;

	if (!open)
		return;
	name = open->FileName ? open->FileName : L"";
	dk_fileinfo_init(&info, worker->Instance, event, open);
	if (ops->Cleanup)
		ops->Cleanup(name, &info);
	dk_fileinfo_store(&info, open);
	dk_fileinfo_init(&info, worker->Instance, event, open);
	if (ops->CloseFile)
		ops->CloseFile(name, &info);
	dk_open_free(open);
}
