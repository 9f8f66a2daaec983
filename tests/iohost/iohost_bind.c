// SPDX-License-Identifier: LGPL-3.0-or-later
/* iohost_bind.c - bind mode (iohost_protocol.h): a client handle that stands for one file.
 * Wine itself sends read, write, flush and volume queries on a device handle to its driver;
 * forwarding them to the bound file as the same IRP makes the handle behave like one of the
 * file, with Wine providing waits, APCs, completion ports, duplication, inheritance and
 * cleanup at process exit. Other requests come as IOCTL_IOH_BOUND_IRP, whose IOCTL
 * completes with the file system's own status. Bound files are also found by id from any
 * handle (relative opens), through a small hash table. */
#include "iohost.h"

#define IOH_BOUND_BUCKETS 64u

static IOH_FILE *g_bound[IOH_BOUND_BUCKETS]; /* guarded by IohLock */

static IOH_FILE **IohBucket(ULONG id)
{
	return &g_bound[id % IOH_BOUND_BUCKETS];
}

/* The new file (already in session->Files) becomes the handle's file: a handle binds
 * once, and only while nothing else is open through it. */
NTSTATUS IohBindClaim(IOH_SESSION *session, IOH_FILE *file)
{
	BOOLEAN alone;
	KIRQL irql;

	IohLock(&irql);
	alone = session->Files.Flink == &file->Link && session->Files.Blink == &file->Link;
	if (alone && !session->Bound) {
		session->Bound = file;
		file->IsBound = TRUE;
	}
	IohUnlock(irql);
	return file->IsBound ? STATUS_SUCCESS : STATUS_INVALID_DEVICE_STATE;
}

/* Once open, the file can be named by id from other handles. */
void IohBindRegister(IOH_FILE *file)
{
	IOH_FILE **bucket = IohBucket(file->Id);
	KIRQL irql;

	IohLock(&irql);
	file->BoundNext = *bucket;
	*bucket = file;
	file->Registered = TRUE;
	IohUnlock(irql);
}

void IohBindForgetLocked(IOH_FILE *file)
{
	IOH_FILE **link;

	if (!file->Registered)
		return;
	for (link = IohBucket(file->Id); *link; link = &(*link)->BoundNext) {
		if (*link == file) {
			*link = file->BoundNext;
			break;
		}
	}
	file->Registered = FALSE;
}

IOH_FILE *IohBoundAcquire(ULONG id)
{
	IOH_FILE *file;
	KIRQL irql;

	IohLock(&irql);
	for (file = *IohBucket(id); file && file->Id != id; file = file->BoundNext)
		;
	file = file ? IohFileUseLocked(file) : NULL;
	IohUnlock(irql);
	return file;
}

/* The data of a request Wine routed to our DO_BUFFERED_IO device, or of a METHOD_BUFFERED
 * IOCTL: the system buffer, as on Windows (the user buffer if a host leaves it unset). */
static PVOID IohClientBuffer(PIRP irp)
{
	return irp->AssociatedIrp.SystemBuffer ? irp->AssociatedIrp.SystemBuffer : irp->UserBuffer;
}

/* The client gets the file system's answer itself: its status, its data, and as
 * Information the bytes delivered (or written, for a request that returns no data). */
static void IohFinishBound(IOH_CALL *call)
{
	PIRP client = call->Client;
	NTSTATUS status = call->Irp->IoStatus.Status;
	ULONG_PTR info = call->Irp->IoStatus.Information;
	ULONG data = IohCallDataBytes(call);

	if (call->OutputBytes) {
		RtlCopyMemory(IohClientBuffer(client), call->Output, data);
		info = data;
	}
	IohEndCall(call);
	IohCompleteIrp(client, status, NT_ERROR(status) ? 0 : info);
}

/* The IOH_IRP_REQUEST for a read, write, flush or volume query Wine sent on the handle. */
static NTSTATUS IohDescribeRouted(PIRP irp, PIO_STACK_LOCATION sp, IOH_IRP_REQUEST *rq,
	const void **input)
{
	RtlZeroMemory(rq, sizeof(*rq));
	rq->Size = sizeof(*rq);
	rq->MajorFunction = sp->MajorFunction;
	*input = NULL;
	switch (sp->MajorFunction) {
	case IRP_MJ_READ:
		rq->OutputBytes = sp->Parameters.Read.Length;
		rq->Args[0] = (ULONGLONG)sp->Parameters.Read.ByteOffset.QuadPart;
		rq->Args[1] = sp->Parameters.Read.Key;
		break;
	case IRP_MJ_WRITE:
		rq->InputBytes = sp->Parameters.Write.Length;
		rq->Args[0] = (ULONGLONG)sp->Parameters.Write.ByteOffset.QuadPart;
		rq->Args[1] = sp->Parameters.Write.Key;
		*input = IohClientBuffer(irp);
		break;
	case IRP_MJ_QUERY_VOLUME_INFORMATION:
		rq->OutputBytes = sp->Parameters.QueryVolume.Length;
		rq->Args[0] = sp->Parameters.QueryVolume.FsInformationClass;
		break;
	default: /* IRP_MJ_FLUSH_BUFFERS */
		break;
	}
	if (rq->InputBytes > IOH_MAX_DATA_BYTES || rq->OutputBytes > IOH_MAX_DATA_BYTES)
		return STATUS_INSUFFICIENT_RESOURCES;
	if ((rq->InputBytes && !*input) || (rq->OutputBytes && !IohClientBuffer(irp)))
		return STATUS_INVALID_PARAMETER;
	return STATUS_SUCCESS;
}

/* IRP_MJ_READ, _WRITE, _FLUSH_BUFFERS or _QUERY_VOLUME_INFORMATION on a client handle. */
NTSTATUS IohForwardToBound(IOH_SESSION *session, PIRP irp, PIO_STACK_LOCATION sp)
{
	IOH_IRP_REQUEST rq;
	const void *input;
	NTSTATUS status = IohDescribeRouted(irp, sp, &rq, &input);

	if (NT_SUCCESS(status))
		status = IohStartIrp(session, irp, &rq, input, IohFinishBound);
	if (status == STATUS_PENDING)
		return status;
	if (status == STATUS_INVALID_HANDLE) /* not a bound handle */
		status = STATUS_INVALID_DEVICE_REQUEST;
	return IohCompleteIrp(irp, status, 0);
}

/* IOCTL_IOH_BOUND_IRP: any IRP on the bound file, answered with the IRP's own status. */
NTSTATUS IohHandleBoundIrp(IOH_SESSION *session, PIRP client, PIO_STACK_LOCATION sp)
{
	const IOH_IRP_REQUEST *rq = client->AssociatedIrp.SystemBuffer;

	if (!IohIrpRequestValid(rq, sp, 0) || rq->FileId != 0)
		return STATUS_INVALID_PARAMETER;
	return IohStartIrp(session, client, rq, rq + 1, IohFinishBound);
}
