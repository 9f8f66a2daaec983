// SPDX-License-Identifier: LGPL-3.0-or-later
/* cf_main.c - the differential conformance runner.
 *
 *   conformance --native <A> (--mirror <B> | --fs memfs) --volume M: [--case NAME]...
 *               [--group NAME]... [--through iohost|win32] [--verbose] [--strict]
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
 * counts them).
 * --fs memfs: the volume is a memfs.exe with no backing folder. Its fixtures are made
 * through the volume (cf_fixture.c) and its case folders read back through it; the cases
 * learn what memfs is (cf_fs): a file system that applies NTFS's rules itself, so where
 * Wine's file system is not NTFS it must show NTFS's answer (cf_status_wine and friends). */
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
	{ "lock", cf_cases_lock, &cf_cases_lock_count },
	{ "flush", cf_cases_flush, &cf_cases_flush_count },
	{ "security", cf_cases_security, &cf_cases_security_count },
	{ "volume", cf_cases_volume, &cf_cases_volume_count },
	{ "notify", cf_cases_notify, &cf_cases_notify_count },
	{ "fscontrol", cf_cases_fscontrol, &cf_cases_fscontrol_count },
	{ "share", cf_cases_share, &cf_cases_share_count },
	{ "safety", cf_cases_safety, &cf_cases_safety_count },
};

#define GROUP_COUNT (sizeof(groups) / sizeof(groups[0]))

#define FOR_EACH_CASE(c) \
	for (size_t g_ = 0; g_ < sizeof(groups) / sizeof(groups[0]); g_++) \
		for (const CF_CASE *c = groups[g_].cases; c < groups[g_].cases + *groups[g_].count; c++)

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
		"       conformance --native <folder A> --fs memfs --volume <L:>\n"
		"                   [--case NAME]... [--group NAME]... [--through iohost|win32]\n"
		"                   [--verbose] [--strict]\n"
		"       conformance --list\n");
	exit(2);
}

/* ---- the file systems the runner knows ---- */

static const CF_FS mirror_fs = {
	.name = "mirror",
	.own_rules = FALSE,
	.identity_xd = CF_XD_VOLUME_IDENTITY,
	.size_xd = CF_XD_VOLUME_SIZE,
	.serial = 0x19831116,
	.attributes = FILE_CASE_SENSITIVE_SEARCH | FILE_CASE_PRESERVED_NAMES |
		FILE_SUPPORTS_REMOTE_STORAGE | FILE_UNICODE_ON_DISK | FILE_PERSISTENT_ACLS,
	.max_component = 256,
	.label = L"DOKAN",
	.fs_name = L"Dokan",
	.total_units = 2097152,    /* 0.6.0's default 1 GiB */
	.free_units = 1048576,     /* and 512 MiB free */
};

/* run.sh mounts it with /z 1024 (MiB); README documents the descriptor. */
static const CF_FS memfs_fs = {
	.name = "memfs",
	.own_rules = TRUE,
	.identity_xd = CF_XD_MEMFS_VOLUME_IDENTITY,
	.size_xd = CF_XD_MEMFS_VOLUME_SIZE,
	.serial = 0x4D454D46,
	.attributes = FILE_CASE_PRESERVED_NAMES | FILE_UNICODE_ON_DISK | FILE_PERSISTENT_ACLS,
	.max_component = 255,
	.label = L"MEMFS",
	.fs_name = L"MEMFS",
	.total_units = 1024ull * 1024 * 1024 / 512,
	.free_varies = TRUE,
	.default_sddl = L"O:%lsG:%lsD:(A;;FA;;;SY)(A;;FA;;;BA)(A;;FA;;;%ls)(A;;FRFX;;;WD)",
};

typedef struct OPTIONS {
	const WCHAR *native_root, *mirror_root, *volume;
	BOOL memfs;                /* --fs memfs: no backing folder, everything through the volume */
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
		else if (!wcscmp(argv[i], L"--fs") && value &&
			 (!wcscmp(argv[i + 1], L"mirror") || !wcscmp(argv[i + 1], L"memfs")))
			o->memfs = !wcscmp(argv[++i], L"memfs");
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

/* Where the fixture is made and the side effects are read: the mirror's backing folder,
 * or (memfs) the volume itself. */
static CF_FIXTURE_TARGET volume_side(const OPTIONS *o, CF_BACKEND *dokan, const WCHAR *root)
{
	CF_FIXTURE_TARGET side = { root, NULL, "mirror's folder" };

	if (o->memfs) {
		side.root = NULL;
		side.volume = dokan;
		side.label = "volume (read back)";
	}
	return side;
}

static BOOL make_fixtures(const OPTIONS *o, CF_BACKEND *dokan, const CF_CASE *c)
{
	CF_FIXTURE_TARGET native = { o->native_root, NULL, "native folder" };
	CF_FIXTURE_TARGET other = volume_side(o, dokan, o->mirror_root);

	_snwprintf(dokan->folder, MAX_PATH, L"%ls", o->volume); /* case paths are below it */
	return cf_make_fixture(&native, c->name, c->fixture) &&
		cf_make_fixture(&other, c->name, c->fixture);
}

static void run_case(const OPTIONS *o, CF_BACKEND *native, CF_BACKEND *dokan, const CF_CASE *c,
	TALLY *tally)
{
	WCHAR native_folder[MAX_PATH], dokan_folder[MAX_PATH], prefix[MAX_PATH];
	WCHAR mirror_folder[MAX_PATH] = L"";
	const char *reason = o->strict ? NULL : pending_reason(c->name);
	CF_FIXTURE_TARGET native_side = { native_folder, NULL, "native folder" }, other_side;
	CF a, d;
	ULONGLONG xd_used;
	int mismatches, x;

	if (!make_fixtures(o, dokan, c)) {
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
	if (o->mirror_root)
		_snwprintf(mirror_folder, MAX_PATH, L"%ls\\%hs", o->mirror_root, c->name);
	other_side = volume_side(o, dokan, mirror_folder); /* memfs: dokan's folder is the case's */
	mismatches += cf_compare_trees(&native_side, &other_side, c->name,
		effects_of(xd_used), !reason && !mismatches, o->verbose, &xd_used);
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
	if (!o.native_root || !o.volume || (!o.mirror_root && !o.memfs))
		usage();
	cf_fs = o.memfs ? &memfs_fs : &mirror_fs;
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
	if (o.memfs)
		printf("conformance: %lu cases; native %ls, %s %ls (memfs: fixtures and side effects "
			"through the volume)\n", (unsigned long)total, o.native_root, dokan->name, o.volume);
	else
		printf("conformance: %lu cases; native %ls, %s %ls (mirror of %ls)\n",
			(unsigned long)total, o.native_root, dokan->name, o.volume, o.mirror_root);
	FOR_EACH_CASE(c)
		if (case_selected(&o, g_, c))
			run_case(&o, native, dokan, c, &tally);
	print_tally(&tally);
	ioc_disconnect();
	return tally.failed ? 1 : 0;
}
