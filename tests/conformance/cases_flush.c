// SPDX-License-Identifier: LGPL-3.0-or-later
/* cases_flush.c - flush of files and folders (sys/flush.c). */
#include "cf.h"


#define RW (FILE_GENERIC_READ | FILE_GENERIC_WRITE)

static void flush_file(CF *t)
{
	cf_file f = cf_open_existing(t, "rw", L"file.txt", RW);
	ULONG done;

	cf_status(t, t->b->write(t->b, f, 0, "F", 1, &done), "write");
	cf_status(t, t->b->flush(t->b, f), "flush");
}

static void flush_read_only_handle(CF *t)
{
	cf_status(t, t->b->flush(t->b, cf_open_existing(t, "ro", L"file.txt", FILE_READ_DATA)), "flush");
}

static void flush_directory(CF *t)
{
	cf_file d = 0;

	cf_open(t, "dir", L"dir", FILE_LIST_DIRECTORY | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN,
		CF_SYNC | FILE_DIRECTORY_FILE, &d);
	cf_status(t, t->b->flush(t->b, d), "flush");
}

CF_CASES_DEFINE(flush,
	{ "flush_file", flush_file, 0 },
	{ "flush_read_only_handle", flush_read_only_handle, 0 },
	{ "flush_directory", flush_directory, 0 },
)
