// SPDX-License-Identifier: LGPL-3.0-or-later
/* bench_cost.c - Dokan's own cost per request, and how it grows, on a mounted memfs (and
 * holdfs for pending requests). Run by scripts/bench.sh; figures, not a test: it fails
 * only when an operation fails. Each mode prints a table and `result: name=value` lines
 * that bench.sh gathers into its summary.
 *
 *   bench_cost cost <L> <seconds>            round trip vs the bare inverted call, and kernel
 *                                            transitions per request (pingdev.sys, if loaded)
 *   bench_cost rw <L> <seconds> <KiB...>     reads and writes of each size: MB/s, requests,
 *                                            TRANSACTs and FETCHes per transfer
 *   bench_cost threads <L> <seconds> <workers> <clients...>
 *                                            null requests/s with that many client threads
 *   bench_cost list <L> <seconds> <entries...>   bench_growth.c
 *   bench_cost open <L> <seconds> <folder> <open files...>
 *   bench_cost pending <L> <seconds> <pending...>  (L: a holdfs volume)
 *   bench_cost install-ping <windows path of pingdev.sys> | remove-ping
 *   bench_cost ping-server | hold-open ...   helper processes of the modes above */
#include "bench_util.h"
#include "pingdev_protocol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define COST_FILE L"\\cost.bin"
#define RW_FILE L"\\rw.bin"
#define RW_SPAN (16u * 1024u * 1024u)
#define MAX_CLIENTS 64
#define RW_WARM_UP 16

static ioc_file g_file;
static HANDLE g_ping = INVALID_HANDLE_VALUE;
static BYTE *g_data;
static ULONG g_size, g_offset;

/* ---- the single operations ------------------------------------------------------------ */

static void op_null_request(void)
{
	bench_query_basic(g_file);
}

static void op_in_driver(void)
{
	bench_query_position(g_file);
}

static void op_no_irp(void)
{
	IOH_FILE_STATE state;

	bench_check(ioc_file_state(g_file, &state), "ioc_file_state");
}

static void ping(ULONG code)
{
	ULONGLONG message = 1, answer = 0;
	DWORD got = 0;

	if (!DeviceIoControl(g_ping, code, &message, sizeof(message), &answer, sizeof(answer), &got, NULL) ||
	    got != sizeof(answer))
		bench_fail("pingdev IOCTL 0x%lx failed (error %lu)", (unsigned long)code, GetLastError());
}

static void op_ping_now(void)
{
	ping(IOCTL_PING_NOW);
}

static void op_ping_relay(void)
{
	ping(IOCTL_PING_RELAY);
}

/* One transfer of g_size bytes at g_offset; the next one follows it, within RW_SPAN. */
static void transfer(BOOL write)
{
	ULONG done = 0;

	if (write)
		bench_check(ioc_write(g_file, g_offset, g_data, g_size, &done), "write");
	else
		bench_check(ioc_read(g_file, g_offset, g_data, g_size, &done), "read");
	if (done != g_size)
		bench_fail("moved %lu of %lu bytes", (unsigned long)done, (unsigned long)g_size);
	g_offset = (g_offset + g_size) % RW_SPAN;
}

static void op_write(void)
{
	transfer(TRUE);
}

static void op_read(void)
{
	transfer(FALSE);
}

/* ---- counters ----------------------------------------------------------------------------- */

typedef struct TRAFFIC {
	double transacts, fetches, forwarded; /* per operation */
} TRAFFIC;

static TRAFFIC traffic_between(const DK_STATS *a, const DK_STATS *b, ULONGLONG ops)
{
	TRAFFIC t;

	t.transacts = (double)(ULONG)(b->Transacts - a->Transacts) / (double)ops;
	t.fetches = (double)(ULONG)(b->Fetches - a->Fetches) / (double)ops;
	t.forwarded = (double)(ULONG)(b->RequestsForwarded - a->RequestsForwarded) / (double)ops;
	return t;
}

/* Runs op for `seconds` (after one untimed run) between two counter snapshots. */
static BENCH_RESULT run_counted(const char *id, bench_op op, double seconds, TRAFFIC *traffic)
{
	DK_STATS before, after;
	BENCH_RESULT r;

	before = bench_stats();
	r = bench_run(id, op, seconds);
	after = bench_stats();
	*traffic = traffic_between(&before, &after, r.ops + 1); /* + bench_run's warm-up */
	return r;
}

/* ---- cost: Dokan's round trip against the bare inverted call ---------------------------- */

