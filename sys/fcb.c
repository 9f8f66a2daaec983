/* SPDX-License-Identifier: LGPL-3.0-or-later
 * fcb.c - file control blocks (one per open path) and context control blocks (one per
 * file object), with their reference counts. */
#include "dk.h"

static BOOLEAN DkPathEqualLocked(const UNICODE_STRING *a, const UNICODE_STRING *b);

/* Names of a Windows volume compare case-insensitively: A.TXT and a.txt are one FCB, so
 * that sharing and delete-pending apply to both spellings. */
static DK_FCB *DkFcbLookupLocked(DK_MOUNT *mount, const UNICODE_STRING *path)
{
	PLIST_ENTRY entry;
	for (entry = mount->Fcbs.Flink; entry != &mount->Fcbs; entry = entry->Flink) {
		DK_FCB *fcb = CONTAINING_RECORD(entry, DK_FCB, MountLink);
		if (DkPathEqualLocked(&fcb->Path, path))
			return fcb;
	}
	return NULL;
}

static DK_FCB *DkFcbAllocate(DK_MOUNT *mount, const UNICODE_STRING *path)
{
	DK_FCB *fcb = DkAlloc(sizeof(DK_FCB) + path->Length + sizeof(WCHAR));
	if (!fcb)
		return NULL;
	fcb->Header.NodeTypeCode = 0x0D01;
	fcb->Header.NodeByteSize = sizeof(DK_FCB);
	fcb->Header.IsFastIoPossible = FastIoIsNotPossible;
	fcb->Mount = mount;
	fcb->References = 1;
	fcb->Path.Buffer = (PWCH)(fcb + 1);
	fcb->Path.Length = path->Length;
	fcb->Path.MaximumLength = path->Length + sizeof(WCHAR);
	RtlCopyMemory(fcb->Path.Buffer, path->Buffer, path->Length);
	return fcb;
}

/* A path given to an FCB by a rename. The FCB's first path lives in the FCB's own
 * allocation; every later one in a block of its own, chained to the one it replaced, and
 * all are freed only with the FCB: requests read fcb->Path without the mount lock, so a
 * path buffer must stay valid for as long as the FCB lives. */
typedef struct DK_PATH_BLOCK {
	struct DK_PATH_BLOCK *Replaced;
	WCHAR Name[1];
} DK_PATH_BLOCK;

static DK_PATH_BLOCK *DkPathBlockOf(DK_FCB *fcb)
{
	if (fcb->Path.Buffer == (PWCH)(fcb + 1))
		return NULL;
	return CONTAINING_RECORD(fcb->Path.Buffer, DK_PATH_BLOCK, Name);
}

