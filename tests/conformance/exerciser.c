// SPDX-License-Identifier: LGPL-3.0-or-later
/* exerciser.c - a seeded random exerciser (fsx-like) for the mirror through iohost.
 *
 *   exerciser --root M: [--backing <folder B>] [--seed S] [--ops N] [--verbose]
 *             [--native <folder A>] [--no-rename] [--no-write] [--no-cross-folder-replace]
 *
 * Creates, writes, truncates, reads, renames, deletes and lists files in a small tree
 * (at most 3 folders and 12 files of at most 256 KiB) below <root>\exercise, while up to
 * 4 handles with random access and share modes are held open on files and folders (so
 * opens meet NTFS share-access rules, modelled here), and checks
 * every result - statuses, contents, sizes, listings - against an in-memory model. At the
 * end the whole tree is compared with the model through the volume and, with --backing,
 * directly in the mirrored folder. --native runs the same sequence on Wine's own file
 * system first (a check of the model itself). The seed comes from --seed, else DOKAN_SEED,
 * else the clock; a failure prints the seed, the operation number and the command that
 * reproduces it. */
#include "cf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#define MAX_DIRS 3
#define MAX_FILES 12
#define MAX_SIZE (256u * 1024u)
#define FILE_NAMES 16
#define DIR_NAMES 3
#define WORK L"exercise"

typedef struct MFILE {
	BOOL used;
	int dir;            /* -1: the top folder, else index into dirs */
	int name;           /* index into the file-name pool */
	BYTE *data;
	ULONG size;
} MFILE;

/* A handle the exerciser keeps open while other operations run, so that their opens meet
 * its share access. The object is a file (dir, name) or a folder (dir; -1 the top one);
 * operations that would delete or rename a held object without a sharing conflict are
 * skipped (delete-pending and renamed-while-open states are not modelled). */
#define MAX_HELD 4
typedef struct HELD {
	BOOL used;
	BOOL is_dir;
	int dir, name;
	ULONG access, share;
	cf_file f;
} HELD;

typedef struct MODEL {
	BOOL dir_used[DIR_NAMES];  /* folders d0..d2, directly in the top folder */
	MFILE files[MAX_FILES];
	HELD held[MAX_HELD];
} MODEL;

static const WCHAR *file_names[FILE_NAMES] = {
	L"a.txt", L"b.txt", L"c.bin", L"d", L"e.dat", L"f.txt", L"g.bin", L"h",
	L"Long Name With Spaces.txt", L"j.j", L"k.txt", L"l.bin", L"m", L"n.txt", L"o.dat", L"p",
};
static const WCHAR *dir_names[DIR_NAMES] = { L"d0", L"d1", L"d2" };

static ULONGLONG g_rng;
static ULONGLONG g_seed;
static ULONG g_op;
static ULONG g_ops;
static BOOL g_verbose;
static BOOL g_no_rename, g_no_write, g_no_cross_replace;
static const char *g_backend_name;
static BYTE *g_buffer;  /* MAX_SIZE + slack, for reads */
static BYTE *g_data;    /* random data for writes */
static ULONG g_counts[16]; /* [12] opens refused for sharing, [13] holds, [14] skipped */

static ULONG rnd(ULONG n)
{
	g_rng ^= g_rng >> 12;
	g_rng ^= g_rng << 25;
	g_rng ^= g_rng >> 27;
	return n ? (ULONG)((g_rng * 2685821657736338717ull) >> 33) % n : 0;
}

/* ---- failure reporting ---- */

static void fail(const char *format, ...)
{
	va_list args;

	printf("FAIL exerciser (%s) seed %llu op %lu: ", g_backend_name, (unsigned long long)g_seed,
		(unsigned long)g_op);
	va_start(args, format);
	vprintf(format, args);
	va_end(args);
	printf("\n  reproduce: exerciser --seed %llu --ops %lu --verbose  (run.sh exerciser "
		"--seed %llu --ops %lu --verbose)\n", (unsigned long long)g_seed,
		(unsigned long)g_op + 1, (unsigned long long)g_seed, (unsigned long)g_op + 1);
	printf("0 passed, 1 failed\n");
	exit(1);
}

static void expect_status(NTSTATUS got, NTSTATUS want, const char *what, const WCHAR *path)
{
	if (got != want)
		fail("%s %ls: status %s, expected %s", what, path, cf_status_name(got),
			cf_status_name(want));
}

/* ---- paths ---- */

static void dir_path(int dir, WCHAR *out)
{
	if (dir < 0)
		_snwprintf(out, MAX_PATH, L"%ls", WORK);
	else
		_snwprintf(out, MAX_PATH, L"%ls\\%ls", WORK, dir_names[dir]);
	out[MAX_PATH - 1] = 0;
}

static void file_path(int dir, int name, WCHAR *out)
{
	WCHAR d[MAX_PATH];

	dir_path(dir, d);
	_snwprintf(out, MAX_PATH, L"%ls\\%ls", d, file_names[name]);
	out[MAX_PATH - 1] = 0;
}

static MFILE *find_file(MODEL *m, int dir, int name)
{
	int i;

	for (i = 0; i < MAX_FILES; i++)
		if (m->files[i].used && m->files[i].dir == dir && m->files[i].name == name)
			return &m->files[i];
	return NULL;
}

static int file_count(MODEL *m)
{
	int i, n = 0;

	for (i = 0; i < MAX_FILES; i++)
		n += m->files[i].used;
	return n;
}

