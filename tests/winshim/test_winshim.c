// SPDX-License-Identifier: LGPL-3.0-or-later
/* test_winshim.c - Win32/NT behaviour of a program under the shim, on a mirrored Dokan
 * drive (the script checks the mirrored folder too).
 *
 *   test_winshim.exe api <L>          run under dokanrun: every check below, on L:
 *   test_winshim.exe refuse <dll>     not under dokanrun: damage one ntdll stub, then
 *                                     LoadLibraryW(dll) must fail and patch nothing
 *   test_winshim.exe attach <dokanrun> <L>
 *                                     not under dokanrun: start cmd suspended, have
 *                                     "dokanrun --attach <pid>" load the shim (how a child
 *                                     of the other architecture gets it), let it write
 *                                     L:\attach.txt */
#define WIN32_NO_STATUS
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>
#include <winternl.h>

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "stubs.h"
#include "check.h"

NTSYSAPI NTSTATUS NTAPI NtQueryDirectoryFile(HANDLE, HANDLE, PIO_APC_ROUTINE, PVOID, PIO_STATUS_BLOCK,
	PVOID, ULONG, FILE_INFORMATION_CLASS, BOOLEAN, PUNICODE_STRING, BOOLEAN);

#define WAIT_MS 10000

static WCHAR letter;

#define check(ok, what) CHECK(ok, "%s", what)
#define check_status(got, want, what) CHECK_STATUS(got, want, "%s", what)

static const WCHAR *path(const WCHAR *name)
{
	static WCHAR buffers[4][MAX_PATH];
	static int next;
	WCHAR *out = buffers[next++ % 4];

	_snwprintf(out, MAX_PATH, L"%lc:\\%ls", letter, name);
	return out;
}

static HANDLE open_file(const WCHAR *name, DWORD access, DWORD disposition, DWORD flags)
{
	return CreateFileW(path(name), access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
		disposition, flags, NULL);
}

/* ntdll's answers for handles that are not there, unchanged by the shim. */
static void test_bad_handles(void)
{
	check_status(NtClose(NULL), STATUS_INVALID_HANDLE, "NtClose(NULL) is STATUS_INVALID_HANDLE");
	check_status(NtClose((HANDLE)(ULONG_PTR)0x7ff0), STATUS_INVALID_HANDLE,
		"NtClose of a handle never opened is STATUS_INVALID_HANDLE");
}

/* A synchronous handle: the file pointer moves with reads and writes, SetFilePointer and
 * GetFileSizeEx work, and no call leaves ERROR_IO_PENDING (997) as the last error. */
static void test_sync_file(void)
{
	HANDLE h = open_file(L"api.txt", GENERIC_READ | GENERIC_WRITE, CREATE_ALWAYS, 0);
	char buffer[8] = { 0 };
	LARGE_INTEGER size = { 0 };
	DWORD done = 0;

	check(h != INVALID_HANDLE_VALUE, "CreateFileW CREATE_ALWAYS on the drive");
	if (h == INVALID_HANDLE_VALUE)
		return;
	SetLastError(4321);
	check(WriteFile(h, "0123456789", 10, &done, NULL) && done == 10, "WriteFile 10 bytes");
	check(GetLastError() == 4321, "WriteFile keeps the last error");
	check(WriteFile(h, "ab", 2, &done, NULL) && done == 2, "a second write goes after the first");
	check(SetFilePointer(h, 2, NULL, FILE_BEGIN) == 2, "SetFilePointer to 2");
	SetLastError(4322);
	check(ReadFile(h, buffer, 3, &done, NULL) && done == 3 && !memcmp(buffer, "234", 3),
		"ReadFile without an offset reads at the file pointer");
	check(GetLastError() == 4322, "ReadFile keeps the last error");
	check(ReadFile(h, buffer, 2, &done, NULL) && done == 2 && !memcmp(buffer, "56", 2),
		"the next read goes on from there");
	check(GetFileSizeEx(h, &size) && size.QuadPart == 12, "GetFileSizeEx is 12");
	check(SetFilePointer(h, 0, NULL, FILE_END) == 12, "SetFilePointer(FILE_END) is 12");
	check(GetFileType(h) == FILE_TYPE_DISK, "GetFileType is FILE_TYPE_DISK");
	CloseHandle(h);
}

