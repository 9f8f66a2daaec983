/* SPDX-License-Identifier: LGPL-3.0-or-later
 * fcb.c - file control blocks (one per open path) and context control blocks (one per
 * file object), with their reference counts. */
#include "dk.h"

/* ---- the FCB table: DK_MOUNT.Fcbs (walked by renames) and the same FCBs hashed by path
 * (ignoring case, as names.c compares them), so an open finds its FCB in a short bucket
 * however many files are open. ---- */

static PLIST_ENTRY DkFcbBucket(DK_MOUNT *mount, const UNICODE_STRING *path)
{
	return &mount->FcbBuckets[DkNameHash(path) % DK_FCB_BUCKETS];
}

static BOOLEAN DkFcbInTable(const DK_FCB *fcb)
{
	return fcb->MountLink.Flink != &fcb->MountLink;
}

static void DkFcbTableInsertLocked(DK_MOUNT *mount, DK_FCB *fcb)
{
	DK_ASSERT_LOCKED(mount);
	InsertTailList(&mount->Fcbs, &fcb->MountLink);
	InsertTailList(DkFcbBucket(mount, &fcb->Path->Name), &fcb->HashLink);
}

static void DkFcbTableRemoveLocked(DK_FCB *fcb)
{
	DK_ASSERT_LOCKED(fcb->Mount);
	if (!DkFcbInTable(fcb))
		return;
	RemoveEntryList(&fcb->MountLink);
	InitializeListHead(&fcb->MountLink);
	RemoveEntryList(&fcb->HashLink);
	InitializeListHead(&fcb->HashLink);
}

/* Names of a Windows volume compare case-insensitively: A.TXT and a.txt are one FCB, so
 * that sharing and delete-pending apply to both spellings (docs/architecture.md, "Names"). */
static DK_FCB *DkFcbLookupLocked(DK_MOUNT *mount, const UNICODE_STRING *path)
{
	PLIST_ENTRY bucket = DkFcbBucket(mount, path), entry;

	DK_ASSERT_LOCKED(mount);
	for (entry = bucket->Flink; entry != bucket; entry = entry->Flink) {
		DK_FCB *fcb = CONTAINING_RECORD(entry, DK_FCB, HashLink);
		if (DkNameEqual(&fcb->Path->Name, path))
			return fcb;
	}
	return NULL;
}

/* ---- paths (DK_PATH in dk.h) ---- */

/* A new path block: prefix + tail (either may be empty), referenced once. */
static DK_PATH *DkPathCreate(const UNICODE_STRING *prefix, const WCHAR *tail, USHORT tailBytes)
{
	ULONG bytes = (ULONG)prefix->Length + tailBytes;
	DK_PATH *path;

	if (bytes > DK_MAX_PATH_BYTES)
		return NULL;
	path = DkAlloc(FIELD_OFFSET(DK_PATH, Characters) + bytes + sizeof(WCHAR)); /* nonpaged */
	if (!path)
		return NULL;
	path->References = 1;
	path->Name.Buffer = path->Characters;
	path->Name.Length = (USHORT)bytes;
	path->Name.MaximumLength = (USHORT)(bytes + sizeof(WCHAR));
	RtlCopyMemory(path->Characters, prefix->Buffer, prefix->Length);
	RtlCopyMemory((PUCHAR)path->Characters + prefix->Length, tail, tailBytes);
	path->Characters[bytes / sizeof(WCHAR)] = 0;
	return path;
}

void DkPathRelease(DK_PATH *path)
{
	LONG left = InterlockedDecrement(&path->References);
	DK_ASSERT(left >= 0);
	if (left == 0)
		DkFree(path);
}

DK_PATH *DkFcbPath(DK_FCB *fcb)
{
	DK_PATH *path;
	KIRQL irql;

	DK_ASSERT(fcb->Header.NodeTypeCode == 0x0D01 && fcb->References > 0);
	DkMountLock(fcb->Mount, &irql);
	path = fcb->Path;
	InterlockedIncrement(&path->References);
	DkMountUnlock(fcb->Mount, irql);
	return path;
}

DK_REQUEST *DkRequestForFile(DK_MOUNT *mount, PIRP irp, DK_CCB *ccb, ULONG extraBytes)
{
	DK_PATH *path = DkFcbPath(ccb->Fcb);
	DK_REQUEST *request = DkRequestAllocate(mount, irp, ccb, &path->Name, extraBytes);
	DkPathRelease(path);
	return request;
}

