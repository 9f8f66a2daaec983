// SPDX-License-Identifier: LGPL-3.0-or-later
// test_fuzz.c - an IOCTL fuzzer for the real dokan.sys in Wine's winedevice. Seeded and
// bounded: DOKAN_SEED (else the clock) and DOKAN_FUZZ_CALLS (default 100,000) are printed
// first. The owner process starts a mount and sends random IOCTLs to the control device
// and to its mount's channel: random codes, lengths and contents, and the project's own
// codes with inconsistent inner sizes, lengths and serials. A second process (the same
// program with --intruder) sends the same mix to the owner's mount without owning it.
// Afterwards winedevice must still answer, a fresh mount must work, and the driver's
// counters (mounts, FCBs, CCBs, pending requests, pool allocations) must be back at their
// baseline. Every call is overlapped and bounded: one still pending after a short wait is
// cancelled, and one the driver does not complete after its cancel fails the run.
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "dokan_protocol.h"
#include "check.h"

#define CANCEL_MS 5000u
#define MAX_IN  2048u
#define MAX_OUT 2048u

#define fail(format, what, value) CK_FAIL(format, what, (unsigned long)(value))

static unsigned long long rng_state;
static unsigned long calls, succeeded, pended, remounts, extraMounts;

static unsigned rnd(void)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)(rng_state >> 33);
}

/* One IOCTL; a call still pending after a moment is cancelled. Returns TRUE on success. */
static BOOL call(HANDLE device, DWORD code, const void *in, DWORD inLength, void *out, DWORD outLength, DWORD *got)
{
	OVERLAPPED ov;
	DWORD bytes = 0;
	BOOL ok;

	ZeroMemory(&ov, sizeof(ov));
	calls++;
	ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
	ok = DeviceIoControl(device, code, (void *)in, inLength, out, outLength, NULL, &ov);
	if (!ok && GetLastError() == ERROR_IO_PENDING) {
		pended++;
		if (WaitForSingleObject(ov.hEvent, 1) != WAIT_OBJECT_0) {
			CancelIoEx(device, &ov);
			if (WaitForSingleObject(ov.hEvent, CANCEL_MS) != WAIT_OBJECT_0) {
				printf("FATAL IOCTL 0x%08lX was not completed %u ms after its cancel\n", (unsigned long)code,
					CANCEL_MS);
				fflush(stdout);
				ExitProcess(3); /* the kernel still owns the buffers */
			}
		}
		ok = GetOverlappedResult(device, &ov, &bytes, FALSE);
	} else if (ok) {
		GetOverlappedResult(device, &ov, &bytes, FALSE);
	}
	CloseHandle(ov.hEvent);
	if (ok)
		succeeded++;
	if (got)
		*got = bytes;
	return ok;
}

static HANDLE open_device(const WCHAR *path)
{
	return CreateFileW(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
		FILE_FLAG_OVERLAPPED, NULL);
}

static HANDLE open_channel(const WCHAR *deviceName)
{
	WCHAR path[DK_DEVICE_NAME_CHARS + 8];
	swprintf(path, ARRAYSIZE(path), L"\\\\.%.*ls", DK_DEVICE_NAME_CHARS - 1, deviceName);
	return open_device(path);
}

/* ---- what to send ---- */

static const DWORD projectCodes[] = { IOCTL_DOKAN_TEST, IOCTL_DOKAN_START, IOCTL_DOKAN_SERVICE_WAIT,
	IOCTL_DOKAN_UNMOUNT, IOCTL_DOKAN_QUERY_STATS, IOCTL_DOKAN_TRANSACT, IOCTL_DOKAN_FETCH, IOCTL_DOKAN_RELEASE,
	IOCTL_DOKAN_KEEPALIVE, IOCTL_DOKAN_RESET_TIMEOUT };

static DWORD random_code(void)
{
	DWORD code;
	switch (rnd() % 4) {
	case 0: code = rnd() ^ (rnd() << 16); break;                        /* anything */
	case 1: code = DK_CTL(0x7F0u + rnd() % 0x30u, rnd() % 4u); break;    /* near ours, any method */
	default: code = projectCodes[rnd() % ARRAYSIZE(projectCodes)]; break;
	}
	/* the debug level is global driver state that other tests read; never change it here */
	if ((code & ~3u) == (IOCTL_DOKAN_SET_DEBUG_MODE & ~3u))
		code = IOCTL_DOKAN_TEST;
	return code;
}

