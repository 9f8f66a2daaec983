// SPDX-License-Identifier: LGPL-3.0-or-later
/* cases_share.c - share access (issue 14): the full matrix of two opens of one file or one
 * folder, sharing released by close, a folder in use that someone tries to delete, Wine's
 * CopyFileExW sequence onto the same file, a replacing rename onto an open file, and
 * delete-on-close opens refused for sharing (which must delete nothing), and one file
 * opened under two spellings of its name.
 *
 * Wine's server enforces the NTFS share-access rules for files and folders: only
 * FILE_READ_DATA|FILE_EXECUTE (read), FILE_WRITE_DATA|FILE_APPEND_DATA (write) and DELETE
 * take part; an open asking only attributes or SYNCHRONIZE never conflicts. So the native
 * side is the reference, status for status. On a folder the same bits are
 * FILE_LIST_DIRECTORY, FILE_ADD_FILE, FILE_ADD_SUBDIRECTORY and FILE_TRAVERSE. */
#include "cf.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#define DIR_LIST (FILE_LIST_DIRECTORY | SYNCHRONIZE)

/* ---- the matrix ---- */

typedef struct ACCESS_KIND {
	const char *name;
	ULONG access;
} ACCESS_KIND;

static const ACCESS_KIND kinds[] = {
	{ "read", FILE_READ_DATA },
	{ "write", FILE_WRITE_DATA },
	{ "delete", DELETE },
	{ "read+write+delete", FILE_READ_DATA | FILE_WRITE_DATA | DELETE },
	{ "attributes+synchronize", FILE_READ_ATTRIBUTES | SYNCHRONIZE },
	{ "synchronize", SYNCHRONIZE },  /* as a second open only: like attributes */
	{ "append", FILE_APPEND_DATA },   /* counts as write */
	{ "execute", FILE_EXECUTE },      /* counts as read */
};
#define KIND_COUNT (sizeof(kinds) / sizeof(kinds[0]))

static void share_text(ULONG share, char out[4])
{
	out[0] = share & FILE_SHARE_READ ? 'r' : '-';
	out[1] = share & FILE_SHARE_WRITE ? 'w' : '-';
	out[2] = share & FILE_SHARE_DELETE ? 'd' : '-';
	out[3] = 0;
}

/* The object a matrix case opens: a file or an (empty) folder, with the option that says
 * which, so a mismatch can never be what fails. */
static const WCHAR *target(BOOL folder, ULONG *options)
{
	*options = folder ? FILE_DIRECTORY_FILE : FILE_NON_DIRECTORY_FILE;
	return folder ? L"emptydir" : L"file.txt";
}

static NTSTATUS open_raw(CF *t, BOOL folder, ULONG access, ULONG share, cf_file *f)
{
	CF_OPEN o = { 0 };
	ULONG_PTR info;

	o.path = target(folder, &o.options);
	o.access = access;
	o.share = share;
	o.disposition = FILE_OPEN;
	return t->b->open(t->b, &o, f, &info);
}

/* Every second open (each access kind x each share mode) against one first open. */
static void second_opens(CF *t, BOOL folder, const char *first)
{
	ULONG k, share;
	char text[4];

	for (k = 0; k < KIND_COUNT; k++)
		for (share = 0; share < 8; share++) {
			cf_file f = 0;
			NTSTATUS status = open_raw(t, folder, kinds[k].access, share, &f);
			share_text(share, text);
			cf_status(t, status, "%s, then %s share %s", first, kinds[k].name, text);
			if (f)
				t->b->close(t->b, f);
		}
}

/* First open with access `first_kind` and every share mode; after closing it, an exclusive
 * open of everything must succeed (the first open's sharing is released). */
static void matrix(CF *t, BOOL folder, ULONG first_kind)
{
	ULONG share;
	char text[4], label[64];

	for (share = 0; share < 8; share++) {
		cf_file first = 0, again = 0;
		share_text(share, text);
		_snprintf(label, sizeof(label), "%s share %s", kinds[first_kind].name, text);
		label[sizeof(label) - 1] = 0;
		cf_status(t, open_raw(t, folder, kinds[first_kind].access, share, &first), "%s: open",
			label);
		second_opens(t, folder, label);
		if (first)
			cf_close(t, label, first);
		cf_status(t, open_raw(t, folder, FILE_READ_DATA | FILE_WRITE_DATA | DELETE, 0, &again),
			"%s closed: exclusive open", label);
		if (again)
			t->b->close(t->b, again);
	}
	if (folder)
		cf_list(t, "after", L"emptydir", FileDirectoryInformation, NULL);
	else
		cf_content(t, "after", L"file.txt");
}

