// SPDX-License-Identifier: LGPL-3.0-or-later
// test_mounter.c - the DokanMounter pipe protocol from a client's side: it refuses to
// remove a drive letter it did not create, refuses malformed mounts, and answers
// CHECK / FIND / LIST as 0.6.0 did.
#include <windows.h>
#include <stdio.h>
#include <wchar.h>
#include "dokan.h"
#include "dokanc.h"
#include "check.h"

/* the error is read after the condition, as the call that failed left it */
#define expect(ok, what) \
	do { \
		int ok_ = (ok); \
		CHECK(ok_, "%s (error %lu)", what, GetLastError()); \
	} while (0)


static BOOL control(ULONG type, const WCHAR *mountPoint, const WCHAR *deviceName, ULONG option, DOKAN_CONTROL *out)
{
	ZeroMemory(out, sizeof(*out));
	out->Type = type;
	out->Option = option;
	if (mountPoint)
		wcscpy(out->MountPoint, mountPoint);
	if (deviceName)
		wcscpy(out->DeviceName, deviceName);
	return DokanMountControl(out);
}

static BOOL defined(const WCHAR *drive)
{
	WCHAR target[256];
	return QueryDosDeviceW(drive, target, 256) != 0;
}

static void check_foreign_letter(void)
{
	DOKAN_CONTROL reply;
	expect(DefineDosDeviceW(DDD_RAW_TARGET_PATH, L"L:", L"\\Device\\NotDokan"), "define L: ourselves");
	expect(!DokanRemoveMountPoint(L"L"), "DokanRemoveMountPoint refuses a letter the mounter did not create");
	expect(!control(DOKAN_CONTROL_UNMOUNT, L"L:", NULL, 0, &reply), "UNMOUNT refuses it too");
	expect(defined(L"L:"), "L: is still defined");
	DefineDosDeviceW(DDD_RAW_TARGET_PATH | DDD_REMOVE_DEFINITION | DDD_EXACT_MATCH_ON_REMOVE, L"L:", L"\\Device\\NotDokan");
	expect(!defined(L"L:"), "L: removed by its owner");
}

static void check_requests(void)
{
	DOKAN_CONTROL reply;
	expect(!control(DOKAN_CONTROL_MOUNT, L"J", L"\\Harddisk0", 0, &reply), "MOUNT refuses a device that is no Dokan volume");
	expect(!defined(L"J:"), "J: was not defined");
	expect(!control(DOKAN_CONTROL_MOUNT, L"Z", L"\\Volume{D6CC17C5-7777-4085-BCE7-964F1E9F5DE9}", 0, &reply),
		"MOUNT refuses a letter in use");
	expect(!control(DOKAN_CONTROL_CHECK, NULL, NULL, 0, &reply) && reply.Status == DOKAN_CONTROL_FAIL,
		"CHECK answers with status 0, as 0.6.0");
	expect(!control(DOKAN_CONTROL_FIND, L"J", NULL, 0, &reply), "FIND of an unknown mount fails");
	expect(!control(DOKAN_CONTROL_LIST, NULL, NULL, 999, &reply), "LIST past the end fails");
	expect(!control(77, NULL, NULL, 0, &reply), "an unknown request fails");
}

int wmain(void)
{
	check_foreign_letter();
	check_requests();
	return ck_summary("test_mounter");
}
