// SPDX-License-Identifier: LGPL-3.0-or-later
/* iohost_irp.c - IOCTL_IOH_IRP: one IRP on an open file, described by a fixed-width request
 * (the layout of each kind is in iohost_fill.c). The client's IOCTL completes when the IRP
 * does; cancelling the IOCTL cancels the IRP (iohost_call.c). */
#include "iohost.h"

ULONG IohCallDataBytes(IOH_CALL *call)
{
	NTSTATUS status = call->Irp->IoStatus.Status;
	ULONG_PTR info = call->Irp->IoStatus.Information;

	if (NT_ERROR(status) || (call->InfoIsNeededSize && status == STATUS_BUFFER_OVERFLOW))
		return 0;
	return (ULONG)min(info, (ULONG_PTR)call->OutputBytes);
}

void IohEndCall(IOH_CALL *call)
{
	IohFinishPosition(call, call->Irp->IoStatus.Status, call->Irp->IoStatus.Information);
	if (call->Related)
		IohFileRelease(call->Related);
	IohFileRelease(call->File);
}

static void IohFinishIrp(IOH_CALL *call)
{
	IOH_IRP_RESULT *result = call->Client->AssociatedIrp.SystemBuffer;
	ULONG data = IohCallDataBytes(call);

	result->Status = call->Irp->IoStatus.Status;
	result->DataBytes = data;
	result->Information = call->Irp->IoStatus.Information;
	RtlCopyMemory(result + 1, call->Output, data);
	IohEndCall(call);
	IohCompleteIrp(call->Client, STATUS_SUCCESS, sizeof(*result) + data);
}

/* Pool copies of the client's data: its IOCTL buffer is reused for the result. */
static NTSTATUS IohAttachData(IOH_CALL *call, const IOH_IRP_REQUEST *rq, const void *input)
{
	call->Input = IohAlloc(rq->InputBytes);
	call->Output = IohAlloc(rq->OutputBytes);
	if (!call->Input || !call->Output)
		return STATUS_INSUFFICIENT_RESOURCES;
	RtlCopyMemory(call->Input, input, rq->InputBytes);
	call->OutputBytes = rq->OutputBytes;
	return STATUS_SUCCESS;
}

/* FileIoPriorityHintInformation lives in the file object: Windows' NtQueryInformationFile
 * and NtSetInformationFile answer it themselves, so no file system ever sees it. */
static BOOLEAN IohIsPriorityHint(const IOH_IRP_REQUEST *rq)
{
	return (rq->MajorFunction == IRP_MJ_QUERY_INFORMATION || rq->MajorFunction == IRP_MJ_SET_INFORMATION) &&
	       rq->Args[0] == FileIoPriorityHintInformation;
}

static NTSTATUS IohPriorityHintStatus(IOH_FILE *file, const IOH_IRP_REQUEST *rq, ULONG *hint)
{
	BOOLEAN query = rq->MajorFunction == IRP_MJ_QUERY_INFORMATION;

	if (!file)
		return STATUS_INVALID_HANDLE;
	if ((query ? rq->OutputBytes : rq->InputBytes) < sizeof(FILE_IO_PRIORITY_HINT_INFORMATION))
		return STATUS_INFO_LENGTH_MISMATCH;
	if (query) {
		*hint = file->IoPriorityHint;
		return STATUS_SUCCESS;
	}
	RtlCopyMemory(hint, rq + 1, sizeof(*hint));
	if (*hint >= MaxIoPriorityTypes)
		return STATUS_INVALID_PARAMETER;
	file->IoPriorityHint = *hint;
	return STATUS_SUCCESS;
}

