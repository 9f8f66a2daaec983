// SPDX-License-Identifier: LGPL-3.0-or-later
/* cf_tree.c - side effects: after a case, the native case folder <A>\<case> and the mirror's
 * backing folder <B>\<case> must hold the same tree. Both are read directly on Wine's own
 * file system (Win32), never through the volume, so a status that looked right cannot hide
 * data the operation destroyed or changed. A file system with no backing folder (memfs) is
 * read back through the volume instead, with fresh opens, listings and reads after the case
 * closed its handles: what the file system holds, as any later program would find it.
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
static void host_walk(TREE *tree, const WCHAR *root, const WCHAR *relative)
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
			host_walk(tree, root, child);
	} while (FindNextFileW(find, &data));
	FindClose(find);
}

/* ---- the same through the volume ---- */

#define LISTING_BYTES 65536

static cf_file volume_open(CF_BACKEND *b, const WCHAR *path, ULONG access, ULONG options)
{
	CF_OPEN o = { 0 };
	cf_file file = 0;
	ULONG_PTR info;

	o.path = path;
	o.access = access | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = FILE_OPEN;
	o.options = options | CF_SYNC;
	return NT_SUCCESS(b->open(b, &o, &file, &info)) ? file : 0;
}

/* A listing entry in the form the host walk gets from FindFirstFile. */
static void entry_as_find_data(const FILE_DIRECTORY_INFORMATION *e, WIN32_FIND_DATAW *data)
{
	ULONG chars = e->FileNameLength / sizeof(WCHAR);

	memset(data, 0, sizeof(*data));
	data->dwFileAttributes = e->FileAttributes;
	data->nFileSizeHigh = (DWORD)((ULONGLONG)e->EndOfFile.QuadPart >> 32);
	data->nFileSizeLow = (DWORD)e->EndOfFile.QuadPart;
	data->ftLastWriteTime.dwLowDateTime = e->LastWriteTime.LowPart;
	data->ftLastWriteTime.dwHighDateTime = (DWORD)e->LastWriteTime.HighPart;
	if (chars >= MAX_PATH)
		chars = MAX_PATH - 1;
	memcpy(data->cFileName, e->FileName, chars * sizeof(WCHAR));
}

static void volume_walk(TREE *tree, CF_BACKEND *b, const WCHAR *relative);

/* Adds the entries of one listing buffer (and what lies below its folders). */
static void volume_add_entries(TREE *tree, CF_BACKEND *b, const WCHAR *relative,
	const BYTE *buffer, ULONG got)
{
	WCHAR child[CF_LONG_PATH];
	WIN32_FIND_DATAW data;
	ULONG at = 0;

	while (at < got) {
		const FILE_DIRECTORY_INFORMATION *e = (const FILE_DIRECTORY_INFORMATION *)(buffer + at);
		entry_as_find_data(e, &data);
		if (wcscmp(data.cFileName, L".") && wcscmp(data.cFileName, L"..")) {
			_snwprintf(child, CF_LONG_PATH, relative[0] ? L"%ls\\%ls" : L"%ls%ls", relative,
				data.cFileName);
			child[CF_LONG_PATH - 1] = 0;
			tree_add(tree, child, &data);
			if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
				volume_walk(tree, b, child);
		}
		if (!e->NextEntryOffset)
			break;
		at += e->NextEntryOffset;
	}
}

/* relative: below the backend's folder (the case folder). */
static void volume_walk(TREE *tree, CF_BACKEND *b, const WCHAR *relative)
{
	cf_file d = volume_open(b, relative, FILE_LIST_DIRECTORY, FILE_DIRECTORY_FILE);
	BYTE *buffer = malloc(LISTING_BYTES);
	UCHAR flags = CF_RESTART_SCAN;
	NTSTATUS status = STATUS_SUCCESS;
	ULONG got;

	while (d && buffer) {
		status = b->query_dir(b, d, FileDirectoryInformation, NULL, flags, 0, buffer,
			LISTING_BYTES, &got);
		flags = 0;
		if (!NT_SUCCESS(status))
			break;
		volume_add_entries(tree, b, relative, buffer, got);
	}
	if (!d || !buffer || status != STATUS_NO_MORE_FILES)
		tree->failed = TRUE;
	if (d)
		b->close(b, d);
	free(buffer);
}

