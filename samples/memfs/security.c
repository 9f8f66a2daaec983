/* SPDX-License-Identifier: MIT */
/* security.c - a security descriptor per node: every new file and folder gets a copy of
 * one default descriptor, GetFileSecurity returns the parts asked for, SetFileSecurity
 * replaces the parts given. memfs stores descriptors but checks no access against them
 * (Dokan 0.6.0 passes no information a file system could check an open against). */
#include "memfs.h"

#include <sddl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The default: owned by the user running memfs (and their primary group); that user,
 * SYSTEM and the Administrators have full access, everyone else may read and execute. */
#define DEFAULT_DACL L"D:(A;;FA;;;SY)(A;;FA;;;BA)(A;;FA;;;%ls)(A;;FRFX;;;WD)"

static PSECURITY_DESCRIPTOR g_default;
static ULONG g_default_length;

/* The string form of one SID from the process token (user or primary group). */
static BOOL token_sid_string(TOKEN_INFORMATION_CLASS which, LPWSTR *text)
{
	union {
		TOKEN_USER user;
		TOKEN_PRIMARY_GROUP group;
		BYTE bytes[512];
	} data;
	HANDLE token;
	DWORD length;
	BOOL ok;

	if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
		return FALSE;
	ok = GetTokenInformation(token, which, &data, sizeof(data), &length);
	CloseHandle(token);
	if (!ok)
		return FALSE;
	return ConvertSidToStringSidW(which == TokenUser ? data.user.User.Sid : data.group.PrimaryGroup, text);
}

BOOL memfs_security_init(void)
{
	LPWSTR user = NULL, group = NULL;
	WCHAR sddl[1024];
	BOOL ok = token_sid_string(TokenUser, &user) && token_sid_string(TokenPrimaryGroup, &group);

	if (ok) {
		_snwprintf(sddl, ARRAYSIZE(sddl), L"O:%lsG:%ls" DEFAULT_DACL, user, group, user);
		sddl[ARRAYSIZE(sddl) - 1] = 0;
		ok = ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &g_default,
			&g_default_length);
	}
	LocalFree(user);
	LocalFree(group);
	return ok;
}

PSECURITY_DESCRIPTOR memfs_security_default(ULONG *length)
{
	PSECURITY_DESCRIPTOR copy;

	*length = 0;
	if (!g_default)
		return NULL;
	copy = LocalAlloc(LMEM_FIXED, g_default_length);
	if (copy) {
		memcpy(copy, g_default, g_default_length);
		*length = g_default_length;
	}
	return copy;
}

/* ---- parts ---- */

/* The four parts of a descriptor, pointing into it. */
typedef struct PARTS {
	PSID owner, group;
	PACL dacl, sacl;
	BOOL owner_defaulted, group_defaulted, dacl_present, dacl_defaulted;
	BOOL sacl_present, sacl_defaulted;
	SECURITY_DESCRIPTOR_CONTROL control;
} PARTS;

static BOOL read_parts(PSECURITY_DESCRIPTOR descriptor, PARTS *parts)
{
	DWORD revision;

	ZeroMemory(parts, sizeof(*parts));
	if (!descriptor)
		return TRUE;
	return GetSecurityDescriptorOwner(descriptor, &parts->owner, &parts->owner_defaulted) &&
	       GetSecurityDescriptorGroup(descriptor, &parts->group, &parts->group_defaulted) &&
	       GetSecurityDescriptorDacl(descriptor, &parts->dacl_present, &parts->dacl, &parts->dacl_defaulted) &&
	       GetSecurityDescriptorSacl(descriptor, &parts->sacl_present, &parts->sacl, &parts->sacl_defaulted) &&
	       GetSecurityDescriptorControl(descriptor, &parts->control, &revision);
}

/* Control bits that travel with the DACL and the SACL. */
#define DACL_BITS (SE_DACL_PROTECTED | SE_DACL_AUTO_INHERITED | SE_DACL_AUTO_INHERIT_REQ)
#define SACL_BITS (SE_SACL_PROTECTED | SE_SACL_AUTO_INHERITED | SE_SACL_AUTO_INHERIT_REQ)