/* Bad pointers get STATUS_ACCESS_VIOLATION from a shimmed call, as from ntdll. */
static void test_bad_pointers(void)
{
	HANDLE h = open_file(L"api.txt", GENERIC_READ, OPEN_EXISTING, 0);
	HANDLE dir = open_file(L"", GENERIC_READ, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS);
	FILE_BASIC_INFORMATION basic;
	IO_STATUS_BLOCK iosb;
	BYTE listing[512];

	check(h != INVALID_HANDLE_VALUE && dir != INVALID_HANDLE_VALUE, "open a file and the root");
	check_status(NtQueryInformationFile(h, NULL, &basic, sizeof(basic), FileBasicInformation),
		STATUS_ACCESS_VIOLATION, "query information with a NULL IO_STATUS_BLOCK");
	check_status(NtQueryInformationFile(h, &iosb, (void *)(ULONG_PTR)16, sizeof(basic), FileBasicInformation),
		STATUS_ACCESS_VIOLATION, "query information into an unmapped buffer");
	check_status(NtSetInformationFile(h, &iosb, (void *)(ULONG_PTR)16, sizeof(basic), FileBasicInformation),
		STATUS_ACCESS_VIOLATION, "set information from an unmapped buffer");
	check_status(NtQueryDirectoryFile(dir, NULL, NULL, NULL, &iosb, (void *)(ULONG_PTR)16, sizeof(listing),
		FileDirectoryInformation, FALSE, NULL, TRUE), STATUS_ACCESS_VIOLATION, "listing into an unmapped buffer");
	check_status(NtQueryDirectoryFile(dir, NULL, NULL, NULL, NULL, listing, sizeof(listing),
		FileDirectoryInformation, FALSE, NULL, TRUE), STATUS_ACCESS_VIOLATION, "listing with a NULL IO_STATUS_BLOCK");
	CloseHandle(dir);
	CloseHandle(h);
}

/* Overlapped transfers complete through a completion port bound to the handle. */
static void test_overlapped(void)
{
	HANDLE h = open_file(L"ov.bin", GENERIC_READ | GENERIC_WRITE, CREATE_ALWAYS, FILE_FLAG_OVERLAPPED);
	HANDLE port = h == INVALID_HANDLE_VALUE ? NULL : CreateIoCompletionPort(h, NULL, 77, 0);
	OVERLAPPED ov = { 0 }, *done_ov = NULL;
	char data[4096], back[4096];
	DWORD bytes = 0;
	ULONG_PTR key = 0;
	BOOL started;

	check(port != NULL, "CreateIoCompletionPort on an overlapped handle");
	if (!port)
		return;
	LARGE_INTEGER size;

	memset(data, 'q', sizeof(data));
	/* the shim's own requests on the handle (a size query) must post nothing to the port */
	check(GetFileSizeEx(h, &size) && size.QuadPart == 0, "GetFileSizeEx on the overlapped handle");
	ov.Offset = 4096;
	started = WriteFile(h, data, sizeof(data), NULL, &ov) || GetLastError() == ERROR_IO_PENDING;
	check(started, "overlapped WriteFile at offset 4096 starts");
	check(started && GetQueuedCompletionStatus(port, &bytes, &key, &done_ov, WAIT_MS) && key == 77 &&
		done_ov == &ov && bytes == sizeof(data), "the write completes on the port (key 77, 4096 bytes)");
	check(!GetQueuedCompletionStatus(port, &bytes, &key, &done_ov, 200) && GetLastError() == WAIT_TIMEOUT,
		"no other packet on the port");
	memset(&ov, 0, sizeof(ov));
	ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
	ov.hEvent = (HANDLE)((ULONG_PTR)ov.hEvent | 1); /* no packet for this one */
	ov.Offset = 4096;
	started = ReadFile(h, back, sizeof(back), NULL, &ov) || GetLastError() == ERROR_IO_PENDING;
	check(started && GetOverlappedResult(h, &ov, &bytes, TRUE) && bytes == sizeof(back) &&
		!memcmp(back, data, sizeof(back)), "overlapped ReadFile returns the bytes written");
	CloseHandle((HANDLE)((ULONG_PTR)ov.hEvent & ~(ULONG_PTR)1));
	CloseHandle(h);
	CloseHandle(port);
}

