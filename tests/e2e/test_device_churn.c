// SPDX-License-Identifier: LGPL-3.0-or-later
// test_device_churn.c - iohost's device lookups while dokan.sys creates and deletes
// devices: the main thread runs `cycles` START/RELEASE cycles (no file system: each mount
// is released at once and its devices deleted later by the driver's housekeeping thread)
// while four threads open through iohost: three name a device that does not exist (every
// lookup goes through all of the driver's devices), one the disk device of the mount of
// the moment (its create waits in the driver until RELEASE fails it). At the end
// winedevice must still answer (iohost and dokan.sys) and the driver's counters must be
// back at their baseline.
//   test_device_churn [cycles]
#include "ioclient.h"
#include "e2e_driver.h"
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

static int passed, failed;
static volatile LONG stop, missing_opens, mount_opens, odd_statuses, odd_status;
static WCHAR current[DK_DEVICE_NAME_CHARS + 16];
static CRITICAL_SECTION current_lock;

static void expect(BOOL ok, const char *what, long long value)
{
	if (ok)
		passed++;
	else
		failed++, printf("FAIL %s (%lld)\n", what, value);
}

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

/* One START/RELEASE cycle; the disk device is published for open_mounts meanwhile. */
static BOOL cycle(HANDLE control)
{
	DK_MOUNT_INFO info;
	WCHAR path[DK_DEVICE_NAME_CHARS + 8];
	HANDLE device;
	BOOL ok;

	if (!start_mount(control, &info))
		return FALSE;
	EnterCriticalSection(&current_lock);
	swprintf(current, sizeof(current) / sizeof(WCHAR), L"\\Device%ls\\f", info.DeviceName);
	LeaveCriticalSection(&current_lock);
	swprintf(path, sizeof(path) / sizeof(WCHAR), L"\\\\.%ls", info.DeviceName);
	device = e2e_open_device(path);
	ok = device != INVALID_HANDLE_VALUE &&
		DeviceIoControl(device, IOCTL_DOKAN_RELEASE, NULL, 0, NULL, 0, &(DWORD){ 0 }, NULL);
	if (device != INVALID_HANDLE_VALUE)
		CloseHandle(device);
	return ok;
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

int wmain(int argc, WCHAR **argv)
{
	int cycles = argc > 1 ? _wtoi(argv[1]) : 1000, i, done = 0;
	DK_STATS base = e2e_query_stats(), now = { 0 };
	HANDLE control = e2e_open_device(DOKAN_GLOBAL_DEVICE_NAME), threads[4];
	DWORD t0 = GetTickCount();
	ioc_file f;

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
	printf("test_device_churn: %d passed, %d failed\n", passed, failed);
	CloseHandle(control);
	ioc_disconnect();
	return failed ? 1 : 0;
}
