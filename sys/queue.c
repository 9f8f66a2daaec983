/* SPDX-License-Identifier: LGPL-3.0-or-later
 * queue.c - the request queue between file-system IRPs and the DLL's workers.
 *
 * A forwarded IRP is pended in DK_MOUNT.Pending together with its event. The event waits
 * in DK_MOUNT.Ready until a worker's TRANSACT IRP (parked in DK_MOUNT.Waiters) takes it;
 * the worker's next TRANSACT carries the reply, which completes the IRP. Every pended IRP
 * has a cancel routine; whoever clears the cancel routine first (IoSetCancelRoutine(NULL)
 * returning non-NULL) owns the IRP and completes it, so each completes exactly once. An
 * entry removed from a list is re-linked to itself, which lets a late cancel routine see
 * that it is no longer queued. */
#include "dk.h"

static DRIVER_CANCEL DkCancelRequest;
static DRIVER_CANCEL DkCancelWaiter;

#define DK_ALIGN8(x) (((x) + 7u) & ~7u)

static BOOLEAN DkIsLinked(PLIST_ENTRY entry)
{
	return entry->Flink != entry;
}

static void DkUnlink(PLIST_ENTRY entry)
{
	if (DkIsLinked(entry)) {
		RemoveEntryList(entry);
		InitializeListHead(entry);
	}
}

/* The pending set: DK_MOUNT.Pending in arrival order (expiry and teardown walk it) and a
 * hash of the same requests by serial, so a reply, a fetch or a deadline reset finds its
 * request without a walk however many are pending. */
static PLIST_ENTRY DkSerialBucket(DK_MOUNT *mount, ULONG serial)
{
	return &mount->SerialBuckets[serial % DK_SERIAL_BUCKETS];
}

static void DkPendingAddLocked(DK_MOUNT *mount, DK_REQUEST *request)
{
	DK_ASSERT_LOCKED(mount);
	InsertTailList(&mount->Pending, &request->PendingLink);
	InsertTailList(DkSerialBucket(mount, request->Serial), &request->SerialLink);
}

static void DkPendingRemoveLocked(DK_REQUEST *request)
{
	DK_ASSERT_LOCKED(request->Mount);
	DkUnlink(&request->PendingLink);
	DkUnlink(&request->SerialLink);
}

static DK_REQUEST *DkPendingFindLocked(DK_MOUNT *mount, ULONG serial)
{
	PLIST_ENTRY bucket = DkSerialBucket(mount, serial), entry;

	DK_ASSERT_LOCKED(mount);
	for (entry = bucket->Flink; entry != bucket; entry = entry->Flink) {
		DK_REQUEST *request = CONTAINING_RECORD(entry, DK_REQUEST, SerialLink);
		if (request->Serial == serial)
			return request;
	}
	return NULL;
}

/* Builds a request whose event has room for the name (plus a terminating zero) and
 * extraBytes of per-request data at DkEventExtraOffset(). */
DK_REQUEST *DkRequestAllocate(DK_MOUNT *mount, PIRP irp, DK_CCB *ccb, const UNICODE_STRING *name, ULONG extraBytes)
{
	ULONG nameBytes = name ? name->Length : 0;
	ULONG extraOffset = DK_ALIGN8((ULONG)sizeof(DK_EVENT) + nameBytes + (ULONG)sizeof(WCHAR));
	DK_REQUEST *request;
	DK_EVENT *event;

	if (extraBytes > MAXULONG - extraOffset)
		return NULL;
	request = DkAlloc(sizeof(DK_REQUEST));
	event = DkAlloc(extraOffset + extraBytes);
	if (!request || !event) {
		DkFree(request);
		DkFree(event);
		return NULL;
	}
	InitializeListHead(&request->PendingLink);
	InitializeListHead(&request->SerialLink);
	InitializeListHead(&request->ReadyLink);
	request->Mount = mount;
	DkMountReference(mount);
	request->Irp = irp;
	request->Ccb = ccb;
	if (ccb)
		DkCcbReference(ccb);
	request->Event = event;
	request->Serial = (ULONG)InterlockedIncrement(&mount->NextSerial);

	event->Length = extraOffset + extraBytes;
	event->MountId = mount->MountId;
	event->Serial = request->Serial;
	event->ProcessId = DkRequestorProcessId(irp);
	event->ThreadId = DkRequestorThreadId(irp);
	event->Context = ccb ? ccb->UserContext : 0;
	if (irp) {
		PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
		event->MajorFunction = stack->MajorFunction;
		event->MinorFunction = stack->MinorFunction;
		event->IrpFlags = stack->Flags;
		event->FileFlags = DkEventFileFlags(irp, ccb);
	}
	if (nameBytes) {
		event->FileNameOffset = sizeof(DK_EVENT);
		event->FileNameLength = nameBytes;
		RtlCopyMemory((PUCHAR)event + sizeof(DK_EVENT), name->Buffer, nameBytes);
	}
	return request;
}

