// SPDX-License-Identifier: LGPL-3.0-or-later
/* bench_io.c - prints I/O figures for a mounted Dokan volume next to the same operations
 * on the folder it mirrors (Wine's own file system), so the cost of the Dokan round trip
 * is visible. A benchmark, not a test: it only fails when an operation fails.
 *
 *   bench_io <letter> <windows path of the mirrored folder> [seconds per case, default 3]
 *
 * The folder must hold (scripts/bench.sh creates them):
 *   small.bin   4 KiB
 *   big.bin     16 MiB
 *   dir500\     500 entries
 *
 * Volume operations go through iohost.sys (ioclient) and the real dokan.sys; native ones
 * are plain Win32/NT calls on the folder. Each case runs one untimed warm-up operation,
 * then repeats the operation until the time is up; every result is checked, and any
 * failure ends the program with exit code 1 and a message instead of a figure. Cases d, g
 * and h, whose differences split one volume request into its parts, run in turns of 0.2 s.
 *
 * Cases: a open+close, b open+4 KiB read+close, c sequential 64 KiB reads of the 16 MiB
 * file, d FileBasicInformation of an open file, e listing of dir500 (ioc_list_names);
 * f.* the same natively; g FilePositionInformation (answered by dokan.sys itself);
 * h an iohost request that sends no IRP; i GetFileInformationByHandle natively (what
 * mirror.exe did for d before issue 12), j the per-file calls mirror.exe makes now. */
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define SMALL_NAME   L"small.bin"
#define BIG_NAME     L"big.bin"
#define DIR_NAME     L"dir500"
#define SMALL_BYTES  4096u
#define BIG_BYTES    (16u * 1024u * 1024u)
#define CHUNK_BYTES  (64u * 1024u)
#define DIR_ENTRIES  500u
#define PATH_CHARS   1024u

#define SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)
/* What CreateFileW(GENERIC_READ, OPEN_EXISTING) asks NtCreateFile for. */
#define OPEN_ACCESS  (GENERIC_READ | SYNCHRONIZE | FILE_READ_ATTRIBUTES)
#define OPEN_OPTIONS (FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE)

/* Each case's figures. */
typedef struct RESULT {
	ULONGLONG ops;
	double seconds;
	double ops_per_s;
	double us_per_op;
	double mb_per_s;      /* 10^6 bytes per second; < 0 when the case moves no data */
} RESULT;

/* One timed operation; returns the bytes it moved (0 if none). */
typedef ULONGLONG (*io_op)(void);

static double g_seconds = 3.0;
static LARGE_INTEGER g_freq;

static WCHAR g_vol_small[PATH_CHARS], g_vol_big[PATH_CHARS], g_vol_dir[PATH_CHARS];
static WCHAR g_nat_small[PATH_CHARS], g_nat_big[PATH_CHARS], g_nat_dir_pattern[PATH_CHARS];

/* State the cases keep between operations. */
static ioc_file g_vol_file;
static HANDLE g_nat_file = INVALID_HANDLE_VALUE;
static ULONG g_offset;
static BYTE *g_buffer;    /* CHUNK_BYTES */
static BYTE *g_compare;   /* CHUNK_BYTES */

/* ---- failures ----------------------------------------------------------------------- */

/* bench_fail and bench_check (bench_util.c) report in g_bench_case. */

static void fail_win32(const char *what)
{
	bench_fail("%s failed with Win32 error %lu", what, (unsigned long)GetLastError());
}

static void check_length(ULONG got, ULONG expected, const char *what)
{
	if (got != expected)
		bench_fail("%s returned %lu bytes, expected %lu", what, (unsigned long)got,
			(unsigned long)expected);
}

/* ---- paths -------------------------------------------------------------------------- */

/* out = a + b (+ c); fails when the result does not fit. */
static void join(WCHAR *out, const WCHAR *a, const WCHAR *b, const WCHAR *c)
{
	size_t la = wcslen(a), lb = wcslen(b), lc = c ? wcslen(c) : 0;

	if (la + lb + lc >= PATH_CHARS)
		bench_fail("path too long: %ls%ls%ls", a, b, c ? c : L"");
	memcpy(out, a, la * sizeof(WCHAR));
	memcpy(out + la, b, lb * sizeof(WCHAR));
	if (c)
		memcpy(out + la + lb, c, lc * sizeof(WCHAR));
	out[la + lb + lc] = 0;
}