static BOOL ping_available(void)
{
	g_ping = CreateFileW(PINGDEV_WIN32_NAME, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
	return g_ping != INVALID_HANDLE_VALUE;
}

static void prepare_cost_file(void)
{
	static BYTE block[4096];
	ULONG done = 0;

	g_file = bench_open(COST_FILE, FILE_OPEN_IF, BENCH_SYNC_FILE);
	bench_check(ioc_write(g_file, 0, block, sizeof(block), &done), "write cost.bin");
}

static void print_cost(const BENCH_TURN *t, int count, BOOL with_ping)
{
	double in_driver = t[0].result.us_per_op, no_irp = t[1].result.us_per_op;
	double null_request = t[2].result.us_per_op, round_trip = null_request - in_driver;
	int i;

	printf("  %-4s %-50s %10s %10s\n", "case", "operation", "ops/s", "us/op");
	for (i = 0; i < count; i++)
		bench_print_row(t[i].id, t[i].label, &t[i].result);
	printf("  iohost alone %.1f us, dokan.sys answering %.1f us, user-mode round trip (d - g) %.1f us\n",
		no_irp, in_driver - no_irp, round_trip);
	if (!with_ping) {
		printf("  bare inverted call: pingdev.sys not loaded\n");
		printf("result: roundtrip_vs_limit=na\n");
		return;
	}
	printf("  bare inverted call (r - n) %.1f us; Dokan's round trip / limit = %.2f (goal <= 1.25)\n",
		t[4].result.us_per_op - t[3].result.us_per_op,
		round_trip / (t[4].result.us_per_op - t[3].result.us_per_op));
	printf("result: roundtrip_vs_limit=%.2f\n",
		round_trip / (t[4].result.us_per_op - t[3].result.us_per_op));
}

static void print_transitions(void)
{
	TRAFFIC t;
	BENCH_RESULT r = run_counted("t", op_null_request, g_bench_seconds, &t);

	printf("  steady state, %llu null requests: %.3f TRANSACT, %.3f FETCH, %.3f forwarded per request"
		" (goal: 1 TRANSACT, no FETCH)\n", (unsigned long long)r.ops + 1, t.transacts, t.fetches,
		t.forwarded);
	printf("result: transitions_per_request=%.2f\n", t.transacts + t.fetches);
	/* counted from the code, not measured */
	printf("  data copies between the caller's buffer and the callback's: read 2, write 3 (goal <= 2;\n"
		"  docs/performance.md, \"Data copies per read and write\")\n");
}

static int mode_cost(void)
{
	HANDLE server = NULL;
	BOOL with_ping = ping_available();
	BENCH_TURN turns[] = {
		{ "g", "FilePosition query (dokan.sys answers)", op_in_driver, { 0 }, 0 },
		{ "h", "iohost request without an IRP", op_no_irp, { 0 }, 0 },
		{ "d", "FileBasicInformation (memfs answers at once)", op_null_request, { 0 }, 0 },
		{ "n", "pingdev: IOCTL answered in the driver", op_ping_now, { 0 }, 0 },
		{ "r", "pingdev: IOCTL relayed to a parked thread", op_ping_relay, { 0 }, 0 },
	};

	prepare_cost_file();
	if (with_ping)
		server = bench_spawn(L"ping-server");
	printf("cost per request (memfs on %lc:, %.1f s per case in turns of 0.2 s)\n", g_bench_letter,
		g_bench_seconds);
	bench_turns(turns, with_ping ? 5 : 3);
	print_cost(turns, with_ping ? 5 : 3, with_ping);
	print_transitions();
	if (server) {
		TerminateProcess(server, 0);
		WaitForSingleObject(server, 10000);
		CloseHandle(server);
	}
	bench_close(g_file);
	return 0;
}

/* The parked thread of the bare inverted call: answers each relayed request with its next
 * IOCTL, as a Dokan worker answers with its next TRANSACT. Ends when killed. */
static int mode_ping_server(void)
{
	ULONGLONG answer = 0, request = 0;
	DWORD got;
	BOOL first = TRUE;

	if (!ping_available())
		return 1;
	for (;;) {
		if (!DeviceIoControl(g_ping, IOCTL_PING_SERVE, first ? NULL : &answer, first ? 0 : sizeof(answer),
			    &request, sizeof(request), &got, NULL))
			return 1;
		answer = request + 1;
		first = FALSE;
	}
}

/* ---- pingdev.sys as a service (same load-order group as dokan.sys: one winedevice) ---- */

static int mode_install_ping(const WCHAR *path)
{
	SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS), service;

	if (!scm)
		bench_fail("OpenSCManagerW failed (error %lu)", GetLastError());
	service = OpenServiceW(scm, PINGDEV_SERVICE, SERVICE_ALL_ACCESS);
	if (!service)
		service = CreateServiceW(scm, PINGDEV_SERVICE, PINGDEV_SERVICE, SERVICE_ALL_ACCESS,
			SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL, path, L"File System",
			NULL, NULL, NULL, NULL);
	if (!service)
		bench_fail("CreateServiceW %ls failed (error %lu)", path, GetLastError());
	if (!StartServiceW(service, 0, NULL) && GetLastError() != ERROR_SERVICE_ALREADY_RUNNING)
		bench_fail("StartServiceW %ls failed (error %lu)", PINGDEV_SERVICE, GetLastError());
	CloseServiceHandle(service);
	CloseServiceHandle(scm);
	return 0;
}

