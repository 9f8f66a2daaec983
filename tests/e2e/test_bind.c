// SPDX-License-Identifier: LGPL-3.0-or-later
/* test_bind.c - iohost's bind mode through the real stack, used as the Windows shim uses it:
 * every file handle is a real handle to \\.\DokanIoHost on which IOCTL_IOH_CREATE with
 * IOH_CREATE_BIND opened the file; ReadFile, WriteFile, FlushFileBuffers and volume
 * queries are plain Win32/NT calls on that handle (Wine sends them to iohost as IRPs),
 * everything else is IOCTL_IOH_BOUND_IRP. Results are checked on the mirrored folder.
 *
 *   test_bind.exe <L> <windows path of the mirrored folder>
 *   test_bind.exe child-write <handle>      (inherited handle: append one line, exit)
 *   test_bind.exe child-leave <L>           (open a delete-on-close file, exit without closing) */
#include "ioclient.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "check.h"

NTSYSAPI NTSTATUS NTAPI NtReadFile(HANDLE, HANDLE, PIO_APC_ROUTINE, PVOID, PIO_STATUS_BLOCK,
	PVOID, ULONG, PLARGE_INTEGER, PULONG);
NTSYSAPI NTSTATUS NTAPI NtWriteFile(HANDLE, HANDLE, PIO_APC_ROUTINE, PVOID, PIO_STATUS_BLOCK,
	const VOID *, ULONG, PLARGE_INTEGER, PULONG);
NTSYSAPI NTSTATUS NTAPI RtlGetLastNtStatus(void);

#define USE_FILE_POINTER (-2LL) /* FILE_USE_FILE_POINTER_POSITION */
#define WAIT_MS 10000

#define check(ok, what) CHECK(ok, "%s", what)
#define check_status(got, want, what) CHECK_STATUS(got, want, "%s", what)

static WCHAR g_letter;
static const WCHAR *g_backing;

static NTSTATUS last_status(void)
{
	NTSTATUS status = RtlGetLastNtStatus();

	return NT_SUCCESS(status) ? STATUS_UNSUCCESSFUL : status;
}

/* A new handle to iohost, synchronous or overlapped as the program's own would be. */
static HANDLE host_handle(BOOL overlapped)
{
	return CreateFileW(IOH_USER_PATH, GENERIC_READ | GENERIC_WRITE | SYNCHRONIZE,
		FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
		overlapped ? FILE_FLAG_OVERLAPPED : 0, NULL);
}

/* Waits for an IOCTL on an overlapped handle; a synchronous one has already finished. */
static NTSTATUS io_result(HANDLE h, NTSTATUS status, IO_STATUS_BLOCK *iosb, HANDLE event)
{
	if (status == STATUS_PENDING) {
		if (WaitForSingleObject(event ? event : h, WAIT_MS) != WAIT_OBJECT_0)
			return STATUS_TIMEOUT;
		status = iosb->Status;
	}
	return status;
}

typedef struct BIND {
	const WCHAR *name;       /* below the drive, e.g. L"\\bind.txt" */
	ULONG access, share, disposition, options, related, flags;
} BIND;

static NTSTATUS bind_on(HANDLE h, const BIND *b, IOH_CREATE_RESULT *result)
{
	BYTE buffer[sizeof(IOH_CREATE_REQUEST) + 512 * sizeof(WCHAR)];
	IOH_CREATE_REQUEST *rq = (IOH_CREATE_REQUEST *)buffer;
	WCHAR *name = (WCHAR *)(rq + 1);
	IO_STATUS_BLOCK iosb;
	HANDLE event = CreateEventW(NULL, TRUE, FALSE, NULL);
	NTSTATUS status;

	memset(rq, 0, sizeof(*rq));
	if (b->related)
		wcscpy(name, b->name);
	else
		swprintf(name, 512, L"%lc:%ls", g_letter, b->name);
	rq->Size = sizeof(*rq);
	rq->RelatedFileId = b->related;
	rq->DesiredAccess = b->access;
	rq->ShareAccess = b->share;
	rq->Disposition = b->disposition;
	rq->CreateOptions = b->options;
	rq->NameBytes = (ULONG)(wcslen(name) * sizeof(WCHAR));
	rq->Flags = b->flags;
	memset(result, 0, sizeof(*result));
	status = NtDeviceIoControlFile(h, event, NULL, NULL, &iosb, IOCTL_IOH_CREATE, rq,
		sizeof(*rq) + rq->NameBytes, result, sizeof(*result));
	status = io_result(h, status, &iosb, event);
	CloseHandle(event);
	return NT_SUCCESS(status) ? result->Status : status;
}