static DK_FCB *DkFcbAllocate(DK_MOUNT *mount, const UNICODE_STRING *path)
{
	static const UNICODE_STRING empty = { 0, 0, NULL };
	DK_FCB *fcb = DkAlloc(sizeof(DK_FCB));
	if (!fcb)
		return NULL;
	RtlZeroMemory(fcb, sizeof(*fcb));
	fcb->Path = DkPathCreate(&empty, path->Buffer, path->Length);
	if (!fcb->Path) {
		DkFree(fcb);
		return NULL;
	}
	fcb->Header.NodeTypeCode = 0x0D01;
	fcb->Header.NodeByteSize = sizeof(DK_FCB);
	fcb->Header.IsFastIoPossible = FastIoIsNotPossible;
	fcb->Mount = mount;
	fcb->References = 1;
	InitializeListHead(&fcb->MountLink);
	InitializeListHead(&fcb->HashLink);
	if (DkNameIsRoot(path))
		fcb->Flags |= DK_FCB_ROOT;
	return fcb;
}

static void DkFcbFree(DK_FCB *fcb)
{
	if (fcb) {
		DkPathRelease(fcb->Path);
		DkFree(fcb);
	}
}

/* Finds or creates the FCB of a path; referenced. */
NTSTATUS DkFcbAcquire(DK_MOUNT *mount, const UNICODE_STRING *path, DK_FCB **result)
{
	DK_FCB *fresh = DkFcbAllocate(mount, path);
	DK_FCB *fcb;
	KIRQL irql;

	if (!fresh)
		return STATUS_INSUFFICIENT_RESOURCES;
	DkMountLock(mount, &irql);
	fcb = DkFcbLookupLocked(mount, path);
	if (fcb) {
		fcb->References++;
	} else {
		fcb = fresh;
		fresh = NULL;
		DkFcbTableInsertLocked(mount, fcb);
		DkMountReference(mount);
		InterlockedIncrement(&g_DkGlobal.Fcbs);
	}
	DkMountUnlock(mount, irql);
	DkFcbFree(fresh);
	*result = fcb;
	return STATUS_SUCCESS;
}

void DkFcbRelease(DK_FCB *fcb)
{
	DK_MOUNT *mount = fcb->Mount;
	BOOLEAN last;
	KIRQL irql;

	DkMountLock(mount, &irql);
	DK_ASSERT(fcb->References > 0 && fcb->Header.NodeTypeCode == 0x0D01);
	last = --fcb->References == 0;
	if (last)
		DkFcbTableRemoveLocked(fcb);
	DkMountUnlock(mount, irql);
	if (!last)
		return;
	DK_ASSERT(fcb->Handles == 0 && fcb->Share.OpenCount == 0);
	InterlockedDecrement(&g_DkGlobal.Fcbs);
	DkFcbFree(fcb);
	DkMountRelease(mount);
}

/* Takes over the caller's FCB reference. Counts as an open of the mount's devices. */
DK_CCB *DkCcbCreate(DK_MOUNT *mount, DK_CCB_KIND kind, DK_FCB *fcb)
{
	DK_CCB *ccb = DkAlloc(sizeof(DK_CCB));
	if (!ccb)
		return NULL;
	ccb->Kind = kind;
	ccb->References = 1;
	ccb->Mount = mount;
	ccb->Fcb = fcb;
	ccb->OpenerProcessId = (ULONG)(ULONG_PTR)PsGetCurrentProcessId();
	if (kind == DK_CCB_CHANNEL && ccb->OpenerProcessId == mount->OwnerProcessId)
		InterlockedIncrement(&mount->OwnerChannels);
	DkMountReference(mount);
	InterlockedIncrement(&mount->Opens);
	InterlockedIncrement(&g_DkGlobal.Ccbs);
	return ccb;
}

void DkCcbReference(DK_CCB *ccb)
{
	InterlockedIncrement(&ccb->References);
}

