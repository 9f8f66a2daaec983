// SPDX-License-Identifier: LGPL-3.0-or-later
/* test_network.c - network mode and dokannp.dll, with a network-mode mirror on <L>:
 *
 *   test_network.exe <L> <unused letter>
 *
 * The volume: its drive letter names \Device\DokanRedirector{...}, FileFsDeviceInformation
 * says FILE_REMOTE_DEVICE, files read and write through iohost. The provider (installed in
 * system32 and registered by `dokanctl /i n`): the Multiple Provider Router finds it
 * (WNetGetProviderNameW, which needs NPGetCaps) and every entry point, called directly,
 * behaves as 0.6.0's did (docs/behaviour.md, "dokannp.dll"). */
#include "ioclient.h"

#include <winnetwk.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "check.h"

#define NET_TYPE_RDR2SAMPLE 0x00250000u
#define CAPS_SPEC_VERSION 1u
#define CAPS_NET_TYPE 2u
#define CAPS_DRIVER_VERSION 3u
#define CAPS_CONNECTION 6u
#define CAPS_ENUMERATION 0xBu
#define CAPS_START 0xCu
#define DEVICE_REMOTE 0x10u     /* FILE_REMOTE_DEVICE */
#define DEVICE_IS_MOUNTED 0x20u /* FILE_DEVICE_IS_MOUNTED */

typedef DWORD (WINAPI *NP_GET_CAPS)(DWORD);
typedef DWORD (WINAPI *NP_GET_CONNECTION)(LPWSTR, LPWSTR, LPDWORD);
typedef DWORD (WINAPI *NP_ADD_CONNECTION)(LPNETRESOURCEW, LPWSTR, LPWSTR);
typedef DWORD (WINAPI *NP_ADD_CONNECTION3)(HWND, LPNETRESOURCEW, LPWSTR, LPWSTR, DWORD);
typedef DWORD (WINAPI *NP_CANCEL_CONNECTION)(LPWSTR, BOOL);
typedef DWORD (WINAPI *NP_OPEN_ENUM)(DWORD, DWORD, DWORD, LPNETRESOURCEW, LPHANDLE);
typedef DWORD (WINAPI *NP_ENUM_RESOURCE)(HANDLE, LPDWORD, LPVOID, LPDWORD);
typedef DWORD (WINAPI *NP_CLOSE_ENUM)(HANDLE);
typedef DWORD (WINAPI *NP_FOUR_ARGS)(LPVOID, LPVOID, LPVOID, LPVOID);
typedef DWORD (WINAPI *NP_THREE_ARGS)(LPVOID, LPVOID, LPVOID);
typedef DWORD (WINAPI *NP_LOGON_NOTIFY)(PLUID, LPCWSTR, LPVOID, LPCWSTR, LPVOID, LPWSTR, LPVOID,
	LPWSTR *);
typedef DWORD (WINAPI *NP_PASSWORD_NOTIFY)(LPCWSTR, LPVOID, LPCWSTR, LPVOID, LPWSTR, LPVOID, DWORD);

#define check(ok, what) CHECK(ok, "%s", what)
#define check_value(got, want, what) check_value_at(__FILE__, __LINE__, got, want, what)

static void check_value_at(const char *file, int line, DWORD got, DWORD want, const char *what)
{
	ck_check(file, line, got == want, "%s: got %lu (0x%lX), expected %lu (0x%lX)", what, (unsigned long)got,
		(unsigned long)got, (unsigned long)want, (unsigned long)want);
}

static HMODULE g_np;

/* Looked up by ordinal: the ordinal is what a provider table may rely on. */
static void *np_entry(WORD ordinal, const char *name)
{
	FARPROC by_ordinal = GetProcAddress(g_np, MAKEINTRESOURCEA(ordinal));
	FARPROC by_name = GetProcAddress(g_np, name);
	char what[96];

	snprintf(what, sizeof(what), "export %s is ordinal %u", name, ordinal);
	check(by_ordinal && by_ordinal == by_name, what);
	return (void *)by_ordinal;
}

