// SPDX-License-Identifier: LGPL-3.0-or-later
// test_notify.c - change notification (IRP_MN_NOTIFY_CHANGE_DIRECTORY) through the real
// stack: iohost -> dokan.sys -> dokan.dll -> mirror.exe. The driver answers these requests
// itself, fed by the changes made through the volume.
//   test_notify check <letter>              every case below; the folder must hold
//                                           hello.txt and the directory sub. Afterwards
//                                           the driver's FCB, CCB, request and pool
//                                           counters are back where they started
//   test_notify teardown <letter> <dokanctl> a pending request ends with
//                                           STATUS_NOTIFY_CLEANUP when the volume is
//                                           unmounted (dokanctl /u <letter>)
#include "ioclient.h"
#include "dokan_protocol.h"
#include "dokanc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "check.h"

#define NOTIFY_BYTES 4096
#define QUIET_MS 700         /* a request that should stay pending is given this long */
#define ANSWER_MS 10000      /* a request that should complete gets this long */

#define NAME_CHANGES (FILE_NOTIFY_CHANGE_FILE_NAME | FILE_NOTIFY_CHANGE_DIR_NAME)
#ifndef IOC_SL_WATCH_TREE
#define IOC_SL_WATCH_TREE 0x01
#endif

#define expect(ok, what, status) CHECK(ok, "%s (%s)", what, CK_ST(status))

static WCHAR g_letter;

static int finish(void)
{
	return ck_summary("test_notify");
}

static const WCHAR *vpath(const WCHAR *relative)
{
	static WCHAR paths[4][MAX_PATH];
	static int next;
	WCHAR *path = paths[next++ % 4];
	swprintf(path, MAX_PATH, L"%c:\\%ls", g_letter, relative);
	return path;
}

/* ---- opening and changing things through the volume ---- */

static ioc_file open_dir(const WCHAR *relative)
{
	ioc_file dir = 0;
	NTSTATUS status = ioc_open(vpath(relative), FILE_LIST_DIRECTORY | SYNCHRONIZE,
		FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, FILE_OPEN, FILE_DIRECTORY_FILE,
		0, 0, &dir, NULL);
	if (status)
		printf("FAIL open directory %ls (status 0x%08lX)\n", vpath(relative), (unsigned long)status);
	return status ? 0 : dir;
}

/* Opens (disposition) and closes a file; returns the create's Information. */
static ULONG_PTR touch(const WCHAR *relative, ULONG disposition, ULONG options)
{
	ioc_file file;
	ULONG_PTR information = 0;
	ULONG access = (options & FILE_DIRECTORY_FILE) ? FILE_LIST_DIRECTORY | SYNCHRONIZE :
		FILE_GENERIC_WRITE | SYNCHRONIZE;
	NTSTATUS status = ioc_open(vpath(relative), access, FILE_SHARE_READ | FILE_SHARE_WRITE,
		disposition, options, FILE_ATTRIBUTE_NORMAL, 0, &file, &information);
	if (status) {
		CK_FAIL("create %ls (%s)", vpath(relative), CK_ST(status));
		return 0;
	}
	ioc_close(file);
	return information;
}

static void create_file(const WCHAR *relative)
{
	expect(touch(relative, FILE_CREATE, FILE_NON_DIRECTORY_FILE) == FILE_CREATED,
		"a new file is FILE_CREATED", 0);
}

static void create_dir(const WCHAR *relative)
{
	expect(touch(relative, FILE_CREATE, FILE_DIRECTORY_FILE) == FILE_CREATED,
		"a new directory is FILE_CREATED", 0);
}

/* ---- notify requests ---- */

typedef struct WATCH {
	IOC_IRP irp;
	IOC_PENDING *pending;
	BYTE buffer[NOTIFY_BYTES];
	NTSTATUS status;     /* of begin, then of end */
} WATCH;

