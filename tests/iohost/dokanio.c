// SPDX-License-Identifier: LGPL-3.0-or-later
/* dokanio.c - look at a volume through iohost.sys from the command line:
 *   dokanio dir PATH    one entry name per line
 *   dokanio type PATH   the file's bytes on stdout
 *   dokanio stat PATH   size, attributes, times, ...
 *   dokanio vol PATH    label, serial, file system, sizes
 * Output is UTF-8 with "\n" line ends. Exit codes: 0 ok, 1 file-system failure, 2 usage. */
#include "ioclient.h"

#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define DOKANIO_READ_BYTES (64u * 1024u)
#define DOKANIO_INFO_BYTES 4096u

static const WCHAR *g_path;

static int fail(const char *step, NTSTATUS status)
{
	fprintf(stderr, "dokanio: %s %ls failed: NTSTATUS 0x%08lX\n", step, g_path,
		(unsigned long)status);
	return 1;
}

static void print_utf8(const WCHAR *text, int chars)
{
	int bytes = WideCharToMultiByte(CP_UTF8, 0, text, chars, NULL, 0, NULL, NULL);
	char *utf8 = bytes > 0 ? malloc(bytes) : NULL;

	if (!utf8)
		return;
	WideCharToMultiByte(CP_UTF8, 0, text, chars, utf8, bytes, NULL, NULL);
	fwrite(utf8, 1, bytes, stdout);
	free(utf8);
}

static void print_field(const char *label, const WCHAR *text, ULONG bytes)
{
	printf("%s: ", label);
	print_utf8(text, (int)(bytes / sizeof(WCHAR)));
	printf("\n");
}

static BOOL print_entry(const FILE_BOTH_DIR_INFORMATION *entry, void *context)
{
	print_utf8(entry->FileName, (int)(entry->FileNameLength / sizeof(WCHAR)));
	printf("\n");
	return TRUE;
}

static int run_dir(void)
{
	NTSTATUS status;
	ioc_file dir;

	status = ioc_open(g_path, FILE_LIST_DIRECTORY | SYNCHRONIZE,
		FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, FILE_OPEN,
		FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, &dir, NULL);
	if (!NT_SUCCESS(status))
		return fail("open", status);
	status = ioc_for_each_entry(dir, NULL, print_entry, NULL);
	ioc_close(dir);
	return NT_SUCCESS(status) ? 0 : fail("list", status);
}

/* Reads at the file pointer, as a program calling ReadFile in a loop would. */
static int run_type(void)
{
	BYTE *buffer = malloc(DOKANIO_READ_BYTES);
	NTSTATUS status;
	ioc_file file;
	ULONG got;

	if (!buffer)
		return fail("allocate for", STATUS_NO_MEMORY);
	status = ioc_open(g_path, FILE_READ_DATA | FILE_READ_ATTRIBUTES | SYNCHRONIZE,
		FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN,
		FILE_NON_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, &file, NULL);
	if (!NT_SUCCESS(status)) {
		free(buffer);
		return fail("open", status);
	}
	do {
		status = ioc_read(file, IOH_USE_FILE_POINTER, buffer, DOKANIO_READ_BYTES, &got);
		if (NT_SUCCESS(status))
			fwrite(buffer, 1, got, stdout);
	} while (NT_SUCCESS(status) && got);
	ioc_close(file);
	free(buffer);
	return status == STATUS_END_OF_FILE || NT_SUCCESS(status) ? 0 : fail("read", status);
}

static NTSTATUS open_for_query(const WCHAR *path, ioc_file *file)
{
	return ioc_open(path, FILE_READ_ATTRIBUTES | SYNCHRONIZE,
		FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, FILE_OPEN,
		FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, file, NULL);
}

/* A query whose answer may be cut short (the name part) still has its fixed part. */
static BOOL usable(NTSTATUS status)
{
	return NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW;
}

static void print_basic(const FILE_BASIC_INFORMATION *basic)
{
	printf("attributes: 0x%08lX\n", (unsigned long)basic->FileAttributes);
	printf("creation: %lld\n", (long long)basic->CreationTime.QuadPart);
	printf("last access: %lld\n", (long long)basic->LastAccessTime.QuadPart);
	printf("last write: %lld\n", (long long)basic->LastWriteTime.QuadPart);
	printf("change: %lld\n", (long long)basic->ChangeTime.QuadPart);
}

static void print_standard(const FILE_STANDARD_INFORMATION *standard)
{
	printf("size: %lld\n", (long long)standard->EndOfFile.QuadPart);
	printf("allocation: %lld\n", (long long)standard->AllocationSize.QuadPart);
	printf("links: %lu\n", (unsigned long)standard->NumberOfLinks);
	printf("directory: %d\n", standard->Directory ? 1 : 0);
	printf("delete pending: %d\n", standard->DeletePending ? 1 : 0);
}