static void test_volume(WCHAR letter)
{
	WCHAR drive[3] = { letter, L':', 0 }, root[4] = { letter, L':', L'\\', 0 }, target[MAX_PATH];
	FILE_FS_DEVICE_INFORMATION device = { 0 };
	ioc_file file = 0;
	NTSTATUS status;

	check(QueryDosDeviceW(drive, target, MAX_PATH) &&
	      !wcsncmp(target, L"\\Device\\DokanRedirector{D6CC17C5-", 33),
		"volume: the letter names \\Device\\DokanRedirector{...}");
	status = ioc_connect();
	if (NT_SUCCESS(status))
		status = ioc_open(root, FILE_READ_ATTRIBUTES | SYNCHRONIZE,
			FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN,
			FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, &file, NULL);
	check(NT_SUCCESS(status), "volume: the root opens through iohost");
	if (!NT_SUCCESS(status))
		return;
	status = ioc_query_volume(file, FileFsDeviceInformation, &device, sizeof(device), NULL);
	check(NT_SUCCESS(status) && device.DeviceType == FILE_DEVICE_DISK &&
	      (device.Characteristics & DEVICE_REMOTE) &&
	      (device.Characteristics & DEVICE_IS_MOUNTED),
		"volume: FileFsDeviceInformation is a disk with FILE_REMOTE_DEVICE "
		"(docs/behaviour.md#volume-information)");
	ioc_close(file);
}

static void test_router(void)
{
	WCHAR name[64] = L"";
	DWORD chars = 64;

	check_value(WNetGetProviderNameW(NET_TYPE_RDR2SAMPLE, name, &chars), NO_ERROR,
		"router: WNetGetProviderNameW(WNNC_NET_RDR2SAMPLE)");
	check(!wcscmp(name, L"DokanNP"), "router: the provider is DokanNP (it answered NPGetCaps)");
	check(GetModuleHandleW(L"dokannp.dll") != NULL, "router: mpr.dll loaded dokannp.dll");
}

static void test_caps(void)
{
	NP_GET_CAPS caps = (NP_GET_CAPS)np_entry(13, "NPGetCaps");

	if (!caps)
		return;
	check_value(caps(CAPS_SPEC_VERSION), 0x00050001, "NPGetCaps(WNNC_SPEC_VERSION) = 5.1");
	check_value(caps(CAPS_NET_TYPE), NET_TYPE_RDR2SAMPLE, "NPGetCaps(WNNC_NET_TYPE)");
	check_value(caps(CAPS_DRIVER_VERSION), 1, "NPGetCaps(WNNC_DRIVER_VERSION)");
	check_value(caps(CAPS_CONNECTION), 0xF, "NPGetCaps(WNNC_CONNECTION): get/cancel/add/add3");
	check_value(caps(CAPS_ENUMERATION), 2, "NPGetCaps(WNNC_ENUMERATION): local");
	check_value(caps(CAPS_START), 1, "NPGetCaps(WNNC_START): started");
	check_value(caps(4), 0, "NPGetCaps(WNNC_USER): none");
}

static void test_get_connection(WCHAR mounted, WCHAR unused)
{
	NP_GET_CONNECTION get = (NP_GET_CONNECTION)np_entry(12, "NPGetConnection");
	WCHAR local[3] = { mounted, L':', 0 }, other[3] = { unused, L':', 0 };
	WCHAR remote[16], expected[4] = { mounted, L':', L'\\', 0 };
	DWORD size = 4;

	if (!get)
		return;
	check_value(get(local, remote, &size), WN_MORE_DATA, "NPGetConnection: a 4-unit buffer is short");
	check_value(size, 8, "NPGetConnection: it asks for 8");
	size = 16;
	check_value(get(local, remote, &size), WN_SUCCESS, "NPGetConnection: mounted letter");
	check(!wcscmp(remote, expected), "NPGetConnection: X: is connected to X:\\");
	check_value(get(other, remote, &size), WN_NOT_CONNECTED, "NPGetConnection: unmounted letter");
	check_value(get(L"C:", remote, &size), WN_NOT_CONNECTED,
		"NPGetConnection: a letter that is not a Dokan network drive");
	check_value(get(local, remote, NULL), WN_BAD_POINTER, "NPGetConnection: NULL size");
}

static void test_add_cancel(WCHAR mounted, WCHAR unused)
{
	NP_ADD_CONNECTION add = (NP_ADD_CONNECTION)np_entry(17, "NPAddConnection");
	NP_ADD_CONNECTION3 add3 = (NP_ADD_CONNECTION3)np_entry(38, "NPAddConnection3");
	NP_CANCEL_CONNECTION cancel = (NP_CANCEL_CONNECTION)np_entry(18, "NPCancelConnection");
	WCHAR local[3] = { mounted, L':', 0 }, other[3] = { unused, L':', 0 };
	NETRESOURCEW resource = { 0 };

	if (!add || !add3 || !cancel)
		return;
	resource.dwType = RESOURCETYPE_DISK;
	resource.lpRemoteName = L"\\\\dokan\\share";
	resource.lpLocalName = local;
	check_value(add(&resource, NULL, NULL), WN_ALREADY_CONNECTED, "NPAddConnection: mounted letter");
	check_value(add3(NULL, &resource, NULL, NULL, 0), WN_ALREADY_CONNECTED,
		"NPAddConnection3: mounted letter");
	resource.lpLocalName = other;
	check_value(add(&resource, NULL, NULL), WN_BAD_NETNAME, "NPAddConnection: unmounted letter");
	check_value(add3(NULL, &resource, NULL, NULL, 0), WN_BAD_NETNAME,
		"NPAddConnection3: unmounted letter");
	check_value(add(NULL, NULL, NULL), WN_BAD_POINTER, "NPAddConnection: NULL resource");
	check(!QueryDosDeviceW(other, (WCHAR[MAX_PATH]){ 0 }, MAX_PATH),
		"NPAddConnection: defined no drive letter");
	check_value(cancel(local, FALSE), WN_SUCCESS, "NPCancelConnection: succeeds");
}

