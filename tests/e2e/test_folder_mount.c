// SPDX-License-Identifier: LGPL-3.0-or-later
// test_folder_mount.c - folder mount points (docs/behaviour.md, "The mount sequence";
// docs/behaviour.md, "Unmounting") through DokanMain, the
// DokanMounter pipe and the file system of the machine it runs on:
//   test_folder_mount checks <base>   refusals and clean failures under <base> (an existing
//                                     empty folder): a missing folder, a non-empty one, a
//                                     file, a relative path, unknown unmounts; an empty
//                                     folder mounts only where reparse points can be set,
//                                     and otherwise fails with nothing left behind
//   test_folder_mount supported <dir> exit 0 when a mount-point reparse point can be set on
//                                     the empty folder <dir> (removed again), 1 if not
//   test_folder_mount get <dir>       print the substitute name of <dir>'s mount point;
//                                     exit 0, 2 when <dir> is no reparse point, 1 on errors
#include <windows.h>
#include <winioctl.h>
#include <stdio.h>
#include <wchar.h>
#include "dokan.h"
#include "dokanc.h"
#include "dokan_protocol.h"
#include "e2e_driver.h"
#include "check.h"

// A made-up but well-formed Dokan device name (the driver numbers its volumes upwards from
// ...-1734-...; this one is far out of reach of a test run).
#define FAKE_DEVICE L"\\Volume{D6CC17C5-9ABC-4085-BCE7-964F1E9F5DE9}"

typedef struct mount_point_data {
	ULONG tag;
	USHORT data_length;
	USHORT reserved;
	USHORT substitute_offset;
	USHORT substitute_length;
	USHORT print_offset;
	USHORT print_length;
	WCHAR names[(MAXIMUM_REPARSE_DATA_BUFFER_SIZE - 16) / sizeof(WCHAR)];
} mount_point_data;

#define expect(ok, what, value) CHECK(ok, "%s (%lld)", what, (long long)(value))

static BOOL reparse_supported;
static DWORD reparse_error;

static HANDLE open_folder(const WCHAR *path, DWORD access, DWORD share)
{
	return CreateFileW(path, access, share, NULL, OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS, NULL);
}

static BOOL set_mount_point(const WCHAR *path, const WCHAR *substitute)
{
	static mount_point_data data;
	size_t chars = wcslen(substitute);
	HANDLE folder = open_folder(path, GENERIC_WRITE, 0);
	DWORD got = 0;
	BOOL ok;

	if (folder == INVALID_HANDLE_VALUE)
		return FALSE;
	ZeroMemory(&data, sizeof(data));
	data.tag = IO_REPARSE_TAG_MOUNT_POINT;
	data.substitute_length = (USHORT)(chars * sizeof(WCHAR));
	data.print_offset = (USHORT)((chars + 1) * sizeof(WCHAR));
	memcpy(data.names, substitute, chars * sizeof(WCHAR));
	data.data_length = (USHORT)(8 + (chars + 2) * sizeof(WCHAR));
	ok = DeviceIoControl(folder, FSCTL_SET_REPARSE_POINT, &data, 8 + data.data_length, NULL, 0, &got, NULL);
	reparse_error = ok ? 0 : GetLastError();
	CloseHandle(folder);
	return ok;
}

static BOOL delete_mount_point(const WCHAR *path)
{
	ULONG header[2] = { IO_REPARSE_TAG_MOUNT_POINT, 0 };
	HANDLE folder = open_folder(path, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE);
	DWORD got = 0;
	BOOL ok;

	if (folder == INVALID_HANDLE_VALUE)
		return FALSE;
	ok = DeviceIoControl(folder, FSCTL_DELETE_REPARSE_POINT, header, 8, NULL, 0, &got, NULL);
	CloseHandle(folder);
	return ok;
}

/* The substitute name of path's mount point; FALSE with GetLastError() otherwise. */
static BOOL read_mount_point(const WCHAR *path, WCHAR *substitute, size_t capacity)
{
	static mount_point_data data;
	HANDLE folder = open_folder(path, FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE);
	DWORD got = 0, error;
	BOOL ok;

	if (folder == INVALID_HANDLE_VALUE)
		return FALSE;
	ZeroMemory(&data, sizeof(data));
	ok = DeviceIoControl(folder, FSCTL_GET_REPARSE_POINT, NULL, 0, &data, sizeof(data), &got, NULL);
	error = GetLastError();
	CloseHandle(folder);
	if (!ok) {
		SetLastError(error);
		return FALSE;
	}
	if (data.tag != IO_REPARSE_TAG_MOUNT_POINT || data.substitute_length / sizeof(WCHAR) >= capacity) {
		SetLastError(ERROR_REPARSE_TAG_MISMATCH);
		return FALSE;
	}
	memcpy(substitute, data.names + data.substitute_offset / sizeof(WCHAR), data.substitute_length);
	substitute[data.substitute_length / sizeof(WCHAR)] = L'\0';
	return TRUE;
}

