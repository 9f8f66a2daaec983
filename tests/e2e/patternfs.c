// SPDX-License-Identifier: LGPL-3.0-or-later
// patternfs.c - a read-only file system with FindFilesWithPattern and GetDiskFreeSpace
// callbacks and no GetVolumeInformation (the library's default). Its pattern search
// deliberately also returns `extra.bin`, which matches no pattern: the library must hand
// FindFilesWithPattern results on unfiltered (docs/differences.md D6). Every pattern it
// receives is printed as `pattern: <p>`.
//   patternfs <letter>
#include <windows.h>
#include <stdio.h>
#include <wchar.h>
#include "dokan.h"

static const WCHAR *const names[] = { L"a.txt", L"b.txt", L"c.log", L"extra.bin" };

static int DOKAN_CALLBACK pattern_create(LPCWSTR path, DWORD access, DWORD share, DWORD disposition, DWORD flags,
	PDOKAN_FILE_INFO info)
{
	info->IsDirectory = !wcscmp(path, L"\\");
	return 0;
}

static int DOKAN_CALLBACK pattern_open_directory(LPCWSTR path, PDOKAN_FILE_INFO info)
{
	return wcscmp(path, L"\\") ? -ERROR_PATH_NOT_FOUND : 0;
}

static int DOKAN_CALLBACK pattern_file_information(LPCWSTR path, LPBY_HANDLE_FILE_INFORMATION data, PDOKAN_FILE_INFO info)
{
	data->dwFileAttributes = wcscmp(path, L"\\") ? FILE_ATTRIBUTE_NORMAL : FILE_ATTRIBUTE_DIRECTORY;
	data->nNumberOfLinks = 1;
	return 0;
}

static int DOKAN_CALLBACK pattern_find(LPCWSTR path, LPCWSTR pattern, PFillFindData fill, PDOKAN_FILE_INFO info)
{
	WIN32_FIND_DATAW entry;
	size_t i;

	printf("pattern: %ls\n", pattern);
	fflush(stdout);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (wcscmp(names[i], L"extra.bin") && !DokanIsNameInExpression(pattern, names[i], TRUE))
			continue;
		ZeroMemory(&entry, sizeof(entry));
		entry.dwFileAttributes = FILE_ATTRIBUTE_NORMAL;
		entry.nFileSizeLow = 1;
		wcscpy(entry.cFileName, names[i]);
		fill(&entry, info);
	}
	return 0;
}

static int DOKAN_CALLBACK pattern_free_space(PULONGLONG freeToCaller, PULONGLONG total, PULONGLONG totalFree,
	PDOKAN_FILE_INFO info)
{
	*total = 8ull << 30;
	*freeToCaller = 3ull << 30;
	*totalFree = 4ull << 30;
	return 0;
}

int wmain(int argc, WCHAR **argv)
{
	static DOKAN_OPERATIONS operations;
	static DOKAN_OPTIONS options;
	int result;

	if (argc != 2) {
		fprintf(stderr, "usage: patternfs <letter>\n");
		return 2;
	}
	options.Version = DOKAN_VERSION;
	options.ThreadCount = 2;
	options.MountPoint = argv[1];
	operations.CreateFile = pattern_create;
	operations.OpenDirectory = pattern_open_directory;
	operations.GetFileInformation = pattern_file_information;
	operations.FindFilesWithPattern = pattern_find;
	operations.GetDiskFreeSpace = pattern_free_space;
	result = DokanMain(&options, &operations);
	printf("patternfs: DokanMain %d, default GetVolumeInformation stored: %s\n", result,
		operations.GetVolumeInformation ? "yes" : "no");
	return result == DOKAN_SUCCESS && operations.GetVolumeInformation ? 0 : 1;
}
