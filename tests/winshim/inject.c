// SPDX-License-Identifier: LGPL-3.0-or-later
/* inject.c - see inject.h. kernel32 is mapped at the same address in every process of one
 * architecture (Windows, and Wine, which loads its builtin DLLs at their own base), so our
 * LoadLibraryW is theirs. The process may still be suspended: the new thread is the first
 * to run and does the process's loader initialisation first. */
#include "inject.h"

#include <stdio.h>
#include <wchar.h>

static DWORD run_loader(HANDLE process, void *remote_path)
{
	LPTHREAD_START_ROUTINE load_library =
		(LPTHREAD_START_ROUTINE)(void *)GetProcAddress(GetModuleHandleW(L"kernel32.dll"), "LoadLibraryW");
	DWORD module_low = 0, error = 0;
	HANDLE thread;

	if (!load_library)
		return GetLastError();
	thread = CreateRemoteThread(process, NULL, 0, load_library, remote_path, 0, NULL);
	if (!thread)
		return GetLastError();
	if (WaitForSingleObject(thread, DOKAN_INJECT_TIMEOUT_MS) != WAIT_OBJECT_0)
		error = ERROR_TIMEOUT;
	else if (!GetExitCodeThread(thread, &module_low))
		error = GetLastError();
	else if (!module_low) /* the low half of the HMODULE; the DLL's base keeps it non-zero */
		error = ERROR_DLL_INIT_FAILED;
	CloseHandle(thread);
	return error;
}

DWORD dokan_inject_dll(HANDLE process, const WCHAR *dll_path)
{
	SIZE_T bytes = (wcslen(dll_path) + 1) * sizeof(WCHAR);
	void *remote = VirtualAllocEx(process, NULL, bytes, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
	DWORD error;

	if (!remote)
		return GetLastError();
	if (!WriteProcessMemory(process, remote, dll_path, bytes, NULL))
		error = GetLastError();
	else
		error = run_loader(process, remote);
	/* a thread that timed out may still read the path: leave it then */
	if (error != ERROR_TIMEOUT)
		VirtualFreeEx(process, remote, 0, MEM_RELEASE);
	return error;
}

/* "<folder>\..\<other arch>\dokanrun.exe --attach <pid>", waited for; its exit code is
 * dokan_inject_dll's answer over there. */
static DWORD inject_other_arch(HANDLE process, const WCHAR *folder)
{
	WCHAR command[2 * MAX_PATH];
	STARTUPINFOW startup = { .cb = sizeof(startup) };
	PROCESS_INFORMATION launcher;
	DWORD code = ERROR_DLL_INIT_FAILED;

	if (_snwprintf(command, sizeof(command) / sizeof(WCHAR), L"\"%ls\\..\\%ls\\%ls\" --attach %lu",
		folder, DOKAN_OTHER_ARCH, DOKAN_LAUNCHER, GetProcessId(process)) < 0)
		return ERROR_FILENAME_EXCED_RANGE;
	if (!CreateProcessW(NULL, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &launcher))
		return GetLastError();
	if (WaitForSingleObject(launcher.hProcess, DOKAN_INJECT_TIMEOUT_MS + 5000) == WAIT_OBJECT_0)
		GetExitCodeProcess(launcher.hProcess, &code);
	else
		code = ERROR_TIMEOUT;
	CloseHandle(launcher.hProcess);
	CloseHandle(launcher.hThread);
	return code;
}

DWORD dokan_inject_shim(HANDLE process, const WCHAR *folder)
{
	WCHAR dll[MAX_PATH];
	BOOL mine = FALSE, theirs = FALSE;

	/* both under WoW64 or both not: the same architecture */
	if (!IsWow64Process(GetCurrentProcess(), &mine) || !IsWow64Process(process, &theirs))
		return GetLastError();
	if (mine != theirs)
		return inject_other_arch(process, folder);
	if (_snwprintf(dll, MAX_PATH, L"%ls\\%ls", folder, DOKAN_SHIM_DLL) < 0)
		return ERROR_FILENAME_EXCED_RANGE;
	return dokan_inject_dll(process, dll);
}
