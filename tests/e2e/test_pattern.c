// SPDX-License-Identifier: LGPL-3.0-or-later
// test_pattern.c - checks patternfs (see there) through iohost: listings with and
// without a pattern come back exactly as FindFilesWithPattern gave them, the volume size
// is GetDiskFreeSpace's, and the volume name/label are the library's defaults.
//   test_pattern <letter>
#include "ioclient.h"
#include <stdio.h>
#include <wchar.h>
#include "check.h"

#define expect(ok, what, status) CHECK(ok, "%s (%s)", what, CK_ST(status))


typedef struct NAMES { WCHAR text[256]; } NAMES;

static BOOL collect(const FILE_BOTH_DIR_INFORMATION *entry, void *context)
{
	NAMES *names = context;
	size_t used = wcslen(names->text);
	_snwprintf(names->text + used, 255 - used, L"%.*ls ", (int)(entry->FileNameLength / sizeof(WCHAR)), entry->FileName);
	return TRUE;
}

static void check_listing(const WCHAR *root, const WCHAR *pattern, const WCHAR *want, const char *what)
{
	NAMES names = { { 0 } };
	ioc_file dir;
	NTSTATUS status = ioc_open(root, FILE_LIST_DIRECTORY | SYNCHRONIZE, FILE_SHARE_READ, FILE_OPEN,
		FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, &dir, NULL);
	expect(status == STATUS_SUCCESS, "open the root", status);
	if (status)
		return;
	status = ioc_for_each_entry(dir, pattern, collect, &names);
	if (status != STATUS_SUCCESS || wcscmp(names.text, want))
		printf("  listing: [%ls], want [%ls]\n", names.text, want);
	expect(status == STATUS_SUCCESS && !wcscmp(names.text, want), what, status);
	ioc_close(dir);
}

static void check_volume(const WCHAR *root)
{
	BYTE buffer[512];
	FILE_FS_SIZE_INFORMATION *size = (FILE_FS_SIZE_INFORMATION *)buffer;
	FILE_FS_ATTRIBUTE_INFORMATION *attribute = (FILE_FS_ATTRIBUTE_INFORMATION *)buffer;
	FILE_FS_VOLUME_INFORMATION *volume = (FILE_FS_VOLUME_INFORMATION *)buffer;
	ioc_file file;
	ULONG got;
	NTSTATUS status = ioc_open(root, FILE_READ_ATTRIBUTES | SYNCHRONIZE, FILE_SHARE_READ, FILE_OPEN,
		FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, &file, NULL);
	expect(status == STATUS_SUCCESS, "open the root for volume queries", status);
	if (status)
		return;
	status = ioc_query_volume(file, FileFsSizeInformation, buffer, sizeof(buffer), &got);
	expect(status == STATUS_SUCCESS && size->TotalAllocationUnits.QuadPart == (8ll << 30) / 512 &&
		size->AvailableAllocationUnits.QuadPart == (3ll << 30) / 512, "sizes from GetDiskFreeSpace", status);
	status = ioc_query_volume(file, FileFsAttributeInformation, buffer, sizeof(buffer), &got);
	expect(status == STATUS_SUCCESS && attribute->FileSystemNameLength == 10 &&
		!memcmp(attribute->FileSystemName, L"Dokan", 10) && attribute->FileSystemAttributes == 0x107,
		"default file system name and flags", status);
	status = ioc_query_volume(file, FileFsVolumeInformation, buffer, sizeof(buffer), &got);
	expect(status == STATUS_SUCCESS && volume->VolumeSerialNumber == 0x19831116 &&
		volume->VolumeLabelLength == 10 && !memcmp(volume->VolumeLabel, L"DOKAN", 10),
		"default label and serial", status);
	ioc_close(file);
}

int wmain(int argc, WCHAR **argv)
{
	WCHAR root[8];
	NTSTATUS status;

	if (argc != 2) {
		fprintf(stderr, "usage: test_pattern <letter>\n");
		return 2;
	}
	swprintf(root, 8, L"%lc:\\", argv[1][0]);
	status = ioc_connect();
	expect(status == STATUS_SUCCESS, "connect to iohost", status);
	if (status)
		return 1;
	check_listing(root, NULL, L"a.txt b.txt c.log extra.bin ", "no pattern: the callback gets * and all entries come back");
	check_listing(root, L"*.txt", L"a.txt b.txt extra.bin ", "*.txt: the callback's answer is not filtered again");
	check_listing(root, L"c.*", L"c.log extra.bin ", "c.*: the callback's answer is not filtered again");
	check_volume(root);
	ioc_disconnect();
	return ck_summary("test_pattern");
}
