// SPDX-License-Identifier: LGPL-3.0-or-later
// test_memfs.c - memfs.exe through the real stack (iohost -> dokan.sys -> dokan.dll), for
// what the conformance suite cannot show on it:
//   test_memfs <letter> <size limit in MiB, as memfs /z>
// - the size limit: free space to the 512-byte unit, STATUS_DISK_FULL at the limit, the
//   space given back by a delete, for a file deleted while open only with its last handle;
// - names: case-insensitive lookups that keep the case; 3,000 entries in one folder,
//   listed sorted and each found again;
// - the open file of a renamed folder keeps working under the new path;
// - 8 threads at once creating, writing, listing, renaming, reading and deleting in shared
//   folders and appending to one shared file (memfs's tree lock and node locks): every
//   result checked, then the whole tree.
// Prints "FAIL ..." for each failure; exits 0 when there was none.
#include "ioclient.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "check.h"

#define FILE_FS_FULL_SIZE_CLASS 7
#define FILE_END_OF_FILE_CLASS 20
#define UNIT 512u
#define MIB (1024u * 1024u)
#define RW (FILE_GENERIC_READ | FILE_GENERIC_WRITE)
#define SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)
#define BIG_FOLDER_ENTRIES 3000u
#define THREADS 8
#define ROUNDS 40
#define LOG_RECORD 16u

static WCHAR g_letter;
#define fail(...) CK_FAIL(__VA_ARGS__)
#define expect(got, want, what) CHECK_STATUS(got, want, "%s", what)


/* "<letter>:\<path>" */
static const WCHAR *on_volume(WCHAR *out, const WCHAR *path)
{
	swprintf(out, MAX_PATH, L"%lc:\\%ls", g_letter, path);
	return out;
}

static NTSTATUS open_path(const WCHAR *path, ULONG access, ULONG disposition, ULONG options,
	ioc_file *file)
{
	WCHAR full[MAX_PATH];
	ULONG_PTR info;

	*file = 0;
	return ioc_open(on_volume(full, path), access | SYNCHRONIZE, SHARE_ALL, disposition,
		options | FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, file, &info);
}

static void make_folder(const WCHAR *path)
{
	ioc_file f;

	expect(open_path(path, FILE_LIST_DIRECTORY, FILE_CREATE, FILE_DIRECTORY_FILE, &f),
		STATUS_SUCCESS, "make a folder");
	if (f)
		ioc_close(f);
}

/* Creates (or replaces) a file with this content; 0 on failure. Left open. */
static ioc_file put_file(const WCHAR *path, const void *data, ULONG size)
{
	ioc_file f;
	ULONG done = 0;
	NTSTATUS status = open_path(path, RW | DELETE, FILE_OVERWRITE_IF, FILE_NON_DIRECTORY_FILE,
		&f);

	if (status != STATUS_SUCCESS) {
		fail("create %ls: 0x%08lx", path, (unsigned long)status);
		return 0;
	}
	if (size && (ioc_write(f, 0, data, size, &done) != STATUS_SUCCESS || done != size))
		fail("write %ls", path);
	return f;
}

/* The whole content of an open file compared with data. */
static BOOL content_is(ioc_file f, const BYTE *data, ULONG size)
{
	BYTE got[4096];
	ULONG at = 0, n;

	while (at < size) {
		ULONG want = size - at < sizeof(got) ? size - at : sizeof(got);
		if (ioc_read(f, at, got, want, &n) != STATUS_SUCCESS || n != want ||
				memcmp(got, data + at, n))
			return FALSE;
		at += n;
	}
	return ioc_read(f, at, got, 1, &n) == STATUS_END_OF_FILE;
}

/* ---- the size limit ---- */

typedef struct SPACE {
	ULONGLONG total, free;
} SPACE;