/* The program-side open: a fresh iohost handle bound to the file, NULL on failure. */
static HANDLE bind_open(const BIND *b, NTSTATUS *status_out)
{
	BOOL overlapped = !(b->options & (FILE_SYNCHRONOUS_IO_NONALERT | FILE_SYNCHRONOUS_IO_ALERT));
	HANDLE h = host_handle(overlapped);
	IOH_CREATE_RESULT result;
	NTSTATUS status;

	if (h == INVALID_HANDLE_VALUE) {
		*status_out = last_status();
		return NULL;
	}
	status = bind_on(h, b, &result);
	*status_out = status;
	if (NT_SUCCESS(status))
		return h;
	CloseHandle(h);
	return NULL;
}

static HANDLE open_file(const WCHAR *name, ULONG access, ULONG disposition, ULONG options)
{
	BIND b = { name, access | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
		disposition, options | FILE_NON_DIRECTORY_FILE, 0, IOH_CREATE_BIND };
	NTSTATUS status;
	HANDLE h = bind_open(&b, &status);

	if (!h)
		printf("     open %ls: 0x%08lX\n", name, (unsigned long)status);
	return h;
}

/* IOCTL_IOH_BOUND_IRP: one IRP on the handle's file, answered with the IRP's status. */
static NTSTATUS bound_irp(HANDLE h, HANDLE event, IO_STATUS_BLOCK *iosb, IOH_IRP_REQUEST *rq,
	const void *input, void *output)
{
	static BYTE buffer[sizeof(IOH_IRP_REQUEST) + 4096];

	rq->Size = sizeof(*rq);
	rq->FileId = 0;
	if (rq->InputBytes > sizeof(buffer) - sizeof(*rq))
		return STATUS_BUFFER_OVERFLOW;
	memcpy(buffer, rq, sizeof(*rq));
	memcpy(buffer + sizeof(*rq), input, rq->InputBytes);
	return NtDeviceIoControlFile(h, event, NULL, NULL, iosb, IOCTL_IOH_BOUND_IRP, buffer,
		sizeof(*rq) + rq->InputBytes, output, rq->OutputBytes);
}

static NTSTATUS query_info(HANDLE h, ULONG cls, void *out, ULONG bytes, ULONG_PTR *got)
{
	IOH_IRP_REQUEST rq = { 0 };
	IO_STATUS_BLOCK iosb = { 0 };
	HANDLE event = CreateEventW(NULL, TRUE, FALSE, NULL);
	NTSTATUS status;

	rq.MajorFunction = IOC_IRP_MJ_QUERY_INFORMATION;
	rq.OutputBytes = bytes;
	rq.Args[0] = cls;
	status = io_result(h, bound_irp(h, event, &iosb, &rq, NULL, out), &iosb, event);
	*got = iosb.Information;
	CloseHandle(event);
	return status;
}

static NTSTATUS set_disposition(HANDLE h, BOOLEAN delete_file)
{
	IOH_IRP_REQUEST rq = { 0 };
	IO_STATUS_BLOCK iosb = { 0 };
	HANDLE event = CreateEventW(NULL, TRUE, FALSE, NULL);
	NTSTATUS status;

	rq.MajorFunction = IOC_IRP_MJ_SET_INFORMATION;
	rq.InputBytes = sizeof(delete_file);
	rq.Args[0] = FileDispositionInformation;
	status = io_result(h, bound_irp(h, event, &iosb, &rq, &delete_file, NULL), &iosb, event);
	CloseHandle(event);
	return status;
}

static NTSTATUS write_at(HANDLE h, LONGLONG offset, const char *text)
{
	IO_STATUS_BLOCK iosb;
	LARGE_INTEGER at;

	at.QuadPart = offset;
	return NtWriteFile(h, NULL, NULL, NULL, &iosb, text, (ULONG)strlen(text), &at, NULL);
}

