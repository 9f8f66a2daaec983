/* SPDX-License-Identifier: LGPL-3.0-or-later
 * callbacks.c - the table of DOKAN_OPERATIONS the dispatchers call.
 *
 * DokanMain copies the caller's table once. A client written for Dokan before 0.6.0 has
 * only the first 23 slots (no security callbacks), so those two are copied only when
 * DOKAN_OPTIONS.Version says 0.6.0 (docs/abi.md, "DOKAN_OPTIONS"; docs/differences.md D17).
 *
 * On x86 the callbacks are declared stdcall, but some clients (the pyfilesystem ctypes
 * binding) hand us cdecl functions: they return without popping their arguments. So
 * (docs/differences.md D15) every callback is called through a thunk that keeps the stack
 * pointer in a callee-saved register (EBP) and restores it after the call, so either
 * convention works. The dispatchers keep calling instance->Operations->X(...) with the
 * declared signature; on x86 those entries are the wrappers below. */
#include <stddef.h>
#include "dk_dll.h"

static void dk_copy_user_table(DK_INSTANCE *instance, PDOKAN_OPERATIONS callers)
{
	size_t slots = instance->Options->Version >= DOKAN_SECURITY_SUPPORTED_VERSION
	                       ? sizeof(DOKAN_OPERATIONS)
	                       : offsetof(DOKAN_OPERATIONS, GetFileSecurity);
	instance->Callers = callers;
	ZeroMemory(&instance->User, sizeof(instance->User));
	CopyMemory(&instance->User, callers, slots);
}

#if defined(__i386__)

typedef void (*DK_ANY_FN)(void);

/* dk_x86_call(fn, words, arg...): copies the `words` 32-bit argument words that follow
 * onto a fresh stack area, calls fn, and puts ESP back from EBP whatever fn popped.
 * cdecl variadic, so its own arguments lie in memory in the order a stdcall callee
 * expects them (a LONGLONG takes two words, low word first). */
int __cdecl dk_x86_call(DK_ANY_FN fn, unsigned words, ...);
__asm__(".text\n"
	".globl _dk_x86_call\n"
	".def _dk_x86_call; .scl 2; .type 32; .endef\n"
	"_dk_x86_call:\n"
	"	pushl %ebp\n"
	"	movl %esp, %ebp\n"
	"	pushl %esi\n"
	"	pushl %edi\n"
	"	movl 12(%ebp), %ecx\n"
	"	leal 16(%ebp), %esi\n"
	"	leal 0(,%ecx,4), %eax\n"
	"	subl %eax, %esp\n"
	"	andl $-16, %esp\n"
	"	movl %esp, %edi\n"
	"	cld\n"
	"	rep movsl\n"
	"	call *8(%ebp)\n"
	"	leal -8(%ebp), %esp\n"
	"	popl %edi\n"
	"	popl %esi\n"
	"	popl %ebp\n"
	"	ret\n");

/* The user's table for a callback: every callback's last argument is the DOKAN_FILE_INFO
 * the library built, whose DokanOptions names the mount. */
static const DOKAN_OPERATIONS *dk_user_of(PDOKAN_FILE_INFO info)
{
	static const DOKAN_OPERATIONS none;
	const DOKAN_OPERATIONS *user = info ? dk_user_operations(info->DokanOptions) : NULL;
	return user ? user : &none;
}

/* Calls the user's slot with `words` argument words; -1 (ERROR_INVALID_FUNCTION, the
 * family's 0.6.0 status) if the mount cannot be found, which would be a library bug. */
#define DK_FORWARD(slot, words, ...)                                           \
	do {                                                                   \
		const DOKAN_OPERATIONS *user = dk_user_of(info);               \
		if (!user->slot)                                               \
			return -1;                                             \
		return dk_x86_call((DK_ANY_FN)user->slot, words, __VA_ARGS__); \
	} while (0)

static int DOKAN_CALLBACK dk_thunk_create_file(LPCWSTR name, DWORD access, DWORD share, DWORD disposition, DWORD flags,
	PDOKAN_FILE_INFO info)
{
	DK_FORWARD(CreateFile, 6, name, access, share, disposition, flags, info);
}

static int DOKAN_CALLBACK dk_thunk_open_directory(LPCWSTR name, PDOKAN_FILE_INFO info)
{
	DK_FORWARD(OpenDirectory, 2, name, info);
}

static int DOKAN_CALLBACK dk_thunk_create_directory(LPCWSTR name, PDOKAN_FILE_INFO info)
{
	DK_FORWARD(CreateDirectory, 2, name, info);
}

