// SPDX-License-Identifier: LGPL-3.0-or-later
/* cases_dir.c - IRP_MN_QUERY_DIRECTORY: every listing class, patterns with every wildcard,
 * restart / single entry / index, small buffers, end of listing, "." and "..". */
#include "cf.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define BIG 65536

static ULONG g_returned;

static cf_file open_dir(CF *t, const WCHAR *path)
{
	cf_file f = 0;

	g_returned = 0;
	cf_open(t, "open dir", path, FILE_LIST_DIRECTORY | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN,
		CF_SYNC | FILE_DIRECTORY_FILE, &f);
	return f;
}

/* g_returned: entries the current handle already returned. Dokan numbers entries
 * (FileIndex) by their position in the listing, which the entry_file_index difference
 * checks. One directory handle per case is queried through query(). */
/* One query; records status, and the entries (order-insensitive) when it succeeded. */
static NTSTATUS query(CF *t, const char *tag, cf_file d, ULONG c, const WCHAR *pattern,
	UCHAR flags, ULONG index, ULONG length)
{
	BYTE *buffer = calloc(1, length + 8);
	ULONG got = 0, first;
	NTSTATUS status;

	if (!buffer)
		return STATUS_NO_MEMORY;
	first = (flags & CF_INDEX_SPECIFIED) ? index + 1 : (flags & CF_RESTART_SCAN) ? 1 :
		g_returned + 1;
	status = t->b->query_dir(t->b, d, c, pattern, flags, index, buffer, length, &got);
	cf_status(t, status, "%s: query", tag);
	if (status == STATUS_SUCCESS)
		g_returned = first - 1 + cf_record_entries(t, tag, c, buffer, got, first);
	else
		cf_u64(t, got, "%s: bytes", tag);
	free(buffer);
	return status;
}

/* ---- name matching, case-insensitive, as FsRtlIsNameInExpression (docs/differences.md D7) */

static BOOL name_matches(const WCHAR *e, const WCHAR *n)
{
	const WCHAR *p, *last;

	for (;;) {
		switch (*e) {
		case 0:
			return *n == 0;
		case L'*':
			e++;
			for (p = n;; p++) {
				if (name_matches(e, p))
					return TRUE;
				if (!*p)
					return FALSE;
			}
		case L'<': /* any run that does not pass the name's last dot */
			e++;
			last = wcsrchr(n, L'.');
			for (p = n;; p++) {
				if (name_matches(e, p))
					return TRUE;
				if (!*p || (last && p >= last))
					return FALSE;
			}
		case L'>': /* one character; nothing at a dot or at the end */
			if (*n == 0 || *n == L'.') {
				while (*e == L'>')
					e++;
				continue;
			}
			e++;
			n++;
			continue;
		case L'"': /* a dot, or nothing at the end */
			e++;
			if (*n == L'.')
				n++;
			else if (*n != 0)
				return FALSE;
			continue;
		case L'?':
			if (!*n)
				return FALSE;
			e++;
			n++;
			continue;
		default:
			if (!*n || towupper(*e) != towupper(*n))
				return FALSE;
			e++;
			n++;
			continue;
		}
	}
}

static int compare_names(const void *a, const void *b)
{
	return wcscmp((const WCHAR *)a, (const WCHAR *)b);
}

typedef struct NAMES {
	WCHAR name[400][64];
	ULONG count;
	WCHAR joined[8192];
} NAMES;

static void join(NAMES *n)
{
	ULONG i;

	qsort(n->name, n->count, sizeof(n->name[0]), compare_names);
	n->joined[0] = 0;
	for (i = 0; i < n->count; i++) {
		if (wcslen(n->joined) + wcslen(n->name[i]) + 2 >= 8192)
			break;
		wcscat(n->joined, n->name[i]);
		wcscat(n->joined, L"|");
	}
}

