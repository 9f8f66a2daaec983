// SPDX-License-Identifier: LGPL-3.0-or-later
// e2e_check.c - checks a mirror mount through the real stack (iohost -> dokan.sys ->
// dokan.dll -> mirror.exe) against the mirrored folder read directly from Wine's own
// file system.
//   e2e_check check <letter> <folder>   listing, contents, sizes, attributes, volume
//   e2e_check gone <letter>             the letter and the volume are gone
#include "ioclient.h"
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>
#include "check.h"

#define expect(ok, what, detail, status) CHECK(ok, "%s %ls (%s)", what, ck_wstr(detail), CK_ST(status))


static int finish(void)
{
	return ck_summary("e2e_check");
}

/* ---- the folder itself, through Win32 on Wine's file system ---- */

typedef struct NAME_SET {
	WCHAR **names;
	ULONG count;
} NAME_SET;

static BOOL host_list(const WCHAR *folder, NAME_SET *set)
{
	WCHAR pattern[MAX_PATH];
	WIN32_FIND_DATAW data;
	HANDLE find;

	set->names = calloc(4096, sizeof(WCHAR *));
	set->count = 0;
	swprintf(pattern, MAX_PATH, L"%ls\\*", folder);
	find = FindFirstFileW(pattern, &data);
	if (find == INVALID_HANDLE_VALUE || !set->names)
		return FALSE;
	do {
		if (set->count < 4096)
			set->names[set->count++] = _wcsdup(data.cFileName);
	} while (FindNextFileW(find, &data));
	FindClose(find);
	return TRUE;
}

static BOOL host_read(const WCHAR *path, BYTE **data, DWORD *size)
{
	HANDLE file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
	DWORD got = 0;
	BOOL ok;
	if (file == INVALID_HANDLE_VALUE)
		return FALSE;
	*size = GetFileSize(file, NULL);
	*data = malloc(*size + 1);
	ok = *data && ReadFile(file, *data, *size, &got, NULL) && got == *size;
	CloseHandle(file);
	return ok;
}

/* ---- the same through the volume ---- */

static NTSTATUS volume_read(const WCHAR *path, BYTE **data, ULONG *size)
{
	ULONG capacity = 1 << 16, total = 0, got;
	ioc_file file;
	NTSTATUS status = ioc_open(path, FILE_READ_DATA | SYNCHRONIZE, FILE_SHARE_READ, FILE_OPEN,
		FILE_NON_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, &file, NULL);
	if (status)
		return status;
	*data = malloc(capacity);
	for (;;) {
		if (total + 4096 > capacity)
			*data = realloc(*data, capacity *= 2);
		/* odd-sized reads at explicit offsets exercise the offset path */
		status = ioc_read(file, total, *data + total, 4093, &got);
		if (status != STATUS_SUCCESS)
			break;
		total += got;
	}
	ioc_close(file);
	*size = total;
	return status == STATUS_END_OF_FILE ? STATUS_SUCCESS : status;
}

static BOOL set_contains(const NAME_SET *set, const WCHAR *name)
{
	ULONG i;
	for (i = 0; i < set->count; i++)
		if (!wcscmp(set->names[i], name))
			return TRUE;
	return FALSE;
}

static void compare_listing(const WCHAR *volumeDir, const WCHAR *hostDir)
{
	NAME_SET host, volume;
	NTSTATUS status;
	ULONG i;

	expect(host_list(hostDir, &host), "host listing", hostDir, 0);
	status = ioc_list_names(volumeDir, &volume.names, &volume.count);
	expect(status == STATUS_SUCCESS, "volume listing", volumeDir, status);
	if (status)
		return;
	expect(volume.count == host.count, "entry count", volumeDir, volume.count);
	for (i = 0; i < host.count; i++)
		expect(set_contains(&volume, host.names[i]), "entry listed", host.names[i], 0);
	for (i = 0; i < volume.count; i++)
		expect(set_contains(&host, volume.names[i]), "entry exists", volume.names[i], 0);
	ioc_free_names(volume.names, volume.count);
}

static void compare_file_info(const WCHAR *volumePath, const WCHAR *hostPath, DWORD hostSize)
{
	FILE_STANDARD_INFORMATION standard;
	FILE_BASIC_INFORMATION basic;
	ioc_file file;
	ULONG got;
	NTSTATUS status = ioc_open(volumePath, FILE_READ_ATTRIBUTES | SYNCHRONIZE, FILE_SHARE_READ, FILE_OPEN,
		FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, &file, NULL);

	expect(status == STATUS_SUCCESS, "open for attributes", volumePath, status);
	if (status)
		return;
	status = ioc_query_info(file, FileStandardInformation, &standard, sizeof(standard), &got);
	expect(status == STATUS_SUCCESS && standard.EndOfFile.QuadPart == hostSize, "size", volumePath, status);
	status = ioc_query_info(file, FileBasicInformation, &basic, sizeof(basic), &got);
	expect(status == STATUS_SUCCESS && basic.FileAttributes == GetFileAttributesW(hostPath), "attributes",
		volumePath, status);
	ioc_close(file);
}

