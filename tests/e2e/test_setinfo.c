// SPDX-License-Identifier: LGPL-3.0-or-later
// test_setinfo.c - IRP_MJ_SET_INFORMATION through the real stack (iohost -> dokan.sys ->
// dokan.dll -> a file system), checked on the mirrored folder itself; and
// DokanOpenRequestorToken / DokanResetTimeout through tokenfs.exe.
//   test_setinfo mirror <letter> <folder>   attributes, times, deletion, sizes, renames
//   test_setinfo token <letter>             requestor tokens and request deadlines
#include "ioclient.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <stddef.h>
#include "check.h"

#define expect(ok, what, status) CHECK(ok, "%s (%s)", what, CK_ST(status))
#define expect_status(got, want, what) CHECK_STATUS(got, want, "%s", what)

static WCHAR letter;
static const WCHAR *folder;

/* "S:\rel" through the volume, "<folder>\rel" on the host. */
static const WCHAR *vol(const WCHAR *rel)
{
	static WCHAR buffers[4][MAX_PATH];
	static int next;
	WCHAR *out = buffers[next++ % 4];
	swprintf(out, MAX_PATH, L"%lc:\\%ls", letter, rel);
	return out;
}

static const WCHAR *host(const WCHAR *rel)
{
	static WCHAR buffers[4][MAX_PATH];
	static int next;
	WCHAR *out = buffers[next++ % 4];
	swprintf(out, MAX_PATH, L"%ls\\%ls", folder, rel);
	return out;
}

static BOOL host_exists(const WCHAR *rel)
{
	return GetFileAttributesW(host(rel)) != INVALID_FILE_ATTRIBUTES;
}

