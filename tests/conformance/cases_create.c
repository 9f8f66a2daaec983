// SPDX-License-Identifier: LGPL-3.0-or-later
/* cases_create.c - IRP_MJ_CREATE: every disposition for files and directories, existing
 * or not; create options; names; relative opens; sharing; delete-on-close. */
#include "cf.h"

#include <string.h>
#include <wchar.h>

#define RW (FILE_GENERIC_READ | FILE_GENERIC_WRITE)
#define DIR_ACCESS (FILE_LIST_DIRECTORY | FILE_TRAVERSE | FILE_READ_ATTRIBUTES | SYNCHRONIZE)
#define XD_STREAM CF_XD_STREAMS_REFUSED, CF_WHEN_ANY, STATUS_INVALID_PARAMETER

/* ---- the disposition matrix ---- */

/* Opens path with disposition; for a directory with FILE_DIRECTORY_FILE. Records the
 * outcome, the open's standard information, and the object afterwards. */
static void matrix(CF *t, ULONG disposition, BOOL directory, BOOL exists)
{
	const WCHAR *path = directory ? (exists ? L"emptydir" : L"newdir") :
		(exists ? L"file.txt" : L"new.txt");
	cf_file f = 0;
	CF_OPEN o = { 0 };
	NTSTATUS status;

	o.path = path;
	o.access = directory ? DIR_ACCESS : RW | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = disposition;
	o.options = CF_SYNC | (directory ? FILE_DIRECTORY_FILE : 0);
	/* FILE_DIRECTORY_FILE allows only FILE_CREATE, FILE_OPEN and FILE_OPEN_IF */
	if (directory && disposition != FILE_CREATE && disposition != FILE_OPEN &&
	    disposition != FILE_OPEN_IF)
		status = cf_open_xd(t, "matrix", &o, &f, CF_XD_WINE_DIRECTORY_OPTION_CHECK,
			STATUS_OBJECT_NAME_NOT_FOUND, STATUS_INVALID_PARAMETER);
	else
		status = cf_open_ex(t, "matrix", &o, &f);

	if (NT_SUCCESS(status)) {
		cf_query_standard(t, "opened", f);
		cf_close(t, "matrix", f);
	}
	cf_stat(t, "after", path);
	if (!directory)
		cf_content(t, "after", path);
	else
		cf_list(t, "after", path, FileDirectoryInformation, NULL);
}

#define MATRIX(name, disposition, directory, exists) \
	static void name(CF *t) { matrix(t, disposition, directory, exists); }
MATRIX(supersede_file_exists, FILE_SUPERSEDE, FALSE, TRUE)
MATRIX(supersede_file_new, FILE_SUPERSEDE, FALSE, FALSE)
MATRIX(supersede_dir_exists, FILE_SUPERSEDE, TRUE, TRUE)
MATRIX(supersede_dir_new, FILE_SUPERSEDE, TRUE, FALSE)
MATRIX(open_file_exists, FILE_OPEN, FALSE, TRUE)
MATRIX(open_file_new, FILE_OPEN, FALSE, FALSE)
MATRIX(open_dir_exists, FILE_OPEN, TRUE, TRUE)
MATRIX(open_dir_new, FILE_OPEN, TRUE, FALSE)
MATRIX(create_file_exists, FILE_CREATE, FALSE, TRUE)
MATRIX(create_file_new, FILE_CREATE, FALSE, FALSE)
MATRIX(create_dir_exists, FILE_CREATE, TRUE, TRUE)
MATRIX(create_dir_new, FILE_CREATE, TRUE, FALSE)
MATRIX(openif_file_exists, FILE_OPEN_IF, FALSE, TRUE)
MATRIX(openif_file_new, FILE_OPEN_IF, FALSE, FALSE)
MATRIX(openif_dir_exists, FILE_OPEN_IF, TRUE, TRUE)
MATRIX(openif_dir_new, FILE_OPEN_IF, TRUE, FALSE)
MATRIX(overwrite_file_exists, FILE_OVERWRITE, FALSE, TRUE)
MATRIX(overwrite_file_new, FILE_OVERWRITE, FALSE, FALSE)
MATRIX(overwrite_dir_exists, FILE_OVERWRITE, TRUE, TRUE)
MATRIX(overwrite_dir_new, FILE_OVERWRITE, TRUE, FALSE)
MATRIX(overwriteif_file_exists, FILE_OVERWRITE_IF, FALSE, TRUE)
MATRIX(overwriteif_file_new, FILE_OVERWRITE_IF, FALSE, FALSE)
MATRIX(overwriteif_dir_exists, FILE_OVERWRITE_IF, TRUE, TRUE)
MATRIX(overwriteif_dir_new, FILE_OVERWRITE_IF, TRUE, FALSE)