static SPACE space_now(void)
{
	FILE_FS_FULL_SIZE_INFORMATION s = { 0 };
	SPACE space = { 0, 0 };
	ioc_file root;
	ULONG got;

	if (open_path(L"", FILE_READ_ATTRIBUTES, FILE_OPEN, FILE_DIRECTORY_FILE, &root) ||
			ioc_query_volume(root, FILE_FS_FULL_SIZE_CLASS, &s, sizeof(s), &got)) {
		fail("volume size query");
	} else {
		space.total = (ULONGLONG)s.TotalAllocationUnits.QuadPart;
		space.free = (ULONGLONG)s.ActualAvailableAllocationUnits.QuadPart;
		if ((ULONGLONG)s.CallerAvailableAllocationUnits.QuadPart != space.free)
			fail("free units for the caller %llu, in all %llu",
				(unsigned long long)s.CallerAvailableAllocationUnits.QuadPart,
				(unsigned long long)space.free);
	}
	if (root)
		ioc_close(root);
	return space;
}

static void expect_free(ULONGLONG units, const char *when)
{
	SPACE space = space_now();

	if (space.free != units)
		fail("free space %s: %llu units, expected %llu", when,
			(unsigned long long)space.free, (unsigned long long)units);
}

static NTSTATUS set_size(ioc_file f, ULONGLONG size)
{
	LARGE_INTEGER eof;

	eof.QuadPart = (LONGLONG)size;
	return ioc_set_info(f, FILE_END_OF_FILE_CLASS, &eof, sizeof(eof));
}

/* Fills the volume to the byte, then finds STATUS_DISK_FULL wherever a file would grow. */
static void fill_to_limit(ULONGLONG total_units, ioc_file a)
{
	ioc_file b = put_file(L"space\\b.bin", NULL, 0);
	ULONG done = 0;

	expect(set_size(b, (total_units - MIB / UNIT) * UNIT), STATUS_SUCCESS, "b.bin to the limit");
	expect_free(0, "at the limit");
	expect(ioc_write(b, (LONGLONG)(total_units * UNIT), "x", 1, &done), STATUS_DISK_FULL,
		"a write beyond the limit");
	expect(ioc_write(a, IOC_WRITE_APPEND, "x", 1, &done), STATUS_DISK_FULL,
		"an append at the limit");
	expect(set_size(a, MIB + 1), STATUS_DISK_FULL, "growing a.bin at the limit");
	expect(ioc_write(a, 100, "inside", 6, &done), STATUS_SUCCESS, "a write inside a.bin");
	ioc_close(b);
}

/* b.bin deleted while a second handle holds it: delete pending, space kept until the last
 * handle goes. */
static void delete_while_open(ULONGLONG total_units)
{
	ioc_file deleter, holder;
	BYTE byte;
	ULONG got;

	expect(open_path(L"space\\b.bin", DELETE, FILE_OPEN, 0, &deleter), STATUS_SUCCESS, "open b");
	expect(open_path(L"space\\b.bin", FILE_READ_DATA, FILE_OPEN, 0, &holder), STATUS_SUCCESS,
		"hold b");
	expect(ioc_set_disposition(deleter, TRUE), STATUS_SUCCESS, "delete b");
	ioc_close(deleter);
	expect(open_path(L"space\\b.bin", FILE_READ_DATA, FILE_OPEN, 0, &deleter),
		STATUS_DELETE_PENDING, "open b while its delete is pending");
	expect_free(0, "while b.bin is held");
	expect(ioc_read(holder, 0, &byte, 1, &got), STATUS_SUCCESS, "read the held b.bin");
	ioc_close(holder);
	expect_free(total_units - MIB / UNIT, "after b.bin's last handle");
	expect(open_path(L"space\\b.bin", FILE_READ_DATA, FILE_OPEN, 0, &deleter),
		STATUS_OBJECT_NAME_NOT_FOUND, "open b after its delete");
}

