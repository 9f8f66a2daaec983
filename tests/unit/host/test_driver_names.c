// SPDX-License-Identifier: LGPL-3.0-or-later
/* test_driver_names.c - host unit test of sys/names.c, the driver's name rules: every name
 * the conformance suite uses (check_names_coverage.py fails when one is missing here),
 * judged as the driver judges the full path it receives; comparison ignoring case through
 * the one upcase table (and as spelled before the table is filled); the normal form of a
 * composed path; the length limit; parents, prefixes and relative names. Built with the
 * host's cc by run-host-test.sh (no Windows, no Wine). */
#include <stdio.h>
#include <string.h>
#include <uchar.h>
#include "check.h"
#include "names.h"

/* name as ASCII, anything else as \xXXXX, cut to fit out */
static const char *printable(const char16_t *name, char *out, size_t size)
{
	size_t at = 0;

	for (; name && *name && at + 8 < size; name++)
		at += snprintf(out + at, size - at, *name < 0x80 && *name >= 0x20 ? "%c" : "\\x%04x", (unsigned)*name);
	out[at] = 0;
	return out;
}

static void expect_at(const char *file, int line, int ok, const char *what, const char16_t *name)
{
	char text[512];

	if (ok)
		ck_check(file, line, 1, "%s", what);
	else
		ck_check(file, line, 0, "%s: \"%s\"", what, printable(name, text, sizeof(text)));
}

#define expect(ok, what, name) expect_at(__FILE__, __LINE__, ok, what, name)

