// SPDX-License-Identifier: LGPL-3.0-or-later
// test_protocol.c - talks the private driver protocol (include/dokan_protocol.h) directly
// to the real dokan.sys loaded in Wine's winedevice, without dokan.dll, and checks what
// the driver really does: version, start, reply validation, pending and cancelled
// TRANSACTs, the owner check, unmount (asked and forced), and that a start/release loop
// leaves no mount, FCB, CCB, request or pool allocation behind.
//   test_protocol                          run every check
//   test_protocol --intruder <DeviceName>  (internal) the foreign process of the owner check
//   test_protocol --force-unmount <letter> force the volume behind a letter away (test_orphan.sh)
//
// Every handle is opened overlapped and every wait is bounded: an IOCTL that should
// complete at once but stays pending is cancelled and reported, never waited for forever.
#include <windows.h>
#include <stdarg.h>
#include <stdio.h>
#include <wchar.h>

#include "dokan_protocol.h"
#include "check.h"

#define QUICK_MS        5000u  /* an IOCTL the driver should answer at once */
#define PENDING_PROBE_MS 300u  /* "still pending" means: not done after this long */
#define SETTLE_MS       5000u  /* housekeeping (1 s period) and IRP_MJ_CLOSE delivery */
#define CHILD_MS       30000u  /* the intruder process, Wine start-up included */
#define BIG_OUTPUT     (64u * 1024u)
#define LOOP_MOUNTS    20

#define expect(ok, ...) CHECK(ok, __VA_ARGS__)


static void note(const char *format, ...)
{
	va_list args;
	va_start(args, format);
	vprintf(format, args);
	va_end(args);
	printf("\n");
	fflush(stdout);
}

static void section(const char *title)
{
	note("== %s (%d passed, %d failed so far)", title, (int)ck_passed(), (int)ck_failed());
}

/* The NTSTATUS behind the last error; Wine's GetLastError only has the Win32 code. */
static LONG last_nt_status(void)
{
	typedef LONG(WINAPI * get_status_fn)(void);
	static get_status_fn get_status;
	if (!get_status) {
		HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
		get_status = ntdll ? (get_status_fn)(void (*)(void))GetProcAddress(ntdll, "RtlGetLastNtStatus") : NULL;
	}
	return get_status ? get_status() : 0;
}

/* ---- overlapped IOCTLs with bounded waits ---- */

typedef struct op {
	HANDLE device;
	OVERLAPPED ov;
	BOOL done;
	BOOL ok;
	DWORD error;   /* Win32 code when !ok */
	LONG status;   /* NTSTATUS when !ok (0 if ntdll does not say) */
	DWORD bytes;
} op;

static void op_failed(op *o)
{
	o->done = TRUE;
	o->ok = FALSE;
	o->error = GetLastError();
	o->status = last_nt_status();
}

/* Issues the IOCTL; o->done tells whether it already completed. */
static void op_start(op *o, HANDLE device, DWORD code, const void *in, DWORD inLength, void *out, DWORD outLength)
{
	ZeroMemory(o, sizeof(*o));
	o->device = device;
	o->ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
	if (!o->ov.hEvent) {
		op_failed(o);
		return;
	}
	if (DeviceIoControl(device, code, (void *)in, inLength, out, outLength, NULL, &o->ov)) {
		o->done = o->ok = TRUE;
		GetOverlappedResult(device, &o->ov, &o->bytes, FALSE);
		return;
	}
	if (GetLastError() != ERROR_IO_PENDING)
		op_failed(o);
}

/* Waits up to ms for a pending op; TRUE once it has completed. */
static BOOL op_wait(op *o, DWORD ms)
{
	if (o->done)
		return TRUE;
	if (WaitForSingleObject(o->ov.hEvent, ms) != WAIT_OBJECT_0)
		return FALSE;
	o->done = TRUE;
	o->ok = GetOverlappedResult(o->device, &o->ov, &o->bytes, FALSE);
	if (!o->ok) {
		o->error = GetLastError();
		o->status = last_nt_status();
	}
	return TRUE;
}

/* Cancels a pending op and waits (bounded) for it to complete. The kernel still owns the
 * op's buffers until then, so an op that never completes ends the process. */
static void op_cancel(op *o)
{
	if (o->done)
		return;
	CancelIoEx(o->device, &o->ov);
	if (!op_wait(o, QUICK_MS)) {
		printf("FATAL an IOCTL was not completed %u ms after CancelIoEx\n", QUICK_MS);
		printf("%d passed, %d failed\n", (int)ck_passed(), (int)ck_failed() + 1);
		fflush(stdout);
		ExitProcess(3);
	}
}

static void op_end(op *o)
{
	if (o->ov.hEvent)
		CloseHandle(o->ov.hEvent);
	o->ov.hEvent = NULL;
}

typedef struct io {
	BOOL ok;
	BOOL stuck;    /* was still pending after QUICK_MS and had to be cancelled */
	DWORD error;
	LONG status;
	DWORD bytes;
} io;

/* One IOCTL that the driver should complete at once. */
static io ioctl_now(HANDLE device, DWORD code, const void *in, DWORD inLength, void *out, DWORD outLength)
{
	op o;
	io r = { 0 };
	op_start(&o, device, code, in, inLength, out, outLength);
	if (!op_wait(&o, QUICK_MS)) {
		r.stuck = TRUE;
		op_cancel(&o);
	}
	op_end(&o);
	r.ok = o.ok && !r.stuck;
	r.error = o.error;
	r.status = o.status;
	r.bytes = o.bytes;
	return r;
}

