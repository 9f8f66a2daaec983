// SPDX-License-Identifier: LGPL-3.0-or-later
// test_dokanmain.c - DokanMain's option checks, which come before any driver access
// (docs/behaviour.md, "The mount sequence", steps 1-4): the return codes and the
// ThreadCount it writes back.
#include <windows.h>
#include <stdio.h>
#include "dokan.h"
#include "check.h"

static void expect_result(const WCHAR *mountPoint, USHORT version, USHORT threads, int expected,
	USHORT expectedThreads)
{
	DOKAN_OPTIONS options;
	DOKAN_OPERATIONS operations;
	int result;

	ZeroMemory(&options, sizeof(options));
	ZeroMemory(&operations, sizeof(operations));
	options.Version = version;
	options.ThreadCount = threads;
	options.MountPoint = mountPoint;
	result = DokanMain(&options, &operations);
	CHECK(result == expected && options.ThreadCount == expectedThreads,
		"DokanMain(MountPoint=%ls, Version=%u, ThreadCount=%u): %d, ThreadCount %u; expected %d, %u",
		mountPoint ? mountPoint : L"(null)", version, threads, result, options.ThreadCount, expected,
		expectedThreads);
}

int main(void)
{
	WCHAR missing[MAX_PATH];

	GetTempPathW(MAX_PATH, missing);
	lstrcatW(missing, L"dokan-no-such-folder-7f3a");

	expect_result(NULL, 600, 0, DOKAN_DRIVE_LETTER_ERROR, 5);       /* 0.6 client without MountPoint */
	expect_result(L"C", 600, 20, DOKAN_DRIVE_LETTER_ERROR, 14);     /* C is below D; threads clamp to 14 */
	expect_result(L"1:", 600, 3, DOKAN_DRIVE_LETTER_ERROR, 3);
	expect_result(L"b:\\", 600, 0, DOKAN_DRIVE_LETTER_ERROR, 5);
	expect_result(L"", 600, 0, DOKAN_MOUNT_POINT_ERROR, 5);
	expect_result(L"M:x", 600, 0, DOKAN_MOUNT_POINT_ERROR, 5);
	expect_result(missing, 600, 0, DOKAN_MOUNT_POINT_ERROR, 5);     /* folder must exist */
	expect_result(L"M", 599, 0, DOKAN_DRIVE_LETTER_ERROR, 5);       /* legacy: 599 is no letter */
	expect_result(NULL, L'a', 0, DOKAN_DRIVE_LETTER_ERROR, 5);      /* legacy letters are D-Z */
	CHECK(DokanMain(NULL, NULL) == DOKAN_ERROR, "DokanMain(NULL, NULL) is not DOKAN_ERROR");
	return ck_summary("test_dokanmain");
}