static void make_paths(WCHAR letter, const WCHAR *folder)
{
	WCHAR volume[4] = { letter, L':', L'\\', 0 };
	WCHAR root[PATH_CHARS];
	size_t length = wcslen(folder);

	if (length >= PATH_CHARS)
		bench_fail("folder path too long");
	memcpy(root, folder, length * sizeof(WCHAR));
	while (length > 0 && root[length - 1] == L'\\')
		length--;
	root[length] = 0;
	join(g_vol_small, volume, SMALL_NAME, NULL);
	join(g_vol_big, volume, BIG_NAME, NULL);
	join(g_vol_dir, volume, DIR_NAME, NULL);
	join(g_nat_small, root, L"\\" SMALL_NAME, NULL);
	join(g_nat_big, root, L"\\" BIG_NAME, NULL);
	join(g_nat_dir_pattern, root, L"\\" DIR_NAME, L"\\*");
}

/* ---- opening and closing ------------------------------------------------------------ */

static ioc_file vol_open(const WCHAR *path)
{
	ioc_file file;
	NTSTATUS status = ioc_open(path, OPEN_ACCESS, SHARE_ALL, FILE_OPEN, OPEN_OPTIONS, 0, 0,
		&file, NULL);

	if (!NT_SUCCESS(status))
		bench_fail("ioc_open %ls failed with NTSTATUS 0x%08lx", path, (unsigned long)status);
	return file;
}

static void vol_close(ioc_file file)
{
	bench_check(ioc_close(file), "ioc_close");
}

static HANDLE nat_open(const WCHAR *path)
{
	HANDLE h = CreateFileW(path, GENERIC_READ, SHARE_ALL, NULL, OPEN_EXISTING,
		FILE_ATTRIBUTE_NORMAL, NULL);

	if (h == INVALID_HANDLE_VALUE)
		bench_fail("CreateFileW %ls failed with Win32 error %lu", path, (unsigned long)GetLastError());
	return h;
}

static void nat_close(HANDLE h)
{
	if (!CloseHandle(h))
		fail_win32("CloseHandle");
}

/* ---- reads -------------------------------------------------------------------------- */

static ULONG vol_read(ioc_file file, LONGLONG offset, void *buffer, ULONG length)
{
	ULONG got = 0;

	bench_check(ioc_read(file, offset, buffer, length, &got), "ioc_read");
	return got;
}

/* offset < 0: at the file pointer. */
static ULONG nat_read(HANDLE h, LONGLONG offset, void *buffer, ULONG length)
{
	OVERLAPPED ov;
	DWORD got = 0;

	memset(&ov, 0, sizeof(ov));
	ov.Offset = (DWORD)offset;
	ov.OffsetHigh = (DWORD)((ULONGLONG)offset >> 32);
	if (!ReadFile(h, buffer, length, &got, offset < 0 ? NULL : &ov))
		fail_win32("ReadFile");
	return got;
}

/* ---- the operations ----------------------------------------------------------------- */

/* (a) open + close */
static ULONGLONG vol_open_close(void)
{
	vol_close(vol_open(g_vol_small));
	return 0;
}

static ULONGLONG nat_open_close(void)
{
	nat_close(nat_open(g_nat_small));
	return 0;
}

/* (b) open + 4 KiB read + close */
static ULONGLONG vol_open_read_close(void)
{
	ioc_file file = vol_open(g_vol_small);

	check_length(vol_read(file, IOH_USE_FILE_POINTER, g_buffer, SMALL_BYTES), SMALL_BYTES,
		"4 KiB read");
	vol_close(file);
	return SMALL_BYTES;
}

static ULONGLONG nat_open_read_close(void)
{
	HANDLE h = nat_open(g_nat_small);

	check_length(nat_read(h, -1, g_buffer, SMALL_BYTES), SMALL_BYTES, "4 KiB read");
	nat_close(h);
	return SMALL_BYTES;
}

