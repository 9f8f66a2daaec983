/* SPDX-License-Identifier: LGPL-3.0-or-later
 * notify.c - IRP_MN_NOTIFY_CHANGE_DIRECTORY, implemented in the driver because the
 * FsRtlNotify* package is a stub under Wine (calling it kills winedevice).
 *
 * Semantics, as NTFS with FsRtl:
 * - The first request on a handle creates the handle's watcher (DK_NOTIFY), which fixes
 *   the completion filter, SL_WATCH_TREE and the size of the change buffer for the
 *   handle's lifetime; later requests only add IRPs.
 * - A change goes to the oldest pending request of every watcher it matches. With none
 *   pending it is buffered, and the next request returns the buffered records at once.
 *   The two records of a rename are delivered together.
 * - Records that cannot be delivered (the change buffer overflowed, or the request's
 *   buffer is smaller than what was collected) are dropped and the request completes with
 *   STATUS_NOTIFY_ENUM_DIR and 0 bytes: "enumerate the directory again".
 * - When the watched directory itself is removed, its requests complete with
 *   STATUS_DELETE_PENDING, and so do later ones on the handle.
 * - Cleanup of the handle, and teardown of the volume (as FsRtlNotifyCleanupAll on a
 *   dismount), complete its requests with STATUS_NOTIFY_CLEANUP; later requests on a
 *   cleaned-up handle fail with it.
 *
 * Locking and ownership: watchers live in DK_MOUNT.Watchers and their pending IRPs in
 * DK_NOTIFY.Irps, all under DK_MOUNT.Lock. As in queue.c, whoever clears an IRP's cancel
 * routine first owns it and completes it; an IRP taken off a list is re-linked to itself,
 * so a late cancel routine sees that it is no longer queued and never touches a watcher
 * that may be gone. IRPs are completed after the lock is released. A linked watcher holds
 * a reference on its CCB, and so does every pending IRP (CLOSE can arrive before the IRP
 * completes). */
#include "dk.h"

/* Upper bound of a watcher's change buffer (FsRtl sizes it from the request's buffer). */
#define DK_NOTIFY_BUFFER_MAX (64u * 1024u)

#define DK_ALIGN4(x)            (((x) + 3u) & ~3u)
#define DK_NOTIFY_RECORD_HEADER ((ULONG)FIELD_OFFSET(FILE_NOTIFY_INFORMATION, FileName))

/* IRP fields while a notify request waits (Tail.Overlay.ListEntry links it in Irps). */
#define DK_IRP_CCB(irp)    ((irp)->Tail.Overlay.DriverContext[0])
#define DK_IRP_OUTPUT(irp) ((irp)->Tail.Overlay.DriverContext[1])
#define DK_IRP_LENGTH(irp) ((irp)->Tail.Overlay.DriverContext[2])

typedef struct DK_NOTIFY {
	LIST_ENTRY MountLink; /* DK_MOUNT.Watchers */
	DK_CCB *Ccb;          /* referenced while linked; its FCB is the watched directory */
	ULONG Filter;         /* FILE_NOTIFY_CHANGE_* of the first request */
	BOOLEAN WatchTree;    /* SL_WATCH_TREE of the first request */
	BOOLEAN Overflowed;   /* changes were lost since the last delivery */
	BOOLEAN Deleted;      /* the watched directory was removed */
	LIST_ENTRY Irps;      /* pending requests, oldest first */
	ULONG Capacity;       /* bytes Records can hold */
	ULONG Used;           /* bytes of records collected, the last one unpadded */
	ULONG LastRecord;     /* offset of the last collected record */
	PUCHAR Records;       /* FILE_NOTIFY_INFORMATION chain */
} DK_NOTIFY;

/* One change as a watcher sees it: the name relative to the watched directory. */
typedef struct DK_CHANGE {
	const WCHAR *Name;
	ULONG NameBytes;
	ULONG Action;
} DK_CHANGE;

static DRIVER_CANCEL DkCancelNotify;

/* The name of `path` relative to the watched directory `dir`, if it lies below it: a
 * direct child, or any descendant with watchTree (names.c compares ignoring case). */
static BOOLEAN DkRelativeName(const UNICODE_STRING *dir, const UNICODE_STRING *path, BOOLEAN watchTree, DK_CHANGE *change)
{
	UNICODE_STRING relative;

	if (!DkNameRelativeTo(dir, path, watchTree, &relative))
		return FALSE;
	change->Name = relative.Buffer;
	change->NameBytes = relative.Length;
	return TRUE;
}