static void watch_begin(WATCH *w, ioc_file dir, ULONG filter, BOOL tree, ULONG length)
{
	memset(w, 0, sizeof(*w));
	w->irp.file = dir;
	w->irp.major = IOC_IRP_MJ_DIRECTORY_CONTROL;
	w->irp.minor = IOC_IRP_MN_NOTIFY_CHANGE_DIRECTORY;
	w->irp.stack_flags = tree ? IOC_SL_WATCH_TREE : 0;
	w->irp.args[0] = filter;
	w->irp.output = w->buffer;
	w->irp.output_bytes = length;
	w->status = ioc_irp_begin(&w->irp, &w->pending);
}

/* Waits for the request; STATUS_TIMEOUT means it is still pending. */
static NTSTATUS watch_end(WATCH *w, DWORD timeout_ms)
{
	if (w->status != STATUS_PENDING && w->status != STATUS_TIMEOUT)
		return w->status;
	w->status = ioc_irp_end(w->pending, timeout_ms);
	if (w->status != STATUS_TIMEOUT)
		w->pending = NULL;
	return w->status;
}

static NTSTATUS watch_cancel(WATCH *w)
{
	if (w->status != STATUS_TIMEOUT && w->status != STATUS_PENDING)
		return w->status;
	ioc_irp_cancel(w->pending);
	w->status = STATUS_PENDING;
	return watch_end(w, ANSWER_MS);
}

static void expect_pending(WATCH *w, const char *what)
{
	expect(watch_end(w, QUIET_MS) == STATUS_TIMEOUT, what, w->status);
}

/* The records of a completed request, checked for layout: 4-byte aligned offsets inside
 * the returned bytes. Returns the number of records, or -1 when malformed. */
typedef struct CHANGE {
	ULONG action;
	WCHAR name[MAX_PATH];
} CHANGE;

static int parse_changes(const WATCH *w, CHANGE *changes, int max)
{
	ULONG offset = 0, bytes = w->irp.data_bytes;
	int count = 0;

	if (bytes != w->irp.information)
		return -1;
	while (bytes) {
		const FILE_NOTIFY_INFORMATION *record = (const FILE_NOTIFY_INFORMATION *)(w->buffer + offset);
		ULONG chars = record->FileNameLength / sizeof(WCHAR);
		if (offset % 4 || offset + 12 > bytes || offset + 12 + record->FileNameLength > bytes ||
		    count == max || chars >= MAX_PATH)
			return -1;
		changes[count].action = record->Action;
		memcpy(changes[count].name, record->FileName, record->FileNameLength);
		changes[count].name[chars] = 0;
		count++;
		if (!record->NextEntryOffset)
			break;
		offset += record->NextEntryOffset;
	}
	return count;
}

/* The request completed with exactly these (action, name) records, in order. */
static void expect_changes(WATCH *w, const char *what, int count, const ULONG *actions,
	const WCHAR *const *names)
{
	CHANGE changes[8];
	NTSTATUS status = watch_end(w, ANSWER_MS);
	int got, i;
	BOOL same;

	if (status != STATUS_SUCCESS) {
		expect(FALSE, what, status);
		return;
	}
	got = parse_changes(w, changes, 8);
	same = got == count;
	for (i = 0; same && i < count; i++)
		same = changes[i].action == actions[i] && !wcscmp(changes[i].name, names[i]);
	if (!same) {
		printf("     got %d record(s):", got);
		for (i = 0; i < got; i++)
			printf(" [%lu %ls]", (unsigned long)changes[i].action, changes[i].name);
		printf("\n");
	}
	expect(same, what, status);
}

static void expect_one(WATCH *w, const char *what, ULONG action, const WCHAR *name)
{
	expect_changes(w, what, 1, &action, &name);
}

/* ---- the cases ---- */