/* (c) sequential 64 KiB reads of the open 16 MiB file, from the start again at its end */
static ULONGLONG vol_seq_read(void)
{
	check_length(vol_read(g_vol_file, g_offset, g_buffer, CHUNK_BYTES), CHUNK_BYTES,
		"64 KiB read");
	g_offset = (g_offset + CHUNK_BYTES) % BIG_BYTES;
	return CHUNK_BYTES;
}

static ULONGLONG nat_seq_read(void)
{
	check_length(nat_read(g_nat_file, g_offset, g_buffer, CHUNK_BYTES), CHUNK_BYTES,
		"64 KiB read");
	g_offset = (g_offset + CHUNK_BYTES) % BIG_BYTES;
	return CHUNK_BYTES;
}

/* (d) FileBasicInformation of an open file */
static void vol_query_basic(void)
{
	FILE_BASIC_INFORMATION info;
	ULONG got = 0;

	bench_check(ioc_query_info(g_vol_file, FileBasicInformation, &info, sizeof(info), &got),
		"FileBasicInformation query");
	check_length(got, sizeof(info), "FileBasicInformation query");
}

static ULONGLONG nat_query_basic(void)
{
	FILE_BASIC_INFORMATION info;
	IO_STATUS_BLOCK iosb;

	bench_check(NtQueryInformationFile(g_nat_file, &iosb, &info, sizeof(info),
		FileBasicInformation), "NtQueryInformationFile(FileBasicInformation)");
	check_length((ULONG)iosb.Information, sizeof(info), "FileBasicInformation query");
	return 0;
}

/* What mirror.exe's GetFileInformation called for (d) until issue 12: one Win32 call that
 * also queries the volume. */
static ULONGLONG nat_by_handle(void)
{
	BY_HANDLE_FILE_INFORMATION info;

	if (!GetFileInformationByHandle(g_nat_file, &info))
		fail_win32("GetFileInformationByHandle");
	return 0;
}

/* What it calls now (samples/mirror QueryByHandle): two per-file classes and the index. */
static ULONGLONG nat_mirror_classes(void)
{
	FILE_BASIC_INFO basic;
	FILE_STANDARD_INFO standard;
	LARGE_INTEGER index;
	IO_STATUS_BLOCK iosb;

	if (!GetFileInformationByHandleEx(g_nat_file, FileBasicInfo, &basic, sizeof(basic)) ||
	    !GetFileInformationByHandleEx(g_nat_file, FileStandardInfo, &standard, sizeof(standard)))
		fail_win32("GetFileInformationByHandleEx");
	bench_check(NtQueryInformationFile(g_nat_file, &iosb, &index, sizeof(index),
		(FILE_INFORMATION_CLASS)6), "NtQueryInformationFile(FileInternalInformation)");
	return 0;
}

/* (e) full listing of the 500-entry directory */
static BOOL is_dot_name(const WCHAR *name)
{
	return wcscmp(name, L".") == 0 || wcscmp(name, L"..") == 0;
}

static ULONG vol_count_entries(void)
{
	WCHAR **names;
	ULONG count, i, entries = 0;

	bench_check(ioc_list_names(g_vol_dir, &names, &count), "ioc_list_names");
	for (i = 0; i < count; i++)
		entries += !is_dot_name(names[i]);
	ioc_free_names(names, count);
	return entries;
}

static ULONG nat_count_entries(void)
{
	WIN32_FIND_DATAW data;
	HANDLE find = FindFirstFileW(g_nat_dir_pattern, &data);
	ULONG entries = 0;

	if (find == INVALID_HANDLE_VALUE)
		fail_win32("FindFirstFileW");
	do
		entries += !is_dot_name(data.cFileName);
	while (FindNextFileW(find, &data));
	if (GetLastError() != ERROR_NO_MORE_FILES)
		fail_win32("FindNextFileW");
	if (!FindClose(find))
		fail_win32("FindClose");
	return entries;
}