static int DOKAN_CALLBACK dk_thunk_cleanup(LPCWSTR name, PDOKAN_FILE_INFO info)
{
	DK_FORWARD(Cleanup, 2, name, info);
}

static int DOKAN_CALLBACK dk_thunk_close_file(LPCWSTR name, PDOKAN_FILE_INFO info)
{
	DK_FORWARD(CloseFile, 2, name, info);
}

static int DOKAN_CALLBACK dk_thunk_read_file(LPCWSTR name, LPVOID buffer, DWORD length, LPDWORD done, LONGLONG offset,
	PDOKAN_FILE_INFO info)
{
	DK_FORWARD(ReadFile, 7, name, buffer, length, done, offset, info);
}

static int DOKAN_CALLBACK dk_thunk_write_file(LPCWSTR name, LPCVOID buffer, DWORD length, LPDWORD done, LONGLONG offset,
	PDOKAN_FILE_INFO info)
{
	DK_FORWARD(WriteFile, 7, name, buffer, length, done, offset, info);
}

static int DOKAN_CALLBACK dk_thunk_flush(LPCWSTR name, PDOKAN_FILE_INFO info)
{
	DK_FORWARD(FlushFileBuffers, 2, name, info);
}

static int DOKAN_CALLBACK dk_thunk_get_file_information(LPCWSTR name, LPBY_HANDLE_FILE_INFORMATION buffer,
	PDOKAN_FILE_INFO info)
{
	DK_FORWARD(GetFileInformation, 3, name, buffer, info);
}

static int DOKAN_CALLBACK dk_thunk_find_files(LPCWSTR name, PFillFindData fill, PDOKAN_FILE_INFO info)
{
	DK_FORWARD(FindFiles, 3, name, fill, info);
}

static int DOKAN_CALLBACK dk_thunk_find_files_with_pattern(LPCWSTR name, LPCWSTR pattern, PFillFindData fill,
	PDOKAN_FILE_INFO info)
{
	DK_FORWARD(FindFilesWithPattern, 4, name, pattern, fill, info);
}

static int DOKAN_CALLBACK dk_thunk_set_file_attributes(LPCWSTR name, DWORD attributes, PDOKAN_FILE_INFO info)
{
	DK_FORWARD(SetFileAttributes, 3, name, attributes, info);
}

static int DOKAN_CALLBACK dk_thunk_set_file_time(LPCWSTR name, CONST FILETIME *creation, CONST FILETIME *access,
	CONST FILETIME *write, PDOKAN_FILE_INFO info)
{
	DK_FORWARD(SetFileTime, 5, name, creation, access, write, info);
}

static int DOKAN_CALLBACK dk_thunk_delete_file(LPCWSTR name, PDOKAN_FILE_INFO info)
{
	DK_FORWARD(DeleteFile, 2, name, info);
}

static int DOKAN_CALLBACK dk_thunk_delete_directory(LPCWSTR name, PDOKAN_FILE_INFO info)
{
	DK_FORWARD(DeleteDirectory, 2, name, info);
}

static int DOKAN_CALLBACK dk_thunk_move_file(LPCWSTR name, LPCWSTR newName, BOOL replace, PDOKAN_FILE_INFO info)
{
	DK_FORWARD(MoveFile, 4, name, newName, replace, info);
}

static int DOKAN_CALLBACK dk_thunk_set_end_of_file(LPCWSTR name, LONGLONG length, PDOKAN_FILE_INFO info)
{
	DK_FORWARD(SetEndOfFile, 4, name, length, info);
}

static int DOKAN_CALLBACK dk_thunk_set_allocation_size(LPCWSTR name, LONGLONG length, PDOKAN_FILE_INFO info)
{
	DK_FORWARD(SetAllocationSize, 4, name, length, info);
}

static int DOKAN_CALLBACK dk_thunk_lock_file(LPCWSTR name, LONGLONG offset, LONGLONG length, PDOKAN_FILE_INFO info)
{
	DK_FORWARD(LockFile, 6, name, offset, length, info);
}

static int DOKAN_CALLBACK dk_thunk_unlock_file(LPCWSTR name, LONGLONG offset, LONGLONG length, PDOKAN_FILE_INFO info)
{
	DK_FORWARD(UnlockFile, 6, name, offset, length, info);
}

static int DOKAN_CALLBACK dk_thunk_get_disk_free_space(PULONGLONG available, PULONGLONG total, PULONGLONG free,
	PDOKAN_FILE_INFO info)
{
	DK_FORWARD(GetDiskFreeSpace, 4, available, total, free, info);
}

