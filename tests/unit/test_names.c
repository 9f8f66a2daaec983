// SPDX-License-Identifier: LGPL-3.0-or-later
/* test_names.c - DokanIsNameInExpression against a table of cases, a random comparison with
 * an independent recursive matcher, and a timing check on a backtracking-heavy expression. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>
#include "dokan.h"
#include "check.h"

struct name_case {
	LPCWSTR expression;
	LPCWSTR name;
	BOOL ignoreCase;
	BOOL expected;
};

static const struct name_case CASES[] = {
	/* literals and case */
	{ L"abc", L"abc", FALSE, TRUE },
	{ L"abc", L"ABC", FALSE, FALSE },
	{ L"abc", L"ABC", TRUE, TRUE },
	{ L"ABC", L"abc", TRUE, TRUE },
	{ L"abc", L"abcd", FALSE, FALSE },
	{ L"abcd", L"abc", FALSE, FALSE },
	{ L"a.b", L"a.b", FALSE, TRUE },
	{ L"[a]", L"[a]", FALSE, TRUE },
	{ L"a*B", L"AxxB", FALSE, FALSE },
	{ L"A?C", L"abc", TRUE, TRUE },
	{ L"\u00e9*", L"\u00c9t\u00e9", TRUE, TRUE },
	{ L"\u00e9*", L"\u00c9t\u00e9", FALSE, FALSE },
	{ L"\u00c9T\u00c9", L"\u00e9t\u00e9", TRUE, TRUE },
	/* empty strings */
	{ L"", L"", FALSE, TRUE },
	{ L"", L"a", FALSE, FALSE },
	{ L"a", L"", FALSE, FALSE },
	{ L"*", L"", FALSE, TRUE },
	{ L"?", L"", FALSE, FALSE },
	{ L">", L"", FALSE, TRUE },
	{ L"\"", L"", FALSE, TRUE },
	{ L"<", L"", FALSE, TRUE },
	{ L"*?", L"", FALSE, FALSE },
	/* star */
	{ L"*", L"anything.txt", FALSE, TRUE },
	{ L"*.txt", L"file.txt", FALSE, TRUE },
	{ L"*.txt", L"file.TXT", FALSE, FALSE },
	{ L"*.txt", L"file.TXT", TRUE, TRUE },
	{ L"*.txt", L"file.txt.bak", FALSE, FALSE },
	{ L"*.*", L"file", FALSE, FALSE },
	{ L"*.*", L"file.txt", FALSE, TRUE },
	{ L"*.*", L".hidden", FALSE, TRUE },
	{ L"*.", L"file.", FALSE, TRUE },
	{ L"*.", L"file", FALSE, FALSE },
	{ L"a*", L"a", FALSE, TRUE },
	{ L"*a", L"a", FALSE, TRUE },
	{ L"*a*", L"bab", FALSE, TRUE },
	{ L"*a*b", L"aaab", FALSE, TRUE },
	{ L"*a*b", L"aaba", FALSE, FALSE },
	{ L"**", L"x", FALSE, TRUE },
	{ L"*?", L"a", FALSE, TRUE },
	{ L"?*", L"a", FALSE, TRUE },
	{ L"*a*a*a*a*a*b", L"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", FALSE, FALSE },
	{ L"*a*a*a*a*a*b", L"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", FALSE, TRUE },
	/* question mark */
	{ L"?", L"a", FALSE, TRUE },
	{ L"?", L"ab", FALSE, FALSE },
	{ L"??", L"a", FALSE, FALSE },
	{ L"a?", L"a", FALSE, FALSE },
	{ L"a?c", L"abc", FALSE, TRUE },
	{ L"a?c", L"a.c", FALSE, TRUE },
	{ L"file.???", L"file.txt", FALSE, TRUE },
	{ L"file.???", L"file.tx", FALSE, FALSE },
	/* DOS_STAR */
	{ L"<", L"file", FALSE, TRUE },
	{ L"<", L"file.txt", FALSE, FALSE },
	{ L"<.txt", L"file.txt", FALSE, TRUE },
	{ L"<.txt", L"a.b.txt", FALSE, TRUE },
	{ L"<.b", L"a.b.c", FALSE, FALSE },
	{ L"<.c", L"a.b.c", FALSE, TRUE },
	{ L"<c", L"a.bc", FALSE, FALSE },
	{ L"<c", L"abc", FALSE, TRUE },
	{ L"<.<", L"file.txt", FALSE, TRUE },
	{ L"<.<", L"file", FALSE, FALSE },
	{ L"<\"*", L"file", FALSE, TRUE },
	{ L"<\"<", L"file", FALSE, TRUE },
	{ L"<\"<", L"file.txt", FALSE, TRUE },
	{ L"<\"<", L"a.b.c", FALSE, TRUE },
	{ L"<.TXT", L"File.txt", TRUE, TRUE },
	/* DOS_QM */
	{ L">", L"a", FALSE, TRUE },
	{ L">", L"ab", FALSE, FALSE },
	{ L">", L".", FALSE, FALSE },
	{ L">>>", L"ab", FALSE, TRUE },
	{ L">>>", L"abcd", FALSE, FALSE },
	{ L"a>", L"a", FALSE, TRUE },
	{ L"a>>", L"a", FALSE, TRUE },
	{ L"a>.txt", L"a.txt", FALSE, TRUE },
	{ L"a>.txt", L"ab.txt", FALSE, TRUE },
	{ L"a>.txt", L"abc.txt", FALSE, FALSE },
	{ L">.>", L".", FALSE, TRUE },
	{ L"a>b", L"a.b", FALSE, FALSE },
	{ L"a>b.c", L"a.b.c", FALSE, FALSE },
	{ L">>>>>>>>\">>>", L"readme.md", FALSE, TRUE },
	/* DOS_DOT */
	{ L"file\"txt", L"file.txt", FALSE, TRUE },
	{ L"file\".txt", L"file.txt", FALSE, FALSE },
	{ L"file\"", L"file", FALSE, TRUE },
	{ L"file\"", L"file.", FALSE, TRUE },
	{ L"file\"", L"filex", FALSE, FALSE },
	{ L"a\"b", L"ab", FALSE, FALSE },
	{ L"\"", L".", FALSE, TRUE },
	{ L"\"\"", L".", FALSE, TRUE },
};