static MFILE *random_file(MODEL *m)
{
	int i, n = file_count(m), k;

	if (!n)
		return NULL;
	k = (int)rnd((ULONG)n);
	for (i = 0; i < MAX_FILES; i++)
		if (m->files[i].used && k-- == 0)
			return &m->files[i];
	return NULL;
}

static BOOL dir_exists(MODEL *m, int dir)
{
	return dir < 0 || m->dir_used[dir];
}

/* A folder for a new object: usually one that exists, sometimes one that does not. */
static int random_dir(MODEL *m)
{
	int d = (int)rnd(DIR_NAMES + 2) - 1;

	if (d >= DIR_NAMES)
		d = -1;
	if (!dir_exists(m, d) && rnd(4))
		d = -1;
	return d;
}

static BOOL dir_empty(MODEL *m, int dir)
{
	int i;

	for (i = 0; i < MAX_FILES; i++)
		if (m->files[i].used && m->files[i].dir == dir)
			return FALSE;
	return TRUE;
}

static void set_size(MFILE *f, ULONG size)
{
	if (size > f->size)
		memset(f->data + f->size, 0, size - f->size);
	f->size = size;
}

/* ---- the share-access model (NTFS rules, as IoCheckShareAccess applies them) ---- */

#define SHARE_READ_ACCESS (FILE_READ_DATA | FILE_EXECUTE)
#define SHARE_WRITE_ACCESS (FILE_WRITE_DATA | FILE_APPEND_DATA)

/* An open asking none of read, write or delete neither conflicts nor constrains others. */
static BOOL shares_nothing(ULONG access)
{
	return !(access & (SHARE_READ_ACCESS | SHARE_WRITE_ACCESS | DELETE));
}

static BOOL denied_by(ULONG access, ULONG share)
{
	return ((access & SHARE_READ_ACCESS) && !(share & FILE_SHARE_READ)) ||
		((access & SHARE_WRITE_ACCESS) && !(share & FILE_SHARE_WRITE)) ||
		((access & DELETE) && !(share & FILE_SHARE_DELETE));
}

static BOOL same_object(const HELD *h, BOOL is_dir, int dir, int name)
{
	return h->used && h->is_dir == is_dir && h->dir == dir && (is_dir || h->name == name);
}

/* Would an open of the object with access/share meet a sharing violation? */
static BOOL held_conflict(MODEL *m, BOOL is_dir, int dir, int name, ULONG access, ULONG share)
{
	int i;

	if (shares_nothing(access))
		return FALSE;
	for (i = 0; i < MAX_HELD; i++) {
		const HELD *h = &m->held[i];
		if (!same_object(h, is_dir, dir, name) || shares_nothing(h->access))
			continue;
		if (denied_by(access, h->share) || denied_by(h->access, share))
			return TRUE;
	}
	return FALSE;
}

static BOOL is_held(MODEL *m, BOOL is_dir, int dir, int name)
{
	int i;

	for (i = 0; i < MAX_HELD; i++)
		if (same_object(&m->held[i], is_dir, dir, name))
			return TRUE;
	return FALSE;
}

/* ---- operations ---- */

static cf_file open_shared(CF_BACKEND *b, const WCHAR *path, ULONG access, ULONG share,
	ULONG disposition, ULONG options, NTSTATUS *status, ULONG_PTR *info)
{
	CF_OPEN o = { 0 };
	cf_file f = 0;
	ULONG_PTR i = 0;

	o.path = path;
	o.access = access | SYNCHRONIZE;
	o.share = share;
	o.disposition = disposition;
	o.options = options | CF_SYNC;
	*status = b->open(b, &o, &f, &i);
	if (info)
		*info = i;
	return f;
}

static cf_file open_path(CF_BACKEND *b, const WCHAR *path, ULONG access, ULONG disposition,
	ULONG options, NTSTATUS *status, ULONG_PTR *info)
{
	return open_shared(b, path, access, CF_SHARE_ALL, disposition, options, status, info);
}

static void close_file(CF_BACKEND *b, cf_file f, const WCHAR *path)
{
	NTSTATUS status = b->close(b, f);

	expect_status(status, STATUS_SUCCESS, "close", path);
}

static void verbose(const char *format, ...)
{
	va_list args;

	if (!g_verbose)
		return;
	printf("  op %lu: ", (unsigned long)g_op);
	va_start(args, format);
	vprintf(format, args);
	va_end(args);
	printf("\n");
}

/* When the model says the operation's open meets a held handle's share access: the open
 * must fail with STATUS_SHARING_VIOLATION, and the operation ends there. */
static BOOL refused(CF_BACKEND *b, MODEL *m, BOOL is_dir, int dir, int name,
	const WCHAR *path, ULONG access, ULONG disposition, ULONG options)
{
	NTSTATUS status;
	cf_file f;

	if (!held_conflict(m, is_dir, dir, name, access, CF_SHARE_ALL))
		return FALSE;
	verbose("  (refused for sharing: %ls)", path);
	f = open_path(b, path, access, disposition, options, &status, NULL);
	if (f)
		b->close(b, f);
	expect_status(status, STATUS_SHARING_VIOLATION, "open of a held object", path);
	g_counts[12]++;
	return TRUE;
}

/* Deleting or renaming a held object that shares delete access: not modelled, skipped. */
static BOOL skip_held(MODEL *m, BOOL is_dir, int dir, int name)
{
	if (!is_held(m, is_dir, dir, name))
		return FALSE;
	verbose("  (skipped: the object is held open)");
	g_counts[14]++;
	return TRUE;
}

