// SPDX-License-Identifier: LGPL-3.0-or-later
// checks_open.c - opening files: CreateFileW's five dispositions on missing and existing
// files, opens that must fail (folders, read-only files, missing parents), sharing between
// two handles, and deleting a file that is still open.
#include "win32api.h"

#define SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

static const struct {
	DWORD value;
	const WCHAR *name;
} dispositions[] = {
	{ CREATE_NEW, L"CREATE_NEW" }, { CREATE_ALWAYS, L"CREATE_ALWAYS" },
	{ OPEN_EXISTING, L"OPEN_EXISTING" }, { OPEN_ALWAYS, L"OPEN_ALWAYS" },
	{ TRUNCATE_EXISTING, L"TRUNCATE_EXISTING" },
};

// CreateFileW reports "opened an existing file" through the last error after success, so
// the last error is cleared first and printed with the result.
static void create_once(int which, const WCHAR *state)
{
	HANDLE file;
	RESULT result;

	SetLastError(ERROR_SUCCESS);
	file = open_file(L"f.txt", GENERIC_READ | GENERIC_WRITE, 0, dispositions[which].value, 0);
	result = result_of_handle(file);
	close_handle(&file);
	say(L"CreateFileW(f.txt, %ls) on %ls file -> %ls; then f.txt: %ls", dispositions[which].name,
		state, result_text_with_error(result), content_of(L"f.txt"));
}

static void create_dispositions(void)
{
	size_t i;

	for (i = 0; i < ARRAYSIZE(dispositions); i++) {
		DeleteFileW(path_of(L"f.txt"));
		create_once(i, L"a missing");
		make_file(L"f.txt", "existing");
		create_once(i, L"an existing");
	}
}

static void say_open(const WCHAR *what, HANDLE file)
{
	RESULT result = result_of_handle(file);

	close_handle(&file);
	say(L"%ls -> %ls", what, result_text(result));
}

static void create_refusals(void)
{
	HANDLE file;

	make_folder(L"dir");
	say_open(L"CreateFileW(dir, GENERIC_READ, OPEN_EXISTING) on a folder",
		open_file(L"dir", GENERIC_READ, SHARE_ALL, OPEN_EXISTING, 0));
	say_open(L"CreateFileW(dir, GENERIC_READ, OPEN_EXISTING, BACKUP_SEMANTICS) on a folder",
		open_file(L"dir", GENERIC_READ, SHARE_ALL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS));
	say_open(L"CreateFileW(dir, GENERIC_WRITE, CREATE_ALWAYS) on a folder",
		open_file(L"dir", GENERIC_WRITE, SHARE_ALL, CREATE_ALWAYS, 0));
	say_open(L"CreateFileW(nodir\\f.txt, CREATE_NEW) in a missing folder",
		open_file(L"nodir\\f.txt", GENERIC_WRITE, 0, CREATE_NEW, 0));
	say_open(L"CreateFileW(f.txt\\x, OPEN_EXISTING) below a file",
		open_file(L"f.txt\\x", GENERIC_READ, SHARE_ALL, OPEN_EXISTING, 0));
	file = open_file(L"ro.txt", GENERIC_WRITE, 0, CREATE_NEW, FILE_ATTRIBUTE_READONLY);
	say_open(L"CreateFileW(ro.txt, CREATE_NEW, FILE_ATTRIBUTE_READONLY)", file);
	say(L"GetFileAttributesW(ro.txt) -> %ls", attributes_text(GetFileAttributesW(path_of(L"ro.txt"))));
	say_open(L"CreateFileW(ro.txt, GENERIC_WRITE, OPEN_EXISTING) on a read-only file",
		open_file(L"ro.txt", GENERIC_WRITE, SHARE_ALL, OPEN_EXISTING, 0));
	say_open(L"CreateFileW(ro.txt, GENERIC_READ, OPEN_EXISTING) on a read-only file",
		open_file(L"ro.txt", GENERIC_READ, SHARE_ALL, OPEN_EXISTING, 0));
	SetFileAttributesW(path_of(L"ro.txt"), FILE_ATTRIBUTE_NORMAL);
}

void check_create(void)
{
	group_begin(L"create");
	create_dispositions();
	create_refusals();
	say_listing(L"");
}

static const struct {
	DWORD access1, share1, access2, share2;
	const WCHAR *what;
} share_cases[] = {
	{ GENERIC_READ, FILE_SHARE_READ, GENERIC_READ, FILE_SHARE_READ, L"read/share-read, read/share-read" },
	{ GENERIC_READ, FILE_SHARE_READ, GENERIC_WRITE, SHARE_ALL, L"read/share-read, write/share-all" },
	{ GENERIC_WRITE, SHARE_ALL, GENERIC_READ, FILE_SHARE_READ, L"write/share-all, read/share-read" },
	{ GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, GENERIC_WRITE,
	  FILE_SHARE_READ | FILE_SHARE_WRITE, L"read+write/share-rw, write/share-rw" },
	{ GENERIC_READ, 0, FILE_READ_ATTRIBUTES, 0, L"read/share-none, read-attributes/share-none" },
	{ GENERIC_READ, 0, GENERIC_READ, SHARE_ALL, L"read/share-none, read/share-all" },
	{ DELETE, SHARE_ALL, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, L"delete/share-all, read/share-rw" },
	{ GENERIC_READ, SHARE_ALL, DELETE, SHARE_ALL, L"read/share-all, delete/share-all" },
	{ GENERIC_READ, FILE_SHARE_READ, DELETE, SHARE_ALL, L"read/share-read, delete/share-all" },
	{ FILE_APPEND_DATA, FILE_SHARE_READ, GENERIC_READ, FILE_SHARE_READ, L"append/share-read, read/share-read" },
};