static void test_locks(void)
{
	HANDLE a = open_file(L"api.txt", GENERIC_READ | GENERIC_WRITE, OPEN_EXISTING, 0);
	HANDLE b = open_file(L"api.txt", GENERIC_READ | GENERIC_WRITE, OPEN_EXISTING, 0);
	OVERLAPPED ov = { 0 };

	BOOL locked = LockFileEx(a, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 4, 0, &ov);

	if (!locked)
		printf("     LockFileEx: error %lu\n", GetLastError());
	check(locked, "LockFileEx: an exclusive lock on bytes 0-3");
	check(!LockFileEx(b, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 4, 0, &ov) &&
		GetLastError() == ERROR_LOCK_VIOLATION, "another handle's lock on them fails: ERROR_LOCK_VIOLATION");
	locked = UnlockFile(a, 0, 0, 4, 0);
	if (!locked)
		printf("     UnlockFile: error %lu\n", GetLastError());
	check(locked, "UnlockFile");
	check(LockFileEx(b, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 4, 0, &ov) &&
		UnlockFile(b, 0, 0, 4, 0), "after the unlock the other handle gets the lock");
	CloseHandle(a);
	CloseHandle(b);
}

/* No section can exist on these handles (README, "What stays impossible"): a clean
 * failure, not a crash. */
static void test_no_mapping(void)
{
	HANDLE h = open_file(L"ov.bin", GENERIC_READ, OPEN_EXISTING, 0);
	HANDLE mapping = CreateFileMappingW(h, NULL, PAGE_READONLY, 0, 0, NULL);

	check(h != INVALID_HANDLE_VALUE && !mapping, "CreateFileMappingW on a Dokan file fails");
	if (mapping)
		CloseHandle(mapping);
	CloseHandle(h);
}

/* Names: attributes, listing, rename with a full path, duplicate, delete. */
static void test_names(void)
{
	WIN32_FILE_ATTRIBUTE_DATA data;
	WIN32_FIND_DATAW found;
	HANDLE find, h, dup = NULL;
	DWORD done;
	BOOL listed = FALSE;

	check(GetFileAttributesExW(path(L"api.txt"), GetFileExInfoStandard, &data) && data.nFileSizeLow == 12,
		"GetFileAttributesExW: 12 bytes");
	SetLastError(0);
	check(GetFileAttributesW(path(L"missing.txt")) == INVALID_FILE_ATTRIBUTES &&
		GetLastError() == ERROR_FILE_NOT_FOUND, "a missing file: ERROR_FILE_NOT_FOUND");
	find = FindFirstFileW(path(L"*.txt"), &found);
	check(find != INVALID_HANDLE_VALUE, "FindFirstFileW *.txt");
	if (find != INVALID_HANDLE_VALUE) {
		do
			listed |= !wcscmp(found.cFileName, L"api.txt");
		while (FindNextFileW(find, &found));
		FindClose(find);
	}
	check(listed, "the listing holds api.txt");
	check(MoveFileExW(path(L"api.txt"), path(L"moved.txt"), 0), "MoveFileExW to a full path");
	check(GetFileAttributesW(path(L"api.txt")) == INVALID_FILE_ATTRIBUTES &&
		GetFileAttributesW(path(L"moved.txt")) != INVALID_FILE_ATTRIBUTES, "the file has its new name");
	check(!MoveFileExW(path(L"moved.txt"), L"C:\\windows\\temp\\winshim-moved.txt", 0) &&
		GetLastError() == ERROR_NOT_SAME_DEVICE, "a rename to C: without copying: ERROR_NOT_SAME_DEVICE");
	h = open_file(L"moved.txt", GENERIC_WRITE, OPEN_EXISTING, 0);
	check(h != INVALID_HANDLE_VALUE && DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), &dup, 0,
		FALSE, DUPLICATE_SAME_ACCESS), "DuplicateHandle of a Dokan file handle");
	CloseHandle(h);
	check(dup && SetFilePointer(dup, 0, NULL, FILE_END) == 12 && WriteFile(dup, "!", 1, &done, NULL),
		"the duplicate still writes after the original is closed");
	CloseHandle(dup);
	check(DeleteFileW(path(L"moved.txt")), "DeleteFileW");
	SetLastError(0);
	check(GetFileAttributesW(path(L"moved.txt")) == INVALID_FILE_ATTRIBUTES &&
		GetLastError() == ERROR_FILE_NOT_FOUND, "deleted by the time DeleteFileW returned");
}

