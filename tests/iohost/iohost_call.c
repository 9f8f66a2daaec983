// SPDX-License-Identifier: LGPL-3.0-or-later
/* iohost_call.c - building, sending and completing the IRPs sent to the file system, and
 * forwarding the cancellation of a client's IOCTL to the IRP it waits for. */
#include "iohost.h"

/* Irp->Flags as the I/O manager sets them for each request. */
static ULONG IohIrpFlags(UCHAR major, PFILE_OBJECT fo)
{
	ULONG flags = (fo->Flags & FO_SYNCHRONOUS_IO) ? IRP_SYNCHRONOUS_API : 0;
	ULONG nocache = (fo->Flags & FO_NO_INTERMEDIATE_BUFFERING) ? IRP_NOCACHE : 0;

	switch (major) {
	case IRP_MJ_CREATE:
		return IRP_CREATE_OPERATION | IRP_SYNCHRONOUS_API;
	case IRP_MJ_CLEANUP:
	case IRP_MJ_CLOSE:
		return IRP_CLOSE_OPERATION | IRP_SYNCHRONOUS_API;
	case IRP_MJ_READ:
		return flags | IRP_READ_OPERATION | nocache;
	case IRP_MJ_WRITE:
		return flags | IRP_WRITE_OPERATION | nocache;
	case IRP_MJ_QUERY_INFORMATION:
	case IRP_MJ_QUERY_VOLUME_INFORMATION:
		return flags | IRP_BUFFERED_IO | IRP_INPUT_OPERATION;
	case IRP_MJ_SET_INFORMATION:
	case IRP_MJ_SET_VOLUME_INFORMATION:
		return flags | IRP_BUFFERED_IO;
	default:
		return flags;
	}
}

void IohCallDiscard(IOH_CALL *call)
{
	IohReleaseBuffers(call); /* a call never sent may have them */
	IoFreeIrp(call->Irp);
	IohFree(call->Input);
	IohFree(call->Output);
	if (call->Thread)
		ObDereferenceObject(call->Thread);
	IohFree(call);
}

static void IohCallRelease(IOH_CALL *call)
{
	if (InterlockedDecrement(&call->Refs) == 0)
		IohCallDiscard(call);
}

static NTSTATUS NTAPI IohOnComplete(PDEVICE_OBJECT device, PIRP irp, PVOID context)
{
	IOH_CALL *call = context;
	KIRQL irql;

	IoAcquireCancelSpinLock(&irql);
	call->Completed = TRUE;
	if (call->Client)
		IoSetCancelRoutine(call->Client, NULL);
	IoReleaseCancelSpinLock(irql);
	IohReleaseBuffers(call);
	call->Finish(call);
	IohCallRelease(call);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/* The client gave up (CancelIoEx, thread or process exit): cancel the IRP it waits for.
 * The client's IOCTL itself completes when that IRP does. */
static VOID NTAPI IohCancelClient(PDEVICE_OBJECT device, PIRP client)
{
	IOH_CALL *call = client->Tail.Overlay.DriverContext[0];

	/* Still under the cancel spin lock, so the completion routine has not run yet. */
	InterlockedIncrement(&call->Refs);
	IoReleaseCancelSpinLock(client->CancelIrql);
	IoCancelIrp(call->Irp);
	IohCallRelease(call);
}

/* A cancel that came before the cancel routine was armed would otherwise be lost. */
static void IohForwardEarlyCancel(IOH_CALL *call)
{
	BOOLEAN cancel;
	KIRQL irql;

	IoAcquireCancelSpinLock(&irql);
	cancel = !call->Completed && call->Client->Cancel;
	IoReleaseCancelSpinLock(irql);
	if (cancel)
		IoCancelIrp(call->Irp);
}

static void IohArmCancel(IOH_CALL *call)
{
	KIRQL irql;

	IoAcquireCancelSpinLock(&irql);
	call->Client->Tail.Overlay.DriverContext[0] = call;
	IoSetCancelRoutine(call->Client, IohCancelClient);
	IoReleaseCancelSpinLock(irql);
}

/* The thread the file system sees as requestor: the client's own thread while we run in
 * its request, else the thread that opened the file (e.g. for a client that exited). */
static PETHREAD IohRequestorThread(IOH_CALL *call)
{
	PETHREAD thread = call->Client ? IohCurrentThread() : NULL;

	if (!thread)
		thread = call->File->Opener;
	if (thread)
		ObReferenceObject(thread);
	return thread;
}

static ULONG IohRequestorProcessId(PIRP irp)
{
	PEPROCESS process = irp->Tail.Overlay.Thread ? IoGetRequestorProcess(irp) : NULL;

	return process ? HandleToULong(PsGetProcessId(process)) : 0;
}

IOH_CALL *IohCallNew(IOH_FILE *file, PIRP client, UCHAR major, UCHAR minor, IOH_FINISH *finish)
{
	IOH_CALL *call = IohAlloc(sizeof(*call));
	PIO_STACK_LOCATION sp;

	if (!call)
		return NULL;
	call->Irp = IoAllocateIrp(file->Target->StackSize, FALSE);
	if (!call->Irp) {
		IohFree(call);
		return NULL;
	}
	call->Client = client;
	call->File = file;
	call->Finish = finish;
	/* Buffers are pool memory of ours: the file system must not probe them. */
	call->Irp->RequestorMode = KernelMode;
	call->Irp->Flags = IohIrpFlags(major, file->FileObject);
	call->Irp->Tail.Overlay.OriginalFileObject = file->FileObject;
	sp = IoGetNextIrpStackLocation(call->Irp);
	sp->MajorFunction = major;
	sp->MinorFunction = minor;
	sp->FileObject = file->FileObject;
	sp->DeviceObject = file->Target;
	IoSetCompletionRoutine(call->Irp, IohOnComplete, call, TRUE, TRUE, TRUE);
	return call;
}

/* Sends the IRP; the completion routine finishes the call. Never waits. */
NTSTATUS IohCallSend(IOH_CALL *call)
{
	PDEVICE_OBJECT target = call->File->Target;

	call->Thread = IohRequestorThread(call);
	call->Irp->Tail.Overlay.Thread = call->Thread;
	call->File->RequestorProcessId = IohRequestorProcessId(call->Irp);
	call->Refs = 2; /* the completion routine and us */
	if (call->Client) {
		IoMarkIrpPending(call->Client);
		IohArmCancel(call);
	}
	IoCallDriver(target, call->Irp);
	IohLeaveCallerContext(call);
	if (call->Client)
		IohForwardEarlyCancel(call);
	IohCallRelease(call);
	return STATUS_PENDING;
}
