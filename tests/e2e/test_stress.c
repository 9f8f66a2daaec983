// SPDX-License-Identifier: LGPL-3.0-or-later
// test_stress.c - 16 threads mix operations on a mirror volume through iohost: writes of
// random bytes at random offsets, reads checked against an in-memory model of each file,
// size changes, size queries, listings and flushes. Each thread owns one file; at the end
// every file is read back whole through the volume and compared with its model, and the
// models are written (through Wine's own file system) to a folder on the Linux side, where
// the calling script compares them byte for byte with the mirrored folder.
//   test_stress <letter> <model-folder> [operations-per-thread]
// Seeded: DOKAN_SEED (else the clock) is printed first.
#include "ioclient.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define THREADS 16
#define MAX_FILE (256u * 1024u)
#define MAX_CHUNK (16u * 1024u)
#define IOC_FILE_STANDARD_INFORMATION 5
#define IOC_FILE_END_OF_FILE_INFORMATION 20

typedef struct worker {
	int index;
	unsigned long long rng;
	WCHAR letter;
	unsigned long ops;
	BYTE *model;
	ULONG size;
	BYTE chunk[MAX_CHUNK];
	BYTE got[MAX_CHUNK];
	long failures;
	unsigned long done, bytesWritten, bytesRead, listings;
	ioc_file file;
} worker;

static worker workers[THREADS];

static unsigned rnd(worker *w)
{
	w->rng = w->rng * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)(w->rng >> 33);
}

static void failure(worker *w, const char *what, NTSTATUS status, ULONG a, ULONG b)
{
	if (w->failures++ < 5)
		printf("FAIL thread %d op %lu: %s (status 0x%08lX, %lu, %lu)\n", w->index, w->done, what, (unsigned long)status,
			(unsigned long)a, (unsigned long)b);
	fflush(stdout);
}

static void op_write(worker *w)
{
	ULONG offset = rnd(w) % MAX_FILE, length = 1 + rnd(w) % MAX_CHUNK, written = 0, i;
	NTSTATUS status;

	if (length > MAX_FILE - offset)
		length = MAX_FILE - offset;
	for (i = 0; i < length; i++)
		w->chunk[i] = (BYTE)rnd(w);
	status = ioc_write(w->file, offset, w->chunk, length, &written);
	if (status != STATUS_SUCCESS || written != length) {
		failure(w, "write", status, written, length);
		return;
	}
	if (offset > w->size)
		memset(w->model + w->size, 0, offset - w->size); /* a write past the end leaves zeros */
	memcpy(w->model + offset, w->chunk, length);
	if (offset + length > w->size)
		w->size = offset + length;
	w->bytesWritten += length;
}

static void op_read(worker *w)
{
	ULONG offset = w->size ? rnd(w) % w->size : 0, length = 1 + rnd(w) % MAX_CHUNK, got = 0, expected;
	NTSTATUS status = ioc_read(w->file, offset, w->got, length, &got);

	expected = w->size > offset ? min(length, w->size - offset) : 0;
	if (expected == 0) {
		if (status != STATUS_END_OF_FILE && !(status == STATUS_SUCCESS && got == 0))
			failure(w, "read at the end", status, got, 0);
		return;
	}
	if (status != STATUS_SUCCESS || got != expected || memcmp(w->got, w->model + offset, got) != 0)
		failure(w, "read differs from what was written", status, got, expected);
	w->bytesRead += got;
}

static void op_resize(worker *w)
{
	LARGE_INTEGER eof;
	NTSTATUS status;

	eof.QuadPart = rnd(w) % MAX_FILE;
	status = ioc_set_info(w->file, IOC_FILE_END_OF_FILE_INFORMATION, &eof, sizeof(eof));
	if (status != STATUS_SUCCESS) {
		failure(w, "set end of file", status, (ULONG)eof.QuadPart, 0);
		return;
	}
	if ((ULONG)eof.QuadPart > w->size)
		memset(w->model + w->size, 0, (ULONG)eof.QuadPart - w->size);
	w->size = (ULONG)eof.QuadPart;
}

static void op_stat(worker *w)
{
	FILE_STANDARD_INFORMATION info;
	ULONG got = 0;
	NTSTATUS status = ioc_query_info(w->file, IOC_FILE_STANDARD_INFORMATION, &info, sizeof(info), &got);
	if (status != STATUS_SUCCESS || info.EndOfFile.QuadPart != w->size)
		failure(w, "size query", status, (ULONG)info.EndOfFile.QuadPart, w->size);
}

static void op_list(worker *w)
{
	WCHAR root[8];
	WCHAR **names = NULL;
	ULONG count = 0;
	NTSTATUS status;

	swprintf(root, 8, L"%lc:\\", w->letter);
	status = ioc_list_names(root, &names, &count);
	if (status != STATUS_SUCCESS || count < 1)
		failure(w, "listing", status, count, 0);
	if (names)
		ioc_free_names(names, count);
	w->listings++;
}