static void host_write(const WCHAR *rel, const char *data, DWORD size)
{
	HANDLE file = CreateFileW(host(rel), GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
	DWORD written = 0;
	if (file == INVALID_HANDLE_VALUE) {
		CK_FAIL("setup: cannot create %ls (%lu)", host(rel), GetLastError());
		return;
	}
	WriteFile(file, data, size, &written, NULL);
	CloseHandle(file);
}

static LONGLONG host_size(const WCHAR *rel)
{
	WIN32_FILE_ATTRIBUTE_DATA data;
	if (!GetFileAttributesExW(host(rel), GetFileExInfoStandard, &data))
		return -1;
	return ((LONGLONG)data.nFileSizeHigh << 32) | data.nFileSizeLow;
}

static BOOL host_times(const WCHAR *rel, FILETIME *access, FILETIME *write)
{
	WIN32_FILE_ATTRIBUTE_DATA data;
	if (!GetFileAttributesExW(host(rel), GetFileExInfoStandard, &data))
		return FALSE;
	*access = data.ftLastAccessTime;
	*write = data.ftLastWriteTime;
	return TRUE;
}

static LONGLONG ft(FILETIME t)
{
	return ((LONGLONG)t.dwHighDateTime << 32) | t.dwLowDateTime;
}

static NTSTATUS open_file(const WCHAR *rel, ULONG access, ULONG options, ioc_file *file)
{
	return ioc_open(vol(rel), access | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
		FILE_OPEN, options | FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, file, NULL);
}

/* FileNameInformation, answered by the driver from the FCB. */
static BOOL name_is(ioc_file file, const WCHAR *want)
{
	BYTE buffer[1024];
	FILE_NAME_INFORMATION *info = (FILE_NAME_INFORMATION *)buffer;
	ULONG got = 0;
	NTSTATUS status = ioc_query_info(file, FileNameInformation, buffer, sizeof(buffer) - sizeof(WCHAR), &got);
	if (status != STATUS_SUCCESS)
		return FALSE;
	info->FileName[info->FileNameLength / sizeof(WCHAR)] = 0;
	if (wcscmp(info->FileName, want)) {
		printf("  name is %ls, expected %ls\n", info->FileName, want);
		return FALSE;
	}
	return TRUE;
}

static NTSTATUS set_basic(ioc_file file, ULONG attributes, LONGLONG creation, LONGLONG access, LONGLONG write)
{
	FILE_BASIC_INFORMATION basic;
	memset(&basic, 0, sizeof(basic));
	basic.FileAttributes = attributes;
	basic.CreationTime.QuadPart = creation;
	basic.LastAccessTime.QuadPart = access;
	basic.LastWriteTime.QuadPart = write;
	return ioc_set_info(file, FileBasicInformation, &basic, sizeof(basic));
}

static NTSTATUS set_size(ioc_file file, ULONG infoClass, LONGLONG size)
{
	LARGE_INTEGER value;
	value.QuadPart = size;
	return ioc_set_info(file, infoClass, &value, sizeof(value));
}

/* ---- the mirror cases ---- */

static void test_attributes_and_times(void)
{
	const LONGLONG t1 = 132223104000000000LL; /* 2020-01-01 00:00:00 UTC */
	const LONGLONG t2 = 132539328000000000LL; /* 2021-01-01 */
	FILETIME access, write;
	ioc_file file;
	NTSTATUS status;

	host_write(L"attr.txt", "attributes", 10);
	status = open_file(L"attr.txt", FILE_WRITE_ATTRIBUTES | FILE_READ_ATTRIBUTES, FILE_NON_DIRECTORY_FILE, &file);
	expect_status(status, STATUS_SUCCESS, "open attr.txt");
	if (status)
		return;
	expect_status(set_basic(file, FILE_ATTRIBUTE_READONLY, 0, 0, 0), STATUS_SUCCESS, "basic: set read-only");
	expect(GetFileAttributesW(host(L"attr.txt")) & FILE_ATTRIBUTE_READONLY, "read-only on the host", 0);
	expect_status(set_basic(file, 0, 0, 0, 0), STATUS_SUCCESS, "basic: all unchanged (0)");
	expect(GetFileAttributesW(host(L"attr.txt")) & FILE_ATTRIBUTE_READONLY, "attributes 0 leave read-only", 0);
	expect_status(set_basic(file, FILE_ATTRIBUTE_NORMAL, 0, 0, 0), STATUS_SUCCESS, "basic: clear");
	expect(!(GetFileAttributesW(host(L"attr.txt")) & FILE_ATTRIBUTE_READONLY), "read-only cleared on the host", 0);

	expect_status(set_basic(file, 0, 0, 0, t1), STATUS_SUCCESS, "basic: last write time");
	expect(host_times(L"attr.txt", &access, &write) && ft(write) == t1, "last write time on the host", 0);
	expect_status(set_basic(file, 0, 0, t2, 0), STATUS_SUCCESS, "basic: last access time, write 0");
	expect(host_times(L"attr.txt", &access, &write) && ft(access) == t2 && ft(write) == t1,
		"access time set, write time unchanged by 0", 0);
	expect_status(set_basic(file, 0, 0, -1, -1), STATUS_SUCCESS, "basic: times -1");
	expect(host_times(L"attr.txt", &access, &write) && ft(access) == t2 && ft(write) == t1,
		"times -1 leave both unchanged", 0);
	ioc_close(file);
}

static void test_delete(void)
{
	ioc_file file, dir;
	NTSTATUS status;

	host_write(L"del.txt", "x", 1);
	status = open_file(L"del.txt", DELETE, FILE_NON_DIRECTORY_FILE, &file);
	expect_status(status, STATUS_SUCCESS, "open del.txt for delete");
	if (!status) {
		expect_status(ioc_set_disposition(file, TRUE), STATUS_SUCCESS, "disposition TRUE");
		expect(host_exists(L"del.txt"), "del.txt still there before the close", 0);
		ioc_close(file);
		expect(!host_exists(L"del.txt"), "del.txt gone after the close", 0);
	}

	host_write(L"keep.txt", "x", 1);
	status = open_file(L"keep.txt", DELETE, FILE_NON_DIRECTORY_FILE, &file);
	expect_status(status, STATUS_SUCCESS, "open keep.txt for delete");
	if (!status) {
		expect_status(ioc_set_disposition(file, TRUE), STATUS_SUCCESS, "disposition TRUE on keep.txt");
		expect_status(ioc_set_disposition(file, FALSE), STATUS_SUCCESS, "disposition FALSE on keep.txt");
		ioc_close(file);
		expect(host_exists(L"keep.txt"), "keep.txt kept after TRUE then FALSE", 0);
	}

	host_write(L"ro.txt", "x", 1);
	SetFileAttributesW(host(L"ro.txt"), FILE_ATTRIBUTE_READONLY);
	status = open_file(L"ro.txt", DELETE, FILE_NON_DIRECTORY_FILE, &file);
	if (!status) {
		expect_status(ioc_set_disposition(file, TRUE), STATUS_CANNOT_DELETE, "disposition on a read-only file");
		ioc_close(file);
	}
	SetFileAttributesW(host(L"ro.txt"), FILE_ATTRIBUTE_NORMAL);
	expect(host_exists(L"ro.txt"), "read-only file kept", 0);

	CreateDirectoryW(host(L"full"), NULL);
	host_write(L"full\\x.txt", "x", 1);
	status = open_file(L"full", DELETE, FILE_DIRECTORY_FILE, &dir);
	expect_status(status, STATUS_SUCCESS, "open directory full");
	if (!status) {
		expect_status(ioc_set_disposition(dir, TRUE), STATUS_DIRECTORY_NOT_EMPTY, "disposition on a non-empty directory");
		ioc_close(dir);
		expect(host_exists(L"full\\x.txt"), "non-empty directory kept", 0);
	}
	CreateDirectoryW(host(L"empty"), NULL);
	status = open_file(L"empty", DELETE, FILE_DIRECTORY_FILE, &dir);
	expect_status(status, STATUS_SUCCESS, "open directory empty");
	if (!status) {
		expect_status(ioc_set_disposition(dir, TRUE), STATUS_SUCCESS, "disposition on an empty directory");
		ioc_close(dir);
		expect(!host_exists(L"empty"), "empty directory gone after the close", 0);
	}
	status = open_file(L"", DELETE, FILE_DIRECTORY_FILE, &dir);
	if (!status) {
		expect_status(ioc_set_disposition(dir, TRUE), STATUS_CANNOT_DELETE, "disposition on the root");
		ioc_close(dir);
	}

	/* docs/differences.md D3: the FILE_DELETE_ON_CLOSE create option deletes, a disposition
	 * cannot undo it */
	host_write(L"doc.txt", "x", 1);
	status = open_file(L"doc.txt", DELETE, FILE_NON_DIRECTORY_FILE | FILE_DELETE_ON_CLOSE, &file);
	expect_status(status, STATUS_SUCCESS, "open doc.txt with FILE_DELETE_ON_CLOSE");
	if (!status) {
		expect_status(ioc_set_disposition(file, FALSE), STATUS_SUCCESS, "disposition FALSE on a delete-on-close handle");
		ioc_close(file);
		expect(!host_exists(L"doc.txt"), "doc.txt gone after the close", 0);
	}
	status = ioc_open(vol(L"docnew.txt"), DELETE | FILE_WRITE_DATA | SYNCHRONIZE, 0, FILE_CREATE,
		FILE_NON_DIRECTORY_FILE | FILE_DELETE_ON_CLOSE | FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, &file, NULL);
	expect_status(status, STATUS_SUCCESS, "create docnew.txt with FILE_DELETE_ON_CLOSE");
	if (!status) {
		expect(host_exists(L"docnew.txt"), "docnew.txt exists while open", 0);
		ioc_close(file);
		expect(!host_exists(L"docnew.txt"), "docnew.txt gone after the close", 0);
	}
}

static BOOL enable_privilege(const WCHAR *name, BOOL enable)
{
	TOKEN_PRIVILEGES change = { 1, { { { 0, 0 }, enable ? SE_PRIVILEGE_ENABLED : 0 } } };
	HANDLE token;
	BOOL ok;

	if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES, &token))
		return FALSE;
	ok = LookupPrivilegeValueW(NULL, name, &change.Privileges[0].Luid) &&
		AdjustTokenPrivileges(token, FALSE, &change, 0, NULL, NULL) && GetLastError() == ERROR_SUCCESS;
	CloseHandle(token);
	return ok;
}