static BOOL is_reparse_point(const WCHAR *path)
{
	DWORD attributes = GetFileAttributesW(path);
	return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_REPARSE_POINT);
}

/* Nobody (the mounter in particular) still has the folder open. */
static BOOL openable_exclusively(const WCHAR *path)
{
	HANDLE folder = open_folder(path, GENERIC_WRITE, 0);
	if (folder == INVALID_HANDLE_VALUE)
		return FALSE;
	CloseHandle(folder);
	return TRUE;
}

static BOOL folder_is_empty(const WCHAR *path)
{
	WCHAR pattern[MAX_PATH + 4];
	WIN32_FIND_DATAW found;
	HANDLE search;
	BOOL empty = TRUE;

	swprintf(pattern, ARRAYSIZE(pattern), L"%ls\\*", path);
	search = FindFirstFileW(pattern, &found);
	if (search == INVALID_HANDLE_VALUE)
		return FALSE;
	do {
		if (wcscmp(found.cFileName, L".") && wcscmp(found.cFileName, L".."))
			empty = FALSE;
	} while (FindNextFileW(search, &found));
	FindClose(search);
	return empty;
}

static BOOL listed(const WCHAR *mountPoint)
{
	DOKAN_CONTROL control;
	ULONG i;
	for (i = 0; i < 64; i++) {
		ZeroMemory(&control, sizeof(control));
		control.Type = DOKAN_CONTROL_LIST;
		control.Option = i;
		if (!DokanMountControl(&control))
			return FALSE;
		if (!_wcsicmp(control.MountPoint, mountPoint))
			return TRUE;
	}
	return FALSE;
}

static BOOL control(ULONG type, const WCHAR *mountPoint, const WCHAR *deviceName, ULONG option)
{
	DOKAN_CONTROL request;
	ZeroMemory(&request, sizeof(request));
	request.Type = type;
	request.Option = option;
	if (mountPoint)
		wcscpy(request.MountPoint, mountPoint);
	if (deviceName)
		wcscpy(request.DeviceName, deviceName);
	return DokanMountControl(&request);
}

static int run_dokan_main(const WCHAR *mountPoint)
{
	static DOKAN_OPERATIONS operations;
	DOKAN_OPTIONS options;
	ZeroMemory(&options, sizeof(options));
	options.Version = DOKAN_VERSION;
	options.ThreadCount = 1;
	options.MountPoint = mountPoint;
	return DokanMain(&options, &operations);
}

static void join(WCHAR *out, const WCHAR *base, const WCHAR *name)
{
	swprintf(out, MAX_PATH, L"%ls\\%ls", base, name);
}

static BOOL make_file(const WCHAR *path)
{
	HANDLE file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
	DWORD written;
	if (file == INVALID_HANDLE_VALUE)
		return FALSE;
	WriteFile(file, "x", 1, &written, NULL);
	CloseHandle(file);
	return TRUE;
}

static BOOL probe_reparse_points(const WCHAR *path)
{
	if (!set_mount_point(path, L"\\??" FAKE_DEVICE L"\\"))
		return FALSE;
	delete_mount_point(path);
	return TRUE;
}

/* DokanMain fails with `wanted`, and neither a mount nor a name is left behind. */
static void expect_refused(const WCHAR *mountPoint, int wanted, const char *what)
{
	ULONG baseline = e2e_query_stats().LiveMounts;
	int result = run_dokan_main(mountPoint);
	char text[256];

	snprintf(text, sizeof(text), "%s: DokanMain gives %d", what, wanted);
	expect(result == wanted, text, result);
	snprintf(text, sizeof(text), "%s: no mount is left in the driver", what);
	expect(e2e_mounts_settled(baseline), text, e2e_query_stats().LiveMounts);
	snprintf(text, sizeof(text), "%s: the mounter lists nothing", what);
	expect(!listed(mountPoint), text, 0);
}

