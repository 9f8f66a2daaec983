// SPDX-License-Identifier: LGPL-3.0-or-later
// test_device_churn.c - iohost's device lookups while dokan.sys creates and deletes
// devices: the main thread runs `cycles` START/RELEASE cycles (no file system: each mount
// is released at once and its devices deleted later by the driver's housekeeping thread)
// while four threads open through iohost: three name a device that does not exist (every
// lookup goes through all of the driver's devices), one the disk device of the mount of
// the moment (its create waits in the driver until RELEASE fails it). At the end
// winedevice must still answer (iohost and dokan.sys) and the driver's counters must be
// back at their baseline. Then the live-mount limit under concurrent starts: several
// threads start mounts until the driver refuses; together they get exactly the slots the
// limit leaves, never more, and every slot comes back when the mounts are released (Wine
// runs every dispatch routine on one thread, so there the starts reach the driver one at
// a time; on Windows they race for the last slots).
//   test_device_churn [cycles]
//   test_device_churn --leave <n>   starts n mounts and exits without releasing them (their
//                                   owner is gone; test_device_churn.sh then unloads the driver)
//   test_device_churn --ping        exits 0 when dokan.sys answers and iohost.sys, in the
//                                   same winedevice.exe, looks a device up through it
#include "ioclient.h"
#include "e2e_driver.h"
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>
#include "check.h"

#define expect(ok, what, value) CHECK(ok, "%s (%lld)", what, (long long)(value))

static volatile LONG stop, missing_opens, mount_opens, odd_statuses, odd_status;
static WCHAR current[DK_DEVICE_NAME_CHARS + 16];
static CRITICAL_SECTION current_lock;

static DWORD WINAPI open_missing(void *unused)
{
	NTSTATUS s;
	ioc_file f;

	while (!stop) {
		s = ioc_open(L"\\Device\\NoSuchDokanDevice\\x", FILE_READ_ATTRIBUTES, 0, FILE_OPEN, 0, 0, 0, &f, NULL);
		if (s != STATUS_OBJECT_NAME_NOT_FOUND) {
			InterlockedIncrement(&odd_statuses);
			odd_status = s;
		}
		if (NT_SUCCESS(s))
			ioc_close(f);
		InterlockedIncrement(&missing_opens);
	}
	return 0;
}

static DWORD WINAPI open_mounts(void *unused)
{
	WCHAR name[DK_DEVICE_NAME_CHARS + 16];
	ioc_file f;

	while (!stop) {
		EnterCriticalSection(&current_lock);
		wcscpy(name, current);
		LeaveCriticalSection(&current_lock);
		if (name[0] && NT_SUCCESS(ioc_open(name, FILE_READ_DATA, FILE_SHARE_READ, FILE_OPEN, 0, 0, 0, &f, NULL)))
			ioc_close(f);
		InterlockedIncrement(&mount_opens);
		if (!name[0])
			Sleep(1);
	}
	return 0;
}

static BOOL start_mount(HANDLE control, DK_MOUNT_INFO *info)
{
	DK_START start = { sizeof(DK_START), DK_DRIVER_VERSION, 0, 0 };
	DWORD got = 0;

	ZeroMemory(info, sizeof(*info));
	return DeviceIoControl(control, IOCTL_DOKAN_START, &start, sizeof(start), info, sizeof(*info), &got, NULL) &&
	       got == sizeof(*info) && info->Status == DK_START_MOUNTED;
}

/* The mount's channel (\\.\Volume{...}); opened by the owner it counts as the owner's. */
static HANDLE open_channel(const DK_MOUNT_INFO *info)
{
	WCHAR path[DK_DEVICE_NAME_CHARS + 8];

	swprintf(path, sizeof(path) / sizeof(WCHAR), L"\\\\.%ls", info->DeviceName);
	return e2e_open_device(path);
}

/* RELEASE through the channel, which is then closed. */
static BOOL release_channel(HANDLE channel)
{
	BOOL ok = channel != INVALID_HANDLE_VALUE &&
		DeviceIoControl(channel, IOCTL_DOKAN_RELEASE, NULL, 0, NULL, 0, &(DWORD){ 0 }, NULL);

	if (channel != INVALID_HANDLE_VALUE)
		CloseHandle(channel);
	return ok;
}