static DWORD random_length(DWORD max)
{
	switch (rnd() % 4) {
	case 0: return 0;
	case 1: return rnd() % 64u;
	case 2: return rnd() % max;
	default: return (DWORD)sizeof(DK_REPLY) + rnd() % 32u;
	}
}

/* Inner fields that look almost right: sizes off by a little, lengths and serials that
 * disagree with the buffer, names without terminator. */
static ULONG nearly(ULONG right)
{
	switch (rnd() % 6) {
	case 0: return right;
	case 1: return right + 1;
	case 2: return right - 1;
	case 3: return rnd();
	case 4: return 0;
	default: return 0xFFFFFFFFu - rnd() % 16u;
	}
}

static void shape_input(DWORD code, BYTE *in, DWORD inLength, ULONG serialHint)
{
	DWORD i;
	for (i = 0; i < inLength; i++)
		in[i] = (BYTE)rnd();
	if (code == IOCTL_DOKAN_TRANSACT && inLength >= sizeof(DK_REPLY)) {
		DK_REPLY *reply = (DK_REPLY *)in;
		reply->Length = nearly(inLength);
		reply->DataLength = nearly(inLength - (DWORD)sizeof(DK_REPLY));
		reply->Serial = serialHint + rnd() % 4u - 2u;
		reply->Status = (rnd() & 1) ? 0 : (LONG)rnd();
	} else if ((code == IOCTL_DOKAN_FETCH || code == IOCTL_DOKAN_RESET_TIMEOUT) && inLength >= 8) {
		((ULONG *)in)[0] = nearly(code == IOCTL_DOKAN_FETCH ? sizeof(DK_FETCH) : sizeof(DK_RESET_TIMEOUT));
		((ULONG *)in)[1] = serialHint + rnd() % 4u - 2u;
	} else if (code == IOCTL_DOKAN_START && inLength >= sizeof(DK_START)) {
		DK_START *start = (DK_START *)in;
		start->Size = nearly(sizeof(DK_START));
		start->Version = (rnd() & 1) ? DK_DRIVER_VERSION : rnd();
		start->Flags = rnd() & 0x1Fu;
	} else if (code == IOCTL_DOKAN_UNMOUNT && inLength >= 8) {
		((ULONG *)in)[0] = nearly(sizeof(DK_UNMOUNT_REQUEST));
		((ULONG *)in)[1] = rnd() & 3u; /* the names are random: only a mount named so would go */
	}
}

/* A START that succeeded made a mount this process owns: release it at once. */
static void release_started(DWORD code, const BYTE *out, DWORD got)
{
	const DK_MOUNT_INFO *info = (const DK_MOUNT_INFO *)out;
	HANDLE channel;

	if (code != IOCTL_DOKAN_START || got < sizeof(DK_MOUNT_INFO) || info->Status != DK_START_MOUNTED)
		return;
	extraMounts++;
	channel = open_channel(info->DeviceName);
	if (channel == INVALID_HANDLE_VALUE) {
		fail("%s: a mount started by the fuzzer could not be opened (error %lu)", "START", GetLastError());
		return;
	}
	call(channel, IOCTL_DOKAN_RELEASE, NULL, 0, NULL, 0, NULL);
	CloseHandle(channel);
}

/* ---- the owner's mount ---- */

typedef struct mount {
	HANDLE channel;
	DK_MOUNT_INFO info;
} mount;

static BOOL mount_start(HANDLE control, mount *m)
{
	DK_START start = { sizeof(DK_START), DK_DRIVER_VERSION, 0, 0 };
	DWORD got = 0;
	ZeroMemory(&m->info, sizeof(m->info));
	m->channel = INVALID_HANDLE_VALUE;
	if (!call(control, IOCTL_DOKAN_START, &start, sizeof(start), &m->info, sizeof(m->info), &got) ||
		m->info.Status != DK_START_MOUNTED)
		return FALSE;
	m->channel = open_channel(m->info.DeviceName);
	return m->channel != INVALID_HANDLE_VALUE;
}

