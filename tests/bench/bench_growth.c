// SPDX-License-Identifier: LGPL-3.0-or-later
/* bench_growth.c - how the cost of a request grows with the work around it (modes of
 * bench_cost.exe, see bench_cost.c): listing folders of growing size with a small buffer,
 * an open+close while more and more other files are open (held by a helper process, so
 * iohost's per-client file list of the measuring process stays short), and a null request
 * while more and more requests wait in the driver (holdfs). Each table ends with its growth
 * figure: time per unit at the largest size / at the smallest. */
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define MAX_SIZES 8
#define LIST_BUFFER_BYTES 1024u   /* small: about a dozen entries per query */
#define CREATORS 4
#define HELPER_WAIT_MS 600000u

static ULONG parse_sizes(int argc, WCHAR **argv, ULONG *sizes)
{
	int i;

	if (argc < 1 || argc > MAX_SIZES)
		bench_fail("give 1 to %d sizes", MAX_SIZES);
	for (i = 0; i < argc; i++) {
		sizes[i] = (ULONG)wcstoul(argv[i], NULL, 10);
		if (sizes[i] == 0 || sizes[i] > 1000000u)
			bench_fail("bad size %ls", argv[i]);
	}
	return (ULONG)argc;
}

static void print_growth(const char *name, const double *per_unit, ULONG count)
{
	printf("  growth (largest / smallest): %.2f (goal <= 1.5)\n", per_unit[count - 1] / per_unit[0]);
	printf("result: %s=%.2f\n", name, per_unit[count - 1] / per_unit[0]);
	fflush(stdout);
}

/* Open files and pending requests: each size is timed in turns with a reference request
 * that does not depend on the size, so drift of a busy machine cancels out of the growth
 * figure, which compares time / reference time (the raw figure is printed too). */
static void print_relative_growth(const char *name, const double *per_op, const double *reference,
	ULONG count)
{
	double first = per_op[0] / reference[0], last = per_op[count - 1] / reference[count - 1];

	printf("  raw growth (largest / smallest): %.2f; against the reference: %.2f (goal <= 1.5)\n",
		per_op[count - 1] / per_op[0], last / first);
	printf("result: %s=%.2f\n", name, last / first);
	fflush(stdout);
}

/* One size: the measured operation and its reference in turns; prints a row. */
static void run_with_reference(bench_op op, bench_op reference, double *per_op, double *per_reference)
{
	BENCH_TURN turns[] = {
		{ "measured", "", op, { 0 }, 0 },
		{ "reference", "", reference, { 0 }, 0 },
	};

	bench_turns(turns, 2);
	*per_op = turns[0].result.us_per_op;
	*per_reference = turns[1].result.us_per_op;
}

static void entry_name(WCHAR *out, const WCHAR *folder, ULONG i)
{
	swprintf(out, BENCH_PATH_CHARS, L"%ls\\e%07lu", folder, (unsigned long)i);
}

/* ---- list ---------------------------------------------------------------------------------- */

typedef struct CREATOR {
	const WCHAR *folder;
	ULONG first, count;
	HANDLE thread;
} CREATOR;

static DWORD WINAPI creator_thread(LPVOID parameter)
{
	CREATOR *c = parameter;
	WCHAR name[BENCH_PATH_CHARS];
	ULONG i;

	for (i = c->first; i < c->count; i += CREATORS) {
		entry_name(name, c->folder, i);
		bench_close(bench_open(name, FILE_CREATE, BENCH_SYNC_FILE));
	}
	return 0;
}

/* Creates folder with `count` empty files, CREATORS threads at a time. */
static void populate(const WCHAR *folder, ULONG count)
{
	CREATOR creators[CREATORS];
	LONGLONG start = bench_ticks();
	int i;

	bench_close(bench_open(folder, FILE_CREATE, FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT));
	for (i = 0; i < CREATORS; i++) {
		creators[i].folder = folder;
		creators[i].first = (ULONG)i;
		creators[i].count = count;
		creators[i].thread = CreateThread(NULL, 0, creator_thread, &creators[i], 0, NULL);
		if (!creators[i].thread)
			bench_fail("CreateThread failed (error %lu)", GetLastError());
	}
	for (i = 0; i < CREATORS; i++) {
		WaitForSingleObject(creators[i].thread, INFINITE);
		CloseHandle(creators[i].thread);
	}
	printf("  (created %ls with %lu files in %.1f s)\n", folder, (unsigned long)count,
		bench_elapsed(start, bench_ticks()));
}