static NTSTATUS read_at(HANDLE h, LONGLONG offset, char *out, ULONG bytes, ULONG_PTR *got)
{
	IO_STATUS_BLOCK iosb = { 0 };
	LARGE_INTEGER at;
	NTSTATUS status;

	at.QuadPart = offset;
	memset(out, 0, bytes);
	status = NtReadFile(h, NULL, NULL, NULL, &iosb, out, bytes - 1, &at, NULL);
	*got = iosb.Information;
	return status;
}

/* The content of a file of the mirrored folder, read through Wine's own file system. */
static DWORD backing_content(const WCHAR *name, char *out, DWORD bytes)
{
	WCHAR path[MAX_PATH];
	HANDLE h;
	DWORD got = 0;

	swprintf(path, MAX_PATH, L"%ls%ls", g_backing, name);
	memset(out, 0, bytes);
	h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
		NULL, OPEN_EXISTING, 0, NULL);
	if (h == INVALID_HANDLE_VALUE)
		return (DWORD)-1;
	ReadFile(h, out, bytes - 1, &got, NULL);
	CloseHandle(h);
	return got;
}

/* Closing is asynchronous under Wine (CLOSE reaches iohost after CloseHandle returned). */
static BOOL backing_gone_soon(const WCHAR *name)
{
	char content[16];
	int i;

	for (i = 0; i < 100; i++) {
		if (backing_content(name, content, sizeof(content)) == (DWORD)-1)
			return TRUE;
		Sleep(50);
	}
	return FALSE;
}

static void test_sync_transfers(void)
{
	HANDLE h = open_file(L"\\bind.txt", GENERIC_READ | GENERIC_WRITE, FILE_OVERWRITE_IF,
		FILE_SYNCHRONOUS_IO_NONALERT);
	char content[64];
	ULONG_PTR got = 0;
	DWORD written = 0;

	check(h != NULL, "sync: bind-open of a new file");
	if (!h)
		return;
	check(WriteFile(h, "hello world", 11, &written, NULL) && written == 11,
		"sync: WriteFile through the handle (Wine sends the IRP to iohost)");
	check_status(write_at(h, USE_FILE_POINTER, "ABC"), STATUS_SUCCESS,
		"sync: write at the file pointer");
	check(backing_content(L"\\bind.txt", content, sizeof(content)) == 14 &&
	      !strcmp(content, "hello worldABC"), "sync: the mirrored file holds both writes");
	check_status(read_at(h, 6, content, sizeof(content), &got), STATUS_SUCCESS,
		"sync: read at offset 6");
	check(got == 8 && !strcmp(content, "worldABC"), "sync: read data");
	check_status(write_at(h, 0, "J"), STATUS_SUCCESS, "sync: write at offset 0");
	check_status(read_at(h, USE_FILE_POINTER, content, sizeof(content), &got),
		STATUS_SUCCESS, "sync: read at the file pointer (after the write at 0)");
	check(got == 13 && !strcmp(content, "ello worldABC"), "sync: the file pointer moved to 1");
	check_status(read_at(h, 100, content, sizeof(content), &got), STATUS_END_OF_FILE,
		"sync: read past the end");
	check(FlushFileBuffers(h), "sync: FlushFileBuffers");
	check(CloseHandle(h), "sync: CloseHandle");
}

static void test_volume_queries(void)
{
	HANDLE h = open_file(L"\\bind.txt", GENERIC_READ, FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT);
	FILE_FS_SIZE_INFORMATION size = { 0 };
	WCHAR fs_name[64] = L"";
	DWORD serial = 0, max_component = 0, flags = 0;
	IO_STATUS_BLOCK iosb;

	if (!h) {
		check(FALSE, "volume: bind-open");
		return;
	}
	check_status(NtQueryVolumeInformationFile(h, &iosb, &size, sizeof(size),
		FileFsSizeInformation), STATUS_SUCCESS, "volume: FileFsSizeInformation");
	check(size.BytesPerSector > 0 && size.TotalAllocationUnits.QuadPart > 0,
		"volume: sizes come from the file system");
	check(GetVolumeInformationByHandleW(h, NULL, 0, &serial, &max_component, &flags,
		fs_name, 64) && fs_name[0] && max_component > 0,
		"volume: GetVolumeInformationByHandleW");
	CloseHandle(h);
}

