// SPDX-License-Identifier: LGPL-3.0-or-later
/* util.c - memory checks, allocation and messages for the shim. */
#include "shim.h"

#include <string.h>

#define READABLE (PAGE_READONLY | PAGE_READWRITE | PAGE_WRITECOPY | PAGE_EXECUTE_READ | \
	PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY)
#define WRITABLE (PAGE_READWRITE | PAGE_WRITECOPY | PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY)

/* Asks the memory manager instead of touching the memory: mingw's C has no structured
 * exception handling to catch a fault in the shim. */
static BOOL range_allows(const void *p, SIZE_T bytes, DWORD protections)
{
	const BYTE *at = p, *end = (const BYTE *)p + bytes;
	MEMORY_BASIC_INFORMATION region;

	if (!bytes)
		return TRUE;
	if (!p || end < at)
		return FALSE;
	while (at < end) {
		if (!VirtualQuery(at, &region, sizeof(region)) || region.State != MEM_COMMIT ||
		    (region.Protect & (PAGE_GUARD | PAGE_NOACCESS)) || !(region.Protect & protections))
			return FALSE;
		at = (const BYTE *)region.BaseAddress + region.RegionSize;
	}
	return TRUE;
}

BOOL shim_can_read(const void *p, SIZE_T bytes)
{
	return range_allows(p, bytes, READABLE);
}

BOOL shim_can_write(void *p, SIZE_T bytes)
{
	return range_allows(p, bytes, WRITABLE);
}

void *shim_alloc(SIZE_T bytes)
{
	return HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, bytes ? bytes : 1);
}

void shim_free(void *p)
{
	if (p)
		HeapFree(GetProcessHeap(), 0, p);
}

void shim_print_error(const WCHAR *text)
{
	char utf8[1024];
	int bytes = WideCharToMultiByte(CP_UTF8, 0, text, -1, utf8, sizeof(utf8) - 2, NULL, NULL);
	DWORD written;

	OutputDebugStringW(text);
	if (bytes <= 0)
		return;
	utf8[bytes - 1] = '\n';
	WriteFile(GetStdHandle(STD_ERROR_HANDLE), utf8, (DWORD)bytes, &written, NULL);
}

BOOL shim_is_current_process(HANDLE process)
{
	return process == GetCurrentProcess() || GetProcessId(process) == GetCurrentProcessId();
}