#define MATRIX(name, folder, kind) static void name(CF *t) { matrix(t, folder, kind); }
MATRIX(file_read, FALSE, 0)
MATRIX(file_write, FALSE, 1)
MATRIX(file_delete, FALSE, 2)
MATRIX(file_all, FALSE, 3)
MATRIX(file_attributes, FALSE, 4)
MATRIX(file_append, FALSE, 6)
MATRIX(file_execute, FALSE, 7)
MATRIX(dir_read, TRUE, 0)
MATRIX(dir_write, TRUE, 1)
MATRIX(dir_delete, TRUE, 2)
MATRIX(dir_all, TRUE, 3)
MATRIX(dir_attributes, TRUE, 4)
MATRIX(dir_append, TRUE, 6)
MATRIX(dir_execute, TRUE, 7)

/* ---- a folder in use ---- */

/* RemoveDirectoryW's sequence: open for DELETE (share all, backup intent, the reparse
 * point itself), set the disposition, close. */
static void remove_directory(CF *t, const char *tag, const WCHAR *path)
{
	CF_OPEN o = { 0 };
	cf_file f = 0;

	o.path = path;
	o.access = DELETE | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = FILE_OPEN;
	o.options = FILE_DIRECTORY_FILE | CF_SYNC | FILE_OPEN_FOR_BACKUP_INTENT |
		FILE_OPEN_REPARSE_POINT;
	if (!NT_SUCCESS(cf_open_ex(t, tag, &o, &f)))
		return;
	cf_status(t, t->b->set_disposition(t->b, f, TRUE), "%s: set disposition", tag);
	cf_close(t, tag, f);
}

/* A folder held open for listing; holder_share decides whether deleting it may proceed. */
static void dir_in_use(CF *t, ULONG holder_share)
{
	cf_file holder = 0, del = 0;

	cf_open(t, "listing handle", L"emptydir", DIR_LIST, holder_share, FILE_OPEN,
		FILE_DIRECTORY_FILE | CF_SYNC, &holder);
	cf_open(t, "open for delete", L"emptydir", DELETE | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN,
		FILE_DIRECTORY_FILE | CF_SYNC, &del);
	if (del)
		cf_close(t, "open for delete", del);
	cf_stat(t, "after the delete open", L"emptydir");
	remove_directory(t, "RemoveDirectory", L"emptydir");
	/* deleted only when its last handle goes: until then, delete pending */
	cf_stat_wine(t, "while the listing handle is open", L"emptydir",
		CF_XD_WINE_OPENS_DELETE_PENDING,
		(holder_share & FILE_SHARE_DELETE) ? STATUS_DELETE_PENDING : STATUS_SUCCESS);
	cf_close(t, "listing handle", holder);
	cf_stat(t, "after all closed", L"emptydir");
}

static void dir_in_use_no_delete_share(CF *t)
{
	dir_in_use(t, FILE_SHARE_READ | FILE_SHARE_WRITE);
}

static void dir_in_use_delete_shared(CF *t)
{
	dir_in_use(t, CF_SHARE_ALL);
}

/* A file held open (without delete sharing) inside a folder does not conflict with a
 * DELETE open of the folder; the folder is not empty, so removing it fails, and nothing
 * inside may be lost. */
static void dir_with_open_child(CF *t)
{
	cf_file child = 0;

	cf_open(t, "child", L"dir\\inner.txt", FILE_READ_DATA | SYNCHRONIZE, FILE_SHARE_READ,
		FILE_OPEN, CF_SYNC, &child);
	remove_directory(t, "RemoveDirectory of its folder", L"dir");
	cf_close(t, "child", child);
	cf_stat(t, "folder after", L"dir");
	cf_content(t, "child after", L"dir\\inner.txt");
}

/* ---- Wine's CopyFileExW onto the same file ---- */

/* Source opened for reading with share read, then the destination - the same file - for
 * writing with a replacing disposition: a sharing violation, and the data is kept. */
static void copy_onto_itself(CF *t, ULONG disposition)
{
	cf_file src = 0, dst = 0;

	cf_open(t, "source", L"file.txt", FILE_GENERIC_READ, FILE_SHARE_READ, FILE_OPEN,
		FILE_NON_DIRECTORY_FILE | FILE_SEQUENTIAL_ONLY | CF_SYNC, &src);
	cf_open(t, "destination", L"file.txt", FILE_GENERIC_WRITE | DELETE, FILE_SHARE_WRITE,
		disposition, FILE_NON_DIRECTORY_FILE | CF_SYNC, &dst);
	if (dst)
		cf_close(t, "destination", dst);
	cf_close(t, "source", src);
	cf_content(t, "after", L"file.txt");
}

