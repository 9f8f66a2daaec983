// SPDX-License-Identifier: LGPL-3.0-or-later
// checks_io.c - data: reads and writes at explicit offsets (an OVERLAPPED offset on a
// synchronous handle, and an overlapped handle), appends (FILE_APPEND_DATA and the write-to-end offset), the file
// pointer, SetEndOfFile, and byte-range locks between two handles.
#include "win32api.h"

#define SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

static OVERLAPPED at_offset(ULONGLONG offset)
{
	OVERLAPPED overlapped = { 0 };

	overlapped.Offset = (DWORD)offset;
	overlapped.OffsetHigh = (DWORD)(offset >> 32);
	return overlapped;
}

static void write_at(HANDLE file, ULONGLONG offset, const char *data)
{
	OVERLAPPED overlapped = at_offset(offset);
	DWORD written = 0;
	RESULT result = result_of(WriteFile(file, data, (DWORD)strlen(data), &written, &overlapped));

	say(L"WriteFile(\"%hs\" at %llu) -> %ls, wrote %lu, position now %lld", data, offset,
		result_text(result), (unsigned long)written, position_of(file));
}

static void read_at(HANDLE file, ULONGLONG offset, DWORD size)
{
	OVERLAPPED overlapped = at_offset(offset);
	BYTE data[64];
	DWORD got = 0;
	RESULT result = result_of(ReadFile(file, data, size, &got, &overlapped));

	say(L"ReadFile(%lu at %llu) -> %ls, %ls, position now %lld", (unsigned long)size, offset,
		result_text(result), bytes_text(data, got), position_of(file));
}

static void read_here(HANDLE file, DWORD size)
{
	BYTE data[64];
	DWORD got = 0;
	RESULT result = result_of(ReadFile(file, data, size, &got, NULL));

	say(L"ReadFile(%lu at the position) -> %ls, %ls, position now %lld", (unsigned long)size,
		result_text(result), bytes_text(data, got), position_of(file));
}

// Overlapped handles: whether a call completes at once or later is the file system's
// choice, so only the outcome after completion is printed.
static RESULT completed(HANDLE file, OVERLAPPED *overlapped, BOOL started, DWORD *size)
{
	RESULT result = result_of(started);

	if (!result.ok && result.error == ERROR_IO_PENDING)
		result = result_of(GetOverlappedResult(file, overlapped, size, TRUE));
	return result;
}

static void overlapped_transfer(HANDLE file, BOOL write, ULONGLONG offset, DWORD length)
{
	OVERLAPPED overlapped = at_offset(offset);
	BYTE data[64] = "overlapped";
	DWORD size = 0;
	RESULT result;

	overlapped.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
	if (write)
		result = completed(file, &overlapped, WriteFile(file, data, length, &size, &overlapped), &size);
	else
		result = completed(file, &overlapped, ReadFile(file, data, length, &size, &overlapped), &size);
	say(L"%ls(%lu at %llu) on an overlapped handle, after completion -> %ls, %ls",
		write ? L"WriteFile" : L"ReadFile", (unsigned long)length, offset, result_text(result),
		bytes_text(data, write ? length : size));
	CloseHandle(overlapped.hEvent);
}

static void overlapped_io(void)
{
	HANDLE file = open_file(L"rw.bin", GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING, FILE_FLAG_OVERLAPPED);

	say(L"CreateFileW(rw.bin, FILE_FLAG_OVERLAPPED) -> %ls", result_text(result_of_handle(file)));
	overlapped_transfer(file, TRUE, 30, 10);
	overlapped_transfer(file, FALSE, 28, 16);
	overlapped_transfer(file, FALSE, 100, 4);
	close_handle(&file);
}

void check_read_write(void)
{
	HANDLE file;
	DWORD written = 0;
	RESULT result;

	group_begin(L"readwrite");
	file = open_file(L"rw.bin", GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS, 0);
	result = result_of(WriteFile(file, "0123456789", 10, &written, NULL));
	say(L"WriteFile(\"0123456789\" at the position) -> %ls, wrote %lu, position now %lld",
		result_text(result), (unsigned long)written, position_of(file));
	write_at(file, 20, "AB");
	write_at(file, 4, "xy");
	read_at(file, 3, 5);
	read_at(file, 21, 10);
	read_at(file, 22, 4);
	read_at(file, 100, 4);
	SetFilePointer(file, 0, NULL, FILE_BEGIN);
	read_here(file, 30);
	read_here(file, 4);
	close_handle(&file);
	file = open_file(L"rw.bin", GENERIC_READ, SHARE_ALL, OPEN_EXISTING, 0);
	result = result_of(WriteFile(file, "no", 2, &written, NULL));
	say(L"WriteFile on a read-only handle -> %ls", result_text(result));
	close_handle(&file);
	overlapped_io();
	say(L"rw.bin: %ls", content_of(L"rw.bin"));
}