static void added_on_root(void)
{
	ioc_file root = open_dir(L"");
	WATCH w;

	watch_begin(&w, root, NAME_CHANGES, FALSE, NOTIFY_BYTES);
	expect_pending(&w, "root: a notify request waits for a change");
	create_file(L"new.txt");
	expect_one(&w, "root: creating new.txt completes it with ADDED new.txt", FILE_ACTION_ADDED, L"new.txt");
	watch_begin(&w, root, NAME_CHANGES, FALSE, NOTIFY_BYTES);
	create_dir(L"newdir");
	expect_one(&w, "root: creating directory newdir reports ADDED newdir", FILE_ACTION_ADDED, L"newdir");
	ioc_close(root);
}

static void filter_mismatch(void)
{
	ioc_file root = open_dir(L"");
	WATCH w;

	watch_begin(&w, root, FILE_NOTIFY_CHANGE_DIR_NAME, FALSE, NOTIFY_BYTES);
	create_file(L"nomatch.txt");
	expect_pending(&w, "filter DIR_NAME: creating a file does not complete the request");
	expect(watch_cancel(&w) == STATUS_CANCELLED, "the pending request is cancelled: STATUS_CANCELLED", w.status);
	watch_begin(&w, root, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, NOTIFY_BYTES);
	create_dir(L"dironly");
	create_file(L"after.txt");
	/* the first request fixed the handle's filter: DIR_NAME, not FILE_NAME */
	expect_one(&w, "the first request's filter sticks to the handle", FILE_ACTION_ADDED, L"dironly");
	ioc_close(root);
}

static void watch_tree(void)
{
	ioc_file tree = open_dir(L""), flat = open_dir(L""), sub = open_dir(L"SUB");
	WATCH wt, wf, ws;

	watch_begin(&wt, tree, NAME_CHANGES, TRUE, NOTIFY_BYTES);
	watch_begin(&wf, flat, NAME_CHANGES, FALSE, NOTIFY_BYTES);
	watch_begin(&ws, sub, NAME_CHANGES, FALSE, NOTIFY_BYTES);
	create_file(L"sub\\x.txt");
	expect_one(&wt, "watch-tree on the root gets sub\\x.txt", FILE_ACTION_ADDED, L"sub\\x.txt");
	expect_one(&ws, "a watch on SUB (other case) gets x.txt", FILE_ACTION_ADDED, L"x.txt");
	expect_pending(&wf, "without watch-tree the root does not see sub\\x.txt");
	create_file(L"direct.txt");
	expect_one(&wf, "...but does see its own child direct.txt", FILE_ACTION_ADDED, L"direct.txt");
	ioc_close(tree);
	ioc_close(flat);
	ioc_close(sub);
}

static void buffered_between_requests(void)
{
	static const ULONG added[3] = { FILE_ACTION_ADDED, FILE_ACTION_ADDED, FILE_ACTION_ADDED };
	static const WCHAR *const names[3] = { L"b22.txt", L"b3.txt", L"b4444.txt" };
	ioc_file root = open_dir(L"");
	WATCH w;

	watch_begin(&w, root, NAME_CHANGES, FALSE, NOTIFY_BYTES);
	create_file(L"b1.txt");
	expect_one(&w, "buffering: the first request gets b1.txt", FILE_ACTION_ADDED, L"b1.txt");
	create_file(names[0]);
	create_file(names[1]);
	create_file(names[2]);
	watch_begin(&w, root, NAME_CHANGES, FALSE, NOTIFY_BYTES);
	expect_changes(&w, "changes made with no request pending are returned by the next one", 3, added, names);
	ioc_close(root);
}

