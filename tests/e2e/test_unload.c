/* SPDX-License-Identifier: LGPL-3.0-or-later
 * test_unload.c - a program that loads dokan.dll itself (LoadLibrary, as language bindings
 * do) and frees it while DokanMain is still serving on another thread. The library must
 * stay loaded and the mount keep working until it is unmounted; DllMain does nothing at
 * detach (docs/differences.md D45). Before that, FreeLibrary ran the mounter IPC inside
 * DllMain and then unmapped the code the workers were running. */
#include <windows.h>
#include <wchar.h>
#include "dokan.h"
#include "e2e_driver.h"
#include "check.h"

/* DOKANAPI also says dllimport, which a function pointer cannot carry. */
typedef int(__stdcall *DOKAN_MAIN_FN)(PDOKAN_OPTIONS, PDOKAN_OPERATIONS);
typedef BOOL(__stdcall *DOKAN_REMOVE_FN)(LPCWSTR);

typedef struct UNLOAD_MOUNT {
	DOKAN_MAIN_FN Main;
	DOKAN_OPTIONS Options;
	DOKAN_OPERATIONS Operations;
	int Result;
} UNLOAD_MOUNT;

static DWORD WINAPI run_mount(LPVOID parameter)
{
	UNLOAD_MOUNT *mount = parameter;
	mount->Result = mount->Main(&mount->Options, &mount->Operations);
	return 0;
}

static HANDLE start_mount(UNLOAD_MOUNT *mount, HMODULE library)
{
	static WCHAR mountPoint[] = L"U";
	mount->Main = (DOKAN_MAIN_FN)(void (*)(void))GetProcAddress(library, "DokanMain");
	mount->Options.Version = DOKAN_VERSION;
	mount->Options.ThreadCount = 2;
	mount->Options.MountPoint = mountPoint;
	mount->Result = 99;
	CHECK(mount->Main != NULL, "DokanMain found in the loaded library");
	return mount->Main ? CreateThread(NULL, 0, run_mount, mount, 0, NULL) : NULL;
}

/* A second LoadLibrary, as a later part of the program would, unmounts the drive. */
static void unmount_with_fresh_library(HANDLE thread, const UNLOAD_MOUNT *mount)
{
	HMODULE again = LoadLibraryW(L"dokan.dll");
	DOKAN_REMOVE_FN remove = again ? (DOKAN_REMOVE_FN)(void (*)(void))GetProcAddress(again, "DokanRemoveMountPoint") : NULL;
	CHECK(remove != NULL, "dokan.dll loads again and exports DokanRemoveMountPoint");
	if (!remove)
		return;
	CHECK(remove(L"U"), "DokanRemoveMountPoint(U) succeeds");
	CHECK(WaitForSingleObject(thread, 20000) == WAIT_OBJECT_0, "DokanMain returns after the unmount");
	CHECK(mount->Result == DOKAN_SUCCESS, "DokanMain's result is DOKAN_SUCCESS (%d)", mount->Result);
	CHECK(e2e_wait_letter(L'U', FALSE), "U: is gone after the unmount");
	FreeLibrary(again);
}

int wmain(void)
{
	static UNLOAD_MOUNT mount;
	ULONG baseline = e2e_query_stats().LiveMounts;
	HMODULE library = LoadLibraryW(L"dokan.dll");
	HANDLE thread;

	CHECK(library != NULL, "LoadLibrary(dokan.dll) (%lu)", GetLastError());
	if (!library)
		return 1;
	thread = start_mount(&mount, library);
	CHECK(thread && e2e_wait_letter(L'U', TRUE), "DokanMain mounts U:");
	if (!thread)
		return 1;
	CHECK(FreeLibrary(library), "FreeLibrary while DokanMain runs returns TRUE");
	Sleep(1000);
	CHECK(GetModuleHandleW(L"dokan.dll") != NULL, "dokan.dll stays loaded while DokanMain runs");
	CHECK(e2e_letter_defined(L'U'), "U: is still mounted after FreeLibrary");
	CHECK(WaitForSingleObject(thread, 0) == WAIT_TIMEOUT, "DokanMain is still serving");
	unmount_with_fresh_library(thread, &mount);
	CloseHandle(thread);
	CHECK(e2e_mounts_settled(baseline), "no mount left (%lu live)", e2e_query_stats().LiveMounts);
	ck_summary("test_unload");
	return ck_failed() ? 1 : 0;
}
