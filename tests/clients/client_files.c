// SPDX-License-Identifier: LGPL-3.0-or-later
// client_files.c - the read-only tree served by the client-shaped tests (no Dokan ABI here).
#include <stdio.h>
#include <stdarg.h>
#include <wchar.h>
#include "client_files.h"
#include "check.h"

static const CLIENT_FILE g_files[] = {
	{ L"\\", NULL, L"", TRUE },
	{ L"\\hello.txt", L"\\", L"hello.txt", FALSE },
	{ L"\\big.bin", L"\\", L"big.bin", FALSE },
	{ L"\\slow.txt", L"\\", L"slow.txt", FALSE },
	{ L"\\sub", L"\\", L"sub", TRUE },
	{ L"\\sub\\inner.txt", L"\\sub", L"inner.txt", FALSE },
};
static const char g_hello[] = "hello from a 0.6.0-shaped client\n";
static const char g_slow[] = "slow but complete\n";
static const char g_inner[] = "inner\n";
#define BIG_LINE 11
#define BIG_LINES 20000

const CLIENT_FILE *client_entry(int i)
{
	return i >= 0 && i < (int)(sizeof(g_files) / sizeof(g_files[0])) ? &g_files[i] : NULL;
}

const CLIENT_FILE *client_lookup(LPCWSTR path)
{
	const CLIENT_FILE *file;
	int i;
	for (i = 0; (file = client_entry(i)) != NULL; i++)
		if (_wcsicmp(file->Path, path) == 0)
			return file;
	return NULL;
}

static const char *client_text(const CLIENT_FILE *file)
{
	if (wcscmp(file->Name, L"hello.txt") == 0)
		return g_hello;
	if (wcscmp(file->Name, L"slow.txt") == 0)
		return g_slow;
	if (wcscmp(file->Name, L"inner.txt") == 0)
		return g_inner;
	return NULL;
}

BOOL client_is_slow(const CLIENT_FILE *file)
{
	return wcscmp(file->Name, L"slow.txt") == 0;
}

ULONGLONG client_size(const CLIENT_FILE *file)
{
	const char *text;
	if (file->Directory)
		return 0;
	text = client_text(file);
	return text ? strlen(text) : (ULONGLONG)BIG_LINE * BIG_LINES;
}

/* big.bin's byte at `at`: line n is "%05d abcd\n". */
static BYTE client_big_byte(ULONGLONG at)
{
	char line[BIG_LINE + 1];
	snprintf(line, sizeof(line), "%05u abcd\n", (unsigned)(at / BIG_LINE));
	return (BYTE)line[at % BIG_LINE];
}

DWORD client_read(const CLIENT_FILE *file, LONGLONG offset, BYTE *buffer, DWORD length)
{
	ULONGLONG size = client_size(file), at;
	const char *text = client_text(file);
	DWORD done = 0;
	if (offset < 0 || (ULONGLONG)offset >= size)
		return 0;
	for (at = (ULONGLONG)offset; done < length && at < size; at++, done++)
		buffer[done] = text ? (BYTE)text[at] : client_big_byte(at);
	return done;
}

FILETIME client_time(void)
{
	FILETIME time = { 0x5A5A0000, 0x01D00000 }; /* a fixed date in 2014 */
	return time;
}

void client_find_data(const CLIENT_FILE *file, WIN32_FIND_DATAW *data)
{
	ULONGLONG size = client_size(file);
	ZeroMemory(data, sizeof(*data));
	data->dwFileAttributes = file->Directory ? FILE_ATTRIBUTE_DIRECTORY : FILE_ATTRIBUTE_READONLY;
	data->ftCreationTime = data->ftLastAccessTime = data->ftLastWriteTime = client_time();
	data->nFileSizeHigh = (DWORD)(size >> 32);
	data->nFileSizeLow = (DWORD)size;
	wcsncpy(data->cFileName, file->Name, MAX_PATH - 1);
}

void client_fail(const char *format, ...)
{
	char text[1024];
	va_list args;

	va_start(args, format);
	vsnprintf(text, sizeof(text), format, args);
	va_end(args);
	CK_FAIL("%s", text);
}

LONG client_failures(void)
{
	return (LONG)ck_failed();
}

static void client_event_name(WCHAR letter, WCHAR name[64])
{
	swprintf(name, 64, L"dokan-client-stop-%c", towupper(letter));
}

HANDLE client_stop_event(WCHAR letter)
{
	WCHAR name[64];
	client_event_name(letter, name);
	return CreateEventW(NULL, TRUE, FALSE, name);
}

int client_send_stop(WCHAR letter)
{
	WCHAR name[64];
	HANDLE event;
	client_event_name(letter, name);
	event = OpenEventW(EVENT_MODIFY_STATE, FALSE, name);
	if (!event) {
		fprintf(stderr, "no client serves %lc: (error %lu)\n", letter, GetLastError());
		return 1;
	}
	SetEvent(event);
	CloseHandle(event);
	return 0;
}