void DkRequestFree(DK_REQUEST *request)
{
	if (request->Ccb)
		DkCcbRelease(request->Ccb);
	DkMountRelease(request->Mount);
	DkFree(request->Event);
	DkFree(request);
}

/* Runs the request's completion with a reply (or a failure), then completes its IRP. */
static void DkRequestFinish(DK_REQUEST *request, const DK_REPLY *reply, NTSTATUS failure)
{
	PIRP irp = request->Irp;
	if (irp) {
		request->Complete(request, reply, failure);
		InterlockedDecrement(&g_DkGlobal.PendingRequests);
		DkCompleteIrpAsIs(irp);
	}
	DkRequestFree(request);
}

/* Copies the event into a worker's buffer: whole, or only the header (marked truncated)
 * when it does not fit; the worker then fetches it by serial. Returns bytes copied. */
static ULONG DkCopyEvent(DK_REQUEST *request, PVOID buffer, ULONG bufferLength)
{
	DK_EVENT *event = request->Event;
	DK_ASSERT(request->State == DK_REQUEST_READY || request->State == DK_REQUEST_DELIVERED);
	request->State = DK_REQUEST_DELIVERED;
	if (event->Length <= bufferLength) {
		RtlCopyMemory(buffer, event, event->Length);
		return event->Length;
	}
	RtlCopyMemory(buffer, event, sizeof(DK_EVENT));
	((DK_EVENT *)buffer)->EventFlags |= DK_EVENT_TRUNCATED;
	return sizeof(DK_EVENT);
}

/* After delivery a request stays pending only if something still waits for it: an IRP
 * for its reply, or a worker for the rest of a truncated event. */
static BOOLEAN DkDeliveredLocked(DK_MOUNT *mount, DK_REQUEST *request, BOOLEAN truncated)
{
	DK_ASSERT_LOCKED(mount);
	if (request->Irp)
		return TRUE;
	if (truncated) {
		request->Deadline = DkDeadlineIn(DK_REQUEST_TIMEOUT_MS);
		DkPendingAddLocked(mount, request);
		return TRUE;
	}
	return FALSE;
}

/* Completes a parked worker's TRANSACT with what it was given and drops the mount
 * reference it held while parked. */
static void DkCompleteWaiter(PIRP waiter)
{
	DK_MOUNT *mount = waiter->Tail.Overlay.DriverContext[0];
	DkCompleteIrpAsIs(waiter);
	DkMountRelease(mount);
}

/* Hands the event to a parked worker if there is one. Returns the worker IRP to complete
 * after the lock is released, or NULL when the event must wait in Ready. */