/* An absolute descriptor made of the parts `what` selects. */
static BOOL build_absolute(const PARTS *parts, SECURITY_INFORMATION what, SECURITY_DESCRIPTOR *out)
{
	SECURITY_DESCRIPTOR_CONTROL mask = 0;

	if (!InitializeSecurityDescriptor(out, SECURITY_DESCRIPTOR_REVISION))
		return FALSE;
	if ((what & OWNER_SECURITY_INFORMATION) && !SetSecurityDescriptorOwner(out, parts->owner, parts->owner_defaulted))
		return FALSE;
	if ((what & GROUP_SECURITY_INFORMATION) && !SetSecurityDescriptorGroup(out, parts->group, parts->group_defaulted))
		return FALSE;
	if (what & DACL_SECURITY_INFORMATION) {
		if (!SetSecurityDescriptorDacl(out, parts->dacl_present, parts->dacl, parts->dacl_defaulted))
			return FALSE;
		mask |= DACL_BITS;
	}
	if (what & SACL_SECURITY_INFORMATION) {
		if (!SetSecurityDescriptorSacl(out, parts->sacl_present, parts->sacl, parts->sacl_defaulted))
			return FALSE;
		mask |= SACL_BITS;
	}
	return !mask || SetSecurityDescriptorControl(out, mask, parts->control & mask);
}

int memfs_security_get(const MEMFS_NODE *node, SECURITY_INFORMATION what, PSECURITY_DESCRIPTOR buffer, ULONG length,
	ULONG *needed)
{
	SECURITY_DESCRIPTOR absolute;
	PARTS parts;
	DWORD size = length;

	*needed = 0;
	if (!read_parts(node->security, &parts) || !build_absolute(&parts, what, &absolute))
		return -ERROR_INVALID_SECURITY_DESCR;
	if (!MakeSelfRelativeSD(&absolute, buffer, &size)) {
		DWORD error = GetLastError();
		*needed = size; /* what it takes, for -ERROR_INSUFFICIENT_BUFFER (docs/behaviour.md, "Security") */
		return error ? -(int)error : -ERROR_INSUFFICIENT_BUFFER;
	}
	*needed = GetSecurityDescriptorLength(buffer);
	return 0;
}

/* ---- changes ---- */

/* The node's parts, with those `what` selects taken from the change instead. */
static void merge_parts(PARTS *merged, const PARTS *change, SECURITY_INFORMATION what)
{
	SECURITY_DESCRIPTOR_CONTROL keep = merged->control;

	if (what & OWNER_SECURITY_INFORMATION) {
		merged->owner = change->owner;
		merged->owner_defaulted = change->owner_defaulted;
	}
	if (what & GROUP_SECURITY_INFORMATION) {
		merged->group = change->group;
		merged->group_defaulted = change->group_defaulted;
	}
	if (what & DACL_SECURITY_INFORMATION) {
		merged->dacl_present = change->dacl_present;
		merged->dacl = change->dacl;
		merged->dacl_defaulted = change->dacl_defaulted;
		keep = (keep & ~DACL_BITS) | (change->control & DACL_BITS);
	}
	if (what & SACL_SECURITY_INFORMATION) {
		merged->sacl_present = change->sacl_present;
		merged->sacl = change->sacl;
		merged->sacl_defaulted = change->sacl_defaulted;
		keep = (keep & ~SACL_BITS) | (change->control & SACL_BITS);
	}
	merged->control = keep;
}

static const SECURITY_INFORMATION ALL_PARTS = OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION |
                                              DACL_SECURITY_INFORMATION | SACL_SECURITY_INFORMATION;

int memfs_security_set(MEMFS_NODE *node, SECURITY_INFORMATION what, PSECURITY_DESCRIPTOR change, ULONG length)
{
	SECURITY_DESCRIPTOR absolute;
	PARTS merged, changed;
	DWORD size = 0;
	BYTE *relative;

	if (length < sizeof(SECURITY_DESCRIPTOR_RELATIVE) || !IsValidSecurityDescriptor(change) ||
		GetSecurityDescriptorLength(change) > length)
		return -ERROR_INVALID_SECURITY_DESCR;
	if (!read_parts(node->security, &merged) || !read_parts(change, &changed))
		return -ERROR_INVALID_SECURITY_DESCR;
	if (((what & OWNER_SECURITY_INFORMATION) && !changed.owner) ||
		((what & GROUP_SECURITY_INFORMATION) && !changed.group))
		return -ERROR_INVALID_SECURITY_DESCR;
	merge_parts(&merged, &changed, what);
	if (!build_absolute(&merged, ALL_PARTS, &absolute))
		return -ERROR_INVALID_SECURITY_DESCR;
	MakeSelfRelativeSD(&absolute, NULL, &size); /* asks for the size */
	relative = size ? malloc(size) : NULL;
	if (!relative)
		return -ERROR_NOT_ENOUGH_MEMORY;
	if (!MakeSelfRelativeSD(&absolute, relative, &size)) {
		free(relative);
		return -ERROR_INVALID_SECURITY_DESCR;
	}
	free(node->security);
	node->security = relative;
	node->security_length = size;
	return 0;
}
