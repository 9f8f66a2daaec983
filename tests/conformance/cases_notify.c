// SPDX-License-Identifier: LGPL-3.0-or-later
/* cases_notify.c - change notification: actions, filters, trees, cancel and buffers (sys/notify.c). */
#include "cf.h"

#include <wchar.h>

/* The folder, opened for asynchronous I/O (no FILE_SYNCHRONOUS_IO_*). */
static cf_file open_watch(CF *t, const WCHAR *path)
{
	cf_file d = 0;

	cf_open(t, "watch", path, FILE_LIST_DIRECTORY | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN,
		FILE_DIRECTORY_FILE, &d);
	return d;
}

/* Records the FILE_NOTIFY_INFORMATION records: action and name of each. */
static void record_notify(CF *t, const char *tag, const BYTE *buffer, ULONG got)
{
	WCHAR text[2048], one[300], last[300];
	ULONG at = 0, used = 0, count = 0, repeats = 0;

	text[0] = last[0] = 0;
	while (at + sizeof(FILE_NOTIFY_INFORMATION) <= got + sizeof(WCHAR) && count < 32) {
		const FILE_NOTIFY_INFORMATION *n = (const FILE_NOTIFY_INFORMATION *)(buffer + at);
		_snwprintf(one, 300, L"%lu:%.*ls;", (unsigned long)n->Action,
			(int)(n->FileNameLength / 2 < 280 ? n->FileNameLength / 2 : 280), n->FileName);
		one[299] = 0;
		/* Wine may report one change twice in a row (one per Unix call): counted apart */
		if (!wcscmp(one, last)) {
			repeats++;
		} else {
			used += (ULONG)_snwprintf(text + used, 2048 - used, L"%ls", one);
			count++;
			wcscpy(last, one);
		}
		if (!n->NextEntryOffset)
			break;
		at += n->NextEntryOffset;
	}
	cf_u64(t, count, "%s: records", tag);
	cf_text(t, text, (ULONG)wcslen(text), "%s: actions", tag);
	cf_u64_xd(t, repeats, CF_XD_WINE_NOTIFY_REPEATS, 0, "%s: repeated records", tag);
}

/* Waits for a change (up to timeout), then records; on a timeout cancels and records. */
static void finish_notify(CF *t, const char *tag, CF_NOTIFY *n, DWORD timeout_ms)
{
	BYTE buffer[4096];
	ULONG got = 0;
	NTSTATUS status;

	if (!n)
		return;
	status = t->b->notify_end(t->b, n, timeout_ms, buffer, sizeof(buffer), &got);
	if (status == STATUS_TIMEOUT) {
		cf_status(t, status, "%s: nothing within %lu ms", tag, (unsigned long)timeout_ms);
		t->b->notify_cancel(t->b, n);
		status = t->b->notify_end(t->b, n, 5000, buffer, sizeof(buffer), &got);
		cf_status(t, status, "%s: after cancel", tag);
		return;
	}
	cf_status(t, status, "%s: completed", tag);
	if (status == STATUS_SUCCESS)
		record_notify(t, tag, buffer, got);
}

/* Where Wine's notification differs (xd): exactly two records, the final status (Dokan:
 * success) and the actions (Dokan: expected). */
static void finish_notify_xd(CF *t, const char *tag, CF_NOTIFY *n, DWORD timeout_ms, CF_XD xd,
	const WCHAR *expected)
{
	BYTE buffer[4096];
	WCHAR text[2048];
	ULONG got = 0, at = 0, used = 0;
	NTSTATUS status = CF_STATUS_NO_HANDLE;

	text[0] = 0;
	if (n) {
		status = t->b->notify_end(t->b, n, timeout_ms, buffer, sizeof(buffer), &got);
		if (status == STATUS_TIMEOUT) {
			t->b->notify_cancel(t->b, n);
			t->b->notify_end(t->b, n, 5000, buffer, sizeof(buffer), &got);
			got = 0;
		}
	}
	while (status == STATUS_SUCCESS && at + sizeof(FILE_NOTIFY_INFORMATION) <= got + 2) {
		const FILE_NOTIFY_INFORMATION *r = (const FILE_NOTIFY_INFORMATION *)(buffer + at);
		used += (ULONG)_snwprintf(text + used, 2048 - used, L"%lu:%.*ls;",
			(unsigned long)r->Action, (int)(r->FileNameLength / 2), r->FileName);
		if (!r->NextEntryOffset)
			break;
		at += r->NextEntryOffset;
	}
	cf_status_xd(t, status, xd, CF_WHEN_ANY, STATUS_SUCCESS, "%s: outcome", tag);
	cf_text_xd(t, text, (ULONG)wcslen(text), xd, expected, "%s: actions", tag);
}