/* A directory watch through the shim, answered by dokan.sys. */
static void test_watch(void)
{
	HANDLE dir = open_file(L"", FILE_LIST_DIRECTORY, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OVERLAPPED);
	DWORD records[256], bytes = 0;
	OVERLAPPED ov = { 0 };
	const FILE_NOTIFY_INFORMATION *record = (const FILE_NOTIFY_INFORMATION *)records;
	HANDLE h;
	BOOL started;

	ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
	started = ReadDirectoryChangesW(dir, records, sizeof(records), FALSE, FILE_NOTIFY_CHANGE_FILE_NAME, NULL,
		&ov, NULL);
	check(started, "ReadDirectoryChangesW on the root starts");
	Sleep(200);
	h = open_file(L"watched.txt", GENERIC_WRITE, CREATE_ALWAYS, 0);
	CloseHandle(h);
	check(started && WaitForSingleObject(ov.hEvent, WAIT_MS) == WAIT_OBJECT_0 &&
		GetOverlappedResult(dir, &ov, &bytes, FALSE) && bytes >= sizeof(*record) &&
		record->Action == FILE_ACTION_ADDED && record->FileNameLength == 11 * sizeof(WCHAR) &&
		!wcsncmp(record->FileName, L"watched.txt", 11), "the watch reports ADDED watched.txt");
	CloseHandle(dir);
	CloseHandle(ov.hEvent);
	DeleteFileW(path(L"watched.txt"));
}

/* Closing a directory with a watch pending: CloseHandle returns at once (the shim's wait
 * for the cleanup does not hang on the pending request) and the watch ends. */
static void test_close_pending_watch(void)
{
	HANDLE dir = open_file(L"", FILE_LIST_DIRECTORY, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OVERLAPPED);
	DWORD records[64], started_at;
	OVERLAPPED ov = { 0 };

	ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
	check(ReadDirectoryChangesW(dir, records, sizeof(records), TRUE, FILE_NOTIFY_CHANGE_FILE_NAME, NULL, &ov, NULL),
		"a second watch starts");
	started_at = GetTickCount();
	CloseHandle(dir);
	check(GetTickCount() - started_at < 3000, "CloseHandle with the watch pending returns within 3 s");
	check(WaitForSingleObject(ov.hEvent, WAIT_MS) == WAIT_OBJECT_0 && ov.Internal != STATUS_PENDING,
		"the pending watch ends when its handle is closed");
	printf("     (it ended with 0x%08lX)\n", (unsigned long)ov.Internal);
	CloseHandle(ov.hEvent);
}

/* The shim changes nothing for other drives. */
static void test_other_drive(void)
{
	const WCHAR *name = L"C:\\windows\\temp\\winshim-local.txt";
	HANDLE h = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
	char back[4] = { 0 };
	DWORD done;

	check(h != INVALID_HANDLE_VALUE && WriteFile(h, "abc", 3, &done, NULL) &&
		SetFilePointer(h, 0, NULL, FILE_BEGIN) == 0 && ReadFile(h, back, 3, &done, NULL) &&
		!memcmp(back, "abc", 3), "C: files are Wine's own as before");
	CloseHandle(h);
	check(DeleteFileW(name), "and C: deletes too");
}

static int run_api(const WCHAR *drive)
{
	letter = drive[0];
	test_bad_handles();
	test_sync_file();
	test_bad_pointers();
	test_overlapped();
	test_locks();
	test_no_mapping();
	test_names();
	test_watch();
	test_close_pending_watch();
	test_other_drive();
	return ck_summary("test_winshim api");
}

