// SPDX-License-Identifier: LGPL-3.0-or-later
// checks_dir.c - names in folders: FindFirstFileExW with patterns, MoveFileExW, ReplaceFileW
// and ReadDirectoryChangesW (overlapped, completed through an event).
#include "win32api.h"
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#define SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)
#define UNICODE_NAME L"\u00fcn\u00efc\u00f6d\u00e9 \u65e5\u672c.txt"

static int compare_words(const void *a, const void *b)
{
	return wcscmp(*(WCHAR *const *)a, *(WCHAR *const *)b);
}

static void join_sorted(WCHAR **words, int count, WCHAR *line, size_t size)
{
	int i;

	qsort(words, count, sizeof(words[0]), compare_words);
	line[0] = 0;
	for (i = 0; i < count; i++) {
		wcsncat(line, L" ", size - wcslen(line) - 1);
		wcsncat(line, words[i], size - wcslen(line) - 1);
		free(words[i]);
	}
}

static WCHAR *find_word(const WIN32_FIND_DATAW *data)
{
	WCHAR word[MAX_PATH + 64];

	if (data->dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
		swprintf(word, ARRAYSIZE(word), L"%ls\\", data->cFileName);
	else
		swprintf(word, ARRAYSIZE(word), L"%ls(%lu)", data->cFileName, (unsigned long)data->nFileSizeLow);
	return _wcsdup(word);
}

// One search: the sorted matches, and how the search ended (NO_MORE_FILES after the last).
static void find(const WCHAR *pattern, FINDEX_INFO_LEVELS level, DWORD flags, const WCHAR *how)
{
	WIN32_FIND_DATAW data;
	WCHAR *words[64], line[4096];
	int count = 0;
	HANDLE search = FindFirstFileExW(path_of(pattern), level, &data, FindExSearchNameMatch, NULL, flags);
	RESULT first = result_of_handle(search), last = { TRUE, 0 };

	if (first.ok) {
		do {
			if (count < (int)ARRAYSIZE(words))
				words[count++] = find_word(&data);
		} while (FindNextFileW(search, &data));
		last = result_of(FALSE);
		FindClose(search);
	}
	join_sorted(words, count, line, ARRAYSIZE(line));
	if (first.ok)
		say(L"FindFirstFileExW(%ls, %ls) -> ok, ended with %ls:%ls", pattern, how, error_text(last.error), line);
	else
		say(L"FindFirstFileExW(%ls, %ls) -> %ls", pattern, how, result_text(first));
}

static void make_find_tree(void)
{
	static const WCHAR *const files[] = {
		L"a.txt", L"ab.txt", L"abc.txt", L"b.log", L"noext", L"UPPER.TXT", L"x.tar.gz",
		L"long name with spaces.text", UNICODE_NAME, L"sub\\inner.txt",
	};
	size_t i;

	make_folder(L"sub");
	make_folder(L"sub\\deeper");
	for (i = 0; i < ARRAYSIZE(files); i++)
		make_file(files[i], "data");
}

void check_find(void)
{
	static const WCHAR *const patterns[] = {
		L"*", L"*.txt", L"a?.txt", L"a*.txt", L"*.*", L"noext", L"*.", L"????", L"?.txt",
		L"*.TXT", L"upper.txt", L"*x*", L"x.tar.*", L"*.gz", L"long*", UNICODE_NAME,
		L"nomatch*", L"missing.txt", L"sub", L"sub\\*", L"sub\\*.txt", L"missing\\*",
		L"a.txt\\*",
	};
	size_t i;

	group_begin(L"find");
	make_find_tree();
	for (i = 0; i < ARRAYSIZE(patterns); i++)
		find(patterns[i], FindExInfoBasic, 0, L"FindExInfoBasic");
	find(L"*", FindExInfoStandard, FIND_FIRST_EX_LARGE_FETCH, L"FindExInfoStandard, LARGE_FETCH");
	find(L"*.txt", FindExInfoStandard, FIND_FIRST_EX_CASE_SENSITIVE, L"FindExInfoStandard, CASE_SENSITIVE");
}

static void move(const WCHAR *from, const WCHAR *to, DWORD flags)
{
	RESULT result = result_of(MoveFileExW(path_of(from), path_of(to), flags));

	say(L"MoveFileExW(%ls, %ls, %ls) -> %ls", from, to,
		flags & MOVEFILE_REPLACE_EXISTING ? L"REPLACE_EXISTING" : L"0", result_text(result));
}

static void move_files(void)
{
	make_file(L"a.txt", "A");
	make_file(L"b.txt", "B");
	move(L"a.txt", L"b.txt", 0);
	say(L"a.txt: %ls; b.txt: %ls", content_of(L"a.txt"), content_of(L"b.txt"));
	move(L"a.txt", L"b.txt", MOVEFILE_REPLACE_EXISTING);
	say(L"a.txt: %ls; b.txt: %ls", content_of(L"a.txt"), content_of(L"b.txt"));
	move(L"missing.txt", L"x.txt", 0);
	move(L"b.txt", L"sub\\c.txt", 0);
	move(L"sub\\c.txt", L"sub\\C.TXT", 0);
	move(L"sub", L"sub2", 0);
	move(L"sub2\\C.TXT", L"nowhere\\c.txt", 0);
}

static void move_refusals(void)
{
	HANDLE open;

	make_file(L"busy.txt", "busy");
	make_file(L"ro.txt", "read-only");
	make_folder(L"target");
	open = open_file(L"busy.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0);
	move(L"busy.txt", L"busy2.txt", 0);
	close_handle(&open);
	move(L"busy.txt", L"target", MOVEFILE_REPLACE_EXISTING);
	SetFileAttributesW(path_of(L"ro.txt"), FILE_ATTRIBUTE_READONLY);
	move(L"busy.txt", L"ro.txt", MOVEFILE_REPLACE_EXISTING);
	move(L"ro.txt", L"ro2.txt", 0);
	SetFileAttributesW(path_of(L"ro2.txt"), FILE_ATTRIBUTE_NORMAL);
	open = open_file(L"busy.txt", GENERIC_READ, SHARE_ALL, OPEN_EXISTING, 0);
	move(L"ro2.txt", L"busy.txt", MOVEFILE_REPLACE_EXISTING);
	close_handle(&open);
}

void check_move(void)
{
	group_begin(L"move");
	make_folder(L"sub");
	move_files();
	move_refusals();
	say_listing(L"");
}

static void replace(const WCHAR *target, const WCHAR *replacement, const WCHAR *backup)
{
	RESULT result = result_of(ReplaceFileW(path_of(target), path_of(replacement),
		backup ? path_of(backup) : NULL, 0, NULL, NULL));

	say(L"ReplaceFileW(%ls, %ls, %ls) -> %ls", target, replacement, backup ? backup : L"no backup",
		result_text(result));
}

void check_replace(void)
{
	group_begin(L"replace");
	make_file(L"target.txt", "old");
	make_file(L"new.txt", "new");
	replace(L"target.txt", L"new.txt", L"backup.txt");
	say(L"target.txt: %ls; backup.txt: %ls; new.txt: %ls", content_of(L"target.txt"),
		content_of(L"backup.txt"), content_of(L"new.txt"));
	make_file(L"newer.txt", "newer");
	replace(L"target.txt", L"newer.txt", NULL);
	say(L"target.txt: %ls; newer.txt: %ls", content_of(L"target.txt"), content_of(L"newer.txt"));
	replace(L"missing.txt", L"target.txt", NULL);
	replace(L"target.txt", L"missing.txt", NULL);
	say_listing(L"");
}

// ---- change notification ----

typedef struct WATCH {
	HANDLE folder;
	OVERLAPPED overlapped;
	DWORD buffer[4096];
} WATCH;

static const WCHAR *action_name(DWORD action)
{
	switch (action) {
	case FILE_ACTION_ADDED: return L"ADDED";
	case FILE_ACTION_REMOVED: return L"REMOVED";
	case FILE_ACTION_MODIFIED: return L"MODIFIED";
	case FILE_ACTION_RENAMED_OLD_NAME: return L"RENAMED_OLD_NAME";
	case FILE_ACTION_RENAMED_NEW_NAME: return L"RENAMED_NEW_NAME";
	default: return L"UNKNOWN_ACTION";
	}
}

static void arm(WATCH *watch, DWORD filter)
{
	RESULT result;

	ResetEvent(watch->overlapped.hEvent);
	result = result_of(ReadDirectoryChangesW(watch->folder, watch->buffer, sizeof(watch->buffer), FALSE,
		filter, NULL, &watch->overlapped, NULL));
	say(L"ReadDirectoryChangesW(overlapped) -> %ls; event signalled at once=%d", result_text(result),
		WaitForSingleObject(watch->overlapped.hEvent, 0) == WAIT_OBJECT_0);
}

static void say_records(const BYTE *buffer, DWORD size)
{
	const FILE_NOTIFY_INFORMATION *record = (const FILE_NOTIFY_INFORMATION *)buffer;

	if (!size) {
		say(L"  no records (buffer overflowed or empty)");
		return;
	}
	for (;;) {
		say(L"  %ls %.*ls", action_name(record->Action), (int)(record->FileNameLength / sizeof(WCHAR)),
			record->FileName);
		if (!record->NextEntryOffset)
			return;
		record = (const FILE_NOTIFY_INFORMATION *)((const BYTE *)record + record->NextEntryOffset);
	}
}

// Waits for the event; the records of one completion are printed in the order given.
static void collect(WATCH *watch, const WCHAR *after)
{
	DWORD waited = WaitForSingleObject(watch->overlapped.hEvent, 5000), size = 0;
	RESULT result;

	if (waited != WAIT_OBJECT_0) {
		say(L"after %ls: the event was not signalled within 5 s", after);
		CancelIoEx(watch->folder, &watch->overlapped);
		GetOverlappedResult(watch->folder, &watch->overlapped, &size, TRUE);
		return;
	}
	result = result_of(GetOverlappedResult(watch->folder, &watch->overlapped, &size, FALSE));
	say(L"after %ls: GetOverlappedResult -> %ls", after, result_text(result));
	if (result.ok)
		say_records((const BYTE *)watch->buffer, size);
}

static void change_names(WATCH *watch)
{
	HANDLE other;

	arm(watch, FILE_NOTIFY_CHANGE_FILE_NAME);
	other = open_file(L"new.txt", GENERIC_WRITE, 0, CREATE_NEW, 0);
	close_handle(&other);
	collect(watch, L"creating new.txt through another handle");
	arm(watch, FILE_NOTIFY_CHANGE_FILE_NAME);
	MoveFileExW(path_of(L"new.txt"), path_of(L"renamed.txt"), 0);
	collect(watch, L"renaming new.txt to renamed.txt");
	arm(watch, FILE_NOTIFY_CHANGE_FILE_NAME);
	DeleteFileW(path_of(L"renamed.txt"));
	collect(watch, L"deleting renamed.txt");
}

// A write through another handle, reported to a watch on writes and sizes.
static void change_data(WATCH *watch)
{
	HANDLE other = open_file(L"data.txt", GENERIC_WRITE, FILE_SHARE_READ, CREATE_NEW, 0);
	DWORD written = 0;

	arm(watch, FILE_NOTIFY_CHANGE_LAST_WRITE | FILE_NOTIFY_CHANGE_SIZE);
	WriteFile(other, "data", 4, &written, NULL);
	close_handle(&other);
	collect(watch, L"writing data.txt through another handle");
}

static void change_folders(WATCH *watch)
{
	arm(watch, FILE_NOTIFY_CHANGE_DIR_NAME);
	CreateDirectoryW(path_of(L"folder"), NULL);
	collect(watch, L"creating the folder folder");
}

static void cancel_pending(WATCH *watch)
{
	DWORD size = 0;

	arm(watch, FILE_NOTIFY_CHANGE_FILE_NAME);
	say(L"CancelIoEx on the pending request -> %ls",
		result_text(result_of(CancelIoEx(watch->folder, &watch->overlapped))));
	say(L"GetOverlappedResult after cancel -> %ls",
		result_text(result_of(GetOverlappedResult(watch->folder, &watch->overlapped, &size, TRUE))));
}

// The first request on a handle fixes its filter (as NTFS does), so each kind of change
// gets a handle of its own.
static void with_new_watch(void (*scenario)(WATCH *watch))
{
	WATCH *watch = calloc(1, sizeof(*watch));

	watch->folder = open_file(L"", FILE_LIST_DIRECTORY, SHARE_ALL, OPEN_EXISTING,
		FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OVERLAPPED);
	watch->overlapped.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
	say(L"CreateFileW(group folder, FILE_LIST_DIRECTORY, OVERLAPPED) -> %ls",
		result_text(result_of_handle(watch->folder)));
	scenario(watch);
	close_handle(&watch->folder);
	CloseHandle(watch->overlapped.hEvent);
	free(watch);
}

void check_notify(void)
{
	group_begin(L"notify");
	with_new_watch(change_names);
	with_new_watch(change_data);
	with_new_watch(change_folders);
	with_new_watch(cancel_pending);
}
