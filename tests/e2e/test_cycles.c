// SPDX-License-Identifier: LGPL-3.0-or-later
// test_cycles.c - mount lifecycle in one process: two mounts at once on two threads,
// each unmounted independently (DokanRemoveMountPoint, as dokanctl /u does); then
// mount + unmount `cycles` times in a row; the driver's counters (live mounts, FCBs,
// CCBs, pending requests, pool allocations) must come back to where they started.
//   test_cycles [cycles]
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "dokan.h"
#include "dokanc.h"
#include "dokan_protocol.h"
#include "e2e_driver.h"
#include "check.h"

typedef struct MOUNT_THREAD {
	WCHAR MountPoint[4];
	DOKAN_OPTIONS Options;
	DOKAN_OPERATIONS Operations;
	volatile LONG Unmounts;
	HANDLE Thread;
	int Result;
} MOUNT_THREAD;

#define expect(ok, what, value) CHECK(ok, "%s (%lld)", what, (long long)(value))


static int DOKAN_CALLBACK count_unmount(PDOKAN_FILE_INFO info)
{
	MOUNT_THREAD *mount = (MOUNT_THREAD *)(ULONG_PTR)info->DokanOptions->GlobalContext;
	InterlockedIncrement(&mount->Unmounts);
	return 0;
}

static DWORD WINAPI run_mount(LPVOID parameter)
{
	MOUNT_THREAD *mount = parameter;
	mount->Result = DokanMain(&mount->Options, &mount->Operations);
	return 0;
}

static BOOL start_mount(MOUNT_THREAD *mount, WCHAR letter)
{
	ZeroMemory(mount, sizeof(*mount));
	mount->MountPoint[0] = letter;
	mount->Options.Version = DOKAN_VERSION;
	mount->Options.ThreadCount = 2;
	mount->Options.MountPoint = mount->MountPoint;
	mount->Options.GlobalContext = (ULONG64)(ULONG_PTR)mount;
	mount->Operations.Unmount = count_unmount;
	mount->Result = 99;
	mount->Thread = CreateThread(NULL, 0, run_mount, mount, 0, NULL);
	return mount->Thread && e2e_wait_letter(letter, TRUE);
}

/* Unmounts as another process would, and checks DokanMain's result and the callback. */
static BOOL stop_mount(MOUNT_THREAD *mount)
{
	BOOL removed = DokanRemoveMountPoint(mount->MountPoint);
	BOOL ended = WaitForSingleObject(mount->Thread, 15000) == WAIT_OBJECT_0;
	CloseHandle(mount->Thread);
	return removed && ended && mount->Result == DOKAN_SUCCESS && mount->Unmounts == 1 &&
		!e2e_letter_defined(mount->MountPoint[0]);
}

static void check_two_at_once(void)
{
	static MOUNT_THREAD u, v;
	ULONG live = e2e_query_stats().LiveMounts;

	expect(start_mount(&u, L'U'), "U: mounted", u.Result);
	expect(start_mount(&v, L'V'), "V: mounted while U: is", v.Result);
	expect(e2e_query_stats().LiveMounts == live + 2, "two live mounts", e2e_query_stats().LiveMounts);
	expect(stop_mount(&u), "U: unmounts alone (DokanMain 0, Unmount once)", u.Result);
	expect(e2e_letter_defined(L'V') && e2e_query_stats().LiveMounts == live + 1, "V: is still mounted", 0);
	expect(stop_mount(&v), "V: unmounts (DokanMain 0, Unmount once)", v.Result);
}

static BOOL settled(const DK_STATS *before)
{
	int i;
	for (i = 0; i < 100; i++) {
		DK_STATS now = e2e_query_stats();
		if (now.LiveMounts == before->LiveMounts && now.Fcbs == before->Fcbs && now.Ccbs == before->Ccbs &&
			now.PendingRequests == before->PendingRequests && now.PoolAllocations == before->PoolAllocations)
			return TRUE;
		Sleep(100);
	}
	return FALSE;
}

/* The counters once the earlier checks have settled: unchanged for 6 s. A torn-down
 * mount's devices are reaped by the driver's housekeeping (1 s), and its unmount notice
 * waits in pool memory until the mounter takes it; a mounter whose wait failed (an earlier
 * test restarted the driver) asks again only after 5 s (mounter/server.c). */
static DK_STATS quiet_stats(void)
{
	DK_STATS last = e2e_query_stats(), now;
	int i, unchanged = 0;
	for (i = 0; i < 60 && unchanged < 12; i++) {
		Sleep(500);
		now = e2e_query_stats();
		unchanged = memcmp(&now, &last, sizeof(now)) ? 0 : unchanged + 1;
		last = now;
	}
	return last;
}

static void check_cycles(int cycles)
{
	static MOUNT_THREAD w;
	DK_STATS before = quiet_stats(), after;
	int i, ok = 0;
	DWORD start = GetTickCount();

	for (i = 0; i < cycles; i++)
		ok += start_mount(&w, L'W') && stop_mount(&w);
	expect(ok == cycles, "every mount/unmount cycle succeeded", ok);
	expect(settled(&before), "driver counters back to their start", 0);
	after = e2e_query_stats();
	printf("%d cycles in %lu ms; live mounts %lu->%lu, FCBs %lu->%lu, CCBs %lu->%lu, pending %lu->%lu, "
		"pool allocations %lu->%lu, mounts created +%lu\n", cycles, GetTickCount() - start,
		before.LiveMounts, after.LiveMounts, before.Fcbs, after.Fcbs, before.Ccbs, after.Ccbs,
		before.PendingRequests, after.PendingRequests, before.PoolAllocations, after.PoolAllocations,
		after.MountsCreated - before.MountsCreated);
	expect(after.MountsCreated - before.MountsCreated == (ULONG)cycles, "one driver mount per cycle",
		after.MountsCreated - before.MountsCreated);
}

int wmain(int argc, WCHAR **argv)
{
	int cycles = argc > 1 ? _wtoi(argv[1]) : 100;
	check_two_at_once();
	check_cycles(cycles);
	ck_summary("test_cycles");
	return ck_failed() ? 1 : 0;
}