/* ---- files versus directories ---- */

/* One open, its standard information, closed again. */
static void probe_xd(CF *t, const char *tag, const WCHAR *path, ULONG access,
	ULONG disposition, ULONG options, ULONG attributes, CF_XD xd, NTSTATUS when, NTSTATUS alt)
{
	CF_OPEN o = { 0 };
	cf_file f = 0;

	o.path = path;
	o.access = access | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = disposition;
	o.options = options | CF_SYNC;
	o.attributes = attributes;
	if (NT_SUCCESS(cf_open_xd(t, tag, &o, &f, xd, when, alt))) {
		if (xd != CF_XD_NONE) {
			t->b->close(t->b, f);
			return;
		}
		cf_query_standard(t, tag, f);
		cf_close(t, tag, f);
	}
}

static void probe(CF *t, const char *tag, const WCHAR *path, ULONG access, ULONG disposition,
	ULONG options, ULONG attributes)
{
	probe_xd(t, tag, path, access, disposition, options, attributes, CF_XD_NONE, 0, 0);
}

static void open_dir_nondir(CF *t)
{
	probe(t, "dir as non-directory", L"emptydir", FILE_READ_ATTRIBUTES, FILE_OPEN,
		FILE_NON_DIRECTORY_FILE, 0);
	cf_stat(t, "after", L"emptydir");
}

static void open_file_as_dir(CF *t)
{
	probe(t, "file as directory", L"file.txt", FILE_LIST_DIRECTORY, FILE_OPEN,
		FILE_DIRECTORY_FILE, 0);
	cf_stat(t, "after", L"file.txt");
}

static void open_dir_no_options(CF *t)
{
	probe(t, "dir without options", L"dir", FILE_READ_ATTRIBUTES, FILE_OPEN, 0, 0);
}

static void open_file_nondir(CF *t)
{
	probe(t, "file as non-directory", L"file.txt", FILE_READ_DATA, FILE_OPEN,
		FILE_NON_DIRECTORY_FILE, 0);
}

static void create_file_over_dir(CF *t)
{
	probe(t, "create file named like a dir", L"emptydir", RW, FILE_CREATE, 0, 0);
	cf_stat(t, "after", L"emptydir");
}

static void create_dir_over_file(CF *t)
{
	probe(t, "create dir named like a file", L"file.txt", DIR_ACCESS, FILE_CREATE,
		FILE_DIRECTORY_FILE, 0);
	cf_stat(t, "after", L"file.txt");
}

static void openif_dir_over_file(CF *t)
{
	probe(t, "open-if dir on a file", L"file.txt", DIR_ACCESS, FILE_OPEN_IF, FILE_DIRECTORY_FILE, 0);
	cf_stat(t, "after", L"file.txt");
}

static void overwrite_file_over_dir(CF *t)
{
	probe(t, "overwrite a dir", L"emptydir", RW, FILE_OVERWRITE, 0, 0);
	cf_stat(t, "after", L"emptydir");
}

static void supersede_nondir_over_dir(CF *t)
{
	probe(t, "supersede a dir", L"emptydir", RW, FILE_SUPERSEDE, FILE_NON_DIRECTORY_FILE, 0);
	cf_stat(t, "after", L"emptydir");
}

static void openif_file_over_dir(CF *t)
{
	probe(t, "open-if file on a dir", L"emptydir", FILE_READ_ATTRIBUTES, FILE_OPEN_IF, 0, 0);
}

/* ---- paths ---- */

static void missing_parent(CF *t)
{
	probe(t, "open in missing folder", L"nodir\\x.txt", FILE_READ_DATA, FILE_OPEN, 0, 0);
}

static void create_in_missing_parent(CF *t)
{
	probe(t, "create in missing folder", L"nodir\\x.txt", RW, FILE_CREATE, 0, 0);
	probe(t, "create dir in missing folder", L"nodir\\y", DIR_ACCESS, FILE_CREATE,
		FILE_DIRECTORY_FILE, 0);
	cf_stat(t, "after", L"nodir");
}