static void op_create(CF_BACKEND *b, MODEL *m)
{
	int dir = random_dir(m), name = (int)rnd(FILE_NAMES), i;
	MFILE *existing = find_file(m, dir, name);
	WCHAR path[MAX_PATH];
	NTSTATUS status, want;
	ULONG_PTR info = 0;
	cf_file f;

	if (!existing && dir_exists(m, dir) && file_count(m) >= MAX_FILES)
		return;
	file_path(dir, name, path);
	verbose("create %ls", path);
	want = !dir_exists(m, dir) ? STATUS_OBJECT_PATH_NOT_FOUND :
		existing ? STATUS_OBJECT_NAME_COLLISION : STATUS_SUCCESS;
	f = open_path(b, path, FILE_GENERIC_READ | FILE_GENERIC_WRITE, FILE_CREATE,
		FILE_NON_DIRECTORY_FILE, &status, &info);
	expect_status(status, want, "create", path);
	if (status != STATUS_SUCCESS)
		return;
	if (info != FILE_CREATED)
		fail("create %ls: information %lu, expected FILE_CREATED", path, (unsigned long)info);
	close_file(b, f, path);
	for (i = 0; i < MAX_FILES; i++)
		if (!m->files[i].used) {
			m->files[i].used = TRUE;
			m->files[i].dir = dir;
			m->files[i].name = name;
			m->files[i].size = 0;
			break;
		}
	g_counts[0]++;
}

static void op_write(CF_BACKEND *b, MODEL *m)
{
	MFILE *file = random_file(m);
	WCHAR path[MAX_PATH];
	ULONG offset, length, done = 0, kind = rnd(8);
	LONGLONG at;
	NTSTATUS status;
	cf_file f;

	if (!file)
		return;
	file_path(file->dir, file->name, path);
	/* mostly small writes, sometimes large ones; sometimes past the end (a gap) */
	length = kind < 5 ? 1 + rnd(4096) : kind < 7 ? 1 + rnd(65536) : 1 + rnd(MAX_SIZE / 2);
	offset = rnd(4) ? rnd(file->size + 1) : rnd(MAX_SIZE);
	if (offset + length > MAX_SIZE)
		length = MAX_SIZE - offset;
	if (!length)
		return;
	at = offset;
	if (kind == 0 && file->size + length <= MAX_SIZE) {
		at = CF_APPEND;
		offset = file->size;
	}
	cf_fill(g_data, length, (ULONG)rnd(0xFFFFFFFFu));
	verbose("write %ls offset %lu%s length %lu (size %lu)", path, (unsigned long)offset,
		at == CF_APPEND ? " (append)" : "", (unsigned long)length, (unsigned long)file->size);
	if (refused(b, m, FALSE, file->dir, file->name, path, FILE_GENERIC_READ | FILE_GENERIC_WRITE,
		FILE_OPEN, FILE_NON_DIRECTORY_FILE))
		return;
	f = open_path(b, path, FILE_GENERIC_READ | FILE_GENERIC_WRITE, FILE_OPEN, FILE_NON_DIRECTORY_FILE,
		&status, NULL);
	expect_status(status, STATUS_SUCCESS, "open for write", path);
	status = b->write(b, f, at, g_data, length, &done);
	expect_status(status, STATUS_SUCCESS, "write", path);
	if (done != length)
		fail("write %ls: %lu bytes written, expected %lu", path, (unsigned long)done,
			(unsigned long)length);
	close_file(b, f, path);
	if (offset + length > file->size)
		set_size(file, offset + length);
	memcpy(file->data + offset, g_data, length);
	g_counts[1]++;
}

static void op_truncate(CF_BACKEND *b, MODEL *m)
{
	MFILE *file = random_file(m);
	FILE_END_OF_FILE_INFORMATION e;
	WCHAR path[MAX_PATH];
	ULONG size;
	NTSTATUS status;
	cf_file f;

	if (!file)
		return;
	file_path(file->dir, file->name, path);
	size = rnd(3) ? rnd(file->size + 1) : rnd(MAX_SIZE + 1);
	verbose("truncate %ls to %lu (size %lu)", path, (unsigned long)size, (unsigned long)file->size);
	if (refused(b, m, FALSE, file->dir, file->name, path, FILE_GENERIC_WRITE, FILE_OPEN,
		FILE_NON_DIRECTORY_FILE))
		return;
	f = open_path(b, path, FILE_GENERIC_WRITE, FILE_OPEN, FILE_NON_DIRECTORY_FILE, &status, NULL);
	expect_status(status, STATUS_SUCCESS, "open for truncate", path);
	e.EndOfFile.QuadPart = size;
	status = b->set_info(b, f, FileEndOfFileInformation, &e, sizeof(e));
	expect_status(status, STATUS_SUCCESS, "set end of file", path);
	close_file(b, f, path);
	set_size(file, size);
	g_counts[2]++;
}

static void check_read(CF_BACKEND *b, cf_file f, const WCHAR *path, MFILE *file, ULONG offset,
	ULONG length)
{
	ULONG got = 0, want = offset >= file->size ? 0 : file->size - offset;
	NTSTATUS status = b->read(b, f, offset, g_buffer, length, &got);

	if (want > length)
		want = length;
	if (length == 0) {
		expect_status(status, STATUS_SUCCESS, "zero-length read", path);
		return;
	}
	expect_status(status, want ? STATUS_SUCCESS : STATUS_END_OF_FILE, "read", path);
	if (got != want)
		fail("read %ls at %lu length %lu: %lu bytes, expected %lu", path, (unsigned long)offset,
			(unsigned long)length, (unsigned long)got, (unsigned long)want);
	if (want && memcmp(g_buffer, file->data + offset, want)) {
		ULONG i = 0;
		while (i < want && g_buffer[i] == file->data[offset + i])
			i++;
		fail("read %ls at %lu length %lu: data differs at file offset %lu (got 0x%02x, "
			"expected 0x%02x)", path, (unsigned long)offset, (unsigned long)length,
			(unsigned long)(offset + i), g_buffer[i], file->data[offset + i]);
	}
}