/* 0.6.0 passed the valid data length to SetEndOfFile and truncated the file (data loss).
 * As on NTFS it needs SE_MANAGE_VOLUME_NAME, and since every byte of a Dokan file is valid
 * data it can neither shrink nor pass the end: only the file's size succeeds. */
static void test_valid_data_length(ioc_file file)
{
	expect(enable_privilege(SE_MANAGE_VOLUME_NAME, FALSE), "manage-volume privilege disabled", 0);
	expect_status(set_size(file, FileValidDataLengthInformation, 100), STATUS_PRIVILEGE_NOT_HELD,
		"valid data length without the privilege");
	expect(enable_privilege(SE_MANAGE_VOLUME_NAME, TRUE), "manage-volume privilege enabled", 0);
	expect_status(set_size(file, FileValidDataLengthInformation, 20), STATUS_INVALID_PARAMETER,
		"valid data length: shrink");
	expect(host_size(L"size.bin") == 100, "a refused valid data length keeps the size", 0);
	expect_status(set_size(file, FileValidDataLengthInformation, 100), STATUS_SUCCESS,
		"valid data length: the size");
	expect_status(set_size(file, FileValidDataLengthInformation, 200), STATUS_INVALID_PARAMETER,
		"valid data length beyond the end");
	expect(host_size(L"size.bin") == 100, "the size is kept", 0);
	enable_privilege(SE_MANAGE_VOLUME_NAME, FALSE);
}

