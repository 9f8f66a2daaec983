/* SPDX-License-Identifier: LGPL-3.0-or-later
 * filerequest.c - the steps every file-system IRP family shares, in the order a request
 * takes them: the dispatch prologue (the open file's CCB on a live mount), forwarding to
 * user mode, completing from the reply's data, and reporting the change it made. */
#include "dk.h"

/* Common prologue of file-system dispatch routines: the CCB of an open file on a live
 * mount. On failure the IRP is left for the caller to complete with the status. */
NTSTATUS DkFileRequestBegin(PDEVICE_OBJECT device, PIRP irp, DK_MOUNT **mount, DK_CCB **ccb)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	*mount = DkMountOfDevice(device);
	*ccb = DkCcbOfFile(stack->FileObject);
	if (!*mount)
		return STATUS_INVALID_DEVICE_REQUEST;
	if (!*ccb || (*ccb)->Kind != DK_CCB_FILE || (*ccb)->Mount != *mount)
		return STATUS_INVALID_PARAMETER;
	if (!(*mount)->Mounted)
		return STATUS_VOLUME_DISMOUNTED;
	return STATUS_SUCCESS;
}

/* Allocates and submits a request for an IRP, or completes the IRP with the failure. */
NTSTATUS DkForward(DK_REQUEST *request, PIRP irp, DK_COMPLETE_FN *complete)
{
	if (!request)
		return DkCompleteIrp(irp, STATUS_INSUFFICIENT_RESOURCES, 0);
	request->Complete = complete;
	return DkRequestSubmit(request);
}

/* Reply data, if it fits the caller's buffer; NULL otherwise. */
static const VOID *DkReplyData(const DK_REPLY *reply, ULONG limit)
{
	if (reply->DataLength > limit)
		return NULL;
	return reply + 1;
}

/* Copies reply data into the caller's buffer and sets the IRP's result. A reply that
 * claims more than the caller asked for is refused. */
void DkCompleteWithData(PIRP irp, const DK_REPLY *reply, NTSTATUS failure, PVOID buffer, ULONG bufferLength)
{
	const VOID *data;

	irp->IoStatus.Information = 0;
	if (!reply) {
		irp->IoStatus.Status = failure;
		return;
	}
	data = DkReplyData(reply, bufferLength);
	if (!data) {
		irp->IoStatus.Status = DK_STATUS_PROTOCOL_ERROR;
		return;
	}
	if (reply->DataLength && !buffer) {
		irp->IoStatus.Status = STATUS_INVALID_USER_BUFFER;
		return;
	}
	if (reply->DataLength)
		RtlCopyMemory(buffer, data, reply->DataLength);
	irp->IoStatus.Status = reply->Status;
	irp->IoStatus.Information = reply->DataLength;
}

/* Tells change-notification watchers what a completed request did to its file. */
void DkReportRequestChange(DK_REQUEST *request, ULONG filter, ULONG action)
{
	UNICODE_STRING path;
	DkEventPath(request->Event, &path);
	DkNotifyReport(request->Mount, &path, filter, action);
}