static const char *io_text(io r)
{
	static char text[8][96];
	static int next;
	char *t = text[next++ % 8];
	if (r.stuck)
		snprintf(t, sizeof(text[0]), "stayed pending (cancelled after %u ms)", QUICK_MS);
	else if (r.ok)
		snprintf(t, sizeof(text[0]), "succeeded with %lu bytes", (unsigned long)r.bytes);
	else
		snprintf(t, sizeof(text[0]), "failed with error %lu (status 0x%08lX)", (unsigned long)r.error,
			(unsigned long)r.status);
	return t;
}

static BOOL fails_with(io r, DWORD error)
{
	return !r.ok && !r.stuck && r.error == error;
}

static BOOL fails(io r)
{
	return !r.ok && !r.stuck;
}

/* ---- devices ---- */

static HANDLE open_control(void)
{
	return CreateFileW(L"\\\\.\\Dokan", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
		OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
}

/* \Volume{GUID} from the driver is \\.\Volume{GUID} in user mode (as dll/driverctl.c). */
static HANDLE open_channel(const WCHAR *deviceName, DWORD flags)
{
	WCHAR path[DK_DEVICE_NAME_CHARS + 8];
	if (deviceName[0] != L'\\' || wcslen(deviceName) >= DK_DEVICE_NAME_CHARS) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return INVALID_HANDLE_VALUE;
	}
	swprintf(path, ARRAYSIZE(path), L"\\\\.%ls", deviceName);
	return CreateFileW(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
		flags, NULL);
}

static void close_handle(HANDLE *handle)
{
	if (*handle != INVALID_HANDLE_VALUE)
		CloseHandle(*handle);
	*handle = INVALID_HANDLE_VALUE;
}

static BOOL query_stats(HANDLE control, DK_STATS *stats)
{
	io r;
	ZeroMemory(stats, sizeof(*stats));
	r = ioctl_now(control, IOCTL_DOKAN_QUERY_STATS, NULL, 0, stats, sizeof(*stats));
	if (!r.ok || r.bytes != sizeof(*stats) || stats->Size != sizeof(*stats)) {
		expect(FALSE, "QUERY_STATS %s", io_text(r));
		return FALSE;
	}
	return TRUE;
}

static void print_stats(const char *when, const DK_STATS *s)
{
	note("stats %s: LiveMounts %lu Fcbs %lu Ccbs %lu PendingRequests %lu PoolAllocations %lu MountsCreated %lu",
		when, (unsigned long)s->LiveMounts, (unsigned long)s->Fcbs, (unsigned long)s->Ccbs,
		(unsigned long)s->PendingRequests, (unsigned long)s->PoolAllocations, (unsigned long)s->MountsCreated);
}

typedef BOOL stats_test(const DK_STATS *now, const DK_STATS *want);

/* Polls the statistics until test() holds or ms pass; leaves the last sample in *now. */
static BOOL wait_stats(HANDLE control, stats_test *test, const DK_STATS *want, DWORD ms, DK_STATS *now)
{
	DWORD start = GetTickCount();
	for (;;) {
		if (!query_stats(control, now))
			return FALSE;
		if (test(now, want))
			return TRUE;
		if (GetTickCount() - start >= ms)
			return FALSE;
		Sleep(100);
	}
}

static BOOL same_counts(const DK_STATS *now, const DK_STATS *want)
{
	return now->LiveMounts == want->LiveMounts && now->Fcbs == want->Fcbs && now->Ccbs == want->Ccbs &&
		now->PendingRequests == want->PendingRequests;
}

static BOOL same_ccbs(const DK_STATS *now, const DK_STATS *want)
{
	return now->Ccbs == want->Ccbs;
}

static BOOL same_pool(const DK_STATS *now, const DK_STATS *want)
{
	return same_counts(now, want) && now->PoolAllocations == want->PoolAllocations;
}

/* A baseline that no earlier process's late teardown will still change: two samples more
 * than one housekeeping period apart agree. */
static BOOL stable_baseline(HANDLE control, DK_STATS *baseline)
{
	DK_STATS again;
	int i;
	if (!query_stats(control, baseline))
		return FALSE;
	for (i = 0; i < 5; i++) {
		Sleep(1200);
		if (!query_stats(control, &again))
			return FALSE;
		if (same_pool(&again, baseline))
			return TRUE;
		*baseline = again;
	}
	return TRUE;
}

static io start_mount(HANDLE control, ULONG version, DK_MOUNT_INFO *info)
{
	DK_START start = { sizeof(DK_START), version, 0, 0 };
	ZeroMemory(info, sizeof(*info));
	return ioctl_now(control, IOCTL_DOKAN_START, &start, sizeof(start), info, sizeof(*info));
}

static io unmount(HANDLE control, const WCHAR *deviceName, ULONG flags)
{
	DK_UNMOUNT_REQUEST request;
	ZeroMemory(&request, sizeof(request));
	request.Size = sizeof(request);
	request.Flags = flags;
	wcsncpy(request.DeviceName, deviceName, DK_DEVICE_NAME_CHARS - 1);
	return ioctl_now(control, IOCTL_DOKAN_UNMOUNT, &request, sizeof(request), NULL, 0);
}

/* ---- 1. the control device and the version ---- */

static void check_version(HANDLE control)
{
	ULONG version = 0;
	BYTE small[2];
	io r = ioctl_now(control, IOCTL_DOKAN_TEST, NULL, 0, &version, sizeof(version));

	expect(r.ok && r.bytes == sizeof(version) && version == DK_DRIVER_VERSION,
		"TEST: %s, version 0x%lX (expected 4 bytes, 0x%X)", io_text(r), (unsigned long)version, DK_DRIVER_VERSION);
	r = ioctl_now(control, IOCTL_DOKAN_TEST, NULL, 0, small, sizeof(small));
	expect(fails(r), "TEST with a 2-byte output buffer %s (expected to fail)", io_text(r));
}