static void sharing_case(size_t i)
{
	HANDLE first = open_file(L"s.txt", share_cases[i].access1, share_cases[i].share1, OPEN_EXISTING, 0);
	RESULT opened = result_of_handle(first);
	HANDLE second = open_file(L"s.txt", share_cases[i].access2, share_cases[i].share2, OPEN_EXISTING, 0);
	RESULT result = result_of_handle(second);

	close_handle(&second);
	close_handle(&first);
	if (!opened.ok)
		say(L"sharing %ls: first open -> %ls", share_cases[i].what, result_text(opened));
	else
		say(L"sharing %ls: second open -> %ls", share_cases[i].what, result_text(result));
}

// The share check runs again after both handles closed: nothing may stay counted.
static void sharing_released(void)
{
	HANDLE file = open_file(L"s.txt", GENERIC_READ | GENERIC_WRITE | DELETE, 0, OPEN_EXISTING, 0);

	say_open(L"sharing after all handles closed: exclusive open", file);
}

void check_sharing(void)
{
	size_t i;

	group_begin(L"sharing");
	make_file(L"s.txt", "shared");
	for (i = 0; i < ARRAYSIZE(share_cases); i++)
		sharing_case(i);
	sharing_released();
}

static void say_state(const WCHAR *when)
{
	HANDLE again = open_file(L"d.txt", GENERIC_READ, SHARE_ALL, OPEN_EXISTING, 0);
	RESULT reopen = result_of_handle(again);
	RESULT attributes;

	close_handle(&again);
	attributes = result_of(GetFileAttributesW(path_of(L"d.txt")) != INVALID_FILE_ATTRIBUTES);
	say(L"%ls: open d.txt -> %ls; GetFileAttributesW(d.txt) -> %ls", when, result_text(reopen),
		result_text(attributes));
}

static void delete_while_open(void)
{
	HANDLE file = open_file(L"d.txt", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, OPEN_EXISTING, 0);
	FILE_STANDARD_INFO standard = { 0 };
	char data[16];
	DWORD got = 0;
	RESULT result;

	say(L"DeleteFileW(d.txt) while open with FILE_SHARE_DELETE -> %ls",
		result_text(result_of(DeleteFileW(path_of(L"d.txt")))));
	say_state(L"delete pending");
	result = result_of(GetFileInformationByHandleEx(file, FileStandardInfo, &standard, sizeof(standard)));
	say(L"FileStandardInfo of the open handle -> %ls, DeletePending=%d", result_text(result),
		standard.DeletePending);
	result = result_of(ReadFile(file, data, sizeof(data), &got, NULL));
	say(L"ReadFile on the open handle -> %ls, %ls", result_text(result), bytes_text((BYTE *)data, got));
	close_handle(&file);
	say_state(L"after CloseHandle");
}

static void delete_refusals(void)
{
	HANDLE file;

	make_file(L"e.txt", "kept");
	file = open_file(L"e.txt", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, 0);
	say(L"DeleteFileW(e.txt) while open without FILE_SHARE_DELETE -> %ls",
		result_text(result_of(DeleteFileW(path_of(L"e.txt")))));
	close_handle(&file);
	say(L"after CloseHandle: e.txt: %ls", content_of(L"e.txt"));
	SetFileAttributesW(path_of(L"e.txt"), FILE_ATTRIBUTE_READONLY);
	say(L"DeleteFileW(e.txt) on a read-only file -> %ls", result_text(result_of(DeleteFileW(path_of(L"e.txt")))));
	SetFileAttributesW(path_of(L"e.txt"), FILE_ATTRIBUTE_NORMAL);
	make_folder(L"dir");
	say(L"DeleteFileW(dir) on a folder -> %ls", result_text(result_of(DeleteFileW(path_of(L"dir")))));
	say(L"DeleteFileW(missing.txt) -> %ls", result_text(result_of(DeleteFileW(path_of(L"missing.txt")))));
	make_file(L"dir\\in.txt", "x");
	say(L"RemoveDirectoryW(dir) not empty -> %ls", result_text(result_of(RemoveDirectoryW(path_of(L"dir")))));
}

void check_delete_open(void)
{
	group_begin(L"delete");
	make_file(L"d.txt", "doomed");
	delete_while_open();
	delete_refusals();
	say_listing(L"");
}
