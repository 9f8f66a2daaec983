/* SPDX-License-Identifier: LGPL-3.0-or-later
 * headers_use.h - every public declaration of dokan.h and dokanc.h, used once. Included by
 * a C and a C++ translation unit (headers_c.c, headers_cpp.cpp), each of which defines
 * HEADERS_FN (its function's name). The values and layouts are 0.6.0's (docs/abi.md). */
#include <windows.h>
#include <stddef.h>
#include "dokan.h"
#include "dokanc.h"

#ifdef __cplusplus
#define HEADERS_ASSERT(x) static_assert(x, #x)
#else
#define HEADERS_ASSERT(x) _Static_assert(x, #x)
#endif
#define HEADERS_IS_64 (sizeof(void *) == 8)

HEADERS_ASSERT(DOKAN_VERSION == 600);
HEADERS_ASSERT(DOKAN_OPTION_DEBUG == 1 && DOKAN_OPTION_STDERR == 2 && DOKAN_OPTION_ALT_STREAM == 4);
HEADERS_ASSERT(DOKAN_OPTION_KEEP_ALIVE == 8 && DOKAN_OPTION_NETWORK == 16 && DOKAN_OPTION_REMOVABLE == 32);
HEADERS_ASSERT(DOKAN_SUCCESS == 0 && DOKAN_ERROR == -1 && DOKAN_DRIVE_LETTER_ERROR == -2);
HEADERS_ASSERT(DOKAN_DRIVER_INSTALL_ERROR == -3 && DOKAN_START_ERROR == -4);
HEADERS_ASSERT(DOKAN_MOUNT_ERROR == -5 && DOKAN_MOUNT_POINT_ERROR == -6);
HEADERS_ASSERT(DOKAN_MOUNT_POINT_SUPPORTED_VERSION == 600 && DOKAN_SECURITY_SUPPORTED_VERSION == 600);
HEADERS_ASSERT(DOKAN_CONTROL_MOUNT == 1 && DOKAN_CONTROL_UNMOUNT == 2 && DOKAN_CONTROL_CHECK == 3);
HEADERS_ASSERT(DOKAN_CONTROL_FIND == 4 && DOKAN_CONTROL_LIST == 5 && DOKAN_CONTROL_OPTION_FORCE_UNMOUNT == 1);
HEADERS_ASSERT(DOKAN_CONTROL_SUCCESS == 1 && DOKAN_CONTROL_FAIL == 0);
HEADERS_ASSERT(DOKAN_SERVICE_START == 1 && DOKAN_SERVICE_STOP == 2 && DOKAN_SERVICE_DELETE == 3);
HEADERS_ASSERT(DOKAN_KEEPALIVE_TIME == 3000 && DOKAN_MAX_THREAD == 15);
HEADERS_ASSERT(sizeof(DOKAN_OPTIONS) == 24 && offsetof(DOKAN_OPTIONS, ThreadCount) == 2);
HEADERS_ASSERT(offsetof(DOKAN_OPTIONS, GlobalContext) == 8 && offsetof(DOKAN_OPTIONS, MountPoint) == 16);
HEADERS_ASSERT(sizeof(DOKAN_FILE_INFO) == (HEADERS_IS_64 ? 40 : 32));
HEADERS_ASSERT(offsetof(DOKAN_FILE_INFO, ProcessId) == (HEADERS_IS_64 ? 24 : 20));
HEADERS_ASSERT(offsetof(DOKAN_FILE_INFO, WriteToEndOfFile) == (HEADERS_IS_64 ? 33 : 29));
HEADERS_ASSERT(sizeof(DOKAN_OPERATIONS) == 25 * sizeof(void *));
HEADERS_ASSERT(offsetof(DOKAN_OPERATIONS, GetFileSecurity) == 23 * sizeof(void *));
HEADERS_ASSERT(sizeof(DOKAN_CONTROL) == 660 && offsetof(DOKAN_CONTROL, DeviceName) == 524);
HEADERS_ASSERT(offsetof(DOKAN_CONTROL, Option) == 652 && offsetof(DOKAN_CONTROL, Status) == 656);

/* One callback of each DOKAN_OPERATIONS type, written as a client writes them. */
static int DOKAN_CALLBACK headers_name_op(LPCWSTR name, PDOKAN_FILE_INFO info) { return 0; }
static int DOKAN_CALLBACK headers_find(LPCWSTR name, PFillFindData fill, PDOKAN_FILE_INFO info)
{
	WIN32_FIND_DATAW data;
	ZeroMemory(&data, sizeof(data));
	return fill(&data, info);
}

