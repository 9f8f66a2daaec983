// SPDX-License-Identifier: LGPL-3.0-or-later
/* iohost_file.c - sessions and the life cycle of the FILE_OBJECTs opened for clients:
 * Creating -> Open -> (close wanted) Cleaning -> Cleaned -> (no IRP in flight) Closing -> freed.
 * As on Windows, CLEANUP goes out as soon as the client closes, CLOSE only once every IRP
 * on the file object has completed. */
#include "iohost.h"

typedef enum IOH_NEXT {
	IohNextNothing,
	IohNextCleanup,
	IohNextClose,
} IOH_NEXT;

static ULONG g_last_id;

static void IohFinishCleanup(IOH_CALL *call);
static void IohFinishClose(IOH_CALL *call);

static ULONG IohNewIdLocked(void)
{
	if (++g_last_id == 0)
		++g_last_id;
	return g_last_id;
}

/* Id 0 names a bound handle's own file. */
static IOH_FILE *IohFindLocked(IOH_SESSION *session, ULONG id)
{
	PLIST_ENTRY e;

	if (!id)
		return session->Bound;
	for (e = session->Files.Flink; e != &session->Files; e = e->Flink) {
		IOH_FILE *file = CONTAINING_RECORD(e, IOH_FILE, Link);
		if (file->Id == id)
			return file;
	}
	return NULL;
}

/* Decides which IRP the file needs next; the caller sends it after dropping the lock. */
static IOH_NEXT IohStepLocked(IOH_FILE *file)
{
	if (file->Stage == IohStageOpen && file->CloseWanted) {
		file->Stage = IohStageCleaning;
		file->InFlight++;
		return IohNextCleanup;
	}
	if (file->Stage == IohStageCleaned && file->InFlight == 0) {
		file->Stage = IohStageClosing;
		file->InFlight++;
		return IohNextClose;
	}
	return IohNextNothing;
}

static void IohRunStep(IOH_FILE *file, IOH_NEXT next)
{
	IOH_CALL *call;

	if (next == IohNextCleanup) {
		call = file->CleanupCall;
		file->CleanupCall = NULL;
	} else if (next == IohNextClose) {
		call = file->CloseCall;
		file->CloseCall = NULL;
	} else {
		return;
	}
	IohCallSend(call);
}

static void IohFreeFile(IOH_FILE *file)
{
	PFILE_OBJECT fo = file->FileObject;

	if (file->CleanupCall)
		IohCallDiscard(file->CleanupCall);
	if (file->CloseCall)
		IohCallDiscard(file->CloseCall);
	if (fo) {
		if (fo->Vpb)
			InterlockedDecrement((PLONG)&fo->Vpb->ReferenceCount);
		/* The file system may have replaced the name buffer; free whatever is there. */
		if (fo->FileName.Buffer)
			ExFreePool(fo->FileName.Buffer);
		if (fo->DeviceObject)
			ObDereferenceObject(fo->DeviceObject);
		IohFree(fo);
	}
	if (file->Target)
		ObDereferenceObject(file->Target);
	if (file->Opener)
		ObDereferenceObject(file->Opener);
	IohFree(file);
}

/* Unlinks and frees a file with no IRP in flight, and its session when that was ended
 * and this was its last file. */
static void IohDestroyFile(IOH_FILE *file)
{
	IOH_SESSION *session = file->Session;
	BOOLEAN session_done;
	KIRQL irql;

	IohLock(&irql);
	RemoveEntryList(&file->Link);
	if (file->IsBound) {
		session->Bound = NULL;
		IohBindForgetLocked(file);
	}
	session_done = session->Ended && IsListEmpty(&session->Files);
	IohUnlock(irql);
	IohFreeFile(file);
	if (session_done)
		IohFree(session);
}

static NTSTATUS IohCopyName(PUNICODE_STRING to, PCUNICODE_STRING from)
{
	if (!from->Length)
		return STATUS_SUCCESS;
	to->Buffer = ExAllocatePoolWithTag(NonPagedPool, from->Length, IOH_POOL_TAG);
	if (!to->Buffer)
		return STATUS_INSUFFICIENT_RESOURCES;
	RtlCopyMemory(to->Buffer, from->Buffer, from->Length);
	to->Length = to->MaximumLength = from->Length;
	return STATUS_SUCCESS;
}