/* ---- FILE_NOTIFY_INFORMATION records ---------------------------------------------- */

/* A completion without records. */
static NTSTATUS DkSetIoStatus(PIRP irp, NTSTATUS status)
{
	irp->IoStatus.Status = status;
	irp->IoStatus.Information = 0;
	return status;
}

static ULONG DkRecordBytes(const DK_CHANGE *change)
{
	return DK_NOTIFY_RECORD_HEADER + change->NameBytes;
}

static void DkWriteRecord(PUCHAR at, const DK_CHANGE *change)
{
	FILE_NOTIFY_INFORMATION *record = (FILE_NOTIFY_INFORMATION *)at;
	record->NextEntryOffset = 0;
	record->Action = change->Action;
	record->FileNameLength = change->NameBytes;
	RtlCopyMemory(record->FileName, change->Name, change->NameBytes);
}

/* Appends to the watcher's change buffer, or remembers that it overflowed. */
static void DkCollectLocked(DK_NOTIFY *notify, const DK_CHANGE *change)
{
	ULONG offset = notify->Used ? DK_ALIGN4(notify->Used) : 0;

	if (notify->Overflowed)
		return;
	if (offset + DkRecordBytes(change) > notify->Capacity) {
		notify->Overflowed = TRUE;
		notify->Used = 0;
		return;
	}
	if (notify->Used)
		((FILE_NOTIFY_INFORMATION *)(notify->Records + notify->LastRecord))->NextEntryOffset = offset -
		                                                                                       notify->LastRecord;
	DkWriteRecord(notify->Records + offset, change);
	notify->LastRecord = offset;
	notify->Used = offset + DkRecordBytes(change);
}

static BOOLEAN DkHasCollectedLocked(const DK_NOTIFY *notify)
{
	return notify->Overflowed || notify->Used != 0;
}

/* Moves the collected records into a request's buffer (all of them, or STATUS_NOTIFY_
 * ENUM_DIR when they do not fit) and empties the change buffer. The buffer is nonpaged
 * (see DkNotifyOutput), so this may run under the lock. */
static void DkDeliverCollectedLocked(DK_NOTIFY *notify, PIRP irp)
{
	ULONG length = (ULONG)(ULONG_PTR)DK_IRP_LENGTH(irp);

	if (notify->Overflowed || notify->Used > length) {
		DkSetIoStatus(irp, STATUS_NOTIFY_ENUM_DIR);
	} else {
		RtlCopyMemory(DK_IRP_OUTPUT(irp), notify->Records, notify->Used);
		irp->IoStatus.Status = STATUS_SUCCESS;
		irp->IoStatus.Information = notify->Used;
	}
	notify->Overflowed = FALSE;
	notify->Used = 0;
}

static void DkDeliverChangeLocked(PIRP irp, const DK_CHANGE *change)
{
	ULONG length = (ULONG)(ULONG_PTR)DK_IRP_LENGTH(irp);

	if (DkRecordBytes(change) > length) {
		DkSetIoStatus(irp, STATUS_NOTIFY_ENUM_DIR);
		return;
	}
	DkWriteRecord(DK_IRP_OUTPUT(irp), change);
	irp->IoStatus.Status = STATUS_SUCCESS;
	irp->IoStatus.Information = DkRecordBytes(change);
}

/* ---- pending requests ------------------------------------------------------------- */

static void DkUnlinkIrp(PIRP irp)
{
	PLIST_ENTRY entry = &irp->Tail.Overlay.ListEntry;
	if (entry->Flink != entry) {
		RemoveEntryList(entry);
		InitializeListHead(entry);
	}
}

/* The oldest pending request we may complete, off the list. Requests whose cancel
 * routine already runs are unlinked and left to it. */
static PIRP DkTakeIrpLocked(DK_NOTIFY *notify)
{
	while (!IsListEmpty(&notify->Irps)) {
		PIRP irp = CONTAINING_RECORD(notify->Irps.Flink, IRP, Tail.Overlay.ListEntry);
		DkUnlinkIrp(irp);
		if (IoSetCancelRoutine(irp, NULL) != NULL)
			return irp;
	}
	return NULL;
}

