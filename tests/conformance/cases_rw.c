// SPDX-License-Identifier: LGPL-3.0-or-later
/* cases_rw.c - IRP_MJ_READ and IRP_MJ_WRITE: offsets, end of file, zero lengths, the file
 * pointer of synchronous files, append, access, directories, large transfers. */
#include "cf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RW (FILE_GENERIC_READ | FILE_GENERIC_WRITE)

static cf_file open_file(CF *t, const WCHAR *path, ULONG access)
{
	cf_file f = 0;

	cf_open(t, "open", path, access | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN,
		CF_SYNC | FILE_NON_DIRECTORY_FILE, &f);
	return f;
}

static void read_at(CF *t, const char *tag, cf_file f, LONGLONG offset, ULONG length)
{
	BYTE *buffer = calloc(1, length + 1);
	ULONG got = 0;
	NTSTATUS status = t->b->read(t->b, f, offset, buffer, length, &got);

	cf_status(t, status, "%s: read", tag);
	cf_u64(t, got, "%s: bytes read", tag);
	cf_bytes(t, buffer, got < 256 ? got : 256, "%s: data", tag);
	free(buffer);
}

static void write_at(CF *t, const char *tag, cf_file f, LONGLONG offset, const void *data,
	ULONG length)
{
	ULONG done = 0;
	NTSTATUS status = t->b->write(t->b, f, offset, data, length, &done);

	cf_status(t, status, "%s: write", tag);
	cf_u64(t, done, "%s: bytes written", tag);
}

static void position(CF *t, const char *tag, cf_file f)
{
	FILE_POSITION_INFORMATION p = { 0 };
	ULONG got;
	NTSTATUS status = t->b->query_info(t->b, f, FilePositionInformation, &p, sizeof(p), &got);

	cf_status(t, status, "%s: query position", tag);
	cf_u64(t, (ULONGLONG)p.CurrentByteOffset.QuadPart, "%s: position", tag);
}

static void set_position(CF *t, const char *tag, cf_file f, LONGLONG at)
{
	FILE_POSITION_INFORMATION p;

	p.CurrentByteOffset.QuadPart = at;
	cf_status(t, t->b->set_info(t->b, f, FilePositionInformation, &p, sizeof(p)),
		"%s: set position", tag);
}

/* ---- reads ---- */

static void read_start(CF *t)
{
	read_at(t, "start", open_file(t, L"file.txt", FILE_READ_DATA), 0, 10);
}

static void read_middle(CF *t)
{
	read_at(t, "middle", open_file(t, L"file.txt", FILE_READ_DATA), 10, 20);
}

static void read_at_eof(CF *t)
{
	read_at(t, "at eof", open_file(t, L"file.txt", FILE_READ_DATA), CF_FOX_SIZE, 10);
}

static void read_beyond_eof(CF *t)
{
	read_at(t, "beyond eof", open_file(t, L"file.txt", FILE_READ_DATA), 1000, 10);
}

static void read_across_eof(CF *t)
{
	read_at(t, "across eof", open_file(t, L"file.txt", FILE_READ_DATA), 40, 100);
}

static void read_zero_length(CF *t)
{
	read_at(t, "zero length", open_file(t, L"file.txt", FILE_READ_DATA), 0, 0);
}

static void read_zero_at_eof(CF *t)
{
	read_at(t, "zero length at eof", open_file(t, L"file.txt", FILE_READ_DATA), CF_FOX_SIZE, 0);
}

static void read_zero_beyond_eof(CF *t)
{
	read_at(t, "zero length beyond eof", open_file(t, L"file.txt", FILE_READ_DATA), 5000, 0);
}

static void read_empty_file(CF *t)
{
	read_at(t, "empty file", open_file(t, L"empty.bin", FILE_READ_DATA), 0, 16);
}

static void read_file_pointer(CF *t)
{
	cf_file f = open_file(t, L"file.txt", FILE_READ_DATA);

	position(t, "initial", f);
	read_at(t, "first", f, CF_FILE_POINTER, 10);
	read_at(t, "second", f, CF_FILE_POINTER, 10);
	position(t, "after two", f);
	read_at(t, "rest", f, CF_FILE_POINTER, 100);
	position(t, "at end", f);
	read_at(t, "past end", f, CF_FILE_POINTER, 10);
	position(t, "still at end", f);
}