static void op_read(CF_BACKEND *b, MODEL *m)
{
	MFILE *file = random_file(m);
	WCHAR path[MAX_PATH];
	ULONG offset, length;
	NTSTATUS status;
	cf_file f;

	if (!file)
		return;
	file_path(file->dir, file->name, path);
	offset = rnd(5) ? rnd(file->size + 1) : rnd(MAX_SIZE + 100);
	length = rnd(4) ? 1 + rnd(8192) : 1 + rnd(MAX_SIZE);
	verbose("read %ls offset %lu length %lu (size %lu)", path, (unsigned long)offset,
		(unsigned long)length, (unsigned long)file->size);
	if (refused(b, m, FALSE, file->dir, file->name, path, FILE_GENERIC_READ, FILE_OPEN,
		FILE_NON_DIRECTORY_FILE))
		return;
	f = open_path(b, path, FILE_GENERIC_READ, FILE_OPEN, FILE_NON_DIRECTORY_FILE, &status, NULL);
	expect_status(status, STATUS_SUCCESS, "open for read", path);
	check_read(b, f, path, file, offset, length);
	close_file(b, f, path);
	g_counts[3]++;
}

/* The whole file, in odd-sized pieces. */
static void verify_file(CF_BACKEND *b, MFILE *file)
{
	WCHAR path[MAX_PATH];
	FILE_STANDARD_INFORMATION s = { 0 };
	ULONG at = 0, got;
	NTSTATUS status;
	cf_file f;

	file_path(file->dir, file->name, path);
	f = open_path(b, path, FILE_GENERIC_READ, FILE_OPEN, FILE_NON_DIRECTORY_FILE, &status, NULL);
	expect_status(status, STATUS_SUCCESS, "open to verify", path);
	status = b->query_info(b, f, FileStandardInformation, &s, sizeof(s), &got);
	expect_status(status, STATUS_SUCCESS, "query standard", path);
	if ((ULONGLONG)s.EndOfFile.QuadPart != file->size)
		fail("%ls: EndOfFile %lld, model %lu", path, (long long)s.EndOfFile.QuadPart,
			(unsigned long)file->size);
	for (at = 0; at < file->size; at += 61437)
		check_read(b, f, path, file, at, 61437);
	check_read(b, f, path, file, file->size, 10);
	close_file(b, f, path);
}

static void op_stat(CF_BACKEND *b, MODEL *m)
{
	MFILE *file = random_file(m);

	if (!file)
		return;
	verbose("verify %ls", file_names[file->name]);
	{
		WCHAR path[MAX_PATH];
		file_path(file->dir, file->name, path);
		if (refused(b, m, FALSE, file->dir, file->name, path, FILE_GENERIC_READ, FILE_OPEN,
			FILE_NON_DIRECTORY_FILE))
			return;
	}
	verify_file(b, file);
	g_counts[4]++;
}

static void op_rename(CF_BACKEND *b, MODEL *m)
{
	MFILE *file = random_file(m), *target;
	WCHAR path[MAX_PATH], new_path[MAX_PATH], arg[MAX_PATH];
	int dir = rnd(3) ? (file ? file->dir : -1) : random_dir(m), name = (int)rnd(FILE_NAMES);
	BOOLEAN replace = rnd(2) == 0;
	NTSTATUS status, want;
	cf_file f;

	if (!file || (dir == file->dir && name == file->name))
		return;
	target = find_file(m, dir, name);
	if (g_no_cross_replace && target && dir != file->dir)
		return;
	file_path(file->dir, file->name, path);
	file_path(dir, name, new_path);
	/* the same folder: a bare name; another: a path from the case folder */
	if (dir == file->dir)
		_snwprintf(arg, MAX_PATH, L"%ls", file_names[name]);
	else
		_snwprintf(arg, MAX_PATH, L"%ls", new_path);
	arg[MAX_PATH - 1] = 0;
	want = !dir_exists(m, dir) ? STATUS_OBJECT_PATH_NOT_FOUND :
		target && !replace ? STATUS_OBJECT_NAME_COLLISION : STATUS_SUCCESS;
	verbose("rename %ls -> %ls%s%s", path, new_path, replace ? " (replace)" : "",
		target ? " (target exists)" : "");
	if (refused(b, m, FALSE, file->dir, file->name, path, DELETE | FILE_READ_ATTRIBUTES,
		FILE_OPEN, FILE_NON_DIRECTORY_FILE))
		return;
	/* a held source would move under its handle; another folder as target is opened by
	 * the I/O manager (share read+write), which a held folder may refuse: not modelled */
	if (skip_held(m, FALSE, file->dir, file->name) ||
		(dir != file->dir && skip_held(m, TRUE, dir, 0)))
		return;
	/* a file that is open cannot be replaced (NTFS: STATUS_ACCESS_DENIED) */
	if (want == STATUS_SUCCESS && target && is_held(m, FALSE, dir, name))
		want = STATUS_ACCESS_DENIED;
	f = open_path(b, path, DELETE | FILE_READ_ATTRIBUTES, FILE_OPEN, FILE_NON_DIRECTORY_FILE,
		&status, NULL);
	expect_status(status, STATUS_SUCCESS, "open for rename", path);
	status = b->rename(b, f, arg, replace);
	expect_status(status, want, "rename", path);
	close_file(b, f, path);
	if (status != STATUS_SUCCESS)
		return;
	if (target) {
		target->used = FALSE;
		target->size = 0;
	}
	file->dir = dir;
	file->name = name;
	g_counts[5]++;
}

