// SPDX-License-Identifier: LGPL-3.0-or-later
// test_results.c - DokanMain's return codes that need the driver (the option checks are
// unit tests), each provoked for real, and nothing left mounted afterwards:
//   test_results            DOKAN_MOUNT_ERROR (letter already defined), DOKAN_START_ERROR
//                           (the driver refuses: its live-mount limit is reached)
//   test_results --no-driver  DOKAN_DRIVER_INSTALL_ERROR (run while dokan.sys is stopped)
#include <windows.h>
#include <stdio.h>
#include <wchar.h>
#include "dokan.h"
#include "dokanc.h"
#include "dokan_protocol.h"
#include "e2e_driver.h"
#include "check.h"

#define MAX_FILL 128

#define expect(ok, what, value) CHECK(ok, "%s (%lld)", what, (long long)(value))


static int run_dokan_main(const WCHAR *mountPoint)
{
	static DOKAN_OPERATIONS operations;
	DOKAN_OPTIONS options;
	ZeroMemory(&options, sizeof(options));
	options.Version = DOKAN_VERSION;
	options.ThreadCount = 1;
	options.MountPoint = mountPoint;
	return DokanMain(&options, &operations);
}

/* Z: is one of Wine's own drives: the mounter must refuse it and DokanMain must leave
 * no mount behind. */
static void check_mount_error(void)
{
	WCHAR before[512] = L"", after[512] = L"";
	ULONG baseline = e2e_query_stats().LiveMounts;
	int result;

	QueryDosDeviceW(L"Z:", before, 512);
	result = run_dokan_main(L"Z");
	QueryDosDeviceW(L"Z:", after, 512);
	expect(result == DOKAN_MOUNT_ERROR, "DokanMain on a letter in use gives DOKAN_MOUNT_ERROR", result);
	expect(e2e_mounts_settled(baseline), "no mount is left behind after DOKAN_MOUNT_ERROR", e2e_query_stats().LiveMounts);
	expect(before[0] && !wcscmp(before, after), "Z: still names what it named before", 0);
}

static BOOL start_raw_mount(HANDLE control, DK_MOUNT_INFO *info)
{
	DK_START start = { sizeof(DK_START), DK_DRIVER_VERSION, 0, 0 };
	DWORD got = 0;
	return DeviceIoControl(control, IOCTL_DOKAN_START, &start, sizeof(start), info, sizeof(*info), &got, NULL) &&
		info->Status == DK_START_MOUNTED;
}

static void release_raw_mount(const DK_MOUNT_INFO *info)
{
	WCHAR path[DK_DEVICE_NAME_CHARS + 8] = L"\\\\.";
	HANDLE channel;
	DWORD got;
	wcscat(path, info->DeviceName);
	channel = e2e_open_device(path);
	if (channel == INVALID_HANDLE_VALUE)
		return;
	DeviceIoControl(channel, IOCTL_DOKAN_RELEASE, NULL, 0, NULL, 0, &got, NULL);
	CloseHandle(channel);
}

/* Fill the driver up to its live-mount limit, then DokanMain must get DOKAN_START_ERROR. */
static void check_start_error(void)
{
	static DK_MOUNT_INFO mounts[MAX_FILL];
	HANDLE control = e2e_open_device(DOKAN_GLOBAL_DEVICE_NAME);
	ULONG baseline = e2e_query_stats().LiveMounts;
	int count = 0, result, i;

	expect(control != INVALID_HANDLE_VALUE, "open the control device", (long long)GetLastError());
	if (control == INVALID_HANDLE_VALUE)
		return;
	while (count < MAX_FILL && start_raw_mount(control, &mounts[count]))
		count++;
	expect(count > 0 && count < MAX_FILL, "the driver refuses starts beyond its limit", count);
	result = run_dokan_main(L"Y");
	expect(result == DOKAN_START_ERROR, "DokanMain gives DOKAN_START_ERROR when the driver refuses", result);
	for (i = 0; i < count; i++)
		release_raw_mount(&mounts[i]);
	CloseHandle(control);
	expect(e2e_mounts_settled(baseline), "every mount is gone after DOKAN_START_ERROR", e2e_query_stats().LiveMounts);
	{
		WCHAR target[256];
		expect(!QueryDosDeviceW(L"Y:", target, 256), "Y: was never defined", 0);
	}
}

int wmain(int argc, WCHAR **argv)
{
	if (argc > 1 && !wcscmp(argv[1], L"--no-driver")) {
		int result = run_dokan_main(L"X");
		expect(result == DOKAN_DRIVER_INSTALL_ERROR, "DokanMain without the driver gives DOKAN_DRIVER_INSTALL_ERROR", result);
	} else {
		check_mount_error();
		check_start_error();
	}
	ck_summary("test_results");
	return ck_failed() ? 1 : 0;
}
