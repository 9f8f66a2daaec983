// SPDX-License-Identifier: LGPL-3.0-or-later
/* main.c - dokanshim.dll's entry: patch ntdll when loaded into a process, or refuse to
 * load (and say why on standard error) so the launcher can stop the program instead of
 * running it half-shimmed. */
#include "shim.h"

#include <stdio.h>

static BOOL attach(HMODULE module)
{
	WCHAR why[512] = L"", message[640];

	shim_set_module(module);
	shim_table_init();
	if (!shim_patch_all(why, sizeof(why) / sizeof(WCHAR))) {
		_snwprintf(message, sizeof(message) / sizeof(WCHAR),
			L"dokanshim: refusing to run the program: %ls", why);
		shim_print_error(message);
		return FALSE;
	}
	/* the shim stays for the life of the process: its hooks are in ntdll */
	GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS,
		(LPCWSTR)(void *)attach, &module);
	return shim_process_init();
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
	if (reason == DLL_PROCESS_ATTACH) {
		DisableThreadLibraryCalls(instance);
		return attach(instance);
	}
	return TRUE;
}