static void op_delete(CF_BACKEND *b, MODEL *m)
{
	MFILE *file = rnd(6) ? random_file(m) : NULL;
	WCHAR path[MAX_PATH];
	int dir = file ? file->dir : random_dir(m), name = file ? file->name : (int)rnd(FILE_NAMES);
	NTSTATUS status;
	cf_file f;

	file = find_file(m, dir, name);
	file_path(dir, name, path);
	verbose("delete %ls%s", path, file ? "" : " (missing)");
	if (file && (refused(b, m, FALSE, dir, name, path, DELETE, FILE_OPEN,
		FILE_NON_DIRECTORY_FILE) || skip_held(m, FALSE, dir, name)))
		return;
	f = open_path(b, path, DELETE, FILE_OPEN, FILE_NON_DIRECTORY_FILE, &status, NULL);
	if (!file) {
		expect_status(status, dir_exists(m, dir) ? STATUS_OBJECT_NAME_NOT_FOUND :
			STATUS_OBJECT_PATH_NOT_FOUND, "open a missing file", path);
		return;
	}
	expect_status(status, STATUS_SUCCESS, "open for delete", path);
	status = b->set_disposition(b, f, TRUE);
	expect_status(status, STATUS_SUCCESS, "set delete disposition", path);

	close_file(b, f, path);
	file->used = FALSE;
	file->size = 0;
	g_counts[6]++;
}

static void op_mkdir(CF_BACKEND *b, MODEL *m)
{
	int dir = (int)rnd(DIR_NAMES);
	WCHAR path[MAX_PATH];
	NTSTATUS status;
	cf_file f;

	dir_path(dir, path);
	verbose("mkdir %ls", path);
	f = open_path(b, path, FILE_LIST_DIRECTORY, FILE_CREATE, FILE_DIRECTORY_FILE, &status, NULL);
	expect_status(status, m->dir_used[dir] ? STATUS_OBJECT_NAME_COLLISION : STATUS_SUCCESS,
		"mkdir", path);
	if (status == STATUS_SUCCESS)
		close_file(b, f, path);
	m->dir_used[dir] = TRUE;
	g_counts[7]++;
}

static void op_rmdir(CF_BACKEND *b, MODEL *m)
{
	int dir = (int)rnd(DIR_NAMES);
	WCHAR path[MAX_PATH];
	NTSTATUS status;
	cf_file f;

	dir_path(dir, path);
	verbose("rmdir %ls", path);
	if (m->dir_used[dir] && (refused(b, m, TRUE, dir, 0, path, DELETE | FILE_LIST_DIRECTORY,
		FILE_OPEN, FILE_DIRECTORY_FILE) || skip_held(m, TRUE, dir, 0)))
		return;
	f = open_path(b, path, DELETE | FILE_LIST_DIRECTORY, FILE_OPEN, FILE_DIRECTORY_FILE, &status,
		NULL);
	if (!m->dir_used[dir]) {
		expect_status(status, STATUS_OBJECT_NAME_NOT_FOUND, "open a missing folder", path);
		return;
	}
	expect_status(status, STATUS_SUCCESS, "open folder for delete", path);
	status = b->set_disposition(b, f, TRUE);
	expect_status(status, dir_empty(m, dir) ? STATUS_SUCCESS : STATUS_DIRECTORY_NOT_EMPTY,
		"delete folder", path);
	close_file(b, f, path);
	if (status == STATUS_SUCCESS)
		m->dir_used[dir] = FALSE;
	g_counts[8]++;
}

static int compare_wide(const void *a, const void *b)
{
	return wcscmp(*(const WCHAR *const *)a, *(const WCHAR *const *)b);
}