static void test_space(ULONG limit_mib)
{
	static BYTE chunk[64 * 1024];
	ULONGLONG total_units = (ULONGLONG)limit_mib * MIB / UNIT;
	SPACE start = space_now();
	ULONG i, done;
	ioc_file a;

	if (start.total != total_units || start.free != total_units)
		fail("empty volume: %llu of %llu units free, expected %llu of %llu",
			(unsigned long long)start.free, (unsigned long long)start.total,
			(unsigned long long)total_units, (unsigned long long)total_units);
	make_folder(L"space");
	a = put_file(L"space\\a.bin", NULL, 0);
	for (i = 0; i < MIB / sizeof(chunk); i++)
		expect(ioc_write(a, IOC_WRITE_APPEND, chunk, sizeof(chunk), &done), STATUS_SUCCESS,
			"fill a.bin");
	expect_free(total_units - MIB / UNIT, "after 1 MiB");
	fill_to_limit(total_units, a);
	delete_while_open(total_units);
	expect(ioc_set_disposition(a, TRUE), STATUS_SUCCESS, "delete a");
	ioc_close(a);
	expect_free(total_units, "after deleting everything");
}

/* ---- names ---- */

static void test_case_preserved(void)
{
	WCHAR **names = NULL, path[MAX_PATH];
	ULONG count = 0;
	ioc_file f;

	make_folder(L"names");
	f = put_file(L"names\\Mixed Case.TXT", "x", 1);
	if (f)
		ioc_close(f);
	expect(open_path(L"NAMES\\mixed case.txt", FILE_READ_DATA, FILE_OPEN, 0, &f),
		STATUS_SUCCESS, "open in another case");
	if (f)
		ioc_close(f);
	expect(open_path(L"names\\MIXED CASE.TXT", RW, FILE_CREATE, 0, &f),
		STATUS_OBJECT_NAME_COLLISION, "create in another case");
	expect(ioc_list_names(on_volume(path, L"names"), &names, &count), STATUS_SUCCESS, "list");
	if (count != 3 || wcscmp(names[2], L"Mixed Case.TXT"))
		fail("names\\ lists %lu entries, the last %ls", (unsigned long)count,
			count ? names[count - 1] : L"-");
	ioc_free_names(names, count);
}

static void big_folder_name(WCHAR *out, ULONG i, BOOL upper)
{
	swprintf(out, MAX_PATH, upper ? L"BIG\\F%05lu.TXT" : L"big\\f%05lu.txt", (unsigned long)i);
}

static void check_big_listing(void)
{
	WCHAR **names = NULL, path[MAX_PATH], want[MAX_PATH];
	ULONG count = 0, i;

	expect(ioc_list_names(on_volume(path, L"big"), &names, &count), STATUS_SUCCESS,
		"list big\\");
	if (count != BIG_FOLDER_ENTRIES + 2)
		fail("big\\ lists %lu entries", (unsigned long)count);
	for (i = 2; i < count; i++) {
		big_folder_name(want, i - 2, FALSE);
		if (wcscmp(names[i], want + 4)) {
			fail("big\\ entry %lu is %ls, expected %ls (sorted)", (unsigned long)i, names[i],
				want + 4);
			break;
		}
	}
	ioc_free_names(names, count);
}

/* Created in a scrambled order; listed sorted; found again in upper case. */
static void test_big_folder(void)
{
	WCHAR name[MAX_PATH];
	DWORD began = GetTickCount();
	ULONG i;
	ioc_file f;

	make_folder(L"big");
	for (i = 0; i < BIG_FOLDER_ENTRIES; i++) {
		big_folder_name(name, (i * 7919u) % BIG_FOLDER_ENTRIES, FALSE);
		f = put_file(name, NULL, 0);
		if (f)
			ioc_close(f);
	}
	check_big_listing();
	for (i = 0; i < BIG_FOLDER_ENTRIES; i += 10) {
		big_folder_name(name, i, TRUE);
		expect(open_path(name, FILE_READ_ATTRIBUTES, FILE_OPEN, 0, &f), STATUS_SUCCESS,
			"find a big\\ entry");
		if (f)
			ioc_close(f);
	}
	printf("big folder: %u entries created, listed and looked up in %lu ms\n",
		BIG_FOLDER_ENTRIES, (unsigned long)(GetTickCount() - began));
}

/* ---- a renamed folder with an open file ---- */

