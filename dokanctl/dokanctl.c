/* SPDX-License-Identifier: MIT
 * dokanctl.c - installs/removes the Dokan services, lists and removes mount points.
 * Exit code 0 on success, 1 on any failure (with one line on stderr), 2 on bad usage. */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

#include "dokan.h"
#include "dokanc.h"
#include "dokan_protocol.h"
#include "scm.h"
#include "dk_flavor.h"

#define EXIT_OK     0
#define EXIT_FAILED 1
#define EXIT_USAGE  2

/* --- messages ---------------------------------------------------------------------------- */

static void print_error(LPCWSTR what, DWORD error)
{
	WCHAR text[512];

	dk_scm_error_text(error, text, ARRAYSIZE(text));
	fwprintf(stderr, DKF_CTL_NAME L": %ls: %ls (error %lu)\n", what, text, error);
}

static int fail(LPCWSTR what, DWORD error)
{
	print_error(what, error);
	return EXIT_FAILED;
}

/* The pipe is missing when the mounter service is not running; say so. */
static int mounter_fail(LPCWSTR what, DWORD error)
{
	WCHAR text[MAX_PATH + 96];

	if (error != ERROR_FILE_NOT_FOUND)
		return fail(what, error);
	swprintf(text, ARRAYSIZE(text), L"%ls (is the %ls service running?)", what, DKF_MOUNTER_SERVICE);
	return fail(text, error);
}

static int usage(void)
{
	fwprintf(stderr,
		L"usage: " DKF_CTL_NAME L" /i d|s|a|n   install driver, mounter service, both, network provider\n"
		L"       " DKF_CTL_NAME L" /r d|s|a|n   remove them (all: mounter first)\n"
		L"       " DKF_CTL_NAME L" /u <mount point> [/f]   unmount (/f: force)\n"
		L"       " DKF_CTL_NAME L" /u <N> [/f]  unmount entry N of the /m list\n"
		L"       " DKF_CTL_NAME L" /m           list mount points\n"
		L"       " DKF_CTL_NAME L" /v           show library and driver versions\n"
		L"       " DKF_CTL_NAME L" /d <0-9>     set the driver's debug level\n");
	return EXIT_USAGE;
}

/* --- paths ------------------------------------------------------------------------------- */

static BOOL driver_path(WCHAR path[MAX_PATH])
{
	UINT length = GetSystemDirectoryW(path, MAX_PATH);
	const WCHAR suffix[] = DKF_DRIVER_PATH_SUFFIX;

	if (length == 0 || length + ARRAYSIZE(suffix) > MAX_PATH)
		return FALSE;
	wcscat(path, suffix);
	return TRUE;
}

static BOOL mounter_path(WCHAR path[MAX_PATH])
{
	DWORD length = GetModuleFileNameW(NULL, path, MAX_PATH);
	const WCHAR name[] = L"mounter.exe";
	WCHAR *slash;

	if (length == 0 || length >= MAX_PATH)
		return FALSE;
	slash = wcsrchr(path, L'\\');
	if (slash == NULL || (size_t)(slash + 1 - path) + ARRAYSIZE(name) > MAX_PATH)
		return FALSE;
	wcscpy(slash + 1, name);
	return TRUE;
}

/* --- services ---------------------------------------------------------------------------- */

/* Starts an already installed service (if needed) and waits until it runs; retried while
 * the service manager is busy (common/scm.c). */
static BOOL start_existing_service(LPCWSTR name)
{
	SC_HANDLE manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
	SC_HANDLE service = manager ? OpenServiceW(manager, name, SERVICE_START | SERVICE_QUERY_STATUS) : NULL;
	BOOL ok = service != NULL && dk_scm_start_service(service, name);
	DWORD error = GetLastError();

	if (service)
		CloseServiceHandle(service);
	if (manager)
		CloseServiceHandle(manager);
	SetLastError(error);
	return ok;
}

/* A 32-bit dokanctl on 64-bit Windows (0.6.0's shipping setup) sees system32 redirected to
 * syswow64, but the service manager loads the driver from the real system32: look there. */
static BOOL file_exists_natively(LPCWSTR path, DWORD *error)
{
	PVOID redirection = NULL;
	BOOL undo = Wow64DisableWow64FsRedirection(&redirection);
	BOOL exists = GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES;

	*error = GetLastError();
	if (undo)
		Wow64RevertWow64FsRedirection(redirection);
	return exists;
}