/* Lists a folder and compares names and sizes with the model. */
static void check_listing(CF_BACKEND *b, MODEL *m, int dir)
{
	WCHAR path[MAX_PATH], *got_names[64], *want_names[64];
	ULONG got_sizes[64];
	ULONG n_got = 0, n_want = 0, got, at, i, j;
	BYTE *buffer = g_buffer;
	UCHAR flags = CF_RESTART_SCAN;
	NTSTATUS status;
	cf_file f;

	dir_path(dir, path);
	f = open_path(b, path, FILE_LIST_DIRECTORY, FILE_OPEN, FILE_DIRECTORY_FILE, &status, NULL);
	expect_status(status, dir_exists(m, dir) ? STATUS_SUCCESS : STATUS_OBJECT_NAME_NOT_FOUND,
		"open folder to list", path);
	if (status != STATUS_SUCCESS)
		return;
	for (;;) {
		status = b->query_dir(b, f, FileDirectoryInformation, NULL, flags, 0, buffer, 4096, &got);
		flags = 0;
		if (status != STATUS_SUCCESS)
			break;
		for (at = 0; at < got;) {
			FILE_DIRECTORY_INFORMATION *e = (FILE_DIRECTORY_INFORMATION *)(buffer + at);
			ULONG chars = e->FileNameLength / 2;
			if (!(chars == 1 && e->FileName[0] == L'.') &&
			    !(chars == 2 && e->FileName[0] == L'.' && e->FileName[1] == L'.') && n_got < 64) {
				got_names[n_got] = calloc(chars + 1, sizeof(WCHAR));
				memcpy(got_names[n_got], e->FileName, chars * sizeof(WCHAR));
				got_sizes[n_got] = (e->FileAttributes & FILE_ATTRIBUTE_DIRECTORY) ? 0xFFFFFFFF :
					(ULONG)e->EndOfFile.QuadPart;
				n_got++;
			}
			if (!e->NextEntryOffset)
				break;
			at += e->NextEntryOffset;
		}
	}
	expect_status(status, STATUS_NO_MORE_FILES, "end of listing", path);
	close_file(b, f, path);
	for (i = 0; i < MAX_FILES; i++)
		if (m->files[i].used && m->files[i].dir == dir)
			want_names[n_want++] = (WCHAR *)file_names[m->files[i].name];
	if (dir < 0)
		for (i = 0; i < DIR_NAMES; i++)
			if (m->dir_used[i])
				want_names[n_want++] = (WCHAR *)dir_names[i];
	qsort(want_names, n_want, sizeof(WCHAR *), compare_wide);
	/* sort names and sizes together */
	for (i = 0; i < n_got; i++)
		for (j = i + 1; j < n_got; j++)
			if (wcscmp(got_names[j], got_names[i]) < 0) {
				WCHAR *tn = got_names[i];
				ULONG ts = got_sizes[i];
				got_names[i] = got_names[j];
				got_sizes[i] = got_sizes[j];
				got_names[j] = tn;
				got_sizes[j] = ts;
			}
	if (n_got != n_want)
		fail("listing %ls: %lu entries, model %lu", path, (unsigned long)n_got,
			(unsigned long)n_want);
	for (i = 0; i < n_got; i++) {
		MFILE *file;
		int name;
		if (wcscmp(got_names[i], want_names[i]))
			fail("listing %ls: entry %ls, model %ls", path, got_names[i], want_names[i]);
		for (name = 0; name < FILE_NAMES && wcscmp(file_names[name], got_names[i]); name++)
			;
		file = name < FILE_NAMES ? find_file(m, dir, name) : NULL;
		if (file && got_sizes[i] != file->size)
			fail("listing %ls: %ls has size %lu, model %lu", path, got_names[i],
				(unsigned long)got_sizes[i], (unsigned long)file->size);
		free(got_names[i]);
	}
}

static void op_list(CF_BACKEND *b, MODEL *m)
{
	int dir = (int)rnd(DIR_NAMES + 2) - 1;

	if (dir >= DIR_NAMES)
		dir = -1;
	verbose("list folder %d", dir);
	if (dir_exists(m, dir)) {
		WCHAR path[MAX_PATH];
		dir_path(dir, path);
		if (refused(b, m, TRUE, dir, 0, path, FILE_LIST_DIRECTORY, FILE_OPEN, FILE_DIRECTORY_FILE))
			return;
	}
	check_listing(b, m, dir);
	g_counts[9]++;
}

static void op_overwrite(CF_BACKEND *b, MODEL *m)
{
	int dir = random_dir(m), name = (int)rnd(FILE_NAMES), i;
	MFILE *file = find_file(m, dir, name);
	WCHAR path[MAX_PATH];
	ULONG length = rnd(16384), done = 0;
	ULONG_PTR info = 0;
	NTSTATUS status;
	cf_file f;

	if (!file && dir_exists(m, dir) && file_count(m) >= MAX_FILES)
		return;
	file_path(dir, name, path);
	verbose("overwrite-if %ls with %lu bytes", path, (unsigned long)length);
	if (file && refused(b, m, FALSE, dir, name, path, FILE_GENERIC_READ | FILE_GENERIC_WRITE,
		FILE_OVERWRITE_IF, FILE_NON_DIRECTORY_FILE))
		return;
	f = open_path(b, path, FILE_GENERIC_READ | FILE_GENERIC_WRITE, FILE_OVERWRITE_IF,
		FILE_NON_DIRECTORY_FILE, &status, &info);
	expect_status(status, dir_exists(m, dir) ? STATUS_SUCCESS : STATUS_OBJECT_PATH_NOT_FOUND,
		"overwrite-if", path);
	if (status != STATUS_SUCCESS)
		return;
	if (info != (file ? FILE_OVERWRITTEN : FILE_CREATED))
		fail("overwrite-if %ls: information %lu, expected %s", path, (unsigned long)info,
			file ? "FILE_OVERWRITTEN" : "FILE_CREATED");
	if (!file)
		for (i = 0; i < MAX_FILES; i++)
			if (!m->files[i].used) {
				file = &m->files[i];
				file->used = TRUE;
				file->dir = dir;
				file->name = name;
				break;
			}
	file->size = 0;
	if (length) {
		cf_fill(g_data, length, (ULONG)rnd(0xFFFFFFFFu));
		status = b->write(b, f, 0, g_data, length, &done);
		expect_status(status, STATUS_SUCCESS, "write after overwrite", path);
		if (done != length)
			fail("write %ls: %lu bytes written, expected %lu", path, (unsigned long)done,
				(unsigned long)length);
		memcpy(file->data, g_data, length);
		file->size = length;
	}
	close_file(b, f, path);
	g_counts[10]++;
}

static void op_open_missing(CF_BACKEND *b, MODEL *m)
{
	int dir = random_dir(m), name = (int)rnd(FILE_NAMES);
	WCHAR path[MAX_PATH];
	NTSTATUS status;
	cf_file f;

	if (find_file(m, dir, name))
		return;
	file_path(dir, name, path);
	verbose("open missing %ls", path);
	f = open_path(b, path, FILE_GENERIC_READ, FILE_OPEN, 0, &status, NULL);
	expect_status(status, dir_exists(m, dir) ? STATUS_OBJECT_NAME_NOT_FOUND :
		STATUS_OBJECT_PATH_NOT_FOUND, "open", path);
	(void)f;
	g_counts[11]++;
}