static PIRP DkOfferLocked(DK_MOUNT *mount, DK_REQUEST *request, BOOLEAN *freeRequest)
{
	DK_ASSERT_LOCKED(mount);
	*freeRequest = FALSE;
	while (!IsListEmpty(&mount->Waiters)) {
		PLIST_ENTRY entry = RemoveHeadList(&mount->Waiters);
		PIRP waiter = CONTAINING_RECORD(entry, IRP, Tail.Overlay.ListEntry);
		PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(waiter);
		ULONG copied;

		InitializeListHead(entry);
		if (IoSetCancelRoutine(waiter, NULL) == NULL)
			continue; /* being cancelled; its cancel routine completes it */
		copied = DkCopyEvent(request, waiter->AssociatedIrp.SystemBuffer,
			stack->Parameters.DeviceIoControl.OutputBufferLength);
		waiter->IoStatus.Status = STATUS_SUCCESS;
		waiter->IoStatus.Information = copied;
		*freeRequest = !DkDeliveredLocked(mount, request, copied < request->Event->Length);
		return waiter;
	}
	InsertTailList(&mount->Ready, &request->ReadyLink);
	return NULL;
}

static ULONG DkRequestTimeoutMs(void)
{
	return DK_REQUEST_TIMEOUT_MS;
}

/* Pends the request's IRP and queues its event. Always returns STATUS_PENDING: the IRP
 * is marked pending before it can complete on any path. */
NTSTATUS DkRequestSubmit(DK_REQUEST *request)
{
	DK_MOUNT *mount = request->Mount;
	PIRP irp = request->Irp;
	PIRP waiter = NULL;
	BOOLEAN freeRequest = FALSE;
	NTSTATUS failure = STATUS_SUCCESS;
	KIRQL irql;

	DkMarkIrpPending(irp);
	irp->Tail.Overlay.DriverContext[0] = request;
	InterlockedIncrement(&g_DkGlobal.PendingRequests);
	InterlockedIncrement(&g_DkGlobal.RequestsForwarded);
	DkMountLock(mount, &irql);
	if (!mount->Mounted) {
		failure = STATUS_NO_SUCH_DEVICE;
	} else {
		IoSetCancelRoutine(irp, DkCancelRequest);
		if (irp->Cancel && IoSetCancelRoutine(irp, NULL) != NULL) {
			failure = STATUS_CANCELLED;
		} else {
			request->State = DK_REQUEST_READY;
			request->Deadline = DkDeadlineIn(DkRequestTimeoutMs());
			DkPendingAddLocked(mount, request);
			waiter = DkOfferLocked(mount, request, &freeRequest);
		}
	}
	DkMountUnlock(mount, irql);
	if (failure != STATUS_SUCCESS)
		DkRequestFinish(request, NULL, failure);
	if (waiter)
		DkCompleteWaiter(waiter);
	return STATUS_PENDING;
}

/* Queues an event that no IRP waits for (a close notice, an unmount request). */
DK_HANDS_BLOCK_TO_LIST_BEGIN
void DkNoticeSubmit(DK_REQUEST *notice)
{
	DK_MOUNT *mount = notice->Mount;
	PIRP waiter = NULL;
	BOOLEAN freeNotice = FALSE;
	KIRQL irql;

	DkMountLock(mount, &irql);
	notice->State = DK_REQUEST_READY;
	if (mount->Mounted)
		waiter = DkOfferLocked(mount, notice, &freeNotice);
	else
		freeNotice = TRUE;
	DkMountUnlock(mount, irql);
	if (waiter)
		DkCompleteWaiter(waiter);
	if (freeNotice)
		DkRequestFree(notice);
}
DK_HANDS_BLOCK_TO_LIST_END

static void NTAPI DkCancelRequest(PDEVICE_OBJECT device, PIRP irp)
{
	DK_REQUEST *request = irp->Tail.Overlay.DriverContext[0];
	DK_MOUNT *mount = request->Mount;
	KIRQL irql;

	IoReleaseCancelSpinLock(irp->CancelIrql);
	DkMountLock(mount, &irql);
	DkPendingRemoveLocked(request);
	DkUnlink(&request->ReadyLink);
	DkMountUnlock(mount, irql);
	DkRequestFinish(request, NULL, STATUS_CANCELLED);
}

static void NTAPI DkCancelWaiter(PDEVICE_OBJECT device, PIRP irp)
{
	DK_MOUNT *mount = irp->Tail.Overlay.DriverContext[0];
	KIRQL irql;

	IoReleaseCancelSpinLock(irp->CancelIrql);
	DkMountLock(mount, &irql);
	DkUnlink(&irp->Tail.Overlay.ListEntry);
	DkMountUnlock(mount, irql);
	DkMountRelease(mount);
	DkCompleteIrp(irp, STATUS_CANCELLED, 0);
}