/* Completes requests taken off their watcher, each holding a CCB reference. */
static void DkCompleteTaken(PLIST_ENTRY taken)
{
	while (!IsListEmpty(taken)) {
		PLIST_ENTRY entry = RemoveHeadList(taken);
		PIRP irp = CONTAINING_RECORD(entry, IRP, Tail.Overlay.ListEntry);
		DK_CCB *ccb = DK_IRP_CCB(irp);
		InitializeListHead(entry);
		DkCompleteIrpAsIs(irp);
		DkCcbRelease(ccb);
	}
}

static void NTAPI DkCancelNotify(PDEVICE_OBJECT device, PIRP irp)
{
	DK_CCB *ccb = DK_IRP_CCB(irp);
	KIRQL irql;

	IoReleaseCancelSpinLock(irp->CancelIrql);
	DkMountLock(ccb->Mount, &irql);
	DkUnlinkIrp(irp);
	DkMountUnlock(ccb->Mount, irql);
	DkCompleteIrp(irp, STATUS_CANCELLED, 0);
	DkCcbRelease(ccb);
}

/* Where the records of a request go (a user-mode caller's buffer becomes a system
 * buffer, see DkIrpCallerBuffer). No more than a watcher's change buffer is ever
 * delivered, so a larger request needs no larger buffer. */
static PVOID DkNotifyOutput(PIRP irp, ULONG *length)
{
	if (*length == 0)
		return NULL;
	*length = min(*length, DK_NOTIFY_BUFFER_MAX);
	return DkIrpCallerBuffer(irp, *length);
}

/* ---- watchers --------------------------------------------------------------------- */

static DK_NOTIFY *DkNotifyAllocate(ULONG filter, BOOLEAN watchTree, ULONG bufferLength)
{
	DK_NOTIFY *notify = DkAlloc(sizeof(DK_NOTIFY));
	if (!notify)
		return NULL;
	notify->Capacity = min(bufferLength, DK_NOTIFY_BUFFER_MAX);
	notify->Records = notify->Capacity ? DkAlloc(notify->Capacity) : NULL;
	if (notify->Capacity && !notify->Records) {
		DkFree(notify);
		return NULL;
	}
	InitializeListHead(&notify->MountLink);
	InitializeListHead(&notify->Irps);
	notify->Filter = filter;
	notify->WatchTree = watchTree;
	return notify;
}

static void DkNotifyFree(DK_NOTIFY *notify)
{
	if (!notify)
		return;
	DkFree(notify->Records);
	DkFree(notify);
}

/* The handle's watcher, made from `fresh` on its first request (fresh is then NULL);
 * NULL if the watcher the caller saw without the lock has ended since. */
static DK_NOTIFY *DkWatcherLocked(DK_MOUNT *mount, DK_CCB *ccb, DK_NOTIFY **fresh)
{
	DK_NOTIFY *notify = ccb->Notify;
	if (notify)
		return notify;
	notify = *fresh;
	if (!notify) /* the watcher ended since DkNotifyChangeDirectory looked */
		return NULL;
	*fresh = NULL;
	notify->Ccb = ccb;
	DkCcbReference(ccb);
	ccb->Notify = notify;
	InsertTailList(&mount->Watchers, &notify->MountLink);
	return notify;
}

/* Takes the watcher off its mount and its CCB, moving the requests we may complete to
 * `taken` with STATUS_NOTIFY_CLEANUP. The caller frees it and drops its CCB reference
 * after releasing the lock. */
static void DkEndWatcherLocked(DK_NOTIFY *notify, PLIST_ENTRY taken)
{
	PIRP irp;

	RemoveEntryList(&notify->MountLink);
	InitializeListHead(&notify->MountLink);
	notify->Ccb->Notify = NULL;
	while ((irp = DkTakeIrpLocked(notify)) != NULL) {
		DkSetIoStatus(irp, STATUS_NOTIFY_CLEANUP);
		InsertTailList(taken, &irp->Tail.Overlay.ListEntry);
	}
}

static void DkFinishEnded(DK_NOTIFY *notify)
{
	DkCcbRelease(notify->Ccb);
	DkNotifyFree(notify);
}

/* ---- entry points ----------------------------------------------------------------- */

/* Answers a request from the collected changes, or queues it. Returns STATUS_PENDING when
 * queued; otherwise the IRP's IoStatus is set for completion after the lock. */