/* FileAllInformation, or Basic and Standard for a file system without it. */
static NTSTATUS print_stat(ioc_file file, BYTE *buffer)
{
	FILE_ALL_INFORMATION *all = (FILE_ALL_INFORMATION *)buffer;
	NTSTATUS status;

	status = ioc_query_info(file, FileAllInformation, buffer, DOKANIO_INFO_BYTES, NULL);
	if (usable(status)) {
		print_standard(&all->StandardInformation);
		print_basic(&all->BasicInformation);
		printf("index: %lld\n", (long long)all->InternalInformation.IndexNumber.QuadPart);
		return STATUS_SUCCESS;
	}
	status = ioc_query_info(file, FileStandardInformation, buffer, DOKANIO_INFO_BYTES, NULL);
	if (!NT_SUCCESS(status))
		return status;
	print_standard((FILE_STANDARD_INFORMATION *)buffer);
	status = ioc_query_info(file, FileBasicInformation, buffer, DOKANIO_INFO_BYTES, NULL);
	if (NT_SUCCESS(status))
		print_basic((FILE_BASIC_INFORMATION *)buffer);
	return status;
}

static int run_stat(void)
{
	BYTE *buffer = calloc(1, DOKANIO_INFO_BYTES);
	NTSTATUS status;
	ioc_file file;

	if (!buffer)
		return fail("allocate for", STATUS_NO_MEMORY);
	status = open_for_query(g_path, &file);
	if (NT_SUCCESS(status)) {
		status = print_stat(file, buffer);
		ioc_close(file);
		if (!NT_SUCCESS(status))
			fail("query", status);
	} else {
		fail("open", status);
	}
	free(buffer);
	return NT_SUCCESS(status) ? 0 : 1;
}

static NTSTATUS print_volume(ioc_file file, BYTE *buffer)
{
	FILE_FS_VOLUME_INFORMATION *volume = (void *)buffer;
	FILE_FS_ATTRIBUTE_INFORMATION *attribute = (void *)buffer;
	FILE_FS_SIZE_INFORMATION *size = (void *)buffer;
	ULONGLONG unit;
	NTSTATUS status;

	status = ioc_query_volume(file, FileFsVolumeInformation, buffer, DOKANIO_INFO_BYTES, NULL);
	if (!usable(status))
		return status;
	print_field("label", volume->VolumeLabel, volume->VolumeLabelLength);
	printf("serial: 0x%08lX\n", (unsigned long)volume->VolumeSerialNumber);
	status = ioc_query_volume(file, FileFsAttributeInformation, buffer, DOKANIO_INFO_BYTES, NULL);
	if (!usable(status))
		return status;
	print_field("file system", attribute->FileSystemName, attribute->FileSystemNameLength);
	printf("fs attributes: 0x%08lX\n", (unsigned long)attribute->FileSystemAttributes);
	printf("max component: %lu\n", (unsigned long)attribute->MaximumComponentNameLength);
	status = ioc_query_volume(file, FileFsSizeInformation, buffer, DOKANIO_INFO_BYTES, NULL);
	if (!NT_SUCCESS(status))
		return status;
	unit = (ULONGLONG)size->SectorsPerAllocationUnit * size->BytesPerSector;
	printf("total bytes: %llu\n", (unsigned long long)size->TotalAllocationUnits.QuadPart * unit);
	printf("free bytes: %llu\n", (unsigned long long)size->AvailableAllocationUnits.QuadPart * unit);
	printf("bytes per unit: %llu\n", (unsigned long long)unit);
	return STATUS_SUCCESS;
}

/* "M:" means the volume as GetVolumeInformation sees it: through its root directory. */
static WCHAR *volume_root(const WCHAR *path)
{
	size_t chars = wcslen(path);
	WCHAR *root = malloc((chars + 2) * sizeof(WCHAR));

	if (!root)
		return NULL;
	wcscpy(root, path);
	if (chars == 2 && path[1] == L':')
		wcscat(root, L"\\");
	return root;
}

static int run_vol(void)
{
	BYTE *buffer = calloc(1, DOKANIO_INFO_BYTES);
	WCHAR *root = volume_root(g_path);
	NTSTATUS status = buffer && root ? STATUS_SUCCESS : STATUS_NO_MEMORY;
	ioc_file file = 0;

	if (NT_SUCCESS(status))
		status = open_for_query(root, &file);
	if (NT_SUCCESS(status)) {
		status = print_volume(file, buffer);
		ioc_close(file);
		if (!NT_SUCCESS(status))
			fail("query", status);
	} else {
		fail("open", status);
	}
	free(root);
	free(buffer);
	return NT_SUCCESS(status) ? 0 : 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: dokanio dir|type|stat|vol PATH\n");
	return 2;
}

int wmain(int argc, WCHAR **argv)
{
	static const struct {
		const WCHAR *name;
		int (*run)(void);
	} commands[] = {
		{ L"dir", run_dir }, { L"type", run_type }, { L"stat", run_stat }, { L"vol", run_vol },
	};
	NTSTATUS status;
	int result;
	size_t i;

	if (argc != 3)
		return usage();
	g_path = argv[2];
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!wcscmp(argv[1], commands[i].name))
			break;
	if (i == sizeof(commands) / sizeof(commands[0]))
		return usage();
	_setmode(_fileno(stdout), _O_BINARY);
	status = ioc_connect();
	if (!NT_SUCCESS(status)) {
		fprintf(stderr, "dokanio: cannot open %ls: NTSTATUS 0x%08lX\n", IOH_USER_PATH,
			(unsigned long)status);
		return 1;
	}
	result = commands[i].run();
	fflush(stdout);
	ioc_disconnect();
	return result;
}
