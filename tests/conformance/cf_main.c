// SPDX-License-Identifier: LGPL-3.0-or-later
/* cf_main.c - the differential conformance runner.
 *
 *   conformance --native <A> --mirror <B> --volume M: [--case NAME]... [--verbose]
 *               [--strict]
 *   conformance --list
 *
 * <A> and <B> are Windows paths of two folders; <B> is mounted as the volume by mirror.exe.
 * For every case the runner creates the same fixture in <A>\<case> and <B>\<case>
 * directly (Win32 on Wine's FS), runs the case body on <A>\<case> through ntdll and on
 * M:\<case> through iohost, and compares the recordings, then the two case folders
 * themselves (cf_tree.c: a failed operation must not have changed anything). Cases in the
 * pending list run too, but a failure is reported as "SKIPPED <case>: <reason>" (--strict
 * counts them). */
#include "cf_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static const struct {
	const CF_CASE *cases;
	const size_t *count;
} groups[] = {
	{ cf_cases_create, &cf_cases_create_count },
	{ cf_cases_rw, &cf_cases_rw_count },
	{ cf_cases_info, &cf_cases_info_count },
	{ cf_cases_dir, &cf_cases_dir_count },
	{ cf_cases_set, &cf_cases_set_count },
	{ cf_cases_misc, &cf_cases_misc_count },
	{ cf_cases_share, &cf_cases_share_count },
	{ cf_cases_safety, &cf_cases_safety_count },
};

#define FOR_EACH_CASE(c) \
	for (size_t g_ = 0; g_ < sizeof(groups) / sizeof(groups[0]); g_++) \
		for (const CF_CASE *c = groups[g_].cases; c < groups[g_].cases + *groups[g_].count; c++)

/* ---- fixture ---- */

static BOOL put_file(const WCHAR *folder, const WCHAR *name, const void *data, DWORD size)
{
	WCHAR path[MAX_PATH];
	HANDLE h;
	DWORD done = 0;
	BOOL ok;

	_snwprintf(path, MAX_PATH, L"%ls\\%ls", folder, name);
	path[MAX_PATH - 1] = 0;
	h = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
	if (h == INVALID_HANDLE_VALUE)
		return FALSE;
	ok = !size || (WriteFile(h, data, size, &done, NULL) && done == size);
	CloseHandle(h);
	return ok;
}

static BOOL make_dir(const WCHAR *folder, const WCHAR *name)
{
	WCHAR path[MAX_PATH];

	_snwprintf(path, MAX_PATH, L"%ls\\%ls", folder, name);
	path[MAX_PATH - 1] = 0;
	return CreateDirectoryW(path, NULL) || GetLastError() == ERROR_ALREADY_EXISTS;
}