static NTSTATUS DkNotifyAcceptLocked(DK_MOUNT *mount, DK_CCB *ccb, PIRP irp, DK_NOTIFY **fresh)
{
	DK_NOTIFY *notify;

	DK_ASSERT_LOCKED(mount);
	/* cleanup sets the flag, and teardown clears Mounted, before ending the watchers */
	if (!mount->Mounted || (ccb->Flags & DK_CCB_CLEANED_UP))
		return DkSetIoStatus(irp, STATUS_NOTIFY_CLEANUP);
	notify = DkWatcherLocked(mount, ccb, fresh);
	if (!notify)
		return DkSetIoStatus(irp, STATUS_NOTIFY_CLEANUP);
	if (notify->Deleted)
		return DkSetIoStatus(irp, STATUS_DELETE_PENDING);
	if (DkHasCollectedLocked(notify)) {
		DkDeliverCollectedLocked(notify, irp);
		return irp->IoStatus.Status;
	}
	/* a cancel routine reads the CCB at once; it waits for the lock to unlink the IRP */
	DK_IRP_CCB(irp) = ccb;
	DkCcbReference(ccb);
	IoSetCancelRoutine(irp, DkCancelNotify);
	if (irp->Cancel && IoSetCancelRoutine(irp, NULL) != NULL)
		return DkSetIoStatus(irp, STATUS_CANCELLED); /* the caller drops the reference */
	InsertTailList(&notify->Irps, &irp->Tail.Overlay.ListEntry);
	return STATUS_PENDING;
}

/* IRP_MN_NOTIFY_CHANGE_DIRECTORY on a directory handle (directory.c checked the FCB). */
NTSTATUS DkNotifyChangeDirectory(DK_MOUNT *mount, PIRP irp, DK_CCB *ccb)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	ULONG filter = stack->Parameters.NotifyDirectory.CompletionFilter;
	ULONG length = stack->Parameters.NotifyDirectory.Length;
	BOOLEAN watchTree = (stack->Flags & SL_WATCH_TREE) != 0;
	DK_NOTIFY *fresh = NULL;
	PVOID output;
	NTSTATUS status;
	KIRQL irql;

	if (filter == 0 || (filter & ~FILE_NOTIFY_VALID_MASK))
		return DkCompleteIrp(irp, STATUS_INVALID_PARAMETER, 0);
	output = DkNotifyOutput(irp, &length);
	if (length && !output)
		return DkCompleteIrp(irp, STATUS_INVALID_USER_BUFFER, 0);
	if (!ccb->Notify) { /* a hint: DkWatcherLocked decides under the lock */
		fresh = DkNotifyAllocate(filter, watchTree, length);
		if (!fresh)
			return DkCompleteIrp(irp, STATUS_INSUFFICIENT_RESOURCES, 0);
	}
	DK_IRP_OUTPUT(irp) = output;
	DK_IRP_LENGTH(irp) = (PVOID)(ULONG_PTR)length;
	/* from here the IRP may complete on another thread (cancel, report, cleanup) */
	DkMarkIrpPending(irp);
	DkMountLock(mount, &irql);
	status = DkNotifyAcceptLocked(mount, ccb, irp, &fresh);
	DkMountUnlock(mount, irql);
	DkNotifyFree(fresh);
	if (status == STATUS_PENDING)
		return status;
	DkCompleteIrpAsIs(irp);
	if (status == STATUS_CANCELLED)
		DkCcbRelease(ccb);
	return STATUS_PENDING;
}

/* The watched directory was removed: its requests end, as with FsRtl. */
static void DkWatchedDirectoryRemovedLocked(DK_NOTIFY *notify, PLIST_ENTRY taken)
{
	PIRP irp;

	notify->Deleted = TRUE;
	while ((irp = DkTakeIrpLocked(notify)) != NULL) {
		DkSetIoStatus(irp, STATUS_DELETE_PENDING);
		InsertTailList(taken, &irp->Tail.Overlay.ListEntry);
	}
}

/* Delivers the change to one watcher: to its oldest request (moved to `taken`), else into
 * its change buffer. The old name of a rename waits in the buffer for the new name, which
 * is reported next, so that one request gets both. */
