/* SPDX-License-Identifier: LGPL-3.0-or-later
 * mountctl.c - client side of the DokanMounter pipe, and unmount requests to the driver. */
#include <windows.h>
#include <wchar.h>

#include "dokanc.h"
#include "dokan_protocol.h"
#include "mountctl.h"

/* The mounter serves one client at a time (and gives each at most a few seconds), so a
 * busy pipe is retried; several waiting clients race for it, hence a deadline rather than
 * a number of attempts. */
#define PIPE_BUSY_DEADLINE_MS 30000
#define PIPE_BUSY_WAIT_MS     2000

/* Write access is limited to what a message transaction needs, so the mounter's pipe can
 * refuse everything else (e.g. creating rogue pipe instances) to ordinary users. */
#define PIPE_CLIENT_ACCESS (GENERIC_READ | FILE_WRITE_DATA | FILE_WRITE_ATTRIBUTES)

static HANDLE dk_open_mounter_pipe(void)
{
	DWORD start = GetTickCount();

	while (GetTickCount() - start < PIPE_BUSY_DEADLINE_MS) {
		/* Identification level: the mounter may check who we are, not act as us. */
		HANDLE pipe = CreateFileW(DKF_CONTROL_PIPE, PIPE_CLIENT_ACCESS, 0, NULL, OPEN_EXISTING,
			SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION, NULL);
		if (pipe != INVALID_HANDLE_VALUE)
			return pipe;
		if (GetLastError() != ERROR_PIPE_BUSY)
			return INVALID_HANDLE_VALUE;
		if (!WaitNamedPipeW(DKF_CONTROL_PIPE, PIPE_BUSY_WAIT_MS) && GetLastError() != ERROR_SEM_TIMEOUT)
			return INVALID_HANDLE_VALUE;
	}
	SetLastError(ERROR_PIPE_BUSY);
	return INVALID_HANDLE_VALUE;
}

static BOOL dk_mounter_transact(HANDLE pipe, PDOKAN_CONTROL control)
{
	DWORD mode = PIPE_READMODE_MESSAGE;
	DWORD got = 0;
	DOKAN_CONTROL reply;

	if (!SetNamedPipeHandleState(pipe, &mode, NULL, NULL))
		return FALSE;
	if (!TransactNamedPipe(pipe, control, sizeof(*control), &reply, sizeof(reply), &got, NULL))
		return FALSE;
	if (got != sizeof(reply)) {
		SetLastError(ERROR_INVALID_DATA);
		return FALSE;
	}
	*control = reply;
	return TRUE;
}

/* A refusal by the mounter has no Win32 error of its own; pick one that reads sensibly. */
static DWORD dk_refusal_error(ULONG type)
{
	switch (type) {
	case DOKAN_CONTROL_UNMOUNT:
	case DOKAN_CONTROL_FIND:
	case DOKAN_CONTROL_LIST:
		return ERROR_NOT_FOUND;
	default:
		return ERROR_GEN_FAILURE;
	}
}

/* Unlike 0.6.0, a failed transaction is always FALSE (0.6.0 then trusted the caller's
 * own Status field). On FALSE, GetLastError() tells a transport failure from a refusal. */
BOOL DOKANAPI DokanMountControl(PDOKAN_CONTROL Control)
{
	HANDLE pipe;
	BOOL sent;
	DWORD error;

	if (Control == NULL) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return FALSE;
	}
	pipe = dk_open_mounter_pipe();
	if (pipe == INVALID_HANDLE_VALUE)
		return FALSE;
	sent = dk_mounter_transact(pipe, Control);
	error = GetLastError();
	CloseHandle(pipe);
	if (!sent) {
		SetLastError(error);
		return FALSE;
	}
	if (Control->Status == DOKAN_CONTROL_FAIL) {
		SetLastError(dk_refusal_error(Control->Type));
		return FALSE;
	}
	return TRUE;
}

static BOOL dk_copy_control_string(WCHAR *dest, size_t capacity, LPCWSTR src)
{
	size_t length = src ? wcslen(src) : 0;

	if (length >= capacity)
		return FALSE;
	if (length)
		memcpy(dest, src, length * sizeof(WCHAR));
	dest[length] = L'\0';
	return TRUE;
}

static BOOL dk_prepare_control(PDOKAN_CONTROL control, ULONG type, LPCWSTR mount_point, LPCWSTR device_name)
{
	ZeroMemory(control, sizeof(*control));
	control->Type = type;
	if (!dk_copy_control_string(control->MountPoint, ARRAYSIZE(control->MountPoint), mount_point) ||
		!dk_copy_control_string(control->DeviceName, ARRAYSIZE(control->DeviceName), device_name)) {
		SetLastError(ERROR_FILENAME_EXCED_RANGE);
		return FALSE;
	}
	return TRUE;
}

/* Tell the driver that the mount on device_name should go away. The driver forwards this
 * to the owning process, which releases the volume itself. Best effort: the driver may be
 * absent, or the volume already gone. */
static void dk_ask_owner_to_release(LPCWSTR device_name)
{
	DK_UNMOUNT_REQUEST request;
	DWORD returned = 0;
	HANDLE device;

	ZeroMemory(&request, sizeof(request));
	request.Size = sizeof(request);
	request.Flags = 0;
	if (!dk_copy_control_string(request.DeviceName, ARRAYSIZE(request.DeviceName), device_name))
		return;
	device = CreateFileW(DKF_GLOBAL_DEVICE, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
		OPEN_EXISTING, 0, NULL);
	if (device == INVALID_HANDLE_VALUE)
		return;
	DeviceIoControl(device, IOCTL_DOKAN_UNMOUNT, &request, sizeof(request), NULL, 0, &returned, NULL);
	CloseHandle(device);
}

BOOL DOKANAPI DokanRemoveMountPoint(LPCWSTR MountPoint)
{
	DOKAN_CONTROL control;

	if (MountPoint == NULL || MountPoint[0] == L'\0') {
		SetLastError(ERROR_INVALID_PARAMETER);
		return FALSE;
	}
	if (!dk_prepare_control(&control, DOKAN_CONTROL_UNMOUNT, MountPoint, NULL))
		return FALSE;
	if (!DokanMountControl(&control))
		return FALSE;
	control.DeviceName[ARRAYSIZE(control.DeviceName) - 1] = L'\0';
	if (control.DeviceName[0] != L'\0')
		dk_ask_owner_to_release(control.DeviceName);
	SetLastError(ERROR_SUCCESS);
	return TRUE;
}

BOOL DOKANAPI DokanUnmount(WCHAR DriveLetter)
{
	WCHAR mount_point[4] = { DriveLetter, L':', L'\\', L'\0' };

	return DokanRemoveMountPoint(mount_point);
}

BOOL dk_mounter_mount(LPCWSTR mount_point, LPCWSTR device_name)
{
	DOKAN_CONTROL control;

	if (!dk_prepare_control(&control, DOKAN_CONTROL_MOUNT, mount_point, device_name))
		return FALSE;
	return DokanMountControl(&control);
}

BOOL dk_mounter_unmount(LPCWSTR mount_point)
{
	DOKAN_CONTROL control;

	if (!dk_prepare_control(&control, DOKAN_CONTROL_UNMOUNT, mount_point, NULL))
		return FALSE;
	return DokanMountControl(&control);
}