static CF_NOTIFY *begin(CF *t, const char *tag, cf_file d, ULONG filter, BOOLEAN tree,
	ULONG length)
{
	CF_NOTIFY *n = NULL;
	NTSTATUS status = t->b->notify_begin(t->b, d, filter, tree, length, &n);

	cf_status(t, status, "%s: begin", tag);
	return n;
}

static void make_file(CF *t, const WCHAR *path)
{
	cf_file f = cf_open_quiet(t, path, FILE_GENERIC_WRITE, FILE_CREATE, 0);

	cf_bool(t, f != 0, "created %ls", path);
	t->b->close(t->b, f);
}

static void notify_added(CF *t)
{
	cf_file d = open_watch(t, L"");
	CF_NOTIFY *n = begin(t, "file name", d, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 4096);

	make_file(t, L"added.txt");
	finish_notify(t, "file name", n, 5000);
}

static void notify_removed(CF *t)
{
	cf_file d = open_watch(t, L""), f;
	CF_NOTIFY *n = begin(t, "file name", d, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 4096);

	f = cf_open_quiet(t, L"a.c", DELETE, FILE_OPEN, 0);
	cf_status(t, t->b->set_disposition(t->b, f, TRUE), "delete a.c");
	t->b->close(t->b, f);
	finish_notify(t, "file name", n, 5000);
}

static void notify_renamed(CF *t)
{
	cf_file d = open_watch(t, L""), f;
	CF_NOTIFY *n = begin(t, "file name", d, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 4096);

	BYTE buffer[4096];
	WCHAR text[1024];
	ULONG got = 0, used = 0, records = 0, round, at;
	NTSTATUS status = STATUS_SUCCESS;

	f = cf_open_quiet(t, L"a.c", DELETE, FILE_OPEN, 0);
	cf_status(t, t->b->rename(t->b, f, L"z.c", FALSE), "rename a.c to z.c");
	t->b->close(t->b, f);
	/* old and new name may come in one completion or in two */
	text[0] = 0;
	for (round = 0; round < 2 && records < 2 && n; round++) {
		if (round && t->b->notify_begin(t->b, d, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 4096, &n) !=
				STATUS_PENDING)
			n = NULL;
		if (!n)
			break;
		status = t->b->notify_end(t->b, n, 5000, buffer, sizeof(buffer), &got);
		if (status == STATUS_TIMEOUT) {
			t->b->notify_cancel(t->b, n);
			t->b->notify_end(t->b, n, 5000, buffer, sizeof(buffer), &got);
			break;
		}
		for (at = 0; status == STATUS_SUCCESS && at + 12 <= got;) {
			const FILE_NOTIFY_INFORMATION *r = (const FILE_NOTIFY_INFORMATION *)(buffer + at);
			used += (ULONG)_snwprintf(text + used, 1024 - used, L"%lu:%.*ls;",
				(unsigned long)r->Action, (int)(r->FileNameLength / 2), r->FileName);
			records++;
			if (!r->NextEntryOffset)
				break;
			at += r->NextEntryOffset;
		}
	}
	cf_status(t, status, "last completion");
	cf_text(t, text, (ULONG)wcslen(text), "actions");
}

static void notify_dir_name(CF *t)
{
	cf_file d = open_watch(t, L""), g;
	CF_NOTIFY *n = begin(t, "dir name", d, FILE_NOTIFY_CHANGE_DIR_NAME, FALSE, 4096);

	g = cf_open_quiet(t, L"newdir", FILE_LIST_DIRECTORY, FILE_CREATE, FILE_DIRECTORY_FILE);
	cf_bool(t, g != 0, "mkdir");
	t->b->close(t->b, g);
	finish_notify(t, "dir name", n, 5000);
}

static void notify_filter_mismatch(CF *t)
{
	cf_file d = open_watch(t, L"");
	CF_NOTIFY *n = begin(t, "dir names only", d, FILE_NOTIFY_CHANGE_DIR_NAME, FALSE, 4096);

	make_file(t, L"added.txt");
	finish_notify(t, "dir names only", n, 1000);
}

static void notify_watch_tree(CF *t)
{
	cf_file d = open_watch(t, L"");
	CF_NOTIFY *n = begin(t, "tree", d, FILE_NOTIFY_CHANGE_FILE_NAME, TRUE, 4096);

	make_file(t, L"dir\\sub\\deeper.txt");
	finish_notify_xd(t, "tree", n, 5000, CF_XD_WINE_NOTIFY_TREE, L"1:dir\\sub\\deeper.txt;");
}

static void notify_no_tree(CF *t)
{
	cf_file d = open_watch(t, L"");
	CF_NOTIFY *n = begin(t, "this folder only", d, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 4096);

	make_file(t, L"dir\\sub\\deeper.txt");
	finish_notify(t, "this folder only", n, 1000);
}

