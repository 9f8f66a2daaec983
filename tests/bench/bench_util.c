// SPDX-License-Identifier: LGPL-3.0-or-later
/* bench_util.c - failures, the clock, timed loops, counters, paths and helper processes
 * for bench_cost.exe. A benchmark only fails when an operation fails. */
#include "bench_util.h"
#include "dokanc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define TURN_SECONDS 0.2

double g_bench_seconds = 2.0;
const char *g_bench_program = "bench_cost";
const char *g_bench_case = "setup";
WCHAR g_bench_letter = L'M';
static LARGE_INTEGER g_freq;

void bench_fail(const char *format, ...)
{
	va_list args;

	fflush(stdout);
	fprintf(stderr, "%s: error in %s: ", g_bench_program, g_bench_case);
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fputc('\n', stderr);
	exit(1);
}

void bench_check(NTSTATUS status, const char *what)
{
	if (!NT_SUCCESS(status))
		bench_fail("%s failed with NTSTATUS 0x%08lx", what, (unsigned long)status);
}

void bench_init(void)
{
	QueryPerformanceFrequency(&g_freq);
}

LONGLONG bench_ticks(void)
{
	LARGE_INTEGER t;

	QueryPerformanceCounter(&t);
	return t.QuadPart;
}

double bench_elapsed(LONGLONG start, LONGLONG end)
{
	return (double)(end - start) / (double)g_freq.QuadPart;
}

static void bench_finish(BENCH_RESULT *r, LONGLONG spent)
{
	r->seconds = (double)spent / (double)g_freq.QuadPart;
	r->us_per_op = r->ops ? r->seconds * 1e6 / (double)r->ops : 0;
}

BENCH_RESULT bench_run(const char *id, bench_op op, double seconds)
{
	BENCH_RESULT r = { 0 };
	LONGLONG start, deadline, t;

	g_bench_case = id;
	op();
	start = bench_ticks();
	deadline = start + (LONGLONG)(seconds * (double)g_freq.QuadPart);
	do {
		op();
		r.ops++;
		t = bench_ticks();
	} while (t < deadline);
	bench_finish(&r, t - start);
	return r;
}

/* Turns rather than alternating single operations: an operation leaves work behind (a
 * worker posting its next wait) that would be billed to the next one; turns let drift of
 * a loaded machine hit every case alike. */
void bench_turns(BENCH_TURN *turns, int count)
{
	LONGLONG slice = (LONGLONG)(TURN_SECONDS * (double)g_freq.QuadPart);
	LONGLONG deadline, start, end, t = 0;
	int i;

	for (i = 0; i < count; i++) {
		g_bench_case = turns[i].id;
		turns[i].op();
		memset(&turns[i].result, 0, sizeof(turns[i].result));
		turns[i].spent = 0;
	}
	deadline = bench_ticks() + (LONGLONG)(g_bench_seconds * count * (double)g_freq.QuadPart);
	do {
		for (i = 0; i < count; i++) {
			g_bench_case = turns[i].id;
			start = bench_ticks();
			end = start + slice;
			do {
				turns[i].op();
				turns[i].result.ops++;
				t = bench_ticks();
			} while (t < end);
			turns[i].spent += t - start;
		}
	} while (t < deadline);
	for (i = 0; i < count; i++)
		bench_finish(&turns[i].result, turns[i].spent);
}

void bench_print_row(const char *id, const char *label, const BENCH_RESULT *r)
{
	printf("  %-4s %-50s %10.1f %10.2f\n", id, label, r->ops / r->seconds, r->us_per_op);
	fflush(stdout);
}

DK_STATS bench_stats(void)
{
	DK_STATS stats = { 0 };
	HANDLE control = CreateFileW(DOKAN_GLOBAL_DEVICE_NAME, GENERIC_READ | GENERIC_WRITE,
		FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
	DWORD got = 0;

	if (control == INVALID_HANDLE_VALUE)
		bench_fail("cannot open %ls (error %lu)", DOKAN_GLOBAL_DEVICE_NAME, GetLastError());
	if (!DeviceIoControl(control, IOCTL_DOKAN_QUERY_STATS, NULL, 0, &stats, sizeof(stats), &got, NULL))
		bench_fail("IOCTL_DOKAN_QUERY_STATS failed (error %lu)", GetLastError());
	CloseHandle(control);
	if (stats.Size != DK_STATS_SIZE_V2)
		bench_fail("dokan.sys has no traffic counters (DK_STATS of %lu bytes)", (unsigned long)stats.Size);
	return stats;
}

void bench_volume_path(WCHAR *out, const WCHAR *rel)
{
	if (wcslen(rel) + 3 > BENCH_PATH_CHARS)
		bench_fail("path too long: %ls", rel);
	out[0] = g_bench_letter;
	out[1] = L':';
	wcscpy(out + 2, rel);
}

ioc_file bench_open(const WCHAR *rel, ULONG disposition, ULONG options)
{
	WCHAR path[BENCH_PATH_CHARS];
	ioc_file file = 0;
	NTSTATUS status;

	bench_volume_path(path, rel);
	status = ioc_open(path, BENCH_ACCESS, BENCH_SHARE_ALL, disposition, options, 0, 0, &file, NULL);
	if (!NT_SUCCESS(status))
		bench_fail("open %ls failed with NTSTATUS 0x%08lx", path, (unsigned long)status);
	return file;
}

void bench_close(ioc_file file)
{
	bench_check(ioc_close(file), "ioc_close");
}

void bench_query_basic(ioc_file file)
{
	FILE_BASIC_INFORMATION info;
	ULONG got = 0;

	bench_check(ioc_query_info(file, FileBasicInformation, &info, sizeof(info), &got),
		"FileBasicInformation query");
}

void bench_query_position(ioc_file file)
{
	FILE_POSITION_INFORMATION info;
	ULONG got = 0;

	bench_check(ioc_query_info(file, FilePositionInformation, &info, sizeof(info), &got),
		"FilePositionInformation query");
}

HANDLE bench_spawn(const WCHAR *args)
{
	WCHAR self[MAX_PATH], command[2 * MAX_PATH];
	STARTUPINFOW startup;
	PROCESS_INFORMATION process;

	if (!GetModuleFileNameW(NULL, self, MAX_PATH))
		bench_fail("GetModuleFileNameW failed (error %lu)", GetLastError());
	swprintf(command, 2 * MAX_PATH, L"\"%ls\" %ls", self, args);
	ZeroMemory(&startup, sizeof(startup));
	startup.cb = sizeof(startup);
	if (!CreateProcessW(self, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &process))
		bench_fail("cannot start %ls (error %lu)", command, GetLastError());
	CloseHandle(process.hThread);
	return process.hProcess;
}

HANDLE bench_named_event(DWORD parent, const WCHAR *purpose)
{
	WCHAR name[96];
	HANDLE event;

	swprintf(name, 96, L"Local\\dokan-bench-%lu-%ls", (unsigned long)parent, purpose);
	event = CreateEventW(NULL, FALSE, FALSE, name);
	if (!event)
		bench_fail("CreateEventW %ls failed (error %lu)", name, GetLastError());
	return event;
}
