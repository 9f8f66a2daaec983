/* SPDX-License-Identifier: LGPL-3.0-or-later
 * service.c - installing/removing the Dokan services and the network provider entries. */
#include <windows.h>
#include <wchar.h>

#include "dokanc.h"
#include "scm.h"
#include "dk_flavor.h"

#define FILE_SYSTEM_GROUP L"File System"

#define NP_KEY        DKF_NP_KEY
#define NP_ORDER_KEY  L"System\\CurrentControlSet\\Control\\NetworkProvider\\Order"
#define NP_ORDER_NAME L"ProviderOrder"
#define NP_PROVIDER   DKF_NP_PROVIDER

/* Closing handles must not hide the error that decided the result. */
static void dk_close_service_handles(SC_HANDLE service, SC_HANDLE manager)
{
	DWORD error = GetLastError();

	if (service)
		CloseServiceHandle(service);
	if (manager)
		CloseServiceHandle(manager);
	SetLastError(error);
}

static void dk_free_keeping_error(void *memory)
{
	DWORD error = GetLastError();

	HeapFree(GetProcessHeap(), 0, memory);
	SetLastError(error);
}

static void dk_close_key_keeping_error(HKEY key)
{
	DWORD error = GetLastError();

	RegCloseKey(key);
	SetLastError(error);
}

/* A Win32 service's path is a command line: unquoted spaces let Windows try
 * "C:\Program.exe" first. A driver's image path is not parsed that way, so it stays as is. */
static LPWSTR dk_make_binary_path(LPCWSTR path, DWORD service_type)
{
	size_t length = wcslen(path);
	BOOL quote = (service_type & SERVICE_WIN32) && path[0] != L'"' && wcschr(path, L' ');
	LPWSTR result = HeapAlloc(GetProcessHeap(), 0, (length + 3) * sizeof(WCHAR));

	if (result == NULL) {
		SetLastError(ERROR_NOT_ENOUGH_MEMORY);
		return NULL;
	}
	if (quote) {
		result[0] = L'"';
		memcpy(result + 1, path, length * sizeof(WCHAR));
		result[length + 1] = L'"';
		result[length + 2] = L'\0';
	} else {
		memcpy(result, path, (length + 1) * sizeof(WCHAR));
	}
	return result;
}

static SC_HANDLE dk_create_service(SC_HANDLE manager, LPCWSTR name, DWORD type, LPCWSTR path)
{
	/* Drivers in one group share a winedevice under Wine; Windows only uses it for ordering. */
	LPCWSTR group = type == SERVICE_FILE_SYSTEM_DRIVER ? FILE_SYSTEM_GROUP : NULL;
	LPWSTR binary_path = dk_make_binary_path(path, type);
	SC_HANDLE service;

	if (binary_path == NULL)
		return NULL;
	service = dk_scm_create_service(manager, name, type, SERVICE_AUTO_START, SERVICE_ERROR_IGNORE, binary_path,
		group);
	dk_free_keeping_error(binary_path);
	return service;
}

/* FALSE with ERROR_SERVICE_EXISTS when the service is already installed (as 0.6.0). While
 * the service manager is busy, creating and starting are retried (common/scm.c: up to
 * 120 s each, one line on stderr per retry). */
BOOL DOKANAPI DokanServiceInstall(LPCWSTR ServiceName, DWORD ServiceType, LPCWSTR ServiceFullPath)
{
	SC_HANDLE manager, service;
	BOOL started;

	if (ServiceName == NULL || ServiceFullPath == NULL) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return FALSE;
	}
	manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT | SC_MANAGER_CREATE_SERVICE);
	if (manager == NULL)
		return FALSE;
	service = dk_create_service(manager, ServiceName, ServiceType, ServiceFullPath);
	if (service == NULL) {
		dk_close_service_handles(NULL, manager);
		return FALSE;
	}
	started = dk_scm_start_service(service, ServiceName);
	dk_close_service_handles(service, manager);
	return started;
}

/* TRUE if the service is gone (or was never installed). A service that cannot be stopped
 * is still marked for deletion, but the result is FALSE. Stopping and deleting are retried
 * while the service manager is busy, as in DokanServiceInstall. */
BOOL DOKANAPI DokanServiceDelete(LPCWSTR ServiceName)
{
	SC_HANDLE manager, service;
	BOOL stopped, deleted;
	DWORD stop_error;

	if (ServiceName == NULL) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return FALSE;
	}
	manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
	if (manager == NULL)
		return FALSE;
	service = OpenServiceW(manager, ServiceName, SERVICE_STOP | SERVICE_QUERY_STATUS | DELETE);
	if (service == NULL) {
		BOOL absent = GetLastError() == ERROR_SERVICE_DOES_NOT_EXIST;
		dk_close_service_handles(NULL, manager);
		if (absent)
			SetLastError(ERROR_SUCCESS);
		return absent;
	}
	stopped = dk_scm_stop_service(service, ServiceName);
	stop_error = GetLastError();
	deleted = dk_scm_delete_service(service, ServiceName);
	if (deleted && !stopped)
		SetLastError(stop_error);
	dk_close_service_handles(service, manager);
	return stopped && deleted;
}

/* --- network provider registration ------------------------------------------------------- */

