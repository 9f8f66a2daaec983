// SPDX-License-Identifier: LGPL-3.0-or-later
// driverctl.c - talking to dokan.sys: the control device, mount channels, and the
// exports that are thin wrappers around one IOCTL.
#include "dk_dll.h"

HANDLE dk_open_control_device(void)
{
	return CreateFileW(DOKAN_GLOBAL_DEVICE_NAME, GENERIC_READ | GENERIC_WRITE,
		FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
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
	return CreateFileW(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
		NULL, OPEN_EXISTING, 0, NULL);
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

BOOL DOKANAPI DokanResetTimeout(ULONG timeout, PDOKAN_FILE_INFO info)
{
	/* not yet supported by the driver protocol of this milestone */
	SetLastError(ERROR_CALL_NOT_IMPLEMENTED);
	return FALSE;
}

HANDLE DOKANAPI DokanOpenRequestorToken(PDOKAN_FILE_INFO info)
{
	/* not yet supported by the driver protocol of this milestone */
	SetLastError(ERROR_CALL_NOT_IMPLEMENTED);
	return INVALID_HANDLE_VALUE;
}