/* ---- 2. START ---- */

static void check_bad_starts(HANDLE control, const DK_STATS *baseline)
{
	BYTE in[32] = { 0 };
	DK_START *start = (DK_START *)in;
	DK_MOUNT_INFO info;
	BYTE smallOut[sizeof(DK_MOUNT_INFO) - 4];
	DK_STATS now;
	DWORD sizes[] = { 15, 17 };
	ULONG i;
	io r;

	start->Size = sizeof(DK_START);
	start->Version = DK_DRIVER_VERSION;
	for (i = 0; i < ARRAYSIZE(sizes); i++) {
		r = ioctl_now(control, IOCTL_DOKAN_START, in, sizes[i], &info, sizeof(info));
		expect(fails_with(r, ERROR_INVALID_PARAMETER), "START with %lu input bytes %s (expected error 87)",
			(unsigned long)sizes[i], io_text(r));
	}
	start->Size = sizeof(DK_START) + 4;
	r = ioctl_now(control, IOCTL_DOKAN_START, in, sizeof(DK_START), &info, sizeof(info));
	expect(fails_with(r, ERROR_INVALID_PARAMETER), "START with Size %lu %s (expected error 87)",
		(unsigned long)start->Size, io_text(r));
	start->Size = sizeof(DK_START);
	r = ioctl_now(control, IOCTL_DOKAN_START, in, sizeof(DK_START), smallOut, sizeof(smallOut));
	expect(fails_with(r, ERROR_INVALID_PARAMETER), "START with a %u-byte output buffer %s (expected error 87)",
		(unsigned)sizeof(smallOut), io_text(r));

	r = start_mount(control, DK_DRIVER_VERSION + 1, &info);
	expect(r.ok && r.bytes == sizeof(info) && info.Status == DK_START_FAILED && info.MountId == 0,
		"START with version 0x%X: %s, Status %lu MountId %lu (expected success, Status %u, no mount)",
		DK_DRIVER_VERSION + 1, io_text(r), (unsigned long)info.Status, (unsigned long)info.MountId, DK_START_FAILED);
	if (query_stats(control, &now))
		expect(now.LiveMounts == baseline->LiveMounts && now.MountsCreated == baseline->MountsCreated,
			"after the refused STARTs LiveMounts %lu MountsCreated %lu (expected %lu, %lu)",
			(unsigned long)now.LiveMounts, (unsigned long)now.MountsCreated, (unsigned long)baseline->LiveMounts,
			(unsigned long)baseline->MountsCreated);
}

static BOOL check_start(HANDLE control, const DK_STATS *baseline, DK_MOUNT_INFO *info, const char *which)
{
	static const WCHAR prefix[] = L"\\Volume{D6CC17C5-";
	DK_STATS now;
	io r = start_mount(control, DK_DRIVER_VERSION, info);
	BOOL ok = r.ok && r.bytes == sizeof(*info) && info->Size == sizeof(*info) && info->Status == DK_START_MOUNTED &&
		info->MountId != 0 && info->DriverVersion == DK_DRIVER_VERSION &&
		wcsncmp(info->DeviceName, prefix, wcslen(prefix)) == 0;

	info->DeviceName[DK_DEVICE_NAME_CHARS - 1] = 0;
	expect(ok, "START (%s): %s, Status %lu MountId %lu DeviceName %ls", which, io_text(r),
		(unsigned long)info->Status, (unsigned long)info->MountId, info->DeviceName);
	if (ok)
		note("mount %lu (%s): %ls", (unsigned long)info->MountId, which, info->DeviceName);
	if (ok && query_stats(control, &now))
		expect(now.LiveMounts == baseline->LiveMounts + 1, "after START (%s) LiveMounts %lu (expected %lu)", which,
			(unsigned long)now.LiveMounts, (unsigned long)baseline->LiveMounts + 1);
	return ok;
}

/* ---- 3. the mount channel: malformed replies, small buffers, FETCH ---- */

static void check_channel_open(HANDLE control, const DK_MOUNT_INFO *info, const DK_STATS *baseline)
{
	HANDLE plain = open_channel(info->DeviceName, 0); /* exactly as dll/driverctl.c */
	DK_STATS now;

	expect(plain != INVALID_HANDLE_VALUE, "opening \\\\.%ls as dll/driverctl.c does: error %lu", info->DeviceName,
		(unsigned long)GetLastError());
	if (plain == INVALID_HANDLE_VALUE)
		return;
	if (query_stats(control, &now))
		expect(now.Ccbs == baseline->Ccbs + 1, "an open channel: Ccbs %lu (expected %lu)", (unsigned long)now.Ccbs,
			(unsigned long)baseline->Ccbs + 1);
	close_handle(&plain);
}

/* A TRANSACT carrying `length` bytes of reply and asking for no event. */
static io send_reply(HANDLE channel, ULONG length, ULONG lengthField, ULONG dataLength, ULONG serial)
{
	static BYTE buffer[256];
	DK_REPLY *reply = (DK_REPLY *)buffer;
	ZeroMemory(buffer, sizeof(buffer));
	reply->Length = lengthField;
	reply->Serial = serial;
	reply->DataLength = dataLength;
	return ioctl_now(channel, IOCTL_DOKAN_TRANSACT, buffer, length, NULL, 0);
}

