// SPDX-License-Identifier: LGPL-3.0-or-later
/* cases_set.c - IRP_MJ_SET_INFORMATION: basic (times, attributes), disposition, rename,
 * end of file, allocation, valid data length, position. */
#include "cf.h"

#include <string.h>
#include <wchar.h>

#define RW (FILE_GENERIC_READ | FILE_GENERIC_WRITE)
#define DIR_ACCESS (FILE_LIST_DIRECTORY | FILE_TRAVERSE | FILE_READ_ATTRIBUTES | SYNCHRONIZE)

/* 2022-02-03 04:05:06 UTC and 2019-07-08 09:10:11 UTC */
#define TIME_A 132883659060000000LL
#define TIME_B 132071034110000000LL

static cf_file open_file(CF *t, const WCHAR *path, ULONG access)
{
	cf_file f = 0;

	cf_open(t, "open", path, access | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN, CF_SYNC, &f);
	return f;
}

static cf_file open_dir(CF *t, const WCHAR *path, ULONG access)
{
	cf_file f = 0;

	cf_open(t, "open dir", path, access | DIR_ACCESS, CF_SHARE_ALL, FILE_OPEN,
		CF_SYNC | FILE_DIRECTORY_FILE, &f);
	return f;
}

/* Basic information of path as a fresh open sees it. */
static void basic_of(CF *t, const char *tag, const WCHAR *path)
{
	cf_file f = cf_open_quiet(t, path, FILE_READ_ATTRIBUTES, FILE_OPEN, 0);

	cf_query_basic(t, tag, f);
	t->b->close(t->b, f);
}

static NTSTATUS set_basic(CF *t, const char *tag, cf_file f, LONGLONG creation, LONGLONG access,
	LONGLONG write, LONGLONG change, ULONG attributes)
{
	FILE_BASIC_INFORMATION b;
	NTSTATUS status;

	b.CreationTime.QuadPart = creation;
	b.LastAccessTime.QuadPart = access;
	b.LastWriteTime.QuadPart = write;
	b.ChangeTime.QuadPart = change;
	b.FileAttributes = attributes;
	status = t->b->set_info(t->b, f, FileBasicInformation, &b, sizeof(b));
	cf_status(t, status, "%s: set basic", tag);
	return status;
}

/* ---- basic ---- */

static void basic_times(CF *t)
{
	cf_file f = open_file(t, L"file.txt", FILE_WRITE_ATTRIBUTES | FILE_READ_ATTRIBUTES);

	set_basic(t, "times", f, 0, TIME_A, TIME_B, 0, 0);
	cf_query_basic(t, "same handle", f);
	cf_close(t, "file", f);
	basic_of(t, "fresh handle", L"file.txt");
}

static void basic_creation_time(CF *t)
{
	cf_file f = open_file(t, L"file.txt", FILE_WRITE_ATTRIBUTES);

	set_basic(t, "creation", f, TIME_A, 0, 0, 0, 0);
	cf_close(t, "file", f);
	basic_of(t, "after", L"file.txt");
}

static void basic_zero_changes_nothing(CF *t)
{
	cf_file f = open_file(t, L"file.txt", FILE_WRITE_ATTRIBUTES);

	set_basic(t, "all zero", f, 0, 0, 0, 0, 0);
	cf_close(t, "file", f);
	basic_of(t, "after", L"file.txt");
}

/* -1: the file system stops updating that time for this handle. */
static void basic_minus_one(CF *t)
{
	cf_file f = open_file(t, L"file.txt", FILE_WRITE_ATTRIBUTES | FILE_WRITE_DATA);
	ULONG done;

	set_basic(t, "-1 for last write", f, 0, 0, -1, 0, 0);
	cf_status(t, t->b->write(t->b, f, 0, "x", 1, &done), "write");
	cf_close(t, "file", f);
	basic_of(t, "after", L"file.txt");
}

static void basic_change_time_only(CF *t)
{
	cf_file f = open_file(t, L"file.txt", FILE_WRITE_ATTRIBUTES);

	set_basic(t, "change time", f, 0, 0, 0, TIME_A, 0);
	cf_close(t, "file", f);
	basic_of(t, "after", L"file.txt");
}

