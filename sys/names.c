/* SPDX-License-Identifier: LGPL-3.0-or-later
 * names.c - the name rules of dokan.sys (see names.h). */
#include "names.h"

#define DK_BACKSLASH ((WCHAR)'\\')
#define DK_CHARS(s)  ((USHORT)((s)->Length / sizeof(WCHAR)))

/* ---- case ---- */

/* NTFS compares names with one upcase table, fixed when the volume is formatted. Ours is
 * the system's, read once (RtlUpcaseUnicodeChar may not be called above APC_LEVEL, and
 * names are compared under the mount's spin lock). Image data, so nonpaged. An entry of
 * 0 means "not filled": the character stands for itself. */
static WCHAR DkUpcaseTable[0x10000];

void DkNamesInitialize(DK_UPCASE_FN *upcase)
{
	ULONG c;

	for (c = 0; c < 0x10000u; c++)
		DkUpcaseTable[c] = upcase((WCHAR)c);
}

WCHAR DkNameUpcase(WCHAR c)
{
	WCHAR upper = DkUpcaseTable[c];
	return upper ? upper : c;
}

static BOOLEAN DkSameCharsIgnoringCase(const WCHAR *a, const WCHAR *b, USHORT chars)
{
	USHORT i;

	for (i = 0; i < chars; i++)
		if (a[i] != b[i] && DkNameUpcase(a[i]) != DkNameUpcase(b[i]))
			return FALSE;
	return TRUE;
}

ULONG DkNameHash(const UNICODE_STRING *path)
{
	ULONG hash = 2166136261u; /* FNV-1a */
	USHORT i;

	for (i = 0; i < DK_CHARS(path); i++)
		hash = (hash ^ DkNameUpcase(path->Buffer[i])) * 16777619u;
	return hash;
}

BOOLEAN DkNameEqual(const UNICODE_STRING *a, const UNICODE_STRING *b)
{
	return a->Length == b->Length && DkSameCharsIgnoringCase(a->Buffer, b->Buffer, DK_CHARS(a));
}

/* ---- validity ---- */

BOOLEAN DkNameIsRoot(const UNICODE_STRING *path)
{
	return DK_CHARS(path) == 1 && path->Buffer[0] == DK_BACKSLASH;
}

/* NTFS refuses these in a name (STATUS_OBJECT_NAME_INVALID): docs/differences.md D26.
 * Passing them on would let a Win32 file system interpret them. */
static BOOLEAN DkIsValidNameChar(WCHAR c)
{
	return c >= 0x20 && c != '"' && c != '*' && c != '<' && c != '>' && c != '?' && c != '|' && c != '/';
}

/* "." and ".." would let a Win32 file system leave its root: \..\x */
static BOOLEAN DkIsValidComponent(const WCHAR *name, USHORT chars)
{
	USHORT i;

	if (chars == 0 || (chars == 1 && name[0] == '.') || (chars == 2 && name[0] == '.' && name[1] == '.'))
		return FALSE;
	for (i = 0; i < chars; i++)
		if (!DkIsValidNameChar(name[i]))
			return FALSE;
	return TRUE;
}

BOOLEAN DkNameIsValidPath(const UNICODE_STRING *path)
{
	USHORT chars = DK_CHARS(path), start = 1, i;

	if (chars == 0 || path->Buffer[0] != DK_BACKSLASH)
		return FALSE;
	if (chars == 1)
		return TRUE; /* the root */
	for (i = 1; i <= chars; i++) {
		if (i < chars && path->Buffer[i] != DK_BACKSLASH)
			continue;
		if (!DkIsValidComponent(path->Buffer + start, i - start))
			return FALSE;
		start = i + 1;
	}
	return TRUE;
}

static BOOLEAN DkNameHasChar(const UNICODE_STRING *name, WCHAR c)
{
	USHORT i;

	for (i = 0; i < DK_CHARS(name); i++)
		if (name->Buffer[i] == c)
			return TRUE;
	return FALSE;
}

BOOLEAN DkNameHasStream(const UNICODE_STRING *path)
{
	return DkNameHasChar(path, ':');
}

BOOLEAN DkNameHasBackslash(const UNICODE_STRING *name)
{
	return DkNameHasChar(name, DK_BACKSLASH);
}

/* ---- building a full path ---- */

static BOOLEAN DkEndsWithBackslash(const UNICODE_STRING *s)
{
	return s->Length >= sizeof(WCHAR) && s->Buffer[DK_CHARS(s) - 1] == DK_BACKSLASH;
}

static BOOLEAN DkNeedsSeparator(const UNICODE_STRING *dir, const UNICODE_STRING *name)
{
	return dir && name->Length && !DkEndsWithBackslash(dir);
}

