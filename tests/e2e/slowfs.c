// SPDX-License-Identifier: LGPL-3.0-or-later
// slowfs.c - a tiny file system for the timeout tests: `slow-create.txt` takes `delay`
// ms to open, `slow-read.txt` as long to read, `fast.txt` answers at once. It counts
// successful opens, cleanups, closes and Unmount calls; at exit it reports them and fails
// unless every open was cleaned up and closed (a late reply must not leak an open) and
// Unmount was called exactly once.
//   slowfs <letter> <delay-ms> [keepalive]
#include <windows.h>
#include <stdio.h>
#include <wchar.h>
#include "dokan.h"

static DWORD slow_delay_ms;
static volatile LONG opens, cleanups, closes, unmounts;
static const char file_data[] = "data\n";
static const WCHAR *const file_names[] = { L"fast.txt", L"slow-create.txt", L"slow-read.txt" };

static BOOL is_file(LPCWSTR path)
{
	size_t i;
	for (i = 0; i < sizeof(file_names) / sizeof(file_names[0]); i++)
		if (path[0] == L'\\' && !wcscmp(path + 1, file_names[i]))
			return TRUE;
	return FALSE;
}

static int DOKAN_CALLBACK slow_create(LPCWSTR path, DWORD access, DWORD share, DWORD disposition, DWORD flags,
	PDOKAN_FILE_INFO info)
{
	if (!wcscmp(path, L"\\")) {
		info->IsDirectory = 1;
	} else if (!is_file(path)) {
		return -ERROR_FILE_NOT_FOUND;
	} else if (disposition == CREATE_NEW) {
		return -ERROR_FILE_EXISTS;
	}
	if (!wcscmp(path, L"\\slow-create.txt"))
		Sleep(slow_delay_ms);
	InterlockedIncrement(&opens);
	info->Context = 1;
	return 0;
}

static int DOKAN_CALLBACK slow_open_directory(LPCWSTR path, PDOKAN_FILE_INFO info)
{
	if (wcscmp(path, L"\\"))
		return is_file(path) ? -ERROR_DIRECTORY : -ERROR_PATH_NOT_FOUND;
	InterlockedIncrement(&opens);
	return 0;
}

static int DOKAN_CALLBACK slow_cleanup(LPCWSTR path, PDOKAN_FILE_INFO info)
{
	InterlockedIncrement(&cleanups);
	return 0;
}

static int DOKAN_CALLBACK slow_close(LPCWSTR path, PDOKAN_FILE_INFO info)
{
	InterlockedIncrement(&closes);
	return 0;
}

static int DOKAN_CALLBACK slow_read(LPCWSTR path, LPVOID buffer, DWORD length, LPDWORD read, LONGLONG offset,
	PDOKAN_FILE_INFO info)
{
	DWORD size = sizeof(file_data) - 1;
	if (!wcscmp(path, L"\\slow-read.txt"))
		Sleep(slow_delay_ms);
	*read = 0;
	if (offset < 0)
		return -ERROR_NEGATIVE_SEEK;
	if ((ULONGLONG)offset < size) {
		*read = min(length, size - (DWORD)offset);
		memcpy(buffer, file_data + offset, *read);
	}
	return 0;
}

static int DOKAN_CALLBACK slow_file_information(LPCWSTR path, LPBY_HANDLE_FILE_INFORMATION data, PDOKAN_FILE_INFO info)
{
	data->dwFileAttributes = is_file(path) ? FILE_ATTRIBUTE_NORMAL : FILE_ATTRIBUTE_DIRECTORY;
	data->nFileSizeLow = is_file(path) ? sizeof(file_data) - 1 : 0;
	data->nNumberOfLinks = 1;
	return 0;
}

static int DOKAN_CALLBACK slow_find_files(LPCWSTR path, PFillFindData fill, PDOKAN_FILE_INFO info)
{
	WIN32_FIND_DATAW entry;
	size_t i;
	for (i = 0; i < sizeof(file_names) / sizeof(file_names[0]); i++) {
		ZeroMemory(&entry, sizeof(entry));
		entry.dwFileAttributes = FILE_ATTRIBUTE_NORMAL;
		entry.nFileSizeLow = sizeof(file_data) - 1;
		wcscpy(entry.cFileName, file_names[i]);
		fill(&entry, info);
	}
	return 0;
}

static int DOKAN_CALLBACK slow_unmount(PDOKAN_FILE_INFO info)
{
	InterlockedIncrement(&unmounts);
	return 0;
}

int wmain(int argc, WCHAR **argv)
{
	static DOKAN_OPERATIONS operations;
	static DOKAN_OPTIONS options;
	int result;

	if (argc < 3 || argc > 4 || (argc == 4 && wcscmp(argv[3], L"keepalive"))) {
		fprintf(stderr, "usage: slowfs <letter> <delay-ms> [keepalive]\n");
		return 2;
	}
	slow_delay_ms = (DWORD)_wtoi(argv[2]);
	options.Version = DOKAN_VERSION;
	options.ThreadCount = 4;
	options.MountPoint = argv[1];
	options.Options = argc == 4 ? DOKAN_OPTION_KEEP_ALIVE : 0;
	operations.CreateFile = slow_create;
	operations.OpenDirectory = slow_open_directory;
	operations.Cleanup = slow_cleanup;
	operations.CloseFile = slow_close;
	operations.ReadFile = slow_read;
	operations.GetFileInformation = slow_file_information;
	operations.FindFiles = slow_find_files;
	operations.Unmount = slow_unmount;
	result = DokanMain(&options, &operations);
	printf("slowfs: DokanMain %d, opens %ld, cleanups %ld, closes %ld, unmount calls %ld\n", result, opens,
		cleanups, closes, unmounts);
	fflush(stdout);
	return result == DOKAN_SUCCESS && opens == closes && opens == cleanups && unmounts == 1 ? 0 : 1;
}
