// SPDX-License-Identifier: LGPL-3.0-or-later
/* dokanio.c - use a volume through iohost.sys from the command line:
 *   dokanio dir PATH              one entry name per line
 *   dokanio type PATH             the file's bytes on stdout
 *   dokanio stat PATH             size, attributes, times, ...
 *   dokanio vol PATH              label, serial, file system, sizes
 *   dokanio put FILE|- PATH       copy a host file (or stdin) into the volume
 *   dokanio rm PATH               delete a file
 *   dokanio mv FROM TO            rename; TO is a full path (M:\dir\new) or a bare name
 *   dokanio mkdir PATH            create a directory
 *   dokanio rmdir PATH            delete an (empty) directory
 *   dokanio attrib PATH [+r|-r|+h|-h|+s|-s|+a|-a]...
 *                                 print the attributes ("0x00000021 RA"), or change them
 *   dokanio watch DIR [SECONDS]   print each change of DIR as "ACTION name" (ADDED,
 *                                 REMOVED, MODIFIED, RENAMED_OLD_NAME, RENAMED_NEW_NAME,
 *                                 ENUM_DIR when the file system lost track), until SECONDS
 *                                 have passed (for ever without); "dokanio: watching DIR"
 *                                 on stderr once the first request is with the file system
 * Output is UTF-8 with "\n" line ends. Exit codes: 0 ok, 1 failure (the NTSTATUS is
 * printed on stderr), 2 usage. */
#include "ioclient.h"

#include <fcntl.h>
#include <io.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define DOKANIO_READ_BYTES (64u * 1024u)
#define DOKANIO_INFO_BYTES 4096u
#define DOKANIO_WRITE_BYTES (64u * 1024u)
#define DOKANIO_NOTIFY_BYTES (64u * 1024u)
#define DOKANIO_SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)
#define DOKANIO_USAGE 2

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

static int run_dir(WCHAR **args)
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
static int run_type(WCHAR **args)
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

static int run_stat(WCHAR **args)
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
	FILE_FS_DEVICE_INFORMATION *device = (void *)buffer;
	ULONGLONG unit;
	NTSTATUS status;

	status = ioc_query_volume(file, FileFsDeviceInformation, buffer, DOKANIO_INFO_BYTES, NULL);
	if (!usable(status))
		return status;
	printf("device type: 0x%08lX\n", (unsigned long)device->DeviceType);
	printf("characteristics: 0x%08lX\n", (unsigned long)device->Characteristics);
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

static int run_vol(WCHAR **args)
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

/* Closes a file whose last step was the point of the command (a delete happens at
 * cleanup): a failing cleanup or close is a failure too. */
static int close_checked(ioc_file file, const char *step)
{
	NTSTATUS status = ioc_close(file);

	return NT_SUCCESS(status) ? 0 : fail(step, status);
}

static NTSTATUS write_all(ioc_file file, const BYTE *data, ULONG bytes)
{
	NTSTATUS status = STATUS_SUCCESS;
	ULONG written;

	while (bytes && NT_SUCCESS(status)) {
		status = ioc_write(file, IOH_USE_FILE_POINTER, data, bytes, &written);
		if (NT_SUCCESS(status) && !written)
			status = STATUS_UNEXPECTED_IO_ERROR; /* no progress */
		data += written;
		bytes -= written;
	}
	return status;
}

/* Copies a host stream into an open volume file; 0 or a command's exit code. */
static int copy_stream(FILE *in, const WCHAR *source, ioc_file file)
{
	BYTE *buffer = malloc(DOKANIO_WRITE_BYTES);
	NTSTATUS status = STATUS_SUCCESS;
	size_t got;

	if (!buffer)
		return fail("allocate for", STATUS_NO_MEMORY);
	while (NT_SUCCESS(status) && (got = fread(buffer, 1, DOKANIO_WRITE_BYTES, in)) > 0)
		status = write_all(file, buffer, (ULONG)got);
	free(buffer);
	if (!NT_SUCCESS(status))
		return fail("write", status);
	if (ferror(in)) {
		fprintf(stderr, "dokanio: cannot read host file %ls\n", source);
		return 1;
	}
	return 0;
}

/* Like CreateFile(CREATE_ALWAYS) and WriteFile in 64 KiB pieces. */
static int run_put(WCHAR **args)
{
	const WCHAR *source = args[0];
	FILE *in = stdin;
	NTSTATUS status;
	ioc_file file;
	int result;

	if (wcscmp(source, L"-"))
		in = _wfopen(source, L"rb");
	else
		_setmode(_fileno(stdin), _O_BINARY);
	if (!in) {
		fprintf(stderr, "dokanio: cannot open host file %ls\n", source);
		return 1;
	}
	status = ioc_open(g_path, GENERIC_WRITE | FILE_READ_ATTRIBUTES | SYNCHRONIZE,
		FILE_SHARE_READ, FILE_OVERWRITE_IF,
		FILE_NON_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, FILE_ATTRIBUTE_NORMAL, 0,
		&file, NULL);
	if (NT_SUCCESS(status)) {
		result = copy_stream(in, source, file);
		if (result)
			ioc_close(file);
		else
			result = close_checked(file, "close");
	} else {
		result = fail("create", status);
	}
	if (in != stdin)
		fclose(in);
	return result;
}