static void basic_readonly(CF *t)
{
	cf_file f = open_file(t, L"file.txt", FILE_WRITE_ATTRIBUTES), g = 0;

	CF_OPEN o = { 0 };

	set_basic(t, "read-only", f, 0, 0, 0, 0, FILE_ATTRIBUTE_READONLY);
	cf_close(t, "file", f);
	basic_of(t, "after", L"file.txt");
	o.path = L"file.txt";
	o.access = FILE_WRITE_DATA | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = FILE_OPEN;
	o.options = CF_SYNC;
	cf_status_wine(t, t->b->open(t->b, &o, &g, &(ULONG_PTR){ 0 }), CF_XD_WINE_ROOT_READ_ONLY,
		STATUS_ACCESS_DENIED, "for writing: open");
	if (g)
		t->b->close(t->b, g);
}

static void basic_hidden_system(CF *t)
{
	cf_file f = open_file(t, L"file.txt", FILE_WRITE_ATTRIBUTES);

	set_basic(t, "hidden+system", f, 0, 0, 0, 0, FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM);
	cf_close(t, "file", f);
	basic_of(t, "after", L"file.txt");
	cf_list(t, "listed", L"", FileBothDirectoryInformation, L"file.txt");
}

static void basic_normal_clears(CF *t)
{
	cf_file f = open_file(t, L"ro.txt", FILE_WRITE_ATTRIBUTES);

	set_basic(t, "normal", f, 0, 0, 0, 0, FILE_ATTRIBUTE_NORMAL);
	cf_close(t, "file", f);
	basic_of(t, "after", L"ro.txt");
}

static void basic_attributes_zero_keeps(CF *t)
{
	cf_file f = open_file(t, L"ro.txt", FILE_WRITE_ATTRIBUTES);

	set_basic(t, "attributes 0", f, 0, TIME_A, 0, 0, 0);
	cf_close(t, "file", f);
	basic_of(t, "after", L"ro.txt");
}

static void basic_directory(CF *t)
{
	cf_file d = open_dir(t, L"emptydir", FILE_WRITE_ATTRIBUTES);

	set_basic(t, "dir hidden + times", d, 0, TIME_A, TIME_B, 0,
		FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_DIRECTORY);
	cf_close(t, "dir", d);
	basic_of(t, "after", L"emptydir");
}

static void basic_without_access(CF *t)
{
	cf_file f = open_file(t, L"file.txt", FILE_READ_DATA), g;
	FILE_BASIC_INFORMATION b = { 0 };
	ULONG got;

	b.LastWriteTime.QuadPart = TIME_B;
	b.FileAttributes = FILE_ATTRIBUTE_HIDDEN;
	cf_status_xd(t, t->b->set_info(t->b, f, FileBasicInformation, &b, sizeof(b)),
		CF_XD_WINE_NO_ACCESS_CHECK, STATUS_SUCCESS, STATUS_ACCESS_DENIED,
		"set basic without FILE_WRITE_ATTRIBUTES");
	cf_close(t, "file", f);
	g = cf_open_quiet(t, L"file.txt", FILE_READ_ATTRIBUTES, FILE_OPEN, 0);
	cf_status(t, t->b->query_info(t->b, g, FileBasicInformation, &b, sizeof(b), &got), "query");
	cf_u64_xd(t, !(b.FileAttributes & FILE_ATTRIBUTE_HIDDEN) && b.LastWriteTime.QuadPart !=
		TIME_B, CF_XD_WINE_NO_ACCESS_CHECK, 1, "unchanged");
}

static void basic_short_buffer(CF *t)
{
	FILE_BASIC_INFORMATION b = { 0 };
	cf_file f = open_file(t, L"file.txt", FILE_WRITE_ATTRIBUTES);

	cf_status_xd(t, t->b->set_info(t->b, f, FileBasicInformation, &b, 16),
		CF_XD_WINE_SET_LENGTH_STATUS, STATUS_INVALID_PARAMETER_3, STATUS_INFO_LENGTH_MISMATCH,
		"set basic, 16 bytes");
}

static void basic_directory_attribute_on_file(CF *t)
{
	cf_file f = open_file(t, L"file.txt", FILE_WRITE_ATTRIBUTES);

	set_basic(t, "directory attribute on a file", f, 0, 0, 0, 0,
		FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_ARCHIVE);
	cf_close(t, "file", f);
	basic_of(t, "after", L"file.txt");
}

/* ---- disposition ---- */

