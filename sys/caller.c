/* SPDX-License-Identifier: LGPL-3.0-or-later
 * caller.c - who sent a request: whether the requestor may act on other people's mounts.
 * The token is read through Zw* calls on the requestor's thread and process (opened by
 * id), which works in the caller's context on Windows and from winedevice under Wine,
 * where the Se* subject-context routines are stubs. */
#include "dk.h"

#define DK_TOKEN_GROUPS_MAX_BYTES 0x10000u
/* values the DDK headers leave to the SDK */
#define DK_THREAD_QUERY_INFORMATION   0x0040u
#define DK_PROCESS_QUERY_INFORMATION  0x0400u
#define DK_SE_GROUP_ENABLED           0x00000004u
#define DK_SE_GROUP_USE_FOR_DENY_ONLY 0x00000010u
#define DK_ADMINS_SID_BYTES           16u /* S-1-5-32-544: 8 + 2 sub-authorities */

static HANDLE DkOpenRequestorToken(PIRP irp)
{
	OBJECT_ATTRIBUTES attributes;
	CLIENT_ID client = { 0 };
	HANDLE object = NULL, token = NULL;

	InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
	client.UniqueThread = ULongToHandle(DkRequestorThreadId(irp));
	/* an impersonating thread acts with its impersonation token */
	if (client.UniqueThread && NT_SUCCESS(ZwOpenThread(&object, DK_THREAD_QUERY_INFORMATION, &attributes, &client))) {
		if (!NT_SUCCESS(ZwOpenThreadToken(object, TOKEN_QUERY, TRUE, &token)))
			token = NULL;
		ZwClose(object);
		if (token)
			return token;
	}
	client.UniqueThread = NULL;
	client.UniqueProcess = ULongToHandle(DkRequestorProcessId(irp));
	if (!NT_SUCCESS(ZwOpenProcess(&object, DK_PROCESS_QUERY_INFORMATION, &attributes, &client)))
		return NULL;
	if (!NT_SUCCESS(ZwOpenProcessToken(object, TOKEN_QUERY, &token)))
		token = NULL;
	ZwClose(object);
	return token;
}

static TOKEN_GROUPS *DkQueryGroups(HANDLE token)
{
	TOKEN_GROUPS *groups;
	ULONG bytes = 0;
	NTSTATUS status = ZwQueryInformationToken(token, TokenGroups, NULL, 0, &bytes);

	if (status != STATUS_BUFFER_TOO_SMALL || bytes == 0 || bytes > DK_TOKEN_GROUPS_MAX_BYTES)
		return NULL;
	groups = DkAlloc(bytes);
	if (groups && !NT_SUCCESS(ZwQueryInformationToken(token, TokenGroups, groups, bytes, &bytes))) {
		DkFree(groups);
		groups = NULL;
	}
	return groups;
}

/* BUILTIN\Administrators, enabled and not deny-only (a filtered token has it deny-only). */
static BOOLEAN DkGroupsHaveAdministrators(const TOKEN_GROUPS *groups)
{
	static SID_IDENTIFIER_AUTHORITY nt = { SECURITY_NT_AUTHORITY };
	ULONG buffer[DK_ADMINS_SID_BYTES / sizeof(ULONG)];
	PSID admins = (PSID)buffer;
	ULONG i;

	RtlInitializeSid(admins, &nt, 2);
	*RtlSubAuthoritySid(admins, 0) = SECURITY_BUILTIN_DOMAIN_RID;
	*RtlSubAuthoritySid(admins, 1) = DOMAIN_ALIAS_RID_ADMINS;
	for (i = 0; i < groups->GroupCount; i++) {
		ULONG attributes = groups->Groups[i].Attributes;
		if ((attributes & DK_SE_GROUP_ENABLED) && !(attributes & DK_SE_GROUP_USE_FOR_DENY_ONLY) &&
			RtlEqualSid(groups->Groups[i].Sid, admins))
			return TRUE;
	}
	return FALSE;
}

BOOLEAN DkRequestorIsAdministrator(PIRP irp)
{
	HANDLE token = DkOpenRequestorToken(irp);
	TOKEN_GROUPS *groups = token ? DkQueryGroups(token) : NULL;
	BOOLEAN admin = groups && DkGroupsHaveAdministrators(groups);

	DkFree(groups);
	if (token)
		ZwClose(token);
	return admin;
}