void DkCcbRelease(DK_CCB *ccb)
{
	DK_MOUNT *mount = ccb->Mount;
	LONG left = InterlockedDecrement(&ccb->References);

	DK_ASSERT(left >= 0 && (ccb->Kind == DK_CCB_CHANNEL || ccb->Kind == DK_CCB_FILE));
	if (left != 0)
		return;
	if (ccb->Kind == DK_CCB_CHANNEL && ccb->OpenerProcessId == mount->OwnerProcessId &&
		InterlockedDecrement(&mount->OwnerChannels) == 0)
		DkMountOwnerLeft(mount);
	if (ccb->Fcb) {
		DkCcbEndHandle(ccb); /* a file object closed without cleanup */
		DkFcbRelease(ccb->Fcb);
	}
	DkFree(ccb->Pattern.Buffer);
	DkFree(ccb);
	InterlockedDecrement(&g_DkGlobal.Ccbs);
	if (InterlockedDecrement(&mount->Opens) == 0 && !mount->Mounted)
		DkHousekeepingKick();
	DkMountRelease(mount);
}

DK_CCB *DkCcbOfFile(PFILE_OBJECT file)
{
	DK_CCB *ccb = file ? file->FsContext2 : NULL;
	if (!ccb || (ccb->Kind != DK_CCB_CHANNEL && ccb->Kind != DK_CCB_FILE))
		return NULL;
	return ccb;
}

/* ---- handles: sharing and delete-pending (share.h) ---- */

NTSTATUS DkCcbBeginHandle(DK_CCB *ccb, ACCESS_MASK access, ULONG shareMode, BOOLEAN checkSharing)
{
	DK_FCB *fcb = ccb->Fcb;
	DK_SHARE_GRANT grant = DkShareGrantFor(access, shareMode);
	NTSTATUS status = STATUS_SUCCESS;
	KIRQL irql;

	DK_ASSERT(fcb && !(ccb->Flags & DK_CCB_HANDLE_COUNTED));
	DkMountLock(ccb->Mount, &irql);
	if (fcb->Flags & DK_FCB_DELETE_PENDING)
		status = STATUS_DELETE_PENDING;
	else if (checkSharing && DkShareConflicts(&fcb->Share, &grant))
		status = STATUS_SHARING_VIOLATION;
	if (NT_SUCCESS(status)) {
		DkShareAdd(&fcb->Share, &grant);
		ccb->ShareGrant = grant;
		fcb->Handles++;
		ccb->Flags |= DK_CCB_HANDLE_COUNTED; /* the CCB is not published yet */
	}
	DkMountUnlock(ccb->Mount, irql);
	return status;
}

void DkCcbEndHandle(DK_CCB *ccb)
{
	DK_FCB *fcb = ccb->Fcb;
	BOOLEAN counted;
	KIRQL irql;

	DkMountLock(ccb->Mount, &irql);
	counted = (ccb->Flags & DK_CCB_HANDLE_COUNTED) != 0;
	if (counted) {
		if (ccb->Flags & DK_CCB_HANDLE_LEAVING)
			fcb->HandlesLeaving--;
		InterlockedAnd((volatile LONG *)&ccb->Flags, ~(LONG)(DK_CCB_HANDLE_COUNTED | DK_CCB_HANDLE_LEAVING));
		DkShareRemove(&fcb->Share, &ccb->ShareGrant);
		fcb->Handles--;
		DK_ASSERT(fcb->Handles >= 0 && fcb->HandlesLeaving >= 0 && fcb->HandlesLeaving <= fcb->Handles &&
			  !DkShareCheckInvariant(&fcb->Share));
	}
	DkMountUnlock(ccb->Mount, irql);
}

/* As NTFS, a file marked for deletion goes when its last handle is cleaned up, whichever
 * handle that is; a FILE_DELETE_ON_CLOSE handle that is not the last leaves the mark
 * behind (docs/behaviour.md#cleanup-close-and-deletion). */
BOOLEAN DkCcbCleanupDeletes(DK_CCB *ccb)
{
	DK_FCB *fcb = ccb->Fcb;
	BOOLEAN deletes = FALSE;
	KIRQL irql;

	DkMountLock(ccb->Mount, &irql);
	if ((ccb->Flags & DK_CCB_HANDLE_COUNTED) && !(ccb->Flags & DK_CCB_HANDLE_LEAVING)) {
		InterlockedOr((volatile LONG *)&ccb->Flags, DK_CCB_HANDLE_LEAVING);
		fcb->HandlesLeaving++;
		if ((ccb->Flags & DK_CCB_DELETE_ON_CLOSE_OPEN) && !(fcb->Flags & DK_FCB_ROOT))
			InterlockedOr((volatile LONG *)&fcb->Flags, DK_FCB_DELETE_PENDING);
		deletes = fcb->HandlesLeaving == fcb->Handles && (fcb->Flags & DK_FCB_DELETE_PENDING) &&
		          !(fcb->Flags & DK_FCB_ROOT);
	}
	DK_ASSERT(fcb->HandlesLeaving <= fcb->Handles);
	DkMountUnlock(ccb->Mount, irql);
	return deletes;
}