static size_t u16len(const char16_t *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

/* A UNICODE_STRING over a literal (not terminated in Length, as the driver's are). */
static UNICODE_STRING us(const char16_t *s)
{
	UNICODE_STRING u;
	u.Buffer = (PWCH)s;
	u.Length = u.MaximumLength = (USHORT)(u16len(s) * sizeof(WCHAR));
	return u;
}

static int same_text(const UNICODE_STRING *u, const char16_t *s)
{
	return u->Length == u16len(s) * sizeof(WCHAR) && !memcmp(u->Buffer, s, u->Length);
}

/* ---- an upcase table of our own: the module must use what it is given ---- */

static WCHAR NTAPI test_upcase(WCHAR c)
{
	if (c >= 'a' && c <= 'z')
		return (WCHAR)(c - 0x20);
	if (c >= 0x00E0 && c <= 0x00FE && c != 0x00F7) /* Latin-1 letters, not the division sign */
		return (WCHAR)(c - 0x20);
	if (c >= 0x03B1 && c <= 0x03C9 && c != 0x03C2) /* Greek, not the final sigma */
		return (WCHAR)(c - 0x20);
	if (c >= 0x0430 && c <= 0x044F) /* Cyrillic */
		return (WCHAR)(c - 0x20);
	if (c >= 0x0450 && c <= 0x045F)
		return (WCHAR)(c - 0x50);
	return c;
}

/* ---- every name of the conformance suite ---- */

/* How the driver judges a name: V valid, I invalid (STATUS_OBJECT_NAME_INVALID), S a
 * stream name (valid only on a DOKAN_OPTION_ALT_STREAM mount), T a trailing backslash
 * that the normal form drops (the DLL then decides: docs/open-and-share.md). */
typedef struct NAME_CASE {
	const char16_t *name; /* as the suite writes it, relative to a case folder */
	const char *verdict;
} NAME_CASE;

static const NAME_CASE conformance_names[] = {
	{ u"", "V" }, /* the case folder itself */
	{ u".", "I" }, { u"..", "I" },
	{ u"dir\\..\\file.txt", "I" }, { u"dir\\.\\inner.txt", "I" }, { u"dir\\\\inner.txt", "I" },
	/* wildcards and the other characters NTFS refuses (and the patterns of listings) */
	{ u"* *", "I" }, { u"*", "I" }, { u"*.*", "I" }, { u"*.c", "I" }, { u"*.h", "I" },
	{ u"*.txt", "I" }, { u"*o*", "I" }, { u"<.c", "I" }, { u"<\"*", "I" }, { u"???.?", "I" },
	{ u"MIX*", "I" }, { u"\x00e9*", "I" }, { u"a*", "I" }, { u"a*b.txt", "I" }, { u"a<b.txt", "I" },
	{ u"a>.c", "I" }, { u"a>b.txt", "I" }, { u"a?.c", "I" }, { u"a?b.txt", "I" },
	{ u"a\"b.txt", "I" }, { u"a|b.txt", "I" }, { u"abcdefghij*", "I" }, { u"f1?5.*", "I" },
	{ u"file*", "I" }, { u"new*", "I" }, { u"noext>>", "I" }, { u"noext\"", "I" }, { u"two<", "I" },
	{ u"zzz*", "I" }, { u"|", "I" },
	/* streams */
	{ u"file.txt::$DATA", "S" }, { u"file.txt:s", "S" }, { u"1:dir\\sub\\deeper.txt;", "S" },
	/* trailing backslashes */
	{ u"dir\\", "VT" }, { u"file.txt\\", "VT" }, { u"missing.txt\\", "VT" }, { u"missing\\", "VT" },
	{ u"new.txt\\", "VT" }, { u"new2.txt\\", "VT" }, { u"new3.txt\\", "VT" },
	{ u"nodir\\missing.txt\\", "VT" },
	/* full paths from the case folder ("\x": how renames name a target there) */
	{ u"\\MIXED case.txt", "V" }, { u"\\a.c", "V" }, { u"\\inner.txt", "V" }, { u"\\up.txt", "V" },
	/* plain names */
	{ u"FILE.TXT", "V" }, { u"File.Txt", "V" }, { u"MIXED case.txt", "V" }, { u"Mixed Case.TXT", "V" },
	{ u"mixed case.txt", "V" }, { u"\x00e9t\x00e9-\x4e2d\x6587.txt", "V" },
	{ u"a long file name with spaces.text", "V" }, { u"a-rather-long-name-that-does-not-fit.txt", "V" },
	{ u"a.c", "V" }, { u"ab.c", "V" }, { u"abc.h", "V" }, { u"added.txt", "V" }, { u"alloc.txt", "V" },
	{ u"big.bin", "V" }, { u"chunks.bin", "V" }, { u"dir", "V" }, { u"dir2", "V" },
	{ u"dir2\\inner.txt", "V" }, { u"dir\\inner.txt", "V" }, { u"dir\\made.txt", "V" },
	{ u"dir\\moved.txt", "V" }, { u"dir\\sub", "V" }, { u"dir\\sub\\deep.txt", "V" },
	{ u"dir\\sub\\deeper.txt", "V" }, { u"dir\\sub\\made.txt", "V" }, { u"dir\\sub\\x", "V" },
	{ u"empty.bin", "V" }, { u"emptydir", "V" }, { u"file.txt", "V" }, { u"file.txt\\x", "V" },
	{ u"file.txt\\y", "V" }, { u"fresh", "V" }, { u"fresh\\one.txt", "V" }, { u"hiddendir", "V" },
	{ u"inner.txt", "V" }, { u"large.bin", "V" }, { u"made.txt", "V" }, { u"many", "V" },
	{ u"many\\f000.txt", "V" }, { u"missing.txt", "V" }, { u"moved.c", "V" }, { u"moved.txt", "V" },
	{ u"new-hidden.txt", "V" }, { u"new-ro.txt", "V" }, { u"new.bin", "V" }, { u"new.txt", "V" },
	{ u"new2.txt", "V" }, { u"new3.txt", "V" }, { u"newdir", "V" }, { u"nodir", "V" },
	{ u"nodir\\x.txt", "V" }, { u"nodir\\y", "V" }, { u"noext", "V" }, { u"noext.", "V" },
	{ u"one.txt", "V" }, { u"renamed.txt", "V" }, { u"ro.txt", "V" }, { u"ro2.txt", "V" },
	{ u"temp.txt", "V" }, { u"tempdir", "V" }, { u"two.dots.txt", "V" }, { u"two.txt", "V" },
	{ u"up.txt", "V" }, { u"with space.txt", "V" }, { u"x", "V" }, { u"z.c", "V" },
	{ u"A.TXT", "V" }, { u"a.txt", "V" }, { u"\x00c9T\x00c9.TXT", "V" }, { u"\x00e9t\x00e9.txt", "V" },
};

/* The full path the driver receives for a case-relative name: "\case\name". */
static void full_path(const char16_t *name, char16_t *out, size_t size)
{
	static const char16_t folder[] = u"\\case";
	size_t n = 0, i;

	for (i = 0; folder[i] && n + 1 < size; i++)
		out[n++] = folder[i];
	if (name[0] && name[0] != '\\' && n + 1 < size)
		out[n++] = '\\';
	for (i = 0; name[i] && n + 1 < size; i++)
		out[n++] = name[i];
	out[n] = 0;
}

static void judge_conformance_name(const NAME_CASE *c)
{
	char16_t full[512];
	WCHAR buffer[512];
	UNICODE_STRING given, path = { 0, sizeof(buffer), buffer };
	BOOLEAN trailing = 7;
	int valid, stream;

	full_path(c->name, full, 512);
	given = us(full);
	expect(DkNameCanCompose(NULL, &given), "composable", c->name);
	DkNameCompose(&path, NULL, &given, &trailing);
	valid = DkNameIsValidPath(&path);
	stream = DkNameHasStream(&path);
	expect(trailing == (strchr(c->verdict, 'T') != NULL), "trailing backslash", c->name);
	expect(valid == (strchr(c->verdict, 'I') == NULL), "validity", c->name);
	expect(!valid || stream == (strchr(c->verdict, 'S') != NULL), "stream", c->name);
	expect(!trailing || path.Length == given.Length - sizeof(WCHAR), "trailing dropped", c->name);
}

/* ---- case ---- */

/* Spellings of one name each: all equal, and hashed alike. */
static const char16_t *const same_name[][3] = {
	{ u"\\case\\FILE.TXT", u"\\case\\file.txt", u"\\CASE\\File.Txt" },
	{ u"\\case\\MIXED case.txt", u"\\case\\Mixed Case.TXT", u"\\case\\mixed case.txt" },
	{ u"\\case\\A.TXT", u"\\case\\a.txt", u"\\Case\\A.txt" },
	{ u"\\\x00e9t\x00e9-\x4e2d\x6587.txt", u"\\\x00c9T\x00c9-\x4e2d\x6587.TXT", u"\\\x00c9t\x00e9-\x4e2d\x6587.Txt" },
	{ u"\\\x03b1\x03b2\x03b3", u"\\\x0391\x0392\x0393", u"\\\x03b1\x0392\x03b3" },
	{ u"\\\x0444\x0430\x0439\x043b", u"\\\x0424\x0410\x0419\x041b", u"\\\x0444\x0410\x0439\x041b" },
};

/* Pairs that are different names. */
static const char16_t *const other_name[][2] = {
	{ u"\\a.c", u"\\ab.c" }, { u"\\a.c", u"\\b.c" }, { u"\\file.txt", u"\\file.txt2" },
	{ u"\\\x00e9", u"\\e" }, { u"\\\x00f7", u"\\\x00d7" }, /* not letters: no case */
	{ u"\\dir\\x", u"\\dir2\\x" }, { u"\\", u"\\a" },
};

static void test_case(void)
{
	size_t i, j;

	for (i = 0; i < sizeof(same_name) / sizeof(same_name[0]); i++)
		for (j = 1; j < 3; j++) {
			UNICODE_STRING a = us(same_name[i][0]), b = us(same_name[i][j]);
			expect(DkNameEqual(&a, &b) && DkNameEqual(&b, &a), "equal ignoring case", same_name[i][j]);
			expect(DkNameHash(&a) == DkNameHash(&b), "hashed alike", same_name[i][j]);
			expect(DkNameIsAtOrBelow(&a, &b), "at or below itself", same_name[i][j]);
		}
	for (i = 0; i < sizeof(other_name) / sizeof(other_name[0]); i++) {
		UNICODE_STRING a = us(other_name[i][0]), b = us(other_name[i][1]);
		expect(!DkNameEqual(&a, &b) && !DkNameEqual(&b, &a), "different names", other_name[i][1]);
	}
	expect(DkNameUpcase('a') == 'A' && DkNameUpcase(0x00E9) == 0x00C9 && DkNameUpcase('1') == '1' &&
		DkNameUpcase(0) == 0, "upcase table", u"a");
}

/* Before DkNamesInitialize (only a test can see this): names compare as spelled, never
 * all alike. */
static void test_before_table(void)
{
	UNICODE_STRING upper = us(u"\\A.TXT"), lower = us(u"\\a.txt"), other = us(u"\\b.txt");

	expect(!DkNameEqual(&upper, &lower), "no table: case counts", u"\\a.txt");
	expect(!DkNameEqual(&lower, &other), "no table: letters differ", u"\\b.txt");
	expect(DkNameEqual(&lower, &lower), "no table: same spelling", u"\\a.txt");
}

/* ---- validity beyond the suite's names ---- */

static void test_validity(void)
{
	static const char16_t *const valid[] = {
		u"\\", u"\\a", u"\\a\\b", u"\\.a", u"\\a.", u"\\...", u"\\a b", u"\\a;b", u"\\a=b", u"\\[a]",
		u"\\\x4e2d", u"\\ a", u"\\a\x7f",
	};
	static const char16_t *const invalid[] = {
		u"", u"a", u"a\\b", u"\\\\", u"\\a\\\\b", u"\\a\\", u"\\.", u"\\..", u"\\a\\.", u"\\a\\..\\b",
		u"\\a\x01", u"\\a\x1f", u"\\a\tb", u"\\a/b", u"\\a*", u"\\a?", u"\\a<", u"\\a>", u"\\a|",
		u"\\a\"",
	};
	size_t i;

	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		UNICODE_STRING p = us(valid[i]);
		expect(DkNameIsValidPath(&p), "valid", valid[i]);
	}
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		UNICODE_STRING p = us(invalid[i]);
		expect(!DkNameIsValidPath(&p), "invalid", invalid[i]);
	}
}