static void read_explicit_moves_pointer(CF *t)
{
	cf_file f = open_file(t, L"file.txt", FILE_READ_DATA);

	read_at(t, "explicit", f, 20, 5);
	position(t, "after explicit read", f);
	read_at(t, "by pointer", f, CF_FILE_POINTER, 5);
}

/* NTFS moves a synchronous file's pointer to the offset of a read that found the end */
static void read_beyond_eof_moves_pointer(CF *t)
{
	cf_file f = open_file(t, L"file.txt", FILE_READ_DATA);

	read_at(t, "explicit", f, 20, 5);
	read_at(t, "beyond eof", f, 1000, 10);
	position(t, "after read beyond eof", f);
	read_at(t, "at eof", f, CF_FOX_SIZE, 4);
	position(t, "after read at eof", f);
}

static void read_after_set_position(CF *t)
{
	cf_file f = open_file(t, L"file.txt", FILE_READ_DATA);

	set_position(t, "to 16", f, 16);
	position(t, "after set", f);
	read_at(t, "from pointer", f, CF_FILE_POINTER, 5);
	set_position(t, "beyond eof", f, 100000);
	read_at(t, "from far pointer", f, CF_FILE_POINTER, 5);
}

static void read_large(CF *t)
{
	cf_content(t, "big", L"big.bin");
}

static void read_one_big_request(CF *t)
{
	cf_file f = open_file(t, L"big.bin", FILE_READ_DATA);
	BYTE *buffer = malloc(CF_BIG_SIZE + 100), *expected = malloc(CF_BIG_SIZE);
	ULONG got = 0;

	if (!buffer || !expected)
		return;
	cf_fill(expected, CF_BIG_SIZE, 7);
	cf_status(t, t->b->read(t->b, f, 0, buffer, CF_BIG_SIZE + 100, &got), "read all");
	cf_u64(t, got, "bytes");
	cf_bool(t, got == CF_BIG_SIZE && !memcmp(buffer, expected, CF_BIG_SIZE), "data intact");
	free(buffer);
	free(expected);
}

static void read_odd_offsets(CF *t)
{
	cf_file f = open_file(t, L"big.bin", FILE_READ_DATA);

	read_at(t, "at 12345", f, 12345, 4093);
	read_at(t, "at 65535", f, 65535, 3);
	read_at(t, "last byte", f, CF_BIG_SIZE - 1, 7);
	read_at(t, "at 4 GiB", f, 0x100000000LL, 7);
}

static void read_directory(CF *t)
{
	cf_file d = 0;

	cf_open(t, "dir", L"dir", FILE_READ_DATA | FILE_LIST_DIRECTORY | SYNCHRONIZE, CF_SHARE_ALL,
		FILE_OPEN, CF_SYNC | FILE_DIRECTORY_FILE, &d);
	read_at(t, "directory", d, 0, 16);
}

static void read_without_access(CF *t)
{
	read_at(t, "attributes-only handle", open_file(t, L"file.txt", FILE_READ_ATTRIBUTES), 0, 10);
}

static void read_write_only_handle(CF *t)
{
	read_at(t, "write-only handle", open_file(t, L"file.txt", FILE_WRITE_DATA), 0, 10);
}

/* ---- writes ---- */

static void write_start(CF *t)
{
	cf_file f = open_file(t, L"file.txt", RW);

	write_at(t, "start", f, 0, "HELLO", 5);
	read_at(t, "back", f, 0, 64);
	cf_close(t, "file", f);
	cf_content(t, "after", L"file.txt");
}

static void write_middle(CF *t)
{
	cf_file f = open_file(t, L"file.txt", RW);

	write_at(t, "middle", f, 10, "-----", 5);
	cf_close(t, "file", f);
	cf_content(t, "after", L"file.txt");
}

static void write_extend(CF *t)
{
	cf_file f = open_file(t, L"file.txt", RW);

	write_at(t, "at eof", f, CF_FOX_SIZE, "more\n", 5);
	cf_query_standard(t, "grown", f);
	cf_close(t, "file", f);
	cf_content(t, "after", L"file.txt");
}

static void write_beyond_eof(CF *t)
{
	cf_file f = open_file(t, L"file.txt", RW);

	write_at(t, "gap", f, 100, "X", 1);
	read_at(t, "gap reads as zeros", f, 40, 70);
	cf_close(t, "file", f);
	cf_content(t, "after", L"file.txt");
}

