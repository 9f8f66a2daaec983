/* SPDX-License-Identifier: LGPL-3.0-or-later
 * service.c - unmount notices for the DokanMounter service. When the driver unmounts a
 * volume by itself (keep-alive expiry), the mounter must remove the drive letter it made:
 * it keeps an IOCTL_DOKAN_SERVICE_WAIT pending on the control device and receives one
 * DK_UNMOUNT_NOTICE per such unmount. Notices wait in a bounded queue while no request
 * is pending. Both lists live under g_DkGlobal.Lock. */
#include "dk.h"

#define DK_MAX_QUEUED_NOTICES 64

typedef struct DK_QUEUED_NOTICE {
	LIST_ENTRY Link;
	DK_UNMOUNT_NOTICE Notice;
} DK_QUEUED_NOTICE;

static LIST_ENTRY g_ServiceWaiters; /* SERVICE_WAIT IRPs (Tail.Overlay.ListEntry) */
/* The control-device handle of the mounter: the first administrator's handle to wait for
 * notices; only it may wait until it is closed (a rogue waiter would steal the notices
 * and leave letters pointing at dead volumes). */
static PFILE_OBJECT g_ServiceFile;
static LIST_ENTRY g_QueuedNotices;
static ULONG g_QueuedCount;

static DRIVER_CANCEL DkCancelServiceWait;

void DkServiceInitialize(void)
{
	InitializeListHead(&g_ServiceWaiters);
	InitializeListHead(&g_QueuedNotices);
}

static void DkFillNotice(DK_UNMOUNT_NOTICE *notice, DK_MOUNT *mount)
{
	RtlZeroMemory(notice, sizeof(*notice));
	notice->Size = sizeof(*notice);
	notice->MountId = mount->MountId;
	RtlCopyMemory(notice->DeviceName, mount->DeviceName, sizeof(notice->DeviceName));
}

/* A parked SERVICE_WAIT we may complete, taken from the list (caller holds the lock). */
static PIRP DkTakeServiceWaiterLocked(void)
{
	while (!IsListEmpty(&g_ServiceWaiters)) {
		PLIST_ENTRY entry = RemoveHeadList(&g_ServiceWaiters);
		PIRP irp = CONTAINING_RECORD(entry, IRP, Tail.Overlay.ListEntry);
		InitializeListHead(entry);
		if (IoSetCancelRoutine(irp, NULL) != NULL)
			return irp;
	}
	return NULL;
}

static NTSTATUS DkCompleteWithNotice(PIRP irp, const DK_UNMOUNT_NOTICE *notice)
{
	RtlCopyMemory(irp->AssociatedIrp.SystemBuffer, notice, sizeof(*notice));
	return DkCompleteIrp(irp, STATUS_SUCCESS, sizeof(*notice));
}

/* Tells the mounter that `mount` went away; never blocks. */
DK_HANDS_BLOCK_TO_LIST_BEGIN
void DkServiceNotifyUnmount(DK_MOUNT *mount)
{
	DK_QUEUED_NOTICE *queued = DkAlloc(sizeof(DK_QUEUED_NOTICE));
	DK_UNMOUNT_NOTICE notice;
	BOOLEAN kept = FALSE;
	PIRP waiter;
	KIRQL irql;

	DkFillNotice(&notice, mount);
	KeAcquireSpinLock(&g_DkGlobal.Lock, &irql);
	waiter = DkTakeServiceWaiterLocked();
	if (!waiter && queued && g_QueuedCount < DK_MAX_QUEUED_NOTICES) {
		queued->Notice = notice;
		InsertTailList(&g_QueuedNotices, &queued->Link);
		g_QueuedCount++;
		queued = NULL;
		kept = TRUE;
	}
	KeReleaseSpinLock(&g_DkGlobal.Lock, irql);
	if (waiter)
		DkCompleteWithNotice(waiter, &notice);
	else if (!kept)
		DK_DEBUG("unmount notice for mount %lu dropped: %s\n", mount->MountId,
			queued ? "queue full" : "no memory");
	DkFree(queued);
}
DK_HANDS_BLOCK_TO_LIST_END

static void NTAPI DkCancelServiceWait(PDEVICE_OBJECT device, PIRP irp)
{
	KIRQL irql;
	IoReleaseCancelSpinLock(irp->CancelIrql);
	KeAcquireSpinLock(&g_DkGlobal.Lock, &irql);
	if (irp->Tail.Overlay.ListEntry.Flink != &irp->Tail.Overlay.ListEntry)
		RemoveEntryList(&irp->Tail.Overlay.ListEntry);
	InitializeListHead(&irp->Tail.Overlay.ListEntry);
	KeReleaseSpinLock(&g_DkGlobal.Lock, irql);
	DkCompleteIrp(irp, STATUS_CANCELLED, 0);
}