/* ---- independent reference: the recursive definition of each wildcard ---- */

static WCHAR ReferenceUpper(WCHAR c)
{
	return (WCHAR)towupper(c);
}

static BOOL ReferenceMatch(LPCWSTR e, LPCWSTR name, size_t at, size_t lastDot, BOOL ignoreCase)
{
	WCHAR c = name[at];

	switch (*e) {
	case 0:
		return c == 0;
	case L'*':
		return ReferenceMatch(e + 1, name, at, lastDot, ignoreCase) ||
			(c != 0 && ReferenceMatch(e, name, at + 1, lastDot, ignoreCase));
	case L'<':
		return ReferenceMatch(e + 1, name, at, lastDot, ignoreCase) ||
			(c != 0 && at != lastDot && ReferenceMatch(e, name, at + 1, lastDot, ignoreCase));
	case L'?':
		return c != 0 && ReferenceMatch(e + 1, name, at + 1, lastDot, ignoreCase);
	case L'>':
		if (c == 0 || c == L'.')
			return ReferenceMatch(e + 1, name, at, lastDot, ignoreCase);
		return ReferenceMatch(e + 1, name, at + 1, lastDot, ignoreCase);
	case L'"':
		if (c == 0)
			return ReferenceMatch(e + 1, name, at, lastDot, ignoreCase);
		return c == L'.' && ReferenceMatch(e + 1, name, at + 1, lastDot, ignoreCase);
	default:
		if (c == 0)
			return FALSE;
		if (ignoreCase ? ReferenceUpper(c) != ReferenceUpper(*e) : c != *e)
			return FALSE;
		return ReferenceMatch(e + 1, name, at + 1, lastDot, ignoreCase);
	}
}

static BOOL Reference(LPCWSTR expression, LPCWSTR name, BOOL ignoreCase)
{
	const WCHAR *dot = wcsrchr(name, L'.');
	size_t lastDot = dot ? (size_t)(dot - name) : (size_t)-1;

	return ReferenceMatch(expression, name, 0, lastDot, ignoreCase);
}