static void test_enumeration(void)
{
	NP_OPEN_ENUM open = (NP_OPEN_ENUM)np_entry(33, "NPOpenEnum");
	NP_ENUM_RESOURCE next = (NP_ENUM_RESOURCE)np_entry(34, "NPEnumResource");
	NP_CLOSE_ENUM close = (NP_CLOSE_ENUM)np_entry(35, "NPCloseEnum");
	HANDLE handle = NULL;
	DWORD count = 1, bytes = 256;
	BYTE buffer[256];

	if (!open || !next || !close)
		return;
	check_value(open(RESOURCE_GLOBALNET, RESOURCETYPE_ANY, 0, NULL, &handle), WN_NOT_SUPPORTED,
		"NPOpenEnum: global scope is not supported");
	check_value(open(RESOURCE_CONNECTED, RESOURCETYPE_ANY, 0, NULL, &handle), WN_SUCCESS,
		"NPOpenEnum: connected scope opens");
	check_value(next(handle, &count, buffer, &bytes), WN_NOT_SUPPORTED,
		"NPEnumResource: not supported");
	check_value(close(handle), WN_SUCCESS, "NPCloseEnum");
}

static void test_not_supported(void)
{
	NP_FOUR_ARGS universal = (NP_FOUR_ARGS)np_entry(40, "NPGetUniversalName");
	NP_THREE_ARGS parent = (NP_THREE_ARGS)np_entry(41, "NPGetResourceParent");
	NP_FOUR_ARGS information = (NP_FOUR_ARGS)np_entry(52, "NPGetResourceInformation");
	NP_LOGON_NOTIFY logon = (NP_LOGON_NOTIFY)np_entry(500, "NPLogonNotify");
	NP_PASSWORD_NOTIFY password = (NP_PASSWORD_NOTIFY)np_entry(501, "NPPasswordChangeNotify");
	DWORD size = 64;
	BYTE buffer[64];
	LPWSTR script = (LPWSTR)L"sentinel";

	if (!universal || !parent || !information || !logon || !password)
		return;
	check_value(universal(L"X:\\a", (LPVOID)1, buffer, &size), WN_NOT_SUPPORTED,
		"NPGetUniversalName: not supported");
	check_value(parent(NULL, buffer, &size), WN_NOT_SUPPORTED, "NPGetResourceParent: not supported");
	check_value(information(NULL, buffer, &size, NULL), WN_NOT_SUPPORTED,
		"NPGetResourceInformation: not supported");
	check_value(password(NULL, NULL, NULL, NULL, NULL, NULL, 0), WN_NOT_SUPPORTED,
		"NPPasswordChangeNotify: not supported");
	check_value(logon(NULL, NULL, NULL, NULL, NULL, NULL, NULL, &script), WN_SUCCESS,
		"NPLogonNotify: succeeds");
	check(script == NULL, "NPLogonNotify: no logon script");
}

int wmain(int argc, WCHAR **argv)
{
	WCHAR path[MAX_PATH];

	ck_verbose = 1; /* this test narrates: every check prints */

	if (argc != 3) {
		fprintf(stderr, "usage: test_network <mounted letter> <unused letter>\n");
		return 2;
	}
	test_volume(argv[1][0]);
	test_router();
	GetSystemDirectoryW(path, MAX_PATH);
	wcscat(path, L"\\dokannp.dll");
	g_np = LoadLibraryW(path);
	check(g_np != NULL, "dokannp.dll loads from the system folder");
	if (g_np) {
		test_caps();
		test_get_connection(argv[1][0], argv[2][0]);
		test_add_cancel(argv[1][0], argv[2][0]);
		test_enumeration();
		test_not_supported();
	}
	return ck_summary("test_network");
}