static void disposition(CF *t, const char *tag, const WCHAR *path, BOOL directory, ULONG access)
{
	cf_file f = directory ? open_dir(t, path, access) : open_file(t, path, access);

	cf_status(t, t->b->set_disposition(t->b, f, TRUE), "%s: delete", tag);
	cf_stat_xd(t, "while open", path, CF_XD_WINE_OPENS_DELETE_PENDING, STATUS_SUCCESS,
		STATUS_DELETE_PENDING);
	cf_close(t, tag, f);
	cf_stat(t, "after close", path);
}

static void disp_file(CF *t)
{
	disposition(t, "file", L"file.txt", FALSE, DELETE);
	cf_list(t, "folder", L"", FileDirectoryInformation, L"file*");
}

static void disp_empty_dir(CF *t)
{
	disposition(t, "empty dir", L"emptydir", TRUE, DELETE);
}

static void disp_nonempty_dir(CF *t)
{
	disposition(t, "non-empty dir", L"dir", TRUE, DELETE);
	cf_stat(t, "child", L"dir\\inner.txt");
}

static void disp_readonly(CF *t)
{
	disposition(t, "read-only file", L"ro.txt", FALSE, DELETE);
}

static void disp_without_access(CF *t)
{
	disposition(t, "no DELETE access", L"file.txt", FALSE, FILE_READ_DATA);
}

static void disp_undelete(CF *t)
{
	cf_file f = open_file(t, L"file.txt", DELETE);

	cf_status(t, t->b->set_disposition(t->b, f, TRUE), "delete");
	cf_status(t, t->b->set_disposition(t->b, f, FALSE), "undelete");
	cf_close(t, "file", f);
	cf_stat(t, "after close", L"file.txt");
}

static void disp_false_only(CF *t)
{
	cf_file f = open_file(t, L"file.txt", DELETE);

	cf_status(t, t->b->set_disposition(t->b, f, FALSE), "keep");
	cf_close(t, "file", f);
	cf_stat(t, "after close", L"file.txt");
}

static void disp_pending_blocks_open(CF *t)
{
	cf_file f = open_file(t, L"file.txt", DELETE), g = 0;

	CF_OPEN o = { 0 };

	cf_status(t, t->b->set_disposition(t->b, f, TRUE), "delete");
	o.path = L"file.txt";
	o.access = FILE_READ_DATA | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = FILE_OPEN;
	o.options = CF_SYNC;
	cf_open_xd(t, "open while delete pending", &o, &g, CF_XD_WINE_OPENS_DELETE_PENDING,
		STATUS_SUCCESS, STATUS_DELETE_PENDING);
	if (g)
		t->b->close(t->b, g);
	cf_close(t, "file", f);
	cf_stat(t, "after close", L"file.txt");
}

static void disp_standard_shows_pending(CF *t)
{
	cf_file f = open_file(t, L"file.txt", DELETE | FILE_READ_ATTRIBUTES);

	cf_status(t, t->b->set_disposition(t->b, f, TRUE), "delete");
	cf_query_standard(t, "delete pending", f);
}

static void disp_two_handles(CF *t)
{
	cf_file a = open_file(t, L"file.txt", DELETE), b = open_file(t, L"file.txt", FILE_READ_DATA);
	BYTE buffer[16];
	ULONG got;

	cf_status(t, t->b->set_disposition(t->b, a, TRUE), "delete through first");
	cf_close(t, "first", a);
	cf_status(t, t->b->read(t->b, b, 0, buffer, sizeof(buffer), &got), "read through second");
	cf_close(t, "second", b);
	cf_stat(t, "after both", L"file.txt");
}

/* NTFS deletes at the last handle's cleanup: until then the file stays, delete pending */
static void disp_pending_until_last_close(CF *t)
{
	cf_file a = open_file(t, L"file.txt", DELETE), b = open_file(t, L"file.txt", FILE_READ_ATTRIBUTES);

	CF_OPEN o = { .path = L"file.txt", .access = FILE_READ_ATTRIBUTES | SYNCHRONIZE,
		.share = CF_SHARE_ALL, .disposition = FILE_OPEN, .options = CF_SYNC };
	cf_file c = 0;
	ULONG_PTR info;

	cf_status(t, t->b->set_disposition(t->b, a, TRUE), "delete through first");
	cf_close(t, "first", a);
	cf_status_ntfs(t, t->b->open(t->b, &o, &c, &info), CF_XD_WINE_OPENS_DELETE_PENDING,
		STATUS_DELETE_PENDING, "open while the second is open");
	if (c)
		t->b->close(t->b, c);
	cf_close(t, "second", b);
	cf_stat(t, "after both", L"file.txt");
}