static void fix_times(const WCHAR *folder, const WCHAR *name)
{
	WCHAR path[MAX_PATH];
	FILETIME ft;
	HANDLE h;

	if (name[0])
		_snwprintf(path, MAX_PATH, L"%ls\\%ls", folder, name);
	else
		_snwprintf(path, MAX_PATH, L"%ls", folder);
	path[MAX_PATH - 1] = 0;
	ft.dwLowDateTime = (DWORD)(CF_FIXED_TIME & 0xFFFFFFFF);
	ft.dwHighDateTime = (DWORD)((ULONGLONG)CF_FIXED_TIME >> 32);
	h = CreateFileW(path, FILE_WRITE_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE |
		FILE_SHARE_DELETE, NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
	if (h == INVALID_HANDLE_VALUE)
		return;
	SetFileTime(h, &ft, &ft, &ft);
	CloseHandle(h);
}

static const WCHAR *fixture_files[] = {
	L"empty.bin", L"ro.txt", L"Mixed Case.TXT", L"a.c", L"ab.c", L"abc.h", L"noext",
	L"two.dots.txt", L"a long file name with spaces.text", L"dir\\inner.txt",
	L"dir\\sub\\deep.txt",
};

static BOOL make_fixture(const WCHAR *root, const char *case_name, unsigned fixture)
{
	WCHAR folder[MAX_PATH], name[64];
	BYTE *big;
	ULONG i;
	BOOL ok = TRUE;

	_snwprintf(folder, MAX_PATH, L"%ls\\%hs", root, case_name);
	folder[MAX_PATH - 1] = 0;
	if (!CreateDirectoryW(folder, NULL))
		return FALSE;
	ok &= make_dir(folder, L"dir") && make_dir(folder, L"dir\\sub") && make_dir(folder, L"emptydir");
	ok &= put_file(folder, L"file.txt", CF_FOX, CF_FOX_SIZE);
	for (i = 0; i < sizeof(fixture_files) / sizeof(fixture_files[0]); i++) {
		char content[80];
		int length = _snprintf(content, sizeof(content), "%ls\n", fixture_files[i]);
		ok &= put_file(folder, fixture_files[i], content, !wcscmp(fixture_files[i], L"empty.bin") ?
			0 : (DWORD)length);
	}
	if (fixture & CF_FIX_BIG) {
		big = malloc(CF_BIG_SIZE);
		if (!big)
			return FALSE;
		cf_fill(big, CF_BIG_SIZE, 7);
		ok &= put_file(folder, L"big.bin", big, CF_BIG_SIZE);
		fix_times(folder, L"big.bin");
		free(big);
	}
	if (fixture & CF_FIX_MANY) {
		ok &= make_dir(folder, L"many");
		for (i = 0; i < CF_MANY_COUNT; i++) {
			char content[16];
			int length = _snprintf(content, sizeof(content), "%lu\n", (unsigned long)i);
			_snwprintf(name, 64, L"many\\f%03lu.txt", (unsigned long)i);
			ok &= put_file(folder, name, content, (DWORD)length);
			fix_times(folder, name);
		}
		fix_times(folder, L"many");
	}
	fix_times(folder, L"file.txt");
	for (i = 0; i < sizeof(fixture_files) / sizeof(fixture_files[0]); i++)
		fix_times(folder, fixture_files[i]);
	fix_times(folder, L"dir\\sub");
	fix_times(folder, L"dir");
	fix_times(folder, L"emptydir");
	fix_times(folder, L"");
	{
		WCHAR ro[MAX_PATH];
		_snwprintf(ro, MAX_PATH, L"%ls\\ro.txt", folder);
		ro[MAX_PATH - 1] = 0;
		ok &= SetFileAttributesW(ro, FILE_ATTRIBUTE_READONLY);
	}
	return ok;
}

/* ---- running ---- */

static const char *pending_reason(const char *name)
{
	size_t i;

	for (i = 0; i < cf_pending_count; i++)
		if (!strcmp(cf_pending[i].name, name))
			return cf_pending[i].reason;
	return NULL;
}

static void run_body(CF *t, CF_BACKEND *b, const CF_CASE *c, const WCHAR *folder,
	const WCHAR *prefix, BOOL verbose)
{
	memset(t, 0, sizeof(*t));
	t->b = b;
	t->case_name = c->name;
	t->verbose = verbose;
	_snwprintf(b->folder, MAX_PATH, L"%ls", folder);
	_snwprintf(b->name_prefix, MAX_PATH, L"%ls", prefix);
	if (verbose)
		printf("  --- %s on %s (%ls)\n", c->name, b->name, folder);
	c->body(t);
	b->close_all(b);
}

/* The side effects the expected differences that applied in a case explain. */
static ULONG effects_of(ULONGLONG xd_used)
{
	ULONG effects = 0;
	int x;

	for (x = 0; x < CF_XD_COUNT; x++)
		if (xd_used & (1ull << x))
			effects |= cf_xd_info[x].effects;
	return effects;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: conformance --native <folder A> --mirror <folder B> --volume <L:>\n"
		"                   [--case NAME]... [--verbose] [--strict]\n"
		"       conformance --list\n");
	exit(2);
}