/* All names a listing on d gives, from a first query with flags and pattern on. */
static NTSTATUS collect(CF *t, cf_file d, const WCHAR *pattern, UCHAR flags, NAMES *out)
{
	BYTE *buffer = malloc(BIG);
	ULONG got, at, rounds = 0;
	NTSTATUS status = STATUS_NO_MEMORY;

	out->count = 0;
	while (buffer) {
		status = t->b->query_dir(t->b, d, FileDirectoryInformation, pattern, flags, 0, buffer, BIG,
			&got);
		pattern = NULL;
		flags = 0;
		if (status != STATUS_SUCCESS || ++rounds > 100)
			break;
		for (at = 0; at < got && out->count < 400;) {
			FILE_DIRECTORY_INFORMATION *e = (FILE_DIRECTORY_INFORMATION *)(buffer + at);
			memset(out->name[out->count], 0, sizeof(out->name[0]));
			memcpy(out->name[out->count], e->FileName,
				e->FileNameLength < 126 ? e->FileNameLength : 126);
			out->count++;
			if (!e->NextEntryOffset)
				break;
			at += e->NextEntryOffset;
		}
	}
	free(buffer);
	join(out);
	return status;
}

/* What a pattern must give: the folder's full listing (fresh handle) filtered by the rules. */
static void expected_names(CF *t, const WCHAR *path, const WCHAR *pattern, NAMES *out)
{
	NAMES *all = calloc(1, sizeof(NAMES));
	cf_file d = cf_open_quiet(t, path, FILE_LIST_DIRECTORY, FILE_OPEN, FILE_DIRECTORY_FILE);
	ULONG i;

	out->count = 0;
	if (all) {
		collect(t, d, NULL, CF_RESTART_SCAN, all);
		for (i = 0; i < all->count; i++)
			if (!pattern || name_matches(pattern, all->name[i]))
				memcpy(out->name[out->count++], all->name[i], sizeof(all->name[i]));
	}
	join(out);
	t->b->close(t->b, d);
	free(all);
}

/* Records a listing's outcome where Wine's own matching may differ (xd): the Dokan side
 * must give exactly the names the matching rules select. */
static void record_names_xd(CF *t, const char *tag, NTSTATUS status, const NAMES *got,
	const NAMES *expected, CF_XD xd)
{
	cf_status_xd(t, status, xd, CF_WHEN_ANY,
		expected->count ? STATUS_NO_MORE_FILES : STATUS_NO_SUCH_FILE,
		"%s: listing end", tag);
	cf_u64_xd(t, got->count, xd, expected->count, "%s: entry count", tag);
	cf_text_xd(t, got->joined, (ULONG)wcslen(got->joined), xd, expected->joined, "%s: names", tag);
}

/* Names of one listing in the order the file system gives them (one entry per query). */
static ULONG names_in_order(CF *t, cf_file d, const WCHAR *pattern, WCHAR names[][64], ULONG max)
{
	BYTE buffer[1024];
	ULONG n = 0, got;
	UCHAR flags = CF_RESTART_SCAN | CF_SINGLE_ENTRY;

	while (n < max) {
		FILE_DIRECTORY_INFORMATION *e = (FILE_DIRECTORY_INFORMATION *)buffer;
		if (t->b->query_dir(t->b, d, FileDirectoryInformation, flags & CF_RESTART_SCAN ? pattern :
				NULL, flags, 0, buffer, sizeof(buffer), &got) != STATUS_SUCCESS)
			break;
		flags = CF_SINGLE_ENTRY;
		memset(names[n], 0, sizeof(names[n]));
		memcpy(names[n], e->FileName, e->FileNameLength < 126 ? e->FileNameLength : 126);
		n++;
	}
	return n;
}

/* ---- classes ---- */

static void class_directory(CF *t) { cf_list(t, "folder", L"", FileDirectoryInformation, NULL); }
static void class_full(CF *t) { cf_list(t, "folder", L"", FileFullDirectoryInformation, NULL); }
static void class_both(CF *t) { cf_list(t, "folder", L"", FileBothDirectoryInformation, NULL); }
static void class_id_both(CF *t) { cf_list(t, "folder", L"", FileIdBothDirectoryInformation, NULL); }
static void class_id_full(CF *t) { cf_list(t, "folder", L"", FileIdFullDirectoryInformation, NULL); }
static void class_subdir(CF *t) { cf_list(t, "dir", L"dir", FileBothDirectoryInformation, NULL); }
static void class_empty_dir(CF *t) { cf_list(t, "emptydir", L"emptydir", FileBothDirectoryInformation, NULL); }

static void class_names(CF *t) { cf_list(t, "folder", L"", FileNamesInformation, NULL); }

