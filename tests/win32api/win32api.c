// SPDX-License-Identifier: LGPL-3.0-or-later
// win32api.c - win32api.exe <folder>: calls every Win32 file API a file system must serve
// on an empty folder and prints one normalized line per check ("[group] call -> result,
// data"). It judges nothing: compare.sh runs it on a folder of Wine's own file system and
// on a Dokan drive and compares the two outputs. Exit code 0 when it ran to the end, 2 for
// a bad argument.
#include "win32api.h"
#include <fcntl.h>
#include <io.h>
#include <stdio.h>

static void (*const groups[])(void) = {
	check_create, check_sharing, check_delete_open, check_read_write, check_append,
	check_file_pointer, check_end_of_file, check_locks, check_info_classes, check_set_info,
	check_attributes, check_volume, check_final_path, check_find, check_move, check_replace,
	check_notify,
};

int wmain(int argc, WCHAR **argv)
{
	size_t i;

	if (argc != 2 || !folder_init(argv[1])) {
		fwprintf(stderr, L"usage: win32api.exe <existing folder, X:\\...>\n");
		return 2;
	}
	// Checks run where the errors can be seen: no "insert a disk" or crash dialogs.
	SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX);
	for (i = 0; i < ARRAYSIZE(groups); i++)
		groups[i]();
	group_begin(L"end");
	say(L"ran to the end");
	return 0;
}