static void DkReportToWatcherLocked(DK_NOTIFY *notify, const DK_CHANGE *change, PLIST_ENTRY taken)
{
	PIRP irp = NULL;

	if (change->Action != FILE_ACTION_RENAMED_OLD_NAME)
		irp = DkTakeIrpLocked(notify);
	if (!irp) {
		DkCollectLocked(notify, change);
		return;
	}
	if (DkHasCollectedLocked(notify)) {
		DkCollectLocked(notify, change);
		DkDeliverCollectedLocked(notify, irp);
	} else {
		DkDeliverChangeLocked(irp, change);
	}
	InsertTailList(taken, &irp->Tail.Overlay.ListEntry);
}

/* What a report does to each watcher, under the lock; the IRPs it ends go to `taken`. */
typedef void DK_WATCHER_VISIT(DK_NOTIFY *notify, const void *context, PLIST_ENTRY taken);

static void DkVisitWatchers(DK_MOUNT *mount, DK_WATCHER_VISIT *visit, const void *context)
{
	LIST_ENTRY taken;
	PLIST_ENTRY entry;
	KIRQL irql;

	InitializeListHead(&taken);
	DkMountLock(mount, &irql);
	for (entry = mount->Watchers.Flink; entry != &mount->Watchers; entry = entry->Flink)
		visit(CONTAINING_RECORD(entry, DK_NOTIFY, MountLink), context, &taken);
	DkMountUnlock(mount, irql);
	DkCompleteTaken(&taken);
}

typedef struct DK_REPORT {
	const UNICODE_STRING *Path;
	ULONG Filter, Action;
} DK_REPORT;

static void DkReportVisit(DK_NOTIFY *notify, const void *context, PLIST_ENTRY taken)
{
	const DK_REPORT *report = context;
	const UNICODE_STRING *watched = &notify->Ccb->Fcb->Path->Name; /* under the lock */
	DK_CHANGE change;

	change.Action = report->Action;
	if (report->Action == FILE_ACTION_REMOVED && DkNameEqual(watched, report->Path))
		DkWatchedDirectoryRemovedLocked(notify, taken);
	else if ((notify->Filter & report->Filter) && DkRelativeName(watched, report->Path, notify->WatchTree, &change))
		DkReportToWatcherLocked(notify, &change, taken);
}

void DkNotifyReport(DK_MOUNT *mount, const UNICODE_STRING *path, ULONG filter, ULONG action)
{
	DK_REPORT report = { path, filter, action };

	if (!mount || !path || !path->Length || !filter)
		return;
	DkVisitWatchers(mount, DkReportVisit, &report);
}

static void DkDeletePendingVisit(DK_NOTIFY *notify, const void *context, PLIST_ENTRY taken)
{
	if (notify->Ccb->Fcb == context)
		DkWatchedDirectoryRemovedLocked(notify, taken);
}

void DkNotifyDeletePending(DK_FCB *fcb)
{
	DkVisitWatchers(fcb->Mount, DkDeletePendingVisit, fcb);
}

/* The handle's last user handle is gone (FsRtlNotifyCleanup). */
void DkNotifyCleanup(DK_CCB *ccb)
{
	DK_MOUNT *mount = ccb->Mount;
	DK_NOTIFY *notify;
	LIST_ENTRY taken;
	KIRQL irql;

	InitializeListHead(&taken);
	DkMountLock(mount, &irql);
	notify = ccb->Notify;
	if (notify)
		DkEndWatcherLocked(notify, &taken);
	DkMountUnlock(mount, irql);
	DkCompleteTaken(&taken);
	if (notify)
		DkFinishEnded(notify);
}

/* The volume goes away (FsRtlNotifyCleanupAll): every watcher ends. */
void DkNotifyTeardown(DK_MOUNT *mount)
{
	LIST_ENTRY taken, ended;
	KIRQL irql;

	InitializeListHead(&taken);
	InitializeListHead(&ended);
	DkMountLock(mount, &irql);
	while (!IsListEmpty(&mount->Watchers)) {
		DK_NOTIFY *notify = CONTAINING_RECORD(mount->Watchers.Flink, DK_NOTIFY, MountLink);
		DkEndWatcherLocked(notify, &taken);
		InsertTailList(&ended, &notify->MountLink);
	}
	DkMountUnlock(mount, irql);
	DkCompleteTaken(&taken);
	while (!IsListEmpty(&ended))
		DkFinishEnded(CONTAINING_RECORD(RemoveHeadList(&ended), DK_NOTIFY, MountLink));
}