static void write_append(CF *t)
{
	cf_file f = open_file(t, L"file.txt", RW);

	write_at(t, "append 1", f, CF_APPEND, "one\n", 4);
	write_at(t, "append 2", f, CF_APPEND, "two\n", 4);
	position(t, "after appends", f);
	cf_close(t, "file", f);
	cf_content(t, "after", L"file.txt");
}

static void write_append_data_access(CF *t)
{
	cf_file f = open_file(t, L"file.txt", FILE_APPEND_DATA);

	write_at(t, "append-only handle, append", f, CF_APPEND, "tail\n", 5);
	write_at(t, "append-only handle, at eof", f, CF_FOX_SIZE + 5, "more\n", 5);
	cf_close(t, "file", f);
	cf_content(t, "after", L"file.txt");
}

static void write_file_pointer(CF *t)
{
	cf_file f = open_file(t, L"file.txt", RW);

	write_at(t, "first", f, CF_FILE_POINTER, "AAAA", 4);
	write_at(t, "second", f, CF_FILE_POINTER, "BBBB", 4);
	position(t, "after two", f);
	set_position(t, "to end", f, CF_FOX_SIZE);
	write_at(t, "at pointer end", f, CF_FILE_POINTER, "CC", 2);
	position(t, "after end write", f);
	cf_close(t, "file", f);
	cf_content(t, "after", L"file.txt");
}

static void write_explicit_moves_pointer(CF *t)
{
	cf_file f = open_file(t, L"file.txt", RW);

	write_at(t, "explicit", f, 30, "xyz", 3);
	position(t, "after explicit write", f);
}

static void write_zero_length(CF *t)
{
	cf_file f = open_file(t, L"file.txt", RW);

	write_at(t, "zero length", f, 0, "", 0);
	write_at(t, "zero length beyond eof", f, 1000, "", 0);
	cf_query_standard(t, "unchanged", f);
	cf_close(t, "file", f);
	cf_content(t, "after", L"file.txt");
}

static void write_without_access(CF *t)
{
	cf_file f = open_file(t, L"file.txt", FILE_READ_DATA);

	write_at(t, "read-only handle", f, 0, "nope", 4);
	cf_close(t, "file", f);
	cf_content(t, "after", L"file.txt");
}

static void write_directory(CF *t)
{
	cf_file d = 0;

	ULONG done = 0;

	cf_open(t, "dir", L"dir", FILE_WRITE_DATA | FILE_LIST_DIRECTORY | SYNCHRONIZE,
		CF_SHARE_ALL, FILE_OPEN, CF_SYNC | FILE_DIRECTORY_FILE, &d);
	/* NTFS: STATUS_INVALID_DEVICE_REQUEST, as for reads */
	cf_status_xd(t, t->b->write(t->b, d, 0, "x", 1, &done), CF_XD_WINE_WRITE_DIRECTORY,
		STATUS_INVALID_HANDLE, STATUS_INVALID_DEVICE_REQUEST, "directory: write");
	cf_u64(t, done, "directory: bytes written");
}

static void write_large(CF *t)
{
	ULONG size = 200000;
	BYTE *data = malloc(size);
	cf_file f = 0;

	if (!data)
		return;
	cf_fill(data, size, 11);
	cf_open(t, "new", L"large.bin", RW | SYNCHRONIZE, CF_SHARE_ALL, FILE_CREATE, CF_SYNC, &f);
	write_at(t, "one request", f, 0, data, size);
	cf_close(t, "large", f);
	cf_content(t, "after", L"large.bin");
	free(data);
}

static void write_chunks(CF *t)
{
	BYTE data[4096];
	cf_file f = 0;
	int i;
	char tag[32];

	cf_open(t, "new", L"chunks.bin", RW | SYNCHRONIZE, CF_SHARE_ALL, FILE_CREATE, CF_SYNC, &f);
	for (i = 0; i < 12; i++) {
		cf_fill(data, sizeof(data), (ULONG)i);
		_snprintf(tag, sizeof(tag), "chunk %d", i);
		write_at(t, tag, f, (LONGLONG)i * 4000, data, sizeof(data));
	}
	cf_query_standard(t, "chunks", f);
	cf_close(t, "chunks", f);
	cf_content(t, "after", L"chunks.bin");
}

