/* SPDX-License-Identifier: LGPL-3.0-or-later
 * event.c - the checks and helpers shared by the event/reply protocol of every family. */
#include "dk.h"

/* The one choke point for replies from user mode: the header and its data length must
 * agree with the number of bytes actually received. */
NTSTATUS DkValidateReply(const DK_REPLY *reply, ULONG inputLength)
{
	if (!reply || inputLength < sizeof(DK_REPLY))
		return STATUS_INVALID_PARAMETER;
	if (reply->Length != inputLength)
		return STATUS_INVALID_PARAMETER;
	if (reply->DataLength != inputLength - sizeof(DK_REPLY))
		return STATUS_INVALID_PARAMETER;
	return STATUS_SUCCESS;
}

/* Reply data, if it fits the caller's buffer; NULL otherwise. */
const VOID *DkReplyData(const DK_REPLY *reply, ULONG limit)
{
	if (reply->DataLength > limit)
		return NULL;
	return reply + 1;
}

ULONG DkEventExtraOffset(DK_REQUEST *request)
{
	DK_EVENT *event = request->Event;
	return (sizeof(DK_EVENT) + event->FileNameLength + sizeof(WCHAR) + 7u) & ~7u;
}

PVOID DkEventExtra(DK_REQUEST *request)
{
	return (PUCHAR)request->Event + DkEventExtraOffset(request);
}

ULONG DkEventFileFlags(PIRP irp, DK_CCB *ccb)
{
	PFILE_OBJECT file = IoGetCurrentIrpStackLocation(irp)->FileObject;
	ULONG flags = 0;

	if (ccb && ccb->Fcb && (ccb->Fcb->Flags & DK_FCB_DIRECTORY))
		flags |= DK_FILE_DIRECTORY;
	if (ccb && (ccb->Flags & DK_CCB_DELETE_ON_CLOSE))
		flags |= DK_FILE_DELETE_ON_CLOSE;
	if (irp->Flags & IRP_PAGING_IO)
		flags |= DK_FILE_PAGING_IO;
	if (irp->Flags & IRP_NOCACHE)
		flags |= DK_FILE_NOCACHE;
	if (file && (file->Flags & FO_SYNCHRONOUS_IO))
		flags |= DK_FILE_SYNCHRONOUS_IO;
	return flags;
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

/* The path an event carries: the FCB's path when the request was made. It stays valid
 * while the request lives, whatever a concurrent rename does to the FCB. */
void DkEventPath(const DK_EVENT *event, UNICODE_STRING *path)
{
	path->Buffer = (PWCH)((PUCHAR)event + event->FileNameOffset);
	path->Length = path->MaximumLength = (USHORT)event->FileNameLength;
}

/* Tells change-notification watchers what a completed request did to its file. */
void DkReportRequestChange(DK_REQUEST *request, ULONG filter, ULONG action)
{
	UNICODE_STRING path;
	DkEventPath(request->Event, &path);
	DkNotifyReport(request->Mount, &path, filter, action);
}

/* The first checks of a read or a write, as NTFS makes them: never on a folder, a zero
 * length is done at once, and there must be a buffer. STATUS_PENDING means: go on. */
NTSTATUS DkCheckTransfer(DK_CCB *ccb, PIRP irp, ULONG length)
{
	if (ccb->Fcb->Flags & DK_FCB_DIRECTORY) /* 0.6.0 said INVALID_PARAMETER */
		return STATUS_INVALID_DEVICE_REQUEST;
	if (length == 0)
		return STATUS_SUCCESS;
	if (!DkIrpCallerBuffer(irp, length))
		return STATUS_INVALID_USER_BUFFER;
	return STATUS_PENDING;
}
