// SPDX-License-Identifier: LGPL-3.0-or-later
// test_rename_stress.c - renames a folder tree back and forth between a short and a long
// name while other threads ask the names of files open inside it and list it, through
// iohost on a mirror. Every name a reader gets must be a whole path under one of the two
// names (an FCB path published as two separate stores once let a reader combine the old
// length with the new buffer). Then the driver must still answer and hold no FCB, CCB or
// request of the test any more.
//   test_rename_stress <letter> <seconds>
#include "ioclient.h"
#include "e2e_driver.h"
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#define READERS 3
#define FILES 4

static WCHAR letter;
static volatile LONG stop, renames, rename_failures, queries, listings, stale_listings, bad_names, failures;
static ioc_file files[FILES];

static const WCHAR *const folder_names[2] = { L"s", L"a-much-longer-folder-name-for-the-renamed-tree" };

static void path_of(WCHAR *out, size_t chars, const WCHAR *rel)
{
	swprintf(out, chars, L"%lc:\\%ls", letter, rel);
}

/* "\<one of the folder names>\sub\f<n>.txt" exactly */
static BOOL is_whole_name(const WCHAR *name, ULONG chars)
{
	WCHAR expect[160];
	int f, n;

	for (f = 0; f < 2; f++)
		for (n = 0; n < FILES; n++) {
			int len = swprintf(expect, 160, L"\\%ls\\sub\\f%d.txt", folder_names[f], n);
			if ((ULONG)len == chars && !memcmp(expect, name, chars * sizeof(WCHAR)))
				return TRUE;
		}
	return FALSE;
}

static DWORD WINAPI renamer(void *unused)
{
	WCHAR path[MAX_PATH];
	ioc_file dir;
	int side = 0;
	NTSTATUS status;

	path_of(path, MAX_PATH, folder_names[0]);
	status = ioc_open(path, DELETE | SYNCHRONIZE | FILE_LIST_DIRECTORY, FILE_SHARE_READ | FILE_SHARE_WRITE |
		FILE_SHARE_DELETE, FILE_OPEN, FILE_DIRECTORY_FILE, 0, 0, &dir, NULL);
	if (status) {
		printf("FAIL opening the folder to rename: 0x%08lX\n", (unsigned long)status);
		InterlockedIncrement(&failures);
		return 1;
	}
	while (!stop) {
		WCHAR target[MAX_PATH];
		path_of(target, MAX_PATH, folder_names[!side]);
		status = ioc_rename(dir, target, FALSE);
		if (status == STATUS_SUCCESS) {
			side = !side;
			InterlockedIncrement(&renames);
		} else {
			InterlockedIncrement(&rename_failures);
		}
	}
	ioc_close(dir);
	return 0;
}

static DWORD WINAPI reader(void *arg)
{
	ULONG index = (ULONG)(ULONG_PTR)arg;
	BYTE buffer[1024];

	while (!stop) {
		FILE_NAME_INFORMATION *info = (FILE_NAME_INFORMATION *)buffer;
		ULONG got = 0;
		NTSTATUS status = ioc_query_info(files[index % FILES], FileNameInformation, buffer, sizeof(buffer), &got);
		InterlockedIncrement(&queries);
		if (status != STATUS_SUCCESS || info->FileNameLength > sizeof(buffer) - sizeof(ULONG) ||
			!is_whole_name(info->FileName, info->FileNameLength / sizeof(WCHAR))) {
			if (InterlockedIncrement(&bad_names) <= 5)
				printf("FAIL name of file %lu: status 0x%08lX, %lu bytes: %.*ls\n", (unsigned long)(index % FILES),
					(unsigned long)status, (unsigned long)info->FileNameLength,
					(int)(min(info->FileNameLength, 400) / sizeof(WCHAR)), info->FileName);
		}
		index++;
	}
	return 0;
}