static void disp_then_recreate(CF *t)
{
	cf_file f = open_file(t, L"file.txt", DELETE), g = 0;

	cf_status(t, t->b->set_disposition(t->b, f, TRUE), "delete");
	cf_close(t, "file", f);
	cf_open(t, "create again", L"file.txt", RW | SYNCHRONIZE, CF_SHARE_ALL, FILE_CREATE, CF_SYNC,
		&g);
	cf_close(t, "new", g);
	cf_content(t, "new", L"file.txt");
}

static void disp_dir_with_open_child(CF *t)
{
	cf_file child = open_file(t, L"dir\\sub\\deep.txt", DELETE);

	cf_status(t, t->b->set_disposition(t->b, child, TRUE), "delete the child");
	disposition(t, "parent while child delete pending", L"dir\\sub", TRUE, DELETE);
	cf_close(t, "child", child);
	cf_stat(t, "sub at the end", L"dir\\sub");
}

/* ---- rename ---- */

static void rename_check(CF *t, const WCHAR *old_path, const WCHAR *new_path)
{
	cf_stat(t, "old name", old_path);
	cf_stat(t, "new name", new_path);
}

static void name_of(CF *t, const char *tag, cf_file f)
{
	BYTE buffer[2048];
	FILE_NAME_INFORMATION *n = (FILE_NAME_INFORMATION *)buffer;
	ULONG got = 0;
	NTSTATUS status = t->b->query_info(t->b, f, FileNameInformation, buffer, sizeof(buffer), &got);

	cf_status(t, status, "%s: query name", tag);
	if (NT_SUCCESS(status))
		cf_record_fs_name(t, tag, n->FileName, n->FileNameLength);
}

static void rename_bare(CF *t)
{
	cf_file f = open_file(t, L"file.txt", DELETE | FILE_READ_DATA);

	cf_status(t, t->b->rename(t->b, f, L"renamed.txt", FALSE), "rename");
	name_of(t, "handle's name", f);
	cf_close(t, "file", f);
	rename_check(t, L"file.txt", L"renamed.txt");
	cf_content(t, "renamed", L"renamed.txt");
}

static void rename_full(CF *t)
{
	cf_file f = open_file(t, L"file.txt", DELETE);

	cf_status(t, t->b->rename(t->b, f, L"dir\\moved.txt", FALSE), "rename into dir");
	name_of(t, "handle's name", f);
	cf_close(t, "file", f);
	rename_check(t, L"file.txt", L"dir\\moved.txt");
	cf_list(t, "dir", L"dir", FileDirectoryInformation, NULL);
}

static void rename_up(CF *t)
{
	cf_file f = open_file(t, L"dir\\inner.txt", DELETE);

	cf_status(t, t->b->rename(t->b, f, L"\\up.txt", FALSE), "rename to the folder");
	cf_close(t, "file", f);
	rename_check(t, L"dir\\inner.txt", L"up.txt");
}

static void rename_replace(CF *t)
{
	cf_file f = open_file(t, L"file.txt", DELETE);

	cf_status(t, t->b->rename(t->b, f, L"a.c", TRUE), "rename over a.c");
	cf_close(t, "file", f);
	rename_check(t, L"file.txt", L"a.c");
	cf_content(t, "a.c", L"a.c");
}

static void rename_replace_other_dir(CF *t)
{
	cf_file f = open_file(t, L"file.txt", DELETE);

	cf_status(t, t->b->rename(t->b, f, L"dir\\inner.txt", TRUE), "rename over dir\\inner.txt");
	cf_close(t, "file", f);
	rename_check(t, L"file.txt", L"dir\\inner.txt");
	cf_content(t, "dir\\inner.txt", L"dir\\inner.txt");
}

static void rename_replace_from_subdir(CF *t)
{
	cf_file f = open_file(t, L"dir\\inner.txt", DELETE);

	cf_status(t, t->b->rename(t->b, f, L"\\a.c", TRUE), "rename dir\\inner.txt over a.c");
	cf_close(t, "file", f);
	rename_check(t, L"dir\\inner.txt", L"a.c");
	cf_content(t, "a.c", L"a.c");
}

