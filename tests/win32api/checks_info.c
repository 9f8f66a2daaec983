// SPDX-License-Identifier: LGPL-3.0-or-later
// checks_info.c - information about open files: GetFileInformationByHandleEx classes (file
// and folder handles, a folder listed through its handle), SetFileInformationByHandle,
// attributes, the file type, security, and GetFinalPathNameByHandleW.
#include "win32api.h"
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#define SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

static void basic_info(HANDLE file, const WCHAR *what)
{
	FILE_BASIC_INFO basic = { 0 };
	RESULT result = result_of(GetFileInformationByHandleEx(file, FileBasicInfo, &basic, sizeof(basic)));

	say(L"FileBasicInfo of %ls -> %ls, attributes %ls", what, result_text(result),
		attributes_text(basic.FileAttributes));
}

// AllocationSize is the file system's business (Dokan reports the file size, NTFS whole
// clusters): only "at least the size" is common to all.
static void standard_info(HANDLE file, const WCHAR *what)
{
	FILE_STANDARD_INFO standard = { 0 };
	RESULT result = result_of(GetFileInformationByHandleEx(file, FileStandardInfo, &standard,
		sizeof(standard)));

	say(L"FileStandardInfo of %ls -> %ls, EndOfFile=%lld Links=%lu DeletePending=%d Directory=%d "
		L"Allocation>=EndOfFile=%d", what, result_text(result), standard.EndOfFile.QuadPart,
		(unsigned long)standard.NumberOfLinks, standard.DeletePending, standard.Directory,
		standard.AllocationSize.QuadPart >= standard.EndOfFile.QuadPart);
}

// Returns the name's length in bytes, for the short-buffer check.
static DWORD name_info(HANDLE file, const WCHAR *what)
{
	BYTE buffer[sizeof(FILE_NAME_INFO) + MAX_PATH * 2 * sizeof(WCHAR)] = { 0 };
	FILE_NAME_INFO *name = (FILE_NAME_INFO *)buffer;
	RESULT result = result_of(GetFileInformationByHandleEx(file, FileNameInfo, name,
		sizeof(buffer) - sizeof(WCHAR)));

	say(L"FileNameInfo of %ls -> %ls, name %ls", what, result_text(result),
		result.ok ? below_folder(name->FileName) : L"-");
	return result.ok ? name->FileNameLength : 0;
}

// A buffer that holds only part of the name: the length needed is still reported.
static void name_info_short(HANDLE file, const WCHAR *what, DWORD full_length)
{
	BYTE buffer[sizeof(FILE_NAME_INFO) + 4] = { 0 };
	FILE_NAME_INFO *name = (FILE_NAME_INFO *)buffer;
	RESULT result = result_of(GetFileInformationByHandleEx(file, FileNameInfo, name, sizeof(buffer)));

	say(L"FileNameInfo of %ls into %u bytes -> %ls, FileNameLength is the full length=%d", what,
		(unsigned)sizeof(buffer), result_text(result), full_length && name->FileNameLength == full_length);
}

static void attribute_tag_info(HANDLE file, const WCHAR *what)
{
	FILE_ATTRIBUTE_TAG_INFO tag = { 0 };
	RESULT result = result_of(GetFileInformationByHandleEx(file, FileAttributeTagInfo, &tag, sizeof(tag)));

	say(L"FileAttributeTagInfo of %ls -> %ls, attributes %ls, ReparseTag=0x%lX", what,
		result_text(result), attributes_text(tag.FileAttributes), (unsigned long)tag.ReparseTag);
}

// FileIdInfo is a Windows 8 class, hidden by the project's _WIN32_WINNT (Windows 7): its
// value and layout (volume serial, 128-bit file id) are spelled out here.
#define FILE_ID_INFO_CLASS ((FILE_INFO_BY_HANDLE_CLASS)18)

typedef struct ID_INFO {
	ULONGLONG VolumeSerialNumber;
	BYTE FileId[16];
} ID_INFO;

