/* SPDX-License-Identifier: LGPL-3.0-or-later */
/* dokannp.c - the network provider of Dokan's network mode (`mirror /n`, installed by
 * `dokanctl /i n`): the Multiple Provider Router asks it about drive letters so that
 * Explorer and WNet* treat a network-mode Dokan drive as a network drive. It never makes
 * or breaks a connection itself: the mounter owns the drive letters. Behaviour as 0.6.0's
 * (docs/behaviour.md, "dokannp.dll"); where 0.6.0 would have read a NULL pointer it answers
 * WN_BAD_POINTER. */
#include <windows.h>
#include <winnetwk.h>
#include <npapi.h>

#include <wchar.h>
#include "dk_flavor.h"

#ifndef WNNC_NET_RDR2SAMPLE
#define WNNC_NET_RDR2SAMPLE 0x00250000
#endif
#define NP_STARTED        1u
#define NP_DRIVER_VERSION 1u
/* What a network-mode volume's drive letter points at
 * (docs/behaviour.md, "Device objects and names"). */
#define NP_REDIRECTOR_TARGET DKF_REDIRECTOR_DEVICE L"{"
/* 0.6.0 asked for 8 units of buffer for "X:\" and its terminator (4 characters, 8
 * bytes), whatever the unit; more than enough either way. */
#define NP_CONNECTION_BUFFER 8u

static DWORD np_capability(DWORD index)
{
	switch (index) {
	case WNNC_SPEC_VERSION:
		return WNNC_SPEC_VERSION51;
	case WNNC_NET_TYPE:
		return WNNC_NET_RDR2SAMPLE;
	case WNNC_DRIVER_VERSION:
		return NP_DRIVER_VERSION;
	case WNNC_CONNECTION:
		return WNNC_CON_GETCONNECTIONS | WNNC_CON_CANCELCONNECTION | WNNC_CON_ADDCONNECTION |
		       WNNC_CON_ADDCONNECTION3;
	case WNNC_ENUMERATION:
		return WNNC_ENUM_LOCAL;
	case WNNC_START:
		return NP_STARTED;
	default:
		return 0;
	}
}

DWORD WINAPI NPGetCaps(DWORD ndex)
{
	return np_capability(ndex);
}

/* "X:" (any case), the only local names this provider knows. */
static BOOL np_is_drive_name(LPCWSTR name)
{
	return name && iswalpha(name[0]) && name[1] == L':' && name[2] == L'\0';
}

static BOOL np_drive_target(LPCWSTR drive, WCHAR *target, DWORD chars)
{
	target[0] = L'\0';
	return QueryDosDeviceW(drive, target, chars) != 0;
}

/* A letter is ours when it names a network-mode Dokan volume. */
static BOOL np_is_dokan_network_drive(LPCWSTR drive)
{
	WCHAR target[MAX_PATH];
	size_t prefix = wcslen(NP_REDIRECTOR_TARGET);

	return np_drive_target(drive, target, MAX_PATH) && _wcsnicmp(target, NP_REDIRECTOR_TARGET, prefix) == 0;
}

/* The provider cannot connect anything: a letter that exists is "already connected"
 * (by whoever defined it), any other request names nothing it could reach. */
static DWORD np_add_connection(const NETRESOURCEW *resource)
{
	WCHAR target[MAX_PATH];

	if (!resource)
		return WN_BAD_POINTER;
	if (np_is_drive_name(resource->lpLocalName) && np_drive_target(resource->lpLocalName, target, MAX_PATH))
		return WN_ALREADY_CONNECTED;
	return WN_BAD_NETNAME;
}

DWORD WINAPI NPAddConnection(LPNETRESOURCEW lpNetResource, LPWSTR lpPassword, LPWSTR lpUserName)
{
	return np_add_connection(lpNetResource);
}

DWORD WINAPI NPAddConnection3(HWND hwndOwner, LPNETRESOURCEW lpNetResource, LPWSTR lpPassword, LPWSTR lpUserName,
	DWORD dwFlags)
{
	return np_add_connection(lpNetResource);
}