static ULONG entries_in(const BYTE *buffer, ULONG bytes)
{
	ULONG offset = 0, count = 0, next;

	if (bytes == 0)
		return 0;
	do {
		count++;
		memcpy(&next, buffer + offset, sizeof(next));
		offset += next;
	} while (next && offset < bytes);
	return count;
}

/* One listing as a program does it: open, query until NO_MORE_FILES, close. */
static ULONG list_once(const WCHAR *folder, ULONG *queries)
{
	static BYTE buffer[LIST_BUFFER_BYTES];
	ioc_file dir = bench_open(folder, FILE_OPEN, FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT);
	ULONG entries = 0, got;
	NTSTATUS status;
	UCHAR flags = IOC_SL_RESTART_SCAN;

	for (;;) {
		got = 0;
		status = ioc_query_dir(dir, FileDirectoryInformation, NULL, flags, 0, buffer, sizeof(buffer), &got);
		if (status == STATUS_NO_MORE_FILES)
			break;
		bench_check(status, "directory query");
		entries += entries_in(buffer, got);
		(*queries)++;
		flags = 0;
	}
	bench_close(dir);
	return entries;
}

int bench_mode_list(int argc, WCHAR **argv)
{
	ULONG sizes[MAX_SIZES], count = parse_sizes(argc, argv, sizes), i;
	double per_entry[MAX_SIZES];
	WCHAR folder[BENCH_PATH_CHARS];

	printf("listing a folder with a %u-byte buffer (memfs on %lc:, at least %.1f s per size)\n",
		LIST_BUFFER_BYTES, g_bench_letter, g_bench_seconds);
	for (i = 0; i < count; i++) {
		g_bench_case = "list populate";
		swprintf(folder, BENCH_PATH_CHARS, L"\\list%lu", (unsigned long)sizes[i]);
		populate(folder, sizes[i]);
	}
	printf("  %10s %10s %14s %14s %12s\n", "entries", "listings", "queries/list", "us per list",
		"us per entry");
	for (i = 0; i < count; i++) {
		ULONG listings = 0, queries = 0, entries;
		LONGLONG start;
		double spent;

		g_bench_case = "list";
		swprintf(folder, BENCH_PATH_CHARS, L"\\list%lu", (unsigned long)sizes[i]);
		list_once(folder, &queries); /* warm-up */
		queries = 0;
		start = bench_ticks();
		do {
			entries = list_once(folder, &queries);
			if (entries != sizes[i] + 2) /* with . and .. */
				bench_fail("%ls listed %lu entries, expected %lu", folder, (unsigned long)entries,
					(unsigned long)sizes[i] + 2);
			listings++;
			spent = bench_elapsed(start, bench_ticks());
		} while (spent < g_bench_seconds);
		per_entry[i] = spent * 1e6 / listings / sizes[i];
		printf("  %10lu %10lu %14.1f %14.0f %12.2f\n", (unsigned long)sizes[i], (unsigned long)listings,
			(double)queries / listings, spent * 1e6 / listings, per_entry[i]);
		fflush(stdout);
	}
	print_growth("list_growth", per_entry, count);
	return 0;
}

/* ---- open: other files held open by a helper ------------------------------------------------ */

static WCHAR g_op_target[BENCH_PATH_CHARS];
static ioc_file g_reference;

static void op_open_close(void)
{
	bench_close(bench_open(g_op_target, FILE_OPEN, BENCH_SYNC_FILE));
}

/* A null request on a handle opened before: no path lookup, no FCB or CCB made. */
static void op_reference_query(void)
{
	bench_query_basic(g_reference);
}