// Only whether it is answered: the serial and the id are the volume's own.
static void id_info(HANDLE file, const WCHAR *what)
{
	ID_INFO id;
	RESULT result = result_of(GetFileInformationByHandleEx(file, FILE_ID_INFO_CLASS, &id, sizeof(id)));

	say(L"FileIdInfo of %ls -> %ls", what, result_text(result));
}

static void handle_classes(const WCHAR *name, DWORD flags)
{
	HANDLE file = open_file(name, GENERIC_READ, SHARE_ALL, OPEN_EXISTING, flags);

	say(L"CreateFileW(%ls, GENERIC_READ, OPEN_EXISTING) -> %ls", name, result_text(result_of_handle(file)));
	basic_info(file, name);
	standard_info(file, name);
	name_info_short(file, name, name_info(file, name));
	attribute_tag_info(file, name);
	id_info(file, name);
	close_handle(&file);
}

#define DIR_BUFFER 65536

// Entries of one FileIdBothDirectoryInfo answer as sorted "name size attributes" words.
static int compare_words(const void *a, const void *b)
{
	return wcscmp(*(WCHAR *const *)a, *(WCHAR *const *)b);
}

static int collect_entries(const BYTE *buffer, WCHAR **words, int max)
{
	const FILE_ID_BOTH_DIR_INFO *entry = (const FILE_ID_BOTH_DIR_INFO *)buffer;
	WCHAR word[MAX_PATH + 64];
	int count = 0;

	for (;;) {
		swprintf(word, ARRAYSIZE(word), L"%.*ls(%lld,%ls)", (int)(entry->FileNameLength / sizeof(WCHAR)),
			entry->FileName, entry->EndOfFile.QuadPart, attributes_text(entry->FileAttributes));
		if (count < max)
			words[count++] = _wcsdup(word);
		if (!entry->NextEntryOffset)
			return count;
		entry = (const FILE_ID_BOTH_DIR_INFO *)((const BYTE *)entry + entry->NextEntryOffset);
	}
}

static void say_entries(const WCHAR *call, RESULT result, const BYTE *buffer)
{
	WCHAR *words[64], line[4096] = L"";
	int count = 0, i;

	if (result.ok)
		count = collect_entries(buffer, words, ARRAYSIZE(words));
	qsort(words, count, sizeof(words[0]), compare_words);
	for (i = 0; i < count; i++) {
		wcsncat(line, L" ", ARRAYSIZE(line) - wcslen(line) - 1);
		wcsncat(line, words[i], ARRAYSIZE(line) - wcslen(line) - 1);
		free(words[i]);
	}
	say(L"%ls -> %ls,%ls", call, result_text(result), line);
}

static void listing_by_handle(void)
{
	HANDLE folder = open_file(L"sub", FILE_LIST_DIRECTORY, SHARE_ALL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS);
	BYTE *buffer = calloc(1, DIR_BUFFER);
	RESULT result;

	result = result_of(GetFileInformationByHandleEx(folder, FileIdBothDirectoryInfo, buffer, DIR_BUFFER));
	say_entries(L"FileIdBothDirectoryInfo of sub", result, buffer);
	result = result_of(GetFileInformationByHandleEx(folder, FileIdBothDirectoryInfo, buffer, DIR_BUFFER));
	say_entries(L"FileIdBothDirectoryInfo of sub again", result, buffer);
	result = result_of(GetFileInformationByHandleEx(folder, FileIdBothDirectoryRestartInfo, buffer, DIR_BUFFER));
	say_entries(L"FileIdBothDirectoryRestartInfo of sub", result, buffer);
	result = result_of(GetFileInformationByHandleEx(folder, FileIdBothDirectoryRestartInfo, buffer, 8));
	say(L"FileIdBothDirectoryRestartInfo of sub into 8 bytes -> %ls", result_text(result));
	free(buffer);
	close_handle(&folder);
}

void check_info_classes(void)
{
	group_begin(L"info");
	make_file(L"info.txt", "seven!!");
	make_folder(L"sub");
	make_file(L"sub\\one.txt", "1");
	make_file(L"sub\\three.txt", "333");
	make_folder(L"sub\\inner");
	handle_classes(L"info.txt", 0);
	handle_classes(L"sub", FILE_FLAG_BACKUP_SEMANTICS);
	listing_by_handle();
}
