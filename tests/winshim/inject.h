// SPDX-License-Identifier: LGPL-3.0-or-later
/* inject.h - loading dokanshim.dll into a (suspended) process. Same architecture: its path
 * is written into the process and LoadLibraryW runs there on a thread of its own. The other
 * architecture: that architecture's dokanrun.exe does it ("--attach <pid>"). Used by
 * dokanrun.exe and by the shim for child processes.
 *
 * Layout: <root>\x64\{dokanrun.exe,dokanshim.dll} and <root>\x86\{...}; each side finds
 * the other as "<its folder>\..\<other arch>". */
#ifndef WINSHIM_INJECT_H_
#define WINSHIM_INJECT_H_

#include <windows.h>

#define DOKAN_INJECT_TIMEOUT_MS 30000
#define DOKAN_SHIM_DLL L"dokanshim.dll"
#define DOKAN_LAUNCHER L"dokanrun.exe"
#ifdef _WIN64
#define DOKAN_OTHER_ARCH L"x86"
#else
#define DOKAN_OTHER_ARCH L"x64"
#endif

/* 0 when the DLL is loaded (its DllMain returned TRUE), else a Win32 error:
 * ERROR_DLL_INIT_FAILED when LoadLibraryW failed there (a DllMain that refused). */
DWORD dokan_inject_dll(HANDLE process, const WCHAR *dll_path);
/* The shim of the process's architecture, from folder (this architecture's files). */
DWORD dokan_inject_shim(HANDLE process, const WCHAR *folder);

#endif