static int mode_remove_ping(void)
{
	SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS), service;
	SERVICE_STATUS status;
	int i;

	if (!scm)
		return 1;
	service = OpenServiceW(scm, PINGDEV_SERVICE, SERVICE_ALL_ACCESS);
	if (service) {
		ControlService(service, SERVICE_CONTROL_STOP, &status);
		for (i = 0; i < 100 && QueryServiceStatus(service, &status) &&
		     status.dwCurrentState != SERVICE_STOPPED; i++)
			Sleep(100);
		DeleteService(service);
		CloseServiceHandle(service);
	}
	CloseServiceHandle(scm);
	return 0;
}

/* ---- rw: transfer sizes ----------------------------------------------------------------- */

static void rw_row(const char *what, bench_op op, ULONG kib)
{
	DK_STATS first = bench_stats(), warm;
	TRAFFIC t;
	BENCH_RESULT r;
	int i;

	g_size = kib * 1024u;
	g_offset = 0;
	/* untimed: every worker thread sees the size (workers take requests in turn, and a
	 * worker's buffer grows at its first event too large for it) */
	for (i = 0; i < RW_WARM_UP; i++)
		op();
	warm = bench_stats();
	r = run_counted(what, op, g_bench_seconds, &t);
	printf("  %-6s %8lu KiB %10.1f %10.1f %12.2f %10.2f %10.3f %10lu\n", what, (unsigned long)kib,
		(double)g_size * (double)r.ops / r.seconds / 1e6, r.us_per_op, t.forwarded, t.transacts, t.fetches,
		(unsigned long)(warm.Fetches - first.Fetches));
	fflush(stdout);
}

static int mode_rw(int argc, WCHAR **argv)
{
	ULONG kib[8], max = 0;
	int count = 0, i;
	TRAFFIC t;
	BENCH_RESULT before, after;

	for (i = 0; i < argc && count < 8; i++) {
		kib[count] = (ULONG)wcstoul(argv[i], NULL, 10);
		if (kib[count] == 0 || kib[count] * 1024u > RW_SPAN)
			bench_fail("bad transfer size %ls KiB", argv[i]);
		if (kib[count] > max)
			max = kib[count];
		count++;
	}
	g_data = calloc(1, RW_SPAN);
	if (!g_data)
		bench_fail("out of memory");
	g_file = bench_open(RW_FILE, FILE_OPEN_IF, BENCH_SYNC_FILE);
	g_size = RW_SPAN;
	g_offset = 0;
	op_write();
	before = run_counted("d0", op_null_request, g_bench_seconds / 2, &t);
	printf("reads and writes (memfs on %lc:, %.1f s per row after %d untimed transfers;\n"
		"  per transfer at steady state: requests, TRANSACTs, FETCHes; FETCHes in the untimed ones)\n",
		g_bench_letter, g_bench_seconds, RW_WARM_UP);
	printf("  %-6s %12s %10s %10s %12s %10s %10s %10s\n", "op", "size", "MB/s", "us/op", "requests/op",
		"TRANSACT", "FETCH", "1st FETCH");
	for (i = 0; i < count; i++)
		rw_row("write", op_write, kib[i]);
	for (i = 0; i < count; i++)
		rw_row("read", op_read, kib[i]);
	after = run_counted("d1", op_null_request, g_bench_seconds / 2, &t);
	printf("  null request before these transfers %.1f us, after (worker buffers grown to %lu KiB) %.1f us\n",
		before.us_per_op, (unsigned long)max, after.us_per_op);
	bench_close(g_file);
	free(g_data);
	return 0;
}