/* DeleteFile / RemoveDirectory: open for DELETE, mark for deletion, close. */
static int remove_path(ULONG kind_option)
{
	NTSTATUS status;
	ioc_file file;

	status = ioc_open(g_path, DELETE | FILE_READ_ATTRIBUTES | SYNCHRONIZE, DOKANIO_SHARE_ALL,
		FILE_OPEN, kind_option | FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, &file, NULL);
	if (!NT_SUCCESS(status))
		return fail("open", status);
	status = ioc_set_disposition(file, TRUE);
	if (!NT_SUCCESS(status)) {
		ioc_close(file);
		return fail("delete", status);
	}
	return close_checked(file, "close");
}

static int run_rm(WCHAR **args)
{
	return remove_path(FILE_NON_DIRECTORY_FILE);
}

static int run_rmdir(WCHAR **args)
{
	return remove_path(FILE_DIRECTORY_FILE);
}

static int run_mkdir(WCHAR **args)
{
	NTSTATUS status;
	ioc_file dir;

	status = ioc_open(g_path, FILE_LIST_DIRECTORY | SYNCHRONIZE,
		FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_CREATE,
		FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, FILE_ATTRIBUTE_NORMAL, 0, &dir,
		NULL);
	if (!NT_SUCCESS(status))
		return fail("create", status);
	return close_checked(dir, "close");
}

/* MoveFile: the source opened for DELETE, then renamed (no replacing). */
static int run_mv(WCHAR **args)
{
	NTSTATUS status;
	ioc_file file;

	status = ioc_open(g_path, DELETE | FILE_READ_ATTRIBUTES | SYNCHRONIZE, DOKANIO_SHARE_ALL,
		FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT | FILE_OPEN_FOR_BACKUP_INTENT, 0, 0, &file,
		NULL);
	if (!NT_SUCCESS(status))
		return fail("open", status);
	status = ioc_rename(file, args[1], FALSE);
	if (!NT_SUCCESS(status)) {
		ioc_close(file);
		return fail("rename", status);
	}
	return close_checked(file, "close");
}

static const struct {
	WCHAR letter;
	ULONG attribute;
} g_attribute_letters[] = {
	{ L'r', FILE_ATTRIBUTE_READONLY }, { L'h', FILE_ATTRIBUTE_HIDDEN },
	{ L's', FILE_ATTRIBUTE_SYSTEM }, { L'd', FILE_ATTRIBUTE_DIRECTORY },
	{ L'a', FILE_ATTRIBUTE_ARCHIVE }, { L'n', FILE_ATTRIBUTE_NORMAL },
	{ L't', FILE_ATTRIBUTE_TEMPORARY },
};
#define DOKANIO_LETTERS (sizeof(g_attribute_letters) / sizeof(g_attribute_letters[0]))
/* What attrib may change (d, n and t are shown only). */
#define DOKANIO_SETTABLE 4u

static void print_attributes(ULONG attributes)
{
	size_t i;

	printf("0x%08lX ", (unsigned long)attributes);
	for (i = 0; i < DOKANIO_LETTERS; i++)
		if (attributes & g_attribute_letters[i].attribute)
			putchar(towupper(g_attribute_letters[i].letter));
	printf("\n");
}

/* "+r", "-h", ...: the attribute to set or clear; FALSE for anything else. */
static BOOL parse_attribute_flag(const WCHAR *arg, ULONG *set, ULONG *clear)
{
	size_t i;

	if (wcslen(arg) != 2 || (arg[0] != L'+' && arg[0] != L'-'))
		return FALSE;
	for (i = 0; i < DOKANIO_SETTABLE; i++) {
		if (towlower(arg[1]) != g_attribute_letters[i].letter)
			continue;
		*(arg[0] == L'+' ? set : clear) |= g_attribute_letters[i].attribute;
		return TRUE;
	}
	return FALSE;
}

/* Like SetFileAttributes: FileBasicInformation with zero times ("unchanged"). */
static NTSTATUS change_attributes(ioc_file file, ULONG attributes, ULONG set, ULONG clear)
{
	FILE_BASIC_INFORMATION basic;

	attributes = (attributes | set) & ~clear;
	if (attributes != FILE_ATTRIBUTE_NORMAL)
		attributes &= ~FILE_ATTRIBUTE_NORMAL;
	memset(&basic, 0, sizeof(basic));
	basic.FileAttributes = attributes ? attributes : FILE_ATTRIBUTE_NORMAL;
	return ioc_set_info(file, FileBasicInformation, &basic, sizeof(basic));
}