static void wait_helper(HANDLE event, HANDLE helper, const char *what)
{
	HANDLE both[2] = { event, helper };

	if (WaitForMultipleObjects(2, both, FALSE, HELPER_WAIT_MS) != WAIT_OBJECT_0)
		bench_fail("the helper process did not %s", what);
}

int bench_mode_open(int argc, WCHAR **argv)
{
	ULONG sizes[MAX_SIZES], count, i;
	double per_op[MAX_SIZES], reference[MAX_SIZES];
	WCHAR args[BENCH_PATH_CHARS * 2];
	HANDLE held, next, helper;
	DWORD self = GetCurrentProcessId();
	int a;

	if (argc < 2)
		bench_fail("open needs <folder> <open files...>");
	count = parse_sizes(argc - 1, argv + 1, sizes);
	entry_name(g_op_target, argv[0], 0);
	held = bench_named_event(self, L"held");
	next = bench_named_event(self, L"next");
	swprintf(args, BENCH_PATH_CHARS * 2, L"hold-open %lc %lu %ls", g_bench_letter, (unsigned long)self, argv[0]);
	for (a = 1; a < argc; a++) {
		wcscat(args, L" ");
		wcscat(args, argv[a]);
	}
	g_reference = bench_open(argv[0], FILE_OPEN, FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT);
	helper = bench_spawn(args);
	printf("open+close of one file while others are open (memfs on %lc:, %.1f s per size;\n"
		"  reference: a null request on the folder's handle, in turns with it)\n",
		g_bench_letter, g_bench_seconds);
	printf("  %12s %10s %10s %14s %14s\n", "other open", "FCBs", "CCBs", "us/open+close", "us/reference");
	for (i = 0; i < count; i++) {
		DK_STATS stats;

		g_bench_case = "open (waiting for the helper)";
		wait_helper(held, helper, "open its files");
		stats = bench_stats();
		run_with_reference(op_open_close, op_reference_query, &per_op[i], &reference[i]);
		printf("  %12lu %10lu %10lu %14.1f %14.1f\n", (unsigned long)sizes[i], (unsigned long)stats.Fcbs,
			(unsigned long)stats.Ccbs, per_op[i], reference[i]);
		fflush(stdout);
		SetEvent(next);
	}
	WaitForSingleObject(helper, 60000);
	CloseHandle(helper);
	bench_close(g_reference);
	print_relative_growth("open_growth", per_op, reference, count);
	return 0;
}

/* hold-open <letter> <parent pid> <folder> <counts...>: opens the folder's files 1, 2, ...
 * up to each count in turn, tells the parent, waits for it; exits after the last (its
 * files close with its iohost connection). */
int bench_mode_hold_open(int argc, WCHAR **argv)
{
	ULONG sizes[MAX_SIZES], count, i, opened = 0;
	WCHAR name[BENCH_PATH_CHARS];
	DWORD parent;
	HANDLE held, next;

	if (argc < 4)
		return 2;
	g_bench_letter = argv[0][0];
	parent = (DWORD)wcstoul(argv[1], NULL, 10);
	count = parse_sizes(argc - 3, argv + 3, sizes);
	held = bench_named_event(parent, L"held");
	next = bench_named_event(parent, L"next");
	bench_check(ioc_connect(), "ioc_connect");
	g_bench_case = "hold-open";
	for (i = 0; i < count; i++) {
		while (opened < sizes[i]) {
			entry_name(name, argv[2], ++opened);
			bench_open(name, FILE_OPEN, BENCH_SYNC_FILE);
		}
		SetEvent(held);
		if (WaitForSingleObject(next, HELPER_WAIT_MS) != WAIT_OBJECT_0)
			return 1;
	}
	return 0;
}

/* ---- pending: requests held in the driver by holdfs ------------------------------------------ */

typedef struct HELD {
	IOC_IRP irp;
	FILE_BASIC_INFORMATION info;
	IOC_PENDING *pending;
} HELD;

static ioc_file g_probe;

static void op_probe(void)
{
	bench_query_basic(g_probe);
}

/* The reference: answered in dokan.sys, so it never looks for a pending request. */
static void op_probe_in_driver(void)
{
	bench_query_position(g_probe);
}