static ULONGLONG vol_list(void)
{
	check_length(vol_count_entries(), DIR_ENTRIES, "listing (entries, not bytes)");
	return 0;
}

static ULONGLONG nat_list(void)
{
	check_length(nat_count_entries(), DIR_ENTRIES, "listing (entries, not bytes)");
	return 0;
}

/* (g) FilePositionInformation: dokan.sys answers it without its user-mode side */
static void vol_query_position(void)
{
	FILE_POSITION_INFORMATION info;
	ULONG got = 0;

	bench_check(ioc_query_info(g_vol_file, FilePositionInformation, &info, sizeof(info), &got),
		"FilePositionInformation query");
	check_length(got, sizeof(info), "FilePositionInformation query");
}

static ULONGLONG nat_query_position(void)
{
	FILE_POSITION_INFORMATION info;
	IO_STATUS_BLOCK iosb;

	bench_check(NtQueryInformationFile(g_nat_file, &iosb, &info, sizeof(info),
		FilePositionInformation), "NtQueryInformationFile(FilePositionInformation)");
	check_length((ULONG)iosb.Information, sizeof(info), "FilePositionInformation query");
	return 0;
}

/* (h) an iohost request that sends no IRP at all: the cost of iohost itself */
static void iohost_file_state(void)
{
	IOH_FILE_STATE state;

	bench_check(ioc_file_state(g_vol_file, &state), "ioc_file_state");
}

/* ---- checks before timing ----------------------------------------------------------- */

/* The volume must show the folder's files with the same sizes and bytes. */
static void verify_setup(void)
{
	FILE_STANDARD_INFORMATION standard;
	LARGE_INTEGER size;
	ULONG got = 0, offset;
	HANDLE h;

	g_bench_case = "verify small.bin";
	h = nat_open(g_nat_small);
	if (!GetFileSizeEx(h, &size))
		fail_win32("GetFileSizeEx");
	if (size.QuadPart != SMALL_BYTES)
		bench_fail("%ls has %lld bytes, expected %u", g_nat_small, (long long)size.QuadPart,
			SMALL_BYTES);
	g_vol_file = vol_open(g_vol_small);
	check_length(nat_read(h, -1, g_compare, SMALL_BYTES), SMALL_BYTES, "native 4 KiB read");
	check_length(vol_read(g_vol_file, IOH_USE_FILE_POINTER, g_buffer, SMALL_BYTES),
		SMALL_BYTES, "volume 4 KiB read");
	if (memcmp(g_buffer, g_compare, SMALL_BYTES) != 0)
		bench_fail("%ls and %ls differ", g_vol_small, g_nat_small);
	vol_close(g_vol_file);
	nat_close(h);

	g_bench_case = "verify big.bin";
	h = nat_open(g_nat_big);
	if (!GetFileSizeEx(h, &size))
		fail_win32("GetFileSizeEx");
	if (size.QuadPart != BIG_BYTES)
		bench_fail("%ls has %lld bytes, expected %u", g_nat_big, (long long)size.QuadPart,
			BIG_BYTES);
	g_vol_file = vol_open(g_vol_big);
	bench_check(ioc_query_info(g_vol_file, FileStandardInformation, &standard, sizeof(standard),
		&got), "FileStandardInformation query");
	if (standard.EndOfFile.QuadPart != BIG_BYTES)
		bench_fail("%ls has %lld bytes, expected %u", g_vol_big,
			(long long)standard.EndOfFile.QuadPart, BIG_BYTES);
	for (offset = 0; offset < BIG_BYTES; offset += CHUNK_BYTES) {
		check_length(nat_read(h, offset, g_compare, CHUNK_BYTES), CHUNK_BYTES,
			"native 64 KiB read");
		check_length(vol_read(g_vol_file, offset, g_buffer, CHUNK_BYTES), CHUNK_BYTES,
			"volume 64 KiB read");
		if (memcmp(g_buffer, g_compare, CHUNK_BYTES) != 0)
			bench_fail("%ls and %ls differ at offset %lu", g_vol_big, g_nat_big,
				(unsigned long)offset);
	}
	vol_close(g_vol_file);
	nat_close(h);
	g_vol_file = 0;

	g_bench_case = "verify dir500";
	check_length(nat_count_entries(), DIR_ENTRIES, "native listing (entries, not bytes)");
	check_length(vol_count_entries(), DIR_ENTRIES, "volume listing (entries, not bytes)");
}