static void test_sizes(void)
{
	static char data[1000];
	FILE_STANDARD_INFORMATION standard;
	ioc_file file;
	ULONG got;
	NTSTATUS status;

	host_write(L"size.bin", data, sizeof(data));
	status = open_file(L"size.bin", FILE_WRITE_DATA | FILE_READ_ATTRIBUTES, FILE_NON_DIRECTORY_FILE, &file);
	expect_status(status, STATUS_SUCCESS, "open size.bin");
	if (status)
		return;
	expect_status(set_size(file, FileEndOfFileInformation, 5000), STATUS_SUCCESS, "end of file: grow");
	expect(host_size(L"size.bin") == 5000, "grown to 5000 on the host", 0);
	expect_status(set_size(file, FileEndOfFileInformation, 10), STATUS_SUCCESS, "end of file: shrink");
	expect(host_size(L"size.bin") == 10, "shrunk to 10 on the host", 0);
	status = ioc_query_info(file, FileStandardInformation, &standard, sizeof(standard), &got);
	expect(status == STATUS_SUCCESS && standard.EndOfFile.QuadPart == 10, "the volume reports 10", status);
	expect_status(set_size(file, FileEndOfFileInformation, -5), STATUS_INVALID_PARAMETER, "end of file: negative");
	expect_status(set_size(file, FileAllocationInformation, 4096), STATUS_SUCCESS, "allocation: larger");
	expect(host_size(L"size.bin") == 10, "a larger allocation keeps the size", 0);
	expect_status(set_size(file, FileAllocationInformation, 4), STATUS_SUCCESS, "allocation: smaller");
	expect(host_size(L"size.bin") == 4, "a smaller allocation truncates", 0);
	expect_status(set_size(file, FileEndOfFileInformation, 100), STATUS_SUCCESS, "end of file: 100");
	test_valid_data_length(file);
	expect_status(set_size(file, FileEndOfFileInformation, 0), STATUS_SUCCESS, "end of file: 0");
	expect(host_size(L"size.bin") == 0, "truncated to 0", 0);
	ioc_close(file);
}