static void class_invalid(CF *t)
{
	query(t, "FileBasicInformation as a listing", open_dir(t, L""), FileBasicInformation, NULL,
		CF_RESTART_SCAN, 0, 4096);
}

static void class_zero(CF *t)
{
	query(t, "class 0", open_dir(t, L""), 0, NULL, CF_RESTART_SCAN, 0, 4096);
}

/* ---- patterns ---- */

static void pattern(CF *t, const WCHAR *p)
{
	NAMES *expected = calloc(1, sizeof(NAMES)), *got = calloc(1, sizeof(NAMES));
	cf_file d = open_dir(t, L"");
	NTSTATUS status;

	if (!expected || !got)
		return;
	expected_names(t, L"", p, expected);
	status = collect(t, d, p, CF_RESTART_SCAN, got);
	record_names_xd(t, "pattern", status, got, expected, CF_XD_WINE_PATTERNS);
	free(expected);
	free(got);
}

static void pattern_star(CF *t) { pattern(t, L"*"); }
static void pattern_exact(CF *t) { pattern(t, L"file.txt"); }
static void pattern_exact_other_case(CF *t) { pattern(t, L"FILE.TXT"); }
static void pattern_question(CF *t) { pattern(t, L"a?.c"); }
static void pattern_questions(CF *t) { pattern(t, L"???.?"); }
static void pattern_extension(CF *t) { pattern(t, L"*.c"); }
static void pattern_star_dot_star(CF *t) { pattern(t, L"*.*"); }
static void pattern_prefix(CF *t) { pattern(t, L"a*"); }
static void pattern_infix(CF *t) { pattern(t, L"*o*"); }
static void pattern_dos_star(CF *t) { pattern(t, L"<.c"); }
static void pattern_dos_star_name(CF *t) { pattern(t, L"two<"); }
static void pattern_dos_qm(CF *t) { pattern(t, L"a>.c"); }
static void pattern_dos_qm_tail(CF *t) { pattern(t, L"noext>>"); }
static void pattern_dos_dot(CF *t) { pattern(t, L"noext\""); }
static void pattern_dos_dot_star(CF *t) { pattern(t, L"<\"*"); }
static void pattern_no_match(CF *t) { pattern(t, L"zzz*"); }
static void pattern_missing_exact(CF *t) { pattern(t, L"missing.txt"); }
static void pattern_dot(CF *t) { pattern(t, L"."); }
static void pattern_dotdot(CF *t) { pattern(t, L".."); }
static void pattern_mixed_case_star(CF *t) { pattern(t, L"MIX*"); }
static void pattern_spaces(CF *t) { pattern(t, L"* *"); }
static void pattern_trailing_dot(CF *t) { pattern(t, L"noext."); }

/* ---- flags ---- */

static void single_entry(CF *t)
{
	WCHAR names[64][64];
	cf_file d = open_dir(t, L"");
	ULONG n = names_in_order(t, d, NULL, names, 64), i;
	WCHAR joined[4096] = L"";

	/* sorted, so the order of the trees does not matter */
	qsort(names, n, sizeof(names[0]), compare_names);
	for (i = 0; i < n; i++) {
		wcscat(joined, names[i]);
		wcscat(joined, L"|");
	}
	cf_u64(t, n, "entries, one per query");
	cf_text(t, joined, (ULONG)wcslen(joined), "names");
	query(t, "after the last", d, FileDirectoryInformation, NULL, CF_SINGLE_ENTRY, 0, 1024);
}

static void single_entry_with_pattern(CF *t)
{
	cf_file d = open_dir(t, L"");

	query(t, "first *.c", d, FileBothDirectoryInformation, L"*.c",
		CF_RESTART_SCAN | CF_SINGLE_ENTRY, 0, 4096);
	query(t, "second", d, FileBothDirectoryInformation, NULL, CF_SINGLE_ENTRY, 0, 4096);
	query(t, "third", d, FileBothDirectoryInformation, NULL, CF_SINGLE_ENTRY, 0, 4096);
}

static void restart_scan(CF *t)
{
	WCHAR first[64][64], again[64][64];
	cf_file d = open_dir(t, L"");
	ULONG n = names_in_order(t, d, NULL, first, 3);
	ULONG m = names_in_order(t, d, NULL, again, 3), i;
	BOOL same = n == m;

	for (i = 0; same && i < n; i++)
		same = !wcscmp(first[i], again[i]);
	cf_u64(t, n, "first pass");
	cf_bool(t, same, "restart gives the same first entries");
	query(t, "full after restart", d, FileDirectoryInformation, NULL, CF_RESTART_SCAN, 0, BIG);
}