static void rename_collision(CF *t)
{
	cf_file f = open_file(t, L"file.txt", DELETE);

	cf_status(t, t->b->rename(t->b, f, L"a.c", FALSE), "rename onto a.c");
	cf_close(t, "file", f);
	rename_check(t, L"file.txt", L"a.c");
	cf_content(t, "a.c", L"a.c");
}

static void rename_replace_open_target(CF *t)
{
	cf_file target = open_file(t, L"a.c", FILE_READ_DATA), f = open_file(t, L"file.txt", DELETE);

	cf_status(t, t->b->rename(t->b, f, L"a.c", TRUE), "replace a target that is open");
	cf_close(t, "file", f);
	cf_close(t, "target", target);
	cf_content(t, "a.c", L"a.c");
}

static void rename_onto_dir(CF *t)
{
	cf_file f = open_file(t, L"file.txt", DELETE);

	cf_status(t, t->b->rename(t->b, f, L"emptydir", TRUE), "replace a directory");
	cf_close(t, "file", f);
	rename_check(t, L"file.txt", L"emptydir");
}

static void rename_dir(CF *t)
{
	cf_file d = open_dir(t, L"dir", DELETE);

	cf_status(t, t->b->rename(t->b, d, L"dir2", FALSE), "rename dir");
	cf_close(t, "dir", d);
	rename_check(t, L"dir", L"dir2");
	cf_list(t, "dir2", L"dir2", FileDirectoryInformation, NULL);
	cf_content(t, "moved child", L"dir2\\inner.txt");
}

static void rename_dir_with_open_child(CF *t)
{
	cf_file child = open_file(t, L"dir\\inner.txt", FILE_READ_DATA), d = open_dir(t, L"dir", DELETE);

	cf_status(t, t->b->rename(t->b, d, L"dir2", FALSE), "rename dir with an open child");
	cf_close(t, "dir", d);
	cf_close(t, "child", child);
	rename_check(t, L"dir", L"dir2");
}

static void rename_case_only(CF *t)
{
	cf_file f = open_file(t, L"file.txt", DELETE);

	BYTE buffer[1024];
	const FILE_NAMES_INFORMATION *entry = (const FILE_NAMES_INFORMATION *)buffer;
	cf_file d = 0;
	ULONG got = 0;
	NTSTATUS status;

	cf_status(t, t->b->rename(t->b, f, L"FILE.TXT", FALSE), "rename to upper case");
	cf_close(t, "file", f);
	cf_open(t, "folder", L"", FILE_LIST_DIRECTORY | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN,
		FILE_DIRECTORY_FILE | CF_SYNC, &d);
	status = t->b->query_dir(t->b, d, FileNamesInformation, L"file.txt",
		CF_RESTART_SCAN | CF_SINGLE_ENTRY, 0, buffer, sizeof(buffer), &got);
	cf_status(t, status, "list the name");
	if (!NT_SUCCESS(status))
		return;
	cf_bytes_wine(t, entry->FileName, entry->FileNameLength, CF_XD_WINE_CASE_RENAME,
		L"FILE.TXT", 8 * sizeof(WCHAR), "stored name");
}

static void rename_missing_dir(CF *t)
{
	cf_file f = open_file(t, L"file.txt", DELETE);

	cf_status(t, t->b->rename(t->b, f, L"nodir\\x.txt", FALSE), "rename into a missing folder");
	cf_close(t, "file", f);
	cf_stat(t, "source", L"file.txt");
}

static void rename_same_name(CF *t)
{
	cf_file f = open_file(t, L"file.txt", DELETE);

	cf_status(t, t->b->rename(t->b, f, L"file.txt", FALSE), "rename to itself");
	cf_status(t, t->b->rename(t->b, f, L"file.txt", TRUE), "rename to itself, replacing");
	cf_close(t, "file", f);
	cf_content(t, "still there", L"file.txt");
}

static void rename_then_io(CF *t)
{
	cf_file f = open_file(t, L"file.txt", DELETE | RW);
	BYTE buffer[16];
	ULONG got = 0, done = 0;

	cf_status(t, t->b->rename(t->b, f, L"moved.txt", FALSE), "rename");
	cf_status(t, t->b->read(t->b, f, 0, buffer, 9, &got), "read after rename");
	cf_bytes(t, buffer, got, "data");
	cf_status(t, t->b->write(t->b, f, 0, "MOVED", 5, &done), "write after rename");
	cf_query_standard(t, "after rename", f);
	cf_close(t, "file", f);
	cf_content(t, "moved", L"moved.txt");
}

