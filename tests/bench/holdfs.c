// SPDX-License-Identifier: LGPL-3.0-or-later
/* holdfs.c - a bench-only file system that can keep requests pending in dokan.sys, for the
 * pending-growth table of scripts/bench.sh (bench_cost.exe pending).
 *
 *   holdfs <letter>
 *
 * Every name is an empty file that answers at once (through dokan.dll, one worker
 * thread). Opening \hold-<N> makes a holder thread post N overlapped IOCTL_DOKAN_TRANSACT
 * on its own channel to the volume, beside dokan.dll's worker, and never answer the events
 * they receive: the next N requests the client sends are delivered there and stay pending
 * in the driver (their deadline pushed to the 300 s maximum) until the client cancels them.
 * With dokan.dll alone a request pending in user mode holds a worker thread (at most 14), so
 * this is how 100 or 1,000 requests are made to wait in the driver's reply lookup at once. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#include "dokan.h"
#include "dokanc.h"
#include "dokan_protocol.h"

#define HOLD_EVENT_BYTES 4096u
#define HOLD_MAX 100000u
#define HOLD_TIMEOUT_MS 300000u

typedef struct HOLD_SLOT {
	OVERLAPPED overlapped;
	BYTE event[HOLD_EVENT_BYTES];
} HOLD_SLOT;

static const WCHAR *g_mount_point;
static HANDLE g_hold_wanted, g_hold_posted;
static volatile LONG g_hold_count;

static HANDLE open_channel(const WCHAR *device_name, DWORD flags)
{
	WCHAR path[80];

	swprintf(path, 80, L"\\\\.%ls", device_name);
	return CreateFileW(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
		OPEN_EXISTING, flags, NULL);
}

static BOOL find_device(WCHAR *device_name)
{
	DOKAN_CONTROL control;

	ZeroMemory(&control, sizeof(control));
	control.Type = DOKAN_CONTROL_FIND;
	wcsncpy(control.MountPoint, g_mount_point, sizeof(control.MountPoint) / sizeof(WCHAR) - 1);
	if (!DokanMountControl(&control))
		return FALSE;
	wcscpy(device_name, control.DeviceName);
	return TRUE;
}

/* The held request's deadline goes to the maximum, so it waits for the client. */
static void extend(HANDLE channel, const DK_EVENT *event)
{
	DK_RESET_TIMEOUT reset;
	DWORD got;

	ZeroMemory(&reset, sizeof(reset));
	reset.Size = sizeof(reset);
	reset.Serial = event->Serial;
	reset.TimeoutMs = HOLD_TIMEOUT_MS;
	DeviceIoControl(channel, IOCTL_DOKAN_RESET_TIMEOUT, &reset, sizeof(reset), NULL, 0, &got, NULL);
}

/* Posts count TRANSACTs, tells the opener, then takes their events as they come. */
static void hold(HANDLE overlapped_channel, HANDLE channel, LONG count)
{
	HOLD_SLOT *slots = calloc((size_t)count, sizeof(HOLD_SLOT));
	LONG i, posted = 0;
	DWORD got;

	for (i = 0; slots && i < count; i++) {
		slots[i].overlapped.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
		if (DeviceIoControl(overlapped_channel, IOCTL_DOKAN_TRANSACT, NULL, 0, slots[i].event,
			    HOLD_EVENT_BYTES, NULL, &slots[i].overlapped) || GetLastError() == ERROR_IO_PENDING)
			posted++;
		else
			break;
	}
	SetEvent(g_hold_posted);
	for (i = 0; i < posted; i++) {
		if (GetOverlappedResult(overlapped_channel, &slots[i].overlapped, &got, TRUE) &&
		    got >= sizeof(DK_EVENT))
			extend(channel, (const DK_EVENT *)slots[i].event);
	}
	for (i = 0; slots && i < count; i++)
		CloseHandle(slots[i].overlapped.hEvent);
	free(slots);
}

