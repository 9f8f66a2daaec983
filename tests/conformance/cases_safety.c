// SPDX-License-Identifier: LGPL-3.0-or-later
/* cases_safety.c - refusals that must change nothing, and the smaller NTFS differences of
 * issue 14: DeleteFileW's open of a folder, trailing backslashes, replacing dispositions on
 * folders, valid data length, open by file id, object ids, I/O priority hints. Every case
 * also has its folder compared with the mirror's afterwards (cf_tree.c). */
#include "cf.h"

#include <string.h>
#include <wchar.h>

#define DIR_ACCESS (FILE_LIST_DIRECTORY | FILE_TRAVERSE | FILE_READ_ATTRIBUTES | SYNCHRONIZE)
#define CF_FileIoPriorityHintInformation 43

/* One open, closed again at once. */
static void try_open(CF *t, const char *tag, const WCHAR *path, ULONG access, ULONG share,
	ULONG disposition, ULONG options)
{
	cf_file f = 0;

	cf_open(t, tag, path, access, share, disposition, options, &f);
	if (f)
		cf_close(t, tag, f);
}

/* ---- DeleteFileW on a folder ---- */

/* DeleteFileW's open: DELETE, share all, FILE_OPEN, non-directory, delete-on-close, the
 * reparse point itself. On a folder: STATUS_FILE_IS_A_DIRECTORY, and the folder stays. */
static void deletefile_open(CF *t, const WCHAR *path)
{
	try_open(t, "DeleteFileW open", path, DELETE, CF_SHARE_ALL, FILE_OPEN,
		FILE_NON_DIRECTORY_FILE | FILE_DELETE_ON_CLOSE | FILE_OPEN_REPARSE_POINT);
	cf_stat(t, "after", path);
}

static void deletefile_empty_dir(CF *t)
{
	deletefile_open(t, L"emptydir");
	cf_list(t, "folder", L"emptydir", FileDirectoryInformation, NULL);
}

static void deletefile_full_dir(CF *t)
{
	deletefile_open(t, L"dir");
	cf_content(t, "child", L"dir\\inner.txt");
}

/* The mirror image: delete-on-close with FILE_DIRECTORY_FILE on a file. */
static void doc_dir_option_on_file(CF *t)
{
	try_open(t, "directory delete-on-close on a file", L"file.txt", DELETE | SYNCHRONIZE,
		CF_SHARE_ALL, FILE_OPEN, FILE_DIRECTORY_FILE | FILE_DELETE_ON_CLOSE | CF_SYNC);
	cf_content(t, "after", L"file.txt");
}

/* ---- trailing backslash ---- */

/* NTFS: a missing name is not found, trailing backslash or not; CreateFileW's form carries
 * FILE_NON_DIRECTORY_FILE. */
static void backslash_missing_open(CF *t)
{
	try_open(t, "missing name with backslash", L"missing.txt\\", FILE_READ_DATA | SYNCHRONIZE,
		CF_SHARE_ALL, FILE_OPEN, CF_SYNC);
	try_open(t, "missing file with backslash", L"missing.txt\\", FILE_READ_DATA | SYNCHRONIZE,
		CF_SHARE_ALL, FILE_OPEN, FILE_NON_DIRECTORY_FILE | CF_SYNC);
	try_open(t, "missing file in missing folder", L"nodir\\missing.txt\\",
		FILE_READ_DATA | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN, FILE_NON_DIRECTORY_FILE | CF_SYNC);
	try_open(t, "missing folder with backslash", L"missing\\", FILE_LIST_DIRECTORY | SYNCHRONIZE,
		CF_SHARE_ALL, FILE_OPEN, FILE_DIRECTORY_FILE | CF_SYNC);
}

static void backslash_missing_create(CF *t)
{
	try_open(t, "create file with backslash", L"new.txt\\", FILE_GENERIC_WRITE, CF_SHARE_ALL,
		FILE_CREATE, FILE_NON_DIRECTORY_FILE | CF_SYNC);
	cf_stat(t, "after", L"new.txt");
	try_open(t, "open-if file with backslash", L"new2.txt\\", FILE_GENERIC_WRITE, CF_SHARE_ALL,
		FILE_OPEN_IF, CF_SYNC);
	cf_stat(t, "after", L"new2.txt");
	try_open(t, "overwrite-if file with backslash", L"new3.txt\\", FILE_GENERIC_WRITE,
		CF_SHARE_ALL, FILE_OVERWRITE_IF, FILE_NON_DIRECTORY_FILE | CF_SYNC);
	cf_stat(t, "after", L"new3.txt");
}