/* One START/RELEASE cycle; the disk device is published for open_mounts meanwhile. */
static BOOL cycle(HANDLE control)
{
	DK_MOUNT_INFO info;

	if (!start_mount(control, &info))
		return FALSE;
	EnterCriticalSection(&current_lock);
	swprintf(current, sizeof(current) / sizeof(WCHAR), L"\\Device%ls\\f", info.DeviceName);
	LeaveCriticalSection(&current_lock);
	return release_channel(open_channel(&info));
}

/* Counters back at the baseline once the housekeeping thread reaped every mount. */
static BOOL settled(const DK_STATS *base, DK_STATS *now)
{
	int i;

	for (i = 0; i < 300; i++) {
		*now = e2e_query_stats();
		if (now->Size && now->LiveMounts == base->LiveMounts && now->Fcbs == base->Fcbs &&
		    now->Ccbs == base->Ccbs && now->PendingRequests == 0 && now->PoolAllocations == base->PoolAllocations)
			return TRUE;
		Sleep(100);
	}
	return FALSE;
}

/* The driver's live-mount limit (docs/differences.md D37). */
#define LIVE_MOUNT_LIMIT 64
#define FILLERS 6

typedef struct FILLER {
	HANDLE Control;
	HANDLE Channels[LIVE_MOUNT_LIMIT + 1];
	int Count;
	DWORD Refusal; /* the Win32 error of the START the driver refused */
} FILLER;

static volatile LONG peak_live;

/* Starts mounts, each with its channel open (so that no owner-gone teardown gives a slot
 * back meanwhile), until the driver refuses one. */
static DWORD WINAPI fill_mounts(void *parameter)
{
	FILLER *filler = parameter;
	DK_MOUNT_INFO info;

	while (filler->Count <= LIVE_MOUNT_LIMIT) {
		SetLastError(0);
		if (!start_mount(filler->Control, &info)) {
			filler->Refusal = GetLastError();
			break;
		}
		filler->Channels[filler->Count++] = open_channel(&info);
	}
	return 0;
}

/* Samples the driver's count of live mounts until `stop`, keeping the highest. */
static DWORD WINAPI watch_live_mounts(void *unused)
{
	while (!stop) {
		LONG live = (LONG)e2e_query_stats().LiveMounts;
		if (live > peak_live)
			peak_live = live;
	}
	return 0;
}

static void start_fillers(FILLER *fillers, HANDLE *threads)
{
	int i;

	for (i = 0; i < FILLERS; i++) {
		fillers[i].Control = e2e_open_device(DOKAN_GLOBAL_DEVICE_NAME);
		threads[i] = CreateThread(NULL, 0, fill_mounts, &fillers[i], 0, NULL);
	}
}

/* Releases every filled mount and closes the control handles; how many releases failed. */
static int release_fillers(FILLER *fillers)
{
	int i, j, failures = 0;

	for (i = 0; i < FILLERS; i++) {
		for (j = 0; j < fillers[i].Count; j++)
			failures += release_channel(fillers[i].Channels[j]) ? 0 : 1;
		CloseHandle(fillers[i].Control);
	}
	return failures;
}

static void check_concurrent_limit(void)
{
	static FILLER fillers[FILLERS];
	HANDLE threads[FILLERS + 1], control;
	DK_STATS base = e2e_query_stats(), now = { 0 }, full;
	DK_MOUNT_INFO info;
	int i, total = 0, refused_right = 0;

	stop = 0;
	threads[FILLERS] = CreateThread(NULL, 0, watch_live_mounts, NULL, 0, NULL);
	start_fillers(fillers, threads);
	expect(WaitForMultipleObjects(FILLERS, threads, TRUE, 60000) == WAIT_OBJECT_0, "fillers finished", 0);
	full = e2e_query_stats();
	stop = 1;
	WaitForSingleObject(threads[FILLERS], 10000);
	for (i = 0; i < FILLERS; i++) {
		total += fillers[i].Count;
		refused_right += fillers[i].Refusal == ERROR_TOO_MANY_NAMES;
	}
	expect(total == LIVE_MOUNT_LIMIT - (long long)base.LiveMounts, "concurrent starts that got a slot", total);
	expect(refused_right == FILLERS, "fillers refused with ERROR_TOO_MANY_NAMES", refused_right);
	expect(full.LiveMounts == LIVE_MOUNT_LIMIT, "live mounts at the limit", full.LiveMounts);
	expect(peak_live <= LIVE_MOUNT_LIMIT, "live mounts never above the limit (peak)", peak_live);
	expect(release_fillers(fillers) == 0, "every filled mount released", 0);
	expect(settled(&base, &now), "counters back at baseline after the fill (live mounts now)", now.LiveMounts);
	control = e2e_open_device(DOKAN_GLOBAL_DEVICE_NAME);
	expect(start_mount(control, &info) && release_channel(open_channel(&info)), "a start after the fill", 0);
	CloseHandle(control);
	printf("test_device_churn: %d concurrent starts filled the limit (baseline %lu), peak %ld\n", total,
		base.LiveMounts, peak_live);
}