/* docs/differences.md D6 (NTFS): a restart with a new pattern replaces the handle's
 * pattern; a restart without one keeps it. */
static void restart_new_pattern(CF *t)
{
	NAMES *expected = calloc(1, sizeof(NAMES)), *got = calloc(1, sizeof(NAMES));
	cf_file d = open_dir(t, L"");
	NTSTATUS status;

	if (!expected || !got)
		return;
	status = collect(t, d, L"*.c", CF_RESTART_SCAN, got);
	cf_status(t, status, "first *.c: listing end");
	cf_text(t, got->joined, (ULONG)wcslen(got->joined), "first *.c: names");
	expected_names(t, L"", L"*.h", expected);
	status = collect(t, d, L"*.h", CF_RESTART_SCAN, got);
	record_names_xd(t, "restart with *.h", status, got, expected, CF_XD_WINE_RESTART_PATTERN);
	status = collect(t, d, NULL, CF_RESTART_SCAN, got);
	record_names_xd(t, "restart without pattern", status, got, expected,
		CF_XD_WINE_RESTART_PATTERN);
	free(expected);
	free(got);
}

static void second_pattern_ignored(CF *t)
{
	cf_file d = open_dir(t, L"");

	query(t, "first *.c", d, FileDirectoryInformation, L"*.c", CF_RESTART_SCAN | CF_SINGLE_ENTRY,
		0, BIG);
	query(t, "then *.h without restart", d, FileDirectoryInformation, L"*.h", 0, 0, BIG);
	query(t, "then nothing", d, FileDirectoryInformation, NULL, 0, 0, BIG);
}

static void first_query_without_restart(CF *t)
{
	query(t, "no flags", open_dir(t, L""), FileDirectoryInformation, L"a*", 0, 0, BIG);
}

/* SL_INDEX_SPECIFIED with FileIndex k: the entry after the first k of the listing (the
 * native backend emulates it; NtQueryDirectoryFile cannot send a FileIndex). */
static void index_specified(CF *t)
{
	WCHAR order[64][64];
	BYTE buffer[1024];
	cf_file d = open_dir(t, L"");
	ULONG n = names_in_order(t, d, NULL, order, 64), got = 0, k;
	NTSTATUS status;

	for (k = 2; k <= 4 && k < n; k += 2) {
		FILE_DIRECTORY_INFORMATION *e = (FILE_DIRECTORY_INFORMATION *)buffer;
		memset(buffer, 0, sizeof(buffer));
		status = t->b->query_dir(t->b, d, FileDirectoryInformation, NULL,
			CF_INDEX_SPECIFIED | CF_SINGLE_ENTRY, k, buffer, sizeof(buffer), &got);
		cf_status(t, status, "index %lu: query", (unsigned long)k);
		cf_bool(t, status == STATUS_SUCCESS && wcslen(order[k]) * 2 == e->FileNameLength &&
			!memcmp(order[k], e->FileName, e->FileNameLength),
			"index %lu: the entry after the first %lu", (unsigned long)k, (unsigned long)k);
	}
}

/* ---- buffers ---- */

static void buffer_too_small_for_entry(CF *t)
{
	/* the fixed part fits, the name does not */
	query(t, "first entry does not fit", open_dir(t, L""), FileBothDirectoryInformation,
		L"a long file name with spaces.text", CF_RESTART_SCAN,
		0, (ULONG)offsetof(FILE_BOTH_DIR_INFORMATION, FileName) + 8);
}

static void buffer_smaller_than_struct(CF *t)
{
	query(t, "buffer below the fixed part", open_dir(t, L""), FileBothDirectoryInformation, NULL,
		CF_RESTART_SCAN, 0, 16);
}