static void rename_without_delete_access(CF *t)
{
	cf_file f = open_file(t, L"file.txt", FILE_READ_DATA), g;

	cf_status_xd(t, t->b->rename(t->b, f, L"renamed.txt", FALSE), CF_XD_WINE_NO_ACCESS_CHECK,
		STATUS_SUCCESS, STATUS_ACCESS_DENIED, "rename without DELETE");
	cf_close(t, "file", f);
	g = cf_open_quiet(t, L"file.txt", FILE_READ_ATTRIBUTES, FILE_OPEN, 0);
	cf_u64_xd(t, g != 0, CF_XD_WINE_NO_ACCESS_CHECK, 1, "old name still there");
}

static void rename_readonly(CF *t)
{
	cf_file f = open_file(t, L"ro.txt", DELETE);

	cf_status(t, t->b->rename(t->b, f, L"ro2.txt", FALSE), "rename a read-only file");
	cf_close(t, "file", f);
	rename_check(t, L"ro.txt", L"ro2.txt");
}

static void rename_dir_into_itself(CF *t)
{
	cf_file d = open_dir(t, L"dir", DELETE);

	cf_status(t, t->b->rename(t->b, d, L"dir\\sub\\x", FALSE), "rename a dir below itself");
	cf_close(t, "dir", d);
	cf_stat(t, "dir", L"dir");
}

static void rename_twice(CF *t)
{
	cf_file f = open_file(t, L"file.txt", DELETE);

	cf_status(t, t->b->rename(t->b, f, L"one.txt", FALSE), "first rename");
	cf_status(t, t->b->rename(t->b, f, L"two.txt", FALSE), "second rename");
	name_of(t, "handle's name", f);
	cf_close(t, "file", f);
	cf_list(t, "folder", L"", FileDirectoryInformation, L"*.txt");
}

/* ---- end of file, allocation, valid data length, position ---- */

static NTSTATUS set_eof(CF *t, const char *tag, cf_file f, ULONG c, LONGLONG value)
{
	FILE_END_OF_FILE_INFORMATION e;
	NTSTATUS status;

	e.EndOfFile.QuadPart = value;
	status = t->b->set_info(t->b, f, c, &e, sizeof(e));
	cf_status(t, status, "%s: set class %lu to %lld", tag, (unsigned long)c, (long long)value);
	return status;
}

static void eof_case(CF *t, ULONG c, LONGLONG value)
{
	cf_file f = open_file(t, L"file.txt", RW);

	set_eof(t, "file", f, c, value);
	cf_query_standard(t, "same handle", f);
	cf_close(t, "file", f);
	cf_content(t, "after", L"file.txt");
}

static void eof_truncate(CF *t) { eof_case(t, FileEndOfFileInformation, 10); }
static void eof_extend(CF *t) { eof_case(t, FileEndOfFileInformation, 100); }
static void eof_zero(CF *t) { eof_case(t, FileEndOfFileInformation, 0); }
static void eof_same(CF *t) { eof_case(t, FileEndOfFileInformation, CF_FOX_SIZE); }
/* Wine 8 does not implement FileAllocationInformation: Dokan must do what NTFS does (a
 * smaller allocation truncates, a larger one leaves the size alone). */
static void alloc_case(CF *t, LONGLONG value)
{
	cf_file f = open_file(t, L"file.txt", RW);
	FILE_ALLOCATION_INFORMATION a;
	FILE_STANDARD_INFORMATION s = { 0 };
	ULONG got;

	a.AllocationSize.QuadPart = value;
	cf_status_xd(t, t->b->set_info(t->b, f, FileAllocationInformation, &a, sizeof(a)),
		CF_XD_WINE_NO_ALLOCATION_CLASS, STATUS_NOT_IMPLEMENTED, STATUS_SUCCESS,
		"set allocation to %lld",
		(long long)value);
	cf_status(t, t->b->query_info(t->b, f, FileStandardInformation, &s, sizeof(s), &got),
		"query standard");
	cf_u64_xd(t, (ULONGLONG)s.EndOfFile.QuadPart, CF_XD_WINE_NO_ALLOCATION_CLASS,
		value < CF_FOX_SIZE ? (ULONGLONG)value : CF_FOX_SIZE, "EndOfFile");
	cf_close(t, "file", f);
}