static void copy_self_overwrite_if(CF *t) { copy_onto_itself(t, FILE_OVERWRITE_IF); }
static void copy_self_overwrite(CF *t) { copy_onto_itself(t, FILE_OVERWRITE); }
static void copy_self_supersede(CF *t) { copy_onto_itself(t, FILE_SUPERSEDE); }

/* ---- rename onto an open file ---- */

static void rename_onto_open(CF *t, ULONG holder_share)
{
	cf_file holder = 0, moving = 0;

	cf_open(t, "target held", L"a.c", FILE_READ_DATA | SYNCHRONIZE, holder_share, FILE_OPEN,
		CF_SYNC, &holder);
	cf_open(t, "source", L"ab.c", DELETE | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN, CF_SYNC,
		&moving);
	cf_status(t, t->b->rename(t->b, moving, L"a.c", TRUE), "rename ab.c -> a.c (replace)");
	cf_close(t, "source", moving);
	cf_close(t, "target held", holder);
	cf_content(t, "a.c after", L"a.c");
	cf_stat(t, "ab.c after", L"ab.c");
}

static void rename_onto_open_shared(CF *t) { rename_onto_open(t, CF_SHARE_ALL); }
static void rename_onto_open_read_only(CF *t) { rename_onto_open(t, FILE_SHARE_READ); }

/* Renaming a file that another handle holds without delete sharing: the mover's own DELETE
 * open is what conflicts. */
static void rename_held_file(CF *t)
{
	cf_file holder = 0, moving = 0;

	cf_open(t, "holder", L"a.c", FILE_READ_DATA | SYNCHRONIZE, FILE_SHARE_READ, FILE_OPEN,
		CF_SYNC, &holder);
	cf_open(t, "mover", L"a.c", DELETE | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN, CF_SYNC, &moving);
	if (moving)
		cf_status(t, t->b->rename(t->b, moving, L"moved.c", FALSE), "rename a.c -> moved.c");
	cf_close(t, "holder", holder);
	cf_stat(t, "a.c after", L"a.c");
	cf_stat(t, "moved.c after", L"moved.c");
}

/* ---- delete-on-close refused for sharing ---- */

/* A delete-on-close open that conflicts with a handle already open must fail and delete
 * nothing, however far the file system got before the refusal. */
static void doc_refused(CF *t, const WCHAR *path, ULONG holder_access, ULONG holder_options,
	ULONG doc_options)
{
	cf_file holder = 0, doc = 0;

	cf_open(t, "holder", path, holder_access | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE,
		FILE_OPEN, holder_options | CF_SYNC, &holder);
	cf_open(t, "delete-on-close", path, DELETE | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN,
		doc_options | FILE_DELETE_ON_CLOSE | CF_SYNC, &doc);
	if (doc)
		cf_close(t, "delete-on-close", doc);
	cf_close(t, "holder", holder);
	cf_stat(t, "after", path);
}

static void doc_refused_file(CF *t)
{
	doc_refused(t, L"file.txt", FILE_READ_DATA, FILE_NON_DIRECTORY_FILE, FILE_NON_DIRECTORY_FILE);
	cf_content(t, "content", L"file.txt");
}

static void doc_refused_dir(CF *t)
{
	doc_refused(t, L"emptydir", FILE_LIST_DIRECTORY, FILE_DIRECTORY_FILE, FILE_DIRECTORY_FILE);
}

/* Overwriting a file that another handle reads without write sharing: refused, nothing
 * truncated. */
static void overwrite_refused(CF *t)
{
	cf_file holder = 0, w = 0;

	cf_open(t, "reader", L"file.txt", FILE_READ_DATA | SYNCHRONIZE, FILE_SHARE_READ, FILE_OPEN,
		CF_SYNC, &holder);
	cf_open(t, "overwrite", L"file.txt", FILE_WRITE_DATA | SYNCHRONIZE, CF_SHARE_ALL,
		FILE_OVERWRITE, CF_SYNC, &w);
	if (w)
		cf_close(t, "overwrite", w);
	cf_close(t, "reader", holder);
	cf_content(t, "after", L"file.txt");
}

/* ---- one file under two spellings ---- */

static LONGLONG index_of(CF *t, const char *tag, cf_file f)
{
	FILE_INTERNAL_INFORMATION i = { 0 };
	ULONG got = 0;

	cf_status(t, t->b->query_info(t->b, f, FileInternalInformation, &i, sizeof(i), &got), "%s index",
		tag);
	return i.IndexNumber.QuadPart;
}

/* Names compare ignoring case, with one upcase table: a file created as one spelling and
 * opened as another is one file, as on NTFS (in the driver one FCB: sys/names.c). Its
 * sharing, data, index and pending delete are those of both opens. */