/* ---- timing and the table ----------------------------------------------------------- */

static LONGLONG ticks(void)
{
	LARGE_INTEGER t;

	QueryPerformanceCounter(&t);
	return t.QuadPart;
}

static void print_row(const char *id, const char *label, const RESULT *r)
{
	printf("%-4s %-44s %11.1f %11.2f", id, label, r->ops_per_s, r->us_per_op);
	if (r->mb_per_s >= 0)
		printf(" %9.1f", r->mb_per_s);
	printf("\n");
	fflush(stdout);
}

static void finish(RESULT *r, LONGLONG spent, ULONGLONG bytes, BOOL moves_data)
{
	r->seconds = (double)spent / (double)g_freq.QuadPart;
	r->ops_per_s = (double)r->ops / r->seconds;
	r->us_per_op = r->seconds * 1e6 / (double)r->ops;
	r->mb_per_s = moves_data ? (double)bytes / r->seconds / 1e6 : -1.0;
}

/* One case alone for g_seconds. */
static RESULT run_case(const char *id, const char *label, io_op op, BOOL moves_data)
{
	LONGLONG start, deadline, t;
	ULONGLONG bytes = 0;
	RESULT r = { 0 };

	g_bench_case = id;
	op(); /* warm-up, untimed */
	start = ticks();
	deadline = start + (LONGLONG)(g_seconds * (double)g_freq.QuadPart);
	do {
		bytes += op();
		r.ops++;
		t = ticks();
	} while (t < deadline);
	finish(&r, t - start, bytes, moves_data);
	print_row(id, label, &r);
	return r;
}

/* The figures of a case that ran in turns (bench_util.c). */
static RESULT from_turn(const BENCH_TURN *turn)
{
	RESULT r = { 0 };

	r.ops = turn->result.ops;
	r.seconds = turn->result.seconds;
	r.ops_per_s = (double)r.ops / r.seconds;
	r.us_per_op = turn->result.us_per_op;
	r.mb_per_s = -1.0;
	print_row(turn->id, turn->label, &r);
	return r;
}

static void print_ratio(const char *what, const RESULT *vol, const RESULT *nat)
{
	printf("  %-34s %8.1fx  (%.2f us vs %.2f us per op)\n", what,
		vol->us_per_op / nat->us_per_op, vol->us_per_op, nat->us_per_op);
}

/* ---- main --------------------------------------------------------------------------- */

static void usage(void)
{
	fprintf(stderr,
		"usage: bench_io <letter> <windows path of the mirrored folder> [seconds per case]\n"
		"  the folder holds small.bin (4 KiB), big.bin (16 MiB) and dir500\\ (500 entries);\n"
		"  <letter>: is the Dokan volume mirroring it. Default: 3 seconds per case.\n");
	exit(2);
}