static void alloc_shrink(CF *t) { alloc_case(t, 10); }
static void alloc_grow(CF *t) { alloc_case(t, 100000); }
static void alloc_zero(CF *t) { alloc_case(t, 0); }
/* Without SeManageVolumePrivilege (NTFS: STATUS_PRIVILEGE_NOT_HELD; Wine does not check,
 * so its answer is no reference); cases_safety.c has the rest. */
static void valid_data_length(CF *t)
{
	FILE_END_OF_FILE_INFORMATION e; /* same layout as FILE_VALID_DATA_LENGTH_INFORMATION */
	cf_file f = open_file(t, L"file.txt", RW);

	cf_bool(t, cf_manage_volume_privilege(FALSE), "privilege disabled");
	e.EndOfFile.QuadPart = 20;
	cf_status_ntfs(t, t->b->set_info(t->b, f, FileValidDataLengthInformation, &e, sizeof(e)),
		CF_XD_WINE_VALID_DATA_CHECKS, STATUS_PRIVILEGE_NOT_HELD, "file: valid data length 20");
	cf_query_standard(t, "same handle", f);
	cf_close(t, "file", f);
	cf_content(t, "after", L"file.txt");
}

static void eof_large_sparse(CF *t)
{
	cf_file f = open_file(t, L"file.txt", RW);
	BYTE buffer[16];
	ULONG got = 0;

	set_eof(t, "file", f, FileEndOfFileInformation, 3000000);
	cf_query_standard(t, "grown", f);
	cf_status(t, t->b->read(t->b, f, 2999990, buffer, sizeof(buffer), &got), "read the tail");
	cf_bytes(t, buffer, got, "tail");
}

static void eof_negative(CF *t)
{
	cf_file f = open_file(t, L"file.txt", RW);

	set_eof(t, "file", f, FileEndOfFileInformation, -5);
	cf_close(t, "file", f);
	cf_content(t, "after", L"file.txt");
}

static void eof_without_access(CF *t)
{
	cf_file f = open_file(t, L"file.txt", FILE_READ_DATA);
	FILE_END_OF_FILE_INFORMATION e;

	e.EndOfFile.QuadPart = 5;
	cf_status_xd(t, t->b->set_info(t->b, f, FileEndOfFileInformation, &e, sizeof(e)),
		CF_XD_WINE_NO_ACCESS_CHECK, STATUS_INVALID_PARAMETER, STATUS_ACCESS_DENIED,
		"end of file without FILE_WRITE_DATA");
	cf_close(t, "file", f);
	cf_content(t, "after", L"file.txt");
}

static void eof_directory(CF *t)
{
	cf_file d = open_dir(t, L"emptydir", FILE_WRITE_DATA);

	set_eof(t, "directory", d, FileEndOfFileInformation, 100);
}

static void eof_then_write(CF *t)
{
	cf_file f = open_file(t, L"file.txt", RW);
	ULONG done = 0;

	set_eof(t, "file", f, FileEndOfFileInformation, 4);
	cf_status(t, t->b->write(t->b, f, CF_APPEND, "+tail", 5, &done), "append");
	cf_close(t, "file", f);
	cf_content(t, "after", L"file.txt");
}

static void position_set(CF *t)
{
	cf_file f = open_file(t, L"file.txt", FILE_READ_DATA);
	FILE_POSITION_INFORMATION p;
	ULONG got;

	p.CurrentByteOffset.QuadPart = 7;
	cf_status(t, t->b->set_info(t->b, f, FilePositionInformation, &p, sizeof(p)), "set 7");
	p.CurrentByteOffset.QuadPart = 0;
	cf_status(t, t->b->query_info(t->b, f, FilePositionInformation, &p, sizeof(p), &got),
		"query");
	cf_u64(t, (ULONGLONG)p.CurrentByteOffset.QuadPart, "position");
	p.CurrentByteOffset.QuadPart = -1;
	cf_status(t, t->b->set_info(t->b, f, FilePositionInformation, &p, sizeof(p)), "set -1");
}