static int run_attrib(WCHAR **args)
{
	ULONG set = 0, clear = 0, access = FILE_READ_ATTRIBUTES | SYNCHRONIZE;
	FILE_BASIC_INFORMATION basic;
	NTSTATUS status;
	ioc_file file;
	WCHAR **flag;

	for (flag = args + 1; *flag; flag++) {
		if (!parse_attribute_flag(*flag, &set, &clear)) {
			fprintf(stderr, "dokanio: attrib: unknown flag %ls\n", *flag);
			return DOKANIO_USAGE;
		}
	}
	if (set | clear)
		access |= FILE_WRITE_ATTRIBUTES;
	status = ioc_open(g_path, access, DOKANIO_SHARE_ALL, FILE_OPEN,
		FILE_SYNCHRONOUS_IO_NONALERT | FILE_OPEN_FOR_BACKUP_INTENT, 0, 0, &file, NULL);
	if (!NT_SUCCESS(status))
		return fail("open", status);
	status = ioc_query_info(file, FileBasicInformation, &basic, sizeof(basic), NULL);
	if (!NT_SUCCESS(status)) {
		ioc_close(file);
		return fail("query", status);
	}
	if (!(set | clear)) {
		print_attributes(basic.FileAttributes);
		ioc_close(file);
		return 0;
	}
	status = change_attributes(file, basic.FileAttributes, set, clear);
	if (!NT_SUCCESS(status)) {
		ioc_close(file);
		return fail("set attributes of", status);
	}
	return close_checked(file, "close");
}

static const char *action_name(ULONG action)
{
	static const char *const names[] = { NULL, "ADDED", "REMOVED", "MODIFIED",
		"RENAMED_OLD_NAME", "RENAMED_NEW_NAME" };

	return action < sizeof(names) / sizeof(names[0]) ? names[action] : NULL;
}

/* One line per FILE_NOTIFY_INFORMATION record. */
static void print_changes(const BYTE *buffer, ULONG bytes)
{
	const ULONG header = offsetof(FILE_NOTIFY_INFORMATION, FileName);
	ULONG at = 0;

	while (bytes - at >= header) {
		const FILE_NOTIFY_INFORMATION *info = (const void *)(buffer + at);
		const char *name = action_name(info->Action);
		if (info->FileNameLength > bytes - at - header)
			break;
		if (name)
			printf("%s ", name);
		else
			printf("ACTION_%lu ", (unsigned long)info->Action);
		print_utf8(info->FileName, (int)(info->FileNameLength / sizeof(WCHAR)));
		printf("\n");
		if (!info->NextEntryOffset || info->NextEntryOffset > bytes - at)
			break;
		at += info->NextEntryOffset;
	}
	fflush(stdout);
}

#define DOKANIO_WATCH_FILTER (FILE_NOTIFY_CHANGE_FILE_NAME | FILE_NOTIFY_CHANGE_DIR_NAME | \
	FILE_NOTIFY_CHANGE_ATTRIBUTES | FILE_NOTIFY_CHANGE_SIZE | FILE_NOTIFY_CHANGE_LAST_WRITE | \
	FILE_NOTIFY_CHANGE_CREATION | FILE_NOTIFY_CHANGE_SECURITY)

/* The time left until the deadline, for a wait. */
static DWORD time_left(ULONGLONG deadline)
{
	ULONGLONG now = GetTickCount64();

	if (deadline == (ULONGLONG)-1)
		return INFINITE;
	return now >= deadline ? 0 : (DWORD)min(deadline - now, (ULONGLONG)(INFINITE - 1));
}

/* One notify request: STATUS_TIMEOUT when the deadline came first (the request is then
 * cancelled and collected). */