static void small_buffer_resume(CF *t, const WCHAR *path, ULONG length)
{
	cf_file d = open_dir(t, path);
	BYTE *buffer = malloc(length);
	WCHAR *joined = calloc(1, 65536 * sizeof(WCHAR));
	WCHAR names[400][64];
	ULONG n = 0, got, rounds = 0, i, at;
	UCHAR flags = CF_RESTART_SCAN;
	NTSTATUS status;

	if (!buffer || !joined)
		return;
	for (;;) {
		status = t->b->query_dir(t->b, d, FileDirectoryInformation, NULL, flags, 0, buffer, length,
			&got);
		flags = 0;
		if (status != STATUS_SUCCESS || ++rounds > 2000)
			break;
		for (at = 0; at < got && n < 400;) {
			FILE_DIRECTORY_INFORMATION *e = (FILE_DIRECTORY_INFORMATION *)(buffer + at);
			memset(names[n], 0, sizeof(names[n]));
			memcpy(names[n], e->FileName, e->FileNameLength < 126 ? e->FileNameLength : 126);
			n++;
			if (!e->NextEntryOffset)
				break;
			at += e->NextEntryOffset;
		}
	}
	cf_status(t, status, "end of listing");
	cf_bool(t, rounds > 2, "took several queries");
	qsort(names, n, sizeof(names[0]), compare_names);
	for (i = 0; i < n; i++) {
		wcscat(joined, names[i]);
		wcscat(joined, L"|");
	}
	cf_u64(t, n, "entries");
	cf_text(t, joined, (ULONG)wcslen(joined), "names");
	free(buffer);
	free(joined);
}

static void small_buffer(CF *t) { small_buffer_resume(t, L"", 200); }
static void many_small_buffer(CF *t) { small_buffer_resume(t, L"many", 1024); }
static void many_full(CF *t) { cf_list(t, "many", L"many", FileIdBothDirectoryInformation, NULL); }
static void many_pattern(CF *t) { cf_list(t, "many", L"many", FileDirectoryInformation, L"f1?5.*"); }

/* ---- the end, and odd handles ---- */

static void end_status(CF *t)
{
	cf_file d = open_dir(t, L"emptydir");

	query(t, "all", d, FileDirectoryInformation, NULL, CF_RESTART_SCAN, 0, BIG);
	query(t, "past the end", d, FileDirectoryInformation, NULL, 0, 0, BIG);
	query(t, "past the end again", d, FileDirectoryInformation, NULL, 0, 0, BIG);
	query(t, "restart", d, FileDirectoryInformation, NULL, CF_RESTART_SCAN, 0, BIG);
}

static void no_match_then_more(CF *t)
{
	cf_file d = open_dir(t, L"");

	query(t, "no match", d, FileDirectoryInformation, L"zzz*", CF_RESTART_SCAN, 0, BIG);
	query(t, "again", d, FileDirectoryInformation, NULL, 0, 0, BIG);
}

static void query_on_file(CF *t)
{
	cf_file f = 0;

	cf_open(t, "file", L"file.txt", FILE_READ_DATA | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN,
		CF_SYNC, &f);
	query(t, "listing a file", f, FileDirectoryInformation, NULL, CF_RESTART_SCAN, 0, BIG);
}

/* A restart reads the folder again (NTFS; Wine keeps what it read first). */
static void after_create(CF *t)
{
	NAMES *expected = calloc(1, sizeof(NAMES)), *got = calloc(1, sizeof(NAMES));
	cf_file d = open_dir(t, L""), f = 0;
	NTSTATUS status;

	if (!expected || !got)
		return;
	query(t, "before", d, FileDirectoryInformation, L"new*", CF_RESTART_SCAN, 0, BIG);
	cf_open(t, "create", L"new.txt", FILE_GENERIC_WRITE | SYNCHRONIZE, CF_SHARE_ALL, FILE_CREATE,
		CF_SYNC, &f);
	cf_close(t, "create", f);
	expected_names(t, L"", L"new*", expected);
	cf_text(t, expected->joined, (ULONG)wcslen(expected->joined), "fresh handle: names");
	status = collect(t, d, L"new*", CF_RESTART_SCAN, got);
	record_names_xd(t, "after restart", status, got, expected, CF_XD_WINE_STALE_RESTART);
	free(expected);
	free(got);
}

static void after_delete(CF *t)
{
	cf_file f = 0;

	cf_open(t, "victim", L"ab.c", DELETE | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN, CF_SYNC, &f);
	cf_status(t, t->b->set_disposition(t->b, f, TRUE), "delete");
	cf_close(t, "victim", f);
	cf_list(t, "after", L"", FileDirectoryInformation, L"*.c");
}