int wmain(int argc, WCHAR **argv)
{
	RESULT va, na, vb, nb, vc, nc, vd, nd, ni, nj, ve, ne, vg, ng, vh;
	WCHAR letter;
	WCHAR *end;

	if (argc < 3 || argc > 4)
		usage();
	letter = (WCHAR)towupper(argv[1][0]);
	if (letter < L'A' || letter > L'Z' ||
	    (argv[1][1] && (argv[1][1] != L':' || (argv[1][2] && wcscmp(argv[1] + 2, L"\\")))))
		usage();
	if (argc == 4) {
		g_seconds = wcstod(argv[3], &end);
		if (end == argv[3] || *end || !(g_seconds >= 0.05 && g_seconds <= 3600))
			usage();
	}
	make_paths(letter, argv[2]);
	QueryPerformanceFrequency(&g_freq);
	g_bench_program = "bench_io";
	g_buffer = malloc(CHUNK_BYTES);
	g_compare = malloc(CHUNK_BYTES);
	if (!g_buffer || !g_compare)
		bench_fail("out of memory");
	bench_check(ioc_connect(), "ioc_connect (is DokanIoHost running?)");
	verify_setup();

	printf("bench_io: volume %lc: mirroring %ls, %.2f s per case, %u-bit client\n",
		letter, argv[2], g_seconds, (unsigned)(sizeof(void *) * 8));
	printf("%-4s %-44s %11s %11s %9s\n", "case", "operation", "ops/s", "us/op", "MB/s");

	va = run_case("a", "volume open+close small.bin", vol_open_close, FALSE);
	na = run_case("f.a", "native open+close small.bin", nat_open_close, FALSE);
	vb = run_case("b", "volume open+read 4 KiB+close", vol_open_read_close, TRUE);
	nb = run_case("f.b", "native open+read 4 KiB+close", nat_open_read_close, TRUE);

	g_bench_case = "c";
	g_vol_file = vol_open(g_vol_big);
	g_offset = 0;
	vc = run_case("c", "volume seq. 64 KiB reads of 16 MiB file", vol_seq_read, TRUE);
	g_bench_case = "f.c";
	g_nat_file = nat_open(g_nat_big);
	g_offset = 0;
	nc = run_case("f.c", "native seq. 64 KiB reads of 16 MiB file", nat_seq_read, TRUE);

	nd = run_case("f.d", "native query FileBasicInformation", nat_query_basic, FALSE);
	ni = run_case("i", "native GetFileInformationByHandle", nat_by_handle, FALSE);
	nj = run_case("j", "native Basic+Standard+Internal classes", nat_mirror_classes, FALSE);
	ng = run_case("f.g", "native query FilePosition", nat_query_position, FALSE);
	ve = run_case("e", "volume list 500-entry directory", vol_list, FALSE);
	ne = run_case("f.e", "native list 500-entry directory", nat_list, FALSE);
	{
		/* differences of these three split one volume request into its parts */
		BENCH_TURN turns[] = {
			{ "d", "volume query FileBasicInformation", vol_query_basic, { 0 }, 0 },
			{ "g", "volume query FilePosition (in dokan.sys)", vol_query_position, { 0 }, 0 },
			{ "h", "iohost file-state IOCTL (no IRP)", iohost_file_state, { 0 }, 0 },
		};
		g_bench_seconds = g_seconds;
		bench_init();
		bench_turns(turns, 3);
		vd = from_turn(&turns[0]);
		vg = from_turn(&turns[1]);
		vh = from_turn(&turns[2]);
	}
	g_bench_case = "cleanup";
	vol_close(g_vol_file);
	nat_close(g_nat_file);
	ioc_disconnect();

	printf("ratio volume/native (time per op):\n");
	print_ratio("a open+close", &va, &na);
	print_ratio("b open+read 4 KiB+close", &vb, &nb);
	print_ratio("c seq. 64 KiB read", &vc, &nc);
	print_ratio("d query FileBasicInformation", &vd, &nd);
	print_ratio("e list 500 entries", &ve, &ne);
	print_ratio("g query FilePosition", &vg, &ng);
	printf("one volume request split up (us/op; differences of noisy figures):\n");
	printf("  %-48s %8.2f  (h)\n", "iohost IOCTL alone", vh.us_per_op);
	printf("  %-48s %8.2f  (g - h)\n", "+ IRP answered in dokan.sys", vg.us_per_op - vh.us_per_op);
	printf("  %-48s %8.2f  (d - g)\n", "+ dokan user-mode round trip incl. mirror's work",
		vd.us_per_op - vg.us_per_op);
	printf("  %-48s %8.2f  (j; Wine latencies overlap, so\n"
		"  %-48s %8s   the parts need not add up)\n",
		"mirror's information calls alone", nj.us_per_op, "", "");
	printf("mirror's information calls, before and after issue 12 (us/op):\n");
	printf("  %-48s %8.2f  (i)\n", "before: GetFileInformationByHandle", ni.us_per_op);
	printf("  %-48s %8.2f  (j)\n", "after: FileBasicInfo + FileStandardInfo + index", nj.us_per_op);
	return 0;
}