/* Mounts for the driver's unload to tear down: 0 when all n started. */
static int leave_mounts(int n)
{
	HANDLE control = e2e_open_device(DOKAN_GLOBAL_DEVICE_NAME);
	DK_MOUNT_INFO info;
	int started = 0;

	while (started < n && start_mount(control, &info))
		started++;
	printf("test_device_churn: left %d of %d mounts live\n", started, n);
	return started == n ? 0 : 1;
}

/* Both drivers answer: the driver's counters, and iohost's lookup of a missing device,
 * which walks dokan.sys's devices. */
static int ping(void)
{
	DK_STATS stats = e2e_query_stats();
	NTSTATUS s = ioc_connect();
	ioc_file f;

	if (NT_SUCCESS(s))
		s = ioc_open(L"\\Device\\NoSuchDokanDevice", FILE_READ_ATTRIBUTES, 0, FILE_OPEN, 0, 0, 0, &f, NULL);
	printf("test_device_churn: dokan.sys %s, iohost lookup 0x%08lX\n", stats.Size ? "answers" : "does not answer",
		(unsigned long)s);
	return stats.Size && s == STATUS_OBJECT_NAME_NOT_FOUND ? 0 : 1;
}

int wmain(int argc, WCHAR **argv)
{
	int cycles = argc > 1 ? _wtoi(argv[1]) : 1000, i, done = 0;
	DK_STATS base = e2e_query_stats(), now = { 0 };
	HANDLE control = e2e_open_device(DOKAN_GLOBAL_DEVICE_NAME), threads[4];
	DWORD t0 = GetTickCount();
	ioc_file f;

	if (argc > 2 && !wcscmp(argv[1], L"--leave"))
		return leave_mounts(_wtoi(argv[2]));
	if (argc > 1 && !wcscmp(argv[1], L"--ping"))
		return ping();
	InitializeCriticalSection(&current_lock);
	if (control == INVALID_HANDLE_VALUE || !base.Size || !NT_SUCCESS(ioc_connect())) {
		printf("FAIL cannot reach dokan.sys or iohost\n");
		return 1;
	}
	for (i = 0; i < 3; i++)
		threads[i] = CreateThread(NULL, 0, open_missing, NULL, 0, NULL);
	threads[3] = CreateThread(NULL, 0, open_mounts, NULL, 0, NULL);
	for (i = 0; i < cycles; i++)
		done += cycle(control) ? 1 : 0;
	stop = 1;
	expect(WaitForMultipleObjects(4, threads, TRUE, 30000) == WAIT_OBJECT_0, "open threads finished", 0);
	expect(done == cycles, "START/RELEASE cycles that succeeded", done);
	expect(odd_statuses == 0, "lookups of a missing device not OBJECT_NAME_NOT_FOUND", odd_statuses);
	if (odd_statuses)
		printf("  (the last one: 0x%08lX)\n", (unsigned long)odd_status);
	expect(ioc_open(L"\\Device\\NoSuchDokanDevice", FILE_READ_ATTRIBUTES, 0, FILE_OPEN, 0, 0, 0, &f, NULL) ==
		STATUS_OBJECT_NAME_NOT_FOUND, "iohost answers afterwards", 0);
	expect(settled(&base, &now), "counters back at baseline (pool allocations now)", now.PoolAllocations);
	printf("test_device_churn: %d cycles, %ld + %ld opens through iohost in %lu ms; "
		"live mounts %lu, FCBs %lu, CCBs %lu, pending %lu, pool %lu (baseline %lu)\n",
		done, missing_opens, mount_opens, GetTickCount() - t0, now.LiveMounts, now.Fcbs, now.Ccbs,
		now.PendingRequests, now.PoolAllocations, base.PoolAllocations);
	check_concurrent_limit();
	ck_summary("test_device_churn");
	CloseHandle(control);
	ioc_disconnect();
	return ck_failed() ? 1 : 0;
}