static void test_root(void)
{
	UNICODE_STRING root = us(u"\\"), a = us(u"\\a"), empty = us(u""), slash = us(u"/");

	expect(DkNameIsRoot(&root), "root", u"\\");
	expect(!DkNameIsRoot(&a) && !DkNameIsRoot(&empty) && !DkNameIsRoot(&slash), "not the root", u"\\a");
}

/* ---- composing a full path ---- */

typedef struct COMPOSE_CASE {
	const char16_t *dir; /* NULL: name is a full path */
	const char16_t *name;
	int composable;
	const char16_t *result;
	int trailing;
} COMPOSE_CASE;

static const COMPOSE_CASE compose_cases[] = {
	{ u"\\a", u"b", 1, u"\\a\\b", 0 },
	{ u"\\", u"b", 1, u"\\b", 0 },
	{ u"\\a", u"", 1, u"\\a", 0 },          /* a relative open of the related file itself */
	{ u"\\a", u"b\\c\\", 1, u"\\a\\b\\c", 1 },
	{ u"\\a", u"\\b", 0, NULL, 0 },         /* a relative name may not start with "\" */
	{ NULL, u"b", 0, NULL, 0 },             /* a full one must */
	{ NULL, u"", 0, NULL, 0 },
	{ NULL, u"\\", 1, u"\\", 0 },
	{ NULL, u"\\\\", 1, u"\\", 0 },         /* a leading "\\" collapses to the root */
	{ NULL, u"\\\\x", 1, u"\\x", 0 },
	{ NULL, u"\\\\\\x", 1, u"\\\\x", 0 },   /* only one: the rest is an empty component */
	{ NULL, u"\\a\\", 1, u"\\a", 1 },
	{ NULL, u"\\a\\\\", 1, u"\\a\\", 1 },   /* one trailing "\" goes; what is left is invalid */
};