/* ---- held handles ---- */

static const ULONG hold_access[] = {
	FILE_READ_DATA, FILE_WRITE_DATA, DELETE, FILE_READ_DATA | FILE_WRITE_DATA,
	FILE_READ_DATA | DELETE, FILE_WRITE_DATA | DELETE, FILE_READ_DATA | FILE_WRITE_DATA | DELETE,
	FILE_READ_ATTRIBUTES, FILE_APPEND_DATA, FILE_EXECUTE,
};

static void release(CF_BACKEND *b, HELD *h)
{
	verbose("release a handle (access 0x%lx share %lu)", (unsigned long)h->access,
		(unsigned long)h->share);
	close_file(b, h->f, L"(held handle)");
	h->used = FALSE;
}

static void op_release(CF_BACKEND *b, MODEL *m)
{
	int i = (int)rnd(MAX_HELD);

	if (m->held[i].used)
		release(b, &m->held[i]);
}

static void release_all(CF_BACKEND *b, MODEL *m)
{
	int i;

	for (i = 0; i < MAX_HELD; i++)
		if (m->held[i].used)
			release(b, &m->held[i]);
}

/* Opens a file or folder with random access and share mode and keeps it open; the model
 * says whether a handle already held refuses it. */
static void op_hold(CF_BACKEND *b, MODEL *m)
{
	HELD *h = &m->held[rnd(MAX_HELD)];
	MFILE *file = rnd(3) ? random_file(m) : NULL;
	int dir = file ? file->dir : (int)rnd(DIR_NAMES + 1) - 1;
	ULONG access = hold_access[rnd(sizeof(hold_access) / sizeof(hold_access[0]))];
	ULONG share = rnd(8);
	WCHAR path[MAX_PATH];
	NTSTATUS status, want;
	cf_file f;

	if (h->used)
		release(b, h);
	if (!file && !dir_exists(m, dir))
		return;
	if (file)
		file_path(file->dir, file->name, path);
	else
		dir_path(dir, path);
	want = held_conflict(m, !file, dir, file ? file->name : 0, access, share) ?
		STATUS_SHARING_VIOLATION : STATUS_SUCCESS;
	verbose("hold %ls access 0x%lx share %lu%s", path, (unsigned long)access,
		(unsigned long)share, want ? " (conflicts)" : "");
	f = open_shared(b, path, access, share, FILE_OPEN, file ? FILE_NON_DIRECTORY_FILE :
		FILE_DIRECTORY_FILE, &status, NULL);
	if (status == STATUS_SUCCESS && want != STATUS_SUCCESS)
		b->close(b, f);
	expect_status(status, want, "open to hold", path);
	g_counts[want ? 12 : 13]++;
	if (status != STATUS_SUCCESS)
		return;
	h->used = TRUE;
	h->is_dir = !file;
	h->dir = dir;
	h->name = file ? file->name : 0;
	h->access = access | SYNCHRONIZE;
	h->share = share;
	h->f = f;
}

/* ---- the run ---- */

static void run(CF_BACKEND *b, MODEL *m)
{
	NTSTATUS status;
	cf_file f;
	int i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < MAX_FILES; i++) {
		m->files[i].data = malloc(MAX_SIZE);
		if (!m->files[i].data)
			fail("out of memory");
	}
	memset(g_counts, 0, sizeof(g_counts));
	g_rng = g_seed * 0x9E3779B97F4A7C15ull + 1;
	g_op = 0;
	f = open_path(b, WORK, FILE_LIST_DIRECTORY, FILE_CREATE, FILE_DIRECTORY_FILE, &status, NULL);
	expect_status(status, STATUS_SUCCESS, "create the work folder", WORK);
	close_file(b, f, WORK);
	for (g_op = 1; g_op <= g_ops; g_op++) {
		ULONG pick = rnd(100);
		if (pick < 12)
			op_create(b, m);
		else if (pick < 32)
			g_no_write ? op_read(b, m) : op_write(b, m);
		else if (pick < 38)
			g_no_write ? op_read(b, m) : op_truncate(b, m);
		else if (pick < 49)
			op_read(b, m);
		else if (pick < 53)
			op_hold(b, m);
		else if (pick < 56)
			op_release(b, m);
		else if (pick < 64)
			g_no_rename ? op_read(b, m) : op_rename(b, m);
		else if (pick < 71)
			op_delete(b, m);
		else if (pick < 74)
			op_mkdir(b, m);
		else if (pick < 76)
			op_rmdir(b, m);
		else if (pick < 86)
			op_list(b, m);
		else if (pick < 91)
			g_no_write ? op_stat(b, m) : op_overwrite(b, m);
		else if (pick < 97)
			op_stat(b, m);
		else
			op_open_missing(b, m);
	}
	g_op = g_ops;
	release_all(b, m);
	/* everything, through the file system */
	check_listing(b, m, -1);
	for (i = 0; i < DIR_NAMES; i++)
		if (m->dir_used[i])
			check_listing(b, m, i);
	for (i = 0; i < MAX_FILES; i++)
		if (m->files[i].used)
			verify_file(b, &m->files[i]);
}

