// SPDX-License-Identifier: LGPL-3.0-or-later
/* patch.c - inline patching of ntdll's stubs. ntdll calls its own stubs directly (e.g.
 * RtlSetCurrentDirectory_U -> NtOpenFile, RtlDoesFileExists_U -> NtQueryAttributesFile),
 * so only a jump written into the stub itself sees every call; import tables would not. */
#include "shim.h"
#include "stubs.h"

#include <stdio.h>
#include <string.h>

#define SHIM_DEFINE(name, required) name##_fn real_##name;
SHIM_HOOKS(SHIM_DEFINE)
#undef SHIM_DEFINE
NtDeviceIoControlFile_fn real_NtDeviceIoControlFile;

#ifdef _WIN64
#define STUB_BYTES  SHIM_X64_STUB_BYTES
#define PATCH_BYTES SHIM_X64_PATCH_BYTES
#define SLOT_BYTES  32
#define STUB_SHAPE  L"x64 (mov r10,rcx; mov eax,N; test [0x7ffe0308],1; jne; syscall; ret; ...)"
#define is_stub     shim_is_x64_stub
#else
#define STUB_BYTES  SHIM_I386_STUB_BYTES
#define PATCH_BYTES SHIM_I386_PATCH_BYTES
#define SLOT_BYTES  16
#define STUB_SHAPE  L"i386 (mov eax,N; mov edx,imm; call edx; ret N)"
#define is_stub     shim_is_i386_stub
#endif

typedef struct hook_entry {
	const char *name;
	BOOL required;
	void *hook;
	void **real;
	BYTE *stub;       /* in ntdll; NULL for an optional service ntdll lacks */
} hook_entry;

#define SHIM_ENTRY(name, required) { #name, required, (void *)hook_##name, (void **)&real_##name, NULL },
static hook_entry hooks[] = { SHIM_HOOKS(SHIM_ENTRY) };
#undef SHIM_ENTRY
#define HOOK_COUNT (sizeof(hooks) / sizeof(hooks[0]))

/* Every stub is checked before anything is written: all or nothing. */
static BOOL find_stubs(HMODULE ntdll, WCHAR *why, size_t why_chars)
{
	size_t i;

	for (i = 0; i < HOOK_COUNT; i++) {
		hooks[i].stub = (BYTE *)GetProcAddress(ntdll, hooks[i].name);
		if (!hooks[i].stub && hooks[i].required) {
			_snwprintf(why, why_chars, L"ntdll.dll does not export %hs", hooks[i].name);
			return FALSE;
		}
		if (hooks[i].stub && !is_stub(hooks[i].stub)) {
			_snwprintf(why, why_chars, L"ntdll.dll's %hs is not a system-call stub of the known "
				L"layout %ls (bytes %02x %02x %02x %02x ...): not Wine 8.0's ntdll, or already patched",
				hooks[i].name, STUB_SHAPE, hooks[i].stub[0], hooks[i].stub[1], hooks[i].stub[2],
				hooks[i].stub[3]);
			return FALSE;
		}
	}
	return TRUE;
}

/* A copy of each stub, executable: the stub uses only absolute addresses and jumps within
 * itself, so the copy reaches Wine exactly as the original did. */
static BYTE *make_trampolines(void)
{
	BYTE *block = VirtualAlloc(NULL, HOOK_COUNT * SLOT_BYTES, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
	DWORD old;
	size_t i;

	if (!block)
		return NULL;
	for (i = 0; i < HOOK_COUNT; i++) {
		memset(block + i * SLOT_BYTES, 0xcc, SLOT_BYTES);
		if (hooks[i].stub)
			memcpy(block + i * SLOT_BYTES, hooks[i].stub, STUB_BYTES);
	}
	if (!VirtualProtect(block, HOOK_COUNT * SLOT_BYTES, PAGE_EXECUTE_READ, &old)) {
		VirtualFree(block, 0, MEM_RELEASE);
		return NULL;
	}
	FlushInstructionCache(GetCurrentProcess(), block, HOOK_COUNT * SLOT_BYTES);
	return block;
}

static BOOL write_code(BYTE *at, const BYTE *bytes, size_t count)
{
	DWORD old, ignored;

	if (!VirtualProtect(at, count, PAGE_EXECUTE_READWRITE, &old))
		return FALSE;
	memcpy(at, bytes, count);
	VirtualProtect(at, count, old, &ignored);
	FlushInstructionCache(GetCurrentProcess(), at, count);
	return TRUE;
}

static BOOL write_jump(BYTE *stub, void *target)
{
	BYTE jump[PATCH_BYTES];

#ifdef _WIN64
	shim_x64_jump(jump, (uint64_t)(ULONG_PTR)target);
#else
	shim_i386_jump(jump, (uint32_t)(ULONG_PTR)stub, (uint32_t)(ULONG_PTR)target);
#endif
	return write_code(stub, jump, sizeof(jump));
}

/* Puts back the original first bytes (kept in the trampolines) of the first count hooks. */
static void unpatch(const BYTE *trampolines, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (hooks[i].stub)
			write_code(hooks[i].stub, trampolines + i * SLOT_BYTES, PATCH_BYTES);
}

BOOL shim_patch_all(WCHAR *why, size_t why_chars)
{
	HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
	BYTE *trampolines;
	size_t i;

	real_NtDeviceIoControlFile = (NtDeviceIoControlFile_fn)(void *)GetProcAddress(ntdll, "NtDeviceIoControlFile");
	if (!ntdll || !real_NtDeviceIoControlFile || !find_stubs(ntdll, why, why_chars))
		return FALSE;
	trampolines = make_trampolines();
	if (!trampolines) {
		_snwprintf(why, why_chars, L"no executable memory for the trampolines (error %lu)", GetLastError());
		return FALSE;
	}
	/* the trampolines work before and after the jumps are written */
	for (i = 0; i < HOOK_COUNT; i++)
		*hooks[i].real = hooks[i].stub ? (void *)(trampolines + i * SLOT_BYTES) : NULL;
	for (i = 0; i < HOOK_COUNT; i++) {
		if (hooks[i].stub && !write_jump(hooks[i].stub, hooks[i].hook)) {
			_snwprintf(why, why_chars, L"cannot write to ntdll's %hs (error %lu)", hooks[i].name, GetLastError());
			unpatch(trampolines, i);
			return FALSE;
		}
	}
	return TRUE;
}
