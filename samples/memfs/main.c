/* SPDX-License-Identifier: MIT */
/* main.c - memfs.exe: an in-memory file system served through Dokan.
 *
 *   memfs.exe /l <mount point> [/t threads] [/z size limit in MiB] [/d] [/s] [/n] [/m]
 *
 * Everything lives in this process's memory and is gone when it ends (dokanctl /u). */
#include "memfs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#define DEFAULT_LIMIT_MIB 1024u
#define MAX_LIMIT_MIB     (1024u * 1024u) /* 1 TiB: more than memory, but a sane bound */

BOOL g_debug;
static BOOL g_use_stderr;

void memfs_debug(LPCWSTR format, ...)
{
	WCHAR text[1024];
	va_list args;

	if (!g_debug)
		return;
	va_start(args, format);
	_vsnwprintf(text, ARRAYSIZE(text) - 1, format, args);
	va_end(args);
	text[ARRAYSIZE(text) - 1] = 0; /* a truncated result is not terminated */
	if (g_use_stderr)
		fputws(text, stderr);
	else
		OutputDebugStringW(text);
}

/* ---- command line ---- */

static void print_usage(void)
{
	fprintf(stderr,
		"usage: memfs.exe /l <mount point> [/t <threads>] [/z <MiB>] [/d] [/s] [/n] [/m]\n"
		"  /l <mp>     drive letter (m, M:, M:\\) or empty NTFS folder to mount on\n"
		"  /t <n>      number of worker threads\n"
		"  /z <MiB>    size limit of the file data (default %u MiB); writes beyond it\n"
		"              fail with \"disk full\"\n"
		"  /d          debug output\n"
		"  /s          debug output to stderr\n"
		"  /n          mount as a network drive\n"
		"  /m          mount as removable media\n",
		DEFAULT_LIMIT_MIB);
}

/* Options are recognised by their second character, so /l, -l and /L are the same. */
static WCHAR option_letter(LPCWSTR argument)
{
	if (argument[0] == 0 || argument[1] == 0)
		return 0;
	return (WCHAR)towlower(argument[1]);
}

static BOOL parse_number(LPCWSTR text, unsigned long maximum, unsigned long *value)
{
	WCHAR *end;

	*value = wcstoul(text, &end, 10);
	return *end == 0 && end != text && *value <= maximum;
}

typedef struct SETTINGS {
	DOKAN_OPTIONS options;
	ULONGLONG limit;
} SETTINGS;

static BOOL apply_value_option(WCHAR letter, LPCWSTR value, SETTINGS *settings)
{
	unsigned long number;

	switch (letter) {
	case L'l':
		settings->options.MountPoint = value;
		return TRUE;
	case L't':
		if (!parse_number(value, 0xFFFF, &number))
			break;
		settings->options.ThreadCount = (USHORT)number;
		return TRUE;
	case L'z':
		if (!parse_number(value, MAX_LIMIT_MIB, &number) || number == 0)
			break;
		settings->limit = (ULONGLONG)number * 1024 * 1024;
		return TRUE;
	default:
		break;
	}
	fprintf(stderr, "memfs: bad value for /%lc: %ls\n", letter, value);
	return FALSE;
}

static BOOL apply_flag_option(WCHAR letter, PDOKAN_OPTIONS options)
{
	switch (letter) {
	case L'd':
		g_debug = TRUE;
		options->Options |= DOKAN_OPTION_DEBUG;
		return TRUE;
	case L's':
		g_use_stderr = TRUE;
		options->Options |= DOKAN_OPTION_STDERR;
		return TRUE;
	case L'n':
		options->Options |= DOKAN_OPTION_NETWORK;
		return TRUE;
	case L'm':
		options->Options |= DOKAN_OPTION_REMOVABLE;
		return TRUE;
	default:
		return FALSE;
	}
}

static BOOL takes_value(WCHAR letter)
{
	return letter == L'l' || letter == L't' || letter == L'z';
}

static BOOL parse_arguments(int argc, WCHAR **argv, SETTINGS *settings)
{
	int i;

	for (i = 1; i < argc; i++) {
		WCHAR letter = option_letter(argv[i]);

		if (takes_value(letter)) {
			if (i + 1 >= argc) {
				fprintf(stderr, "memfs: option %ls needs a value\n", argv[i]);
				return FALSE;
			}
			if (!apply_value_option(letter, argv[++i], settings))
				return FALSE;
		} else if (!apply_flag_option(letter, &settings->options)) {
			fprintf(stderr, "memfs: unknown command: %ls\n", argv[i]);
			return FALSE;
		}
	}
	return TRUE;
}

static void report_result(int status)
{
	switch (status) {
	case DOKAN_SUCCESS:
		printf("memfs: success\n");
		break;
	case DOKAN_ERROR:
		fprintf(stderr, "memfs: error\n");
		break;
	case DOKAN_DRIVE_LETTER_ERROR:
		fprintf(stderr, "memfs: bad drive letter\n");
		break;
	case DOKAN_DRIVER_INSTALL_ERROR:
		fprintf(stderr, "memfs: can't install driver\n");
		break;
	case DOKAN_START_ERROR:
		fprintf(stderr, "memfs: driver something wrong\n");
		break;
	case DOKAN_MOUNT_ERROR:
		fprintf(stderr, "memfs: can't assign a drive letter or mount point\n");
		break;
	case DOKAN_MOUNT_POINT_ERROR:
		fprintf(stderr, "memfs: mount point is invalid\n");
		break;
	default:
		fprintf(stderr, "memfs: unknown error %d\n", status);
		break;
	}
}

int wmain(int argc, WCHAR *argv[])
{
	DOKAN_OPERATIONS operations;
	SETTINGS settings;
	int status;

	if (argc < 3) {
		print_usage();
		return -1;
	}
	ZeroMemory(&settings, sizeof(settings));
	settings.limit = (ULONGLONG)DEFAULT_LIMIT_MIB * 1024 * 1024;
	if (!parse_arguments(argc, argv, &settings))
		return -1;
	settings.options.Version = DOKAN_VERSION;
	settings.options.Options |= DOKAN_OPTION_KEEP_ALIVE;
	memfs_space_init(settings.limit);
	if (!memfs_security_init())
		fprintf(stderr, "memfs: no default security descriptor (error %lu)\n", GetLastError());
	memfs_tree_init();
	if (!memfs_root()) {
		fprintf(stderr, "memfs: out of memory\n");
		return 1;
	}
	memfs_fill_operations(&operations);

	status = DokanMain(&settings.options, &operations);
	report_result(status);
	return status == DOKAN_SUCCESS ? 0 : 1;
}