static void append_through(HANDLE file, const char *data, const WCHAR *how)
{
	DWORD written = 0;
	RESULT result = result_of(WriteFile(file, data, (DWORD)strlen(data), &written, NULL));

	say(L"WriteFile(\"%hs\") %ls -> %ls, wrote %lu; ap.txt: %ls", data, how, result_text(result),
		(unsigned long)written, content_of(L"ap.txt"));
}

static void append_at_offset_zero(HANDLE file)
{
	OVERLAPPED overlapped = at_offset(0);
	DWORD written = 0;
	RESULT result = result_of(WriteFile(file, "+0", 2, &written, &overlapped));

	say(L"WriteFile(\"+0\" at 0) on an append-only handle -> %ls; ap.txt: %ls", result_text(result),
		content_of(L"ap.txt"));
}

// Offset 0xFFFFFFFF:FFFFFFFF means "at the end of the file" on a handle with write access.
static void append_by_offset(void)
{
	HANDLE file = open_file(L"ap.txt", GENERIC_WRITE, SHARE_ALL, OPEN_EXISTING, 0);
	OVERLAPPED overlapped = { .Offset = 0xFFFFFFFF, .OffsetHigh = 0xFFFFFFFF };
	DWORD written = 0;
	RESULT result = result_of(WriteFile(file, "+end", 4, &written, &overlapped));

	say(L"WriteFile(\"+end\" at offset 0xFFFFFFFFFFFFFFFF) -> %ls; ap.txt: %ls", result_text(result),
		content_of(L"ap.txt"));
	close_handle(&file);
}

void check_append(void)
{
	HANDLE file;

	group_begin(L"append");
	make_file(L"ap.txt", "base");
	file = open_file(L"ap.txt", FILE_APPEND_DATA | SYNCHRONIZE, SHARE_ALL, OPEN_EXISTING, 0);
	say(L"CreateFileW(ap.txt, FILE_APPEND_DATA) -> %ls", result_text(result_of_handle(file)));
	append_through(file, "+1", L"on an append-only handle");
	append_through(file, "+2", L"on an append-only handle");
	append_at_offset_zero(file);
	close_handle(&file);
	append_by_offset();
}

static void seek(HANDLE file, LONGLONG distance, DWORD method, const WCHAR *method_name)
{
	LARGE_INTEGER move = { .QuadPart = distance }, position = { .QuadPart = -1 };
	RESULT result = result_of(SetFilePointerEx(file, move, &position, method));

	say(L"SetFilePointerEx(%lld, %ls) -> %ls, position %lld", distance, method_name,
		result_text(result), result.ok ? position.QuadPart : -1LL);
}

void check_file_pointer(void)
{
	HANDLE file;
	LARGE_INTEGER size = { .QuadPart = -1 };
	RESULT result;

	group_begin(L"pointer");
	make_file(L"p.txt", "0123456789abcdefghij");
	file = open_file(L"p.txt", GENERIC_READ, SHARE_ALL, OPEN_EXISTING, 0);
	seek(file, 5, FILE_BEGIN, L"FILE_BEGIN");
	seek(file, 3, FILE_CURRENT, L"FILE_CURRENT");
	read_here(file, 2);
	seek(file, -2, FILE_END, L"FILE_END");
	read_here(file, 8);
	seek(file, -100, FILE_CURRENT, L"FILE_CURRENT");
	seek(file, 1000, FILE_BEGIN, L"FILE_BEGIN");
	read_here(file, 8);
	result = result_of(GetFileSizeEx(file, &size));
	say(L"GetFileSizeEx -> %ls, %lld", result_text(result), size.QuadPart);
	close_handle(&file);
}

static void set_end(HANDLE file, LONGLONG end)
{
	LARGE_INTEGER move = { .QuadPart = end };
	RESULT result;

	SetFilePointerEx(file, move, NULL, FILE_BEGIN);
	result = result_of(SetEndOfFile(file));
	say(L"SetEndOfFile at %lld -> %ls; e.bin: %ls", end, result_text(result), content_of(L"e.bin"));
}

