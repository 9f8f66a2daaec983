// SPDX-License-Identifier: LGPL-3.0-or-later
/* cf_main.c - the differential conformance runner.
 *
 *   conformance --native <A> --mirror <B> --volume M: [--case NAME]... [--group NAME]...
 *               [--through iohost|win32] [--verbose] [--strict]
 *   conformance --list
 *
 * <A> and <B> are Windows paths of two folders; <B> is mounted as the volume by mirror.exe.
 * For every case the runner creates the same fixture in <A>\<case> and <B>\<case>
 * directly (Win32 on Wine's FS), runs the case body on <A>\<case> through ntdll and on
 * M:\<case> through iohost (or, with --through win32, through the same ntdll calls as
 * the native side: run in a process started by the Windows shim's launcher, they reach the
 * volume the way any Windows program's do), and compares the recordings, then the two case folders
 * themselves (cf_tree.c: a failed operation must not have changed anything). Cases in the
 * pending list run too, but a failure is reported as "SKIPPED <case>: <reason>" (--strict
 * counts them). */
#include "cf_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static const struct {
	const char *name;
	const CF_CASE *cases;
	const size_t *count;
} groups[] = {
	{ "create", cf_cases_create, &cf_cases_create_count },
	{ "rw", cf_cases_rw, &cf_cases_rw_count },
	{ "info", cf_cases_info, &cf_cases_info_count },
	{ "dir", cf_cases_dir, &cf_cases_dir_count },
	{ "set", cf_cases_set, &cf_cases_set_count },
	{ "misc", cf_cases_misc, &cf_cases_misc_count },
	{ "share", cf_cases_share, &cf_cases_share_count },
	{ "safety", cf_cases_safety, &cf_cases_safety_count },
};

#define GROUP_COUNT (sizeof(groups) / sizeof(groups[0]))

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
		"                   [--case NAME]... [--group NAME]... [--through iohost|win32]\n"
		"                   [--verbose] [--strict]\n"
		"       conformance --list\n");
	exit(2);
}

typedef struct OPTIONS {
	const WCHAR *native_root, *mirror_root, *volume;
	const WCHAR *only[64];
	int n_only;
	unsigned groups;           /* one bit per groups[] entry; 0: every group */
	BOOL verbose, strict, list, win32;
} OPTIONS;

typedef struct TALLY {
	int passed, failed, skipped;
	ULONG xd_cases[CF_XD_COUNT];
} TALLY;

static unsigned group_bit(const WCHAR *name)
{
	size_t g;

	for (g = 0; g < GROUP_COUNT; g++) {
		WCHAR wide[16];
		_snwprintf(wide, 16, L"%hs", groups[g].name);
		wide[15] = 0;
		if (!wcscmp(wide, name))
			return 1u << g;
	}
	fprintf(stderr, "no group named %ls\n", name);
	exit(2);
}

static BOOL same_name(const CF_CASE *c, const WCHAR *name)
{
	WCHAR wide[96];

	_snwprintf(wide, 96, L"%hs", c->name);
	wide[95] = 0;
	return !wcscmp(wide, name);
}

static void parse_options(int argc, WCHAR **argv, OPTIONS *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 1; i < argc; i++) {
		BOOL value = i + 1 < argc;
		if (!wcscmp(argv[i], L"--native") && value)
			o->native_root = argv[++i];
		else if (!wcscmp(argv[i], L"--mirror") && value)
			o->mirror_root = argv[++i];
		else if (!wcscmp(argv[i], L"--volume") && value)
			o->volume = argv[++i];
		else if (!wcscmp(argv[i], L"--case") && value && o->n_only < 64)
			o->only[o->n_only++] = argv[++i];
		else if (!wcscmp(argv[i], L"--group") && value)
			o->groups |= group_bit(argv[++i]);
		else if (!wcscmp(argv[i], L"--through") && value &&
			 (!wcscmp(argv[i + 1], L"iohost") || !wcscmp(argv[i + 1], L"win32")))
			o->win32 = !wcscmp(argv[++i], L"win32");
		else if (!wcscmp(argv[i], L"--verbose"))
			o->verbose = TRUE;
		else if (!wcscmp(argv[i], L"--strict"))
			o->strict = TRUE;
		else if (!wcscmp(argv[i], L"--list"))
			o->list = TRUE;
		else
			usage();
	}
}

static BOOL case_selected(const OPTIONS *o, size_t group, const CF_CASE *c)
{
	int x;

	if (o->groups && !(o->groups & (1u << group)))
		return FALSE;
	for (x = 0; x < o->n_only; x++)
		if (same_name(c, o->only[x]))
			return TRUE;
	return o->n_only == 0;
}

/* Names must be distinct, and every --case must name one. */
static int check_names(const OPTIONS *o, size_t *total)
{
	int i;

	*total = 0;
	FOR_EACH_CASE(c) {
		(*total)++;
		FOR_EACH_CASE(d)
			if (d < c && !strcmp(c->name, d->name)) {
				fprintf(stderr, "duplicate case name %s\n", c->name);
				return 2;
			}
	}
	for (i = 0; i < o->n_only; i++) {
		BOOL found = FALSE;
		FOR_EACH_CASE(c)
			found |= same_name(c, o->only[i]);
		if (!found) {
			fprintf(stderr, "no case named %ls (see --list)\n", o->only[i]);
			return 2;
		}
	}
	return 0;
}