static void test_rename_open_folder(void)
{
	static const BYTE expected[] = "beforeafter";
	WCHAR target[MAX_PATH];
	ioc_file child, folder, again;
	ULONG done;

	make_folder(L"tree");
	make_folder(L"tree\\a");
	child = put_file(L"tree\\a\\child.txt", "before", 6);
	expect(open_path(L"tree\\a", DELETE, FILE_OPEN, FILE_DIRECTORY_FILE, &folder),
		STATUS_SUCCESS, "open tree\\a");
	expect(ioc_rename(folder, on_volume(target, L"tree\\b"), FALSE), STATUS_SUCCESS,
		"rename tree\\a to tree\\b");
	ioc_close(folder);
	expect(ioc_write(child, 6, "after", 5, &done), STATUS_SUCCESS, "write the moved child");
	ioc_close(child);
	expect(open_path(L"tree\\b\\child.txt", FILE_READ_DATA, FILE_OPEN, 0, &again),
		STATUS_SUCCESS, "open the child under the new name");
	if (again && !content_is(again, expected, sizeof(expected) - 1))
		fail("tree\\b\\child.txt does not hold what was written through the old handle");
	if (again)
		ioc_close(again);
	expect(open_path(L"tree\\a\\child.txt", FILE_READ_DATA, FILE_OPEN, 0, &again),
		STATUS_OBJECT_PATH_NOT_FOUND, "open the child under the old name");
}

/* ---- threads ---- */

typedef struct RACER {
	ULONG index;
	ioc_file log;
	HANDLE thread;
} RACER;

/* Content of round r of thread t: its length and bytes follow from (t, r). */
static ULONG race_content(ULONG t, ULONG r, BYTE *out)
{
	ULONG size = 1 + (t * 977u + r * 131u) % 8192u, i;

	for (i = 0; i < size; i++)
		out[i] = (BYTE)(t * 31u + r * 7u + i);
	return size;
}

static BOOL race_kept(ULONG r)
{
	return r % 3 != 0;
}

static void race_name(WCHAR *out, const WCHAR *folder, ULONG t, ULONG r)
{
	swprintf(out, MAX_PATH, L"race\\%ls\\t%lu_%02lu.dat", folder, (unsigned long)t,
		(unsigned long)r);
}

/* Lists a shared folder while others change it; own_name must be there. */
static void race_list(const WCHAR *folder, const WCHAR *own_name)
{
	WCHAR **names = NULL, relative[MAX_PATH], path[MAX_PATH];
	ULONG count = 0, i;
	BOOL found = own_name == NULL;

	swprintf(relative, MAX_PATH, L"race\\%ls", folder);
	expect(ioc_list_names(on_volume(path, relative), &names, &count), STATUS_SUCCESS,
		"list a shared folder");
	for (i = 0; i < count && !found; i++)
		found = !wcscmp(names[i], own_name);
	if (!found)
		fail("%ls missing from a listing of race\\%ls", own_name, folder);
	ioc_free_names(names, count);
}

static void race_round(RACER *racer, ULONG r)
{
	BYTE data[8192];
	WCHAR in[MAX_PATH], out[MAX_PATH], full[MAX_PATH];
	char record[LOG_RECORD + 1];
	ULONG size = race_content(racer->index, r, data), done;
	ioc_file f;

	race_name(in, L"in", racer->index, r);
	race_name(out, L"out", racer->index, r);
	f = put_file(in, data, size);
	if (!f)
		return;
	race_list(L"in", wcsrchr(in, L'\\') + 1);
	expect(ioc_rename(f, on_volume(full, out), FALSE), STATUS_SUCCESS, "rename into out");
	if (!race_kept(r))
		expect(ioc_set_disposition(f, TRUE), STATUS_SUCCESS, "delete");
	ioc_close(f);
	race_list(L"out", NULL);
	/* 16 characters: "tTT rRR .......\n" */
	snprintf(record, sizeof(record), "t%02lu r%02lu .......\n", (unsigned long)racer->index,
		(unsigned long)r);
	expect(ioc_write(racer->log, IOC_WRITE_APPEND, record, LOG_RECORD, &done), STATUS_SUCCESS,
		"append to the shared log");
}