/* ---- threads: client threads against the mount's worker threads ------------------------- */

typedef struct CLIENT {
	ioc_file file;
	HANDLE thread;
	ULONGLONG ops;
} CLIENT;

static volatile LONG g_stop;
static HANDLE g_go;

static DWORD WINAPI client_thread(LPVOID parameter)
{
	CLIENT *client = parameter;

	WaitForSingleObject(g_go, INFINITE);
	while (!g_stop) {
		bench_query_basic(client->file);
		client->ops++;
	}
	return 0;
}

static double clients_throughput(int count)
{
	CLIENT clients[MAX_CLIENTS];
	WCHAR name[32];
	ULONGLONG total = 0;
	LONGLONG start;
	int i;

	g_stop = 0;
	g_go = CreateEventW(NULL, TRUE, FALSE, NULL);
	for (i = 0; i < count; i++) {
		swprintf(name, 32, L"\\client%d.bin", i);
		clients[i].file = bench_open(name, FILE_OPEN_IF, BENCH_SYNC_FILE);
		clients[i].ops = 0;
		clients[i].thread = CreateThread(NULL, 0, client_thread, &clients[i], 0, NULL);
		if (!clients[i].thread)
			bench_fail("CreateThread failed (error %lu)", GetLastError());
	}
	start = bench_ticks();
	SetEvent(g_go);
	Sleep((DWORD)(g_bench_seconds * 1000));
	g_stop = 1;
	for (i = 0; i < count; i++) {
		WaitForSingleObject(clients[i].thread, INFINITE);
		CloseHandle(clients[i].thread);
		total += clients[i].ops;
	}
	total = (ULONGLONG)((double)total / bench_elapsed(start, bench_ticks()));
	for (i = 0; i < count; i++)
		bench_close(clients[i].file);
	CloseHandle(g_go);
	return (double)total;
}

static int mode_threads(int argc, WCHAR **argv)
{
	int workers, i;

	if (argc < 2)
		bench_fail("threads needs <workers> <clients...>");
	workers = _wtoi(argv[0]);
	for (i = 1; i < argc; i++) {
		int clients = _wtoi(argv[i]);
		if (clients < 1 || clients > MAX_CLIENTS)
			bench_fail("bad client count %ls", argv[i]);
		g_bench_case = "threads";
		printf("threads: workers=%d clients=%d requests_per_s=%.0f\n", workers, clients,
			clients_throughput(clients));
		fflush(stdout);
	}
	return 0;
}

/* ---- main ---------------------------------------------------------------------------------- */

static void usage(void)
{
	fprintf(stderr, "usage: bench_cost cost|rw|threads|list|open|pending <letter> <seconds> [args...]\n"
		"       bench_cost install-ping <pingdev.sys path> | remove-ping\n");
	exit(2);
}

static int volume_mode(const WCHAR *mode, int argc, WCHAR **argv)
{
	g_bench_letter = (WCHAR)towupper(argv[0][0]);
	g_bench_seconds = wcstod(argv[1], NULL);
	if (g_bench_letter < L'A' || g_bench_letter > L'Z' || !(g_bench_seconds >= 0.05 && g_bench_seconds <= 3600))
		usage();
	bench_check(ioc_connect(), "ioc_connect (is DokanIoHost running?)");
	argc -= 2, argv += 2;
	if (!wcscmp(mode, L"cost"))
		return mode_cost();
	if (!wcscmp(mode, L"rw"))
		return mode_rw(argc, argv);
	if (!wcscmp(mode, L"threads"))
		return mode_threads(argc, argv);
	if (!wcscmp(mode, L"list"))
		return bench_mode_list(argc, argv);
	if (!wcscmp(mode, L"open"))
		return bench_mode_open(argc, argv);
	if (!wcscmp(mode, L"pending"))
		return bench_mode_pending(argc, argv);
	usage();
	return 2;
}

int wmain(int argc, WCHAR **argv)
{
	bench_init();
	if (argc >= 2 && !wcscmp(argv[1], L"ping-server"))
		return mode_ping_server();
	if (argc == 3 && !wcscmp(argv[1], L"install-ping"))
		return mode_install_ping(argv[2]);
	if (argc == 2 && !wcscmp(argv[1], L"remove-ping"))
		return mode_remove_ping();
	if (argc >= 2 && !wcscmp(argv[1], L"hold-open"))
		return bench_mode_hold_open(argc - 2, argv + 2);
	if (argc < 4)
		usage();
	return volume_mode(argv[1], argc - 2, argv + 2);
}
