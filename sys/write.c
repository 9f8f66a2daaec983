/* SPDX-License-Identifier: LGPL-3.0-or-later
 * write.c - IRP_MJ_WRITE, forwarded to user mode with the data inside the event. Events
 * too big for a worker's buffer reach it in two steps (queue.c, IOCTL_DOKAN_FETCH). */
#include "dk.h"

/* Where the write goes (docs/behaviour.md, "Read and write"): the IRP's offset, the file
 * pointer of a synchronous
 * file object, or "end of file" (-1 with DK_FILE_WRITE_TO_EOF), as NtWriteFile defines
 * the two special values. */
static NTSTATUS DkWriteOffset(PIO_STACK_LOCATION stack, LONG64 *offset, BOOLEAN *toEnd)
{
	LARGE_INTEGER given = stack->Parameters.Write.ByteOffset;
	PFILE_OBJECT file = stack->FileObject;

	*toEnd = FALSE;
	if (given.HighPart == -1 && given.LowPart == FILE_WRITE_TO_END_OF_FILE) {
		*toEnd = TRUE;
		*offset = -1;
		return STATUS_SUCCESS;
	}
	if (given.HighPart == -1 && given.LowPart == FILE_USE_FILE_POINTER_POSITION && (file->Flags & FO_SYNCHRONOUS_IO))
		given = file->CurrentByteOffset;
	if (given.QuadPart < 0)
		return STATUS_INVALID_PARAMETER;
	*offset = given.QuadPart;
	return STATUS_SUCCESS;
}

/* As the I/O manager expects of a file system: synchronous, non-paging writes move the
 * file pointer past the data. After an append only user mode knows where the file now
 * ends; it reports that in Value (0 when it cannot tell, and the pointer stays). */
static void DkWriteMovePointer(DK_REQUEST *request, const DK_REPLY *reply)
{
	PIRP irp = request->Irp;
	PFILE_OBJECT file = IoGetCurrentIrpStackLocation(irp)->FileObject;
	const DK_EVENT *event = request->Event;

	if (!(file->Flags & FO_SYNCHRONOUS_IO) || (irp->Flags & IRP_PAGING_IO))
		return;
	if (!(event->FileFlags & DK_FILE_WRITE_TO_EOF)) {
		file->CurrentByteOffset.QuadPart = event->Params.Rw.ByteOffset + (LONG64)reply->Information;
		return;
	}
	if (reply->Value != 0 && reply->Value >= reply->Information && reply->Value <= (ULONG64)MAXLONGLONG)
		file->CurrentByteOffset.QuadPart = (LONG64)reply->Value;
}

static void DkWriteComplete(DK_REQUEST *request, const DK_REPLY *reply, NTSTATUS failure)
{
	PIRP irp = request->Irp;
	ULONG length = request->Event->Params.Rw.Length;

	irp->IoStatus.Information = 0;
	if (!reply) {
		irp->IoStatus.Status = failure;
		return;
	}
	if (reply->Information > length || reply->DataLength != 0) {
		/* user mode claims to have written more than it was given */
		irp->IoStatus.Status = DK_STATUS_PROTOCOL_ERROR;
		return;
	}
	irp->IoStatus.Status = reply->Status;
	if (!NT_SUCCESS(reply->Status))
		return;
	irp->IoStatus.Information = (ULONG_PTR)reply->Information;
	DkWriteMovePointer(request, reply);
	if (reply->Information)
		DkReportRequestChange(request, FILE_NOTIFY_CHANGE_LAST_WRITE | FILE_NOTIFY_CHANGE_SIZE,
			FILE_ACTION_MODIFIED);
}

static DK_REQUEST *DkWriteRequest(DK_MOUNT *mount, PIRP irp, DK_CCB *ccb, const VOID *data, LONG64 offset, BOOLEAN toEnd)
{
	ULONG length = IoGetCurrentIrpStackLocation(irp)->Parameters.Write.Length;
	DK_REQUEST *request = DkRequestForFile(mount, irp, ccb, length);

	if (!request)
		return NULL;
	request->Event->Params.Rw.ByteOffset = offset;
	request->Event->Params.Rw.Length = length;
	request->Event->Params.Rw.DataOffset = DkEventExtraOffset(request);
	if (toEnd)
		request->Event->FileFlags |= DK_FILE_WRITE_TO_EOF;
	RtlCopyMemory(DkEventExtra(request), data, length);
	return request;
}

NTSTATUS NTAPI DkDispatchWrite(PDEVICE_OBJECT device, PIRP irp)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	ULONG length = stack->Parameters.Write.Length;
	DK_MOUNT *mount;
	DK_CCB *ccb;
	const VOID *data;
	LONG64 offset;
	BOOLEAN toEnd;
	NTSTATUS status = DkFileRequestBegin(device, irp, &mount, &ccb);

	if (NT_SUCCESS(status))
		status = DkCheckTransfer(ccb, irp, length);
	if (status != STATUS_PENDING)
		return DkCompleteIrp(irp, status, 0);
	data = DkIrpDataBuffer(irp);
	status = DkWriteOffset(stack, &offset, &toEnd);
	if (!NT_SUCCESS(status))
		return DkCompleteIrp(irp, status, 0);
	DK_DEBUG_FILE(ccb, "write %.*ws offset %I64d length %lu%s\n", offset, length, toEnd ? " (append)" : "");
	return DkForward(DkWriteRequest(mount, irp, ccb, data, offset, toEnd), irp, DkWriteComplete);
}