static BOOL host_content_is(const WCHAR *rel, const char *want)
{
	char buffer[64] = { 0 };
	DWORD got = 0;
	HANDLE file = CreateFileW(host(rel), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
	if (file == INVALID_HANDLE_VALUE)
		return FALSE;
	ReadFile(file, buffer, sizeof(buffer) - 1, &got, NULL);
	CloseHandle(file);
	return !strcmp(buffer, want);
}

static void test_rename_files(void)
{
	ioc_file file, other;
	NTSTATUS status;
	WCHAR target[MAX_PATH];

	CreateDirectoryW(host(L"ren"), NULL);
	CreateDirectoryW(host(L"ren2"), NULL);
	host_write(L"ren\\a.txt", "A", 1);
	status = open_file(L"ren\\a.txt", DELETE | FILE_READ_DATA, FILE_NON_DIRECTORY_FILE, &file);
	expect_status(status, STATUS_SUCCESS, "open ren\\a.txt");
	if (status)
		return;
	expect_status(ioc_rename(file, L"b.txt", FALSE), STATUS_SUCCESS, "rename to a bare name");
	expect(!host_exists(L"ren\\a.txt") && host_exists(L"ren\\b.txt"), "a.txt became b.txt on the host", 0);
	expect(name_is(file, L"\\ren\\b.txt"), "the handle's name is the full new path", 0);

	swprintf(target, MAX_PATH, L"%lc:\\ren2\\c.txt", letter);
	expect_status(ioc_rename(file, target, FALSE), STATUS_SUCCESS, "rename to a full path in another directory");
	expect(!host_exists(L"ren\\b.txt") && host_content_is(L"ren2\\c.txt", "A"), "moved on the host", 0);
	expect(name_is(file, L"\\ren2\\c.txt"), "the handle's name after the move", 0);

	/* a later open of the new name and of the old one */
	status = open_file(L"ren2\\c.txt", FILE_READ_ATTRIBUTES, 0, &other);
	expect_status(status, STATUS_SUCCESS, "open the new name");
	if (!status)
		ioc_close(other);
	status = open_file(L"ren\\b.txt", FILE_READ_ATTRIBUTES, 0, &other);
	expect(status == STATUS_OBJECT_NAME_NOT_FOUND, "the old name is gone", status);
	if (!status)
		ioc_close(other);

	host_write(L"ren2\\exists.txt", "E", 1);
	expect_status(ioc_rename(file, L"exists.txt", FALSE), STATUS_OBJECT_NAME_COLLISION,
		"rename onto an existing name without ReplaceIfExists");
	expect(host_content_is(L"ren2\\c.txt", "A") && host_content_is(L"ren2\\exists.txt", "E"), "both files intact", 0);
	expect_status(ioc_rename(file, L"exists.txt", TRUE), STATUS_SUCCESS, "rename with ReplaceIfExists");
	expect(!host_exists(L"ren2\\c.txt") && host_content_is(L"ren2\\exists.txt", "A"), "the target was replaced", 0);
	expect(name_is(file, L"\\ren2\\exists.txt"), "the handle's name after the replace", 0);

	swprintf(target, MAX_PATH, L"%lc:\\ren2\\exists.txt", letter);
	host_write(L"ren\\z.txt", "Z", 1);
	status = open_file(L"ren\\z.txt", DELETE, FILE_NON_DIRECTORY_FILE, &other);
	if (!status) {
		expect_status(ioc_rename(other, target, FALSE), STATUS_OBJECT_NAME_COLLISION,
			"full-path rename onto an existing name without ReplaceIfExists");
		ioc_close(other);
	}
	host_write(L"ren\\y.txt", "Y", 1);
	status = open_file(L"ren\\y.txt", DELETE, FILE_NON_DIRECTORY_FILE, &other);
	if (!status) {
		/* as NTFS: `file` has the target open, so it cannot be replaced */
		expect_status(ioc_rename(other, target, TRUE), STATUS_ACCESS_DENIED,
			"full-path rename with ReplaceIfExists onto a file that is open");
		expect(host_exists(L"ren\\y.txt") && host_content_is(L"ren2\\exists.txt", "A"),
			"a refused replace changes nothing", 0);
		expect_status(ioc_rename(file, L"held.txt", FALSE), STATUS_SUCCESS, "the open target moves away");
		host_write(L"ren2\\exists.txt", "E", 1);
		expect_status(ioc_rename(other, target, TRUE), STATUS_SUCCESS,
			"full-path rename onto an existing name with ReplaceIfExists");
		ioc_close(other);
		expect(!host_exists(L"ren\\y.txt") && host_content_is(L"ren2\\exists.txt", "Y"), "replaced through a full path", 0);
	}
	swprintf(target, MAX_PATH, L"%lc:\\nowhere\\x.txt", letter);
	expect_status(ioc_rename(file, target, FALSE), STATUS_OBJECT_PATH_NOT_FOUND, "rename into a missing directory");

	swprintf(target, MAX_PATH, L"%lc:\\ren2\\link.txt", letter);
	expect_status(ioc_rename_ex(file, 11 /* FileLinkInformation */, 0, target, (ULONG)wcslen(target), FALSE),
		STATUS_NOT_SUPPORTED, "hard link");
	{
		BYTE shortName[64] = { 0 };
		((FILE_NAME_INFORMATION *)shortName)->FileNameLength = 2;
		((FILE_NAME_INFORMATION *)shortName)->FileName[0] = L'X';
		expect_status(ioc_set_info(file, FileShortNameInformation, shortName, sizeof(shortName)),
			STATUS_NOT_IMPLEMENTED, "a class the volume does not serve "
			"(docs/differences.md D5: Wine's answer)");
	}
	ioc_close(file);
}

/* Names that would leave the mirrored folder once the file system's Win32 calls
 * normalise them ("..") are refused before they reach it, as NTFS refuses them. */
static void test_rename_escapes(void)
{
	ioc_file file;
	WCHAR target[MAX_PATH];
	NTSTATUS status;

	host_write(L"stay.txt", "S", 1);
	status = open_file(L"stay.txt", DELETE | FILE_READ_DATA, FILE_NON_DIRECTORY_FILE, &file);
	expect_status(status, STATUS_SUCCESS, "open stay.txt");
	if (status)
		return;
	expect_status(ioc_rename(file, L"..", FALSE), STATUS_OBJECT_NAME_INVALID, "rename to the bare name ..");
	swprintf(target, MAX_PATH, L"%lc:\\..\\..\\escaped.txt", letter);
	expect_status(ioc_rename(file, target, FALSE), STATUS_OBJECT_NAME_INVALID, "rename to a path with .. components");
	swprintf(target, MAX_PATH, L"%lc:\\ren2\\bad*name.txt", letter);
	expect_status(ioc_rename(file, target, FALSE), STATUS_OBJECT_NAME_INVALID, "rename to a name with a wildcard");
	ioc_close(file);
	expect(host_content_is(L"stay.txt", "S"), "the file stayed where it was", 0);
}

static void test_rename_directory(void)
{
	ioc_file dir = 0, child = 0, again = 0;
	NTSTATUS status;
	BYTE buffer[16];
	ULONG got = 0;

	CreateDirectoryW(host(L"tree"), NULL);
	CreateDirectoryW(host(L"tree\\sub"), NULL);
	CreateDirectoryW(host(L"tree\\sub\\deep"), NULL);
	host_write(L"tree\\sub\\leaf.txt", "leaf", 4);
	host_write(L"tree\\sub\\deep\\d.txt", "d", 1);
	status = open_file(L"tree\\sub\\leaf.txt", FILE_READ_DATA, FILE_NON_DIRECTORY_FILE, &child);
	expect_status(status, STATUS_SUCCESS, "open the child");
	if (status)
		return;
	status = open_file(L"tree\\sub\\deep\\d.txt", FILE_READ_DATA, FILE_NON_DIRECTORY_FILE, &again);
	expect_status(status, STATUS_SUCCESS, "open the grandchild");
	status = open_file(L"tree\\sub", DELETE, FILE_DIRECTORY_FILE, &dir);
	expect_status(status, STATUS_SUCCESS, "open the directory");
	if (!status) {
		expect_status(ioc_rename(dir, L"moved", FALSE), STATUS_SUCCESS, "rename a directory with open children");
		expect(!host_exists(L"tree\\sub") && host_exists(L"tree\\moved\\leaf.txt"), "renamed on the host", 0);
		expect(name_is(dir, L"\\tree\\moved"), "the directory's name", 0);
		expect(name_is(child, L"\\tree\\moved\\leaf.txt"), "the open child's name follows", 0);
		expect(name_is(again, L"\\tree\\moved\\deep\\d.txt"), "the open grandchild's name follows", 0);
		status = ioc_read(child, 0, buffer, sizeof(buffer), &got);
		expect(status == STATUS_SUCCESS && got == 4 && !memcmp(buffer, "leaf", 4), "the child still reads", status);
		ioc_close(again);
		status = ioc_open_relative(dir, L"deep\\d.txt", FILE_READ_DATA | SYNCHRONIZE, FILE_SHARE_READ, FILE_OPEN,
			FILE_NON_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, &again, NULL);
		expect_status(status, STATUS_SUCCESS, "an open relative to the renamed directory");
		if (!status) {
			expect(name_is(again, L"\\tree\\moved\\deep\\d.txt"), "its name uses the new path", 0);
			ioc_close(again);
		}
		ioc_close(dir);
	} else {
		ioc_close(again);
	}
	ioc_close(child);
	status = open_file(L"tree\\sub\\leaf.txt", FILE_READ_ATTRIBUTES, 0, &again);
	expect(status == STATUS_OBJECT_PATH_NOT_FOUND || status == STATUS_OBJECT_NAME_NOT_FOUND,
		"the old child path is gone", status);
	if (!status)
		ioc_close(again);
	status = open_file(L"tree\\moved\\leaf.txt", FILE_READ_ATTRIBUTES, 0, &again);
	expect_status(status, STATUS_SUCCESS, "the new child path opens");
	if (!status)
		ioc_close(again);
}

/* ---- change notifications the set-information paths report ---- */

typedef struct CHANGES {
	char text[1024]; /* "action:name " per record, e.g. "3:f.txt 4:f.txt 5:g.txt " */
} CHANGES;

static void add_records(CHANGES *changes, const BYTE *buffer, ULONG got)
{
	ULONG offset = 0;
	while (got && offset + offsetof(FILE_NOTIFY_INFORMATION, FileName) <= got) {
		const FILE_NOTIFY_INFORMATION *record = (const FILE_NOTIFY_INFORMATION *)(buffer + offset);
		size_t used = strlen(changes->text);
		snprintf(changes->text + used, sizeof(changes->text) - used, "%lu:%.*ls ", (unsigned long)record->Action,
			(int)(record->FileNameLength / sizeof(WCHAR)), record->FileName);
		if (!record->NextEntryOffset)
			break;
		offset += record->NextEntryOffset;
	}
}

/* Watches the directory while `op` runs, then collects records until `want` of them
 * arrived or 3 s passed. */
static void watch(ioc_file dir, void (*op)(void *), void *context, int want, CHANGES *changes)
{
	BYTE buffer[4096];
	IOC_PENDING *pending;
	DWORD start = GetTickCount();
	int records = 0;
	ULONG got;
	NTSTATUS status;
	const char *p;

	changes->text[0] = 0;
	status = ioc_notify_begin(dir, 0x17F /* every FILE_NOTIFY_CHANGE_* */, FALSE, sizeof(buffer), &pending);
	if (status != STATUS_PENDING) {
		snprintf(changes->text, sizeof(changes->text), "begin failed 0x%08lX", (unsigned long)status);
		return;
	}
	op(context);
	for (;;) {
		got = 0;
		status = ioc_notify_end(pending, 3000 - min(3000, GetTickCount() - start), buffer, sizeof(buffer), &got);
		if (status == STATUS_TIMEOUT) {
			ioc_notify_cancel(pending);
			ioc_notify_end(pending, 3000, buffer, sizeof(buffer), &got);
			return;
		}
		add_records(changes, buffer, got);
		for (records = 0, p = changes->text; (p = strchr(p, ' ')); p++)
			records++;
		if (status != STATUS_SUCCESS || records >= want || GetTickCount() - start >= 3000)
			return;
		if (ioc_notify_begin(dir, 0x17F, FALSE, sizeof(buffer), &pending) != STATUS_PENDING)
			return;
	}
}

static ioc_file watched_file;

static void op_set_size(void *unused)
{
	set_size(watched_file, FileEndOfFileInformation, 3);
}

static void op_set_attributes(void *unused)
{
	set_basic(watched_file, FILE_ATTRIBUTE_READONLY, 0, 0, 0);
	set_basic(watched_file, FILE_ATTRIBUTE_NORMAL, 0, 0, 0);
}

static void op_rename(void *name)
{
	ioc_rename(watched_file, name, FALSE);
}

static void op_close(void *unused)
{
	ioc_close(watched_file);
}

static void expect_changes(const CHANGES *changes, const char *want, const char *what)
{
	CHECK(!strcmp(changes->text, want), "%s: changes \"%s\", expected \"%s\"", what, changes->text, want);
}

static void test_notifications(void)
{
	CHANGES changes;
	WCHAR target[MAX_PATH];
	ioc_file dir;
	NTSTATUS status;

	CreateDirectoryW(host(L"watch"), NULL);
	CreateDirectoryW(host(L"watch2"), NULL);
	host_write(L"watch\\f.txt", "12345", 5);
	status = open_file(L"watch", FILE_LIST_DIRECTORY, FILE_DIRECTORY_FILE, &dir);
	expect_status(status, STATUS_SUCCESS, "open the watched directory");
	if (status)
		return;
	status = open_file(L"watch\\f.txt", DELETE | FILE_WRITE_DATA | FILE_WRITE_ATTRIBUTES, FILE_NON_DIRECTORY_FILE,
		&watched_file);
	expect_status(status, STATUS_SUCCESS, "open watch\\f.txt");
	if (!status) {
		watch(dir, op_set_size, NULL, 1, &changes);
		expect_changes(&changes, "3:f.txt ", "end of file reports MODIFIED");
		watch(dir, op_set_attributes, NULL, 2, &changes);
		expect(!strncmp(changes.text, "3:f.txt ", 8), "attributes report MODIFIED", 0);
		if (strncmp(changes.text, "3:f.txt ", 8))
			printf("  changes: %s\n", changes.text);
		watch(dir, op_rename, L"g.txt", 2, &changes);
		expect_changes(&changes, "4:f.txt 5:g.txt ", "a rename in the directory reports OLD_NAME, NEW_NAME");
		swprintf(target, MAX_PATH, L"%lc:\\watch2\\h.txt", letter);
		watch(dir, op_rename, target, 1, &changes);
		expect_changes(&changes, "2:g.txt ", "a move to another directory reports REMOVED in the old one");
		swprintf(target, MAX_PATH, L"%lc:\\watch\\i.txt", letter);
		watch(dir, op_rename, target, 1, &changes);
		expect_changes(&changes, "1:i.txt ", "a move into the directory reports ADDED");
		expect_status(ioc_set_disposition(watched_file, TRUE), STATUS_SUCCESS, "disposition on watch\\i.txt");
		watch(dir, op_close, NULL, 1, &changes);
		expect_changes(&changes, "2:i.txt ", "the deletion is REMOVED when the file goes, at its close");
		expect(!host_exists(L"watch\\i.txt"), "watch\\i.txt deleted", 0);
	}
	ioc_close(dir);
}

static int run_mirror(void)
{
	test_attributes_and_times();
	test_delete();
	test_sizes();
	test_rename_files();
	test_rename_escapes();
	test_rename_directory();
	test_notifications();
	return ck_summary("setinfo");
}

/* ---- tokenfs: DokanOpenRequestorToken and DokanResetTimeout ---- */

static BOOL read_all(const WCHAR *rel, char *out, ULONG capacity, NTSTATUS *status, DWORD *ms)
{
	ioc_file file;
	ULONG got = 0;
	DWORD start = GetTickCount();

	*status = open_file(rel, FILE_READ_DATA, FILE_NON_DIRECTORY_FILE, &file);
	if (*status)
		return FALSE;
	*status = ioc_read(file, 0, out, capacity - 1, &got);
	*ms = GetTickCount() - start;
	out[*status == STATUS_SUCCESS ? got : 0] = 0;
	if (!wcscmp(rel, L"kept"))
		Sleep(1500); /* tokenfs tries DokanResetTimeout on this open after its callback */
	ioc_close(file);
	return *status == STATUS_SUCCESS;
}

static long counter(const char *text, const char *name)
{
	char key[64];
	const char *at;
	snprintf(key, sizeof(key), "%s=", name);
	at = strstr(text, key);
	return at ? strtol(at + strlen(key), NULL, 0) : -1;
}

/* Which cleanups carry DeleteOnClose (tokenfs counts them for \plain): the handle's mark,
 * cleared by any handle's disposition FALSE, except after FILE_DELETE_ON_CLOSE. */
static void test_delete_marks(void)
{
	ioc_file a, b;

	if (!open_file(L"plain", DELETE, FILE_NON_DIRECTORY_FILE | FILE_DELETE_ON_CLOSE, &a)) {
		expect_status(ioc_set_disposition(a, FALSE), STATUS_SUCCESS, "disposition FALSE after FILE_DELETE_ON_CLOSE");
		ioc_close(a); /* delete 1 */
	}
	if (!open_file(L"plain", DELETE, FILE_NON_DIRECTORY_FILE, &a)) {
		expect_status(ioc_set_disposition(a, TRUE), STATUS_SUCCESS, "disposition TRUE");
		ioc_close(a); /* delete 2 */
	}
	if (!open_file(L"plain", DELETE, FILE_NON_DIRECTORY_FILE, &a)) {
		ioc_set_disposition(a, TRUE);
		expect_status(ioc_set_disposition(a, FALSE), STATUS_SUCCESS, "disposition TRUE then FALSE");
		ioc_close(a); /* keep 2 */
	}
	if (!open_file(L"plain", DELETE, FILE_NON_DIRECTORY_FILE, &a)) {
		if (!open_file(L"plain", DELETE, FILE_NON_DIRECTORY_FILE, &b)) {
			ioc_set_disposition(a, TRUE);
			expect_status(ioc_set_disposition(b, FALSE), STATUS_SUCCESS, "disposition FALSE on another handle");
			ioc_close(b); /* keep 3 */
		}
		ioc_close(a); /* keep 4: the other handle took the mark away */
	}
}

static int run_token(void)
{
	static char text[4096];
	NTSTATUS status;
	DWORD ms = 0;
	ioc_file file;

	/* creates: each one asks for the requestor's token */
	status = open_file(L"plain", FILE_READ_DATA, FILE_NON_DIRECTORY_FILE, &file);
	expect_status(status, STATUS_SUCCESS, "open plain");
	if (!status)
		ioc_close(file);
	read_all(L"short", text, sizeof(text), &status, &ms);
	expect_status(status, STATUS_IO_TIMEOUT, "a read whose callback shortened its deadline to 1 s");
	expect(ms < 4000, "it expired before the callback's 4 s sleep ended", status);
	printf("  short deadline expired after %lu ms\n", ms);
	read_all(L"kept", text, sizeof(text), &status, &ms);
	expect_status(status, STATUS_SUCCESS, "a 5 s read kept alive by 2 s deadlines renewed from another thread");
	expect(!strcmp(text, "kept\n"), "its data", status);
	printf("  kept read took %lu ms\n", ms);
	test_delete_marks();
	read_all(L"status", text, sizeof(text), &status, &ms);
	expect_status(status, STATUS_SUCCESS, "read status");
	printf("  tokenfs: %s", text);
	expect(counter(text, "token_ok") >= 9 && counter(text, "token_bad") == 0,
		"DokanOpenRequestorToken gave a token in every create", 0);
	expect(counter(text, "token_user_match") == counter(text, "token_ok"), "the token is the requestor's user", 0);
	expect(counter(text, "token_access") == 0x1E, "the token's access: query, query source, duplicate, impersonate", 0);
	expect(counter(text, "token_outside_ok") >= 1 && counter(text, "token_outside_bad") == 0,
		"no token outside a create", 0);
	expect(counter(text, "reset_create_ok") >= 9 && counter(text, "reset_create_bad") == 0,
		"DokanResetTimeout is TRUE inside a create", 0);
	expect(counter(text, "reset_nocontext_ok") >= 1 && counter(text, "reset_nocontext_bad") == 0,
		"DokanResetTimeout is FALSE without an open", 0);
	expect(counter(text, "reset_helper_ok") >= 4 && counter(text, "reset_helper_bad") == 0,
		"DokanResetTimeout from another thread during the callback", 0);
	expect(counter(text, "reset_after_bad") == 1 && counter(text, "reset_after_ok") == 0,
		"DokanResetTimeout is FALSE after the callback returned", 0);
	expect(counter(text, "cleanup_delete") == 2 && counter(text, "cleanup_keep") == 4,
		"DeleteOnClose in Cleanup follows the delete marks", 0);
	return ck_summary("token");
}

int wmain(int argc, WCHAR **argv)
{
	NTSTATUS status;

	if (argc < 3 || (wcscmp(argv[1], L"mirror") && wcscmp(argv[1], L"token")) ||
		(!wcscmp(argv[1], L"mirror") && argc < 4)) {
		fprintf(stderr, "usage: test_setinfo mirror <letter> <folder> | token <letter>\n");
		return 2;
	}
	letter = argv[2][0];
	status = ioc_connect();
	if (status) {
		printf("FAIL ioc_connect 0x%08lX\n", (unsigned long)status);
		return 1;
	}
	if (!wcscmp(argv[1], L"token"))
		return run_token();
	folder = argv[3];
	return run_mirror();
}