static void DkFcbFreePaths(DK_FCB *fcb)
{
	DK_PATH_BLOCK *block = DkPathBlockOf(fcb);
	while (block) {
		DK_PATH_BLOCK *replaced = block->Replaced;
		DkFree(block);
		block = replaced;
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
	KeAcquireSpinLock(&mount->Lock, &irql);
	fcb = DkFcbLookupLocked(mount, path);
	if (fcb) {
		fcb->References++;
	} else {
		fcb = fresh;
		fresh = NULL;
		InsertTailList(&mount->Fcbs, &fcb->MountLink);
		DkMountReference(mount);
		InterlockedIncrement(&g_DkGlobal.Fcbs);
	}
	KeReleaseSpinLock(&mount->Lock, irql);
	DkFree(fresh);
	*result = fcb;
	return STATUS_SUCCESS;
}

void DkFcbRelease(DK_FCB *fcb)
{
	DK_MOUNT *mount = fcb->Mount;
	BOOLEAN last;
	KIRQL irql;

	KeAcquireSpinLock(&mount->Lock, &irql);
	last = --fcb->References == 0;
	if (last)
		RemoveEntryList(&fcb->MountLink);
	KeReleaseSpinLock(&mount->Lock, irql);
	if (!last)
		return;
	DK_ASSERT(fcb->Handles == 0 && fcb->Share.OpenCount == 0);
	InterlockedDecrement(&g_DkGlobal.Fcbs);
	DkFcbFreePaths(fcb);
	DkFree(fcb);
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
	if (InterlockedDecrement(&ccb->References) != 0)
		return;
	if (ccb->Kind == DK_CCB_CHANNEL && ccb->OpenerProcessId == mount->OwnerProcessId)
		InterlockedDecrement(&mount->OwnerChannels);
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
	KeAcquireSpinLock(&ccb->Mount->Lock, &irql);
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
	KeReleaseSpinLock(&ccb->Mount->Lock, irql);
	return status;
}

void DkCcbEndHandle(DK_CCB *ccb)
{
	DK_FCB *fcb = ccb->Fcb;
	BOOLEAN counted;
	KIRQL irql;

	KeAcquireSpinLock(&ccb->Mount->Lock, &irql);
	counted = (ccb->Flags & DK_CCB_HANDLE_COUNTED) != 0;
	if (counted) {
		InterlockedAnd((volatile LONG *)&ccb->Flags, ~(LONG)DK_CCB_HANDLE_COUNTED);
		DkShareRemove(&fcb->Share, &ccb->ShareGrant);
		fcb->Handles--;
		DK_ASSERT(fcb->Handles >= 0 && !DkShareCheckInvariant(&fcb->Share));
	}
	KeReleaseSpinLock(&ccb->Mount->Lock, irql);
}

BOOLEAN DkFcbPathInUse(DK_MOUNT *mount, const UNICODE_STRING *path, const DK_FCB *except)
{
	DK_FCB *fcb;
	BOOLEAN inUse;
	KIRQL irql;

	KeAcquireSpinLock(&mount->Lock, &irql);
	fcb = DkFcbLookupLocked(mount, path);
	inUse = fcb && fcb != except && fcb->Handles > 0;
	KeReleaseSpinLock(&mount->Lock, irql);
	return inUse;
}

/* ---- renames ---- */

static WCHAR DkFoldAscii(WCHAR c)
{
	return (c >= L'a' && c <= L'z') ? (WCHAR)(c - (L'a' - L'A')) : c;
}

/* TRUE when `path` is `base` itself or lies below it (case-insensitive, as the names of
 * a Windows volume; only ASCII letters are folded, which is safe under a spin lock). */
static BOOLEAN DkPathAtOrBelow(const UNICODE_STRING *path, const UNICODE_STRING *base)
{
	USHORT chars = base->Length / sizeof(WCHAR), i;

	if (path->Length < base->Length)
		return FALSE;
	for (i = 0; i < chars; i++)
		if (DkFoldAscii(path->Buffer[i]) != DkFoldAscii(base->Buffer[i]))
			return FALSE;
	return path->Length == base->Length || path->Buffer[chars] == L'\\' ||
		(chars == 1 && base->Buffer[0] == L'\\');
}

static BOOLEAN DkPathEqualLocked(const UNICODE_STRING *a, const UNICODE_STRING *b)
{
	return a->Length == b->Length && DkPathAtOrBelow(a, b);
}

static BOOLEAN DkPathBelow(const UNICODE_STRING *path, const UNICODE_STRING *base)
{
	return path->Length != base->Length && DkPathAtOrBelow(path, base);
}

/* An FCB that no longer names what its path names (the target a rename replaced) leaves
 * the table, so that new opens never find it; its open handles keep working with it. */
static void DkFcbOrphanLocked(DK_FCB *fcb)
{
	if (fcb->MountLink.Flink != &fcb->MountLink) {
		RemoveEntryList(&fcb->MountLink);
		InitializeListHead(&fcb->MountLink);
	}
}

/* Gives the FCB the path prefix + the part of its current path after skipChars. The new
 * buffer is published so that a reader without the lock sees either path or a mix of
 * the new buffer with the shorter length, never a length beyond its buffer. */
static BOOLEAN DkFcbSetPathLocked(DK_FCB *fcb, const UNICODE_STRING *prefix, USHORT skipChars)
{
	USHORT tailBytes = fcb->Path.Length - skipChars * sizeof(WCHAR);
	ULONG bytes = (ULONG)prefix->Length + tailBytes;
	DK_PATH_BLOCK *block;

	if (bytes > 0xFFF0u)
		return FALSE;
	block = DkAlloc(FIELD_OFFSET(DK_PATH_BLOCK, Name) + bytes + sizeof(WCHAR)); /* nonpaged: fine under the lock */
	if (!block)
		return FALSE;
	RtlCopyMemory(block->Name, prefix->Buffer, prefix->Length);
	RtlCopyMemory((PUCHAR)block->Name + prefix->Length, fcb->Path.Buffer + skipChars, tailBytes);
	block->Replaced = DkPathBlockOf(fcb);
	if (bytes > fcb->Path.Length) {
		fcb->Path.Buffer = block->Name;
		__sync_synchronize(); /* full barrier: the order above is what readers see */
		fcb->Path.Length = (USHORT)bytes;
	} else {
		fcb->Path.Length = (USHORT)bytes;
		__sync_synchronize(); /* full barrier: the order above is what readers see */
		fcb->Path.Buffer = block->Name;
	}
	fcb->Path.MaximumLength = (USHORT)(bytes + sizeof(WCHAR));
	return TRUE;
}

/* After the file system renamed fcb's object to newPath (a full path in the volume):
 * the FCB takes newPath, every open FCB below it (a renamed directory's descendants)
 * takes the same new prefix, and FCBs that named the replaced target or anything below
 * it leave the table, so no two FCBs in the table ever share a name. One lock round. */
void DkFcbRename(DK_MOUNT *mount, DK_FCB *fcb, const UNICODE_STRING *newPath)
{
	UNICODE_STRING oldPath;
	USHORT oldChars;
	PLIST_ENTRY entry;
	KIRQL irql;

	KeAcquireSpinLock(&mount->Lock, &irql);
	oldPath = fcb->Path; /* its buffer stays valid: path buffers live as long as the FCB */
	oldChars = oldPath.Length / sizeof(WCHAR);
	for (entry = mount->Fcbs.Flink; entry != &mount->Fcbs;) {
		DK_FCB *other = CONTAINING_RECORD(entry, DK_FCB, MountLink);
		entry = entry->Flink;
		if (other != fcb && !DkPathBelow(&other->Path, &oldPath) && DkPathAtOrBelow(&other->Path, newPath))
			DkFcbOrphanLocked(other);
	}
	for (entry = mount->Fcbs.Flink; entry != &mount->Fcbs;) {
		DK_FCB *other = CONTAINING_RECORD(entry, DK_FCB, MountLink);
		entry = entry->Flink;
		if (other != fcb && DkPathBelow(&other->Path, &oldPath) && !DkFcbSetPathLocked(other, newPath, oldChars))
			DkFcbOrphanLocked(other); /* out of memory: its old name is stale now */
	}
	if (!DkFcbSetPathLocked(fcb, newPath, oldChars))
		DkFcbOrphanLocked(fcb);
	else if (fcb->MountLink.Flink == &fcb->MountLink)
		InsertTailList(&mount->Fcbs, &fcb->MountLink); /* an orphan renamed: a name of its own again */
	KeReleaseSpinLock(&mount->Lock, irql);
}