/* Installing twice is harmless: an existing service only has to be running. */
static int install_service(LPCWSTR name, DWORD type, LPCWSTR path)
{
	WCHAR what[MAX_PATH + 64];

	DWORD error;

	if (!file_exists_natively(path, &error)) {
		swprintf(what, ARRAYSIZE(what), L"cannot install service %ls: %ls", name, path);
		return fail(what, error);
	}
	if (!DokanServiceInstall(name, type, path)) {
		error = GetLastError();
		if (error != ERROR_SERVICE_EXISTS) {
			swprintf(what, ARRAYSIZE(what), L"cannot install service %ls", name);
			return fail(what, error);
		}
		if (!start_existing_service(name)) {
			error = GetLastError();
			swprintf(what, ARRAYSIZE(what), L"cannot start service %ls", name);
			return fail(what, error);
		}
	}
	wprintf(DKF_CTL_NAME L": service %ls installed and running\n", name);
	return EXIT_OK;
}

static int remove_service(LPCWSTR name)
{
	WCHAR what[128];

	if (!DokanServiceDelete(name)) {
		DWORD error = GetLastError();
		swprintf(what, ARRAYSIZE(what), L"cannot remove service %ls", name);
		return fail(what, error);
	}
	wprintf(DKF_CTL_NAME L": service %ls removed\n", name);
	return EXIT_OK;
}

static int install_driver(void)
{
	WCHAR path[MAX_PATH];

	if (!driver_path(path))
		return fail(L"cannot build the driver path", ERROR_FILENAME_EXCED_RANGE);
	return install_service(DKF_DRIVER_SERVICE, SERVICE_FILE_SYSTEM_DRIVER, path);
}

static int install_mounter(void)
{
	WCHAR path[MAX_PATH];

	if (!mounter_path(path))
		return fail(L"cannot build the mounter path", ERROR_FILENAME_EXCED_RANGE);
	return install_service(DKF_MOUNTER_SERVICE, SERVICE_WIN32_OWN_PROCESS, path);
}

static int network_provider(BOOL install)
{
	if (install ? !DokanNetworkProviderInstall() : !DokanNetworkProviderUninstall())
		return fail(install ? L"cannot install the network provider" : L"cannot remove the network provider",
			GetLastError());
	wprintf(DKF_CTL_NAME L": network provider %ls\n", install ? L"installed" : L"removed");
	return EXIT_OK;
}

static int command_install(WCHAR kind)
{
	switch (kind) {
	case L'd':
		return install_driver();
	case L's':
		return install_mounter();
	case L'a': {
		int driver = install_driver();
		int mounter = install_mounter();
		return driver != EXIT_OK ? driver : mounter;
	}
	case L'n':
		return network_provider(TRUE);
	default:
		return usage();
	}
}

static int command_remove(WCHAR kind)
{
	switch (kind) {
	case L'd':
		return remove_service(DKF_DRIVER_SERVICE);
	case L's':
		return remove_service(DKF_MOUNTER_SERVICE);
	case L'a': {
		int mounter = remove_service(DKF_MOUNTER_SERVICE);
		int driver = remove_service(DKF_DRIVER_SERVICE);
		return mounter != EXIT_OK ? mounter : driver;
	}
	case L'n':
		return network_provider(FALSE);
	default:
		return usage();
	}
}

/* --- mount points ------------------------------------------------------------------------ */

/* LIST entry `index`; FALSE when there is none or the mounter cannot be reached. */
static BOOL list_entry(ULONG index, DOKAN_CONTROL *control)
{
	ZeroMemory(control, sizeof(*control));
	control->Type = DOKAN_CONTROL_LIST;
	control->Option = index;
	return DokanMountControl(control);
}

static int command_list(void)
{
	DOKAN_CONTROL control;
	ULONG index = 0;

	while (list_entry(index, &control)) {
		wprintf(L"%lu: %ls %ls\n", index, control.MountPoint, control.DeviceName);
		index++;
	}
	if (GetLastError() != ERROR_NOT_FOUND)
		return mounter_fail(L"cannot list mount points", GetLastError());
	if (index == 0)
		wprintf(DKF_CTL_NAME L": no mount points\n");
	return EXIT_OK;
}

/* Asks the driver to tear the volume down at once (docs/differences.md D12). A volume that
 * no longer exists, or a driver that is not loaded, is not an error: the name is gone
 * either way. */
static int force_release(LPCWSTR device_name)
{
	DK_UNMOUNT_REQUEST request = { sizeof(request), DK_UNMOUNT_FORCE, { 0 } };
	DWORD returned, error;
	HANDLE device;
	BOOL ok;

	lstrcpynW(request.DeviceName, device_name, ARRAYSIZE(request.DeviceName));
	device = CreateFileW(DKF_GLOBAL_DEVICE, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
		OPEN_EXISTING, 0, NULL);
	if (device == INVALID_HANDLE_VALUE)
		return EXIT_OK;
	ok = DeviceIoControl(device, IOCTL_DOKAN_UNMOUNT, &request, sizeof(request), NULL, 0, &returned, NULL);
	error = GetLastError();
	CloseHandle(device);
	if (!ok && error == ERROR_ACCESS_DENIED)
		return fail(L"cannot release the volume", error);
	return EXIT_OK;
}