static void mount_stop(mount *m)
{
	if (m->channel == INVALID_HANDLE_VALUE)
		return;
	call(m->channel, IOCTL_DOKAN_RELEASE, NULL, 0, NULL, 0, NULL);
	CloseHandle(m->channel);
	m->channel = INVALID_HANDLE_VALUE;
}

/* A KEEPALIVE succeeds only on a live mount, through its owner's channel. */
static BOOL mount_alive(mount *m)
{
	return call(m->channel, IOCTL_DOKAN_KEEPALIVE, NULL, 0, NULL, 0, NULL);
}

static void fuzz(HANDLE control, HANDLE channel, unsigned long count, BOOL owner, mount *m)
{
	static BYTE in[MAX_IN], out[MAX_OUT];
	unsigned long i;

	for (i = 0; i < count; i++) {
		DWORD code = random_code(), inLength = random_length(MAX_IN), outLength = random_length(MAX_OUT), got = 0;
		HANDLE target = (rnd() % 3 == 0) ? control : channel;

		/* the owner's RELEASE ends its mount: let one in eight through, since every
		 * remount costs as much as a hundred calls */
		if (owner && code == IOCTL_DOKAN_RELEASE && target == channel && rnd() % 8)
			target = control;

		shape_input(code, in, inLength, (ULONG)(rnd() % 64u));
		if (code == IOCTL_DOKAN_START && rnd() % 8 == 0) {
			/* a well-formed start now and then, so that mounts really come and go */
			DK_START *start = (DK_START *)in;
			start->Size = sizeof(DK_START);
			start->Version = DK_DRIVER_VERSION;
			start->Flags = rnd() & (DK_MOUNT_KEEP_ALIVE | DK_MOUNT_REMOVABLE);
			inLength = sizeof(DK_START);
			if (rnd() % 4)
				outLength = sizeof(DK_MOUNT_INFO);
		}
		if (call(target, code, in, inLength, out, outLength, &got))
			release_started(code, out, got);
		if (owner && (i % 256 == 255 || code == IOCTL_DOKAN_RELEASE || code == IOCTL_DOKAN_UNMOUNT) &&
			!mount_alive(m)) {
			CloseHandle(m->channel);
			if (!mount_start(control, m)) {
				fail("%s: the owner's mount could not be started again (error %lu)", "START", GetLastError());
				return;
			}
			remounts++;
			channel = m->channel;
		}
	}
}

/* ---- the two processes ---- */

static int intruder(const WCHAR *deviceName, unsigned seed, unsigned long count)
{
	HANDLE control = open_device(L"\\\\.\\Dokan");
	HANDLE channel = open_channel(deviceName);

	rng_state = seed ^ 0x5DEECE66Dull;
	if (control == INVALID_HANDLE_VALUE)
		return 2;
	/* the channel may already be gone (a remount); then only the control device is hit */
	fuzz(control, channel != INVALID_HANDLE_VALUE ? channel : control, count, FALSE, NULL);
	printf("intruder: %lu calls, %lu succeeded, %lu pended, %lu started mounts released\n", calls, succeeded,
		pended, extraMounts);
	fflush(stdout);
	return ck_failed() ? 1 : 0;
}

static HANDLE spawn_intruder(const WCHAR *deviceName, unsigned seed, unsigned long count)
{
	WCHAR self[MAX_PATH], line[MAX_PATH + 200];
	STARTUPINFOW si;
	PROCESS_INFORMATION pi;

	ZeroMemory(&si, sizeof(si));
	si.cb = sizeof(si);

	GetModuleFileNameW(NULL, self, MAX_PATH);
	swprintf(line, ARRAYSIZE(line), L"\"%ls\" --intruder %ls %u %lu", self, deviceName, seed, count);
	if (!CreateProcessW(self, line, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi))
		return NULL;
	CloseHandle(pi.hThread);
	return pi.hProcess;
}

static DK_STATS stats(HANDLE control)
{
	DK_STATS s = { 0 };
	call(control, IOCTL_DOKAN_QUERY_STATS, NULL, 0, &s, sizeof(s), NULL);
	return s;
}

static BOOL same_stats(const DK_STATS *a, const DK_STATS *b)
{
	return a->LiveMounts == b->LiveMounts && a->Fcbs == b->Fcbs && a->Ccbs == b->Ccbs &&
		a->PendingRequests == b->PendingRequests && a->PoolAllocations == b->PoolAllocations;
}