/* Takes the delivered request a reply names, if its IRP can still be completed by us. */
static DK_REQUEST *DkTakeAnswered(DK_MOUNT *mount, ULONG serial)
{
	DK_REQUEST *found;
	KIRQL irql;

	DkMountLock(mount, &irql);
	found = DkPendingFindLocked(mount, serial);
	if (found && !(found->Irp && found->State == DK_REQUEST_DELIVERED && IoSetCancelRoutine(found->Irp, NULL) != NULL))
		found = NULL;
	if (found)
		DkPendingRemoveLocked(found);
	DkMountUnlock(mount, irql);
	return found;
}

/* An open the file system made for a create whose IRP already ended (expired or
 * cancelled): nothing will ever close it, so user mode is asked to. */
static void DkReturnAbandonedOpen(DK_MOUNT *mount, ULONG64 context)
{
	DK_REQUEST *notice = DkRequestAllocate(mount, NULL, NULL, NULL, 0);
	if (!notice)
		return;
	notice->Event->MajorFunction = DK_EVENT_ABANDONED;
	notice->Event->Context = context;
	DkNoticeSubmit(notice);
}

static void DkAnswer(DK_MOUNT *mount, const DK_REPLY *reply)
{
	DK_REQUEST *request = DkTakeAnswered(mount, reply->Serial);
	if (!request) {
		/* expired, cancelled or torn down meanwhile: the reply has no IRP left */
		DK_DEBUG("reply for serial %lu dropped\n", reply->Serial);
		if ((reply->Flags & DK_REPLY_OPENED) && NT_SUCCESS(reply->Status))
			DkReturnAbandonedOpen(mount, reply->Context);
		return;
	}
	if (!DkReplyIsAcceptable(request, reply)) {
		/* an open the file system made stays its own: the create fails, so it is handed back */
		if ((reply->Flags & DK_REPLY_OPENED) && NT_SUCCESS(reply->Status) &&
			request->Event->MajorFunction == IRP_MJ_CREATE)
			DkReturnAbandonedOpen(mount, reply->Context);
		DkRequestFinish(request, NULL, DK_STATUS_PROTOCOL_ERROR);
		return;
	}
	InterlockedIncrement(&g_DkGlobal.RequestsAnswered);
	DkRequestFinish(request, reply, STATUS_SUCCESS);
}

/* Gives the worker the next ready event now, or parks its IRP until one arrives. */
static NTSTATUS DkWaitForEvent(DK_MOUNT *mount, PIRP irp, ULONG outputLength)
{
	DK_REQUEST *request = NULL;
	BOOLEAN freeRequest = FALSE;
	NTSTATUS status = STATUS_PENDING;
	ULONG copied = 0;
	KIRQL irql;

	DkMountLock(mount, &irql);
	if (!mount->Mounted) {
		status = STATUS_NO_SUCH_DEVICE;
	} else if (!IsListEmpty(&mount->Ready)) {
		PLIST_ENTRY entry = RemoveHeadList(&mount->Ready);
		InitializeListHead(entry);
		request = CONTAINING_RECORD(entry, DK_REQUEST, ReadyLink);
		copied = DkCopyEvent(request, irp->AssociatedIrp.SystemBuffer, outputLength);
		freeRequest = !DkDeliveredLocked(mount, request, copied < request->Event->Length);
		status = STATUS_SUCCESS;
	} else {
		DkMarkIrpPending(irp);
		irp->Tail.Overlay.DriverContext[0] = mount;
		DkMountReference(mount);
		IoSetCancelRoutine(irp, DkCancelWaiter);
		if (irp->Cancel && IoSetCancelRoutine(irp, NULL) != NULL) {
			DkMountRelease(mount);
			status = STATUS_CANCELLED;
		} else {
			InsertTailList(&mount->Waiters, &irp->Tail.Overlay.ListEntry);
		}
	}
	DkMountUnlock(mount, irql);
	if (freeRequest)
		DkRequestFree(request);
	if (status == STATUS_PENDING)
		return status;
	return DkCompleteIrp(irp, status, copied);
}