static void check_replies(HANDLE channel)
{
	const ULONG r0 = sizeof(DK_REPLY);
	const ULONG unknown = 0x7FFFFFF0u;
	struct {
		const char *what;
		ULONG length, lengthField, dataLength;
	} bad[] = {
		{ "shorter than DK_REPLY (16 bytes)", 16, 16, 0 },
		{ "shorter than DK_REPLY (47 bytes)", r0 - 1, r0 - 1, 0 },
		{ "Length above the input length", r0, r0 + 8, 8 },
		{ "Length below the input length", r0 + 8, r0, 8 },
		{ "DataLength too big", r0 + 8, r0 + 8, 16 },
		{ "DataLength too big (all ones)", r0 + 8, r0 + 8, 0xFFFFFFFFu },
		{ "DataLength too small", r0 + 8, r0 + 8, 0 },
		{ "DataLength too small (no data)", r0 + 8, r0 + 8, 4 },
	};
	ULONG i, size, wrong = 0, firstWrong = 0;
	io r, first = { 0 };
	BYTE small[sizeof(DK_EVENT)];

	for (i = 0; i < ARRAYSIZE(bad); i++) {
		r = send_reply(channel, bad[i].length, bad[i].lengthField, bad[i].dataLength, unknown);
		expect(fails_with(r, ERROR_INVALID_PARAMETER),
			"TRANSACT with a malformed reply (%s: %lu bytes, Length %lu, DataLength %lu) %s (expected error 87)",
			bad[i].what, (unsigned long)bad[i].length, (unsigned long)bad[i].lengthField,
			(unsigned long)bad[i].dataLength, io_text(r));
	}
	r = send_reply(channel, r0, r0, 0, unknown);
	expect(r.ok && r.bytes == 0, "TRANSACT with a reply for an unknown serial, no output %s (expected success)",
		io_text(r));
	r = send_reply(channel, r0 + 8, r0 + 8, 8, unknown);
	expect(r.ok && r.bytes == 0, "TRANSACT with a reply + 8 data bytes for an unknown serial %s (expected success)",
		io_text(r));

	for (size = 1; size < sizeof(DK_EVENT); size++) {
		r = ioctl_now(channel, IOCTL_DOKAN_TRANSACT, NULL, 0, small, size);
		if (!fails_with(r, ERROR_INSUFFICIENT_BUFFER) && wrong++ == 0) {
			first = r;
			firstWrong = size;
		}
	}
	expect(wrong == 0, "TRANSACT with a %lu-byte output buffer %s (expected error 122); %lu of 1..%u sizes wrong",
		(unsigned long)firstWrong, io_text(first), (unsigned long)wrong, (unsigned)sizeof(DK_EVENT) - 1);
}

static void check_fetch(HANDLE channel)
{
	static BYTE out[4096];
	BYTE in[16] = { 0 };
	DK_FETCH *fetch = (DK_FETCH *)in;
	DWORD sizes[] = { 0, 4, 12 };
	ULONG i;
	io r;

	fetch->Size = sizeof(DK_FETCH);
	fetch->Serial = 0x7FFFFFF0u;
	for (i = 0; i < ARRAYSIZE(sizes); i++) {
		r = ioctl_now(channel, IOCTL_DOKAN_FETCH, in, sizes[i], out, sizeof(out));
		expect(fails_with(r, ERROR_INVALID_PARAMETER), "FETCH with %lu input bytes %s (expected error 87)",
			(unsigned long)sizes[i], io_text(r));
	}
	fetch->Size = 12;
	r = ioctl_now(channel, IOCTL_DOKAN_FETCH, in, sizeof(DK_FETCH), out, sizeof(out));
	expect(fails_with(r, ERROR_INVALID_PARAMETER), "FETCH with Size 12 %s (expected error 87)", io_text(r));
	fetch->Size = sizeof(DK_FETCH);
	r = ioctl_now(channel, IOCTL_DOKAN_FETCH, in, sizeof(DK_FETCH), out, sizeof(out));
	expect(fails_with(r, ERROR_NOT_FOUND), "FETCH of an unknown serial %s (expected error 1168, not found)",
		io_text(r));
}

/* ---- 4. a pending TRANSACT and its cancellation ---- */

static BYTE event_buffer[BIG_OUTPUT];

static void check_cancel(HANDLE control, HANDLE channel, const DK_STATS *baseline)
{
	op o;
	DK_STATS now;
	BOOL pending;

	op_start(&o, channel, IOCTL_DOKAN_TRANSACT, NULL, 0, event_buffer, sizeof(event_buffer));
	pending = !op_wait(&o, PENDING_PROBE_MS);
	expect(pending, "a TRANSACT with nothing queued completed at once (ok %d, error %lu); expected it to stay pending",
		o.ok, (unsigned long)o.error);
	if (pending) {
		if (query_stats(control, &now))
			expect(now.PendingRequests == baseline->PendingRequests,
				"with a worker waiting: PendingRequests %lu (expected %lu)", (unsigned long)now.PendingRequests,
				(unsigned long)baseline->PendingRequests);
		expect(CancelIoEx(channel, &o.ov), "CancelIoEx of the pending TRANSACT: error %lu",
			(unsigned long)GetLastError());
		op_cancel(&o); /* bounded wait; fatal if it never completes */
		expect(!o.ok && o.error == ERROR_OPERATION_ABORTED,
			"the cancelled TRANSACT completed with ok %d error %lu status 0x%08lX (expected error 995)", o.ok,
			(unsigned long)o.error, (unsigned long)o.status);
	}
	op_end(&o);
	if (query_stats(control, &now))
		expect(now.PendingRequests == baseline->PendingRequests,
			"after the cancel: PendingRequests %lu (expected %lu)", (unsigned long)now.PendingRequests,
			(unsigned long)baseline->PendingRequests);
}

/* ---- 5. the owner check, from another process ---- */

#define INTRUDER_OPEN_FAILED 0x40