/* ---- reporting ---- */

/* s with anything but printable ASCII (and quote, backslash) as \uXXXX, quoted, cut at size */
static const char *Escaped(LPCWSTR s, char *out, size_t size)
{
	size_t at = 0;

	out[at++] = '"';
	for (; *s && at + 8 < size; s++) {
		if (*s >= 0x20 && *s < 0x7f && *s != L'"' && *s != L'\\')
			out[at++] = (char)*s;
		else
			at += snprintf(out + at, size - at, "\\u%04x", (unsigned)*s);
	}
	out[at++] = '"';
	out[at] = 0;
	return out;
}

static void Check(LPCWSTR what, LPCWSTR expression, LPCWSTR name, BOOL ignoreCase, BOOL expected)
{
	BOOL actual = DokanIsNameInExpression(expression, name, ignoreCase);
	char escapedExpression[128], escapedName[128];

	if (!actual == !expected) {
		CHECK(1, "%ls", what);
		return;
	}
	CHECK(0, "%ls: expression %s name %s ignoreCase %d: expected %d, got %d", what,
		Escaped(expression, escapedExpression, sizeof(escapedExpression)),
		Escaped(name, escapedName, sizeof(escapedName)), ignoreCase ? 1 : 0, expected ? 1 : 0,
		actual ? 1 : 0);
}

static void RunTable(void)
{
	size_t i;

	for (i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++)
		Check(L"table", CASES[i].expression, CASES[i].name, CASES[i].ignoreCase,
			CASES[i].expected);
}

static void RunNullArguments(void)
{
	BOOL nullExpression = DokanIsNameInExpression(NULL, L"a", FALSE);
	BOOL nullName = DokanIsNameInExpression(L"*", NULL, FALSE);

	CHECK(!nullExpression && !nullName, "null arguments: expected 0 0, got %d %d", nullExpression ? 1 : 0,
		nullName ? 1 : 0);
}

/* ---- random comparison with the reference ---- */

static unsigned lcgState = 20240601u;

static unsigned NextRandom(void)
{
	lcgState = lcgState * 1103515245u + 12345u;
	return (lcgState >> 16) & 0x7fff;
}

static void RandomString(WCHAR *out, size_t maxLength, const WCHAR *alphabet)
{
	size_t length = NextRandom() % (maxLength + 1);
	size_t alphabetLength = wcslen(alphabet);
	size_t i;

	for (i = 0; i < length; i++)
		out[i] = alphabet[NextRandom() % alphabetLength];
	out[length] = 0;
}

static void RunFuzz(int rounds)
{
	WCHAR expression[16], name[16];
	int i;

	for (i = 0; i < rounds; i++) {
		BOOL ignoreCase = NextRandom() & 1;

		RandomString(expression, 8, L"abAB.*?<>\"");
		RandomString(name, 10, L"abAB.");
		Check(L"fuzz", expression, name, ignoreCase, Reference(expression, name, ignoreCase));
	}
}

/* ---- an expression that makes naive backtracking explode ---- */

static void RunTiming(void)
{
	enum { LENGTH = 20000 };
	WCHAR *name = malloc((LENGTH + 2) * sizeof(WCHAR));
	ULONGLONG start, elapsed;
	int i;

	if (name == NULL) {
		CK_FAIL("timing: out of memory");
		return;
	}
	for (i = 0; i < LENGTH; i++)
		name[i] = L'a';
	name[LENGTH] = 0;
	start = GetTickCount64();
	Check(L"long name", L"*a*a*a*a*a*b", name, FALSE, FALSE);
	name[LENGTH] = L'b';
	name[LENGTH + 1] = 0;
	Check(L"long name", L"*a*a*a*a*a*b", name, TRUE, TRUE);
	Check(L"long name", L"<a<a<a<a<a<b", name, FALSE, TRUE);
	elapsed = GetTickCount64() - start;
	free(name);
	CHECK(elapsed < 2000, "timing: long-name matches took %lu ms", (unsigned long)elapsed);
}

int main(void)
{
	RunTable();
	RunNullArguments();
	RunFuzz(20000);
	RunTiming();
	return ck_summary("test_names");
}