/* Sends count requests that holdfs's holder will keep; returns how many stay pending. */
static ULONG hold_requests(HELD *held, ULONG count, ioc_file parked)
{
	ULONG i, waiting = count, polls;

	for (i = 0; i < count; i++) {
		memset(&held[i].irp, 0, sizeof(held[i].irp));
		held[i].irp.file = parked;
		held[i].irp.major = IOC_IRP_MJ_QUERY_INFORMATION;
		held[i].irp.args[0] = FileBasicInformation;
		held[i].irp.output = &held[i].info;
		held[i].irp.output_bytes = sizeof(held[i].info);
		if (ioc_irp_begin(&held[i].irp, &held[i].pending) != STATUS_PENDING) {
			held[i].pending = NULL;
			waiting--;
		}
	}
	/* the one request dokan.dll's worker takes (it is ahead of the holder's IOCTLs once)
	 * completes; the holder's stay */
	for (polls = 0; polls < 100 && waiting > count - 1; polls++) {
		Sleep(100);
		for (i = 0; i < count; i++)
			if (held[i].pending && ioc_irp_end(held[i].pending, 0) != STATUS_TIMEOUT) {
				held[i].pending = NULL;
				waiting--;
			}
	}
	return waiting;
}

static void release_requests(HELD *held, ULONG count)
{
	ULONG i;

	for (i = 0; i < count; i++)
		if (held[i].pending) {
			ioc_irp_cancel(held[i].pending);
			ioc_irp_end(held[i].pending, 30000);
			held[i].pending = NULL;
		}
}

/* Opens \hold-<count>: holdfs's holder has posted its IOCTLs when the open returns. The
 * caller closes it after the requests are held, so that its cleanup and close are not
 * among the events the holder takes. */
static ioc_file ask_holdfs_to_hold(ULONG count)
{
	WCHAR name[40];

	swprintf(name, 40, L"\\hold-%lu", (unsigned long)count);
	return bench_open(name, FILE_OPEN_IF, BENCH_SYNC_FILE);
}

int bench_mode_pending(int argc, WCHAR **argv)
{
	ULONG sizes[MAX_SIZES], count = parse_sizes(argc, argv, sizes), i;
	double per_op[MAX_SIZES], reference[MAX_SIZES];
	ioc_file parked;

	g_probe = bench_open(L"\\probe", FILE_OPEN_IF, BENCH_SYNC_FILE);
	parked = bench_open(L"\\parked", FILE_OPEN_IF, BENCH_SYNC_FILE);
	printf("a null request while others wait in dokan.sys (holdfs on %lc:, %.1f s per size;\n"
		"  reference: a FilePosition query dokan.sys answers, in turns with it)\n",
		g_bench_letter, g_bench_seconds);
	printf("  %10s %14s %12s %14s\n", "pending", "driver count", "us/request", "us/reference");
	for (i = 0; i < count; i++) {
		HELD *held = calloc(sizes[i] + 1, sizeof(HELD));
		DK_STATS base, now;
		ioc_file hold;
		ULONG waiting;

		if (!held)
			bench_fail("out of memory");
		g_bench_case = "pending (holding)";
		base = bench_stats();
		hold = ask_holdfs_to_hold(sizes[i]);
		waiting = hold_requests(held, sizes[i] + 1, parked);
		now = bench_stats();
		bench_close(hold);
		if (waiting != sizes[i])
			bench_fail("%lu requests stayed pending, wanted %lu", (unsigned long)waiting,
				(unsigned long)sizes[i]);
		run_with_reference(op_probe, op_probe_in_driver, &per_op[i], &reference[i]);
		printf("  %10lu %14ld %12.1f %14.1f\n", (unsigned long)sizes[i],
			(long)(now.PendingRequests - base.PendingRequests), per_op[i], reference[i]);
		fflush(stdout);
		release_requests(held, sizes[i] + 1);
		free(held);
	}
	bench_close(parked);
	bench_close(g_probe);
	print_relative_growth("pending_growth", per_op, reference, count);
	return 0;
}