static void under_file(CF *t)
{
	probe(t, "open below a file", L"file.txt\\x", FILE_READ_DATA, FILE_OPEN, 0, 0);
	probe(t, "create below a file", L"file.txt\\y", RW, FILE_CREATE, 0, 0);
}

static void nested_new(CF *t)
{
	probe(t, "create nested", L"dir\\sub\\made.txt", RW, FILE_CREATE, FILE_NON_DIRECTORY_FILE, 0);
	cf_stat(t, "after", L"dir\\sub\\made.txt");
	cf_list(t, "sub", L"dir\\sub", FileDirectoryInformation, NULL);
}

static void new_dir_then_file(CF *t)
{
	probe(t, "mkdir", L"fresh", DIR_ACCESS, FILE_CREATE, FILE_DIRECTORY_FILE, 0);
	probe(t, "create inside", L"fresh\\one.txt", RW, FILE_CREATE, 0, 0);
	cf_list(t, "fresh", L"fresh", FileDirectoryInformation, NULL);
}

static void case_insensitive(CF *t)
{
	probe(t, "upper case", L"FILE.TXT", FILE_READ_DATA, FILE_OPEN, 0, 0);
	probe(t, "lower case", L"mixed case.txt", FILE_READ_DATA, FILE_OPEN, 0, 0);
	probe(t, "create in other case", L"File.Txt", RW, FILE_CREATE, 0, 0);
}

static void trailing_backslash_file(CF *t)
{
	probe(t, "file with trailing backslash", L"file.txt\\", FILE_READ_DATA, FILE_OPEN, 0, 0);
}

static void trailing_backslash_dir(CF *t)
{
	probe(t, "dir with trailing backslash", L"dir\\", FILE_LIST_DIRECTORY, FILE_OPEN,
		FILE_DIRECTORY_FILE, 0);
}

static void double_backslash(CF *t)
{
	probe(t, "double backslash", L"dir\\\\inner.txt", FILE_READ_DATA, FILE_OPEN, 0, 0);
}

static void dot_component(CF *t)
{
	probe(t, "dot component", L"dir\\.\\inner.txt", FILE_READ_DATA, FILE_OPEN, 0, 0);
}

static void dotdot_component(CF *t)
{
	probe(t, "dot-dot component", L"dir\\..\\file.txt", FILE_READ_DATA, FILE_OPEN, 0, 0);
}

/* ".." must not lead out of the volume: M:\case\..\..\a\case\file.txt names a file of the
 * other tree (A) next to the mirrored folder (B). */
static void dotdot_escape(CF *t)
{
	WCHAR path[MAX_PATH];

	_snwprintf(path, MAX_PATH, L"..\\..\\a\\%hs\\file.txt", t->case_name);
	path[MAX_PATH - 1] = 0;
	probe(t, "dot-dot out of the folder", path, FILE_READ_DATA, FILE_OPEN, 0, 0);
}

static void long_name_255(CF *t)
{
	WCHAR name[256];
	int i;

	for (i = 0; i < 255; i++)
		name[i] = (WCHAR)(L'a' + i % 26);
	name[255] = 0;
	probe(t, "255 characters", name, RW, FILE_CREATE, 0, 0);
	cf_list(t, "folder", L"", FileDirectoryInformation, L"abcdefghij*");
}

static void long_name_256(CF *t)
{
	WCHAR name[257];
	int i;

	for (i = 0; i < 256; i++)
		name[i] = (WCHAR)(L'a' + i % 26);
	name[256] = 0;
	probe(t, "256 characters", name, RW, FILE_CREATE, 0, 0);
}

static void name_star(CF *t)
{
	probe(t, "star", L"a*b.txt", RW, FILE_CREATE, 0, 0);
	probe(t, "star open", L"*.txt", FILE_READ_DATA, FILE_OPEN, 0, 0);
}

static void name_qmark(CF *t)
{
	probe(t, "question mark", L"a?b.txt", RW, FILE_CREATE, 0, 0);
}

static void name_pipe(CF *t)
{
	probe(t, "pipe", L"a|b.txt", RW, FILE_CREATE, 0, 0);
}