/* IOCTL_DOKAN_TRANSACT: an optional reply in, the next event out, in one round trip. */
NTSTATUS DkTransact(DK_MOUNT *mount, PIRP irp, PIO_STACK_LOCATION stack)
{
	ULONG inputLength = stack->Parameters.DeviceIoControl.InputBufferLength;
	ULONG outputLength = stack->Parameters.DeviceIoControl.OutputBufferLength;
	const DK_REPLY *reply = irp->AssociatedIrp.SystemBuffer;

	if (inputLength) {
		NTSTATUS status = DkValidateReply(reply, inputLength);
		if (!NT_SUCCESS(status))
			return DkCompleteIrp(irp, status, 0);
		DkAnswer(mount, reply);
	}
	if (outputLength == 0)
		return DkCompleteIrp(irp, STATUS_SUCCESS, 0);
	if (outputLength < sizeof(DK_EVENT))
		return DkCompleteIrp(irp, STATUS_BUFFER_TOO_SMALL, 0);
	return DkWaitForEvent(mount, irp, outputLength);
}

/* IOCTL_DOKAN_FETCH: the whole of an event that arrived truncated. */
NTSTATUS DkFetch(DK_MOUNT *mount, PIRP irp, PIO_STACK_LOCATION stack)
{
	const DK_FETCH *fetch = irp->AssociatedIrp.SystemBuffer;
	ULONG outputLength = stack->Parameters.DeviceIoControl.OutputBufferLength;
	DK_REQUEST *found, *finished = NULL;
	NTSTATUS status = STATUS_NOT_FOUND;
	ULONG copied = 0;
	KIRQL irql;

	if (stack->Parameters.DeviceIoControl.InputBufferLength != sizeof(DK_FETCH) || fetch->Size != sizeof(DK_FETCH))
		return DkCompleteIrp(irp, STATUS_INVALID_PARAMETER, 0);
	DkMountLock(mount, &irql);
	found = DkPendingFindLocked(mount, fetch->Serial);
	if (found && found->State != DK_REQUEST_DELIVERED)
		found = NULL;
	if (found && found->Event->Length > outputLength) {
		status = STATUS_BUFFER_TOO_SMALL;
	} else if (found) {
		RtlCopyMemory(irp->AssociatedIrp.SystemBuffer, found->Event, found->Event->Length);
		copied = found->Event->Length;
		status = STATUS_SUCCESS;
		if (!found->Irp) {
			DkPendingRemoveLocked(found);
			finished = found;
		}
	}
	DkMountUnlock(mount, irql);
	if (finished)
		DkRequestFree(finished);
	return DkCompleteIrp(irp, status, copied);
}

/* Moves every pending request that we may complete (and, with `all`, every ready notice
 * and parked worker) to local lists, under the lock. */
static void DkCollectLocked(DK_MOUNT *mount, LONGLONG expiredBefore, BOOLEAN all, PLIST_ENTRY requests,
	PLIST_ENTRY waiters)
{
	PLIST_ENTRY entry, next;

	DK_ASSERT_LOCKED(mount);
	for (entry = mount->Pending.Flink; entry != &mount->Pending; entry = next) {
		DK_REQUEST *request = CONTAINING_RECORD(entry, DK_REQUEST, PendingLink);
		next = entry->Flink;
		if (!all && request->Deadline > expiredBefore)
			continue;
		if (request->Irp && IoSetCancelRoutine(request->Irp, NULL) == NULL)
			continue;
		DkPendingRemoveLocked(request);
		DkUnlink(&request->ReadyLink);
		InsertTailList(requests, &request->PendingLink);
	}
	if (!all)
		return;
	while (!IsListEmpty(&mount->Ready)) {
		DK_REQUEST *notice = CONTAINING_RECORD(RemoveHeadList(&mount->Ready), DK_REQUEST, ReadyLink);
		InitializeListHead(&notice->ReadyLink);
		InsertTailList(requests, &notice->PendingLink);
	}
	while (!IsListEmpty(&mount->Waiters)) {
		PLIST_ENTRY w = RemoveHeadList(&mount->Waiters);
		PIRP waiter = CONTAINING_RECORD(w, IRP, Tail.Overlay.ListEntry);
		InitializeListHead(w);
		if (IoSetCancelRoutine(waiter, NULL) != NULL)
			InsertTailList(waiters, w);
	}
}