ULONG DkNameComposeBytes(const UNICODE_STRING *dir, const UNICODE_STRING *name)
{
	ULONG bytes = name->Length;

	if (dir)
		bytes += dir->Length;
	if (DkNeedsSeparator(dir, name))
		bytes += sizeof(WCHAR);
	return bytes;
}

BOOLEAN DkNameCanCompose(const UNICODE_STRING *dir, const UNICODE_STRING *name)
{
	BOOLEAN full = name->Length >= sizeof(WCHAR) && name->Buffer[0] == DK_BACKSLASH;

	return (dir ? !full : full) && DkNameComposeBytes(dir, name) <= DK_MAX_PATH_BYTES;
}

static void DkAppend(UNICODE_STRING *out, const WCHAR *chars, USHORT bytes)
{
	USHORT i;

	for (i = 0; i < bytes / sizeof(WCHAR); i++)
		out->Buffer[DK_CHARS(out) + i] = chars[i];
	out->Length = (USHORT)(out->Length + bytes);
}

/* The normal form every callback sees: a leading "\\" becomes "\", a trailing "\" goes
 * except from the root (docs/behaviour.md#common-rules-for-every-request). */
static void DkNormalize(UNICODE_STRING *path, BOOLEAN *trailingBackslash)
{
	USHORT i, chars = DK_CHARS(path);

	if (chars >= 2 && path->Buffer[0] == DK_BACKSLASH && path->Buffer[1] == DK_BACKSLASH) {
		for (i = 1; i < chars; i++)
			path->Buffer[i - 1] = path->Buffer[i];
		path->Length -= sizeof(WCHAR);
	}
	*trailingBackslash = path->Length > sizeof(WCHAR) && DkEndsWithBackslash(path);
	if (*trailingBackslash)
		path->Length -= sizeof(WCHAR);
}

void DkNameCompose(UNICODE_STRING *out, const UNICODE_STRING *dir, const UNICODE_STRING *name, BOOLEAN *trailingBackslash)
{
	static const WCHAR separator = DK_BACKSLASH;

	out->Length = 0;
	if (dir)
		DkAppend(out, dir->Buffer, dir->Length);
	if (DkNeedsSeparator(dir, name))
		DkAppend(out, &separator, sizeof(WCHAR));
	DkAppend(out, name->Buffer, name->Length);
	DkNormalize(out, trailingBackslash);
}

/* ---- parents, children, prefixes ---- */

void DkNameParent(const UNICODE_STRING *path, UNICODE_STRING *parent)
{
	USHORT i = DK_CHARS(path);

	while (i > 0 && path->Buffer[i - 1] != DK_BACKSLASH)
		i--;
	if (i > 1)
		i--; /* "\dir\x" -> "\dir"; "\x" -> "\" */
	parent->Buffer = path->Buffer;
	parent->Length = parent->MaximumLength = (USHORT)(i * sizeof(WCHAR));
}

BOOLEAN DkNameSameParent(const UNICODE_STRING *a, const UNICODE_STRING *b)
{
	UNICODE_STRING pa, pb;

	DkNameParent(a, &pa);
	DkNameParent(b, &pb);
	return DkNameEqual(&pa, &pb);
}

/* Characters of path that name dir and the "\" after it, when path lies below dir; 0
 * otherwise. The root already ends in its "\". */
static USHORT DkDirectoryPrefixChars(const UNICODE_STRING *dir, const UNICODE_STRING *path)
{
	USHORT dirChars = DK_CHARS(dir);
	USHORT skip = DkNameIsRoot(dir) ? 1 : dirChars + 1;

	if (dirChars == 0 || DK_CHARS(path) <= skip || path->Buffer[skip - 1] != DK_BACKSLASH)
		return 0;
	return DkSameCharsIgnoringCase(dir->Buffer, path->Buffer, dirChars) ? skip : 0;
}

BOOLEAN DkNameIsBelow(const UNICODE_STRING *path, const UNICODE_STRING *dir)
{
	return DkDirectoryPrefixChars(dir, path) != 0;
}

BOOLEAN DkNameIsAtOrBelow(const UNICODE_STRING *path, const UNICODE_STRING *dir)
{
	return DkNameEqual(path, dir) || DkNameIsBelow(path, dir);
}

BOOLEAN DkNameRelativeTo(const UNICODE_STRING *dir, const UNICODE_STRING *path, BOOLEAN anyDepth, UNICODE_STRING *relative)
{
	USHORT skip = DkDirectoryPrefixChars(dir, path);

	if (skip == 0)
		return FALSE;
	relative->Buffer = path->Buffer + skip;
	relative->Length = relative->MaximumLength = (USHORT)(path->Length - skip * sizeof(WCHAR));
	return anyDepth || !DkNameHasBackslash(relative);
}