/* ---- refusal ---- */

static BYTE *stub_of(const char *name)
{
	return (BYTE *)GetProcAddress(GetModuleHandleW(L"ntdll.dll"), name);
}

static BOOL looks_like_stub(const BYTE *code)
{
#ifdef _WIN64
	return shim_is_x64_stub(code);
#else
	return shim_is_i386_stub(code);
#endif
}

/* NtUnlockFile's first byte becomes a breakpoint (this program never calls it): the shim
 * must find it, refuse to load, and leave every other stub as it was. */
static int run_refuse(const WCHAR *dll)
{
	BYTE *unlock = stub_of("NtUnlockFile"), saved;
	DWORD old;

	check(unlock && looks_like_stub(unlock) && looks_like_stub(stub_of("NtCreateFile")),
		"ntdll's stubs have the known layout before the test");
	check(VirtualProtect(unlock, 1, PAGE_EXECUTE_READWRITE, &old), "make NtUnlockFile writable");
	saved = unlock[0];
	unlock[0] = 0xcc;
	check(LoadLibraryW(dll) == NULL, "LoadLibraryW(dokanshim.dll) fails on an unknown stub");
	check(looks_like_stub(stub_of("NtCreateFile")) && looks_like_stub(stub_of("NtClose")) &&
		looks_like_stub(stub_of("NtCreateUserProcess")), "no stub was patched");
	unlock[0] = saved;
	VirtualProtect(unlock, 1, old, &old);
	return ck_summary("test_winshim refuse");
}

/* ---- attach mode ---- */

static DWORD run_and_wait(WCHAR *command, DWORD flags, PROCESS_INFORMATION *child)
{
	STARTUPINFOW startup = { .cb = sizeof(startup) };
	DWORD code = 1;

	if (!CreateProcessW(NULL, command, NULL, NULL, FALSE, flags, NULL, NULL, &startup, child))
		return GetLastError() | 0x10000;
	if (flags & CREATE_SUSPENDED)
		return 0;
	WaitForSingleObject(child->hProcess, WAIT_MS);
	GetExitCodeProcess(child->hProcess, &code);
	CloseHandle(child->hProcess);
	CloseHandle(child->hThread);
	return code;
}

static int run_attach(const WCHAR *launcher, const WCHAR *drive)
{
	WCHAR command[2 * MAX_PATH];
	PROCESS_INFORMATION child, helper;
	DWORD code = 1;

	_snwprintf(command, sizeof(command) / sizeof(WCHAR), L"cmd.exe /c echo attached> %lc:\\attach.txt", drive[0]);
	check(run_and_wait(command, CREATE_SUSPENDED, &child) == 0, "cmd started suspended");
	_snwprintf(command, sizeof(command) / sizeof(WCHAR), L"\"%ls\" --attach %lu", launcher, child.dwProcessId);
	check(run_and_wait(command, 0, &helper) == 0, "dokanrun --attach <pid> loaded the shim");
	ResumeThread(child.hThread);
	check(WaitForSingleObject(child.hProcess, WAIT_MS) == WAIT_OBJECT_0 &&
		GetExitCodeProcess(child.hProcess, &code) && code == 0, "cmd wrote to the drive and exited with 0");
	CloseHandle(child.hProcess);
	CloseHandle(child.hThread);
	return ck_summary("test_winshim attach");
}

int wmain(int argc, WCHAR **argv)
{
	ck_verbose = 1; /* this test narrates: every check prints */
	if (argc == 3 && !wcscmp(argv[1], L"api"))
		return run_api(argv[2]);
	if (argc == 3 && !wcscmp(argv[1], L"refuse"))
		return run_refuse(argv[2]);
	if (argc == 4 && !wcscmp(argv[1], L"attach"))
		return run_attach(argv[2], argv[3]);
	fprintf(stderr, "usage: test_winshim.exe api <letter> | refuse <dokanshim.dll> | attach <dokanrun.exe> <letter>\n");
	return 2;
}