static NTSTATUS IohAnswerPriorityHint(IOH_SESSION *session, PIRP client, const IOH_IRP_REQUEST *rq)
{
	IOH_IRP_RESULT *result = client->AssociatedIrp.SystemBuffer;
	IOH_FILE *file = IohFileAcquire(session, rq->FileId);
	BOOLEAN query = rq->MajorFunction == IRP_MJ_QUERY_INFORMATION;
	ULONG hint = 0, data;
	NTSTATUS status = IohPriorityHintStatus(file, rq, &hint);

	if (file)
		IohFileRelease(file);
	data = NT_SUCCESS(status) && query ? sizeof(hint) : 0;
	IohReportStatus(client, sizeof(*result) + data, status); /* rq is overwritten from here */
	result->DataBytes = data;
	result->Information = data;
	RtlCopyMemory(result + 1, &hint, data);
	return STATUS_SUCCESS;
}

NTSTATUS IohStartIrp(IOH_SESSION *session, PIRP client, const IOH_IRP_REQUEST *rq,
	const void *input, IOH_FINISH *finish)
{
	IOH_FILL *fill = IohFillFor(rq->MajorFunction, rq->MinorFunction);
	IOH_CALL *call;
	IOH_FILE *file;
	NTSTATUS status;

	if (!fill)
		return STATUS_NOT_SUPPORTED;
	file = IohFileAcquire(session, rq->FileId);
	if (!file)
		return STATUS_INVALID_HANDLE;
	status = IohCheckAccess(file, rq);
	if (!NT_SUCCESS(status)) {
		IohFileRelease(file);
		return status;
	}
	call = IohCallNew(file, client, rq->MajorFunction, rq->MinorFunction, finish);
	status = call ? IohAttachData(call, rq, input) : STATUS_INSUFFICIENT_RESOURCES;
	if (NT_SUCCESS(status)) {
		PIO_STACK_LOCATION sp = IoGetNextIrpStackLocation(call->Irp);
		sp->Flags = rq->StackFlags;
		status = fill(call, rq, sp);
	}
	if (NT_SUCCESS(status) && session->UserBuffers)
		status = IohApplyUserBuffers(call, rq, IoGetNextIrpStackLocation(call->Irp));
	if (NT_SUCCESS(status))
		return IohCallSend(call);
	if (call && call->Related)
		IohFileRelease(call->Related);
	if (call)
		IohCallDiscard(call);
	IohFileRelease(file);
	return status;
}

/* The request's own sizes fit the IOCTL (result_bytes: the header before the output). */
BOOLEAN IohIrpRequestValid(const IOH_IRP_REQUEST *rq, PIO_STACK_LOCATION sp, ULONG result_bytes)
{
	ULONG in = sp->Parameters.DeviceIoControl.InputBufferLength;
	ULONG out = sp->Parameters.DeviceIoControl.OutputBufferLength;

	if (in < sizeof(*rq) || rq->Size != sizeof(*rq))
		return FALSE;
	if (rq->InputBytes > IOH_MAX_DATA_BYTES || rq->OutputBytes > IOH_MAX_DATA_BYTES)
		return FALSE;
	if ((rq->Flags & IOH_IRP_HAS_NAME) && ((rq->InputBytes & 1) || rq->InputBytes > 0xFFFE))
		return FALSE;
	return in - sizeof(*rq) >= rq->InputBytes && out >= result_bytes &&
	       out - result_bytes >= rq->OutputBytes;
}

NTSTATUS IohHandleIrp(IOH_SESSION *session, PIRP client, PIO_STACK_LOCATION sp)
{
	const IOH_IRP_REQUEST *rq = client->AssociatedIrp.SystemBuffer;
	NTSTATUS status;

	if (!IohIrpRequestValid(rq, sp, sizeof(IOH_IRP_RESULT)))
		return STATUS_INVALID_PARAMETER;
	if (IohIsPriorityHint(rq))
		return IohAnswerPriorityHint(session, client, rq);
	status = IohStartIrp(session, client, rq, rq + 1, IohFinishIrp);
	if (status == STATUS_PENDING)
		return status;
	return IohReportStatus(client, sizeof(IOH_IRP_RESULT), status);
}