static void name_lt_gt_quote(CF *t)
{
	probe(t, "less than", L"a<b.txt", RW, FILE_CREATE, 0, 0);
	probe(t, "greater than", L"a>b.txt", RW, FILE_CREATE, 0, 0);
	probe(t, "quote", L"a\"b.txt", RW, FILE_CREATE, 0, 0);
}

static void name_spaces(CF *t)
{
	probe(t, "spaces", L"with space.txt", RW, FILE_CREATE, 0, 0);
	probe(t, "open long name", L"a long file name with spaces.text", FILE_READ_DATA, FILE_OPEN, 0, 0);
	cf_stat(t, "after", L"with space.txt");
}

static void name_unicode(CF *t)
{
	probe(t, "unicode", L"\x00e9t\x00e9-\x4e2d\x6587.txt", RW, FILE_CREATE, 0, 0);
	cf_list(t, "folder", L"", FileDirectoryInformation, L"\x00e9*");
}

/* ---- alternate data streams ---- */

static void stream_open(CF *t)
{
	probe_xd(t, "open stream", L"file.txt:s", FILE_READ_DATA, FILE_OPEN, 0, 0, XD_STREAM);
}

static void stream_create(CF *t)
{
	probe_xd(t, "create stream", L"file.txt:s", RW, FILE_CREATE, 0, 0, XD_STREAM);
	cf_content(t, "file after", L"file.txt");
}

static void stream_default_data(CF *t)
{
	probe_xd(t, "default stream", L"file.txt::$DATA", FILE_READ_DATA, FILE_OPEN, 0, 0, XD_STREAM);
}

/* ---- relative opens ---- */

static void relative_file(CF *t)
{
	cf_file dir = 0, f = 0;
	CF_OPEN o = { 0 };

	cf_open(t, "parent", L"dir", DIR_ACCESS, CF_SHARE_ALL, FILE_OPEN, FILE_DIRECTORY_FILE | CF_SYNC, &dir);
	o.path = L"inner.txt";
	o.related = dir;
	o.access = FILE_READ_DATA | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = FILE_OPEN;
	o.options = CF_SYNC;
	if (NT_SUCCESS(cf_open_ex(t, "relative", &o, &f))) {
		BYTE buffer[32];
		ULONG got;
		cf_status(t, t->b->read(t->b, f, 0, buffer, sizeof(buffer), &got), "read");
		cf_bytes(t, buffer, got, "data");
	}
}

static void relative_nested(CF *t)
{
	cf_file dir = 0, f = 0;
	CF_OPEN o = { 0 };

	cf_open(t, "parent", L"", DIR_ACCESS, CF_SHARE_ALL, FILE_OPEN, FILE_DIRECTORY_FILE | CF_SYNC, &dir);
	o.path = L"dir\\sub\\deep.txt";
	o.related = dir;
	o.access = FILE_READ_ATTRIBUTES | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = FILE_OPEN;
	o.options = CF_SYNC;
	if (NT_SUCCESS(cf_open_ex(t, "relative nested", &o, &f)))
		cf_query_standard(t, "deep", f);
}

static void relative_backslash(CF *t)
{
	cf_file dir = 0, f = 0;
	CF_OPEN o = { 0 };

	cf_open(t, "parent", L"dir", DIR_ACCESS, CF_SHARE_ALL, FILE_OPEN, FILE_DIRECTORY_FILE | CF_SYNC, &dir);
	o.path = L"\\inner.txt";
	o.related = dir;
	o.access = FILE_READ_DATA | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = FILE_OPEN;
	o.options = CF_SYNC;
	cf_open_xd(t, "relative with backslash", &o, &f, CF_XD_WINE_RELATIVE_BACKSLASH,
		STATUS_INVALID_PARAMETER, STATUS_OBJECT_NAME_INVALID);
}

static void relative_to_file(CF *t)
{
	cf_file file = 0, f = 0;
	CF_OPEN o = { 0 };

	cf_open(t, "parent file", L"file.txt", FILE_READ_DATA | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN,
		CF_SYNC, &file);
	o.path = L"x";
	o.related = file;
	o.access = FILE_READ_DATA | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = FILE_OPEN;
	o.options = CF_SYNC;
	cf_open_ex(t, "relative to a file", &o, &f);
}

