// SPDX-License-Identifier: LGPL-3.0-or-later
// report.c - output and path helpers of win32api.exe (see win32api.h).
#include "win32api.h"
#include <stdarg.h>
#include <stdio.h>
#include <wchar.h>

#define TEXT_SLOTS 16
#define TEXT_CHARS 1024

static WCHAR folder_path[MAX_PATH];   // "X:\dir\sub", no trailing backslash
static WCHAR root_path[4];            // "X:\"
static const WCHAR *group_name = L"";

// Rotating buffers: a line can hold several texts made by these helpers.
static WCHAR *text_slot(void)
{
	static WCHAR slots[TEXT_SLOTS][TEXT_CHARS];
	static unsigned next;
	return slots[next++ % TEXT_SLOTS];
}

static const struct {
	DWORD code;
	const WCHAR *name;
} error_names[] = {
	{ ERROR_SUCCESS, L"SUCCESS" }, { ERROR_INVALID_FUNCTION, L"INVALID_FUNCTION" },
	{ ERROR_FILE_NOT_FOUND, L"FILE_NOT_FOUND" }, { ERROR_PATH_NOT_FOUND, L"PATH_NOT_FOUND" },
	{ ERROR_ACCESS_DENIED, L"ACCESS_DENIED" }, { ERROR_INVALID_HANDLE, L"INVALID_HANDLE" },
	{ ERROR_NOT_SAME_DEVICE, L"NOT_SAME_DEVICE" }, { ERROR_NO_MORE_FILES, L"NO_MORE_FILES" },
	{ ERROR_SHARING_VIOLATION, L"SHARING_VIOLATION" }, { ERROR_LOCK_VIOLATION, L"LOCK_VIOLATION" },
	{ ERROR_HANDLE_EOF, L"HANDLE_EOF" }, { ERROR_NOT_SUPPORTED, L"NOT_SUPPORTED" },
	{ ERROR_FILE_EXISTS, L"FILE_EXISTS" }, { ERROR_INVALID_PARAMETER, L"INVALID_PARAMETER" },
	{ ERROR_CALL_NOT_IMPLEMENTED, L"CALL_NOT_IMPLEMENTED" },
	{ ERROR_INSUFFICIENT_BUFFER, L"INSUFFICIENT_BUFFER" }, { ERROR_INVALID_NAME, L"INVALID_NAME" },
	{ ERROR_NEGATIVE_SEEK, L"NEGATIVE_SEEK" }, { ERROR_DIR_NOT_EMPTY, L"DIR_NOT_EMPTY" },
	{ ERROR_BAD_LENGTH, L"BAD_LENGTH" }, { ERROR_NOT_LOCKED, L"NOT_LOCKED" },
	{ ERROR_ALREADY_EXISTS, L"ALREADY_EXISTS" }, { ERROR_MORE_DATA, L"MORE_DATA" },
	{ ERROR_DIRECTORY, L"DIRECTORY" }, { WAIT_TIMEOUT, L"WAIT_TIMEOUT" },
	{ ERROR_DELETE_PENDING, L"DELETE_PENDING" }, { ERROR_OPERATION_ABORTED, L"OPERATION_ABORTED" },
	{ ERROR_IO_INCOMPLETE, L"IO_INCOMPLETE" }, { ERROR_IO_PENDING, L"IO_PENDING" },
	{ ERROR_NOACCESS, L"NOACCESS" }, { ERROR_NOT_FOUND, L"NOT_FOUND" },
	{ ERROR_UNABLE_TO_REMOVE_REPLACED, L"UNABLE_TO_REMOVE_REPLACED" },
	{ ERROR_UNABLE_TO_MOVE_REPLACEMENT, L"UNABLE_TO_MOVE_REPLACEMENT" },
	{ ERROR_UNABLE_TO_MOVE_REPLACEMENT_2, L"UNABLE_TO_MOVE_REPLACEMENT_2" },
	{ ERROR_PRIVILEGE_NOT_HELD, L"PRIVILEGE_NOT_HELD" }, { ERROR_DISK_FULL, L"DISK_FULL" },
	{ ERROR_INVALID_ACCESS, L"INVALID_ACCESS" }, { ERROR_NOTIFY_ENUM_DIR, L"NOTIFY_ENUM_DIR" },
	{ ERROR_CANT_RESOLVE_FILENAME, L"CANT_RESOLVE_FILENAME" }, { ERROR_INTERNAL_ERROR, L"INTERNAL_ERROR" },
	{ ERROR_GEN_FAILURE, L"GEN_FAILURE" }, { ERROR_INVALID_DATA, L"INVALID_DATA" },
};