static NTSTATUS watch_once(ioc_file dir, ULONGLONG deadline, BYTE *buffer, BOOL *announced)
{
	IOC_PENDING *pending;
	NTSTATUS status;
	ULONG got;

	status = ioc_notify_begin(dir, DOKANIO_WATCH_FILTER, FALSE, DOKANIO_NOTIFY_BYTES, &pending);
	if (status != STATUS_PENDING)
		return NT_SUCCESS(status) ? STATUS_INTERNAL_ERROR : status;
	if (!*announced) {
		fprintf(stderr, "dokanio: watching %ls\n", g_path);
		fflush(stderr);
		*announced = TRUE;
	}
	status = ioc_notify_end(pending, time_left(deadline), buffer, DOKANIO_NOTIFY_BYTES, &got);
	if (status == STATUS_TIMEOUT) {
		ioc_notify_cancel(pending);
		status = ioc_notify_end(pending, 10000, buffer, DOKANIO_NOTIFY_BYTES, &got);
		if (status == STATUS_TIMEOUT) /* the file system ignores the cancel */
			return STATUS_IO_TIMEOUT;
		if (status != STATUS_SUCCESS)
			return STATUS_TIMEOUT;
	}
	if (status == STATUS_NOTIFY_ENUM_DIR || (status == STATUS_SUCCESS && !got)) {
		printf("ENUM_DIR\n");
		fflush(stdout);
	} else if (status == STATUS_SUCCESS) {
		print_changes(buffer, got);
	}
	return status == STATUS_NOTIFY_ENUM_DIR ? STATUS_SUCCESS : status;
}

static int run_watch(WCHAR **args)
{
	BYTE *buffer = malloc(DOKANIO_NOTIFY_BYTES);
	ULONGLONG deadline = (ULONGLONG)-1;
	BOOL announced = FALSE;
	NTSTATUS status;
	ioc_file dir;

	if (args[1]) {
		WCHAR *end;
		unsigned long seconds = wcstoul(args[1], &end, 10);
		if (*end || end == args[1]) {
			fprintf(stderr, "dokanio: watch: bad number of seconds %ls\n", args[1]);
			free(buffer);
			return DOKANIO_USAGE;
		}
		deadline = GetTickCount64() + (ULONGLONG)seconds * 1000;
	}
	if (!buffer)
		return fail("allocate for", STATUS_NO_MEMORY);
	status = ioc_open(g_path, FILE_LIST_DIRECTORY | SYNCHRONIZE, DOKANIO_SHARE_ALL, FILE_OPEN,
		FILE_DIRECTORY_FILE, 0, 0, &dir, NULL);
	if (!NT_SUCCESS(status)) {
		free(buffer);
		return fail("open", status);
	}
	do
		status = watch_once(dir, deadline, buffer, &announced);
	while (status == STATUS_SUCCESS);
	ioc_close(dir);
	free(buffer);
	return status == STATUS_TIMEOUT ? 0 : fail("watch", status);
}

typedef struct COMMAND {
	const WCHAR *name;
	int operands;      /* required, PATH included */
	int optional;      /* more allowed (-1: any number) */
	int (*run)(WCHAR **args);
} COMMAND;

static const COMMAND g_commands[] = {
	{ L"dir", 1, 0, run_dir }, { L"type", 1, 0, run_type }, { L"stat", 1, 0, run_stat },
	{ L"vol", 1, 0, run_vol }, { L"put", 2, 0, run_put }, { L"rm", 1, 0, run_rm },
	{ L"mv", 2, 0, run_mv }, { L"mkdir", 1, 0, run_mkdir }, { L"rmdir", 1, 0, run_rmdir },
	{ L"attrib", 1, -1, run_attrib }, { L"watch", 1, 1, run_watch },
};

static int usage(void)
{
	fprintf(stderr,
		"usage: dokanio dir|type|stat|vol|rm|mkdir|rmdir PATH\n"
		"       dokanio put FILE|- PATH\n"
		"       dokanio mv FROM TO          (TO: M:\\dir\\new or a bare new name)\n"
		"       dokanio attrib PATH [+r|-r|+h|-h|+s|-s|+a|-a]...\n"
		"       dokanio watch DIR [SECONDS]\n");
	return DOKANIO_USAGE;
}

static const COMMAND *find_command(int argc, WCHAR **argv)
{
	int operands = argc - 2;
	size_t i;

	if (argc < 2)
		return NULL;
	for (i = 0; i < sizeof(g_commands) / sizeof(g_commands[0]); i++) {
		const COMMAND *c = &g_commands[i];
		if (wcscmp(argv[1], c->name))
			continue;
		if (operands < c->operands || (c->optional >= 0 && operands > c->operands + c->optional))
			return NULL;
		return c;
	}
	return NULL;
}

int wmain(int argc, WCHAR **argv)
{
	const COMMAND *command = find_command(argc, argv);
	NTSTATUS status;
	int result;

	if (!command)
		return usage();
	/* the volume path the messages name: the destination for put, else the first operand */
	g_path = command->run == run_put ? argv[3] : argv[2];
	_setmode(_fileno(stdout), _O_BINARY);
	status = ioc_connect();
	if (!NT_SUCCESS(status)) {
		fprintf(stderr, "dokanio: cannot open %ls: NTSTATUS 0x%08lX\n", IOH_USER_PATH,
			(unsigned long)status);
		return 1;
	}
	result = command->run(argv + 2);
	fflush(stdout);
	ioc_disconnect();
	return result;
}