/* A replacing disposition on "file.txt\": NTFS refuses the name; the file keeps its data. */
static void backslash_replacing(CF *t, ULONG disposition)
{
	try_open(t, "replace file.txt\\", L"file.txt\\", FILE_GENERIC_WRITE, CF_SHARE_ALL,
		disposition, CF_SYNC);
	cf_content(t, "after", L"file.txt");
}

static void backslash_overwrite(CF *t) { backslash_replacing(t, FILE_OVERWRITE); }
static void backslash_overwrite_if(CF *t) { backslash_replacing(t, FILE_OVERWRITE_IF); }
static void backslash_supersede(CF *t) { backslash_replacing(t, FILE_SUPERSEDE); }

/* ---- replacing dispositions on a folder, no directory option ---- */

static void replace_dir(CF *t, const WCHAR *path, ULONG disposition)
{
	try_open(t, "replace a folder", path, FILE_GENERIC_WRITE, CF_SHARE_ALL, disposition, CF_SYNC);
	cf_stat(t, "after", path);
	cf_list(t, "after", path, FileDirectoryInformation, NULL);
}

/* The Win32 form (CreateFileW adds FILE_NON_DIRECTORY_FILE without backup semantics):
 * NTFS answers STATUS_FILE_IS_A_DIRECTORY (ERROR_ACCESS_DENIED). */
static void replace_dir_nondir(CF *t, ULONG disposition)
{
	try_open(t, "replace a folder as a file", L"emptydir", FILE_GENERIC_WRITE, CF_SHARE_ALL,
		disposition, FILE_NON_DIRECTORY_FILE | CF_SYNC);
	cf_stat(t, "after", L"emptydir");
}

static void overwrite_nondir_dir(CF *t) { replace_dir_nondir(t, FILE_OVERWRITE); }
static void overwrite_if_nondir_dir(CF *t) { replace_dir_nondir(t, FILE_OVERWRITE_IF); }

static void overwrite_if_empty_dir(CF *t) { replace_dir(t, L"emptydir", FILE_OVERWRITE_IF); }
static void supersede_empty_dir(CF *t) { replace_dir(t, L"emptydir", FILE_SUPERSEDE); }

static void replace_full_dir(CF *t)
{
	replace_dir(t, L"dir", FILE_OVERWRITE);
	replace_dir(t, L"dir", FILE_OVERWRITE_IF);
	replace_dir(t, L"dir", FILE_SUPERSEDE);
	cf_content(t, "child", L"dir\\inner.txt");
}

/* ---- valid data length (SetFileValidData) ---- */

typedef struct VDL_INFO {
	LARGE_INTEGER ValidDataLength;
} VDL_INFO;

static NTSTATUS vdl(CF *t, cf_file f, LONGLONG length)
{
	VDL_INFO info;

	info.ValidDataLength.QuadPart = length;
	return t->b->set_info(t->b, f, FileValidDataLengthInformation, &info, sizeof(info));
}

/* Wine checks neither the privilege nor a shrink, so NTFS's answer is the reference. */
static void set_vdl(CF *t, cf_file f, LONGLONG length, NTSTATUS ntfs)
{
	cf_status_ntfs(t, vdl(t, f, length), CF_XD_WINE_VALID_DATA_CHECKS, ntfs,
		"valid data length %lld", (long long)length);
}

static void vdl_no_privilege(CF *t)
{
	cf_file f = 0;

	cf_bool(t, cf_manage_volume_privilege(FALSE), "privilege disabled");
	cf_open(t, "file", L"file.txt", FILE_GENERIC_READ | FILE_GENERIC_WRITE, CF_SHARE_ALL,
		FILE_OPEN, CF_SYNC, &f);
	set_vdl(t, f, CF_FOX_SIZE, STATUS_PRIVILEGE_NOT_HELD);
	set_vdl(t, f, 10, STATUS_PRIVILEGE_NOT_HELD);
	cf_close(t, "file", f);
	cf_content(t, "after", L"file.txt");
}

/* With the privilege, after the end of file moved to 1000 (NTFS keeps the valid data at
 * 45): growing the valid data up to the end of file works, shrinking it and going beyond
 * the end of file are invalid. */
