// SPDX-License-Identifier: LGPL-3.0-or-later
// test_abi.c - the public structures have 0.6.0's layout (docs/abi.md) and the
// private protocol the same layout on x86 and x64. The offsets are checked at compile
// time for the architecture being built and again at run time, with a report.
#include <windows.h>
#include <stddef.h>
#include <stdio.h>
#include "dokan.h"
#include "dokanc.h"
#include "dokan_protocol.h"
#include "check.h"

BOOL g_DebugMode = FALSE, g_UseStdErr = FALSE;

#ifdef _WIN64
#define ARCH(x86, x64) (x64)
#else
#define ARCH(x86, x64) (x86)
#endif

#define CHECK_OFFSET(type, field, x86, x64) \
	_Static_assert(offsetof(type, field) == ARCH(x86, x64), #type "." #field); \
	static const struct layout_case case_##type##_##field = { #type "." #field, offsetof(type, field), ARCH(x86, x64) };
#define CHECK_SIZE(type, x86, x64) \
	_Static_assert(sizeof(type) == ARCH(x86, x64), "sizeof " #type); \
	static const struct layout_case size_##type = { "sizeof " #type, sizeof(type), ARCH(x86, x64) };

struct layout_case { const char *what; size_t actual, expected; };

CHECK_SIZE(DOKAN_OPTIONS, 24, 24)
CHECK_OFFSET(DOKAN_OPTIONS, Version, 0, 0)
CHECK_OFFSET(DOKAN_OPTIONS, ThreadCount, 2, 2)
CHECK_OFFSET(DOKAN_OPTIONS, Options, 4, 4)
CHECK_OFFSET(DOKAN_OPTIONS, GlobalContext, 8, 8)
CHECK_OFFSET(DOKAN_OPTIONS, MountPoint, 16, 16)
CHECK_SIZE(DOKAN_FILE_INFO, 32, 40)
CHECK_OFFSET(DOKAN_FILE_INFO, Context, 0, 0)
CHECK_OFFSET(DOKAN_FILE_INFO, DokanContext, 8, 8)
CHECK_OFFSET(DOKAN_FILE_INFO, DokanOptions, 16, 16)
CHECK_OFFSET(DOKAN_FILE_INFO, ProcessId, 20, 24)
CHECK_OFFSET(DOKAN_FILE_INFO, IsDirectory, 24, 28)
CHECK_OFFSET(DOKAN_FILE_INFO, DeleteOnClose, 25, 29)
CHECK_OFFSET(DOKAN_FILE_INFO, PagingIo, 26, 30)
CHECK_OFFSET(DOKAN_FILE_INFO, SynchronousIo, 27, 31)
CHECK_OFFSET(DOKAN_FILE_INFO, Nocache, 28, 32)
CHECK_OFFSET(DOKAN_FILE_INFO, WriteToEndOfFile, 29, 33)
CHECK_SIZE(DOKAN_OPERATIONS, 100, 200)
CHECK_OFFSET(DOKAN_OPERATIONS, CreateFile, 0, 0)
CHECK_OFFSET(DOKAN_OPERATIONS, ReadFile, 20, 40)
CHECK_OFFSET(DOKAN_OPERATIONS, FindFilesWithPattern, 40, 80)
CHECK_OFFSET(DOKAN_OPERATIONS, MoveFile, 60, 120)
CHECK_OFFSET(DOKAN_OPERATIONS, GetDiskFreeSpace, 80, 160)
CHECK_OFFSET(DOKAN_OPERATIONS, Unmount, 88, 176)
CHECK_OFFSET(DOKAN_OPERATIONS, GetFileSecurity, 92, 184)
CHECK_OFFSET(DOKAN_OPERATIONS, SetFileSecurity, 96, 192)
CHECK_SIZE(DOKAN_CONTROL, 660, 660)
CHECK_OFFSET(DOKAN_CONTROL, MountPoint, 4, 4)
CHECK_OFFSET(DOKAN_CONTROL, DeviceName, 524, 524)
CHECK_OFFSET(DOKAN_CONTROL, Option, 652, 652)
CHECK_OFFSET(DOKAN_CONTROL, Status, 656, 656)
/* the private protocol: one layout for both (docs/differences.md D16) */
CHECK_SIZE(DK_EVENT, 80, 80)
CHECK_OFFSET(DK_EVENT, Context, 40, 40)
CHECK_OFFSET(DK_EVENT, Params, 48, 48)
CHECK_SIZE(DK_REPLY, 48, 48)
CHECK_OFFSET(DK_REPLY, Information, 16, 16)
CHECK_OFFSET(DK_REPLY, Context, 24, 24)
CHECK_OFFSET(DK_REPLY, Value, 32, 32)
CHECK_OFFSET(DK_REPLY, DataLength, 40, 40)
CHECK_SIZE(DK_START, 16, 16)
CHECK_SIZE(DK_MOUNT_INFO, 144, 144)
CHECK_OFFSET(DK_MOUNT_INFO, DeviceName, 16, 16)

static const struct layout_case *const cases[] = {
	&size_DOKAN_OPTIONS, &case_DOKAN_OPTIONS_Version, &case_DOKAN_OPTIONS_ThreadCount,
	&case_DOKAN_OPTIONS_Options, &case_DOKAN_OPTIONS_GlobalContext, &case_DOKAN_OPTIONS_MountPoint,
	&size_DOKAN_FILE_INFO, &case_DOKAN_FILE_INFO_Context, &case_DOKAN_FILE_INFO_DokanContext,
	&case_DOKAN_FILE_INFO_DokanOptions, &case_DOKAN_FILE_INFO_ProcessId, &case_DOKAN_FILE_INFO_IsDirectory,
	&case_DOKAN_FILE_INFO_DeleteOnClose, &case_DOKAN_FILE_INFO_PagingIo, &case_DOKAN_FILE_INFO_SynchronousIo,
	&case_DOKAN_FILE_INFO_Nocache, &case_DOKAN_FILE_INFO_WriteToEndOfFile,
	&size_DOKAN_OPERATIONS, &case_DOKAN_OPERATIONS_CreateFile, &case_DOKAN_OPERATIONS_ReadFile,
	&case_DOKAN_OPERATIONS_FindFilesWithPattern, &case_DOKAN_OPERATIONS_MoveFile,
	&case_DOKAN_OPERATIONS_GetDiskFreeSpace, &case_DOKAN_OPERATIONS_Unmount,
	&case_DOKAN_OPERATIONS_GetFileSecurity, &case_DOKAN_OPERATIONS_SetFileSecurity,
	&size_DOKAN_CONTROL, &case_DOKAN_CONTROL_MountPoint, &case_DOKAN_CONTROL_DeviceName,
	&case_DOKAN_CONTROL_Option, &case_DOKAN_CONTROL_Status,
	&size_DK_EVENT, &case_DK_EVENT_Context, &case_DK_EVENT_Params, &size_DK_REPLY,
	&case_DK_REPLY_Information, &case_DK_REPLY_Context, &case_DK_REPLY_Value, &case_DK_REPLY_DataLength,
	&size_DK_START, &size_DK_MOUNT_INFO, &case_DK_MOUNT_INFO_DeviceName,
};

struct value_case { const char *what; long long actual, expected; };

int main(void)
{
	const struct value_case values[] = {
		{ "DOKAN_VERSION", DOKAN_VERSION, 600 },
		{ "DokanVersion()", (long long)DokanVersion(), 600 },
		{ "DOKAN_OPTION_KEEP_ALIVE", DOKAN_OPTION_KEEP_ALIVE, 8 },
		{ "DOKAN_OPTION_REMOVABLE", DOKAN_OPTION_REMOVABLE, 32 },
		{ "DOKAN_MOUNT_POINT_ERROR", DOKAN_MOUNT_POINT_ERROR, -6 },
		{ "DOKAN_CONTROL_LIST", DOKAN_CONTROL_LIST, 5 },
		{ "DOKAN_KEEPALIVE_TIME", DOKAN_KEEPALIVE_TIME, 3000 },
		{ "DOKAN_MAX_THREAD", DOKAN_MAX_THREAD, 15 },
		{ "IOCTL_DOKAN_TEST", IOCTL_DOKAN_TEST, 0x00222000 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK(cases[i]->actual == cases[i]->expected, "%s: %u, expected %u", cases[i]->what,
			(unsigned)cases[i]->actual, (unsigned)cases[i]->expected);
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		CHECK(values[i].actual == values[i].expected, "%s: %lld, expected %lld", values[i].what,
			values[i].actual, values[i].expected);
	return ck_summary(sizeof(void *) == 8 ? "abi (x64)" : "abi (x86)");
}