/* Returns the number of failed runtime checks; needs no driver. */
static int HEADERS_FN(void)
{
	DOKAN_OPERATIONS ops;
	DOKAN_OPTIONS options;
	DOKAN_FILE_INFO info;
	DOKAN_CONTROL control;
	PDOKAN_OPERATIONS pops = &ops;
	PDOKAN_OPTIONS poptions = &options;
	PDOKAN_FILE_INFO pinfo = &info;
	PDOKAN_CONTROL pcontrol = &control;
	const WCHAR *driver = DOKAN_DRIVER_NAME, *device = DOKAN_GLOBAL_DEVICE_NAME, *pipe = DOKAN_CONTROL_PIPE;
	const WCHAR *mounter = DOKAN_MOUNTER_SERVICE, *service = DOKAN_DRIVER_SERVICE;
	/* every exported function, through a pointer of its type (DOKAN_CALLBACK is the same
	 * convention as DOKANAPI, without dllimport) */
	int (DOKAN_CALLBACK *main_fn)(PDOKAN_OPTIONS, PDOKAN_OPERATIONS) = DokanMain;
	BOOL (DOKAN_CALLBACK *unmount_fn)(WCHAR) = DokanUnmount;
	BOOL (DOKAN_CALLBACK *remove_fn)(LPCWSTR) = DokanRemoveMountPoint;
	BOOL (DOKAN_CALLBACK *match_fn)(LPCWSTR, LPCWSTR, BOOL) = DokanIsNameInExpression;
	ULONG (DOKAN_CALLBACK *version_fn)(void) = DokanVersion;
	ULONG (DOKAN_CALLBACK *driver_version_fn)(void) = DokanDriverVersion;
	BOOL (DOKAN_CALLBACK *reset_fn)(ULONG, PDOKAN_FILE_INFO) = DokanResetTimeout;
	HANDLE (DOKAN_CALLBACK *token_fn)(PDOKAN_FILE_INFO) = DokanOpenRequestorToken;
	BOOL (DOKAN_CALLBACK *install_fn)(LPCWSTR, DWORD, LPCWSTR) = DokanServiceInstall;
	BOOL (DOKAN_CALLBACK *delete_fn)(LPCWSTR) = DokanServiceDelete;
	BOOL (DOKAN_CALLBACK *np_install_fn)(void) = DokanNetworkProviderInstall;
	BOOL (DOKAN_CALLBACK *np_uninstall_fn)(void) = DokanNetworkProviderUninstall;
	BOOL (DOKAN_CALLBACK *debug_fn)(ULONG) = DokanSetDebugMode;
	BOOL (DOKAN_CALLBACK *control_fn)(PDOKAN_CONTROL) = DokanMountControl;
	const void *all[] = { (const void *)main_fn, (const void *)unmount_fn, (const void *)remove_fn,
		(const void *)driver_version_fn, (const void *)reset_fn, (const void *)token_fn,
		(const void *)install_fn, (const void *)delete_fn, (const void *)np_install_fn,
		(const void *)np_uninstall_fn, (const void *)debug_fn, (const void *)control_fn };
	int failures = 0;
	size_t i;

	ZeroMemory(&ops, sizeof(ops));
	ZeroMemory(&options, sizeof(options));
	ZeroMemory(&info, sizeof(info));
	ZeroMemory(&control, sizeof(control));
	pops->OpenDirectory = headers_name_op;
	pops->FindFiles = headers_find;
	poptions->Version = DOKAN_VERSION;
	poptions->ThreadCount = DOKAN_MAX_THREAD - 1;
	poptions->Options = DOKAN_OPTION_DEBUG | DOKAN_OPTION_STDERR;
	poptions->MountPoint = L"M:\\";
	pinfo->DokanOptions = poptions;
	pcontrol->Type = DOKAN_CONTROL_CHECK;
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		failures += all[i] == NULL;
	failures += version_fn() != DOKAN_VERSION;
	failures += !match_fn(L"*.txt", L"a.txt", FALSE);
	failures += pops->OpenDirectory(L"\\", pinfo) != 0;
	failures += wcscmp(driver, L"dokan.sys") != 0 || wcscmp(device, L"\\\\.\\Dokan") != 0;
	failures += wcscmp(pipe, L"\\\\.\\pipe\\DokanMounter") != 0;
	failures += wcscmp(mounter, L"DokanMounter") != 0 || wcscmp(service, L"Dokan") != 0;
	g_DebugMode = TRUE;
	g_UseStdErr = TRUE;
	DokanDbgPrint("headers: DokanDbgPrint %d\n", 1);
	DokanDbgPrintW(L"headers: DokanDbgPrintW %d\n", 2);
	DbgPrint("headers: DbgPrint %s\n", "3");
	DbgPrintW(L"headers: DbgPrintW %ls\n", L"4");
	return failures;
}