static DWORD WINAPI holder_thread(LPVOID unused)
{
	WCHAR device_name[80];
	HANDLE overlapped_channel = INVALID_HANDLE_VALUE, channel = INVALID_HANDLE_VALUE;

	(void)unused;
	for (;;) {
		WaitForSingleObject(g_hold_wanted, INFINITE);
		if (overlapped_channel == INVALID_HANDLE_VALUE && find_device(device_name)) {
			overlapped_channel = open_channel(device_name, FILE_FLAG_OVERLAPPED);
			channel = open_channel(device_name, 0);
		}
		if (overlapped_channel == INVALID_HANDLE_VALUE || channel == INVALID_HANDLE_VALUE) {
			fprintf(stderr, "holdfs: cannot open the volume's channel (error %lu)\n", GetLastError());
			SetEvent(g_hold_posted);
			continue;
		}
		hold(overlapped_channel, channel, g_hold_count);
	}
	return 0;
}

/* \hold-<N>: hold the next N requests; returns FALSE if the name is not such a request. */
static BOOL is_hold_request(LPCWSTR path)
{
	WCHAR *end;
	unsigned long count;

	if (wcsncmp(path, L"\\hold-", 6) != 0)
		return FALSE;
	count = wcstoul(path + 6, &end, 10);
	if (*end || count == 0 || count > HOLD_MAX)
		return FALSE;
	g_hold_count = (LONG)count;
	ResetEvent(g_hold_posted);
	SetEvent(g_hold_wanted);
	WaitForSingleObject(g_hold_posted, 60000);
	return TRUE;
}

static int DOKAN_CALLBACK hold_create(LPCWSTR path, DWORD access, DWORD share, DWORD disposition,
	DWORD flags, PDOKAN_FILE_INFO info)
{
	(void)access, (void)share, (void)disposition, (void)flags;
	if (!wcscmp(path, L"\\"))
		info->IsDirectory = 1;
	else
		is_hold_request(path);
	return 0;
}

static int DOKAN_CALLBACK hold_open_directory(LPCWSTR path, PDOKAN_FILE_INFO info)
{
	(void)info;
	return wcscmp(path, L"\\") ? -ERROR_DIRECTORY : 0;
}

static int DOKAN_CALLBACK hold_file_information(LPCWSTR path, LPBY_HANDLE_FILE_INFORMATION data,
	PDOKAN_FILE_INFO info)
{
	(void)info;
	data->dwFileAttributes = wcscmp(path, L"\\") ? FILE_ATTRIBUTE_NORMAL : FILE_ATTRIBUTE_DIRECTORY;
	data->nNumberOfLinks = 1;
	return 0;
}

static int DOKAN_CALLBACK hold_find_files(LPCWSTR path, PFillFindData fill, PDOKAN_FILE_INFO info)
{
	(void)path, (void)fill, (void)info;
	return 0;
}

int wmain(int argc, WCHAR **argv)
{
	static DOKAN_OPERATIONS operations;
	static DOKAN_OPTIONS options;
	int result;

	if (argc != 2) {
		fprintf(stderr, "usage: holdfs <letter>\n");
		return 2;
	}
	g_mount_point = argv[1];
	g_hold_wanted = CreateEventW(NULL, FALSE, FALSE, NULL);
	g_hold_posted = CreateEventW(NULL, TRUE, FALSE, NULL);
	if (!g_hold_wanted || !g_hold_posted || !CreateThread(NULL, 0, holder_thread, NULL, 0, NULL))
		return 1;
	options.Version = DOKAN_VERSION;
	options.ThreadCount = 1;
	options.MountPoint = argv[1];
	operations.CreateFile = hold_create;
	operations.OpenDirectory = hold_open_directory;
	operations.GetFileInformation = hold_file_information;
	operations.FindFiles = hold_find_files;
	result = DokanMain(&options, &operations);
	return result == DOKAN_SUCCESS ? 0 : 1;
}
