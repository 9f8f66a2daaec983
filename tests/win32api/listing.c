// SPDX-License-Identifier: LGPL-3.0-or-later
// listing.c - prints a folder's tree as sorted lines, so two file systems that return
// entries in different orders still give the same text.
#include "win32api.h"
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#define MAX_ENTRIES 256

typedef struct LISTING {
	WCHAR *lines[MAX_ENTRIES];
	int count;
} LISTING;

static int compare_lines(const void *a, const void *b)
{
	return wcscmp(*(WCHAR *const *)a, *(WCHAR *const *)b);
}

static BOOL is_dot_entry(const WCHAR *name)
{
	return !wcscmp(name, L".") || !wcscmp(name, L"..");
}

static void add_entry(LISTING *listing, const WCHAR *relative, const WIN32_FIND_DATAW *data)
{
	WCHAR line[MAX_PATH * 2];
	BOOL folder = (data->dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
	ULONGLONG size = ((ULONGLONG)data->nFileSizeHigh << 32) | data->nFileSizeLow;

	if (listing->count == MAX_ENTRIES)
		return;
	if (folder)
		swprintf(line, ARRAYSIZE(line), L"%ls\\ %ls", relative, attributes_text(data->dwFileAttributes));
	else
		swprintf(line, ARRAYSIZE(line), L"%ls %llu %ls", relative, size,
			attributes_text(data->dwFileAttributes));
	listing->lines[listing->count++] = _wcsdup(line);
}

// Walks <name> below the current group; relative names start at that folder.
static void collect(LISTING *listing, const WCHAR *name, const WCHAR *relative)
{
	WCHAR pattern[MAX_PATH * 2], child[MAX_PATH * 2], child_relative[MAX_PATH];
	WIN32_FIND_DATAW data;
	HANDLE find;

	swprintf(pattern, ARRAYSIZE(pattern), L"%ls\\*", path_of(name));
	find = FindFirstFileW(pattern, &data);
	if (find == INVALID_HANDLE_VALUE) {
		say(L"listing %ls: FindFirstFileW -> %ls", *name ? name : L".", error_text(GetLastError()));
		return;
	}
	do {
		if (is_dot_entry(data.cFileName))
			continue;
		swprintf(child_relative, ARRAYSIZE(child_relative), *relative ? L"%ls\\%ls" : L"%ls%ls",
			relative, data.cFileName);
		add_entry(listing, child_relative, &data);
		if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) {
			swprintf(child, ARRAYSIZE(child), *name ? L"%ls\\%ls" : L"%ls%ls", name, data.cFileName);
			collect(listing, child, child_relative);
		}
	} while (FindNextFileW(find, &data));
	FindClose(find);
}

void say_listing(const WCHAR *name)
{
	LISTING listing = { .count = 0 };
	int i;

	collect(&listing, name, L"");
	qsort(listing.lines, listing.count, sizeof(listing.lines[0]), compare_lines);
	say(L"listing of %ls: %d entries", *name ? name : L".", listing.count);
	for (i = 0; i < listing.count; i++) {
		say(L"  %ls", listing.lines[i]);
		free(listing.lines[i]);
	}
}