static void relative_empty(CF *t)
{
	cf_file dir = 0, f = 0;
	CF_OPEN o = { 0 };

	cf_open(t, "parent", L"dir", DIR_ACCESS, CF_SHARE_ALL, FILE_OPEN, FILE_DIRECTORY_FILE | CF_SYNC, &dir);
	o.path = L"";
	o.related = dir;
	o.access = FILE_READ_ATTRIBUTES | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = FILE_OPEN;
	o.options = CF_SYNC;
	if (NT_SUCCESS(cf_open_ex(t, "empty relative name", &o, &f)))
		cf_query_standard(t, "reopened", f);
}

static void relative_create(CF *t)
{
	cf_file dir = 0, f = 0;
	CF_OPEN o = { 0 };

	cf_open(t, "parent", L"dir", DIR_ACCESS, CF_SHARE_ALL, FILE_OPEN, FILE_DIRECTORY_FILE | CF_SYNC, &dir);
	o.path = L"made.txt";
	o.related = dir;
	o.access = RW | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = FILE_CREATE;
	o.options = CF_SYNC;
	if (NT_SUCCESS(cf_open_ex(t, "relative create", &o, &f)))
		cf_close(t, "made", f);
	cf_stat(t, "after", L"dir\\made.txt");
}

/* ---- attributes at create ---- */

/* An open NTFS refuses for a read-only file, where Wine run as root lets it through. */
static void probe_read_only(CF *t, const char *tag, const WCHAR *path, ULONG access,
	ULONG disposition)
{
	CF_OPEN o = { 0 };
	cf_file f = 0;

	o.path = path;
	o.access = access | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = disposition;
	o.options = CF_SYNC;
	cf_status_wine(t, t->b->open(t->b, &o, &f, &(ULONG_PTR){ 0 }), CF_XD_WINE_ROOT_READ_ONLY,
		STATUS_ACCESS_DENIED, "%s: open", tag);
	if (f)
		t->b->close(t->b, f);
}

static void create_readonly(CF *t)
{
	probe(t, "create read-only", L"new-ro.txt", RW, FILE_CREATE, 0, FILE_ATTRIBUTE_READONLY);
	cf_stat(t, "after", L"new-ro.txt");
	probe_read_only(t, "reopen for writing", L"new-ro.txt", FILE_WRITE_DATA, FILE_OPEN);
	probe(t, "reopen for reading", L"new-ro.txt", FILE_READ_DATA, FILE_OPEN, 0, 0);
}

static void create_hidden(CF *t)
{
	probe(t, "create hidden", L"new-hidden.txt", RW, FILE_CREATE, 0,
		FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM);
	cf_stat(t, "after", L"new-hidden.txt");
}

static void open_ignores_attributes(CF *t)
{
	probe(t, "open with attributes", L"file.txt", FILE_READ_DATA, FILE_OPEN, 0, FILE_ATTRIBUTE_HIDDEN);
	cf_stat(t, "after", L"file.txt");
}

static void overwrite_sets_attributes(CF *t)
{
	FILE_BASIC_INFORMATION basic = { 0 };
	cf_file g;
	ULONG got;

	probe(t, "overwrite with hidden", L"file.txt", RW, FILE_OVERWRITE, 0, FILE_ATTRIBUTE_HIDDEN);
	g = cf_open_quiet(t, L"file.txt", FILE_READ_ATTRIBUTES, FILE_OPEN, 0);
	cf_status(t, t->b->query_info(t->b, g, FileBasicInformation, &basic, sizeof(basic), &got),
		"query");
	cf_u64_wine(t, basic.FileAttributes, CF_XD_WINE_OVERWRITE_ATTRIBUTES,
		FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_ARCHIVE, "attributes after");
}

static void create_dir_hidden(CF *t)
{
	FILE_BASIC_INFORMATION basic = { 0 };
	cf_file g;
	ULONG got;

	probe(t, "mkdir hidden", L"hiddendir", DIR_ACCESS, FILE_CREATE, FILE_DIRECTORY_FILE,
		FILE_ATTRIBUTE_HIDDEN);
	g = cf_open_quiet(t, L"hiddendir", FILE_READ_ATTRIBUTES, FILE_OPEN, 0);
	cf_status(t, t->b->query_info(t->b, g, FileBasicInformation, &basic, sizeof(basic), &got),
		"query");
	cf_u64_xd(t, basic.FileAttributes, CF_XD_MKDIR_NO_ATTRIBUTES, FILE_ATTRIBUTE_DIRECTORY,
		"attributes");
}