static void write_seen_by_other_handle(CF *t)
{
	cf_file a = open_file(t, L"file.txt", RW), b = open_file(t, L"file.txt", FILE_READ_DATA);

	write_at(t, "through first", a, 4, "QUICK", 5);
	read_at(t, "through second", b, 0, 20);
	cf_query_standard(t, "second sees size", b);
}

static void write_new_file_size(CF *t)
{
	cf_file f = 0;
	BYTE data[1000];

	cf_fill(data, sizeof(data), 3);
	cf_open(t, "new", L"new.bin", RW | SYNCHRONIZE, CF_SHARE_ALL, FILE_CREATE, CF_SYNC, &f);
	write_at(t, "1000 bytes", f, 0, data, sizeof(data));
	cf_query_standard(t, "new", f);
	cf_close(t, "new", f);
	cf_stat(t, "after", L"new.bin");
}

static void overwrite_then_read(CF *t)
{
	cf_file f = 0;

	cf_open(t, "overwrite", L"file.txt", RW | SYNCHRONIZE, CF_SHARE_ALL, FILE_OVERWRITE, CF_SYNC,
		&f);
	read_at(t, "after overwrite", f, 0, 10);
	write_at(t, "refill", f, 0, "new", 3);
	read_at(t, "refilled", f, 0, 10);
}

static void write_updates_times(CF *t)
{
	cf_file f = open_file(t, L"file.txt", RW);

	cf_query_basic(t, "before", f);
	write_at(t, "write", f, 0, "T", 1);
	cf_close(t, "file", f);
	f = open_file(t, L"file.txt", FILE_READ_ATTRIBUTES);
	cf_query_basic(t, "after", f);
}

static void write_empty_file(CF *t)
{
	cf_file f = open_file(t, L"empty.bin", RW);

	write_at(t, "into empty", f, 0, "abc", 3);
	write_at(t, "append", f, CF_APPEND, "def", 3);
	cf_close(t, "empty", f);
	cf_content(t, "after", L"empty.bin");
}

CF_CASES_DEFINE(rw,
	{ "read_start", read_start, 0 },
	{ "read_middle", read_middle, 0 },
	{ "read_at_eof", read_at_eof, 0 },
	{ "read_beyond_eof", read_beyond_eof, 0 },
	{ "read_across_eof", read_across_eof, 0 },
	{ "read_zero_length", read_zero_length, 0 },
	{ "read_zero_at_eof", read_zero_at_eof, 0 },
	{ "read_zero_beyond_eof", read_zero_beyond_eof, 0 },
	{ "read_empty_file", read_empty_file, 0 },
	{ "read_file_pointer", read_file_pointer, 0 },
	{ "read_explicit_moves_pointer", read_explicit_moves_pointer, 0 },
	{ "read_beyond_eof_moves_pointer", read_beyond_eof_moves_pointer, 0 },
	{ "read_after_set_position", read_after_set_position, 0 },
	{ "read_large_chunks", read_large, CF_FIX_BIG },
	{ "read_one_big_request", read_one_big_request, CF_FIX_BIG },
	{ "read_odd_offsets", read_odd_offsets, CF_FIX_BIG },
	{ "read_directory", read_directory, 0 },
	{ "read_without_access", read_without_access, 0 },
	{ "read_write_only_handle", read_write_only_handle, 0 },
	{ "write_start", write_start, 0 },
	{ "write_middle", write_middle, 0 },
	{ "write_extend", write_extend, 0 },
	{ "write_beyond_eof", write_beyond_eof, 0 },
	{ "write_append", write_append, 0 },
	{ "write_append_data_access", write_append_data_access, 0 },
	{ "write_file_pointer", write_file_pointer, 0 },
	{ "write_explicit_moves_pointer", write_explicit_moves_pointer, 0 },
	{ "write_zero_length", write_zero_length, 0 },
	{ "write_without_access", write_without_access, 0 },
	{ "write_directory", write_directory, 0 },
	{ "write_large", write_large, 0 },
	{ "write_chunks", write_chunks, 0 },
	{ "write_seen_by_other_handle", write_seen_by_other_handle, 0 },
	{ "write_new_file_size", write_new_file_size, 0 },
	{ "write_overwrite_then_read", overwrite_then_read, 0 },
	{ "write_updates_times", write_updates_times, 0 },
	{ "write_empty_file", write_empty_file, 0 },
)