const WCHAR *error_text(DWORD error)
{
	WCHAR *text = text_slot();
	size_t i;

	for (i = 0; i < ARRAYSIZE(error_names); i++)
		if (error_names[i].code == error) {
			swprintf(text, TEXT_CHARS, L"%lu %ls", (unsigned long)error, error_names[i].name);
			return text;
		}
	swprintf(text, TEXT_CHARS, L"%lu", (unsigned long)error);
	return text;
}

RESULT result_of(BOOL ok)
{
	RESULT result = { ok, GetLastError() };
	return result;
}

RESULT result_of_handle(HANDLE handle)
{
	return result_of(handle != INVALID_HANDLE_VALUE);
}

const WCHAR *result_text(RESULT result)
{
	WCHAR *text = text_slot();

	if (result.ok)
		return L"ok";
	swprintf(text, TEXT_CHARS, L"error %ls", error_text(result.error));
	return text;
}

const WCHAR *result_text_with_error(RESULT result)
{
	WCHAR *text = text_slot();

	if (!result.ok)
		return result_text(result);
	swprintf(text, TEXT_CHARS, L"ok, last error %ls", error_text(result.error));
	return text;
}

static void write_utf8(HANDLE out, const WCHAR *line)
{
	char bytes[4 * TEXT_CHARS];
	int size = WideCharToMultiByte(CP_UTF8, 0, line, -1, bytes, sizeof(bytes) - 1, NULL, NULL);
	DWORD written;

	if (size <= 0)
		return;
	bytes[size - 1] = '\n';   // replaces the terminating NUL: lines end in LF on every side
	WriteFile(out, bytes, size, &written, NULL);
}

static void emit(HANDLE out, const WCHAR *prefix, const WCHAR *format, va_list args)
{
	WCHAR line[TEXT_CHARS];
	int used = swprintf(line, TEXT_CHARS, L"%ls[%ls] ", prefix, group_name);

	_vsnwprintf(line + used, TEXT_CHARS - used - 1, format, args);
	line[TEXT_CHARS - 1] = 0;
	write_utf8(out, line);
}

void say(const WCHAR *format, ...)
{
	DWORD error = GetLastError();   // printing must not disturb the checks around it
	va_list args;

	va_start(args, format);
	emit(GetStdHandle(STD_OUTPUT_HANDLE), L"", format, args);
	va_end(args);
	SetLastError(error);
}

void note(const WCHAR *format, ...)
{
	DWORD error = GetLastError();
	va_list args;

	va_start(args, format);
	emit(GetStdHandle(STD_ERROR_HANDLE), L"# ", format, args);
	va_end(args);
	SetLastError(error);
}

BOOL folder_init(const WCHAR *folder)
{
	DWORD size = GetFullPathNameW(folder, MAX_PATH, folder_path, NULL);
	DWORD attributes;

	if (!size || size >= MAX_PATH || folder_path[1] != L':')
		return FALSE;
	while (size > 3 && folder_path[size - 1] == L'\\')
		folder_path[--size] = 0;
	swprintf(root_path, ARRAYSIZE(root_path), L"%lc:\\", folder_path[0]);
	attributes = GetFileAttributesW(folder_path);
	return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY);
}

void group_begin(const WCHAR *group)
{
	group_name = L"";
	if (!CreateDirectoryW(path_of(group), NULL))
		say(L"setup: CreateDirectoryW(%ls) -> %ls", group, error_text(GetLastError()));
	group_name = group;
}

const WCHAR *folder_root(void)
{
	return root_path;
}

const WCHAR *path_of(const WCHAR *name)
{
	WCHAR *path = text_slot();

	if (!*group_name)
		swprintf(path, TEXT_CHARS, L"%ls\\%ls", folder_path, name);
	else if (!*name)
		swprintf(path, TEXT_CHARS, L"%ls\\%ls", folder_path, group_name);
	else
		swprintf(path, TEXT_CHARS, L"%ls\\%ls\\%ls", folder_path, group_name, name);
	return path;
}

// Strips "\\?\", the drive and the folder under test, so "\\?\X:\d\f\grp\a.txt" and
// "\d\f\grp\a.txt" both read "grp\a.txt" whatever the folder's place on its volume.
const WCHAR *below_folder(const WCHAR *path)
{
	const WCHAR *folder = folder_path + 2;   // the folder's path below its drive
	size_t length = wcslen(folder);
	WCHAR *text = text_slot();

	if (!wcsncmp(path, L"\\\\?\\", 4))
		path += 4;
	if (path[0] && path[1] == L':')
		path += 2;
	if (!_wcsnicmp(path, folder, length) && path[length] == L'\\')
		return path + length + 1;
	swprintf(text, TEXT_CHARS, L"(not below the folder under test)");
	return text;
}

