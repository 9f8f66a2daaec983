// SPDX-License-Identifier: LGPL-3.0-or-later
/* cf_descriptor.c - the security descriptors a file system with descriptors of its own
 * (memfs) must return, built here independently from what its documentation says. */
#include "cf.h"

#include <sddl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The SID string of this process's user or primary group: the file system under test runs
 * as the same user in the same prefix. */
static BOOL token_sid(TOKEN_INFORMATION_CLASS which, LPWSTR *text)
{
	BYTE data[512];
	HANDLE token;
	DWORD length;
	BOOL ok;

	if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
		return FALSE;
	ok = GetTokenInformation(token, which, data, sizeof(data), &length);
	CloseHandle(token);
	if (!ok)
		return FALSE;
	return ConvertSidToStringSidW(which == TokenUser ? ((TOKEN_USER *)data)->User.Sid :
		((TOKEN_PRIMARY_GROUP *)data)->PrimaryGroup, text);
}

PSECURITY_DESCRIPTOR cf_fs_default_descriptor(void)
{
	static PSECURITY_DESCRIPTOR made;
	LPWSTR user = NULL, group = NULL;
	WCHAR sddl[1024];

	if (made || !cf_fs || !cf_fs->default_sddl)
		return made;
	if (token_sid(TokenUser, &user) && token_sid(TokenPrimaryGroup, &group)) {
		_snwprintf(sddl, 1024, cf_fs->default_sddl, user, group, user);
		sddl[1023] = 0;
		if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &made,
				NULL))
			made = NULL;
	}
	LocalFree(user);
	LocalFree(group);
	return made;
}

/* Copies one part of a descriptor into an absolute one. */
static void take_part(PSECURITY_DESCRIPTOR from, SECURITY_INFORMATION part,
	SECURITY_DESCRIPTOR *to)
{
	SECURITY_DESCRIPTOR_CONTROL control = 0, bits;
	BOOL present = FALSE, defaulted = FALSE;
	DWORD revision;
	PSID sid = NULL;
	PACL acl = NULL;

	GetSecurityDescriptorControl(from, &control, &revision);
	if (part == OWNER_SECURITY_INFORMATION) {
		GetSecurityDescriptorOwner(from, &sid, &defaulted);
		SetSecurityDescriptorOwner(to, sid, defaulted);
	} else if (part == GROUP_SECURITY_INFORMATION) {
		GetSecurityDescriptorGroup(from, &sid, &defaulted);
		SetSecurityDescriptorGroup(to, sid, defaulted);
	} else if (part == DACL_SECURITY_INFORMATION) {
		GetSecurityDescriptorDacl(from, &present, &acl, &defaulted);
		SetSecurityDescriptorDacl(to, present, acl, defaulted);
		bits = SE_DACL_PROTECTED | SE_DACL_AUTO_INHERITED | SE_DACL_AUTO_INHERIT_REQ;
		SetSecurityDescriptorControl(to, bits, control & bits);
	} else {
		GetSecurityDescriptorSacl(from, &present, &acl, &defaulted);
		SetSecurityDescriptorSacl(to, present, acl, defaulted);
		bits = SE_SACL_PROTECTED | SE_SACL_AUTO_INHERITED | SE_SACL_AUTO_INHERIT_REQ;
		SetSecurityDescriptorControl(to, bits, control & bits);
	}
}

PSECURITY_DESCRIPTOR cf_descriptor_parts(PSECURITY_DESCRIPTOR sd, SECURITY_INFORMATION what)
{
	static const SECURITY_INFORMATION parts[] = { OWNER_SECURITY_INFORMATION,
		GROUP_SECURITY_INFORMATION, DACL_SECURITY_INFORMATION, SACL_SECURITY_INFORMATION };
	SECURITY_DESCRIPTOR absolute;
	PSECURITY_DESCRIPTOR relative;
	DWORD size = 0;
	size_t i;

	if (!sd)
		return NULL;
	InitializeSecurityDescriptor(&absolute, SECURITY_DESCRIPTOR_REVISION);
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (what & parts[i])
			take_part(sd, parts[i], &absolute);
	MakeSelfRelativeSD(&absolute, NULL, &size);
	relative = size ? malloc(size) : NULL;
	if (relative && !MakeSelfRelativeSD(&absolute, relative, &size)) {
		free(relative);
		relative = NULL;
	}
	return relative;
}
