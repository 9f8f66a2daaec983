// SPDX-License-Identifier: LGPL-3.0-or-later
/* names.c - which names belong to a Dokan drive, and the form iohost takes them in.
 * A Dokan drive letter is a symbolic link to "\Device\Volume{D6CC17C5-...-BCE7-964F1E9F5DE9}"
 * (disk mode) or "\Device\DokanRedirector{D6CC17C5-...}" (network mode), the names dokan.sys
 * gives its volumes and the mounter links letters to; the answer is kept
 * for about a second per letter, so mounts and unmounts are seen quickly while an open on
 * C: costs no extra request most of the time. */
#include "shim.h"

#include <string.h>
#include <wchar.h>

#define LETTER_CACHE_MS 1000
#define TARGET_CHARS 128

/* disk mode names the volume's disk device, network mode the volume device itself */
static const WCHAR *const device_prefixes[] = { L"\\Device\\Volume{D6CC17C5-", L"\\Device\\DokanRedirector{D6CC17C5-" };
static const WCHAR volume_suffix[] = L"-BCE7-964F1E9F5DE9}";

typedef struct letter_state {
	ULONGLONG checked_at;   /* GetTickCount64; 0: never */
	BOOL dokan;
} letter_state;

static letter_state letters[26];
static SRWLOCK letters_lock = SRWLOCK_INIT;

#define CHARS(literal) (sizeof(literal) / sizeof(WCHAR) - 1)

static BOOL starts_with(const WCHAR *text, size_t chars, const WCHAR *prefix, size_t prefix_chars)
{
	return chars >= prefix_chars && !_wcsnicmp(text, prefix, prefix_chars);
}

/* Length of a Dokan volume device name at the start of text ("\Device\Volume{...}"), or 0. */
static size_t dokan_device_chars(const WCHAR *text, size_t chars)
{
	size_t end = 0, i;

	for (i = 0; i < sizeof(device_prefixes) / sizeof(device_prefixes[0]) && !end; i++)
		if (starts_with(text, chars, device_prefixes[i], wcslen(device_prefixes[i])))
			end = wcslen(device_prefixes[i]);
	if (!end)
		return 0;
	for (; end < chars && text[end] != L'}'; end++)
		;
	if (end == chars)
		return 0;
	end++;
	if (end < CHARS(volume_suffix) ||
	    _wcsnicmp(text + end - CHARS(volume_suffix), volume_suffix, CHARS(volume_suffix)))
		return 0;
	return end;
}

/* The current target of \??\X: names a Dokan volume. */
static BOOL letter_is_dokan_now(WCHAR letter)
{
	WCHAR name[] = L"\\??\\X:", target[TARGET_CHARS];
	UNICODE_STRING name_string, target_string;
	OBJECT_ATTRIBUTES oa;
	HANDLE link;
	ULONG bytes = 0;
	NTSTATUS status;

	name[4] = letter;
	RtlInitUnicodeString(&name_string, name);
	InitializeObjectAttributes(&oa, &name_string, OBJ_CASE_INSENSITIVE, NULL, NULL);
	if (!NT_SUCCESS(NtOpenSymbolicLinkObject(&link, GENERIC_READ, &oa)))
		return FALSE;
	target_string.Buffer = target;
	target_string.Length = 0;
	target_string.MaximumLength = sizeof(target) - sizeof(WCHAR);
	status = NtQuerySymbolicLinkObject(link, &target_string, &bytes);
	real_NtClose(link);
	if (!NT_SUCCESS(status))
		return FALSE;
	return dokan_device_chars(target, target_string.Length / sizeof(WCHAR)) ==
		target_string.Length / sizeof(WCHAR);
}

BOOL shim_is_dokan_letter(WCHAR letter)
{
	ULONGLONG now = GetTickCount64();
	letter_state *state;
	BOOL fresh, dokan;

	if (letter >= L'a' && letter <= L'z')
		letter = (WCHAR)(letter - L'a' + L'A');
	if (letter < L'A' || letter > L'Z')
		return FALSE;
	state = &letters[letter - L'A'];
	AcquireSRWLockShared(&letters_lock);
	fresh = state->checked_at && now - state->checked_at < LETTER_CACHE_MS;
	dokan = state->dokan;
	ReleaseSRWLockShared(&letters_lock);
	if (fresh)
		return dokan;
	dokan = letter_is_dokan_now(letter);
	AcquireSRWLockExclusive(&letters_lock);
	state->checked_at = now ? now : 1;
	state->dokan = dokan;
	ReleaseSRWLockExclusive(&letters_lock);
	return dokan;
}