/* The mirrored folder itself (Win32 on Wine's FS) must hold what the model says. */
static void check_backing(const WCHAR *backing, MODEL *m)
{
	int i;

	for (i = 0; i < MAX_FILES; i++) {
		MFILE *file = &m->files[i];
		WCHAR rel[MAX_PATH], path[MAX_PATH];
		HANDLE h;
		DWORD got = 0;
		if (!file->used)
			continue;
		file_path(file->dir, file->name, rel);
		_snwprintf(path, MAX_PATH, L"%ls\\%ls", backing, rel);
		path[MAX_PATH - 1] = 0;
		h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
			OPEN_EXISTING, 0, NULL);
		if (h == INVALID_HANDLE_VALUE)
			fail("mirrored folder: cannot open %ls (error %lu)", path, GetLastError());
		if (!ReadFile(h, g_buffer, MAX_SIZE + 1, &got, NULL) || got != file->size ||
		    memcmp(g_buffer, file->data, file->size))
			fail("mirrored folder: %ls holds %lu bytes that differ from the model (%lu bytes)",
				path, (unsigned long)got, (unsigned long)file->size);
		CloseHandle(h);
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: exerciser --root <L:> [--backing <folder>] [--seed S] [--ops N]"
		" [--verbose] [--native <folder>] [--no-rename] [--no-write]"
		" [--no-cross-folder-replace]\n");
	exit(2);
}

int wmain(int argc, WCHAR **argv)
{
	const WCHAR *root = NULL, *backing = NULL, *native_root = NULL;
	static MODEL model;
	CF_BACKEND *b;
	DWORD t0;
	int i;
	char seed_text[32];

	setvbuf(stdout, NULL, _IONBF, 0);
	g_ops = 5000;
	g_seed = 0;
	if (GetEnvironmentVariableA("DOKAN_SEED", seed_text, sizeof(seed_text)))
		g_seed = _strtoui64(seed_text, NULL, 10);
	else
		g_seed = (ULONGLONG)time(NULL);
	for (i = 1; i < argc; i++) {
		if (!wcscmp(argv[i], L"--root") && i + 1 < argc)
			root = argv[++i];
		else if (!wcscmp(argv[i], L"--backing") && i + 1 < argc)
			backing = argv[++i];
		else if (!wcscmp(argv[i], L"--native") && i + 1 < argc)
			native_root = argv[++i];
		else if (!wcscmp(argv[i], L"--seed") && i + 1 < argc)
			g_seed = _wcstoui64(argv[++i], NULL, 10);
		else if (!wcscmp(argv[i], L"--ops") && i + 1 < argc)
			g_ops = (ULONG)wcstoul(argv[++i], NULL, 10);
		else if (!wcscmp(argv[i], L"--verbose"))
			g_verbose = TRUE;
		else if (!wcscmp(argv[i], L"--no-rename"))
			g_no_rename = TRUE;
		else if (!wcscmp(argv[i], L"--no-write"))
			g_no_write = TRUE;
		else if (!wcscmp(argv[i], L"--no-cross-folder-replace"))
			g_no_cross_replace = TRUE;
		else
			usage();
	}
	if (!root && !native_root)
		usage();
	g_buffer = malloc(MAX_SIZE + 4096);
	g_data = malloc(MAX_SIZE);
	if (!g_buffer || !g_data)
		return 3;
	printf("exerciser: seed %llu, %lu operations%s%s%s\n", (unsigned long long)g_seed,
		(unsigned long)g_ops, g_no_rename ? ", RENAME DISABLED (--no-rename)" : "",
		g_no_write ? ", WRITE/TRUNCATE DISABLED (--no-write)" : "",
		g_no_cross_replace ? ", RENAMES ONTO AN EXISTING FILE IN ANOTHER FOLDER DISABLED "
		"(--no-cross-folder-replace)" : "");
	if (native_root) {
		g_backend_name = "native";
		b = cf_native_backend(native_root);
		if (!b)
			fail("no native backend");
		_snwprintf(b->folder, MAX_PATH, L"%ls", native_root);
		t0 = GetTickCount();
		run(b, &model);
		b->close_all(b);
		printf("exerciser: model check on Wine's own file system passed in %lu ms (held "
			"handles %lu, opens refused for sharing %lu, skipped on held objects %lu)\n",
			(unsigned long)(GetTickCount() - t0), (unsigned long)g_counts[13],
			(unsigned long)g_counts[12], (unsigned long)g_counts[14]);
	}
	if (root) {
		g_backend_name = "dokan";
		b = cf_dokan_backend(root);
		if (!b)
			fail("cannot connect to iohost");
		_snwprintf(b->folder, MAX_PATH, L"%ls", root);
		t0 = GetTickCount();
		run(b, &model);
		b->close_all(b);
		if (backing)
			check_backing(backing, &model);
		printf("exerciser: %lu operations through the volume in %lu ms (creates %lu, writes %lu, "
			"truncates %lu, reads %lu, verifies %lu, renames %lu, deletes %lu, mkdirs %lu, "
			"rmdirs %lu, listings %lu, overwrites %lu, missing opens %lu; held handles %lu, "
			"opens refused for sharing %lu, skipped on held objects %lu)\n",
			(unsigned long)g_ops, (unsigned long)(GetTickCount() - t0),
			(unsigned long)g_counts[0], (unsigned long)g_counts[1], (unsigned long)g_counts[2],
			(unsigned long)g_counts[3], (unsigned long)g_counts[4], (unsigned long)g_counts[5],
			(unsigned long)g_counts[6], (unsigned long)g_counts[7], (unsigned long)g_counts[8],
			(unsigned long)g_counts[9], (unsigned long)g_counts[10], (unsigned long)g_counts[11],
			(unsigned long)g_counts[13], (unsigned long)g_counts[12], (unsigned long)g_counts[14]);
	}
	printf("1 passed, 0 failed\n");
	return 0;
}