HANDLE open_file(const WCHAR *name, DWORD access, DWORD share, DWORD disposition, DWORD flags)
{
	return CreateFileW(path_of(name), access, share, NULL, disposition, flags, NULL);
}

BOOL make_file(const WCHAR *name, const char *data)
{
	HANDLE file = open_file(name, GENERIC_WRITE, 0, CREATE_ALWAYS, 0);
	DWORD size = (DWORD)strlen(data), written = 0;
	BOOL ok = file != INVALID_HANDLE_VALUE && WriteFile(file, data, size, &written, NULL) &&
		written == size;

	if (!ok)
		say(L"setup: writing %ls failed: %ls", name, error_text(GetLastError()));
	if (file != INVALID_HANDLE_VALUE)
		CloseHandle(file);
	return ok;
}

BOOL make_folder(const WCHAR *name)
{
	if (CreateDirectoryW(path_of(name), NULL))
		return TRUE;
	say(L"setup: CreateDirectoryW(%ls) -> %ls", name, error_text(GetLastError()));
	return FALSE;
}

void close_handle(HANDLE *handle)
{
	if (*handle != INVALID_HANDLE_VALUE && *handle != NULL && !CloseHandle(*handle))
		say(L"CloseHandle -> %ls", error_text(GetLastError()));
	*handle = INVALID_HANDLE_VALUE;
}

const WCHAR *bytes_text(const BYTE *data, DWORD size)
{
	WCHAR *text = text_slot();
	size_t used = swprintf(text, TEXT_CHARS, L"size=%lu \"", (unsigned long)size);
	DWORD i, shown = size < 64 ? size : 64;

	for (i = 0; i < shown; i++) {
		if (data[i] >= 0x20 && data[i] < 0x7f && data[i] != '"' && data[i] != '\\')
			text[used++] = data[i];
		else
			used += swprintf(text + used, TEXT_CHARS - used, L"\\x%02X", data[i]);
	}
	swprintf(text + used, TEXT_CHARS - used, shown < size ? L"\"..." : L"\"");
	return text;
}

const WCHAR *content_of(const WCHAR *name)
{
	HANDLE file = open_file(name, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE |
		FILE_SHARE_DELETE, OPEN_EXISTING, 0);
	BYTE data[4096];
	DWORD got = 0;
	RESULT result = result_of_handle(file);
	WCHAR *text = text_slot();

	if (!result.ok) {
		swprintf(text, TEXT_CHARS, L"(open: %ls)", result_text(result));
		return text;
	}
	result = result_of(ReadFile(file, data, sizeof(data), &got, NULL));
	CloseHandle(file);
	if (!result.ok) {
		swprintf(text, TEXT_CHARS, L"(read: %ls)", result_text(result));
		return text;
	}
	return bytes_text(data, got);
}

const WCHAR *attributes_text(DWORD attributes)
{
	static const struct {
		DWORD bit;
		WCHAR letter;
	} letters[] = {
		{ FILE_ATTRIBUTE_READONLY, L'R' }, { FILE_ATTRIBUTE_HIDDEN, L'H' },
		{ FILE_ATTRIBUTE_SYSTEM, L'S' }, { FILE_ATTRIBUTE_DIRECTORY, L'D' },
		{ FILE_ATTRIBUTE_ARCHIVE, L'A' }, { FILE_ATTRIBUTE_NORMAL, L'N' },
		{ FILE_ATTRIBUTE_TEMPORARY, L'T' }, { FILE_ATTRIBUTE_SPARSE_FILE, L'P' },
		{ FILE_ATTRIBUTE_REPARSE_POINT, L'L' }, { FILE_ATTRIBUTE_COMPRESSED, L'C' },
		{ FILE_ATTRIBUTE_OFFLINE, L'O' }, { FILE_ATTRIBUTE_NOT_CONTENT_INDEXED, L'I' },
		{ FILE_ATTRIBUTE_ENCRYPTED, L'E' },
	};
	WCHAR *text = text_slot();
	size_t i, used = swprintf(text, TEXT_CHARS, L"0x%04lX(", (unsigned long)attributes);

	for (i = 0; i < ARRAYSIZE(letters); i++)
		if (attributes & letters[i].bit)
			text[used++] = letters[i].letter;
	text[used++] = L')';
	text[used] = 0;
	return text;
}

LONGLONG position_of(HANDLE file)
{
	LARGE_INTEGER zero = { .QuadPart = 0 }, position = { .QuadPart = -1 };

	SetFilePointerEx(file, zero, &position, FILE_CURRENT);
	return position.QuadPart;
}