/* Impersonates this process's token with BUILTIN\Administrators made deny-only: a
 * caller that is not an administrator (under Wine every process is one). */
static BOOL impersonate_non_admin(void)
{
	SID_IDENTIFIER_AUTHORITY nt = { SECURITY_NT_AUTHORITY };
	SID_AND_ATTRIBUTES disable = { NULL, 0 };
	HANDLE process = NULL, restricted = NULL, impersonation = NULL;
	BOOL ok = AllocateAndInitializeSid(&nt, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS, 0, 0, 0, 0,
		0, 0, &disable.Sid) &&
		OpenProcessToken(GetCurrentProcess(), TOKEN_DUPLICATE | TOKEN_QUERY, &process) &&
		CreateRestrictedToken(process, 0, 1, &disable, 0, NULL, 0, NULL, &restricted) &&
		DuplicateToken(restricted, SecurityImpersonation, &impersonation) &&
		SetThreadToken(NULL, impersonation);

	if (!ok)
		note("intruder: cannot impersonate a non-administrator: error %lu", (unsigned long)GetLastError());
	if (disable.Sid)
		FreeSid(disable.Sid);
	if (process)
		CloseHandle(process);
	if (restricted)
		CloseHandle(restricted);
	if (impersonation)
		CloseHandle(impersonation);
	return ok;
}

/* The child, on the control device: waiting for the mounter's notices (the mounter's
 * handle holds that role) and, as a non-administrator, forcing someone else's unmount
 * must be refused. Bits 4 and 5 of the exit code. */
static int intruder_control(const WCHAR *deviceName)
{
	HANDLE control = open_control();
	DK_UNMOUNT_NOTICE notice;
	int result = 0;
	io r;

	if (control == INVALID_HANDLE_VALUE)
		return 1 << 4 | 1 << 5;
	r = ioctl_now(control, IOCTL_DOKAN_SERVICE_WAIT, NULL, 0, &notice, sizeof(notice));
	if (!fails_with(r, ERROR_ACCESS_DENIED)) {
		note("intruder: SERVICE_WAIT from a foreign process %s (expected error 5)", io_text(r));
		result |= 1 << 4;
	}
	if (!impersonate_non_admin())
		result |= 1 << 5;
	else {
		r = unmount(control, deviceName, DK_UNMOUNT_FORCE);
		if (!fails_with(r, ERROR_ACCESS_DENIED)) {
			note("intruder: a forced UNMOUNT by a non-administrator %s (expected error 5)", io_text(r));
			result |= 1 << 5;
		}
		RevertToSelf();
	}
	close_handle(&control);
	return result;
}

/* The child: each private IOCTL on a channel it opened itself must be refused. */
static int intruder(const WCHAR *deviceName)
{
	HANDLE channel = open_channel(deviceName, FILE_FLAG_OVERLAPPED);
	DK_FETCH fetch = { sizeof(DK_FETCH), 1 };
	static BYTE out[4096];
	struct {
		const char *name;
		DWORD code;
		const void *in;
		DWORD inLength;
		void *out;
		DWORD outLength;
	} calls[] = {
		{ "TRANSACT", IOCTL_DOKAN_TRANSACT, NULL, 0, event_buffer, sizeof(event_buffer) },
		{ "FETCH", IOCTL_DOKAN_FETCH, &fetch, sizeof(fetch), out, sizeof(out) },
		{ "KEEPALIVE", IOCTL_DOKAN_KEEPALIVE, NULL, 0, NULL, 0 },
		{ "RELEASE", IOCTL_DOKAN_RELEASE, NULL, 0, NULL, 0 },
	};
	int result = 0;
	ULONG i;

	if (channel == INVALID_HANDLE_VALUE) {
		note("intruder: cannot open \\\\.%ls: error %lu", deviceName, (unsigned long)GetLastError());
		return INTRUDER_OPEN_FAILED;
	}
	result |= intruder_control(deviceName);
	for (i = 0; i < ARRAYSIZE(calls); i++) {
		io r = ioctl_now(channel, calls[i].code, calls[i].in, calls[i].inLength, calls[i].out, calls[i].outLength);
		if (!fails_with(r, ERROR_ACCESS_DENIED)) {
			note("intruder: %s from a foreign process %s (expected error 5)", calls[i].name, io_text(r));
			result |= 1 << i;
		}
	}
	close_handle(&channel);
	return result;
}

