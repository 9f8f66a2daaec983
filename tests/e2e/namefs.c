// SPDX-License-Identifier: LGPL-3.0-or-later
// namefs.c - a tiny file system for the mount-option tests: every name below the root is
// a file whose content is that name as the callbacks received it (UTF-8), so a reader
// sees exactly what reached the file system, e.g. "\file:stream".
//   namefs <letter> [alt] [removable] [debug]
// alt: DOKAN_OPTION_ALT_STREAM; removable: DOKAN_OPTION_REMOVABLE; debug:
// DOKAN_OPTION_DEBUG | DOKAN_OPTION_STDERR (the library's debug text on stderr).
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "dokan.h"

static BOOL is_root(LPCWSTR path)
{
	return !wcscmp(path, L"\\");
}

/* The content of a file: its name in UTF-8; returns the byte count. */
static DWORD name_content(LPCWSTR path, char *out, DWORD capacity)
{
	int bytes = WideCharToMultiByte(CP_UTF8, 0, path, -1, out, (int)capacity, NULL, NULL);
	return bytes > 0 ? (DWORD)bytes - 1 : 0;
}

static int DOKAN_CALLBACK name_create(LPCWSTR path, DWORD access, DWORD share, DWORD disposition, DWORD flags,
	PDOKAN_FILE_INFO info)
{
	if (is_root(path))
		info->IsDirectory = 1;
	else if (disposition == CREATE_NEW)
		return -ERROR_FILE_EXISTS;
	return 0;
}

static int DOKAN_CALLBACK name_open_directory(LPCWSTR path, PDOKAN_FILE_INFO info)
{
	return is_root(path) ? 0 : -ERROR_DIRECTORY;
}

static int DOKAN_CALLBACK name_read(LPCWSTR path, LPVOID buffer, DWORD length, LPDWORD read, LONGLONG offset,
	PDOKAN_FILE_INFO info)
{
	char content[4 * MAX_PATH];
	DWORD size = name_content(path, content, sizeof(content));

	*read = 0;
	if (offset < 0)
		return -ERROR_NEGATIVE_SEEK;
	if ((ULONGLONG)offset < size) {
		*read = min(length, size - (DWORD)offset);
		memcpy(buffer, content + offset, *read);
	}
	return 0;
}

static int DOKAN_CALLBACK name_file_information(LPCWSTR path, LPBY_HANDLE_FILE_INFORMATION data,
	PDOKAN_FILE_INFO info)
{
	char content[4 * MAX_PATH];

	data->dwFileAttributes = is_root(path) ? FILE_ATTRIBUTE_DIRECTORY : FILE_ATTRIBUTE_NORMAL;
	data->nFileSizeLow = is_root(path) ? 0 : name_content(path, content, sizeof(content));
	data->nNumberOfLinks = 1;
	return 0;
}

static int DOKAN_CALLBACK name_find_files(LPCWSTR path, PFillFindData fill, PDOKAN_FILE_INFO info)
{
	return 0; /* nothing to list: names exist when asked for */
}

static ULONG parse_options(int argc, WCHAR **argv)
{
	ULONG options = 0;
	int i;

	for (i = 2; i < argc; i++) {
		if (!wcscmp(argv[i], L"alt"))
			options |= DOKAN_OPTION_ALT_STREAM;
		else if (!wcscmp(argv[i], L"removable"))
			options |= DOKAN_OPTION_REMOVABLE;
		else if (!wcscmp(argv[i], L"debug"))
			options |= DOKAN_OPTION_DEBUG | DOKAN_OPTION_STDERR;
		else
			fprintf(stderr, "namefs: unknown option %ls\n", argv[i]);
	}
	return options;
}

int wmain(int argc, WCHAR **argv)
{
	static DOKAN_OPERATIONS operations;
	static DOKAN_OPTIONS options;
	int result;

	if (argc < 2) {
		fprintf(stderr, "usage: namefs <letter> [alt] [removable] [debug]\n");
		return 2;
	}
	options.Version = DOKAN_VERSION;
	options.ThreadCount = 2;
	options.MountPoint = argv[1];
	options.Options = parse_options(argc, argv);
	operations.CreateFile = name_create;
	operations.OpenDirectory = name_open_directory;
	operations.ReadFile = name_read;
	operations.GetFileInformation = name_file_information;
	operations.FindFiles = name_find_files;
	result = DokanMain(&options, &operations);
	printf("namefs: DokanMain %d\n", result);
	fflush(stdout);
	return result == DOKAN_SUCCESS ? 0 : 1;
}