static int force_unmount(LPCWSTR mount_point)
{
	DOKAN_CONTROL control = { 0 };
	WCHAR what[MAX_PATH + 32];

	control.Type = DOKAN_CONTROL_UNMOUNT;
	control.Option = DOKAN_CONTROL_OPTION_FORCE_UNMOUNT;
	lstrcpynW(control.MountPoint, mount_point, ARRAYSIZE(control.MountPoint));
	if (!DokanMountControl(&control)) {
		DWORD error = GetLastError();
		swprintf(what, ARRAYSIZE(what), L"cannot force-unmount \"%ls\"", mount_point);
		return mounter_fail(what, error);
	}
	control.DeviceName[ARRAYSIZE(control.DeviceName) - 1] = L'\0';
	wprintf(DKF_CTL_NAME L": removed %ls\n", mount_point);
	return control.DeviceName[0] ? force_release(control.DeviceName) : EXIT_OK;
}

static int unmount(LPCWSTR mount_point)
{
	WCHAR what[MAX_PATH + 32];

	if (!DokanRemoveMountPoint(mount_point)) {
		DWORD error = GetLastError();
		swprintf(what, ARRAYSIZE(what), L"cannot unmount \"%ls\"", mount_point);
		return mounter_fail(what, error);
	}
	wprintf(DKF_CTL_NAME L": unmounted %ls\n", mount_point);
	return EXIT_OK;
}

/* A single digit names entry N of the list (as in 0.6.0); anything else is a mount point. */
static int command_unmount(LPCWSTR target, BOOL force)
{
	DOKAN_CONTROL entry;

	if (target[0] >= L'0' && target[0] <= L'9' && target[1] == L'\0') {
		if (!list_entry((ULONG)(target[0] - L'0'), &entry)) {
			DWORD error = GetLastError();
			WCHAR what[64];
			swprintf(what, ARRAYSIZE(what), L"no mount point with index %lc", target[0]);
			return mounter_fail(what, error);
		}
		entry.MountPoint[ARRAYSIZE(entry.MountPoint) - 1] = L'\0';
		target = entry.MountPoint;
	}
	return force ? force_unmount(target) : unmount(target);
}

/* --- driver ------------------------------------------------------------------------------ */

static int command_version(void)
{
	ULONG driver;

	wprintf(DKF_DLL_FILE L" version: %lu\n", DokanVersion());
	SetLastError(ERROR_SUCCESS);
	driver = DokanDriverVersion();
	if (driver == 0) {
		DWORD error = GetLastError();
		return fail(L"cannot query the driver version", error ? error : ERROR_SERVICE_NOT_ACTIVE);
	}
	wprintf(DKF_DRIVER_FILE L" version: 0x%lx\n", driver);
	return EXIT_OK;
}

static int command_debug(LPCWSTR level)
{
	if (level[0] < L'0' || level[0] > L'9' || level[1] != L'\0')
		return usage();
	if (!DokanSetDebugMode((ULONG)(level[0] - L'0')))
		return fail(L"cannot set the driver debug level", GetLastError());
	wprintf(DKF_CTL_NAME L": driver debug level set to %lc\n", level[0]);
	return EXIT_OK;
}

/* --- arguments --------------------------------------------------------------------------- */

/* "/x" (or "-x"), any case; returns the lower-case letter or 0. */
static WCHAR switch_letter(LPCWSTR arg)
{
	if ((arg[0] != L'/' && arg[0] != L'-') || arg[1] == L'\0' || arg[2] != L'\0')
		return 0;
	return (WCHAR)towlower(arg[1]);
}

int wmain(int argc, wchar_t **argv)
{
	WCHAR command = argc >= 2 ? switch_letter(argv[1]) : 0;

	/* Results go to stdout, retries and errors to stderr. Unbuffered (a redirected stderr
	 * is buffered too, measured under Wine), a log that captures both, such as an
	 * installer's, shows them in the order they happened. */
	setvbuf(stdout, NULL, _IONBF, 0);
	setvbuf(stderr, NULL, _IONBF, 0);

	switch (command) {
	case L'v':
		return argc == 2 ? command_version() : usage();
	case L'm':
		return argc == 2 ? command_list() : usage();
	case L'i':
		return argc == 3 ? command_install((WCHAR)towlower(argv[2][0])) : usage();
	case L'r':
		return argc == 3 ? command_remove((WCHAR)towlower(argv[2][0])) : usage();
	case L'd':
		return argc == 3 ? command_debug(argv[2]) : usage();
	case L'u':
		if (argc == 3)
			return command_unmount(argv[2], FALSE);
		if (argc == 4 && switch_letter(argv[3]) == L'f')
			return command_unmount(argv[2], TRUE);
		return usage();
	default:
		return usage();
	}
}