BOOLEAN DkFcbPathInUse(DK_MOUNT *mount, const UNICODE_STRING *path, const DK_FCB *except)
{
	DK_FCB *fcb;
	BOOLEAN inUse;
	KIRQL irql;

	DkMountLock(mount, &irql);
	fcb = DkFcbLookupLocked(mount, path);
	inUse = fcb && fcb != except && fcb->Handles > 0;
	DkMountUnlock(mount, irql);
	return inUse;
}

/* ---- renames ---- */

/* An FCB that no longer names what its path names (the target a rename replaced) leaves
 * the table, so that new opens never find it; its open handles keep working with it. */
static void DkFcbOrphanLocked(DK_FCB *fcb)
{
	DkFcbTableRemoveLocked(fcb);
}

/* Gives the FCB the path prefix + the part of its current path after skipChars: a new
 * block replaces the pointer, so a reader holds either the old path or the new one. */
static BOOLEAN DkFcbSetPathLocked(DK_FCB *fcb, const UNICODE_STRING *prefix, USHORT skipChars)
{
	DK_PATH *old = fcb->Path;
	USHORT tailBytes = old->Name.Length - skipChars * sizeof(WCHAR);
	DK_PATH *path = DkPathCreate(prefix, old->Name.Buffer + skipChars, tailBytes);

	DK_ASSERT_LOCKED(fcb->Mount);
	if (!path)
		return FALSE;
	fcb->Path = path;
	if (DkFcbInTable(fcb)) { /* the new name hashes elsewhere */
		RemoveEntryList(&fcb->HashLink);
		InsertTailList(DkFcbBucket(fcb->Mount, &path->Name), &fcb->HashLink);
	}
	DkPathRelease(old); /* readers that took it keep their reference */
	return TRUE;
}

/* After the file system renamed fcb's object to newPath (a full path in the volume):
 * the FCB takes newPath, every open FCB below it (a renamed directory's descendants)
 * takes the same new prefix, and FCBs that named the replaced target or anything below
 * it leave the table, so no two FCBs in the table ever share a name. One lock round. */
void DkFcbRename(DK_MOUNT *mount, DK_FCB *fcb, const UNICODE_STRING *newPath)
{
	UNICODE_STRING oldPath;
	DK_PATH *oldBlock;
	USHORT oldChars;
	PLIST_ENTRY entry;
	KIRQL irql;

	DkMountLock(mount, &irql);
	oldBlock = fcb->Path;
	InterlockedIncrement(&oldBlock->References); /* kept while the FCBs below are renamed */
	oldPath = oldBlock->Name;
	oldChars = oldPath.Length / sizeof(WCHAR);
	for (entry = mount->Fcbs.Flink; entry != &mount->Fcbs;) {
		DK_FCB *other = CONTAINING_RECORD(entry, DK_FCB, MountLink);
		entry = entry->Flink;
		if (other != fcb && !DkNameIsBelow(&other->Path->Name, &oldPath) &&
			DkNameIsAtOrBelow(&other->Path->Name, newPath))
			DkFcbOrphanLocked(other);
	}
	for (entry = mount->Fcbs.Flink; entry != &mount->Fcbs;) {
		DK_FCB *other = CONTAINING_RECORD(entry, DK_FCB, MountLink);
		entry = entry->Flink;
		if (other != fcb && DkNameIsBelow(&other->Path->Name, &oldPath) &&
			!DkFcbSetPathLocked(other, newPath, oldChars))
			DkFcbOrphanLocked(other); /* out of memory: its old name is stale now */
	}
	if (!DkFcbSetPathLocked(fcb, newPath, oldChars))
		DkFcbOrphanLocked(fcb);
	else if (!DkFcbInTable(fcb))
		DkFcbTableInsertLocked(mount, fcb); /* an orphan renamed: a name of its own again */
	DkMountUnlock(mount, irql);
	DkPathRelease(oldBlock);
}
