/* SPDX-License-Identifier: LGPL-3.0-or-later
 * driverctl.c - talking to dokan.sys: the control device, mount channels, and the
 * exports that are thin wrappers around one IOCTL. */
#include "dk_dll.h"

HANDLE dk_open_control_device(void)
{
	return CreateFileW(DKF_GLOBAL_DEVICE, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
		OPEN_EXISTING, 0, NULL);
}

/* deviceName is the driver's \Volume{GUID}; user mode reaches it as \\.\Volume{GUID}. */
HANDLE dk_open_mount_device(const WCHAR *deviceName)
{
	WCHAR path[DK_DEVICE_NAME_CHARS + 8];
	if (!deviceName || deviceName[0] != L'\\' || wcslen(deviceName) >= DK_DEVICE_NAME_CHARS) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return INVALID_HANDLE_VALUE;
	}
	wcscpy(path, L"\\\\.");
	wcscat(path, deviceName);
	return CreateFileW(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
		0, NULL);
}

BOOL dk_ioctl(HANDLE device, DWORD code, const void *in, DWORD inLength, void *out, DWORD outLength, DWORD *returned)
{
	DWORD ignored;
	return DeviceIoControl(device, code, (void *)in, inLength, out, outLength, returned ? returned : &ignored, NULL);
}

BOOL dk_start_mount(HANDLE control, ULONG flags, DK_MOUNT_INFO *info)
{
	DK_START start = { sizeof(DK_START), DK_DRIVER_VERSION, flags, 0 };
	DWORD got = 0;
	ZeroMemory(info, sizeof(*info));
	if (!dk_ioctl(control, IOCTL_DOKAN_START, &start, sizeof(start), info, sizeof(*info), &got))
		return FALSE;
	return got == sizeof(*info) && info->Status == DK_START_MOUNTED && info->MountId != 0;
}

/* Tears the mount down; only works from the process that started it. */
BOOL dk_release_mount(const WCHAR *deviceName)
{
	HANDLE device = dk_open_mount_device(deviceName);
	BOOL ok;
	if (device == INVALID_HANDLE_VALUE)
		return FALSE;
	ok = dk_ioctl(device, IOCTL_DOKAN_RELEASE, NULL, 0, NULL, 0, NULL);
	CloseHandle(device);
	return ok;
}

ULONG DOKANAPI DokanDriverVersion(void)
{
	HANDLE control = dk_open_control_device();
	ULONG version = 0;
	DWORD got = 0;
	if (control == INVALID_HANDLE_VALUE)
		return 0;
	if (!dk_ioctl(control, IOCTL_DOKAN_TEST, NULL, 0, &version, sizeof(version), &got) || got != sizeof(version))
		version = 0;
	CloseHandle(control);
	return version;
}

BOOL DOKANAPI DokanSetDebugMode(ULONG mode)
{
	HANDLE control = dk_open_control_device();
	BOOL ok;
	if (control == INVALID_HANDLE_VALUE)
		return FALSE;
	ok = dk_ioctl(control, IOCTL_DOKAN_SET_DEBUG_MODE, &mode, sizeof(mode), NULL, 0, NULL);
	CloseHandle(control);
	return ok;
}

/* Gives the request being served on this open (see DK_OPEN) a new driver-side deadline of
 * now + timeout ms (the driver caps it at 300 s). Callable from any thread while the
 * callback runs. FALSE without an open record or a running callback, or when the request
 * is no longer pending in the driver (0.6.0 returned TRUE then). */
BOOL DOKANAPI DokanResetTimeout(ULONG timeout, PDOKAN_FILE_INFO info)
{
	DK_OPEN *open = info ? (DK_OPEN *)(ULONG_PTR)info->DokanContext : NULL;
	DK_RESET_TIMEOUT reset = { sizeof(DK_RESET_TIMEOUT), 0, timeout, 0 };
	DK_CURRENT_REQUEST current;
	HANDLE device;
	BOOL ok;

	if (!open || !dk_open_current(open, &current)) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return FALSE;
	}
	reset.Serial = current.Serial;
	/* a channel of our own: thread-safe, and the driver accepts it as the owner's */
	device = dk_open_mount_device(open->Instance->DeviceName);
	if (device == INVALID_HANDLE_VALUE)
		return FALSE;
	ok = dk_ioctl(device, IOCTL_DOKAN_RESET_TIMEOUT, &reset, sizeof(reset), NULL, 0, NULL);
	CloseHandle(device);
	return ok;
}

/* What the returned token allows: enough to identify the requestor (query, source), to
 * impersonate it and to duplicate it (e.g. for AccessCheck). 0.6.0 asked for
 * TOKEN_ALL_ACCESS, which also allows changing the requestor's token. */
#define DK_REQUESTOR_TOKEN_ACCESS (TOKEN_QUERY | TOKEN_QUERY_SOURCE | TOKEN_DUPLICATE | TOKEN_IMPERSONATE)

/* The token a request was made with: the requesting thread's impersonation token if it
 * has one, else its process's primary token; NULL on any failure. */
HANDLE dk_open_requestor_token(DWORD processId, DWORD threadId)
{
	HANDLE token = NULL, thread, process;

	if (!processId)
		return NULL;
	thread = threadId ? OpenThread(THREAD_QUERY_INFORMATION, FALSE, threadId) : NULL;
	if (thread) {
		/* a thread id may have been reused: only a thread of the requesting process counts */
		if (GetProcessIdOfThread(thread) != processId ||
			!OpenThreadToken(thread, DK_REQUESTOR_TOKEN_ACCESS, TRUE, &token))
			token = NULL;
		CloseHandle(thread);
		if (token) {
			dk_debug("requestor token: impersonation token of thread %lu\n", threadId);
			return token;
		}
	}
	process = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, processId);
	if (process && !OpenProcessToken(process, DK_REQUESTOR_TOKEN_ACCESS, &token))
		token = NULL;
	if (process)
		CloseHandle(process);
	dk_debug("requestor token: thread %lu %ls, process %lu: %ls\n", threadId,
		thread ? L"has no token" : L"not opened", processId, token ? L"process token" : L"failed");
	return token;
}

/* The token of the thread that made the create being served. Only during CreateFile,
 * OpenDirectory or CreateDirectory; INVALID_HANDLE_VALUE otherwise or on any failure. */
HANDLE DOKANAPI DokanOpenRequestorToken(PDOKAN_FILE_INFO info)
{
	DK_OPEN *open = info ? (DK_OPEN *)(ULONG_PTR)info->DokanContext : NULL;
	DK_CURRENT_REQUEST current;
	HANDLE token;

	if (!open || !dk_open_current(open, &current) || current.Major != IRP_MJ_CREATE || !current.ProcessId) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return INVALID_HANDLE_VALUE;
	}
	token = dk_open_requestor_token(current.ProcessId, current.ThreadId);
	return token ? token : INVALID_HANDLE_VALUE;
}