static void test_compose(void)
{
	size_t i;

	for (i = 0; i < sizeof(compose_cases) / sizeof(compose_cases[0]); i++) {
		const COMPOSE_CASE *c = &compose_cases[i];
		UNICODE_STRING dir = us(c->dir ? c->dir : u""), name = us(c->name);
		const UNICODE_STRING *d = c->dir ? &dir : NULL;
		WCHAR buffer[64];
		UNICODE_STRING out = { 0, sizeof(buffer), buffer };
		BOOLEAN trailing;

		expect(DkNameCanCompose(d, &name) == c->composable, "composable", c->name);
		if (!c->composable)
			continue;
		expect(DkNameComposeBytes(d, &name) <= sizeof(buffer), "compose size", c->name);
		DkNameCompose(&out, d, &name, &trailing);
		expect(same_text(&out, c->result) && trailing == c->trailing, "composed", c->name);
	}
}

/* DK_MAX_PATH_BYTES: the whole composed path counts. */
static void test_length_limit(void)
{
	static WCHAR longest[DK_MAX_PATH_BYTES / sizeof(WCHAR) + 2];
	UNICODE_STRING full = { DK_MAX_PATH_BYTES, sizeof(longest), longest }, dir, name = us(u"x");
	size_t i;

	for (i = 0; i < sizeof(longest) / sizeof(longest[0]); i++)
		longest[i] = (i % 200) ? 'a' : '\\';
	expect(DkNameCanCompose(NULL, &full), "longest full path", u"(65,520 bytes)");
	full.Length += sizeof(WCHAR);
	expect(!DkNameCanCompose(NULL, &full), "one character too long", u"(65,522 bytes)");
	dir = full;
	dir.Length = DK_MAX_PATH_BYTES - 2 * sizeof(WCHAR); /* + "\" + "x" = the limit */
	expect(DkNameCanCompose(&dir, &name), "relative name up to the limit", u"x");
	dir.Length += sizeof(WCHAR);
	expect(!DkNameCanCompose(&dir, &name), "relative name beyond the limit", u"x");
}

