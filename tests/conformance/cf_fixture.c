// SPDX-License-Identifier: LGPL-3.0-or-later
/* cf_fixture.c - the fixture of a case folder, made the same way on both sides before the
 * case runs: directly on a host folder (Win32 on Wine's own file system: the native folder,
 * and the mirror's backing folder), or through the volume itself (a file system with no
 * backing folder, such as memfs), with the NT calls a Win32 program's calls become. */
#include "cf_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* ---- on a host folder ---- */

static void host_path(const CF_FIXTURE_TARGET *target, const WCHAR *name, WCHAR *path)
{
	if (name[0])
		_snwprintf(path, MAX_PATH, L"%ls\\%ls", target->root, name);
	else
		_snwprintf(path, MAX_PATH, L"%ls", target->root);
	path[MAX_PATH - 1] = 0;
}

static BOOL host_put_file(const CF_FIXTURE_TARGET *target, const WCHAR *name, const void *data,
	DWORD size)
{
	WCHAR path[MAX_PATH];
	HANDLE h;
	DWORD done = 0;
	BOOL ok;

	host_path(target, name, path);
	h = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
	if (h == INVALID_HANDLE_VALUE)
		return FALSE;
	ok = !size || (WriteFile(h, data, size, &done, NULL) && done == size);
	CloseHandle(h);
	return ok;
}

static BOOL host_make_dir(const CF_FIXTURE_TARGET *target, const WCHAR *name, BOOL must_be_new)
{
	WCHAR path[MAX_PATH];

	host_path(target, name, path);
	return CreateDirectoryW(path, NULL) || (!must_be_new && GetLastError() == ERROR_ALREADY_EXISTS);
}