static void relative_listing(CF *t)
{
	cf_file root = open_dir(t, L""), d = 0;
	CF_OPEN o = { 0 };

	o.path = L"dir\\sub";
	o.related = root;
	o.access = FILE_LIST_DIRECTORY | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = FILE_OPEN;
	o.options = CF_SYNC | FILE_DIRECTORY_FILE;
	cf_open_ex(t, "relative dir", &o, &d);
	query(t, "relative dir", d, FileBothDirectoryInformation, NULL, CF_RESTART_SCAN, 0, BIG);
}

CF_CASES_DEFINE(dir,
	{ "dir_class_directory", class_directory, 0 },
	{ "dir_class_full", class_full, 0 },
	{ "dir_class_both", class_both, 0 },
	{ "dir_class_id_both", class_id_both, 0 },
	{ "dir_class_id_full", class_id_full, 0 },
	{ "dir_class_names", class_names, 0 },
	{ "dir_class_invalid", class_invalid, 0 },
	{ "dir_class_zero", class_zero, 0 },
	{ "dir_subdir", class_subdir, 0 },
	{ "dir_empty_dir", class_empty_dir, 0 },
	{ "dir_pattern_star", pattern_star, 0 },
	{ "dir_pattern_exact", pattern_exact, 0 },
	{ "dir_pattern_exact_other_case", pattern_exact_other_case, 0 },
	{ "dir_pattern_question", pattern_question, 0 },
	{ "dir_pattern_questions", pattern_questions, 0 },
	{ "dir_pattern_extension", pattern_extension, 0 },
	{ "dir_pattern_star_dot_star", pattern_star_dot_star, 0 },
	{ "dir_pattern_prefix", pattern_prefix, 0 },
	{ "dir_pattern_infix", pattern_infix, 0 },
	{ "dir_pattern_dos_star", pattern_dos_star, 0 },
	{ "dir_pattern_dos_star_name", pattern_dos_star_name, 0 },
	{ "dir_pattern_dos_qm", pattern_dos_qm, 0 },
	{ "dir_pattern_dos_qm_tail", pattern_dos_qm_tail, 0 },
	{ "dir_pattern_dos_dot", pattern_dos_dot, 0 },
	{ "dir_pattern_dos_dot_star", pattern_dos_dot_star, 0 },
	{ "dir_pattern_no_match", pattern_no_match, 0 },
	{ "dir_pattern_missing_exact", pattern_missing_exact, 0 },
	{ "dir_pattern_dot", pattern_dot, 0 },
	{ "dir_pattern_dotdot", pattern_dotdot, 0 },
	{ "dir_pattern_mixed_case_star", pattern_mixed_case_star, 0 },
	{ "dir_pattern_spaces", pattern_spaces, 0 },
	{ "dir_pattern_trailing_dot", pattern_trailing_dot, 0 },
	{ "dir_single_entry", single_entry, 0 },
	{ "dir_single_entry_pattern", single_entry_with_pattern, 0 },
	{ "dir_restart_scan", restart_scan, 0 },
	{ "dir_restart_new_pattern", restart_new_pattern, 0 },
	{ "dir_second_pattern_ignored", second_pattern_ignored, 0 },
	{ "dir_first_query_without_restart", first_query_without_restart, 0 },
	{ "dir_index_specified", index_specified, 0 },
	{ "dir_buffer_too_small_for_entry", buffer_too_small_for_entry, 0 },
	{ "dir_buffer_smaller_than_struct", buffer_smaller_than_struct, 0 },
	{ "dir_small_buffer_resume", small_buffer, 0 },
	{ "dir_many_small_buffer", many_small_buffer, CF_FIX_MANY },
	{ "dir_many_full", many_full, CF_FIX_MANY },
	{ "dir_many_pattern", many_pattern, CF_FIX_MANY },
	{ "dir_end_status", end_status, 0 },
	{ "dir_no_match_then_more", no_match_then_more, 0 },
	{ "dir_query_on_file", query_on_file, 0 },
	{ "dir_after_create", after_create, 0 },
	{ "dir_after_delete", after_delete, 0 },
	{ "dir_relative_listing", relative_listing, 0 },
)