static PFILE_OBJECT IohNewFileObject(PDEVICE_OBJECT device, PVPB vpb, PCUNICODE_STRING name)
{
	PFILE_OBJECT fo = IohAlloc(sizeof(*fo));

	if (!fo)
		return NULL;
	fo->Type = IO_TYPE_FILE;
	fo->Size = sizeof(*fo);
	KeInitializeEvent(&fo->Lock, SynchronizationEvent, FALSE);
	KeInitializeEvent(&fo->Event, NotificationEvent, FALSE);
	if (!NT_SUCCESS(IohCopyName(&fo->FileName, name))) {
		IohFree(fo);
		return NULL;
	}
	ObReferenceObject(device);
	fo->DeviceObject = device;
	if (vpb) {
		/* As the I/O manager does per open file; the file system must keep the VPB
		 * while this count is not zero. */
		InterlockedIncrement((PLONG)&vpb->ReferenceCount);
		fo->Vpb = vpb;
	}
	return fo;
}

/* A new file in stage Creating, with its IRP_MJ_CREATE counted in flight. */
IOH_FILE *IohFileNew(IOH_SESSION *session, PDEVICE_OBJECT device, PDEVICE_OBJECT target,
	PVPB vpb, PCUNICODE_STRING name)
{
	IOH_FILE *file = IohAlloc(sizeof(*file));
	KIRQL irql;

	if (!file)
		return NULL;
	file->Session = session;
	ObReferenceObject(target);
	file->Target = target;
	file->Opener = IohCurrentThread();
	if (file->Opener)
		ObReferenceObject(file->Opener);
	file->FileObject = IohNewFileObject(device, vpb, name);
	if (file->FileObject) {
		file->CleanupCall = IohCallNew(file, NULL, IRP_MJ_CLEANUP, 0, IohFinishCleanup);
		file->CloseCall = IohCallNew(file, NULL, IRP_MJ_CLOSE, 0, IohFinishClose);
	}
	if (!file->CleanupCall || !file->CloseCall) {
		IohFreeFile(file);
		return NULL;
	}
	file->Stage = IohStageCreating;
	file->IoPriorityHint = IoPriorityNormal;
	file->InFlight = 1;
	IohLock(&irql);
	file->Id = IohNewIdLocked();
	InsertTailList(&session->Files, &file->Link);
	IohUnlock(irql);
	return file;
}

IOH_FILE *IohFileUseLocked(IOH_FILE *file)
{
	if (file->Stage != IohStageOpen || file->CloseWanted)
		return NULL;
	file->InFlight++;
	return file;
}

/* The open file with this id, with one more IRP counted in flight; NULL when closing. */
IOH_FILE *IohFileAcquire(IOH_SESSION *session, ULONG id)
{
	IOH_FILE *file;
	KIRQL irql;

	IohLock(&irql);
	file = IohFindLocked(session, id);
	file = file ? IohFileUseLocked(file) : NULL;
	IohUnlock(irql);
	return file;
}

/* One IRP on the file completed; stage (when not NULL) is the file's new stage. */
static void IohReleaseInStage(IOH_FILE *file, const IOH_STAGE *stage)
{
	IOH_NEXT next;
	KIRQL irql;

	IohLock(&irql);
	if (stage)
		file->Stage = *stage;
	file->InFlight--;
	next = IohStepLocked(file);
	IohUnlock(irql);
	IohRunStep(file, next);
}

void IohFileRelease(IOH_FILE *file)
{
	IohReleaseInStage(file, NULL);
}

/* STATUS_REPARSE succeeds but opens nothing: the I/O manager would reparse instead. */
void IohFileCreated(IOH_FILE *file, NTSTATUS status)
{
	static const IOH_STAGE open = IohStageOpen;

	if (!NT_SUCCESS(status) || status == STATUS_REPARSE) {
		IohDestroyFile(file);
		return;
	}
	file->FileObject->Flags |= FO_HANDLE_CREATED;
	if (file->IsBound)
		IohBindRegister(file);
	IohReleaseInStage(file, &open);
}