/* Whether this handle is (or now becomes) the mounter's. The token is read before the
 * lock is taken: it needs Zw* calls. */
static BOOLEAN DkServiceAdmit(PIRP irp, PFILE_OBJECT file)
{
	BOOLEAN admin = FALSE, admitted;
	PFILE_OBJECT current;
	KIRQL irql;

	KeAcquireSpinLock(&g_DkGlobal.Lock, &irql);
	current = g_ServiceFile;
	KeReleaseSpinLock(&g_DkGlobal.Lock, irql);
	if (!file || (current && current != file))
		return FALSE;
	if (!current)
		admin = DkRequestorIsAdministrator(irp);
	KeAcquireSpinLock(&g_DkGlobal.Lock, &irql);
	if (!g_ServiceFile && admin)
		g_ServiceFile = file;
	admitted = g_ServiceFile == file;
	KeReleaseSpinLock(&g_DkGlobal.Lock, irql);
	return admitted;
}

/* The handle is being closed: if it was the mounter's, the next administrator's handle to
 * wait becomes the mounter's (a restarted mounter). */
void DkServiceFileClosed(PFILE_OBJECT file)
{
	KIRQL irql;
	KeAcquireSpinLock(&g_DkGlobal.Lock, &irql);
	if (g_ServiceFile == file)
		g_ServiceFile = NULL;
	KeReleaseSpinLock(&g_DkGlobal.Lock, irql);
}

/* IOCTL_DOKAN_SERVICE_WAIT: a queued notice now, or park until the next unmount. */
NTSTATUS DkServiceWait(PIRP irp, PIO_STACK_LOCATION stack)
{
	DK_QUEUED_NOTICE *queued = NULL;
	NTSTATUS status = STATUS_PENDING;
	KIRQL irql;

	if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(DK_UNMOUNT_NOTICE))
		return DkCompleteIrp(irp, STATUS_BUFFER_TOO_SMALL, 0);
	if (!DkServiceAdmit(irp, stack->FileObject))
		return DkCompleteIrp(irp, STATUS_ACCESS_DENIED, 0);
	KeAcquireSpinLock(&g_DkGlobal.Lock, &irql);
	if (g_DkGlobal.Unloading) {
		status = STATUS_NO_SUCH_DEVICE;
	} else if (!IsListEmpty(&g_QueuedNotices)) {
		queued = CONTAINING_RECORD(RemoveHeadList(&g_QueuedNotices), DK_QUEUED_NOTICE, Link);
		g_QueuedCount--;
	} else {
		DkMarkIrpPending(irp);
		IoSetCancelRoutine(irp, DkCancelServiceWait);
		if (irp->Cancel && IoSetCancelRoutine(irp, NULL) != NULL)
			status = STATUS_CANCELLED;
		else
			InsertTailList(&g_ServiceWaiters, &irp->Tail.Overlay.ListEntry);
	}
	KeReleaseSpinLock(&g_DkGlobal.Lock, irql);
	if (queued) {
		DkCompleteWithNotice(irp, &queued->Notice);
		DkFree(queued);
		return STATUS_SUCCESS;
	}
	if (status == STATUS_PENDING)
		return status;
	DkCompleteIrp(irp, status, 0);
	return status == STATUS_CANCELLED ? STATUS_PENDING : status;
}

/* Unload: parked requests fail, queued notices are dropped. */
void DkServiceShutdown(void)
{
	PIRP waiter;
	KIRQL irql;

	for (;;) {
		KeAcquireSpinLock(&g_DkGlobal.Lock, &irql);
		waiter = DkTakeServiceWaiterLocked();
		KeReleaseSpinLock(&g_DkGlobal.Lock, irql);
		if (!waiter)
			break;
		DkCompleteIrp(waiter, STATUS_NO_SUCH_DEVICE, 0);
	}
	KeAcquireSpinLock(&g_DkGlobal.Lock, &irql);
	while (!IsListEmpty(&g_QueuedNotices)) {
		DK_QUEUED_NOTICE *queued = CONTAINING_RECORD(RemoveHeadList(&g_QueuedNotices), DK_QUEUED_NOTICE, Link);
		KeReleaseSpinLock(&g_DkGlobal.Lock, irql);
		DkFree(queued);
		KeAcquireSpinLock(&g_DkGlobal.Lock, &irql);
	}
	g_QueuedCount = 0;
	KeReleaseSpinLock(&g_DkGlobal.Lock, irql);
}
