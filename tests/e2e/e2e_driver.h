// SPDX-License-Identifier: LGPL-3.0-or-later
// e2e_driver.h - what the end-to-end test programs ask dokan.sys directly: its counters
// of live mounts, FCBs, CCBs, pending requests and pool allocations.
#ifndef E2E_DRIVER_H_
#define E2E_DRIVER_H_

#include <windows.h>
#include "dokanc.h"
#include "dokan_protocol.h"

static inline HANDLE e2e_open_device(const WCHAR *path)
{
	return CreateFileW(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
		OPEN_EXISTING, 0, NULL);
}

/* All zero when the driver cannot be asked. */
static inline DK_STATS e2e_query_stats(void)
{
	DK_STATS stats = { 0 };
	HANDLE control = e2e_open_device(DOKAN_GLOBAL_DEVICE_NAME);
	DWORD got;
	if (control != INVALID_HANDLE_VALUE) {
		DeviceIoControl(control, IOCTL_DOKAN_QUERY_STATS, NULL, 0, &stats, sizeof(stats), &got, NULL);
		CloseHandle(control);
	}
	return stats;
}

/* Live mounts back at `baseline` and no open file left on any mount, within 5 s. */
static inline BOOL e2e_mounts_settled(ULONG baseline)
{
	int i;
	for (i = 0; i < 50; i++) {
		DK_STATS stats = e2e_query_stats();
		if (stats.LiveMounts == baseline && stats.Ccbs == 0)
			return TRUE;
		Sleep(100);
	}
	return FALSE;
}

/* Whether drive `letter` names something in this process's view of the DOS devices. */
static inline BOOL e2e_letter_defined(WCHAR letter)
{
	WCHAR name[3] = { letter, L':', 0 }, target[256];
	return QueryDosDeviceW(name, target, 256) != 0;
}

/* Waits up to 10 s until drive `letter` is defined (or gone). */
static inline BOOL e2e_wait_letter(WCHAR letter, BOOL defined)
{
	int i;
	for (i = 0; i < 200; i++) {
		if (e2e_letter_defined(letter) == defined)
			return TRUE;
		Sleep(50);
	}
	return FALSE;
}

#endif /* E2E_DRIVER_H_ */
