// SPDX-License-Identifier: LGPL-3.0-or-later
/* bench_util.h - what the parts of bench_cost.exe share: failures, the clock, timed loops,
 * dokan.sys's counters, volume paths and helper processes. */
#ifndef BENCH_UTIL_H_
#define BENCH_UTIL_H_

#include "ioclient.h"
#include "dokan_protocol.h"

#define BENCH_PATH_CHARS 512u
#define BENCH_SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)
#define BENCH_ACCESS (GENERIC_READ | GENERIC_WRITE | SYNCHRONIZE | FILE_READ_ATTRIBUTES)
#define BENCH_SYNC_FILE (FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE)

/* One timed operation. */
typedef void (*bench_op)(void);

/* A case's figures. */
typedef struct BENCH_RESULT {
	ULONGLONG ops;
	double seconds;
	double us_per_op;
} BENCH_RESULT;

/* Cases timed in turns (bench_turns). */
typedef struct BENCH_TURN {
	const char *id;
	const char *label;
	bench_op op;
	BENCH_RESULT result;
	LONGLONG spent;
} BENCH_TURN;

extern double g_bench_seconds;
extern const char *g_bench_program; /* in failure messages */
extern const char *g_bench_case;
extern WCHAR g_bench_letter;

void bench_fail(const char *format, ...) __attribute__((noreturn, format(printf, 1, 2)));
void bench_check(NTSTATUS status, const char *what);
void bench_init(void);
LONGLONG bench_ticks(void);
double bench_elapsed(LONGLONG start, LONGLONG end);

/* Runs op untimed once, then for `seconds`; returns the figures. */
BENCH_RESULT bench_run(const char *id, bench_op op, double seconds);
/* Cases whose figures are compared, in turns of 0.2 s, g_bench_seconds each in all. */
void bench_turns(BENCH_TURN *turns, int count);
void bench_print_row(const char *id, const char *label, const BENCH_RESULT *r);

/* dokan.sys's counters (DK_STATS, all of it: fails when the driver is older). */
DK_STATS bench_stats(void);

/* out = "<letter>:" + rel (rel starts with a backslash). */
void bench_volume_path(WCHAR *out, const WCHAR *rel);
ioc_file bench_open(const WCHAR *rel, ULONG disposition, ULONG options);
void bench_close(ioc_file file);

/* This program again with `args`, in the background; ends with TerminateProcess. */
HANDLE bench_spawn(const WCHAR *args);
/* Named events shared with a helper process, per parent pid and purpose. */
HANDLE bench_named_event(DWORD parent, const WCHAR *purpose);

/* The per-mode entry points (argv after the mode). */
int bench_mode_list(int argc, WCHAR **argv);
int bench_mode_open(int argc, WCHAR **argv);
int bench_mode_hold_open(int argc, WCHAR **argv);
int bench_mode_pending(int argc, WCHAR **argv);

/* Null requests on an open file: FileBasicInformation (the file system answers) and
 * FilePositionInformation (dokan.sys answers). */
void bench_query_basic(ioc_file file);
void bench_query_position(ioc_file file);

#endif /* BENCH_UTIL_H_ */
