/* SPDX-License-Identifier: LGPL-3.0-or-later
 * housekeeping.c - one system thread that expires requests past their deadline and
 * deletes the devices of torn-down mounts once nothing refers to them. Device deletion
 * happens here, never inside a dispatch routine of the device being deleted. */
#include "dk.h"

/* A deadline of the mount: 64-bit values written under the lock by other threads. */
static LONGLONG DkReadDeadline(DK_MOUNT *mount, const LONGLONG *deadline)
{
	LONGLONG value;
	KIRQL irql;
	DkMountLock(mount, &irql);
	value = *deadline;
	DkMountUnlock(mount, irql);
	return value;
}

static BOOLEAN DkKeepAliveExpired(DK_MOUNT *mount, LONGLONG now)
{
	if (!(mount->Flags & DK_MOUNT_KEEP_ALIVE))
		return FALSE;
	return now >= DkReadDeadline(mount, &mount->KeepAliveDeadline);
}

/* A mount nobody can serve any more: its owner has had no channel open for the request
 * timeout (since its start, or since it closed its last one: it exited or was killed,
 * keep-alive or not). 0.6.0 kept such a mount, and its letter, until someone unmounted
 * it; 64 of them blocked every new mount. */
static BOOLEAN DkOwnerGone(DK_MOUNT *mount, LONGLONG now)
{
	if (mount->OwnerChannels > 0)
		return FALSE;
	return now >= DkReadDeadline(mount, &mount->OwnerDeadline) && mount->OwnerChannels == 0;
}

/* Requests past their deadline fail; a mount whose owner stopped pinging or is gone goes
 * away, and the mounter is told (DkMountTeardown) so that it removes the drive letter
 * (docs/differences.md D11: nothing here waits for the notice to be processed). */
static void DkCheckMount(DK_MOUNT *mount, PVOID context)
{
	LONGLONG now = *(LONGLONG *)context;
	if (!mount->Mounted)
		return;
	DkQueueExpire(mount, now);
	if (DkKeepAliveExpired(mount, now))
		DK_DEBUG("mount %lu: keep-alive expired\n", mount->MountId);
	else if (DkOwnerGone(mount, now))
		DK_DEBUG("mount %lu: its owner has no channel left\n", mount->MountId);
	else
		return;
	DkMountTeardown(mount);
}

static void NTAPI DkHousekeepingThread(PVOID unused)
{
	LARGE_INTEGER period;
	period.QuadPart = -(LONGLONG)DK_HOUSEKEEPING_PERIOD_MS * 10000;
	for (;;) {
		LONGLONG now;
		KeWaitForSingleObject(&g_DkGlobal.HousekeepingWake, Executive, KernelMode, FALSE, &period);
		if (g_DkGlobal.Unloading)
			break;
		now = DkNow();
		DkMountForEach(DkCheckMount, &now);
		DkMountReapDeleted();
	}
	PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS DkHousekeepingStart(void)
{
	OBJECT_ATTRIBUTES attributes;

	KeInitializeEvent(&g_DkGlobal.HousekeepingWake, SynchronizationEvent, FALSE);
	InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
	return PsCreateSystemThread(&g_DkGlobal.HousekeepingThread, THREAD_ALL_ACCESS, &attributes, NULL, NULL,
		DkHousekeepingThread, NULL);
}

void DkHousekeepingKick(void)
{
	KeSetEvent(&g_DkGlobal.HousekeepingWake, IO_NO_INCREMENT, FALSE);
}

/* Unload waits until the thread has ended: its code must not run once the image is gone.
 * The wait is on the thread's kernel handle, which is valid in any process and needs no
 * object type (docs/wine.md, "Exported data objects and inlined routines"). */
void DkHousekeepingStop(void)
{
	NTSTATUS status;

	g_DkGlobal.Unloading = TRUE;
	DkHousekeepingKick();
	status = ZwWaitForSingleObject(g_DkGlobal.HousekeepingThread, FALSE, NULL);
	DK_ASSERT(status == STATUS_SUCCESS);
	ZwClose(g_DkGlobal.HousekeepingThread);
	g_DkGlobal.HousekeepingThread = NULL;
}