int wmain(int argc, WCHAR **argv)
{
	const WCHAR *native_root = NULL, *mirror_root = NULL, *volume = NULL;
	const WCHAR *only[64];
	int n_only = 0, i, passed = 0, failed = 0, skipped = 0;
	BOOL verbose = FALSE, strict = FALSE, list = FALSE;
	ULONG xd_cases[CF_XD_COUNT] = { 0 };
	CF_BACKEND *native, *dokan;
	size_t total = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	for (i = 1; i < argc; i++) {
		if (!wcscmp(argv[i], L"--native") && i + 1 < argc)
			native_root = argv[++i];
		else if (!wcscmp(argv[i], L"--mirror") && i + 1 < argc)
			mirror_root = argv[++i];
		else if (!wcscmp(argv[i], L"--volume") && i + 1 < argc)
			volume = argv[++i];
		else if (!wcscmp(argv[i], L"--case") && i + 1 < argc && n_only < 64)
			only[n_only++] = argv[++i];
		else if (!wcscmp(argv[i], L"--verbose"))
			verbose = TRUE;
		else if (!wcscmp(argv[i], L"--strict"))
			strict = TRUE;
		else if (!wcscmp(argv[i], L"--list"))
			list = TRUE;
		else
			usage();
	}
	/* names must be distinct */
	FOR_EACH_CASE(c) {
		total++;
		FOR_EACH_CASE(d)
			if (d < c && !strcmp(c->name, d->name)) {
				fprintf(stderr, "duplicate case name %s\n", c->name);
				return 2;
			}
	}
	if (list) {
		FOR_EACH_CASE(c) {
			const char *reason = pending_reason(c->name);
			if (reason)
				printf("%s  (pending: %s)\n", c->name, reason);
			else
				printf("%s\n", c->name);
		}
		printf("%lu cases\n", (unsigned long)total);
		return 0;
	}
	if (!native_root || !mirror_root || !volume)
		usage();
	for (i = 0; i < n_only; i++) {
		BOOL found = FALSE;
		FOR_EACH_CASE(c) {
			WCHAR wide[96];
			_snwprintf(wide, 96, L"%hs", c->name);
			wide[95] = 0;
			found |= !wcscmp(wide, only[i]);
		}
		if (!found) {
			fprintf(stderr, "no case named %ls (see --list)\n", only[i]);
			return 2;
		}
	}
	native = cf_native_backend(native_root);
	dokan = cf_dokan_backend(volume);
	if (!native || !dokan) {
		printf("FAIL setup: %s backend unavailable (iohost connect or ntdll)\n",
			native ? "dokan" : "native");
		printf("0 passed, 1 failed\n");
		return 1;
	}
	printf("conformance: %lu cases; native %ls, dokan %ls (mirror of %ls)\n",
		(unsigned long)total, native_root, volume, mirror_root);

	FOR_EACH_CASE(c) {
		WCHAR native_folder[MAX_PATH], dokan_folder[MAX_PATH], prefix[MAX_PATH];
		WCHAR mirror_folder[MAX_PATH];
		const char *reason = strict ? NULL : pending_reason(c->name);
		CF a, d;
		ULONGLONG xd_used;
		int mismatches, x;
		BOOL selected = n_only == 0;

		for (x = 0; x < n_only; x++) {
			WCHAR wide[96];
			_snwprintf(wide, 96, L"%hs", c->name);
			wide[95] = 0;
			selected |= !wcscmp(wide, only[x]);
		}
		if (!selected)
			continue;
		if (!make_fixture(native_root, c->name, c->fixture) ||
		    !make_fixture(mirror_root, c->name, c->fixture)) {
			printf("FAIL %s: could not create the fixture (error %lu; stale folder from an "
				"earlier run?)\n", c->name, GetLastError());
			failed++;
			continue;
		}
		_snwprintf(native_folder, MAX_PATH, L"%ls\\%hs", native_root, c->name);
		/* FileNameInformation on Wine's FS: the path below the drive root */
		_snwprintf(prefix, MAX_PATH, L"%ls", native_folder + (native_folder[1] == L':' ? 2 : 0));
		run_body(&a, native, c, native_folder, prefix, verbose);
		_snwprintf(dokan_folder, MAX_PATH, L"%ls\\%hs", volume, c->name);
		_snwprintf(prefix, MAX_PATH, L"\\%hs", c->name);
		run_body(&d, dokan, c, dokan_folder, prefix, verbose);

		mismatches = cf_compare(&a, &d, reason ? NULL : "FAIL", c->name, &xd_used);
		/* side effects, always compared; printed only when the recordings matched, so
		 * the FAIL line names the first difference the case saw */
		_snwprintf(mirror_folder, MAX_PATH, L"%ls\\%hs", mirror_root, c->name);
		mismatches += cf_compare_trees(native_folder, mirror_folder, c->name,
			effects_of(xd_used), !reason && !mismatches, verbose);
		if (verbose && mismatches)
			cf_print_all_mismatches(&a, &d);
		if (!mismatches) {
			passed++;
			for (x = 0; x < CF_XD_COUNT; x++)
				if (xd_used & (1ull << x))
					xd_cases[x]++;
			if (reason)
				printf("note: pending case %s passes now (remove it from cf_pending.c)\n",
					c->name);
			else if (verbose)
				printf("ok %s\n", c->name);
		} else if (reason) {
			skipped++;
			printf("SKIPPED %s: %s\n", c->name, reason);
			cf_compare(&a, &d, "      now:", c->name, &xd_used);
		} else {
			failed++;
		}
		cf_free_records(&a);
		cf_free_records(&d);
	}
	for (i = 1; i < CF_XD_COUNT; i++)
		if (xd_cases[i])
			printf("expected difference %s applied in %lu passing cases\n", cf_xd_info[i].name,
				(unsigned long)xd_cases[i]);
	ioc_disconnect();
	if (skipped)
		printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
	else
		printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