static BOOL dk_set_string_value(HKEY key, LPCWSTR name, LPCWSTR value)
{
	DWORD bytes = (DWORD)((wcslen(value) + 1) * sizeof(WCHAR));
	LSTATUS status = RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)value, bytes);

	SetLastError(status);
	return status == ERROR_SUCCESS;
}

/* Reads a REG_SZ value into a heap buffer with room for extra characters; a missing value
 * reads as "". Caller frees. */
static LPWSTR dk_read_string_value(HKEY key, LPCWSTR name, size_t extra_chars)
{
	DWORD type = REG_SZ, bytes = 0;
	LSTATUS status = RegQueryValueExW(key, name, NULL, &type, NULL, &bytes);
	size_t chars;
	LPWSTR text;

	if (status == ERROR_FILE_NOT_FOUND)
		bytes = 0;
	else if (status != ERROR_SUCCESS || (type != REG_SZ && type != REG_EXPAND_SZ)) {
		SetLastError(status != ERROR_SUCCESS ? (DWORD)status : ERROR_INVALID_DATA);
		return NULL;
	}
	chars = bytes / sizeof(WCHAR) + 1 + extra_chars;
	text = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, chars * sizeof(WCHAR));
	if (text == NULL) {
		SetLastError(ERROR_NOT_ENOUGH_MEMORY);
		return NULL;
	}
	if (bytes) {
		status = RegQueryValueExW(key, name, NULL, NULL, (BYTE *)text, &bytes);
		if (status != ERROR_SUCCESS) {
			SetLastError(status);
			dk_free_keeping_error(text);
			return NULL;
		}
	}
	return text;
}

/* Does the comma-separated list contain NP_PROVIDER as a whole entry? */
static BOOL dk_order_contains_provider(LPCWSTR order)
{
	size_t provider_length = wcslen(NP_PROVIDER);

	for (LPCWSTR entry = order; *entry;) {
		LPCWSTR comma = wcschr(entry, L',');
		size_t length = comma ? (size_t)(comma - entry) : wcslen(entry);
		if (length == provider_length && _wcsnicmp(entry, NP_PROVIDER, length) == 0)
			return TRUE;
		if (comma == NULL)
			break;
		entry = comma + 1;
	}
	return FALSE;
}

/* Removes every NP_PROVIDER entry from the comma-separated list, in place. */
static void dk_order_remove_provider(LPWSTR order)
{
	size_t provider_length = wcslen(NP_PROVIDER);
	LPWSTR out = order;
	LPCWSTR entry = order;

	while (*entry) {
		LPCWSTR comma = wcschr(entry, L',');
		size_t length = comma ? (size_t)(comma - entry) : wcslen(entry);
		BOOL ours = length == provider_length && _wcsnicmp(entry, NP_PROVIDER, length) == 0;
		if (!ours) {
			if (out != order)
				*out++ = L',';
			memmove(out, entry, length * sizeof(WCHAR));
			out += length;
		}
		entry += length;
		if (*entry == L',')
			entry++;
	}
	*out = L'\0';
}

static BOOL dk_update_provider_order(BOOL add)
{
	HKEY key;
	LPWSTR order;
	BOOL ok = TRUE;
	LSTATUS status = RegCreateKeyExW(HKEY_LOCAL_MACHINE, NP_ORDER_KEY, 0, NULL, 0, KEY_QUERY_VALUE | KEY_SET_VALUE,
		NULL, &key, NULL);

	if (status != ERROR_SUCCESS) {
		SetLastError(status);
		return FALSE;
	}
	order = dk_read_string_value(key, NP_ORDER_NAME, wcslen(NP_PROVIDER) + 1);
	if (order == NULL) {
		ok = FALSE;
	} else if (add && !dk_order_contains_provider(order)) {
		if (order[0])
			wcscat(order, L",");
		wcscat(order, NP_PROVIDER);
		ok = dk_set_string_value(key, NP_ORDER_NAME, order);
	} else if (!add && dk_order_contains_provider(order)) {
		dk_order_remove_provider(order);
		ok = dk_set_string_value(key, NP_ORDER_NAME, order);
	}
	if (order)
		dk_free_keeping_error(order);
	dk_close_key_keeping_error(key);
	return ok;
}

BOOL DOKANAPI DokanNetworkProviderInstall(void)
{
	HKEY key;
	BOOL ok;
	LSTATUS status = RegCreateKeyExW(HKEY_LOCAL_MACHINE, NP_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL);

	if (status != ERROR_SUCCESS) {
		SetLastError(status);
		return FALSE;
	}
	ok = dk_set_string_value(key, L"DeviceName", DKF_REDIRECTOR_DEVICE) &&
	     dk_set_string_value(key, L"Name", DKF_NP_NAME) && dk_set_string_value(key, L"ProviderPath", DKF_NP_PATH);
	dk_close_key_keeping_error(key);
	return ok && dk_update_provider_order(TRUE);
}

BOOL DOKANAPI DokanNetworkProviderUninstall(void)
{
	LSTATUS status = RegDeleteKeyW(HKEY_LOCAL_MACHINE, NP_KEY);

	if (status != ERROR_SUCCESS && status != ERROR_FILE_NOT_FOUND) {
		SetLastError(status);
		return FALSE;
	}
	return dk_update_provider_order(FALSE);
}