static void print_stats(const char *when, const DK_STATS *s)
{
	printf("stats %s: Size %lu LiveMounts %lu Fcbs %lu Ccbs %lu PendingRequests %lu PoolAllocations %lu\n", when,
		(unsigned long)s->Size, (unsigned long)s->LiveMounts, (unsigned long)s->Fcbs, (unsigned long)s->Ccbs,
		(unsigned long)s->PendingRequests, (unsigned long)s->PoolAllocations);
	fflush(stdout);
}

/* Counters back at the baseline within 20 s (a keep-alive mount expires after 15 s). */
static BOOL settled(HANDLE control, const DK_STATS *baseline, DK_STATS *now)
{
	int i;
	for (i = 0; i < 200; i++) {
		*now = stats(control);
		if (now->Size == sizeof(DK_STATS) && same_stats(now, baseline))
			return TRUE;
		Sleep(100);
	}
	return FALSE;
}

static void check_after(HANDLE control, const DK_STATS *baseline)
{
	DK_STATS now;
	mount fresh;

	if (!settled(control, baseline, &now))
		fail("%s: the driver's counters did not return to the baseline%lu", "counters", 0);
	print_stats("after", &now);
	if (now.Size != sizeof(DK_STATS))
		fail("%s: winedevice no longer answers QUERY_STATS (error %lu)", "winedevice", GetLastError());
	if (!mount_start(control, &fresh) || !mount_alive(&fresh))
		fail("%s: a fresh mount did not work (error %lu)", "fresh mount", GetLastError());
	mount_stop(&fresh);
	if (!settled(control, baseline, &now))
		fail("%s: the counters after the fresh mount%lu", "counters", 0);
}

int wmain(int argc, WCHAR **argv)
{
	const char *seedText = getenv("DOKAN_SEED"), *callsText = getenv("DOKAN_FUZZ_CALLS");
	unsigned seed = seedText ? (unsigned)strtoul(seedText, NULL, 0) : (unsigned)GetTickCount();
	unsigned long total = callsText ? strtoul(callsText, NULL, 0) : 100000ul;
	unsigned long intruderCalls = total / 4, ownerCalls = total - intruderCalls;
	DWORD began = GetTickCount(), code = 1;
	HANDLE control, child;
	DK_STATS baseline;
	mount m;

	if (argc == 5 && wcscmp(argv[1], L"--intruder") == 0)
		return intruder(argv[2], (unsigned)wcstoul(argv[3], NULL, 0), wcstoul(argv[4], NULL, 0));
	printf("test_fuzz: seed %u (DOKAN_SEED=%u DOKAN_FUZZ_CALLS=%lu reproduce it): %lu owner calls, %lu intruder calls\n",
		seed, seed, total, ownerCalls, intruderCalls);
	fflush(stdout);
	rng_state = seed;
	control = open_device(L"\\\\.\\Dokan");
	if (control == INVALID_HANDLE_VALUE) {
		printf("FAIL cannot open \\\\.\\Dokan (error %lu)\n", GetLastError());
		return 2;
	}
	Sleep(1500); /* a baseline no earlier teardown still changes */
	baseline = stats(control);
	print_stats("baseline", &baseline);
	if (!mount_start(control, &m)) {
		printf("FAIL the first mount did not start (error %lu)\n", GetLastError());
		return 2;
	}
	child = spawn_intruder(m.info.DeviceName, seed, intruderCalls);
	if (!child)
		fail("%s: the intruder process did not start (error %lu)", "intruder", GetLastError());
	fuzz(control, m.channel, ownerCalls, TRUE, &m);
	mount_stop(&m);
	if (child) {
		if (WaitForSingleObject(child, 600000) != WAIT_OBJECT_0 || !GetExitCodeProcess(child, &code) || code != 0)
			fail("%s: the intruder failed (exit code %lu)", "intruder", code);
		CloseHandle(child);
	}
	printf("owner: %lu calls, %lu succeeded, %lu pended, %lu remounts, %lu started mounts released\n", calls,
		succeeded, pended, remounts, extraMounts);
	check_after(control, &baseline);
	CloseHandle(control);
	printf("%s (%lu ms)\n", ck_failed() ? "FAILED" : "passed", (unsigned long)(GetTickCount() - began));
	return ck_failed() ? 1 : 0;
}