static void too_small(void)
{
	ioc_file root = open_dir(L""), tiny = open_dir(L"");
	WATCH w;

	watch_begin(&w, root, NAME_CHANGES, FALSE, NOTIFY_BYTES);
	create_file(L"s1.txt");
	expect_one(&w, "small buffers: the first request gets s1.txt", FILE_ACTION_ADDED, L"s1.txt");
	create_file(L"a-rather-long-name.txt");
	watch_begin(&w, root, NAME_CHANGES, FALSE, 16);
	expect(watch_end(&w, ANSWER_MS) == STATUS_NOTIFY_ENUM_DIR && w.irp.information == 0,
		"collected records larger than the buffer: STATUS_NOTIFY_ENUM_DIR, 0 bytes", w.status);
	watch_begin(&w, root, NAME_CHANGES, FALSE, 16);
	create_file(L"another-long-name.txt");
	expect(watch_end(&w, ANSWER_MS) == STATUS_NOTIFY_ENUM_DIR && w.irp.information == 0,
		"a pending request whose buffer cannot hold the record: STATUS_NOTIFY_ENUM_DIR", w.status);

	/* the first request's buffer (40 bytes) bounds what the handle collects meanwhile */
	watch_begin(&w, tiny, NAME_CHANGES, FALSE, 40);
	create_file(L"t1.txt");
	expect_one(&w, "a 40-byte watch gets t1.txt", FILE_ACTION_ADDED, L"t1.txt");
	create_file(L"t2.txt");
	create_file(L"t3.txt");
	watch_begin(&w, tiny, NAME_CHANGES, FALSE, NOTIFY_BYTES);
	expect(watch_end(&w, ANSWER_MS) == STATUS_NOTIFY_ENUM_DIR && w.irp.information == 0,
		"the handle's change buffer overflowed: STATUS_NOTIFY_ENUM_DIR", w.status);
	watch_begin(&w, tiny, NAME_CHANGES, FALSE, NOTIFY_BYTES);
	expect_pending(&w, "after STATUS_NOTIFY_ENUM_DIR the handle starts afresh");
	expect(watch_cancel(&w) == STATUS_CANCELLED, "and is cancelled: STATUS_CANCELLED", w.status);
	ioc_close(root);
	ioc_close(tiny);
}

static void cleanup_and_cancel(void)
{
	ioc_file root = open_dir(L"");
	WATCH a, b;
	NTSTATUS status;

	watch_begin(&a, root, NAME_CHANGES, FALSE, NOTIFY_BYTES);
	watch_begin(&b, root, NAME_CHANGES, FALSE, NOTIFY_BYTES);
	expect_pending(&a, "two requests wait on one handle");
	expect(watch_cancel(&a) == STATUS_CANCELLED, "cancelling one: STATUS_CANCELLED", a.status);
	expect_pending(&b, "the other still waits");
	status = ioc_close(root);
	expect(status == STATUS_SUCCESS, "the watching handle closes", status);
	expect(watch_end(&b, ANSWER_MS) == STATUS_NOTIFY_CLEANUP && b.irp.information == 0,
		"its cleanup completes the pending request with STATUS_NOTIFY_CLEANUP", b.status);
}

static void not_a_directory(void)
{
	ioc_file file = 0;
	WATCH w;
	NTSTATUS status = ioc_open(vpath(L"hello.txt"), FILE_READ_DATA | SYNCHRONIZE, FILE_SHARE_READ,
		FILE_OPEN, FILE_NON_DIRECTORY_FILE, 0, 0, &file, NULL);

	expect(status == STATUS_SUCCESS, "open hello.txt", status);
	watch_begin(&w, file, NAME_CHANGES, FALSE, NOTIFY_BYTES);
	expect(watch_end(&w, ANSWER_MS) == STATUS_INVALID_PARAMETER,
		"a notify request on a file: STATUS_INVALID_PARAMETER", w.status);
	ioc_close(file);
}

static void overwrite_is_modified(void)
{
	ioc_file root = open_dir(L""), names = open_dir(L"");
	WATCH w, wn;

	watch_begin(&w, root, FILE_NOTIFY_CHANGE_LAST_WRITE | FILE_NOTIFY_CHANGE_SIZE, FALSE, NOTIFY_BYTES);
	watch_begin(&wn, names, NAME_CHANGES, FALSE, NOTIFY_BYTES);
	expect(touch(L"hello.txt", FILE_OVERWRITE_IF, FILE_NON_DIRECTORY_FILE) == FILE_OVERWRITTEN,
		"overwriting hello.txt is FILE_OVERWRITTEN", 0);
	expect_one(&w, "an overwrite reports MODIFIED (size, last write)", FILE_ACTION_MODIFIED, L"hello.txt");
	expect_pending(&wn, "...and nothing to file-name watchers");
	watch_cancel(&wn);
	ioc_close(root);
	ioc_close(names);
}