static void check_intruder(HANDLE control, HANDLE channel, const DK_MOUNT_INFO *info, const DK_STATS *baseline)
{
	static const char *names[] = { "TRANSACT", "FETCH", "KEEPALIVE", "RELEASE", "SERVICE_WAIT",
		"forced UNMOUNT by a non-administrator" };
	WCHAR exe[MAX_PATH], command[MAX_PATH + 128];
	STARTUPINFOW si;
	PROCESS_INFORMATION pi;
	DWORD code = 0, i;
	DK_STATS now, want;
	BOOL settled;
	io r;

	ZeroMemory(&si, sizeof(si));
	si.cb = sizeof(si);
	if (!GetModuleFileNameW(NULL, exe, MAX_PATH)) {
		expect(FALSE, "GetModuleFileNameW: error %lu", (unsigned long)GetLastError());
		return;
	}
	swprintf(command, ARRAYSIZE(command), L"\"%ls\" --intruder %ls", exe, info->DeviceName);
	if (!CreateProcessW(exe, command, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
		expect(FALSE, "starting the intruder process: error %lu", (unsigned long)GetLastError());
		return;
	}
	if (WaitForSingleObject(pi.hProcess, CHILD_MS) != WAIT_OBJECT_0) {
		expect(FALSE, "the intruder process did not end within %u ms (killed)", CHILD_MS);
		TerminateProcess(pi.hProcess, 99);
		WaitForSingleObject(pi.hProcess, QUICK_MS);
	} else {
		GetExitCodeProcess(pi.hProcess, &code);
		note("the intruder process exited with code 0x%lX (0: every IOCTL refused)", (unsigned long)code);
		expect(code != INTRUDER_OPEN_FAILED, "the intruder could not open the mount channel");
		for (i = 0; i < ARRAYSIZE(names); i++)
			expect(code == INTRUDER_OPEN_FAILED || !(code & (1u << i)),
				"%s from a foreign process was not refused with ERROR_ACCESS_DENIED", names[i]);
		expect(code <= 0x7F, "the intruder exited with unexpected code 0x%lX", (unsigned long)code);
	}
	CloseHandle(pi.hThread);
	CloseHandle(pi.hProcess);

	want = *baseline;
	want.LiveMounts = baseline->LiveMounts + 1;
	want.Ccbs = baseline->Ccbs + 1; /* our channel only; the intruder's is closed */
	settled = wait_stats(control, same_counts, &want, SETTLE_MS, &now);
	expect(settled, "after the intruder: LiveMounts %lu Ccbs %lu (expected %lu, %lu)", (unsigned long)now.LiveMounts,
		(unsigned long)now.Ccbs, (unsigned long)want.LiveMounts, (unsigned long)want.Ccbs);
	r = ioctl_now(channel, IOCTL_DOKAN_KEEPALIVE, NULL, 0, NULL, 0);
	expect(r.ok, "KEEPALIVE from the owner after the intruder %s (expected success)", io_text(r));
}

/* ---- 6. unmount asked through the control device, released by the owner ---- */

static void check_unmount_request(HANDLE control, HANDLE *channel, const DK_MOUNT_INFO *info, const DK_STATS *baseline)
{
	BYTE in[sizeof(DK_UNMOUNT_REQUEST) + 8] = { 0 };
	DK_UNMOUNT_REQUEST *request = (DK_UNMOUNT_REQUEST *)in;
	const DK_EVENT *event = (const DK_EVENT *)event_buffer;
	DK_STATS now, want;
	HANDLE again;
	BOOL settled;
	io r;

	request->Size = sizeof(*request);
	wcscpy(request->DeviceName, info->DeviceName);
	r = ioctl_now(control, IOCTL_DOKAN_UNMOUNT, in, sizeof(*request) + 8, NULL, 0);
	expect(fails_with(r, ERROR_INVALID_PARAMETER), "UNMOUNT with %u input bytes %s (expected error 87)",
		(unsigned)sizeof(*request) + 8, io_text(r));
	r = ioctl_now(control, IOCTL_DOKAN_UNMOUNT, in, sizeof(*request) - 2, NULL, 0);
	expect(fails_with(r, ERROR_INVALID_PARAMETER), "UNMOUNT with %u input bytes %s (expected error 87)",
		(unsigned)sizeof(*request) - 2, io_text(r));
	request->Size = 8;
	r = ioctl_now(control, IOCTL_DOKAN_UNMOUNT, in, sizeof(*request), NULL, 0);
	expect(fails_with(r, ERROR_INVALID_PARAMETER), "UNMOUNT with Size 8 %s (expected error 87)", io_text(r));
	r = unmount(control, L"\\Volume{00000000-0000-0000-0000-000000000000}", 0);
	expect(fails_with(r, ERROR_FILE_NOT_FOUND), "UNMOUNT of an unknown device %s (expected error 2, not found)",
		io_text(r));

	r = unmount(control, info->DeviceName, 0);
	expect(r.ok, "UNMOUNT of %ls %s (expected success)", info->DeviceName, io_text(r));
	if (query_stats(control, &now))
		expect(now.LiveMounts == baseline->LiveMounts + 1,
			"an asked UNMOUNT must leave the mount to its owner: LiveMounts %lu (expected %lu)",
			(unsigned long)now.LiveMounts, (unsigned long)baseline->LiveMounts + 1);
	ZeroMemory(event_buffer, sizeof(DK_EVENT));
	r = ioctl_now(*channel, IOCTL_DOKAN_TRANSACT, NULL, 0, event_buffer, sizeof(event_buffer));
	expect(r.ok && r.bytes >= sizeof(DK_EVENT) && event->Length == r.bytes && event->MajorFunction == DK_EVENT_UNMOUNT &&
			event->MountId == info->MountId && !(event->EventFlags & DK_EVENT_TRUNCATED),
		"the owner's TRANSACT after UNMOUNT %s: Length %lu MajorFunction 0x%X MountId %lu EventFlags 0x%X "
		"(expected the DK_EVENT_UNMOUNT 0xF0 event of mount %lu)",
		io_text(r), (unsigned long)event->Length, event->MajorFunction, (unsigned long)event->MountId,
		event->EventFlags, (unsigned long)info->MountId);

	r = ioctl_now(*channel, IOCTL_DOKAN_RELEASE, NULL, 0, NULL, 0);
	expect(r.ok, "RELEASE by the owner %s (expected success)", io_text(r));
	r = ioctl_now(*channel, IOCTL_DOKAN_TRANSACT, NULL, 0, event_buffer, sizeof(event_buffer));
	expect(fails(r), "TRANSACT after RELEASE %s (expected to fail: the mount is gone)", io_text(r));
	r = ioctl_now(*channel, IOCTL_DOKAN_KEEPALIVE, NULL, 0, NULL, 0);
	expect(fails(r), "KEEPALIVE after RELEASE %s (expected to fail)", io_text(r));
	r = unmount(control, info->DeviceName, 0);
	expect(fails_with(r, ERROR_FILE_NOT_FOUND), "UNMOUNT of the released mount %s (expected error 2)", io_text(r));
	if (query_stats(control, &now))
		expect(now.LiveMounts == baseline->LiveMounts, "after RELEASE: LiveMounts %lu (expected %lu)",
			(unsigned long)now.LiveMounts, (unsigned long)baseline->LiveMounts);

	close_handle(channel);
	want = *baseline;
	settled = wait_stats(control, same_ccbs, &want, SETTLE_MS, &now);
	expect(settled, "the channel closed: Ccbs %lu after %u ms (expected %lu)", (unsigned long)now.Ccbs, SETTLE_MS,
		(unsigned long)baseline->Ccbs);
	again = open_channel(info->DeviceName, FILE_FLAG_OVERLAPPED);
	expect(again == INVALID_HANDLE_VALUE, "\\\\.%ls can still be opened after RELEASE", info->DeviceName);
	close_handle(&again);
}

/* ---- 7. forced unmount with a worker waiting ---- */

static void check_forced_unmount(HANDLE control, const DK_STATS *baseline)
{
	DK_MOUNT_INFO info;
	HANDLE channel;
	DK_STATS now;
	BOOL pending;
	op o;
	io r;

	if (!check_start(control, baseline, &info, "second"))
		return;
	channel = open_channel(info.DeviceName, FILE_FLAG_OVERLAPPED);
	expect(channel != INVALID_HANDLE_VALUE, "opening \\\\.%ls: error %lu", info.DeviceName,
		(unsigned long)GetLastError());
	if (channel != INVALID_HANDLE_VALUE) {
		op_start(&o, channel, IOCTL_DOKAN_TRANSACT, NULL, 0, event_buffer, sizeof(event_buffer));
		pending = !op_wait(&o, PENDING_PROBE_MS);
		expect(pending, "the owner's TRANSACT on the second mount did not stay pending (ok %d, error %lu)", o.ok,
			(unsigned long)o.error);
		r = unmount(control, info.DeviceName, DK_UNMOUNT_FORCE);
		expect(r.ok, "UNMOUNT with DK_UNMOUNT_FORCE %s (expected success)", io_text(r));
		if (pending) {
			BOOL done = op_wait(&o, QUICK_MS);
			expect(done && !o.ok, "the pending TRANSACT after a forced UNMOUNT: %s, ok %d error %lu status 0x%08lX "
				"(expected a failure)", done ? "completed" : "still pending", o.ok, (unsigned long)o.error,
				(unsigned long)o.status);
			if (done && !o.ok)
				note("the torn-down mount's TRANSACT failed with error %lu (status 0x%08lX)",
					(unsigned long)o.error, (unsigned long)o.status);
			op_cancel(&o);
		}
		op_end(&o);
	} else {
		unmount(control, info.DeviceName, DK_UNMOUNT_FORCE);
	}
	if (query_stats(control, &now))
		expect(now.LiveMounts == baseline->LiveMounts, "after the forced UNMOUNT: LiveMounts %lu (expected %lu)",
			(unsigned long)now.LiveMounts, (unsigned long)baseline->LiveMounts);
	close_handle(&channel);
}

/* ---- 8. a start/release loop leaves nothing behind ---- */

static void check_loop(HANDLE control, const DK_STATS *baseline)
{
	DK_STATS before, now;
	ULONG i, failures = 0;
	DK_MOUNT_INFO info;
	BOOL settled;

	/* the two mounts of the earlier checks must be gone completely first */
	settled = wait_stats(control, same_pool, baseline, SETTLE_MS, &before);
	expect(settled, "before the loop (earlier mounts deleted): PoolAllocations %lu Ccbs %lu LiveMounts %lu (expected %lu, %lu, %lu)",
		(unsigned long)before.PoolAllocations, (unsigned long)before.Ccbs, (unsigned long)before.LiveMounts,
		(unsigned long)baseline->PoolAllocations, (unsigned long)baseline->Ccbs, (unsigned long)baseline->LiveMounts);
	print_stats("before the loop", &before);
	for (i = 0; i < LOOP_MOUNTS; i++) {
		HANDLE channel;
		io r = start_mount(control, DK_DRIVER_VERSION, &info);
		if (!r.ok || info.Status != DK_START_MOUNTED) {
			expect(FALSE, "loop %lu: START %s, Status %lu", (unsigned long)i, io_text(r), (unsigned long)info.Status);
			failures++;
			continue;
		}
		channel = open_channel(info.DeviceName, FILE_FLAG_OVERLAPPED);
		if (channel == INVALID_HANDLE_VALUE) {
			expect(FALSE, "loop %lu: opening \\\\.%ls: error %lu", (unsigned long)i, info.DeviceName,
				(unsigned long)GetLastError());
			unmount(control, info.DeviceName, DK_UNMOUNT_FORCE);
			failures++;
			continue;
		}
		r = ioctl_now(channel, IOCTL_DOKAN_RELEASE, NULL, 0, NULL, 0);
		if (!r.ok) {
			expect(FALSE, "loop %lu: RELEASE %s", (unsigned long)i, io_text(r));
			unmount(control, info.DeviceName, DK_UNMOUNT_FORCE);
			failures++;
		}
		close_handle(&channel);
	}
	expect(failures == 0, "%lu of %d start/release rounds failed", (unsigned long)failures, LOOP_MOUNTS);
	settled = wait_stats(control, same_counts, baseline, SETTLE_MS, &now);
	expect(settled, "after %d start/release rounds: LiveMounts %lu Fcbs %lu Ccbs %lu PendingRequests %lu (expected %lu %lu %lu %lu)",
		LOOP_MOUNTS, (unsigned long)now.LiveMounts, (unsigned long)now.Fcbs, (unsigned long)now.Ccbs,
		(unsigned long)now.PendingRequests, (unsigned long)baseline->LiveMounts, (unsigned long)baseline->Fcbs,
		(unsigned long)baseline->Ccbs, (unsigned long)baseline->PendingRequests);
	settled = wait_stats(control, same_pool, baseline, SETTLE_MS, &now);
	expect(settled, "after %d start/release rounds and %u ms: PoolAllocations %lu (expected %lu)", LOOP_MOUNTS, SETTLE_MS,
		(unsigned long)now.PoolAllocations, (unsigned long)baseline->PoolAllocations);
	print_stats("after the loop", &now);
	expect(now.MountsCreated == before.MountsCreated + LOOP_MOUNTS, "MountsCreated went from %lu to %lu (expected +%d)",
		(unsigned long)before.MountsCreated, (unsigned long)now.MountsCreated, LOOP_MOUNTS);
}

/* ---- main ---- */

static int finish(void)
{
	return ck_summary("test_protocol");
}

static void check_first_mount(HANDLE control, const DK_STATS *baseline)
{
	DK_MOUNT_INFO info;
	HANDLE channel;

	if (!check_start(control, baseline, &info, "first"))
		return;
	check_channel_open(control, &info, baseline);
	channel = open_channel(info.DeviceName, FILE_FLAG_OVERLAPPED);
	expect(channel != INVALID_HANDLE_VALUE, "opening \\\\.%ls overlapped: error %lu", info.DeviceName,
		(unsigned long)GetLastError());
	if (channel == INVALID_HANDLE_VALUE) {
		unmount(control, info.DeviceName, DK_UNMOUNT_FORCE);
		return;
	}
	section("3. mount channel: replies, buffers, FETCH");
	check_replies(channel);
	check_fetch(channel);
	section("4. pending TRANSACT and cancel");
	check_cancel(control, channel, baseline);
	section("5. owner check");
	check_intruder(control, channel, &info, baseline);
	section("6. UNMOUNT asked, RELEASE by the owner");
	check_unmount_request(control, &channel, &info, baseline);
	if (channel != INVALID_HANDLE_VALUE) {
		unmount(control, info.DeviceName, DK_UNMOUNT_FORCE);
		close_handle(&channel);
	}
}

/* --force-unmount <letter>: a process that is neither the owner nor the mounter forces
 * the volume behind a drive letter away through the control device (as an administrator:
 * every Wine process is one). Exit 0 when the driver accepted it. */
static int force_unmount_letter(const WCHAR *letter)
{
	static const WCHAR prefix[] = L"\\Device";
	WCHAR drive[3] = { letter[0], L':', 0 }, target[MAX_PATH];
	HANDLE control;
	io r;

	if (!QueryDosDeviceW(drive, target, MAX_PATH) || wcsncmp(target, prefix, wcslen(prefix)) != 0) {
		note("force-unmount: %ls is not a Dokan volume", drive);
		return 2;
	}
	control = open_control();
	if (control == INVALID_HANDLE_VALUE)
		return 3;
	r = unmount(control, target + wcslen(prefix), DK_UNMOUNT_FORCE);
	note("force-unmount of %ls (%ls): %s", drive, target, io_text(r));
	close_handle(&control);
	return r.ok ? 0 : 1;
}

/* --asserts: the driver's count of broken invariants (checked builds count them) and the
 * first one's file and line; exit 1 when there was any. */
static int report_asserts(void)
{
	struct { DK_STATS stats; DK_ASSERT_INFO first; } answer;
	HANDLE control = open_control();
	io r;

	if (control == INVALID_HANDLE_VALUE)
		return 2;
	ZeroMemory(&answer, sizeof(answer));
	r = ioctl_now(control, IOCTL_DOKAN_QUERY_STATS, NULL, 0, &answer, sizeof(answer));
	close_handle(&control);
	if (!r.ok)
		return 2;
	answer.first.File[sizeof(answer.first.File) - 1] = 0;
	answer.first.Expression[sizeof(answer.first.Expression) - 1] = 0;
	printf("driver assertions failed: %lu\n", (unsigned long)answer.stats.AssertFailures);
	if (answer.stats.AssertFailures)
		printf("FAIL first broken invariant: %s at %s:%lu\n", answer.first.Expression, answer.first.File,
			(unsigned long)answer.first.Line);
	return answer.stats.AssertFailures ? 1 : 0;
}

int wmain(int argc, WCHAR **argv)
{
	DK_STATS baseline;
	HANDLE control;

	if (argc == 2 && wcscmp(argv[1], L"--asserts") == 0)
		return report_asserts();
	if (argc == 3 && wcscmp(argv[1], L"--intruder") == 0)
		return intruder(argv[2]);
	if (argc == 3 && wcscmp(argv[1], L"--force-unmount") == 0)
		return force_unmount_letter(argv[2]);
	control = open_control();
	expect(control != INVALID_HANDLE_VALUE, "opening \\\\.\\Dokan: error %lu", (unsigned long)GetLastError());
	if (control == INVALID_HANDLE_VALUE)
		return finish();
	if (!stable_baseline(control, &baseline)) {
		close_handle(&control);
		return finish();
	}
	print_stats("at the start", &baseline);

	section("1. control device and version");
	check_version(control);
	section("2. START");
	check_bad_starts(control, &baseline);
	check_first_mount(control, &baseline);
	section("7. forced UNMOUNT");
	check_forced_unmount(control, &baseline);
	section("8. start/release loop");
	check_loop(control, &baseline);

	close_handle(&control);
	return finish();
}