static void vdl_shrink(CF *t)
{
	FILE_END_OF_FILE_INFORMATION eof;
	cf_file f = 0;

	cf_bool(t, cf_manage_volume_privilege(TRUE), "privilege enabled");
	cf_open(t, "file", L"file.txt", FILE_GENERIC_READ | FILE_GENERIC_WRITE, CF_SHARE_ALL,
		FILE_OPEN, CF_SYNC, &f);
	eof.EndOfFile.QuadPart = 1000;
	cf_status(t, t->b->set_info(t->b, f, FileEndOfFileInformation, &eof, sizeof(eof)),
		"end of file 1000");
	cf_status_xd(t, vdl(t, f, 500), CF_XD_NO_VALID_DATA_LENGTH, STATUS_SUCCESS,
		STATUS_INVALID_PARAMETER, "valid data length 500");
	set_vdl(t, f, 100, STATUS_INVALID_PARAMETER);
	set_vdl(t, f, 2000, STATUS_INVALID_PARAMETER);
	cf_status(t, vdl(t, f, 1000), "valid data length 1000 (the end of file)");
	cf_close(t, "file", f);
	cf_manage_volume_privilege(FALSE);
	cf_content(t, "after", L"file.txt");
}

/* ---- open by file id ---- */

/* Whether f is the object by_id asked for: the folder "dir", or file.txt (its data). */
static BOOL opened_kind(CF *t, cf_file f, BOOL folder)
{
	FILE_STANDARD_INFORMATION standard = { 0 };
	BYTE data[CF_FOX_SIZE];
	ULONG got = 0;

	if (!NT_SUCCESS(t->b->query_info(t->b, f, FileStandardInformation, &standard,
		sizeof(standard), &got)) || standard.Directory != folder)
		return FALSE;
	if (folder)
		return TRUE;
	return NT_SUCCESS(t->b->read(t->b, f, 0, data, sizeof(data), &got)) &&
		got == CF_FOX_SIZE && !memcmp(data, CF_FOX, CF_FOX_SIZE);
}

/* Opens path by its FileInternalInformation id, relative to the case folder. Checked
 * only where the open succeeds: the object must be the one whose id was given. */
static void by_id(CF *t, const char *tag, const WCHAR *path, ULONG options)
{
	FILE_INTERNAL_INFORMATION internal = { 0 };
	cf_file dir, probe, f = 0;
	WCHAR id[5] = { 0 };
	CF_OPEN o = { 0 };
	ULONG got;

	dir = cf_open_quiet(t, L"", DIR_ACCESS, FILE_OPEN, FILE_DIRECTORY_FILE);
	probe = cf_open_quiet(t, path, FILE_READ_ATTRIBUTES, FILE_OPEN, 0);
	cf_status(t, t->b->query_info(t->b, probe, FileInternalInformation, &internal,
		sizeof(internal), &got), "%s: query id", tag);
	memcpy(id, &internal.IndexNumber, 8);
	o.path = id;
	o.name_bytes = 8;
	o.related = dir;
	o.access = FILE_READ_DATA | FILE_READ_ATTRIBUTES | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = FILE_OPEN;
	o.options = FILE_OPEN_BY_FILE_ID | CF_SYNC | options;
	cf_open_xd(t, tag, &o, &f, CF_XD_NO_OPEN_BY_ID, STATUS_SUCCESS, STATUS_NOT_SUPPORTED);
	cf_bool(t, !f || opened_kind(t, f, (options & FILE_DIRECTORY_FILE) != 0),
		"%s: the object with that id", tag);
}

static void open_by_id_file(CF *t)
{
	by_id(t, "file.txt by id", L"file.txt", FILE_NON_DIRECTORY_FILE);
}

static void open_by_id_dir(CF *t)
{
	by_id(t, "dir by id", L"dir", FILE_DIRECTORY_FILE);
}

/* ---- object ids ---- */

static NTSTATUS object_id(CF *t, const char *tag, const WCHAR *path, BYTE id[16])
{
	FILE_OBJECTID_BUFFER buffer;
	cf_file f = cf_open_quiet(t, path, FILE_READ_ATTRIBUTES, FILE_OPEN, 0);
	NTSTATUS status;
	ULONG got = 0;

	memset(&buffer, 0, sizeof(buffer));
	status = t->b->fsctl(t->b, f, FSCTL_GET_OBJECT_ID, NULL, 0, &buffer, sizeof(buffer), &got);
	cf_status_xd(t, status, CF_XD_NO_OBJECT_IDS, STATUS_SUCCESS, STATUS_INVALID_DEVICE_REQUEST,
		"%s: get object id", tag);
	memcpy(id, buffer.ObjectId, 16);
	cf_bool(t, !NT_SUCCESS(status) || got == sizeof(buffer), "%s: whole buffer returned", tag);
	return status;
}