/* Lists whichever name the folder has now: any failure other than "not there" counts. */
static DWORD WINAPI lister(void *unused)
{
	int side = 0;
	while (!stop) {
		WCHAR path[MAX_PATH], **names = NULL;
		ULONG count = 0;
		NTSTATUS status;

		swprintf(path, MAX_PATH, L"%lc:\\%ls\\sub", letter, folder_names[side]);
		status = ioc_list_names(path, &names, &count);
		/* A request carries the path its file had when it was sent: a rename that ends
		 * before the file system lists it leaves nothing to find under that path (the
		 * path-based interface of 0.6.0). Any other count is wrong. */
		if (status == STATUS_SUCCESS && count == 0) {
			InterlockedIncrement(&stale_listings);
		} else if (status == STATUS_SUCCESS) {
			InterlockedIncrement(&listings);
			if (count != FILES + 2 && InterlockedIncrement(&failures) <= 5)
				printf("FAIL listing %ls: %lu entries (expected %d)\n", path, (unsigned long)count, FILES + 2);
			ioc_free_names(names, count);
		} else if (status != STATUS_OBJECT_PATH_NOT_FOUND && status != STATUS_OBJECT_NAME_NOT_FOUND &&
			status != STATUS_DELETE_PENDING) {
			if (InterlockedIncrement(&failures) <= 5)
				printf("FAIL listing %ls: 0x%08lX\n", path, (unsigned long)status);
		}
		side = !side;
	}
	return 0;
}

static BOOL open_files(void)
{
	int n;
	for (n = 0; n < FILES; n++) {
		WCHAR rel[64], path[MAX_PATH];
		NTSTATUS status;
		swprintf(rel, 64, L"%ls\\sub\\f%d.txt", folder_names[0], n);
		path_of(path, MAX_PATH, rel);
		status = ioc_open(path, FILE_READ_ATTRIBUTES | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE |
			FILE_SHARE_DELETE, FILE_OPEN_IF, FILE_NON_DIRECTORY_FILE, 0, 0, &files[n], NULL);
		if (status) {
			printf("FAIL opening %ls: 0x%08lX\n", path, (unsigned long)status);
			return FALSE;
		}
	}
	return TRUE;
}

static BOOL make_tree(void)
{
	WCHAR path[MAX_PATH];
	ioc_file dir;
	int i;
	for (i = 0; i < 2; i++) {
		path_of(path, MAX_PATH, i ? L"s\\sub" : L"s");
		if (ioc_open(path, FILE_LIST_DIRECTORY | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_CREATE,
				FILE_DIRECTORY_FILE, 0, 0, &dir, NULL) != STATUS_SUCCESS)
			return FALSE;
		ioc_close(dir);
	}
	return TRUE;
}

int wmain(int argc, WCHAR **argv)
{
	HANDLE threads[READERS + 2];
	DK_STATS before, after;
	int seconds, i, n = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: test_rename_stress <letter> <seconds>\n");
		return 2;
	}
	letter = argv[1][0];
	seconds = _wtoi(argv[2]);
	before = e2e_query_stats();
	if (ioc_connect() != STATUS_SUCCESS || !make_tree() || !open_files()) {
		printf("FAIL setting up the tree on %lc:\n", letter);
		return 1;
	}
	threads[n++] = CreateThread(NULL, 0, renamer, NULL, 0, NULL);
	threads[n++] = CreateThread(NULL, 0, lister, NULL, 0, NULL);
	for (i = 0; i < READERS; i++)
		threads[n++] = CreateThread(NULL, 0, reader, (void *)(ULONG_PTR)i, 0, NULL);
	Sleep(seconds * 1000);
	stop = 1;
	if (WaitForMultipleObjects(n, threads, TRUE, 60000) != WAIT_OBJECT_0) {
		printf("FAIL the threads did not finish within 60 s\n");
		return 1;
	}
	for (i = 0; i < FILES; i++)
		ioc_close(files[i]);
	ioc_disconnect();
	printf("rename stress: %ld renames (%ld refused), %ld name queries, %ld listings (%ld raced a rename) in %d s\n",
		renames, rename_failures, queries, listings, stale_listings, seconds);
	if (renames < 10 || listings < 10) {
		printf("FAIL only %ld renames and %ld whole listings\n", renames, listings);
		failures++;
	}
	Sleep(1500); /* CLOSE notices and housekeeping */
	after = e2e_query_stats();
	if (after.Size == 0 || after.Fcbs != before.Fcbs || after.Ccbs != before.Ccbs ||
		after.PendingRequests != before.PendingRequests) {
		printf("FAIL driver counters: Fcbs %lu->%lu Ccbs %lu->%lu Pending %lu->%lu\n", (unsigned long)before.Fcbs,
			(unsigned long)after.Fcbs, (unsigned long)before.Ccbs, (unsigned long)after.Ccbs,
			(unsigned long)before.PendingRequests, (unsigned long)after.PendingRequests);
		failures++;
	}
	printf("%ld passed, %ld failed\n", (long)(bad_names == 0) + (long)(failures == 0), (long)(bad_names != 0) +
		(long)(failures != 0));
	return bad_names || failures;
}