static void verify_whole(worker *w)
{
	ULONG offset = 0, got;
	NTSTATUS status;

	while (offset < w->size) {
		ULONG length = min(MAX_CHUNK, w->size - offset);
		got = 0;
		status = ioc_read(w->file, offset, w->got, length, &got);
		if (status != STATUS_SUCCESS || got != length || memcmp(w->got, w->model + offset, length) != 0) {
			failure(w, "final read differs", status, offset, got);
			return;
		}
		offset += length;
	}
}

static DWORD WINAPI worker_main(void *param)
{
	worker *w = param;
	WCHAR path[32];
	ULONG_PTR info;
	NTSTATUS status;

	swprintf(path, 32, L"%lc:\\stress%02d.bin", w->letter, w->index);
	status = ioc_open(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, FILE_OVERWRITE_IF,
		FILE_NON_DIRECTORY_FILE, 0, 0, &w->file, &info);
	if (status != STATUS_SUCCESS) {
		failure(w, "create", status, 0, 0);
		return 0;
	}
	for (w->done = 0; w->done < w->ops; w->done++) {
		unsigned pick = rnd(w) % 20;
		if (pick < 8) op_write(w);
		else if (pick < 14) op_read(w);
		else if (pick < 16) op_resize(w);
		else if (pick < 18) op_stat(w);
		else if (pick < 19) op_list(w);
		else if (ioc_flush(w->file) != STATUS_SUCCESS) failure(w, "flush", 0, 0, 0);
	}
	verify_whole(w);
	status = ioc_close(w->file);
	if (status != STATUS_SUCCESS)
		failure(w, "close", status, 0, 0);
	return 0;
}

/* The model goes to the Linux side through Wine's own file system, for the script's cmp. */
static BOOL save_model(const worker *w, const WCHAR *folder)
{
	WCHAR path[MAX_PATH];
	HANDLE file;
	DWORD written = 0;
	BOOL ok;

	swprintf(path, MAX_PATH, L"%ls\\stress%02d.bin", folder, w->index);
	file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
	if (file == INVALID_HANDLE_VALUE)
		return FALSE;
	ok = WriteFile(file, w->model, w->size, &written, NULL) && written == w->size;
	CloseHandle(file);
	return ok;
}

int wmain(int argc, WCHAR **argv)
{
	const char *seedText = getenv("DOKAN_SEED");
	unsigned seed = seedText ? (unsigned)strtoul(seedText, NULL, 0) : (unsigned)GetTickCount();
	unsigned long ops = argc > 3 ? wcstoul(argv[3], NULL, 0) : 300ul, total = 0, written = 0, read = 0;
	HANDLE threads[THREADS];
	DWORD began = GetTickCount();
	long failures = 0;
	int i;

	if (argc < 3) {
		printf("usage: test_stress <letter> <model-folder> [operations-per-thread]\n");
		return 2;
	}
	printf("test_stress: seed %u (DOKAN_SEED=%u reproduces it), %d threads x %lu operations on %lc:\n", seed, seed,
		THREADS, ops, argv[1][0]);
	fflush(stdout);
	if (ioc_connect() != STATUS_SUCCESS) {
		printf("FAIL cannot connect to iohost\n");
		return 2;
	}
	for (i = 0; i < THREADS; i++) {
		workers[i].index = i;
		workers[i].rng = (unsigned long long)seed * 1000003ull + (unsigned)i;
		workers[i].letter = argv[1][0];
		workers[i].ops = ops;
		workers[i].model = calloc(1, MAX_FILE);
		threads[i] = CreateThread(NULL, 0, worker_main, &workers[i], 0, NULL);
	}
	if (WaitForMultipleObjects(THREADS, threads, TRUE, 600000) != WAIT_OBJECT_0) {
		printf("FAIL the threads did not finish within 600 s\n");
		fflush(stdout);
		ExitProcess(3); /* a thread still uses the models */
	}
	for (i = 0; i < THREADS; i++) {
		CloseHandle(threads[i]);
		if (!save_model(&workers[i], argv[2])) {
			printf("FAIL cannot save the model of thread %d\n", i);
			failures++;
		}
		failures += workers[i].failures;
		total += workers[i].done;
		written += workers[i].bytesWritten;
		read += workers[i].bytesRead;
	}
	ioc_disconnect();
	printf("%lu operations, %lu bytes written, %lu bytes read and checked, %ld failures (%lu ms)\n", total, written,
		read, failures, (unsigned long)(GetTickCount() - began));
	return failures ? 1 : 0;
}