static void two_spellings(CF *t, const WCHAR *created, const WCHAR *other)
{
	static const char data[] = "written under one spelling, read under the other";
	cf_file first = 0, second = 0, writer = 0, late = 0;
	char buffer[64] = { 0 };
	ULONG done = 0, got = 0;
	ULONG_PTR info = 0;
	const CF_OPEN late_open = { .path = other, .access = FILE_READ_DATA | SYNCHRONIZE,
		.share = CF_SHARE_ALL, .disposition = FILE_OPEN, .options = CF_SYNC };

	cf_open(t, "create", created, FILE_GENERIC_READ | FILE_GENERIC_WRITE | DELETE, FILE_SHARE_READ,
		FILE_CREATE, FILE_NON_DIRECTORY_FILE | CF_SYNC, &first);
	cf_status(t, t->b->write(t->b, first, 0, data, sizeof(data), &done), "write");
	cf_open(t, "reader, other spelling", other, FILE_READ_DATA | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN,
		FILE_NON_DIRECTORY_FILE | CF_SYNC, &second);
	/* the first open shares only reading */
	cf_open(t, "writer, other spelling", other, FILE_WRITE_DATA | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN,
		FILE_NON_DIRECTORY_FILE | CF_SYNC, &writer);
	if (writer)
		cf_close(t, "writer", writer);
	cf_status(t, t->b->read(t->b, second, 0, buffer, sizeof(buffer), &got), "read");
	cf_bytes(t, buffer, got, "read under the other spelling");
	cf_bool(t, index_of(t, "first", first) == index_of(t, "second", second), "one file index");
	cf_status(t, t->b->set_disposition(t->b, first, TRUE), "delete through the first spelling");
	/* strict: a file system that asks Wine (the mirror) would agree with Wine's answer if
	 * the driver took the other spelling for another file */
	cf_status_ntfs(t, t->b->open(t->b, &late_open, &late, &info), CF_XD_WINE_OPENS_DELETE_PENDING,
		STATUS_DELETE_PENDING, "other spelling while delete pending: open");
	if (late)
		t->b->close(t->b, late);
	cf_close(t, "reader", second);
	cf_close(t, "first", first);
	cf_stat(t, "created spelling after", created);
	cf_stat(t, "other spelling after", other);
}

static void two_spellings_ascii(CF *t) { two_spellings(t, L"A.TXT", L"a.txt"); }
/* beyond ASCII: the system's upcase table, not a rule of our own */
static void two_spellings_accented(CF *t)
{
	two_spellings(t, L"\x00c9T\x00c9.TXT", L"\x00e9t\x00e9.txt");
}

CF_CASES_DEFINE(share,
	{ "share_matrix_file_read", file_read, 0 },
	{ "share_matrix_file_write", file_write, 0 },
	{ "share_matrix_file_delete", file_delete, 0 },
	{ "share_matrix_file_all", file_all, 0 },
	{ "share_matrix_file_attributes", file_attributes, 0 },
	{ "share_matrix_file_append", file_append, 0 },
	{ "share_matrix_file_execute", file_execute, 0 },
	{ "share_matrix_dir_read", dir_read, 0 },
	{ "share_matrix_dir_write", dir_write, 0 },
	{ "share_matrix_dir_delete", dir_delete, 0 },
	{ "share_matrix_dir_all", dir_all, 0 },
	{ "share_matrix_dir_attributes", dir_attributes, 0 },
	{ "share_matrix_dir_append", dir_append, 0 },
	{ "share_matrix_dir_execute", dir_execute, 0 },
	{ "share_dir_in_use_delete", dir_in_use_no_delete_share, 0 },
	{ "share_dir_in_use_delete_shared", dir_in_use_delete_shared, 0 },
	{ "share_dir_with_open_child", dir_with_open_child, 0 },
	{ "share_copy_self_overwrite_if", copy_self_overwrite_if, 0 },
	{ "share_copy_self_overwrite", copy_self_overwrite, 0 },
	{ "share_copy_self_supersede", copy_self_supersede, 0 },
	{ "share_rename_onto_open_shared", rename_onto_open_shared, 0 },
	{ "share_rename_onto_open_read_only", rename_onto_open_read_only, 0 },
	{ "share_rename_held_file", rename_held_file, 0 },
	{ "share_doc_refused_file", doc_refused_file, 0 },
	{ "share_doc_refused_dir", doc_refused_dir, 0 },
	{ "share_overwrite_refused", overwrite_refused, 0 },
	{ "share_two_spellings_ascii", two_spellings_ascii, 0 },
	{ "share_two_spellings_accented", two_spellings_accented, 0 },
)
