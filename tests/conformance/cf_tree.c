// SPDX-License-Identifier: LGPL-3.0-or-later
/* cf_tree.c - side effects: after a case, the native case folder <A>\<case> and the mirror's
 * backing folder <B>\<case> must hold the same tree. Both are read directly on Wine's own
 * file system (Win32), never through the volume, so a status that looked right cannot hide
 * data the operation destroyed or changed.
 *
 * Compared, recursively: names (exact case), file or folder, size, attributes and the
 * content of every file. Not compared:
 *  - time values: the two runs happen seconds apart, the mirror's own opens touch access
 *    times, Wine keeps no settable creation time, and Dokan 0.6.0's time semantics are
 *    checked by the cases themselves, with their named expected differences. What is
 *    compared is whether the last-write time is still the fixture's (2021-01-01): an
 *    entry Wine left untouched must be untouched in the mirror's folder too. Only that
 *    direction: Wine touches the time in places Windows does not (FileValidDataLength-
 *    Information is an fallocate), and a missing effect is the cases' to record;
 *  - FILE_ATTRIBUTE_NORMAL (it only means "no other attribute": comparing the rest is the
 *    same check) and FILE_ATTRIBUTE_DIRECTORY (compared as the entry's type). Nothing else
 *    needed masking: both trees are on Wine's own file system, which derives or stores
 *    (user.DOSATTRIB) the DOS attributes the same way whichever process set them, so in
 *    the whole suite only named expected differences (e.g. a folder created through Dokan
 *    without HIDDEN) made attributes differ;
 *  - the case folder's own attributes and times (the fixture's; the runner made it).
 * Both folders are read after the runner closed every handle the case left open (the
 * mirror deletes delete-on-close files at cleanup, before ioc_close returns).
 * A difference that a named expected difference of the case explains (cf_xd_info.effects:
 * e.g. Wine creating "file.txt:s" as a plain file where Dokan refuses stream names) is
 * accepted only when that expected difference applied in the case. */
#include "cf_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define CF_LONG_PATH 1024
#define CF_ATTR_MASK (~(DWORD)(FILE_ATTRIBUTE_NORMAL | FILE_ATTRIBUTE_DIRECTORY))

typedef struct ENTRY {
	WCHAR path[CF_LONG_PATH]; /* relative to the case folder */
	BOOL dir;
	DWORD attributes;
	ULONGLONG size;
	BOOL fixture_time; /* last write still at CF_FIXED_TIME */
} ENTRY;

typedef struct TREE {
	ENTRY *entries;
	ULONG count, capacity;
	BOOL failed; /* a folder could not be listed */
} TREE;