/* ---- changes reported by write, set-information and cleanup ---- */

static ioc_file open_file(const WCHAR *relative, ULONG access)
{
	ioc_file file = 0;
	NTSTATUS status = ioc_open(vpath(relative), access | SYNCHRONIZE,
		FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, FILE_OPEN_IF, 0,
		FILE_ATTRIBUTE_NORMAL, 0, &file, NULL);
	if (status)
		printf("FAIL open %ls (status 0x%08lX)\n", vpath(relative), (unsigned long)status);
	return status ? 0 : file;
}

static void write_is_modified(void)
{
	ioc_file file = open_file(L"w.txt", FILE_WRITE_DATA), root = open_dir(L""), names = open_dir(L"");
	ULONG written = 0;
	NTSTATUS status;
	WATCH w, wn;

	watch_begin(&w, root, FILE_NOTIFY_CHANGE_LAST_WRITE, FALSE, NOTIFY_BYTES);
	watch_begin(&wn, names, NAME_CHANGES, FALSE, NOTIFY_BYTES);
	status = ioc_write(file, 0, "12345", 5, &written);
	expect(status == STATUS_SUCCESS && written == 5, "write 5 bytes to w.txt", status);
	expect_one(&w, "a write reports MODIFIED w.txt (last write)", FILE_ACTION_MODIFIED, L"w.txt");
	expect_pending(&wn, "...and nothing to file-name watchers");
	watch_cancel(&wn);
	ioc_close(file);
	ioc_close(root);
	ioc_close(names);
}

static void set_information_is_modified(void)
{
	ioc_file file = open_file(L"attr.txt", FILE_WRITE_ATTRIBUTES | FILE_WRITE_DATA), root = open_dir(L"");
	FILE_BASIC_INFORMATION basic;
	FILE_END_OF_FILE_INFORMATION eof;
	NTSTATUS status;
	WATCH w;

	watch_begin(&w, root, FILE_NOTIFY_CHANGE_ATTRIBUTES | FILE_NOTIFY_CHANGE_SIZE, FALSE, NOTIFY_BYTES);
	memset(&basic, 0, sizeof(basic));
	basic.FileAttributes = FILE_ATTRIBUTE_HIDDEN;
	status = ioc_set_info(file, FileBasicInformation, &basic, sizeof(basic));
	expect(status == STATUS_SUCCESS, "set attributes of attr.txt", status);
	expect_one(&w, "set attributes reports MODIFIED attr.txt", FILE_ACTION_MODIFIED, L"attr.txt");
	watch_begin(&w, root, FILE_NOTIFY_CHANGE_ATTRIBUTES | FILE_NOTIFY_CHANGE_SIZE, FALSE, NOTIFY_BYTES);
	eof.EndOfFile.QuadPart = 100;
	status = ioc_set_info(file, FileEndOfFileInformation, &eof, sizeof(eof));
	expect(status == STATUS_SUCCESS, "set the end of attr.txt", status);
	expect_one(&w, "set end of file reports MODIFIED attr.txt", FILE_ACTION_MODIFIED, L"attr.txt");
	ioc_close(file);
	ioc_close(root);
}