static int DOKAN_CALLBACK dk_thunk_get_volume_information(LPWSTR label, DWORD labelSize, LPDWORD serial,
	LPDWORD maxComponent, LPDWORD flags, LPWSTR fsName, DWORD fsNameSize, PDOKAN_FILE_INFO info)
{
	DK_FORWARD(GetVolumeInformation, 8, label, labelSize, serial, maxComponent, flags, fsName, fsNameSize, info);
}

static int DOKAN_CALLBACK dk_thunk_unmount(PDOKAN_FILE_INFO info)
{
	DK_FORWARD(Unmount, 1, info);
}

static int DOKAN_CALLBACK dk_thunk_get_file_security(LPCWSTR name, PSECURITY_INFORMATION what,
	PSECURITY_DESCRIPTOR descriptor, ULONG length, PULONG needed, PDOKAN_FILE_INFO info)
{
	DK_FORWARD(GetFileSecurity, 6, name, what, descriptor, length, needed, info);
}

static int DOKAN_CALLBACK dk_thunk_set_file_security(LPCWSTR name, PSECURITY_INFORMATION what,
	PSECURITY_DESCRIPTOR descriptor, ULONG length, PDOKAN_FILE_INFO info)
{
	DK_FORWARD(SetFileSecurity, 5, name, what, descriptor, length, info);
}

/* A wrapper only where the user gave a function: NULL keeps its meaning
 * (docs/abi.md, "DOKAN_OPERATIONS"). */
#define DK_WRAP(slot, wrapper) (calls->slot = user->slot ? wrapper : NULL)

static void dk_wrap_all(DOKAN_OPERATIONS *calls, const DOKAN_OPERATIONS *user)
{
	DK_WRAP(CreateFile, dk_thunk_create_file);
	DK_WRAP(OpenDirectory, dk_thunk_open_directory);
	DK_WRAP(CreateDirectory, dk_thunk_create_directory);
	DK_WRAP(Cleanup, dk_thunk_cleanup);
	DK_WRAP(CloseFile, dk_thunk_close_file);
	DK_WRAP(ReadFile, dk_thunk_read_file);
	DK_WRAP(WriteFile, dk_thunk_write_file);
	DK_WRAP(FlushFileBuffers, dk_thunk_flush);
	DK_WRAP(GetFileInformation, dk_thunk_get_file_information);
	DK_WRAP(FindFiles, dk_thunk_find_files);
	DK_WRAP(FindFilesWithPattern, dk_thunk_find_files_with_pattern);
	DK_WRAP(SetFileAttributes, dk_thunk_set_file_attributes);
	DK_WRAP(SetFileTime, dk_thunk_set_file_time);
	DK_WRAP(DeleteFile, dk_thunk_delete_file);
	DK_WRAP(DeleteDirectory, dk_thunk_delete_directory);
	DK_WRAP(MoveFile, dk_thunk_move_file);
	DK_WRAP(SetEndOfFile, dk_thunk_set_end_of_file);
	DK_WRAP(SetAllocationSize, dk_thunk_set_allocation_size);
	DK_WRAP(LockFile, dk_thunk_lock_file);
	DK_WRAP(UnlockFile, dk_thunk_unlock_file);
	DK_WRAP(GetDiskFreeSpace, dk_thunk_get_disk_free_space);
	DK_WRAP(GetVolumeInformation, dk_thunk_get_volume_information);
	DK_WRAP(Unmount, dk_thunk_unmount);
	DK_WRAP(GetFileSecurity, dk_thunk_get_file_security);
	DK_WRAP(SetFileSecurity, dk_thunk_set_file_security);
}

/* Each wrapper above is listed once: a new slot in DOKAN_OPERATIONS must get one too. */
_Static_assert(sizeof(DOKAN_OPERATIONS) == 25 * sizeof(void *), "one wrapper per slot");

void dk_callbacks_prepare(DK_INSTANCE *instance, PDOKAN_OPERATIONS callers)
{
	dk_copy_user_table(instance, callers);
	dk_wrap_all(&instance->Calls, &instance->User);
	instance->Operations = &instance->Calls;
}

#else /* x64 has one calling convention: the user's functions are called directly */

void dk_callbacks_prepare(DK_INSTANCE *instance, PDOKAN_OPERATIONS callers)
{
	dk_copy_user_table(instance, callers);
	instance->Calls = instance->User;
	instance->Operations = &instance->Calls;
}

#endif