/* What Wine's CopyFileExW relies on: one file, one id (whichever handle asks); another
 * file, another id. Checked only where ids are given. */
static void object_id_identity(CF *t)
{
	static const BYTE zero[16];
	BYTE a[16], b[16], c[16];
	NTSTATUS sa = object_id(t, "file.txt", L"file.txt", a);
	NTSTATUS sb = object_id(t, "file.txt again", L"file.txt", b);
	NTSTATUS sc = object_id(t, "a.c", L"a.c", c);

	cf_bool(t, !NT_SUCCESS(sa) || memcmp(a, zero, 16), "id is not zero");
	cf_bool(t, !NT_SUCCESS(sa) || !NT_SUCCESS(sb) || !memcmp(a, b, 16), "same file, same id");
	cf_bool(t, !NT_SUCCESS(sa) || !NT_SUCCESS(sc) || memcmp(a, c, 16), "other file, other id");
}

/* ---- I/O priority hints ---- */

/* windows: the hint Windows' I/O manager reports (0xFFFF, the buffer's fill, when the
 * query fails). */
static void query_hint(CF *t, const char *tag, cf_file f, ULONG windows)
{
	ULONG hint = 0xFFFF, got = 0;
	NTSTATUS status = t->b->query_info(t->b, f, CF_FileIoPriorityHintInformation, &hint,
		sizeof(hint), &got);

	cf_status_xd(t, status, CF_XD_WINE_PRIORITY_HINT, STATUS_NOT_IMPLEMENTED, STATUS_SUCCESS,
		"%s: query hint", tag);
	cf_u64_xd(t, NT_SUCCESS(status) ? hint : 0xFFFF, CF_XD_WINE_PRIORITY_HINT, windows,
		"%s: hint", tag);
}

/* Wine sets the hint as Windows does: its answer is the reference. */
static void set_hint(CF *t, cf_file f, ULONG hint)
{
	cf_status(t, t->b->set_info(t->b, f, CF_FileIoPriorityHintInformation, &hint, sizeof(hint)),
		"set hint %lu", (unsigned long)hint);
}

/* The I/O manager keeps the hint in the file object: any handle may set it, a query reads
 * it back, an unknown hint is invalid; the file system never sees it. */
static void io_priority_hint(CF *t)
{
	cf_file f = 0;

	cf_open(t, "attributes handle", L"file.txt", FILE_READ_ATTRIBUTES | SYNCHRONIZE,
		CF_SHARE_ALL, FILE_OPEN, CF_SYNC, &f);
	query_hint(t, "fresh", f, 2 /* IoPriorityNormal */);
	set_hint(t, f, 1 /* IoPriorityLow */);
	query_hint(t, "after set", f, 1);
	set_hint(t, f, 5 /* MaxIoPriorityTypes */);
	cf_close(t, "attributes handle", f);
	cf_content(t, "after", L"file.txt");
}

CF_CASES_DEFINE(safety,
	{ "safe_deletefile_empty_dir", deletefile_empty_dir, 0 },
	{ "safe_deletefile_full_dir", deletefile_full_dir, 0 },
	{ "safe_doc_dir_option_on_file", doc_dir_option_on_file, 0 },
	{ "safe_backslash_missing_open", backslash_missing_open, 0 },
	{ "safe_backslash_missing_create", backslash_missing_create, 0 },
	{ "safe_backslash_overwrite_file", backslash_overwrite, 0 },
	{ "safe_backslash_overwrite_if_file", backslash_overwrite_if, 0 },
	{ "safe_backslash_supersede_file", backslash_supersede, 0 },
	{ "safe_overwrite_if_empty_dir", overwrite_if_empty_dir, 0 },
	{ "safe_supersede_empty_dir", supersede_empty_dir, 0 },
	{ "safe_replace_full_dir", replace_full_dir, 0 },
	{ "safe_overwrite_nondir_on_dir", overwrite_nondir_dir, 0 },
	{ "safe_overwrite_if_nondir_on_dir", overwrite_if_nondir_dir, 0 },
	{ "safe_valid_data_no_privilege", vdl_no_privilege, 0 },
	{ "safe_valid_data_shrink", vdl_shrink, 0 },
	{ "safe_open_by_id_file", open_by_id_file, 0 },
	{ "safe_open_by_id_dir", open_by_id_dir, 0 },
	{ "safe_object_id_identity", object_id_identity, 0 },
	{ "safe_io_priority_hint", io_priority_hint, 0 },
)