static void host_fix_times(const CF_FIXTURE_TARGET *target, const WCHAR *name)
{
	WCHAR path[MAX_PATH];
	FILETIME ft;
	HANDLE h;

	host_path(target, name, path);
	ft.dwLowDateTime = (DWORD)(CF_FIXED_TIME & 0xFFFFFFFF);
	ft.dwHighDateTime = (DWORD)((ULONGLONG)CF_FIXED_TIME >> 32);
	h = CreateFileW(path, FILE_WRITE_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE |
		FILE_SHARE_DELETE, NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
	if (h == INVALID_HANDLE_VALUE)
		return;
	SetFileTime(h, &ft, &ft, &ft);
	CloseHandle(h);
}

static BOOL host_set_read_only(const CF_FIXTURE_TARGET *target, const WCHAR *name)
{
	WCHAR path[MAX_PATH];

	host_path(target, name, path);
	return SetFileAttributesW(path, FILE_ATTRIBUTE_READONLY);
}

/* ---- through the volume (what the Win32 calls above send) ---- */

static cf_file volume_open(const CF_FIXTURE_TARGET *target, const WCHAR *name, ULONG access,
	ULONG disposition, ULONG options)
{
	CF_BACKEND *b = target->volume;
	CF_OPEN o = { 0 };
	cf_file file = 0;
	ULONG_PTR info;

	o.path = name;
	o.access = access | SYNCHRONIZE;
	o.share = disposition == FILE_OPEN ? CF_SHARE_ALL : 0;
	o.disposition = disposition;
	o.options = options | CF_SYNC;
	o.attributes = disposition == FILE_OPEN ? 0 : FILE_ATTRIBUTE_NORMAL;
	if (!NT_SUCCESS(b->open(b, &o, &file, &info)))
		return 0;
	return file;
}

/* One open per file: content, the fixed times (and read-only) through the same handle;
 * what the host side does in three steps, for a third of the round trips. */
static BOOL volume_put_file(const CF_FIXTURE_TARGET *target, const WCHAR *name, const void *data,
	DWORD size, BOOL read_only)
{
	cf_file f = volume_open(target, name, FILE_GENERIC_WRITE, FILE_OVERWRITE_IF,
		FILE_NON_DIRECTORY_FILE);
	FILE_BASIC_INFORMATION basic = { 0 };
	ULONG done = 0;
	BOOL ok;

	if (!f)
		return FALSE;
	ok = !size || (NT_SUCCESS(target->volume->write(target->volume, f, 0, data, size, &done)) &&
		done == size);
	basic.CreationTime.QuadPart = CF_FIXED_TIME;
	basic.LastAccessTime.QuadPart = CF_FIXED_TIME;
	basic.LastWriteTime.QuadPart = CF_FIXED_TIME;
	basic.FileAttributes = read_only ? FILE_ATTRIBUTE_READONLY : 0;
	ok &= NT_SUCCESS(target->volume->set_info(target->volume, f, FileBasicInformation, &basic,
		sizeof(basic)));
	target->volume->close(target->volume, f);
	return ok;
}

static BOOL volume_make_dir(const CF_FIXTURE_TARGET *target, const WCHAR *name, BOOL must_be_new)
{
	cf_file f = volume_open(target, name, FILE_LIST_DIRECTORY, must_be_new ? FILE_CREATE :
		FILE_OPEN_IF, FILE_DIRECTORY_FILE);

	if (!f)
		return FALSE;
	target->volume->close(target->volume, f);
	return TRUE;
}

static BOOL volume_set_basic(const CF_FIXTURE_TARGET *target, const WCHAR *name,
	const FILE_BASIC_INFORMATION *basic)
{
	cf_file f = volume_open(target, name, FILE_WRITE_ATTRIBUTES, FILE_OPEN, 0);
	BOOL ok;

	if (!f)
		return FALSE;
	ok = NT_SUCCESS(target->volume->set_info(target->volume, f, FileBasicInformation, basic,
		sizeof(*basic)));
	target->volume->close(target->volume, f);
	return ok;
}

static void volume_fix_times(const CF_FIXTURE_TARGET *target, const WCHAR *name)
{
	FILE_BASIC_INFORMATION basic = { 0 };

	basic.CreationTime.QuadPart = CF_FIXED_TIME;
	basic.LastAccessTime.QuadPart = CF_FIXED_TIME;
	basic.LastWriteTime.QuadPart = CF_FIXED_TIME;
	volume_set_basic(target, name, &basic);
}

/* ---- either ---- */

/* A file with the fixture's content, times and (read_only) attribute. */
static BOOL put_file(const CF_FIXTURE_TARGET *target, const WCHAR *name, const void *data,
	DWORD size, BOOL read_only)
{
	if (target->volume)
		return volume_put_file(target, name, data, size, read_only);
	if (!host_put_file(target, name, data, size))
		return FALSE;
	host_fix_times(target, name);
	return !read_only || host_set_read_only(target, name);
}

static BOOL make_dir(const CF_FIXTURE_TARGET *target, const WCHAR *name, BOOL must_be_new)
{
	return target->volume ? volume_make_dir(target, name, must_be_new) :
		host_make_dir(target, name, must_be_new);
}

/* For folders, once their entries are made (making an entry changes its folder's times). */
static void fix_times(const CF_FIXTURE_TARGET *target, const WCHAR *name)
{
	if (target->volume)
		volume_fix_times(target, name);
	else
		host_fix_times(target, name);
}

/* ---- the fixture ---- */

static const WCHAR *fixture_files[] = {
	L"empty.bin", L"ro.txt", L"Mixed Case.TXT", L"a.c", L"ab.c", L"abc.h", L"noext",
	L"two.dots.txt", L"a long file name with spaces.text", L"dir\\inner.txt",
	L"dir\\sub\\deep.txt",
};
#define FIXTURE_FILE_COUNT (sizeof(fixture_files) / sizeof(fixture_files[0]))

/* Names below the case folder: "<case>\<name>" ("<case>" for the folder itself). */
static const WCHAR *in_case(const char *case_name, const WCHAR *name, WCHAR *path)
{
	if (name[0])
		_snwprintf(path, MAX_PATH, L"%hs\\%ls", case_name, name);
	else
		_snwprintf(path, MAX_PATH, L"%hs", case_name);
	path[MAX_PATH - 1] = 0;
	return path;
}

static BOOL make_big(const CF_FIXTURE_TARGET *target, const char *case_name)
{
	WCHAR path[MAX_PATH];
	BYTE *big = malloc(CF_BIG_SIZE);
	BOOL ok;

	if (!big)
		return FALSE;
	cf_fill(big, CF_BIG_SIZE, 7);
	ok = put_file(target, in_case(case_name, L"big.bin", path), big, CF_BIG_SIZE, FALSE);
	free(big);
	return ok;
}

static BOOL make_many(const CF_FIXTURE_TARGET *target, const char *case_name)
{
	WCHAR path[MAX_PATH], name[64];
	BOOL ok = make_dir(target, in_case(case_name, L"many", path), FALSE);
	ULONG i;

	for (i = 0; i < CF_MANY_COUNT; i++) {
		char content[16];
		int length = _snprintf(content, sizeof(content), "%lu\n", (unsigned long)i);
		_snwprintf(name, 64, L"many\\f%03lu.txt", (unsigned long)i);
		ok &= put_file(target, in_case(case_name, name, path), content, (DWORD)length, FALSE);
	}
	fix_times(target, in_case(case_name, L"many", path));
	return ok;
}

/* The standard entries; ro.txt is read-only. */
static BOOL make_standard(const CF_FIXTURE_TARGET *target, const char *case_name)
{
	WCHAR path[MAX_PATH];
	BOOL ok = make_dir(target, in_case(case_name, L"dir", path), FALSE) &&
		make_dir(target, in_case(case_name, L"dir\\sub", path), FALSE) &&
		make_dir(target, in_case(case_name, L"emptydir", path), FALSE);
	ULONG i;

	ok &= put_file(target, in_case(case_name, L"file.txt", path), CF_FOX, CF_FOX_SIZE, FALSE);
	for (i = 0; i < FIXTURE_FILE_COUNT; i++) {
		char content[80];
		int length = _snprintf(content, sizeof(content), "%ls\n", fixture_files[i]);
		ok &= put_file(target, in_case(case_name, fixture_files[i], path), content,
			!wcscmp(fixture_files[i], L"empty.bin") ? 0 : (DWORD)length,
			!wcscmp(fixture_files[i], L"ro.txt"));
	}
	return ok;
}

/* The folders' times last: making entries changes their folders' times. */
static void fix_folders(const CF_FIXTURE_TARGET *target, const char *case_name)
{
	static const WCHAR *folders[] = { L"dir\\sub", L"dir", L"emptydir", L"" };
	WCHAR path[MAX_PATH];
	ULONG i;

	for (i = 0; i < sizeof(folders) / sizeof(folders[0]); i++)
		fix_times(target, in_case(case_name, folders[i], path));
}

BOOL cf_make_fixture(const CF_FIXTURE_TARGET *target, const char *case_name, unsigned fixture)
{
	WCHAR path[MAX_PATH];
	BOOL ok;

	if (!make_dir(target, in_case(case_name, L"", path), TRUE))
		return FALSE;
	ok = make_standard(target, case_name);
	if (fixture & CF_FIX_BIG)
		ok &= make_big(target, case_name);
	if (fixture & CF_FIX_MANY)
		ok &= make_many(target, case_name);
	fix_folders(target, case_name);
	return ok;
}