static int compare_entries(const void *x, const void *y)
{
	return wcscmp(((const ENTRY *)x)->path, ((const ENTRY *)y)->path);
}

static void tree_read(TREE *tree, const CF_FIXTURE_TARGET *side)
{
	memset(tree, 0, sizeof(*tree));
	if (side->volume)
		volume_walk(tree, side->volume, L"");
	else
		host_walk(tree, side->root, L"");
	if (tree->count)
		qsort(tree->entries, tree->count, sizeof(ENTRY), compare_entries);
}

/* ---- content ---- */

typedef struct READER {
	const CF_FIXTURE_TARGET *side;
	HANDLE handle;  /* host */
	cf_file file;   /* volume */
	ULONGLONG at;
} READER;

static BOOL reader_open(READER *r, const CF_FIXTURE_TARGET *side, const WCHAR *path)
{
	WCHAR full[CF_LONG_PATH];

	memset(r, 0, sizeof(*r));
	r->side = side;
	r->handle = INVALID_HANDLE_VALUE;
	if (side->volume) {
		r->file = volume_open(side->volume, path, FILE_READ_DATA, FILE_NON_DIRECTORY_FILE);
		return r->file != 0;
	}
	/* \\?\ lifts MAX_PATH: a case may make a 255-character name */
	_snwprintf(full, CF_LONG_PATH, L"\\\\?\\%ls\\%ls", side->root, path);
	full[CF_LONG_PATH - 1] = 0;
	r->handle = CreateFileW(full, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE |
		FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
	return r->handle != INVALID_HANDLE_VALUE;
}

/* The next bytes; *got 0 at the end. */
static BOOL reader_read(READER *r, BYTE *buffer, DWORD size, DWORD *got)
{
	NTSTATUS status;
	ULONG done = 0;

	if (!r->side->volume)
		return ReadFile(r->handle, buffer, size, got, NULL);
	status = r->side->volume->read(r->side->volume, r->file, (LONGLONG)r->at, buffer, size,
		&done);
	if (status == STATUS_END_OF_FILE)
		done = 0;
	else if (!NT_SUCCESS(status))
		return FALSE;
	r->at += done;
	*got = done;
	return TRUE;
}

static void reader_close(READER *r)
{
	if (r->handle != INVALID_HANDLE_VALUE)
		CloseHandle(r->handle);
	if (r->file)
		r->side->volume->close(r->side->volume, r->file);
}

/* 0: same bytes; else the 1-based offset of the first difference (or of a read failure).
 * size: what both listings say; reading stops there (a round trip less per file on the
 * volume, and none at all for an empty file). */
static ULONGLONG first_difference(const CF_FIXTURE_TARGET *a_side,
	const CF_FIXTURE_TARGET *b_side, const WCHAR *path, ULONGLONG size)
{
	static BYTE x[65536], y[65536];
	READER a, b;
	BOOL a_open, b_open;
	ULONGLONG at = 0, result = 0;
	DWORD got_a, got_b, want, i;

	if (size == 0)
		return 0;
	a_open = reader_open(&a, a_side, path);
	b_open = reader_open(&b, b_side, path);
	if (!a_open || !b_open)
		result = 1;
	while (!result && at < size) {
		want = size - at < sizeof(x) ? (DWORD)(size - at) : (DWORD)sizeof(x);
		if (!reader_read(&a, x, want, &got_a) || !reader_read(&b, y, want, &got_b)) {
			result = at + 1;
			break;
		}
		for (i = 0; i < got_a && i < got_b && x[i] == y[i]; i++)
			;
		if (i < got_a || i < got_b || !got_a)
			result = at + i + 1;
		at += got_a;
	}
	if (a_open)
		reader_close(&a);
	if (b_open)
		reader_close(&b);
	return result;
}

/* ---- comparison ---- */

typedef struct DIFFS {
	const char *case_name;
	ULONG effects_excused; /* CF_FX_* the applied expected differences explain */
	BOOL print, verbose;
	int unexcused;
	ULONGLONG xd_used;     /* expected differences the comparison itself applied */
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

/* Wine reports ARCHIVE on every file (wine_archive_always): where the native entry has it,
 * the other side may lack it (NORMAL is not compared at all). */
static BOOL archive_only(const ENTRY *a, const ENTRY *b)
{
	return (a->attributes & FILE_ATTRIBUTE_ARCHIVE) &&
		(a->attributes & ~FILE_ATTRIBUTE_ARCHIVE) == (b->attributes & ~FILE_ATTRIBUTE_ARCHIVE);
}

static void compare_entry(DIFFS *d, const ENTRY *a, const ENTRY *b,
	const CF_FIXTURE_TARGET *a_side, const CF_FIXTURE_TARGET *b_side)
{
	const char *other = b_side->label;
	ULONGLONG at;

	if (a->dir != b->dir) {
		difference(d, CF_FX_CONTENT, "%ls is a %s in the native folder, a %s in the %s",
			a->path, a->dir ? "folder" : "file", b->dir ? "folder" : "file", other);
		return;
	}
	if (a->fixture_time && !b->fixture_time)
		difference(d, CF_FX_TIMES, "%ls: last write time changed in the %s, kept in the "
			"native folder", a->path, other);
	if (a->attributes != b->attributes && archive_only(a, b))
		d->xd_used |= 1ull << CF_XD_WINE_ARCHIVE;
	else if (a->attributes != b->attributes)
		difference(d, CF_FX_ATTRIBUTES, "%ls: attributes 0x%lx in the native folder, 0x%lx in "
			"the %s", a->path, (unsigned long)a->attributes, (unsigned long)b->attributes, other);
	if (a->dir)
		return;
	if (a->size != b->size) {
		difference(d, CF_FX_CONTENT, "%ls: %llu bytes in the native folder, %llu in the %s",
			a->path, (unsigned long long)a->size, (unsigned long long)b->size, other);
		return;
	}
	at = first_difference(a_side, b_side, a->path, a->size);
	if (at)
		difference(d, CF_FX_CONTENT, "%ls: content differs at byte %llu (or unreadable)",
			a->path, (unsigned long long)(at - 1));
}

int cf_compare_trees(const CF_FIXTURE_TARGET *native, const CF_FIXTURE_TARGET *other,
	const char *case_name, ULONG effects_excused, BOOL print, BOOL verbose, ULONGLONG *xd_used)
{
	DIFFS d = { case_name, effects_excused, print, verbose, 0, 0 };
	TREE a, b;
	ULONG i = 0, j = 0;

	tree_read(&a, native);
	tree_read(&b, other);
	if (a.failed || b.failed)
		difference(&d, 0, "could not list the %s (error %lu)",
			a.failed ? native->label : other->label, GetLastError());
	while (i < a.count || j < b.count) {
		int order = i == a.count ? 1 : j == b.count ? -1 :
			wcscmp(a.entries[i].path, b.entries[j].path);
		if (order < 0)
			difference(&d, CF_FX_NAMES, "%ls exists only in the native folder",
				a.entries[i++].path);
		else if (order > 0)
			difference(&d, CF_FX_NAMES, "%ls exists only in the %s", b.entries[j++].path,
				other->label);
		else
			compare_entry(&d, &a.entries[i++], &b.entries[j++], native, other);
	}
	free(a.entries);
	free(b.entries);
	*xd_used |= d.xd_used;
	return d.unexcused;
}