/* "\??\X:...", "\DosDevices\X:...", "\GLOBAL??\X:..." or "X:...": the letter and what
 * follows the colon. */
static BOOL split_letter(const WCHAR *name, size_t chars, WCHAR *letter, const WCHAR **rest, size_t *rest_chars)
{
	static const WCHAR *const prefixes[] = { L"\\??\\", L"\\DosDevices\\", L"\\GLOBAL??\\", L"" };
	size_t i, skip;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		skip = wcslen(prefixes[i]);
		if (!starts_with(name, chars, prefixes[i], skip) || chars < skip + 2 || name[skip + 1] != L':')
			continue;
		if (!iswalpha(name[skip]) || name[skip] > 0x7f)
			return FALSE;
		*letter = name[skip];
		*rest = name + skip + 2;
		*rest_chars = chars - skip - 2;
		return TRUE;
	}
	return FALSE;
}

BOOL shim_split_dokan_path(const WCHAR *name, ULONG chars, WCHAR *letter, const WCHAR **rest,
	ULONG *rest_chars)
{
	size_t tail;

	if (!split_letter(name, chars, letter, rest, &tail) || !shim_is_dokan_letter(*letter))
		return FALSE;
	*rest_chars = (ULONG)tail;
	return TRUE;
}

static BOOL set_name(shim_target *target, const WCHAR *head, size_t head_chars, const WCHAR *tail,
	size_t tail_chars)
{
	target->name_bytes = (ULONG)((head_chars + tail_chars) * sizeof(WCHAR));
	target->name = shim_alloc(target->name_bytes + sizeof(WCHAR));
	if (!target->name)
		return FALSE;
	memcpy(target->name, head, head_chars * sizeof(WCHAR));
	memcpy(target->name + head_chars, tail, tail_chars * sizeof(WCHAR));
	return TRUE;
}

/* "\Device\Volume{dokan...}\x" or "\??\GLOBALROOT\Device\Volume{dokan...}\x". */
static BOOL device_path(const WCHAR *name, size_t chars, shim_target *target)
{
	static const WCHAR globalroot[] = L"\\??\\GLOBALROOT";
	size_t device;

	if (starts_with(name, chars, globalroot, CHARS(globalroot))) {
		name += CHARS(globalroot);
		chars -= CHARS(globalroot);
	}
	device = dokan_device_chars(name, chars);
	if (!device || (device < chars && name[device] != L'\\'))
		return FALSE;
	return set_name(target, name, chars, NULL, 0);
}

static BOOL absolute_path(const WCHAR *name, size_t chars, shim_target *target)
{
	WCHAR letter, head[2];
	const WCHAR *rest;
	size_t rest_chars;

	if (!split_letter(name, chars, &letter, &rest, &rest_chars))
		return device_path(name, chars, target);
	if (name[0] != L'\\' || !shim_is_dokan_letter(letter))
		return FALSE; /* only NT names: a bare "M:" is relative to a root directory */
	head[0] = letter;
	head[1] = L':';
	target->letter = letter;
	return set_name(target, head, 2, rest, rest_chars);
}

BOOL shim_resolve_target(const OBJECT_ATTRIBUTES *oa, shim_target *target)
{
	const UNICODE_STRING *name;
	shim_handle_info root;
	size_t chars;

	memset(target, 0, sizeof(*target));
	if (!shim_can_read(oa, sizeof(*oa)) || oa->Length != sizeof(*oa) || !oa->ObjectName ||
	    !shim_can_read(oa->ObjectName, sizeof(*oa->ObjectName)))
		return FALSE;
	name = oa->ObjectName;
	chars = name->Length / sizeof(WCHAR);
	if ((name->Length & 1) || !shim_can_read(name->Buffer, name->Length))
		return FALSE;
	if (oa->RootDirectory) {
		if (!shim_lookup_bound(oa->RootDirectory, &root))
			return FALSE;
		target->related_id = root.file_id;
		target->letter = (WCHAR)root.letter;
		return set_name(target, name->Buffer, chars, NULL, 0);
	}
	return absolute_path(name->Buffer, chars, target);
}

void shim_target_free(shim_target *target)
{
	shim_free(target->name);
	target->name = NULL;
}

WCHAR shim_only_dokan_letter(void)
{
	WCHAR letter, found = 0;

	for (letter = L'A'; letter <= L'Z'; letter++) {
		if (!shim_is_dokan_letter(letter))
			continue;
		if (found)
			return 0;
		found = letter;
	}
	return found;
}