static void set_unknown_class(CF *t)
{
	BYTE buffer[64] = { 0 };
	cf_file f = open_file(t, L"file.txt", RW);

	cf_status(t, t->b->set_info(t->b, f, FileStandardInformation, buffer, 24),
		"set FileStandardInformation");
	cf_status(t, t->b->set_info(t->b, f, 200, buffer, 24), "set class 200");
	cf_status(t, t->b->set_info(t->b, f, FileModeInformation, buffer, 4),
		"set FileModeInformation 0");
}

CF_CASES_DEFINE(set,
	{ "set_basic_times", basic_times, 0 },
	{ "set_basic_creation_time", basic_creation_time, 0 },
	{ "set_basic_zero_changes_nothing", basic_zero_changes_nothing, 0 },
	{ "set_basic_minus_one", basic_minus_one, 0 },
	{ "set_basic_change_time_only", basic_change_time_only, 0 },
	{ "set_basic_readonly", basic_readonly, 0 },
	{ "set_basic_hidden_system", basic_hidden_system, 0 },
	{ "set_basic_normal_clears", basic_normal_clears, 0 },
	{ "set_basic_attributes_zero_keeps", basic_attributes_zero_keeps, 0 },
	{ "set_basic_directory", basic_directory, 0 },
	{ "set_basic_without_access", basic_without_access, 0 },
	{ "set_basic_short_buffer", basic_short_buffer, 0 },
	{ "set_basic_directory_attribute_on_file", basic_directory_attribute_on_file, 0 },
	{ "disp_file", disp_file, 0 },
	{ "disp_empty_dir", disp_empty_dir, 0 },
	{ "disp_nonempty_dir", disp_nonempty_dir, 0 },
	{ "disp_readonly", disp_readonly, 0 },
	{ "disp_without_access", disp_without_access, 0 },
	{ "disp_undelete", disp_undelete, 0 },
	{ "disp_false_only", disp_false_only, 0 },
	{ "disp_pending_blocks_open", disp_pending_blocks_open, 0 },
	{ "disp_standard_shows_pending", disp_standard_shows_pending, 0 },
	{ "disp_two_handles", disp_two_handles, 0 },
	{ "disp_pending_until_last_close", disp_pending_until_last_close, 0 },
	{ "disp_then_recreate", disp_then_recreate, 0 },
	{ "disp_dir_with_pending_child", disp_dir_with_open_child, 0 },
	{ "rename_bare", rename_bare, 0 },
	{ "rename_full", rename_full, 0 },
	{ "rename_up", rename_up, 0 },
	{ "rename_replace", rename_replace, 0 },
	{ "rename_collision", rename_collision, 0 },
	{ "rename_replace_other_dir", rename_replace_other_dir, 0 },
	{ "rename_replace_from_subdir", rename_replace_from_subdir, 0 },
	{ "rename_replace_open_target", rename_replace_open_target, 0 },
	{ "rename_onto_dir", rename_onto_dir, 0 },
	{ "rename_dir", rename_dir, 0 },
	{ "rename_dir_with_open_child", rename_dir_with_open_child, 0 },
	{ "rename_case_only", rename_case_only, 0 },
	{ "rename_missing_dir", rename_missing_dir, 0 },
	{ "rename_same_name", rename_same_name, 0 },
	{ "rename_then_io", rename_then_io, 0 },
	{ "rename_without_delete_access", rename_without_delete_access, 0 },
	{ "rename_readonly", rename_readonly, 0 },
	{ "rename_dir_into_itself", rename_dir_into_itself, 0 },
	{ "rename_twice", rename_twice, 0 },
	{ "eof_truncate", eof_truncate, 0 },
	{ "eof_extend", eof_extend, 0 },
	{ "eof_zero", eof_zero, 0 },
	{ "eof_same", eof_same, 0 },
	{ "eof_large_sparse", eof_large_sparse, 0 },
	{ "eof_negative", eof_negative, 0 },
	{ "eof_without_access", eof_without_access, 0 },
	{ "eof_directory", eof_directory, 0 },
	{ "eof_then_write", eof_then_write, 0 },
	{ "alloc_shrink", alloc_shrink, 0 },
	{ "alloc_grow", alloc_grow, 0 },
	{ "alloc_zero", alloc_zero, 0 },
	{ "valid_data_length", valid_data_length, 0 },
	{ "set_position", position_set, 0 },
	{ "set_unknown_class", set_unknown_class, 0 },
)