static void test_bound_irp_and_access(void)
{
	HANDLE h = open_file(L"\\bind.txt", FILE_READ_DATA | FILE_READ_ATTRIBUTES, FILE_OPEN,
		FILE_SYNCHRONOUS_IO_NONALERT);
	FILE_STANDARD_INFORMATION standard = { 0 };
	IOH_CREATE_RESULT result;
	BIND again = { L"\\bind.txt", FILE_READ_DATA | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE,
		FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT, 0, IOH_CREATE_BIND };
	IOH_FILE_REQUEST close_rq = { sizeof(IOH_FILE_REQUEST), 0 };
	IOH_CLOSE_RESULT closed;
	ULONG_PTR got = 0;
	DWORD bytes;

	if (!h) {
		check(FALSE, "bound irp: bind-open");
		return;
	}
	check_status(query_info(h, FileStandardInformation, &standard, sizeof(standard), &got),
		STATUS_SUCCESS, "bound irp: FileStandardInformation");
	check(got == sizeof(standard) && standard.EndOfFile.QuadPart == 14,
		"bound irp: the file system's data and Information (14 bytes)");
	check_status(write_at(h, 0, "x"), STATUS_ACCESS_DENIED,
		"access: a write on a read-only handle is denied by iohost");
	check_status(bind_on(h, &again, &result), STATUS_INVALID_DEVICE_STATE,
		"bind: a handle binds only once");
	check(!DeviceIoControl(h, IOCTL_IOH_CLOSE, &close_rq, sizeof(close_rq), &closed,
		sizeof(closed), &bytes, NULL) || closed.CleanupStatus == STATUS_INVALID_HANDLE,
		"bind: a bound file cannot be closed by IOCTL, only with its handle");
	CloseHandle(h);

	h = host_handle(FALSE);
	check_status(read_at(h, 0, (char[8]){ 0 }, 8, &got), STATUS_INVALID_DEVICE_REQUEST,
		"bind: a read on an unbound iohost handle is refused");
	CloseHandle(h);
}

/* A handle outlives CloseHandle of one of its copies; the file closes with the last one. */
static void test_duplicate_and_close(void)
{
	HANDLE h = open_file(L"\\doomed.txt", GENERIC_WRITE | DELETE, FILE_CREATE,
		FILE_SYNCHRONOUS_IO_NONALERT);
	HANDLE dup = NULL;
	char content[16];

	if (!h) {
		check(FALSE, "duplicate: bind-open");
		return;
	}
	check(DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), &dup, 0, FALSE,
		DUPLICATE_SAME_ACCESS), "duplicate: DuplicateHandle");
	check_status(set_disposition(h, TRUE), STATUS_SUCCESS, "duplicate: mark for deletion");
	CloseHandle(h);
	Sleep(300);
	check(backing_content(L"\\doomed.txt", content, sizeof(content)) != (DWORD)-1,
		"duplicate: the file stays while a duplicate is open");
	check_status(write_at(dup, 0, "still"), STATUS_SUCCESS, "duplicate: the copy still works");
	CloseHandle(dup);
	check(backing_gone_soon(L"\\doomed.txt"),
		"duplicate: closing the last copy sends CLEANUP and CLOSE (file deleted)");
}