static void readonly_for_write(CF *t)
{
	probe_read_only(t, "read-only file for writing", L"ro.txt", FILE_WRITE_DATA, FILE_OPEN);
	probe(t, "read-only file for reading", L"ro.txt", FILE_READ_DATA, FILE_OPEN, 0, 0);
}

/* NTFS refuses and the content stays; Wine as root empties the file. */
static void overwrite_readonly(CF *t)
{
	static const char original[] = "ro.txt\n";
	BYTE buffer[64];
	ULONG got = 0;
	cf_file f;

	probe_read_only(t, "overwrite read-only", L"ro.txt", RW, FILE_OVERWRITE);
	f = cf_open_quiet(t, L"ro.txt", FILE_READ_DATA, FILE_OPEN, FILE_NON_DIRECTORY_FILE);
	cf_status_wine(t, t->b->read(t->b, f, 0, buffer, sizeof(buffer), &got),
		CF_XD_WINE_ROOT_READ_ONLY, STATUS_SUCCESS, "after: read");
	cf_bytes_wine(t, buffer, got, CF_XD_WINE_ROOT_READ_ONLY, original, sizeof(original) - 1,
		"after: content");
}

static void allocation_at_create(CF *t)
{
	CF_OPEN o = { 0 };
	cf_file f = 0;

	o.path = L"alloc.txt";
	o.access = RW | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = FILE_CREATE;
	o.options = CF_SYNC;
	o.allocation = 100000;
	if (NT_SUCCESS(cf_open_ex(t, "create with allocation", &o, &f))) {
		FILE_STANDARD_INFORMATION s = { 0 };
		ULONG got;
		cf_status(t, t->b->query_info(t->b, f, FileStandardInformation, &s, sizeof(s), &got),
			"query standard");
		cf_u64(t, (ULONGLONG)s.EndOfFile.QuadPart, "EndOfFile");
	}
}

/* ---- sharing ---- */

static void share_pair(CF *t, ULONG access1, ULONG share1, ULONG access2, ULONG share2)
{
	cf_file a = 0, b = 0;

	cf_open(t, "first", L"file.txt", access1 | SYNCHRONIZE, share1, FILE_OPEN, CF_SYNC, &a);
	cf_open(t, "second", L"file.txt", access2 | SYNCHRONIZE, share2, FILE_OPEN, CF_SYNC, &b);
	cf_close(t, "second", b);
	cf_close(t, "first", a);
	/* once both are gone anything opens again */
	cf_open(t, "third", L"file.txt", RW | SYNCHRONIZE, 0, FILE_OPEN, CF_SYNC, &a);
}

static void share_exclusive(CF *t)
{
	share_pair(t, FILE_READ_DATA, 0, FILE_READ_DATA, CF_SHARE_ALL);
}

static void share_read_vs_write(CF *t)
{
	share_pair(t, FILE_READ_DATA, FILE_SHARE_READ, FILE_WRITE_DATA, CF_SHARE_ALL);
}

static void share_read_read(CF *t)
{
	share_pair(t, FILE_READ_DATA, FILE_SHARE_READ, FILE_READ_DATA, FILE_SHARE_READ);
}

static void share_delete_needed(CF *t)
{
	share_pair(t, FILE_READ_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, DELETE, CF_SHARE_ALL);
}

static void share_second_denies_first(CF *t)
{
	share_pair(t, FILE_WRITE_DATA, CF_SHARE_ALL, FILE_READ_DATA, FILE_SHARE_READ);
}

static void share_attributes_only(CF *t)
{
	share_pair(t, FILE_READ_DATA, 0, FILE_READ_ATTRIBUTES, 0);
}

/* ---- delete on close ---- */

static void doc_probe_xd(CF *t, const char *tag, const WCHAR *path, ULONG access,
	ULONG disposition, ULONG options, CF_XD xd, NTSTATUS when, NTSTATUS alt)
{
	CF_OPEN o = { 0 };
	cf_file f = 0;

	o.path = path;
	o.access = access | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = disposition;
	o.options = options | FILE_DELETE_ON_CLOSE | CF_SYNC;
	if (NT_SUCCESS(cf_open_xd(t, tag, &o, &f, xd, when, alt))) {
		cf_stat(t, "while open", path);
		cf_close(t, tag, f);
	}
	cf_stat(t, "after close", path);
}