static void renames(void)
{
	static const ULONG renamed[2] = { FILE_ACTION_RENAMED_OLD_NAME, FILE_ACTION_RENAMED_NEW_NAME };
	static const WCHAR *const names[2] = { L"r1.txt", L"r2.txt" };
	ioc_file file = open_file(L"r1.txt", DELETE), mover = open_file(L"mv.txt", DELETE);
	ioc_file root = open_dir(L""), tree = open_dir(L"");
	NTSTATUS status;
	WATCH w, wt;

	watch_begin(&w, root, NAME_CHANGES, FALSE, NOTIFY_BYTES);
	status = ioc_rename(file, L"r2.txt", FALSE);
	expect(status == STATUS_SUCCESS, "rename r1.txt to r2.txt", status);
	expect_changes(&w, "one request gets RENAMED_OLD_NAME r1.txt and RENAMED_NEW_NAME r2.txt", 2, renamed, names);

	watch_begin(&wt, tree, NAME_CHANGES, TRUE, NOTIFY_BYTES);
	status = ioc_rename(mover, vpath(L"sub\\mv.txt"), FALSE);
	expect(status == STATUS_SUCCESS, "move mv.txt into sub", status);
	expect_one(&wt, "a move between directories: REMOVED mv.txt", FILE_ACTION_REMOVED, L"mv.txt");
	watch_begin(&wt, tree, NAME_CHANGES, TRUE, NOTIFY_BYTES);
	expect_one(&wt, "...then ADDED sub\\mv.txt", FILE_ACTION_ADDED, L"sub\\mv.txt");
	ioc_close(file);
	ioc_close(mover);
	ioc_close(root);
	ioc_close(tree);
}

static void watched_directory_renamed(void)
{
	ioc_file watched, mover;
	NTSTATUS status;
	WATCH w;

	create_dir(L"rd");
	watched = open_dir(L"rd");
	status = ioc_open(vpath(L"rd"), DELETE | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
		FILE_OPEN, FILE_DIRECTORY_FILE, 0, 0, &mover, NULL);
	expect(status == STATUS_SUCCESS, "open rd for renaming", status);
	watch_begin(&w, watched, NAME_CHANGES, FALSE, NOTIFY_BYTES);
	status = ioc_rename(mover, L"rd2", FALSE);
	expect(status == STATUS_SUCCESS, "rename the watched directory rd to rd2", status);
	expect_pending(&w, "renaming the watched directory is not reported to itself");
	create_file(L"rd2\\in.txt");
	expect_one(&w, "the watch follows the rename: ADDED in.txt", FILE_ACTION_ADDED, L"in.txt");
	ioc_close(mover);
	ioc_close(watched);
}

static void deletions(void)
{
	ioc_file file = open_file(L"del.txt", DELETE), root = open_dir(L""), watched, remover;
	NTSTATUS status;
	WATCH w;

	watch_begin(&w, root, NAME_CHANGES, FALSE, NOTIFY_BYTES);
	status = ioc_set_disposition(file, TRUE);
	expect(status == STATUS_SUCCESS, "mark del.txt for deletion", status);
	ioc_close(file);
	expect_one(&w, "deleting del.txt reports REMOVED del.txt", FILE_ACTION_REMOVED, L"del.txt");
	ioc_close(root);

	create_dir(L"gone");
	watched = open_dir(L"gone");
	status = ioc_open(vpath(L"gone"), DELETE | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
		FILE_OPEN, FILE_DIRECTORY_FILE, 0, 0, &remover, NULL);
	expect(status == STATUS_SUCCESS, "open gone for deleting", status);
	watch_begin(&w, watched, NAME_CHANGES, FALSE, NOTIFY_BYTES);
	status = ioc_set_disposition(remover, TRUE);
	expect(status == STATUS_SUCCESS, "mark the watched directory gone for deletion", status);
	ioc_close(remover);
	expect(watch_end(&w, ANSWER_MS) == STATUS_DELETE_PENDING,
		"deleting the watched directory completes its request with STATUS_DELETE_PENDING", w.status);
	watch_begin(&w, watched, NAME_CHANGES, FALSE, NOTIFY_BYTES);
	expect(watch_end(&w, ANSWER_MS) == STATUS_DELETE_PENDING,
		"...and later requests on the handle too", w.status);
	ioc_close(watched);
}

/* ---- nothing leaks: watchers and pending requests hold CCB references ---- */