static BOOL run_child(const WCHAR *args, HANDLE inherit)
{
	WCHAR self[MAX_PATH], line[MAX_PATH * 2];
	STARTUPINFOW si;
	PROCESS_INFORMATION pi;
	DWORD code = 1;

	memset(&si, 0, sizeof(si));
	si.cb = sizeof(si);
	GetModuleFileNameW(NULL, self, MAX_PATH);
	swprintf(line, MAX_PATH * 2, L"\"%ls\" %ls", self, args);
	if (inherit)
		SetHandleInformation(inherit, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
	if (!CreateProcessW(self, line, NULL, NULL, inherit != NULL, 0, NULL, NULL, &si, &pi))
		return FALSE;
	WaitForSingleObject(pi.hProcess, 30000);
	GetExitCodeProcess(pi.hProcess, &code);
	CloseHandle(pi.hProcess);
	CloseHandle(pi.hThread);
	return code == 0;
}

static void test_children(void)
{
	HANDLE h = open_file(L"\\inherit.txt", GENERIC_WRITE, FILE_OVERWRITE_IF,
		FILE_SYNCHRONOUS_IO_NONALERT);
	WCHAR args[64];
	char content[64];

	if (!h) {
		check(FALSE, "inherit: bind-open");
		return;
	}
	check_status(write_at(h, USE_FILE_POINTER, "parent\n"), STATUS_SUCCESS, "inherit: parent writes");
	swprintf(args, 64, L"child-write %llu", (unsigned long long)(ULONG_PTR)h);
	check(run_child(args, h), "inherit: a child writes through the inherited handle");
	check_status(write_at(h, USE_FILE_POINTER, "parent again\n"), STATUS_SUCCESS,
		"inherit: parent writes after the child (shared file pointer)");
	CloseHandle(h);
	backing_content(L"\\inherit.txt", content, sizeof(content));
	check(!strcmp(content, "parent\nchild\nparent again\n"),
		"inherit: parent, child and parent lines in order in the mirrored file");

	swprintf(args, 64, L"child-leave %lc", g_letter);
	check(run_child(args, NULL), "exit: a child opens a delete-on-close file and exits");
	check(backing_gone_soon(L"\\left.txt"), "exit: Wine's cleanup at process exit closes it");
}

static void test_overlapped(void)
{
	HANDLE h = open_file(L"\\bind.txt", GENERIC_READ, FILE_OPEN, 0);
	HANDLE port = NULL;
	OVERLAPPED ov = { 0 }, *done = NULL;
	ULONG_PTR key = 0;
	DWORD bytes = 0;
	char data[32] = "";

	if (!h) {
		check(FALSE, "overlapped: bind-open");
		return;
	}
	ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
	ov.Offset = 1;
	check((ReadFile(h, data, 5, NULL, &ov) || GetLastError() == ERROR_IO_PENDING) &&
	      GetOverlappedResult(h, &ov, &bytes, TRUE) && bytes == 5 && !memcmp(data, "ello ", 5),
		"overlapped: ReadFile at offset 1 with an event");
	CloseHandle(ov.hEvent);
	port = CreateIoCompletionPort(h, NULL, 77, 0);
	check(port != NULL, "overlapped: completion port on the handle");
	memset(&ov, 0, sizeof(ov));
	ov.Offset = 6;
	if (port && (ReadFile(h, data, 5, NULL, &ov) || GetLastError() == ERROR_IO_PENDING))
		check(GetQueuedCompletionStatus(port, &bytes, &key, &done, WAIT_MS) && key == 77 &&
		      done == &ov && bytes == 5 && !memcmp(data, "world", 5),
			"overlapped: the completion packet carries the read");
	CloseHandle(h);
	if (port)
		CloseHandle(port);
}

/* A relative open names the directory by the id bound to another handle. */
static void test_related_open(HANDLE dir)
{
	IOH_FILE_REQUEST rq = { sizeof(IOH_FILE_REQUEST), 0 };
	IOH_FILE_STATE state = { 0 };
	OVERLAPPED ov = { 0 };
	DWORD bytes = 0;
	BIND b = { L"bind.txt", FILE_READ_DATA | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE,
		FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT, 0, IOH_CREATE_BIND };
	NTSTATUS status;
	char content[16];
	ULONG_PTR got = 0;
	HANDLE h;

	ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
	check((DeviceIoControl(dir, IOCTL_IOH_FILE_STATE, &rq, sizeof(rq), &state, sizeof(state),
		NULL, &ov) || GetLastError() == ERROR_IO_PENDING) &&
	      GetOverlappedResult(dir, &ov, &bytes, TRUE) && state.FileId != 0,
		"related: FILE_STATE with FileId 0 tells the bound file's id");
	CloseHandle(ov.hEvent);
	b.related = state.FileId;
	h = bind_open(&b, &status);
	check_status(status, STATUS_SUCCESS, "related: open relative to another handle's file");
	if (!h)
		return;
	check(read_at(h, 0, content, sizeof(content), &got) == STATUS_SUCCESS && got == 14,
		"related: it is the root's bind.txt");
	CloseHandle(h);
}

static NTSTATUS start_notify(HANDLE dir, HANDLE event, IO_STATUS_BLOCK *iosb, BYTE *out)
{
	IOH_IRP_REQUEST rq = { 0 };

	rq.MajorFunction = IOC_IRP_MJ_DIRECTORY_CONTROL;
	rq.MinorFunction = IOC_IRP_MN_NOTIFY_CHANGE_DIRECTORY;
	rq.OutputBytes = 1024;
	rq.Args[0] = FILE_NOTIFY_CHANGE_FILE_NAME;
	return bound_irp(dir, event, iosb, &rq, NULL, out);
}

/* Overlapped bound IRPs: Wine delivers the file system's status and data to the caller's
 * event and IO_STATUS_BLOCK; CancelIoEx reaches the pending IRP. */
static void test_notify_and_cancel(void)
{
	BIND b = { L"\\", FILE_LIST_DIRECTORY | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE,
		FILE_OPEN, FILE_DIRECTORY_FILE, 0, IOH_CREATE_BIND };
	IO_STATUS_BLOCK iosb = { 0 };
	HANDLE event = CreateEventW(NULL, TRUE, FALSE, NULL), dir, h;
	static BYTE out[1024];
	FILE_NOTIFY_INFORMATION *n = (FILE_NOTIFY_INFORMATION *)out;
	NTSTATUS status;

	dir = bind_open(&b, &status);
	check(dir != NULL, "notify: bind-open of the root, overlapped");
	if (!dir)
		return;
	status = start_notify(dir, event, &iosb, out);
	check_status(status, STATUS_PENDING, "notify: pending on the overlapped handle");
	h = open_file(L"\\added.txt", GENERIC_WRITE, FILE_CREATE, FILE_SYNCHRONOUS_IO_NONALERT);
	check(h != NULL, "notify: create a file through another handle");
	if (h)
		CloseHandle(h);
	check(WaitForSingleObject(event, WAIT_MS) == WAIT_OBJECT_0 && iosb.Status == STATUS_SUCCESS &&
	      iosb.Information > 0 && n->Action == FILE_ACTION_ADDED &&
	      n->FileNameLength == 9 * sizeof(WCHAR) && !wcsncmp(n->FileName, L"added.txt", 9),
		"notify: the event fires with FILE_ACTION_ADDED added.txt");
	ResetEvent(event);
	status = start_notify(dir, event, &iosb, out);
	check(status == STATUS_PENDING && CancelIoEx(dir, NULL), "cancel: CancelIoEx on a pending notify");
	check(WaitForSingleObject(event, WAIT_MS) == WAIT_OBJECT_0 && iosb.Status == STATUS_CANCELLED,
		"cancel: the notify ends with STATUS_CANCELLED");
	test_related_open(dir);
	CloseHandle(dir);
	CloseHandle(event);
}

static int child_write(const char *handle_text)
{
	HANDLE h = (HANDLE)(ULONG_PTR)_strtoui64(handle_text, NULL, 10);

	return write_at(h, USE_FILE_POINTER, "child\n") == STATUS_SUCCESS ? 0 : 1;
}

static int child_leave(void)
{
	HANDLE h = open_file(L"\\left.txt", GENERIC_WRITE | DELETE, FILE_CREATE,
		FILE_SYNCHRONOUS_IO_NONALERT | FILE_DELETE_ON_CLOSE);

	return h ? 0 : 1; /* exits with the handle open */
}

int wmain(int argc, WCHAR **argv)
{

	ck_verbose = 1; /* this test narrates: every check prints */
	char narrow[64];

	if (argc == 3 && !wcscmp(argv[1], L"child-write")) {
		WideCharToMultiByte(CP_ACP, 0, argv[2], -1, narrow, sizeof(narrow), NULL, NULL);
		return child_write(narrow);
	}
	g_letter = argc >= 3 ? argv[2][0] : 0;
	if (argc == 3 && !wcscmp(argv[1], L"child-leave"))
		return child_leave();
	if (argc != 3) {
		fprintf(stderr, "usage: test_bind <letter> <windows path of the mirrored folder>\n");
		return 2;
	}
	g_letter = argv[1][0];
	g_backing = argv[2];
	test_sync_transfers();
	test_volume_queries();
	test_bound_irp_and_access();
	test_duplicate_and_close();
	test_children();
	test_overlapped();
	test_notify_and_cancel();
	return ck_summary("test_bind");
}