static void doc_probe(CF *t, const char *tag, const WCHAR *path, ULONG access,
	ULONG disposition, ULONG options)
{
	doc_probe_xd(t, tag, path, access, disposition, options, CF_XD_NONE, 0, 0);
}

static void doc_new_file(CF *t)
{
	doc_probe(t, "create delete-on-close", L"temp.txt", RW | DELETE, FILE_CREATE, 0);
}

static void doc_existing_file(CF *t)
{
	doc_probe(t, "open delete-on-close", L"file.txt", FILE_READ_DATA | DELETE, FILE_OPEN,
		FILE_NON_DIRECTORY_FILE);
}

static void doc_empty_dir(CF *t)
{
	doc_probe(t, "dir delete-on-close", L"emptydir", DIR_ACCESS | DELETE, FILE_OPEN,
		FILE_DIRECTORY_FILE);
}

static void doc_nonempty_dir(CF *t)
{
	doc_probe(t, "non-empty dir delete-on-close", L"dir", DIR_ACCESS | DELETE, FILE_OPEN,
		FILE_DIRECTORY_FILE);
	cf_stat(t, "child", L"dir\\inner.txt");
}

static void doc_without_delete_access(CF *t)
{
	doc_probe(t, "delete-on-close without DELETE", L"file.txt", FILE_READ_DATA, FILE_OPEN, 0);
}

/* NTFS: STATUS_CANNOT_DELETE, and the file stays (issue 14: the driver decides it). */
static void doc_readonly(CF *t)
{
	doc_probe(t, "read-only delete-on-close", L"ro.txt", FILE_READ_DATA | DELETE, FILE_OPEN, 0);
}

static void doc_second_handle(CF *t)
{
	cf_file a = 0, b = 0;

	cf_open(t, "plain", L"file.txt", FILE_READ_DATA | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN,
		CF_SYNC, &a);
	cf_open(t, "delete-on-close", L"file.txt", FILE_READ_DATA | DELETE | SYNCHRONIZE,
		CF_SHARE_ALL, FILE_OPEN, CF_SYNC | FILE_DELETE_ON_CLOSE, &b);
	cf_close(t, "delete-on-close", b);
	cf_stat_wine(t, "plain still open", L"file.txt", CF_XD_WINE_OPENS_DELETE_PENDING,
		STATUS_DELETE_PENDING);
	cf_close(t, "plain", a);
	cf_stat(t, "all closed", L"file.txt");
}

static void doc_new_dir(CF *t)
{
	doc_probe(t, "mkdir delete-on-close", L"tempdir", DIR_ACCESS | DELETE, FILE_CREATE,
		FILE_DIRECTORY_FILE);
}