/* ---- parents, prefixes, relative names ---- */

static void test_parent(void)
{
	static const char16_t *const pairs[][2] = {
		{ u"\\", u"\\" }, { u"\\x", u"\\" }, { u"\\a\\b", u"\\a" }, { u"\\a\\b\\c", u"\\a\\b" },
	};
	UNICODE_STRING a = us(u"\\Dir\\x"), b = us(u"\\DIR\\y"), c = us(u"\\dir2\\x"), r = us(u"\\x");
	size_t i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		UNICODE_STRING path = us(pairs[i][0]), parent;
		DkNameParent(&path, &parent);
		expect(same_text(&parent, pairs[i][1]) && parent.Buffer == path.Buffer, "parent", pairs[i][0]);
	}
	expect(DkNameSameParent(&a, &b), "same parent ignoring case", u"\\DIR\\y");
	expect(!DkNameSameParent(&a, &c) && !DkNameSameParent(&a, &r), "other parent", u"\\dir2\\x");
}

typedef struct BELOW_CASE {
	const char16_t *path, *dir;
	int below, at_or_below;
	const char16_t *child;  /* relative name when a direct child, else NULL */
	const char16_t *descendant; /* relative name at any depth, else NULL */
} BELOW_CASE;

static const BELOW_CASE below_cases[] = {
	{ u"\\a\\b", u"\\a", 1, 1, u"b", u"b" },
	{ u"\\A\\B", u"\\a", 1, 1, u"B", u"B" },
	{ u"\\a\\b\\c", u"\\a", 1, 1, NULL, u"b\\c" },
	{ u"\\x", u"\\", 1, 1, u"x", u"x" },
	{ u"\\x\\y", u"\\", 1, 1, NULL, u"x\\y" },
	{ u"\\", u"\\", 0, 1, NULL, NULL },
	{ u"\\a", u"\\a", 0, 1, NULL, NULL },
	{ u"\\a", u"\\A", 0, 1, NULL, NULL },
	{ u"\\ab", u"\\a", 0, 0, NULL, NULL },  /* a prefix of the name is not a parent */
	{ u"\\ab\\c", u"\\a", 0, 0, NULL, NULL },
	{ u"\\a", u"\\a\\b", 0, 0, NULL, NULL },
	{ u"\\b\\a", u"\\a", 0, 0, NULL, NULL },
	{ u"\\a\\b", u"", 0, 0, NULL, NULL },    /* no directory */
};

static void test_below(void)
{
	size_t i;

	for (i = 0; i < sizeof(below_cases) / sizeof(below_cases[0]); i++) {
		const BELOW_CASE *c = &below_cases[i];
		UNICODE_STRING path = us(c->path), dir = us(c->dir), rel = { 0, 0, NULL };
		int child, any;

		expect(DkNameIsBelow(&path, &dir) == c->below, "below", c->path);
		expect(DkNameIsAtOrBelow(&path, &dir) == c->at_or_below, "at or below", c->path);
		child = DkNameRelativeTo(&dir, &path, FALSE, &rel);
		expect(child == (c->child != NULL) && (!child || same_text(&rel, c->child)), "child", c->path);
		any = DkNameRelativeTo(&dir, &path, TRUE, &rel);
		expect(any == (c->descendant != NULL) && (!any || same_text(&rel, c->descendant)), "descendant",
			c->path);
	}
}

int main(void)
{
	size_t i;

	test_before_table();
	DkNamesInitialize(test_upcase);
	for (i = 0; i < sizeof(conformance_names) / sizeof(conformance_names[0]); i++)
		judge_conformance_name(&conformance_names[i]);
	test_case();
	test_validity();
	test_root();
	test_compose();
	test_length_limit();
	test_parent();
	test_below();
	printf("%zu conformance names\n", sizeof(conformance_names) / sizeof(conformance_names[0]));
	return ck_summary("test_driver_names");
}