/* Unmounting is the mounter's business (dokanctl /u); nothing to cancel here. */
DWORD WINAPI NPCancelConnection(LPWSTR lpName, BOOL fForce)
{
	return WN_SUCCESS;
}

/* The remote name of a network-mode Dokan drive "X:" is "X:\". */
DWORD WINAPI NPGetConnection(LPWSTR lpLocalName, LPWSTR lpRemoteName, LPDWORD lpnBufferLen)
{
	if (!lpLocalName || !lpnBufferLen)
		return WN_BAD_POINTER;
	if (!np_is_drive_name(lpLocalName) || !np_is_dokan_network_drive(lpLocalName))
		return WN_NOT_CONNECTED;
	if (*lpnBufferLen < NP_CONNECTION_BUFFER) {
		*lpnBufferLen = NP_CONNECTION_BUFFER;
		return WN_MORE_DATA;
	}
	if (!lpRemoteName)
		return WN_BAD_POINTER;
	lpRemoteName[0] = lpLocalName[0];
	lpRemoteName[1] = L':';
	lpRemoteName[2] = L'\\';
	lpRemoteName[3] = L'\0';
	return WN_SUCCESS;
}

/* Only the connected scope opens; it then lists nothing (0.6.0 answered "not supported"
 * to the listing itself). The handle is a marker, there is no state to keep. */
#define NP_ENUM_HANDLE ((HANDLE)(ULONG_PTR)0xD0CA)

DWORD WINAPI NPOpenEnum(DWORD dwScope, DWORD dwType, DWORD dwUsage, LPNETRESOURCEW lpNetResource, LPHANDLE lphEnum)
{
	if (dwScope != RESOURCE_CONNECTED)
		return WN_NOT_SUPPORTED;
	if (!lphEnum)
		return WN_BAD_POINTER;
	*lphEnum = NP_ENUM_HANDLE;
	return WN_SUCCESS;
}

DWORD WINAPI NPEnumResource(HANDLE hEnum, LPDWORD lpcCount, LPVOID lpBuffer, LPDWORD lpBufferSize)
{
	return WN_NOT_SUPPORTED;
}

DWORD WINAPI NPCloseEnum(HANDLE hEnum)
{
	return hEnum == NP_ENUM_HANDLE ? WN_SUCCESS : WN_BAD_HANDLE;
}

DWORD WINAPI NPGetUniversalName(LPWSTR lpLocalPath, DWORD dwInfoLevel, LPVOID lpBuffer, LPDWORD lpBufferSize)
{
	return WN_NOT_SUPPORTED;
}

DWORD WINAPI NPGetResourceParent(LPNETRESOURCEW lpNetResource, LPVOID lpBuffer, LPDWORD lpBufferSize)
{
	return WN_NOT_SUPPORTED;
}

DWORD WINAPI NPGetResourceInformation(LPNETRESOURCEW lpNetResource, LPVOID lpBuffer, LPDWORD lpBufferSize,
	LPWSTR *lplpSystem)
{
	return WN_NOT_SUPPORTED;
}

/* No logon script to run. */
DWORD WINAPI NPLogonNotify(PLUID lpLogonId, LPCWSTR lpAuthentInfoType, LPVOID lpAuthentInfo,
	LPCWSTR lpPreviousAuthentInfoType, LPVOID lpPreviousAuthentInfo, LPWSTR lpStationName, LPVOID StationHandle,
	LPWSTR *lpLogonScript)
{
	if (lpLogonScript)
		*lpLogonScript = NULL;
	return WN_SUCCESS;
}

DWORD WINAPI NPPasswordChangeNotify(LPCWSTR lpAuthentInfoType, LPVOID lpAuthentInfo, LPCWSTR lpPreviousAuthentInfoType,
	LPVOID lpPreviousAuthentInfo, LPWSTR lpStationName, LPVOID StationHandle, DWORD dwChangeInfo)
{
	return WN_NOT_SUPPORTED;
}