static void compare_file(const WCHAR *volumePath, const WCHAR *hostPath)
{
	BYTE *hostData = NULL, *volumeData = NULL;
	DWORD hostSize = 0;
	ULONG volumeSize = 0;
	NTSTATUS status;

	expect(host_read(hostPath, &hostData, &hostSize), "host read", hostPath, 0);
	status = volume_read(volumePath, &volumeData, &volumeSize);
	expect(status == STATUS_SUCCESS, "volume read", volumePath, status);
	expect(status == STATUS_SUCCESS && volumeSize == hostSize && !memcmp(volumeData, hostData, hostSize),
		"content", volumePath, volumeSize);
	compare_file_info(volumePath, hostPath, hostSize);
	free(hostData);
	free(volumeData);
}

/* Every file directly in the folder, and the listing of each subfolder. */
static void compare_tree(WCHAR letter, const WCHAR *folder)
{
	WCHAR volumeRoot[8], pattern[MAX_PATH], hostPath[MAX_PATH], volumePath[MAX_PATH];
	WIN32_FIND_DATAW data;
	HANDLE find;

	swprintf(volumeRoot, 8, L"%c:\\", letter);
	compare_listing(volumeRoot, folder);
	swprintf(pattern, MAX_PATH, L"%ls\\*", folder);
	find = FindFirstFileW(pattern, &data);
	if (find == INVALID_HANDLE_VALUE)
		return;
	do {
		if (!wcscmp(data.cFileName, L".") || !wcscmp(data.cFileName, L".."))
			continue;
		swprintf(hostPath, MAX_PATH, L"%ls\\%ls", folder, data.cFileName);
		swprintf(volumePath, MAX_PATH, L"%c:\\%ls", letter, data.cFileName);
		if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
			compare_listing(volumePath, hostPath);
		else
			compare_file(volumePath, hostPath);
	} while (FindNextFileW(find, &data));
	FindClose(find);
}

static void check_volume(WCHAR letter)
{
	BYTE buffer[512];
	FILE_FS_VOLUME_INFORMATION *volume = (FILE_FS_VOLUME_INFORMATION *)buffer;
	WCHAR root[8], missing[16];
	ioc_file file;
	ULONG got;
	NTSTATUS status;

	swprintf(root, 8, L"%c:", letter);
	status = ioc_open(root, FILE_READ_ATTRIBUTES | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN,
		FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, &file, NULL);
	expect(status == STATUS_SUCCESS, "open volume", root, status);
	if (status == STATUS_SUCCESS) {
		status = ioc_query_volume(file, FileFsVolumeInformation, buffer, sizeof(buffer), &got);
		expect(status == STATUS_SUCCESS && volume->VolumeSerialNumber == 0x19831116 &&
			volume->VolumeLabelLength == 10 && !memcmp(volume->VolumeLabel, L"DOKAN", 10),
			"volume label and serial", root, status);
		ioc_close(file);
	}
	swprintf(missing, 16, L"%c:\\no-such", letter);
	status = ioc_open(missing, FILE_READ_DATA | SYNCHRONIZE, 0, FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, &file, NULL);
	expect(status == STATUS_OBJECT_NAME_NOT_FOUND, "missing file is not found", missing, status);
}

static void check_dos_device(WCHAR letter, BOOL mounted)
{
	WCHAR name[4] = { letter, L':', 0 }, target[512];
	DWORD length = QueryDosDeviceW(name, target, 512);
	if (mounted)
		expect(length && !wcsncmp(target, L"\\Device\\Volume{D6CC17C5-", 24), "QueryDosDevice names our volume",
			length ? target : L"(undefined)", 0);
	else
		expect(!length, "QueryDosDevice no longer knows the letter", length ? target : L"", 0);
}

int wmain(int argc, WCHAR **argv)
{
	NTSTATUS status;
	if (argc < 3 || (wcscmp(argv[1], L"check") && wcscmp(argv[1], L"gone")) || (!wcscmp(argv[1], L"check") && argc < 4)) {
		fprintf(stderr, "usage: e2e_check check <letter> <folder> | gone <letter>\n");
		return 2;
	}
	status = ioc_connect();
	expect(status == STATUS_SUCCESS, "connect to iohost", NULL, status);
	if (status)
		return finish();
	if (!wcscmp(argv[1], L"check")) {
		check_dos_device(argv[2][0], TRUE);
		check_volume(argv[2][0]);
		compare_tree(argv[2][0], argv[3]);
	} else {
		WCHAR root[8];
		ioc_file file;
		swprintf(root, 8, L"%c:\\", argv[2][0]);
		check_dos_device(argv[2][0], FALSE);
		status = ioc_open(root, FILE_LIST_DIRECTORY | SYNCHRONIZE, FILE_SHARE_READ, FILE_OPEN,
			FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, &file, NULL);
		expect(status != STATUS_SUCCESS, "the volume cannot be opened any more", root, status);
	}
	ioc_disconnect();
	return finish();
}