CF_CASES_DEFINE(create,
	{ "create_supersede_file_exists", supersede_file_exists, 0 },
	{ "create_supersede_file_new", supersede_file_new, 0 },
	{ "create_supersede_dir_exists", supersede_dir_exists, 0 },
	{ "create_supersede_dir_new", supersede_dir_new, 0 },
	{ "create_open_file_exists", open_file_exists, 0 },
	{ "create_open_file_new", open_file_new, 0 },
	{ "create_open_dir_exists", open_dir_exists, 0 },
	{ "create_open_dir_new", open_dir_new, 0 },
	{ "create_create_file_exists", create_file_exists, 0 },
	{ "create_create_file_new", create_file_new, 0 },
	{ "create_create_dir_exists", create_dir_exists, 0 },
	{ "create_create_dir_new", create_dir_new, 0 },
	{ "create_openif_file_exists", openif_file_exists, 0 },
	{ "create_openif_file_new", openif_file_new, 0 },
	{ "create_openif_dir_exists", openif_dir_exists, 0 },
	{ "create_openif_dir_new", openif_dir_new, 0 },
	{ "create_overwrite_file_exists", overwrite_file_exists, 0 },
	{ "create_overwrite_file_new", overwrite_file_new, 0 },
	{ "create_overwrite_dir_exists", overwrite_dir_exists, 0 },
	{ "create_overwrite_dir_new", overwrite_dir_new, 0 },
	{ "create_overwriteif_file_exists", overwriteif_file_exists, 0 },
	{ "create_overwriteif_file_new", overwriteif_file_new, 0 },
	{ "create_overwriteif_dir_exists", overwriteif_dir_exists, 0 },
	{ "create_overwriteif_dir_new", overwriteif_dir_new, 0 },
	{ "create_dir_with_nondir_option", open_dir_nondir, 0 },
	{ "create_file_with_dir_option", open_file_as_dir, 0 },
	{ "create_dir_without_options", open_dir_no_options, 0 },
	{ "create_file_with_nondir_option", open_file_nondir, 0 },
	{ "create_file_named_like_dir", create_file_over_dir, 0 },
	{ "create_dir_named_like_file", create_dir_over_file, 0 },
	{ "create_openif_dir_on_file", openif_dir_over_file, 0 },
	{ "create_overwrite_on_dir", overwrite_file_over_dir, 0 },
	{ "create_supersede_nondir_on_dir", supersede_nondir_over_dir, 0 },
	{ "create_openif_file_on_dir", openif_file_over_dir, 0 },
	{ "create_missing_parent", missing_parent, 0 },
	{ "create_in_missing_parent", create_in_missing_parent, 0 },
	{ "create_below_file", under_file, 0 },
	{ "create_nested", nested_new, 0 },
	{ "create_dir_then_file", new_dir_then_file, 0 },
	{ "create_case_insensitive", case_insensitive, 0 },
	{ "create_trailing_backslash_file", trailing_backslash_file, 0 },
	{ "create_trailing_backslash_dir", trailing_backslash_dir, 0 },
	{ "create_double_backslash", double_backslash, 0 },
	{ "create_dot_component", dot_component, 0 },
	{ "create_dotdot_component", dotdot_component, 0 },
	{ "create_dotdot_escape", dotdot_escape, 0 },
	{ "create_name_255", long_name_255, 0 },
	{ "create_name_256", long_name_256, 0 },
	{ "create_name_star", name_star, 0 },
	{ "create_name_question_mark", name_qmark, 0 },
	{ "create_name_pipe", name_pipe, 0 },
	{ "create_name_dos_wildcards", name_lt_gt_quote, 0 },
	{ "create_name_spaces", name_spaces, 0 },
	{ "create_name_unicode", name_unicode, 0 },
	{ "create_stream_open", stream_open, 0 },
	{ "create_stream_create", stream_create, 0 },
	{ "create_stream_default_data", stream_default_data, 0 },
	{ "create_relative_file", relative_file, 0 },
	{ "create_relative_nested", relative_nested, 0 },
	{ "create_relative_backslash", relative_backslash, 0 },
	{ "create_relative_to_file", relative_to_file, 0 },
	{ "create_relative_empty_name", relative_empty, 0 },
	{ "create_relative_create", relative_create, 0 },
	{ "create_attr_readonly", create_readonly, 0 },
	{ "create_attr_hidden_system", create_hidden, 0 },
	{ "create_open_ignores_attributes", open_ignores_attributes, 0 },
	{ "create_overwrite_sets_attributes", overwrite_sets_attributes, 0 },
	{ "create_dir_hidden", create_dir_hidden, 0 },
	{ "create_readonly_for_write", readonly_for_write, 0 },
	{ "create_overwrite_readonly", overwrite_readonly, 0 },
	{ "create_allocation_size", allocation_at_create, 0 },
	{ "create_share_exclusive", share_exclusive, 0 },
	{ "create_share_read_vs_write", share_read_vs_write, 0 },
	{ "create_share_read_read", share_read_read, 0 },
	{ "create_share_delete_needed", share_delete_needed, 0 },
	{ "create_share_second_denies_first", share_second_denies_first, 0 },
	{ "create_share_attributes_only", share_attributes_only, 0 },
	{ "create_doc_new_file", doc_new_file, 0 },
	{ "create_doc_existing_file", doc_existing_file, 0 },
	{ "create_doc_empty_dir", doc_empty_dir, 0 },
	{ "create_doc_nonempty_dir", doc_nonempty_dir, 0 },
	{ "create_doc_without_delete_access", doc_without_delete_access, 0 },
	{ "create_doc_readonly", doc_readonly, 0 },
	{ "create_doc_second_handle", doc_second_handle, 0 },
	{ "create_doc_new_dir", doc_new_dir, 0 },
)