static void IohFinishCleanup(IOH_CALL *call)
{
	static const IOH_STAGE cleaned = IohStageCleaned;

	call->File->CleanupStatus = call->Irp->IoStatus.Status;
	IohReleaseInStage(call->File, &cleaned);
}

static void IohFinishClose(IOH_CALL *call)
{
	IOH_FILE *file = call->File;
	PIRP waiter = file->CloseWaiter;
	IOH_CLOSE_RESULT result;

	result.CleanupStatus = file->CleanupStatus;
	result.CloseStatus = call->Irp->IoStatus.Status;
	IohDestroyFile(file);
	if (!waiter)
		return;
	RtlCopyMemory(waiter->AssociatedIrp.SystemBuffer, &result, sizeof(result));
	IohCompleteIrp(waiter, STATUS_SUCCESS, sizeof(result));
}

/* Starts closing a file for IOCTL_IOH_CLOSE; waiter completes after IRP_MJ_CLOSE. */
NTSTATUS IohFileRequestClose(IOH_SESSION *session, ULONG id, PIRP waiter)
{
	IOH_FILE *file;
	IOH_NEXT next;
	KIRQL irql;

	IohLock(&irql);
	file = IohFindLocked(session, id);
	/* a bound file lives as long as its handle */
	if (!file || file->IsBound || file->Stage != IohStageOpen || file->CloseWanted) {
		IohUnlock(irql);
		return STATUS_INVALID_HANDLE;
	}
	file->CloseWanted = TRUE;
	file->CloseWaiter = waiter;
	next = IohStepLocked(file);
	IohUnlock(irql);
	IohRunStep(file, next);
	return STATUS_PENDING;
}

NTSTATUS IohFileGetState(IOH_SESSION *session, ULONG id, IOH_FILE_STATE *state)
{
	IOH_FILE *file;
	KIRQL irql;

	RtlZeroMemory(state, sizeof(*state));
	IohLock(&irql);
	file = IohFindLocked(session, id);
	if (file) {
		state->CurrentByteOffset = file->FileObject->CurrentByteOffset.QuadPart;
		state->FileObjectFlags = file->FileObject->Flags;
		state->InFlight = file->InFlight;
		state->FsContext = (ULONG_PTR)file->FileObject->FsContext;
		state->FsContext2 = (ULONG_PTR)file->FileObject->FsContext2;
		state->RequestorProcessId = file->RequestorProcessId;
		state->GrantedAccess = file->GrantedAccess;
		state->FileId = file->Id;
	}
	IohUnlock(irql);
	return file ? STATUS_SUCCESS : STATUS_INVALID_HANDLE;
}

NTSTATUS IohSessionBegin(PFILE_OBJECT handle)
{
	IOH_SESSION *session = IohAlloc(sizeof(*session));

	if (!session)
		return STATUS_INSUFFICIENT_RESOURCES;
	InitializeListHead(&session->Files);
	session->UserBuffers = IohUserModeBuffers();
	handle->FsContext = session;
	return STATUS_SUCCESS;
}

/* The client's handle is gone (process exit included): close everything it left open.
 * Files still being created are closed when their create completes. */
void IohSessionEnd(PFILE_OBJECT handle)
{
	IOH_FILE *work = NULL, *file;
	IOH_SESSION *session;
	PLIST_ENTRY e;
	BOOLEAN empty;
	KIRQL irql;

	IohLock(&irql);
	session = handle->FsContext;
	handle->FsContext = NULL;
	if (!session) {
		IohUnlock(irql);
		return;
	}
	session->Ended = TRUE;
	for (e = session->Files.Flink; e != &session->Files; e = e->Flink) {
		file = CONTAINING_RECORD(e, IOH_FILE, Link);
		file->CloseWanted = TRUE;
		if (IohStepLocked(file) == IohNextCleanup) {
			file->WorkNext = work;
			work = file;
		}
	}
	empty = IsListEmpty(&session->Files);
	IohUnlock(irql);
	while (work) {
		file = work;
		work = file->WorkNext;
		IohRunStep(file, IohNextCleanup);
	}
	if (empty)
		IohFree(session);
}
