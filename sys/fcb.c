/* SPDX-License-Identifier: LGPL-3.0-or-later
 * fcb.c - file control blocks (one per open path) and context control blocks (one per
 * file object), with their reference counts. */
#include "dk.h"

static DK_FCB *DkFcbLookupLocked(DK_MOUNT *mount, const UNICODE_STRING *path)
{
	PLIST_ENTRY entry;
	for (entry = mount->Fcbs.Flink; entry != &mount->Fcbs; entry = entry->Flink) {
		DK_FCB *fcb = CONTAINING_RECORD(entry, DK_FCB, MountLink);
		if (RtlEqualUnicodeString(&fcb->Path, path, FALSE))
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

/* Finds or creates the FCB of an exact (case-sensitive) path; referenced. */
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
	InterlockedDecrement(&g_DkGlobal.Fcbs);
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
	if (ccb->Fcb)
		DkFcbRelease(ccb->Fcb);
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