void check_end_of_file(void)
{
	HANDLE file;

	group_begin(L"endoffile");
	make_file(L"e.bin", "0123456789");
	file = open_file(L"e.bin", GENERIC_READ | GENERIC_WRITE, SHARE_ALL, OPEN_EXISTING, 0);
	set_end(file, 40);
	read_at(file, 36, 8);
	set_end(file, 4);
	set_end(file, 0);
	close_handle(&file);
	file = open_file(L"e.bin", GENERIC_READ, SHARE_ALL, OPEN_EXISTING, 0);
	say(L"SetEndOfFile on a read-only handle -> %ls", result_text(result_of(SetEndOfFile(file))));
	close_handle(&file);
}

static void lock(HANDLE file, const WCHAR *who, DWORD flags, DWORD offset, DWORD length)
{
	OVERLAPPED overlapped = at_offset(offset);
	RESULT result = result_of(LockFileEx(file, flags, 0, length, 0, &overlapped));

	say(L"LockFileEx(%ls, %ls%ls, %lu+%lu) -> %ls", who,
		flags & LOCKFILE_EXCLUSIVE_LOCK ? L"exclusive" : L"shared",
		flags & LOCKFILE_FAIL_IMMEDIATELY ? L" fail-immediately" : L"",
		(unsigned long)offset, (unsigned long)length, result_text(result));
}

static void unlock(HANDLE file, const WCHAR *who, DWORD offset, DWORD length)
{
	OVERLAPPED overlapped = at_offset(offset);
	RESULT result = result_of(UnlockFileEx(file, 0, length, 0, &overlapped));

	say(L"UnlockFileEx(%ls, %lu+%lu) -> %ls", who, (unsigned long)offset, (unsigned long)length,
		result_text(result));
}

#define EXCLUSIVE_NOW (LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY)

static void exclusive_locks(HANDLE one, HANDLE two)
{
	lock(one, L"handle 1", EXCLUSIVE_NOW, 0, 10);
	lock(two, L"handle 2", EXCLUSIVE_NOW, 5, 10);
	lock(two, L"handle 2", LOCKFILE_FAIL_IMMEDIATELY, 0, 10);
	lock(two, L"handle 2", EXCLUSIVE_NOW, 20, 10);
	read_at(two, 0, 4);
	read_at(one, 0, 4);
	unlock(one, L"handle 1", 0, 10);
	lock(two, L"handle 2", EXCLUSIVE_NOW, 0, 10);
	unlock(one, L"handle 1", 50, 10);
	unlock(two, L"handle 2", 0, 10);
	unlock(two, L"handle 2", 20, 10);
}

static void shared_locks(HANDLE one, HANDLE two)
{
	lock(one, L"handle 1", LOCKFILE_FAIL_IMMEDIATELY, 40, 10);
	lock(two, L"handle 2", LOCKFILE_FAIL_IMMEDIATELY, 40, 10);
	lock(two, L"handle 2", EXCLUSIVE_NOW, 45, 10);
	unlock(one, L"handle 1", 40, 10);
	unlock(two, L"handle 2", 40, 10);
	lock(two, L"handle 2", EXCLUSIVE_NOW, 45, 10);
}

// A lock held by a handle goes away with the handle.
static void locks_released_by_close(HANDLE *two)
{
	HANDLE three = open_file(L"lk.bin", GENERIC_READ | GENERIC_WRITE, SHARE_ALL, OPEN_EXISTING, 0);

	close_handle(two);
	lock(three, L"handle 3 after handle 2 closed", EXCLUSIVE_NOW, 45, 10);
	close_handle(&three);
}

void check_locks(void)
{
	HANDLE one, two;

	group_begin(L"locks");
	make_file(L"lk.bin", "0123456789012345678901234567890123456789012345678901234567890123456789");
	one = open_file(L"lk.bin", GENERIC_READ | GENERIC_WRITE, SHARE_ALL, OPEN_EXISTING, 0);
	two = open_file(L"lk.bin", GENERIC_READ | GENERIC_WRITE, SHARE_ALL, OPEN_EXISTING, 0);
	exclusive_locks(one, two);
	shared_locks(one, two);
	locks_released_by_close(&two);
	close_handle(&one);
}