static void tree_add(TREE *tree, const WCHAR *path, const WIN32_FIND_DATAW *data)
{
	ENTRY *e;

	if (tree->count == tree->capacity) {
		ULONG capacity = tree->capacity ? tree->capacity * 2 : 64;
		ENTRY *grown = realloc(tree->entries, capacity * sizeof(*grown));
		if (!grown) {
			fprintf(stderr, "out of memory\n");
			exit(3);
		}
		tree->entries = grown;
		tree->capacity = capacity;
	}
	e = &tree->entries[tree->count++];
	_snwprintf(e->path, CF_LONG_PATH, L"%ls", path);
	e->path[CF_LONG_PATH - 1] = 0;
	e->dir = (data->dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
	e->attributes = data->dwFileAttributes & CF_ATTR_MASK;
	e->size = e->dir ? 0 : ((ULONGLONG)data->nFileSizeHigh << 32) | data->nFileSizeLow;
	e->fixture_time = (((ULONGLONG)data->ftLastWriteTime.dwHighDateTime << 32) |
		data->ftLastWriteTime.dwLowDateTime) == (ULONGLONG)CF_FIXED_TIME;
}

/* Adds every entry below root\relative (relative "" = root itself, not added). */
static void tree_walk(TREE *tree, const WCHAR *root, const WCHAR *relative)
{
	WCHAR pattern[CF_LONG_PATH], child[CF_LONG_PATH];
	WIN32_FIND_DATAW data;
	HANDLE find;

	_snwprintf(pattern, CF_LONG_PATH, relative[0] ? L"\\\\?\\%ls\\%ls\\*" :
		L"\\\\?\\%ls%ls\\*", root, relative);
	pattern[CF_LONG_PATH - 1] = 0;
	find = FindFirstFileW(pattern, &data);
	if (find == INVALID_HANDLE_VALUE) {
		tree->failed = TRUE;
		return;
	}
	do {
		if (!wcscmp(data.cFileName, L".") || !wcscmp(data.cFileName, L".."))
			continue;
		_snwprintf(child, CF_LONG_PATH, relative[0] ? L"%ls\\%ls" : L"%ls%ls", relative,
			data.cFileName);
		child[CF_LONG_PATH - 1] = 0;
		tree_add(tree, child, &data);
		if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
			tree_walk(tree, root, child);
	} while (FindNextFileW(find, &data));
	FindClose(find);
}

static int compare_entries(const void *x, const void *y)
{
	return wcscmp(((const ENTRY *)x)->path, ((const ENTRY *)y)->path);
}

static void tree_read(TREE *tree, const WCHAR *root)
{
	memset(tree, 0, sizeof(*tree));
	tree_walk(tree, root, L"");
	if (tree->count)
		qsort(tree->entries, tree->count, sizeof(ENTRY), compare_entries);
}

/* ---- content ---- */

static HANDLE open_read(const WCHAR *root, const WCHAR *path)
{
	WCHAR full[CF_LONG_PATH];

	/* \\?\ lifts MAX_PATH: a case may make a 255-character name */
	_snwprintf(full, CF_LONG_PATH, L"\\\\?\\%ls\\%ls", root, path);
	full[CF_LONG_PATH - 1] = 0;
	return CreateFileW(full, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE |
		FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
}

/* 0: same bytes; else the 1-based offset of the first difference (or of a read failure). */
static ULONGLONG first_difference(const WCHAR *a_root, const WCHAR *b_root, const WCHAR *path)
{
	static BYTE x[65536], y[65536];
	HANDLE a = open_read(a_root, path), b = open_read(b_root, path);
	ULONGLONG at = 0, result = 0;
	DWORD got_a, got_b, i;

	if (a == INVALID_HANDLE_VALUE || b == INVALID_HANDLE_VALUE)
		result = 1;
	while (!result) {
		if (!ReadFile(a, x, sizeof(x), &got_a, NULL) || !ReadFile(b, y, sizeof(y), &got_b, NULL)) {
			result = at + 1;
			break;
		}
		for (i = 0; i < got_a && i < got_b && x[i] == y[i]; i++)
			;
		if (i < got_a || i < got_b)
			result = at + i + 1;
		else if (!got_a)
			break;
		at += got_a;
	}
	if (a != INVALID_HANDLE_VALUE)
		CloseHandle(a);
	if (b != INVALID_HANDLE_VALUE)
		CloseHandle(b);
	return result;
}

/* ---- comparison ---- */

typedef struct DIFFS {
	const char *case_name;
	ULONG effects_excused; /* CF_FX_* the applied expected differences explain */
	BOOL print, verbose;
	int unexcused;
} DIFFS;

static void difference(DIFFS *d, ULONG effect, const char *format, ...)
{
	char text[700];
	va_list args;
	BOOL excused = (d->effects_excused & effect) != 0;

	va_start(args, format);
	vsnprintf(text, sizeof(text), format, args);
	va_end(args);
	if (!excused && d->print && !d->unexcused)
		printf("FAIL %s: side effect: %s\n", d->case_name, text);
	else if (excused && d->verbose)
		printf("    side effect excused by an expected difference: %s\n", text);
	else if (!excused && d->verbose)
		printf("    side effect: %s\n", text);
	if (!excused)
		d->unexcused++;
}

static void compare_entry(DIFFS *d, const ENTRY *a, const ENTRY *b, const WCHAR *a_root,
	const WCHAR *b_root)
{
	ULONGLONG at;

	if (a->dir != b->dir) {
		difference(d, CF_FX_CONTENT, "%ls is a %s in the native folder, a %s in the mirror's",
			a->path, a->dir ? "folder" : "file", b->dir ? "folder" : "file");
		return;
	}
	if (a->fixture_time && !b->fixture_time)
		difference(d, CF_FX_TIMES, "%ls: last write time changed in the mirror's folder, "
			"kept in the native one", a->path);
	if (a->attributes != b->attributes)
		difference(d, CF_FX_ATTRIBUTES, "%ls: attributes 0x%lx in the native folder, 0x%lx in "
			"the mirror's", a->path, (unsigned long)a->attributes, (unsigned long)b->attributes);
	if (a->dir)
		return;
	if (a->size != b->size) {
		difference(d, CF_FX_CONTENT, "%ls: %llu bytes in the native folder, %llu in the "
			"mirror's", a->path, (unsigned long long)a->size, (unsigned long long)b->size);
		return;
	}
	at = first_difference(a_root, b_root, a->path);
	if (at)
		difference(d, CF_FX_CONTENT, "%ls: content differs at byte %llu (or unreadable)",
			a->path, (unsigned long long)(at - 1));
}

int cf_compare_trees(const WCHAR *native, const WCHAR *mirror, const char *case_name,
	ULONG effects_excused, BOOL print, BOOL verbose)
{
	DIFFS d = { case_name, effects_excused, print, verbose, 0 };
	TREE a, b;
	ULONG i = 0, j = 0;

	tree_read(&a, native);
	tree_read(&b, mirror);
	if (a.failed || b.failed)
		difference(&d, 0, "could not list the %s folder (error %lu)",
			a.failed ? "native" : "mirror's", GetLastError());
	while (i < a.count || j < b.count) {
		int order = i == a.count ? 1 : j == b.count ? -1 :
			wcscmp(a.entries[i].path, b.entries[j].path);
		if (order < 0)
			difference(&d, CF_FX_NAMES, "%ls exists only in the native folder",
				a.entries[i++].path);
		else if (order > 0)
			difference(&d, CF_FX_NAMES, "%ls exists only in the mirror's folder",
				b.entries[j++].path);
		else
			compare_entry(&d, &a.entries[i++], &b.entries[j++], native, mirror);
	}
	free(a.entries);
	free(b.entries);
	return d.unexcused;
}