static void list_cases(size_t total)
{
	FOR_EACH_CASE(c) {
		const char *reason = pending_reason(c->name);
		if (reason)
			printf("%s  (pending: %s)  [%s]\n", c->name, reason, groups[g_].name);
		else
			printf("%s  [%s]\n", c->name, groups[g_].name);
	}
	printf("%lu cases\n", (unsigned long)total);
}

static void run_case(const OPTIONS *o, CF_BACKEND *native, CF_BACKEND *dokan, const CF_CASE *c,
	TALLY *tally)
{
	WCHAR native_folder[MAX_PATH], dokan_folder[MAX_PATH], prefix[MAX_PATH];
	WCHAR mirror_folder[MAX_PATH];
	const char *reason = o->strict ? NULL : pending_reason(c->name);
	CF a, d;
	ULONGLONG xd_used;
	int mismatches, x;

	if (!make_fixture(o->native_root, c->name, c->fixture) ||
	    !make_fixture(o->mirror_root, c->name, c->fixture)) {
		printf("FAIL %s: could not create the fixture (error %lu; stale folder from an "
			"earlier run?)\n", c->name, GetLastError());
		tally->failed++;
		return;
	}
	_snwprintf(native_folder, MAX_PATH, L"%ls\\%hs", o->native_root, c->name);
	/* FileNameInformation on Wine's FS: the path below the drive root */
	_snwprintf(prefix, MAX_PATH, L"%ls", native_folder + (native_folder[1] == L':' ? 2 : 0));
	run_body(&a, native, c, native_folder, prefix, o->verbose);
	_snwprintf(dokan_folder, MAX_PATH, L"%ls\\%hs", o->volume, c->name);
	_snwprintf(prefix, MAX_PATH, L"\\%hs", c->name);
	run_body(&d, dokan, c, dokan_folder, prefix, o->verbose);

	mismatches = cf_compare(&a, &d, reason ? NULL : "FAIL", c->name, &xd_used);
	/* side effects, always compared; printed only when the recordings matched, so
	 * the FAIL line names the first difference the case saw */
	_snwprintf(mirror_folder, MAX_PATH, L"%ls\\%hs", o->mirror_root, c->name);
	mismatches += cf_compare_trees(native_folder, mirror_folder, c->name,
		effects_of(xd_used), !reason && !mismatches, o->verbose);
	if (o->verbose && mismatches)
		cf_print_all_mismatches(&a, &d);
	if (!mismatches) {
		tally->passed++;
		for (x = 0; x < CF_XD_COUNT; x++)
			if (xd_used & (1ull << x))
				tally->xd_cases[x]++;
		if (reason)
			printf("note: pending case %s passes now (remove it from cf_pending.c)\n",
				c->name);
	} else if (reason) {
		tally->skipped++;
		printf("SKIPPED %s: %s\n", c->name, reason);
		cf_compare(&a, &d, "      now:", c->name, &xd_used);
	} else {
		tally->failed++;
	}
	cf_free_records(&a);
	cf_free_records(&d);
}

static void print_tally(const TALLY *tally)
{
	int i;

	for (i = 1; i < CF_XD_COUNT; i++)
		if (tally->xd_cases[i])
			printf("expected difference %s applied in %lu passing cases\n", cf_xd_info[i].name,
				(unsigned long)tally->xd_cases[i]);
	if (tally->skipped)
		printf("%d passed, %d failed, %d skipped\n", tally->passed, tally->failed,
			tally->skipped);
	else
		printf("%d passed, %d failed\n", tally->passed, tally->failed);
}

int wmain(int argc, WCHAR **argv)
{
	CF_BACKEND *native, *dokan;
	TALLY tally = { 0 };
	OPTIONS o;
	size_t total = 0;
	int rc;

	setvbuf(stdout, NULL, _IONBF, 0);
	parse_options(argc, argv, &o);
	rc = check_names(&o, &total);
	if (rc)
		return rc;
	if (o.list) {
		list_cases(total);
		return 0;
	}
	if (!o.native_root || !o.mirror_root || !o.volume)
		usage();
	native = cf_native_backend(o.native_root);
	/* win32: the volume through plain ntdll calls, as the shimmed process makes them */
	dokan = o.win32 ? cf_native_backend(o.volume) : cf_dokan_backend(o.volume);
	if (!native || !dokan) {
		printf("FAIL setup: %s backend unavailable (iohost connect or ntdll)\n",
			native ? "dokan" : "native");
		printf("0 passed, 1 failed\n");
		return 1;
	}
	if (o.win32)
		dokan->name = "win32";
	printf("conformance: %lu cases; native %ls, %s %ls (mirror of %ls)\n",
		(unsigned long)total, o.native_root, dokan->name, o.volume, o.mirror_root);
	FOR_EACH_CASE(c)
		if (case_selected(&o, g_, c))
			run_case(&o, native, dokan, c, &tally);
	print_tally(&tally);
	ioc_disconnect();
	return tally.failed ? 1 : 0;
}