static void DkFailCollected(PLIST_ENTRY requests, PLIST_ENTRY waiters, NTSTATUS status)
{
	while (!IsListEmpty(requests)) {
		PLIST_ENTRY entry = RemoveHeadList(requests);
		DK_REQUEST *request = CONTAINING_RECORD(entry, DK_REQUEST, PendingLink);
		InitializeListHead(entry);
		DkRequestFinish(request, NULL, status);
	}
	while (!IsListEmpty(waiters)) {
		PIRP waiter = CONTAINING_RECORD(RemoveHeadList(waiters), IRP, Tail.Overlay.ListEntry);
		waiter->IoStatus.Status = status;
		waiter->IoStatus.Information = 0;
		DkCompleteWaiter(waiter);
	}
}

/* Fails, under one lock round, the requests we may complete: all of them with `all`
 * (teardown), else those whose deadline is before `expiredBefore`. */
static void DkQueueFail(DK_MOUNT *mount, LONGLONG expiredBefore, BOOLEAN all, NTSTATUS status)
{
	LIST_ENTRY requests, waiters;
	KIRQL irql;

	InitializeListHead(&requests);
	InitializeListHead(&waiters);
	DkMountLock(mount, &irql);
	DkCollectLocked(mount, expiredBefore, all, &requests, &waiters);
	DkMountUnlock(mount, irql);
	DkFailCollected(&requests, &waiters, status);
}

/* Teardown: every pending request and parked worker fails with `status`. */
void DkQueueFailAll(DK_MOUNT *mount, NTSTATUS status)
{
	DkQueueFail(mount, 0, TRUE, status);
}

/* Requests past their deadline fail with STATUS_IO_TIMEOUT (docs/differences.md D10). */
void DkQueueExpire(DK_MOUNT *mount, LONGLONG now)
{
	DkQueueFail(mount, now, FALSE, STATUS_IO_TIMEOUT);
}

/* Asks the owning process to release its mount (DokanRemoveMountPoint from anyone). */
NTSTATUS DkQueueUnmountNotice(DK_MOUNT *mount)
{
	DK_REQUEST *notice = DkRequestAllocate(mount, NULL, NULL, NULL, 0);
	if (!notice)
		return STATUS_INSUFFICIENT_RESOURCES;
	notice->Event->MajorFunction = DK_EVENT_UNMOUNT;
	DkNoticeSubmit(notice);
	return STATUS_SUCCESS;
}

/* IOCTL_DOKAN_RESET_TIMEOUT (DokanResetTimeout): the request `serial` names, while an IRP
 * still waits for it, gets the deadline now + timeoutMs (at most 300 s, as 0.6.0).
 * Expiry scans every pending request, so deadlines need not stay in order. */
NTSTATUS DkRequestExtendDeadline(DK_MOUNT *mount, ULONG serial, ULONG timeoutMs)
{
	NTSTATUS status = STATUS_NOT_FOUND;
	DK_REQUEST *request;
	KIRQL irql;

	if (timeoutMs > DK_RESET_TIMEOUT_MAX_MS)
		timeoutMs = DK_RESET_TIMEOUT_MAX_MS;
	DkMountLock(mount, &irql);
	request = DkPendingFindLocked(mount, serial);
	if (request && request->Irp) {
		request->Deadline = DkDeadlineIn(timeoutMs);
		status = STATUS_SUCCESS;
	}
	DkMountUnlock(mount, irql);
	return status;
}