static DK_STATS query_stats(void)
{
	DK_STATS stats;
	DWORD got;
	HANDLE control = CreateFileW(DOKAN_GLOBAL_DEVICE_NAME, GENERIC_READ | GENERIC_WRITE,
		FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);

	memset(&stats, 0, sizeof(stats));
	if (control != INVALID_HANDLE_VALUE) {
		DeviceIoControl(control, IOCTL_DOKAN_QUERY_STATS, NULL, 0, &stats, sizeof(stats), &got, NULL);
		CloseHandle(control);
	}
	return stats;
}

static BOOL same_counters(const DK_STATS *a, const DK_STATS *b)
{
	return a->Fcbs == b->Fcbs && a->Ccbs == b->Ccbs && a->PendingRequests == b->PendingRequests &&
		a->PoolAllocations == b->PoolAllocations;
}

static void expect_counters_back(const DK_STATS *before)
{
	DK_STATS now = query_stats();
	int i;

	for (i = 0; i < 100 && !same_counters(&now, before); i++) {
		Sleep(100);
		now = query_stats();
	}
	if (!same_counters(&now, before))
		printf("     Fcbs %lu->%lu Ccbs %lu->%lu PendingRequests %lu->%lu PoolAllocations %lu->%lu\n",
			before->Fcbs, now.Fcbs, before->Ccbs, now.Ccbs, before->PendingRequests,
			now.PendingRequests, before->PoolAllocations, now.PoolAllocations);
	expect(same_counters(&now, before), "the driver's counters are back where they started", 0);
}

static int check(void)
{
	DK_STATS before = query_stats();

	added_on_root();
	filter_mismatch();
	watch_tree();
	buffered_between_requests();
	too_small();
	cleanup_and_cancel();
	not_a_directory();
	overwrite_is_modified();
	write_is_modified();
	set_information_is_modified();
	renames();
	watched_directory_renamed();
	deletions();
	expect_counters_back(&before);
	return finish();
}

/* A request pending while the volume is unmounted ends with STATUS_NOTIFY_CLEANUP. */
static int teardown(const WCHAR *dokanctl)
{
	ioc_file root = open_dir(L"");
	WCHAR command[MAX_PATH + 16];
	STARTUPINFOW si;
	PROCESS_INFORMATION pi;
	DWORD code = 1;
	WATCH w;

	memset(&si, 0, sizeof(si));
	si.cb = sizeof(si);
	watch_begin(&w, root, NAME_CHANGES, TRUE, NOTIFY_BYTES);
	expect_pending(&w, "teardown: a request waits on the root");
	swprintf(command, MAX_PATH + 16, L"\"%ls\" /u %c", dokanctl, g_letter);
	if (CreateProcessW(NULL, command, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
		WaitForSingleObject(pi.hProcess, 60000);
		GetExitCodeProcess(pi.hProcess, &code);
		CloseHandle(pi.hProcess);
		CloseHandle(pi.hThread);
	}
	expect(code == 0, "dokanctl /u", (NTSTATUS)code);
	expect(watch_end(&w, ANSWER_MS) == STATUS_NOTIFY_CLEANUP,
		"unmounting completes it with STATUS_NOTIFY_CLEANUP", w.status);
	ioc_close(root);
	return finish();
}

int wmain(int argc, WCHAR **argv)
{
	NTSTATUS status;

	ck_verbose = 1; /* this test narrates: every check prints */

	if (argc < 3 || (wcscmp(argv[1], L"check") && wcscmp(argv[1], L"teardown")) ||
	    (!wcscmp(argv[1], L"teardown") && argc < 4)) {
		fprintf(stderr, "usage: test_notify check <letter> | teardown <letter> <dokanctl.exe>\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	g_letter = argv[2][0];
	status = ioc_connect();
	if (status) {
		printf("FAIL connect to iohost (status 0x%08lX)\n", (unsigned long)status);
		return 1;
	}
	if (!wcscmp(argv[1], L"check"))
		return check();
	return teardown(argv[3]);
}