static void check_refusals(const WCHAR *base)
{
	WCHAR missing[MAX_PATH], full[MAX_PATH], inside[MAX_PATH], file[MAX_PATH], empty[MAX_PATH], slash[MAX_PATH];

	join(missing, base, L"missing");
	expect_refused(missing, DOKAN_MOUNT_POINT_ERROR, "a missing folder");

	join(full, base, L"full");
	join(inside, full, L"file.txt");
	expect(CreateDirectoryW(full, NULL) && make_file(inside), "make a non-empty folder", (long long)GetLastError());
	expect_refused(full, DOKAN_MOUNT_ERROR, "a non-empty folder");
	expect(GetFileAttributesW(inside) != INVALID_FILE_ATTRIBUTES, "the non-empty folder keeps its file", 0);
	expect(!is_reparse_point(full), "the non-empty folder is no reparse point", 0);
	expect(openable_exclusively(full), "nobody keeps the non-empty folder open", (long long)GetLastError());

	join(file, base, L"plain.txt");
	expect(make_file(file), "make a file", (long long)GetLastError());
	expect_refused(file, DOKAN_MOUNT_ERROR, "a file instead of a folder");
	expect(!is_reparse_point(file), "the file is no reparse point", 0);

	join(empty, base, L"empty");
	expect(CreateDirectoryW(empty, NULL), "make an empty folder", (long long)GetLastError());
	// The pipe, bypassing DokanMain's checks: a relative path names another folder in the
	// mounter's process; a device that is no Dokan volume is refused for folders too.
	expect(!control(DOKAN_CONTROL_MOUNT, L"relative\\folder", FAKE_DEVICE, 0), "MOUNT refuses a relative path", 0);
	expect(!control(DOKAN_CONTROL_MOUNT, empty, L"\\Harddisk0", 0), "MOUNT refuses a folder for a device that is no Dokan volume", 0);
	expect(!is_reparse_point(empty), "the empty folder is still no reparse point", 0);
	expect(!DokanRemoveMountPoint(empty), "DokanRemoveMountPoint of a folder never mounted fails", 0);
	expect(!control(DOKAN_CONTROL_UNMOUNT, empty, NULL, DOKAN_CONTROL_OPTION_FORCE_UNMOUNT),
		"a forced UNMOUNT of a folder that is no mount point fails", 0);
	expect(!control(DOKAN_CONTROL_FIND, empty, NULL, 0), "FIND of a folder never mounted fails", 0);

	if (reparse_supported)
		return; // the script mounts the empty folder for real
	swprintf(slash, ARRAYSIZE(slash), L"%ls\\", empty);
	expect_refused(empty, DOKAN_MOUNT_ERROR, "an empty folder where reparse points cannot be set");
	expect_refused(slash, DOKAN_MOUNT_ERROR, "the same with a trailing backslash");
	expect(!is_reparse_point(empty), "the empty folder is still no reparse point", 0);
	expect(folder_is_empty(empty), "the empty folder is still empty", 0);
	expect(openable_exclusively(empty), "nobody keeps the empty folder open", (long long)GetLastError());
}

int wmain(int argc, WCHAR **argv)
{
	WCHAR name[MAX_PATH], substitute[MAX_PATH];

	if (argc == 3 && !wcscmp(argv[1], L"supported"))
		return probe_reparse_points(argv[2]) ? 0 : 1;
	if (argc == 3 && !wcscmp(argv[1], L"get")) {
		if (read_mount_point(argv[2], substitute, ARRAYSIZE(substitute))) {
			wprintf(L"%ls\n", substitute);
			return 0;
		}
		return GetLastError() == ERROR_NOT_A_REPARSE_POINT ? 2 : 1;
	}
	if (argc != 3 || wcscmp(argv[1], L"checks")) {
		fprintf(stderr, "usage: test_folder_mount checks|supported|get <folder>\n");
		return 1;
	}
	join(name, argv[2], L"probe");
	expect(CreateDirectoryW(name, NULL), "make a folder for the probe", (long long)GetLastError());
	reparse_supported = probe_reparse_points(name);
	printf("reparse points on this file system: %s (error %lu)\n", reparse_supported ? "supported" : "not supported", reparse_error);
	check_refusals(argv[2]);
	ck_summary("test_folder_mount");
	return ck_failed() ? 1 : 0;
}