static DWORD WINAPI race_thread(void *parameter)
{
	RACER *racer = parameter;
	ULONG r;

	if (open_path(L"race\\log.txt", FILE_APPEND_DATA, FILE_OPEN, 0, &racer->log)) {
		fail("thread %lu: open the log", (unsigned long)racer->index);
		return 0;
	}
	for (r = 0; r < ROUNDS; r++)
		race_round(racer, r);
	ioc_close(racer->log);
	return 0;
}

/* Every kept file holds its content; deleted ones are gone. */
static void check_race_files(void)
{
	static BYTE data[8192];
	WCHAR name[MAX_PATH];
	ULONG t, r, size;
	ioc_file f;

	for (t = 0; t < THREADS; t++)
		for (r = 0; r < ROUNDS; r++) {
			race_name(name, L"out", t, r);
			size = race_content(t, r, data);
			expect(open_path(name, FILE_READ_DATA, FILE_OPEN, 0, &f),
				race_kept(r) ? STATUS_SUCCESS : STATUS_OBJECT_NAME_NOT_FOUND, "open a result");
			if (f && !content_is(f, data, size))
				fail("%ls does not hold what its thread wrote", name);
			if (f)
				ioc_close(f);
		}
}

/* The appends never interleaved: every record whole, each (thread, round) once. */
static void check_race_log(void)
{
	static char log[THREADS * ROUNDS * LOG_RECORD + 1];
	static BOOL seen[THREADS][ROUNDS];
	ULONG got = 0, i, t, r;
	ioc_file f;

	expect(open_path(L"race\\log.txt", FILE_READ_DATA, FILE_OPEN, 0, &f), STATUS_SUCCESS,
		"open the log");
	if (!f)
		return;
	expect(ioc_read(f, 0, log, sizeof(log), &got), STATUS_SUCCESS, "read the log");
	ioc_close(f);
	if (got != sizeof(log) - 1)
		fail("the log holds %lu bytes, expected %lu", (unsigned long)got,
			(unsigned long)(sizeof(log) - 1));
	for (i = 0; i + LOG_RECORD <= got; i += LOG_RECORD) {
		if (sscanf(log + i, "t%02lu r%02lu", &t, &r) != 2 || t >= THREADS || r >= ROUNDS ||
				seen[t][r] || log[i + LOG_RECORD - 1] != '\n') {
			fail("log record %lu is torn or repeated", (unsigned long)(i / LOG_RECORD));
			return;
		}
		seen[t][r] = TRUE;
	}
}

static void test_threads(void)
{
	RACER racers[THREADS];
	HANDLE handles[THREADS];
	DWORD began = GetTickCount();
	ioc_file log;
	ULONG i;

	make_folder(L"race");
	make_folder(L"race\\in");
	make_folder(L"race\\out");
	log = put_file(L"race\\log.txt", NULL, 0);
	if (log)
		ioc_close(log);
	for (i = 0; i < THREADS; i++) {
		racers[i].index = i;
		racers[i].thread = handles[i] = CreateThread(NULL, 0, race_thread, &racers[i], 0, NULL);
	}
	if (WaitForMultipleObjects(THREADS, handles, TRUE, 300000) != WAIT_OBJECT_0) {
		fail("the threads did not finish within 300 s (a deadlock?)");
		fflush(stdout);
		ExitProcess(3);
	}
	for (i = 0; i < THREADS; i++)
		CloseHandle(handles[i]);
	check_race_files();
	check_race_log();
	race_list(L"in", NULL);
	printf("threads: %u x %u rounds in %lu ms\n", THREADS, ROUNDS,
		(unsigned long)(GetTickCount() - began));
}

int wmain(int argc, WCHAR **argv)
{
	ULONG limit_mib;

	if (argc < 3) {
		printf("usage: test_memfs <letter> <size limit in MiB>\n");
		return 2;
	}
	g_letter = argv[1][0];
	limit_mib = wcstoul(argv[2], NULL, 10);
	if (ioc_connect() != STATUS_SUCCESS) {
		printf("FAIL cannot connect to iohost\n");
		return 2;
	}
	test_space(limit_mib);
	test_case_preserved();
	test_big_folder();
	test_rename_open_folder();
	test_threads();
	ioc_disconnect();
	return ck_summary("test_memfs");
}
