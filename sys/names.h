/* SPDX-License-Identifier: LGPL-3.0-or-later
 * names.h - every rule dokan.sys applies to names: the maximum path length, validity,
 * the normal form of a path, the root, parent/child and prefix tests, and comparison
 * ignoring case with one upcase table (docs/architecture.md, "Names"). Paths are full
 * paths in the volume ("\dir\file", the root is "\"), lengths in bytes as in every
 * UNICODE_STRING. Nothing here allocates, locks or calls the kernel, so every function is
 * callable under a spin lock, and tests/unit/host compiles this module natively
 * (DK_HOST_BUILD: the few NT types come from tests/unit/host/nt_host.h). */
#ifndef DK_NAMES_H_
#define DK_NAMES_H_

#ifdef DK_HOST_BUILD
#include "nt_host.h"
#else
#include <ntdef.h>
#endif

/* The longest full path in the volume, in bytes (a UNICODE_STRING's limit, aligned). */
#define DK_MAX_PATH_BYTES 0xFFF0u

/* ---- case ---- */

/* One character to upper case, as the system's upcase table says. */
typedef WCHAR NTAPI DK_UPCASE_FN(WCHAR c);

/* Fills the one upcase table from `upcase` (the driver: RtlUpcaseUnicodeChar, at
 * PASSIVE_LEVEL in DriverEntry). Until then names compare as they are spelled. */
void DkNamesInitialize(DK_UPCASE_FN *upcase);
WCHAR DkNameUpcase(WCHAR c);
/* The same for two names that differ only in case (the FCB table's bucket). */
ULONG DkNameHash(const UNICODE_STRING *path);
/* a and b name the same object: equal ignoring case. */
BOOLEAN DkNameEqual(const UNICODE_STRING *a, const UNICODE_STRING *b);

/* ---- validity ---- */

BOOLEAN DkNameIsRoot(const UNICODE_STRING *path);
/* A full path NTFS accepts: "\" or "\" followed by components separated by "\", none
 * empty, "." or "..", none with a control character or one of " * < > ? | /. */
BOOLEAN DkNameIsValidPath(const UNICODE_STRING *path);
/* Names a stream ("file:stream[:type]"): only mounts with DOKAN_OPTION_ALT_STREAM take it. */
BOOLEAN DkNameHasStream(const UNICODE_STRING *path);
BOOLEAN DkNameHasBackslash(const UNICODE_STRING *name);

/* ---- building a full path ---- */

/* name may be put in dir (dir NULL: name is a full path): a full name starts with "\", a
 * relative one does not, and the result is not longer than DK_MAX_PATH_BYTES. */
BOOLEAN DkNameCanCompose(const UNICODE_STRING *dir, const UNICODE_STRING *name);
/* The bytes DkNameCompose writes for dir and name. */
ULONG DkNameComposeBytes(const UNICODE_STRING *dir, const UNICODE_STRING *name);
/* out = dir + "\" (unless dir ends with one or name is empty) + name, in normal form:
 * one leading "\\" collapsed, a trailing "\" dropped except from the root (reported in
 * *trailingBackslash). out->Buffer holds out->MaximumLength >= DkNameComposeBytes bytes;
 * DkNameCanCompose said yes. No validity check: DkNameIsValidPath. */
void DkNameCompose(UNICODE_STRING *out, const UNICODE_STRING *dir, const UNICODE_STRING *name,
	BOOLEAN *trailingBackslash);

/* ---- parents, children, prefixes (ignoring case) ---- */

/* The directory part of path, without its last "\" (the root keeps its "\"): a view
 * into path's buffer. */
void DkNameParent(const UNICODE_STRING *path, UNICODE_STRING *parent);
BOOLEAN DkNameSameParent(const UNICODE_STRING *a, const UNICODE_STRING *b);
/* path lies below dir (at any depth), not dir itself. */
BOOLEAN DkNameIsBelow(const UNICODE_STRING *path, const UNICODE_STRING *dir);
BOOLEAN DkNameIsAtOrBelow(const UNICODE_STRING *path, const UNICODE_STRING *dir);
/* path relative to dir (a view into path's buffer) when it is a child of dir, or with
 * anyDepth any descendant. */
BOOLEAN DkNameRelativeTo(const UNICODE_STRING *dir, const UNICODE_STRING *path, BOOLEAN anyDepth,
	UNICODE_STRING *relative);

#endif /* DK_NAMES_H_ */
