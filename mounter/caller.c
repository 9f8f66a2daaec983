/* SPDX-License-Identifier: MIT
 * caller.c - identifying the client at the other end of the mounter pipe. */
#include "mounter.h"

PSID sid_copy(PSID sid)
{
	DWORD length;
	PSID copy;

	if (sid == NULL || !IsValidSid(sid))
		return NULL;
	length = GetLengthSid(sid);
	copy = HeapAlloc(GetProcessHeap(), 0, length);
	if (copy && !CopySid(length, copy, sid)) {
		HeapFree(GetProcessHeap(), 0, copy);
		copy = NULL;
	}
	return copy;
}

void sid_free(PSID sid)
{
	if (sid)
		HeapFree(GetProcessHeap(), 0, sid);
}

static PSID token_user_sid(HANDLE token)
{
	BYTE buffer[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
	DWORD length = 0;

	if (!GetTokenInformation(token, TokenUser, buffer, sizeof(buffer), &length))
		return NULL;
	return sid_copy(((TOKEN_USER *)buffer)->User.Sid);
}

static BOOL token_is_admin(HANDLE token)
{
	BYTE sid[SECURITY_MAX_SID_SIZE];
	DWORD length = sizeof(sid);
	BOOL member = FALSE;

	if (!CreateWellKnownSid(WinBuiltinAdministratorsSid, NULL, sid, &length))
		return FALSE;
	if (!CheckTokenMembership(token, sid, &member))
		return FALSE;
	return member;
}

/* Needs at least one message read from the pipe first (an impersonation rule).
 * On failure the caller stays anonymous: no SID, not an administrator. */
void caller_identify(HANDLE pipe, caller_t *caller)
{
	HANDLE token = NULL;
	BOOL opened;

	caller->sid = NULL;
	caller->is_admin = FALSE;
	caller->token = NULL;
	if (!ImpersonateNamedPipeClient(pipe)) {
		DbgPrint("mounter: cannot impersonate the client (error %lu)\n", GetLastError());
		return;
	}
	opened = OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, TRUE, &token);
	/* Running on as the client would be a privilege leak; there is no safe way on. */
	if (!RevertToSelf())
		ExitProcess(ERROR_CANNOT_IMPERSONATE);
	if (!opened) {
		DbgPrint("mounter: cannot open the client token (error %lu)\n", GetLastError());
		return;
	}
	caller->sid = token_user_sid(token);
	caller->is_admin = token_is_admin(token);
	/* Kept for checks of the client's own rights on objects the mounter changes for it. */
	caller->token = token;
}

void caller_forget(caller_t *caller)
{
	sid_free(caller->sid);
	caller->sid = NULL;
	caller->is_admin = FALSE;
	if (caller->token)
		CloseHandle(caller->token);
	caller->token = NULL;
}