static void notify_cancel(CF *t)
{
	cf_file d = open_watch(t, L"");
	CF_NOTIFY *n = begin(t, "cancelled", d, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 4096);
	BYTE buffer[64];
	ULONG got = 0;

	if (!n)
		return;
	cf_bool(t, NT_SUCCESS(t->b->notify_cancel(t->b, n)), "cancel asked");
	cf_status(t, t->b->notify_end(t->b, n, 5000, buffer, sizeof(buffer), &got), "ends with");
}

static void notify_on_file(CF *t)
{
	cf_file f = 0;
	CF_NOTIFY *n;

	NTSTATUS status;

	cf_open(t, "file", L"file.txt", FILE_READ_DATA | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN, 0, &f);
	/* the outcome: failed at once, or (through iohost) when the request ends */
	status = t->b->notify_begin(t->b, f, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 4096, &n);
	if (n) {
		BYTE buffer[64];
		ULONG got;
		status = t->b->notify_end(t->b, n, 1000, buffer, sizeof(buffer), &got);
		if (status == STATUS_TIMEOUT) {
			t->b->notify_cancel(t->b, n);
			t->b->notify_end(t->b, n, 5000, buffer, sizeof(buffer), &got);
			status = STATUS_PENDING;
		}
	}
	cf_status_xd(t, status, CF_XD_WINE_NOTIFY_ON_FILE, STATUS_OBJECT_TYPE_MISMATCH,
		STATUS_INVALID_PARAMETER, "on a file: outcome");
}

static void notify_attributes(CF *t)
{
	cf_file d = open_watch(t, L""), f;
	CF_NOTIFY *n = begin(t, "attributes", d, FILE_NOTIFY_CHANGE_ATTRIBUTES, FALSE, 4096);
	FILE_BASIC_INFORMATION b = { 0 };

	f = cf_open_quiet(t, L"file.txt", FILE_WRITE_ATTRIBUTES, FILE_OPEN, 0);
	b.FileAttributes = FILE_ATTRIBUTE_HIDDEN;
	cf_status(t, t->b->set_info(t->b, f, FileBasicInformation, &b, sizeof(b)), "set hidden");
	t->b->close(t->b, f);
	finish_notify(t, "attributes", n, 5000);
}

static void notify_size(CF *t)
{
	cf_file d = open_watch(t, L""), f;
	CF_NOTIFY *n = begin(t, "size", d, FILE_NOTIFY_CHANGE_SIZE, FALSE, 4096);
	FILE_END_OF_FILE_INFORMATION e;

	f = cf_open_quiet(t, L"file.txt", FILE_WRITE_DATA, FILE_OPEN, 0);
	e.EndOfFile.QuadPart = 5;
	cf_status(t, t->b->set_info(t->b, f, FileEndOfFileInformation, &e, sizeof(e)), "truncate");
	t->b->close(t->b, f);
	finish_notify(t, "size", n, 5000);
}

static void notify_small_buffer(CF *t)
{
	cf_file d = open_watch(t, L"");
	CF_NOTIFY *n = begin(t, "8-byte buffer", d, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 8);

	make_file(t, L"a-rather-long-name-that-does-not-fit.txt");
	finish_notify(t, "8-byte buffer", n, 5000);
}

static void notify_close_handle(CF *t)
{
	cf_file d = open_watch(t, L"");
	CF_NOTIFY *n = begin(t, "closed", d, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 4096);
	BYTE buffer[64];
	ULONG got = 0;

	if (!n)
		return;
	cf_close(t, "watch", d);
	cf_status_xd(t, t->b->notify_end(t->b, n, 5000, buffer, sizeof(buffer), &got),
		CF_XD_WINE_NOTIFY_CLEANUP, CF_WHEN_ANY, STATUS_NOTIFY_CLEANUP, "ends with");
}

static void notify_two_changes(CF *t)
{
	cf_file d = open_watch(t, L"");
	CF_NOTIFY *n = begin(t, "two", d, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 4096);

	make_file(t, L"one.txt");
	finish_notify(t, "first", n, 5000);
	n = begin(t, "again", d, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 4096);
	make_file(t, L"two.txt");
	finish_notify(t, "second", n, 5000);
}

CF_CASES_DEFINE(notify,
	{ "notify_added", notify_added, 0 },
	{ "notify_removed", notify_removed, 0 },
	{ "notify_renamed", notify_renamed, 0 },
	{ "notify_dir_name", notify_dir_name, 0 },
	{ "notify_filter_mismatch", notify_filter_mismatch, 0 },
	{ "notify_watch_tree", notify_watch_tree, 0 },
	{ "notify_no_tree", notify_no_tree, 0 },
	{ "notify_cancel", notify_cancel, 0 },
	{ "notify_on_file", notify_on_file, 0 },
	{ "notify_attributes", notify_attributes, 0 },
	{ "notify_size", notify_size, 0 },
	{ "notify_small_buffer", notify_small_buffer, 0 },
	{ "notify_close_handle", notify_close_handle, 0 },
	{ "notify_two_changes", notify_two_changes, 0 },
)
