// SPDX-License-Identifier: LGPL-3.0-or-later
// test_hostile.c - a hostile file system: it mounts a volume by speaking the private
// protocol (include/dokan_protocol.h) to the real dokan.sys, answers the real requests
// that iohost sends (ioclient.h) with malformed replies, one per case, and checks that the
// caller gets the driver's protocol-error status (STATUS_INTERNAL_ERROR) and nothing the
// reply claimed. Well-formed control cases must still succeed. At the end the mount is
// released and the driver's counters (mounts, FCBs, CCBs, pending requests, pool
// allocations) must be back at their baseline, and a fresh mount must answer.
// The case order is shuffled from a seed (DOKAN_SEED, else the clock), printed first.
#include "ioclient.h"
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "dokan_protocol.h"
#include "check.h"

#define QUICK_MS 5000u
#define EVENT_BYTES (64u * 1024u)
#define PROTOCOL_ERROR STATUS_INTERNAL_ERROR

#define expect(ok, ...) CHECK(ok, __VA_ARGS__)


/* ---- the driver's control device ---- */

static BOOL ioctl_sync(HANDLE device, DWORD code, const void *in, DWORD inLength, void *out, DWORD outLength,
	DWORD *got)
{
	OVERLAPPED ov = { 0 };
	BOOL ok;
	DWORD bytes = 0;

	ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
	ok = DeviceIoControl(device, code, (void *)in, inLength, out, outLength, NULL, &ov);
	if (!ok && GetLastError() == ERROR_IO_PENDING) {
		if (WaitForSingleObject(ov.hEvent, QUICK_MS) != WAIT_OBJECT_0) {
			CancelIoEx(device, &ov);
			WaitForSingleObject(ov.hEvent, QUICK_MS);
		}
		ok = GetOverlappedResult(device, &ov, &bytes, FALSE);
	} else if (ok) {
		GetOverlappedResult(device, &ov, &bytes, FALSE);
	}
	CloseHandle(ov.hEvent);
	if (got)
		*got = bytes;
	return ok;
}

static HANDLE open_overlapped(const WCHAR *path)
{
	return CreateFileW(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
		FILE_FLAG_OVERLAPPED, NULL);
}

static DK_STATS stats(HANDLE control)
{
	DK_STATS s = { 0 };
	ioctl_sync(control, IOCTL_DOKAN_QUERY_STATS, NULL, 0, &s, sizeof(s), NULL);
	return s;
}

static BOOL same_stats(const DK_STATS *a, const DK_STATS *b)
{
	return a->LiveMounts == b->LiveMounts && a->Fcbs == b->Fcbs && a->Ccbs == b->Ccbs &&
		a->PendingRequests == b->PendingRequests && a->PoolAllocations == b->PoolAllocations;
}

static void print_stats(const char *when, const DK_STATS *s)
{
	printf("stats %s: LiveMounts %lu Fcbs %lu Ccbs %lu PendingRequests %lu PoolAllocations %lu\n", when,
		(unsigned long)s->LiveMounts, (unsigned long)s->Fcbs, (unsigned long)s->Ccbs,
		(unsigned long)s->PendingRequests, (unsigned long)s->PoolAllocations);
}

/* Waits (10 s at most) for the counters to come back to the baseline. */
static BOOL settled(HANDLE control, const DK_STATS *baseline, DK_STATS *now)
{
	int i;
	for (i = 0; i < 100; i++) {
		*now = stats(control);
		if (same_stats(now, baseline))
			return TRUE;
		Sleep(100);
	}
	return FALSE;
}

/* ---- the hostile server: one thread answering the mount's events ---- */

/* Fills reply (header + data) for event; returns the reply's total length. */
typedef ULONG reply_fn(const DK_EVENT *event, DK_REPLY *reply);

typedef struct server {
	HANDLE channel;
	HANDLE thread;
	volatile LONG stop;
	CRITICAL_SECTION lock;
	UCHAR armedMajor;           /* the next event of this kind gets armedReply */
	reply_fn *armedReply;
	LONG armedUsed;
	LONG nextContext;
	LONG abandoned;             /* DK_EVENT_ABANDONED notices received */
	ULONG64 lastAbandoned;
} server;

static server srv;
static BYTE eventBuffer[EVENT_BYTES];
static BYTE replyBuffer[EVENT_BYTES + sizeof(DK_REPLY)];

static ULONG reply_header(const DK_EVENT *event, DK_REPLY *reply, NTSTATUS status, ULONG dataLength)
{
	ZeroMemory(reply, sizeof(*reply));
	reply->Serial = event->Serial;
	reply->Status = status;
	reply->DataLength = dataLength;
	reply->Length = sizeof(DK_REPLY) + dataLength;
	return reply->Length;
}

/* A well-formed answer to everything: opens succeed (FILE_OPENED, folders for names
 * starting with \d), reads return "hello", listings one entry, the rest succeeds. */
static ULONG reply_normal(const DK_EVENT *event, DK_REPLY *reply)
{
	BYTE *data = (BYTE *)(reply + 1);
	const WCHAR *name = (const WCHAR *)((const BYTE *)event + event->FileNameOffset);

	switch (event->MajorFunction) {
	case 0x00: /* IRP_MJ_CREATE */
		reply_header(event, reply, STATUS_SUCCESS, 0);
		reply->Information = FILE_OPENED;
		reply->Flags = DK_REPLY_OPENED | (event->FileNameLength >= 4 && name[1] == L'd' ? DK_REPLY_DIRECTORY : 0);
		reply->Context = (ULONG64)InterlockedIncrement(&srv.nextContext);
		return reply->Length;
	case 0x03: /* IRP_MJ_READ */
		if (event->Params.Rw.Length < 5)
			return reply_header(event, reply, STATUS_SUCCESS, 0);
		memcpy(data, "hello", 5);
		return reply_header(event, reply, STATUS_SUCCESS, 5);
	case 0x0c: { /* IRP_MJ_DIRECTORY_CONTROL, FileDirectoryInformation only */
		FILE_DIRECTORY_INFORMATION *entry = (FILE_DIRECTORY_INFORMATION *)data;
		ULONG size = offsetof(FILE_DIRECTORY_INFORMATION, FileName) + 2 * sizeof(WCHAR);
		if (event->Params.Directory.FileIndex != 0)
			return reply_header(event, reply, STATUS_NO_MORE_FILES, 0);
		ZeroMemory(entry, size);
		entry->FileNameLength = 2 * sizeof(WCHAR);
		memcpy(entry->FileName, L"ab", 2 * sizeof(WCHAR));
		reply_header(event, reply, STATUS_SUCCESS, size);
		reply->Value = 1;
		return reply->Length;
	}
	default:
		return reply_header(event, reply, STATUS_SUCCESS, 0);
	}
}

static ULONG server_answer(const DK_EVENT *event, DK_REPLY *reply)
{
	reply_fn *fn = reply_normal;

	if (event->MajorFunction == DK_EVENT_ABANDONED) {
		InterlockedIncrement(&srv.abandoned);
		srv.lastAbandoned = event->Context;
		return 0;
	}
	if (event->MajorFunction == DK_EVENT_UNMOUNT || event->MajorFunction == 0x02 /* CLOSE notice */)
		return 0;
	EnterCriticalSection(&srv.lock);
	if (srv.armedReply && srv.armedMajor == event->MajorFunction) {
		fn = srv.armedReply;
		srv.armedReply = NULL;
		srv.armedUsed = 1;
	}
	LeaveCriticalSection(&srv.lock);
	return fn(event, reply);
}

/* TRANSACT loop: the reply to the previous event travels with the request for the next.
 * A TRANSACT that fails ends the loop (the mount is gone). */
static DWORD WINAPI server_main(void *unused)
{
	ULONG replyLength = 0;
	(void)unused;
	while (!srv.stop) {
		DWORD got = 0;
		OVERLAPPED ov = { 0 };
		BOOL ok;

		ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
		ok = DeviceIoControl(srv.channel, IOCTL_DOKAN_TRANSACT, replyLength ? replyBuffer : NULL, replyLength,
			eventBuffer, sizeof(eventBuffer), NULL, &ov);
		if (!ok && GetLastError() == ERROR_IO_PENDING) {
			while (WaitForSingleObject(ov.hEvent, 200) != WAIT_OBJECT_0) {
				if (srv.stop) {
					CancelIoEx(srv.channel, &ov);
					WaitForSingleObject(ov.hEvent, INFINITE); /* the kernel owns the buffers until then */
				}
			}
			ok = GetOverlappedResult(srv.channel, &ov, &got, FALSE);
		} else if (ok) {
			GetOverlappedResult(srv.channel, &ov, &got, FALSE);
		}
		CloseHandle(ov.hEvent);
		replyLength = 0;
		if (!ok)
			break;
		if (got >= sizeof(DK_EVENT))
			replyLength = server_answer((const DK_EVENT *)eventBuffer, (DK_REPLY *)replyBuffer);
	}
	return 0;
}

static void arm(UCHAR major, reply_fn *fn)
{
	EnterCriticalSection(&srv.lock);
	srv.armedMajor = major;
	srv.armedReply = fn;
	srv.armedUsed = 0;
	LeaveCriticalSection(&srv.lock);
}

static BOOL armed_was_used(void)
{
	BOOL used;
	EnterCriticalSection(&srv.lock);
	used = srv.armedUsed != 0;
	srv.armedReply = NULL;
	LeaveCriticalSection(&srv.lock);
	return used;
}

/* ---- malformed replies ---- */

static ULONG create_status(const DK_EVENT *event, DK_REPLY *reply, NTSTATUS status)
{
	reply_normal(event, reply);
	reply->Status = status;
	return reply->Length;
}

static ULONG create_reparse(const DK_EVENT *e, DK_REPLY *r) { return create_status(e, r, STATUS_REPARSE); }
static ULONG create_pending(const DK_EVENT *e, DK_REPLY *r) { return create_status(e, r, STATUS_PENDING); }
static ULONG create_informational(const DK_EVENT *e, DK_REPLY *r) { return create_status(e, r, 0x40000000L); }
static ULONG create_customer(const DK_EVENT *e, DK_REPLY *r) { return create_status(e, r, (NTSTATUS)0xE0010001L); }
static ULONG create_warning(const DK_EVENT *e, DK_REPLY *r) { return create_status(e, r, STATUS_BUFFER_OVERFLOW); }

static ULONG create_information(const DK_EVENT *event, DK_REPLY *reply)
{
	reply_normal(event, reply);
	reply->Information = 0xDEADBEEFCAFEull;
	return reply->Length;
}

static ULONG create_with_data(const DK_EVENT *event, DK_REPLY *reply)
{
	reply_normal(event, reply);
	reply->DataLength = 8;
	reply->Length += 8;
	return reply->Length;
}

static ULONG any_pending(const DK_EVENT *e, DK_REPLY *r) { return reply_header(e, r, STATUS_PENDING, 0); }
static ULONG any_reparse(const DK_EVENT *e, DK_REPLY *r) { return reply_header(e, r, STATUS_REPARSE, 0); }
static ULONG any_data(const DK_EVENT *e, DK_REPLY *r) { return reply_header(e, r, STATUS_SUCCESS, 16); }

static ULONG read_oversized(const DK_EVENT *event, DK_REPLY *reply)
{
	return reply_header(event, reply, STATUS_SUCCESS, event->Params.Rw.Length + 8);
}

static ULONG read_data_on_failure(const DK_EVENT *event, DK_REPLY *reply)
{
	return reply_header(event, reply, STATUS_ACCESS_DENIED, 5);
}

static ULONG write_too_much(const DK_EVENT *event, DK_REPLY *reply)
{
	reply_header(event, reply, STATUS_SUCCESS, 0);
	reply->Information = (ULONG64)event->Params.Rw.Length + 1;
	return reply->Length;
}

/* One FileDirectoryInformation entry, then a field broken. */
static ULONG dir_entry(const DK_EVENT *event, DK_REPLY *reply, ULONG next, ULONG nameLength, ULONG dataLength)
{
	FILE_DIRECTORY_INFORMATION *entry = (FILE_DIRECTORY_INFORMATION *)(reply + 1);
	ULONG size = dataLength ? dataLength : offsetof(FILE_DIRECTORY_INFORMATION, FileName) + 4;
	ZeroMemory(entry, size + 64);
	entry->NextEntryOffset = next;
	entry->FileNameLength = nameLength;
	memcpy(entry->FileName, L"ab", 4);
	return reply_header(event, reply, STATUS_SUCCESS, size);
}

static ULONG dir_next_huge(const DK_EVENT *e, DK_REPLY *r) { return dir_entry(e, r, 0xFFFFFFF0u, 4, 0); }
static ULONG dir_next_misaligned(const DK_EVENT *e, DK_REPLY *r) { return dir_entry(e, r, 3, 4, 0); }
static ULONG dir_name_huge(const DK_EVENT *e, DK_REPLY *r) { return dir_entry(e, r, 0, 0xFFFFFFF0u, 0); }
static ULONG dir_next_beyond(const DK_EVENT *e, DK_REPLY *r) { return dir_entry(e, r, 72, 4, 72); }
static ULONG dir_header_cut(const DK_EVENT *e, DK_REPLY *r) { return dir_entry(e, r, 0, 0, 20); }

static ULONG dir_overflow_with_data(const DK_EVENT *event, DK_REPLY *reply)
{
	dir_entry(event, reply, 0, 4, 0);
	reply->Status = STATUS_BUFFER_OVERFLOW;
	return reply->Length;
}

static ULONG security_garbage(const DK_EVENT *event, DK_REPLY *reply)
{
	memset(reply + 1, 0xA5, 40);
	return reply_header(event, reply, STATUS_SUCCESS, 40);
}

/* A self-relative descriptor (revision 1, SE_SELF_RELATIVE) whose owner lies outside it. */
static ULONG security_owner_outside(const DK_EVENT *event, DK_REPLY *reply)
{
	BYTE *sd = (BYTE *)(reply + 1);
	ZeroMemory(sd, 64);
	sd[0] = 1;                            /* Revision */
	*(USHORT *)(sd + 2) = 0x8000;         /* SE_SELF_RELATIVE */
	*(ULONG *)(sd + 4) = 0x1000;          /* Owner offset */
	return reply_header(event, reply, STATUS_SUCCESS, 20);
}

static ULONG security_overflow_huge(const DK_EVENT *event, DK_REPLY *reply)
{
	reply_header(event, reply, STATUS_BUFFER_OVERFLOW, 0);
	reply->Information = 0xFFFFFFFFFFFFull;
	return reply->Length;
}

/* Well-formed answers of the checked classes (control cases). */
static ULONG security_empty_valid(const DK_EVENT *event, DK_REPLY *reply)
{
	BYTE *sd = (BYTE *)(reply + 1);
	ZeroMemory(sd, 20);
	sd[0] = 1;                            /* Revision; no owner, group or ACLs */
	*(USHORT *)(sd + 2) = 0x8000;         /* SE_SELF_RELATIVE */
	return reply_header(event, reply, STATUS_SUCCESS, 20);
}

static ULONG security_overflow_sane(const DK_EVENT *event, DK_REPLY *reply)
{
	reply_header(event, reply, STATUS_BUFFER_OVERFLOW, 0);
	reply->Information = 8192;
	return reply->Length;
}

static ULONG basic_40_bytes(const DK_EVENT *event, DK_REPLY *reply)
{
	memset(reply + 1, 0, 40);
	return reply_header(event, reply, STATUS_SUCCESS, 40);
}

static ULONG fs_attribute_good(const DK_EVENT *event, DK_REPLY *reply)
{
	FILE_FS_ATTRIBUTE_INFORMATION *attr = (FILE_FS_ATTRIBUTE_INFORMATION *)(reply + 1);
	ZeroMemory(attr, 20);
	attr->FileSystemNameLength = 8;
	memcpy(attr->FileSystemName, L"NTFS", 8);
	return reply_header(event, reply, STATUS_SUCCESS, 20);
}

static ULONG basic_3_bytes(const DK_EVENT *event, DK_REPLY *reply)
{
	memset(reply + 1, 0x11, 3);
	return reply_header(event, reply, STATUS_SUCCESS, 3);
}

static ULONG basic_overflow(const DK_EVENT *event, DK_REPLY *reply)
{
	memset(reply + 1, 0x11, 40);
	return reply_header(event, reply, STATUS_BUFFER_OVERFLOW, 40);
}

static ULONG all_name_huge(const DK_EVENT *event, DK_REPLY *reply)
{
	ULONG header = offsetof(FILE_ALL_INFORMATION, NameInformation.FileName);
	FILE_ALL_INFORMATION *all = (FILE_ALL_INFORMATION *)(reply + 1);
	ZeroMemory(all, header + 8);
	all->NameInformation.FileNameLength = 0x7FFFFFF0u;
	return reply_header(event, reply, STATUS_SUCCESS, header + 8);
}

static ULONG fs_attribute_name_huge(const DK_EVENT *event, DK_REPLY *reply)
{
	FILE_FS_ATTRIBUTE_INFORMATION *attr = (FILE_FS_ATTRIBUTE_INFORMATION *)(reply + 1);
	ZeroMemory(attr, 20);
	attr->FileSystemNameLength = 0x7FFFFFF0u;
	memcpy(attr->FileSystemName, L"NTFS", 8);
	return reply_header(event, reply, STATUS_SUCCESS, 20);
}

static ULONG fs_volume_label_huge(const DK_EVENT *event, DK_REPLY *reply)
{
	FILE_FS_VOLUME_INFORMATION *volume = (FILE_FS_VOLUME_INFORMATION *)(reply + 1);
	ZeroMemory(volume, 24);
	volume->VolumeLabelLength = 200;
	return reply_header(event, reply, STATUS_SUCCESS, 24);
}

static ULONG fs_size_short(const DK_EVENT *event, DK_REPLY *reply)
{
	ZeroMemory(reply + 1, 16);
	return reply_header(event, reply, STATUS_SUCCESS, 16);
}

/* ---- the cases ---- */

enum op_kind { OP_OPEN, OP_READ, OP_WRITE, OP_LIST, OP_SECURITY, OP_BASIC, OP_ALL, OP_FS_ATTRIBUTE,
	OP_FS_VOLUME, OP_FS_SIZE, OP_FLUSH, OP_SET_BASIC, OP_LOCK };

typedef struct hostile_case {
	const char *name;
	enum op_kind op;
	UCHAR major;
	reply_fn *reply;
	NTSTATUS expected;
} hostile_case;

static const hostile_case cases[] = {
	{ "create STATUS_REPARSE", OP_OPEN, 0x00, create_reparse, PROTOCOL_ERROR },
	{ "create STATUS_PENDING", OP_OPEN, 0x00, create_pending, PROTOCOL_ERROR },
	{ "create informational status", OP_OPEN, 0x00, create_informational, PROTOCOL_ERROR },
	{ "create customer status", OP_OPEN, 0x00, create_customer, PROTOCOL_ERROR },
	{ "create BUFFER_OVERFLOW", OP_OPEN, 0x00, create_warning, PROTOCOL_ERROR },
	{ "create Information 0xDEADBEEFCAFE", OP_OPEN, 0x00, create_information, PROTOCOL_ERROR },
	{ "create with data", OP_OPEN, 0x00, create_with_data, PROTOCOL_ERROR },
	{ "create well-formed (control)", OP_OPEN, 0x00, reply_normal, STATUS_SUCCESS },
	{ "read STATUS_PENDING", OP_READ, 0x03, any_pending, PROTOCOL_ERROR },
	{ "read STATUS_REPARSE", OP_READ, 0x03, any_reparse, PROTOCOL_ERROR },
	{ "read data beyond the length", OP_READ, 0x03, read_oversized, PROTOCOL_ERROR },
	{ "read data on a failure", OP_READ, 0x03, read_data_on_failure, PROTOCOL_ERROR },
	{ "read well-formed (control)", OP_READ, 0x03, reply_normal, STATUS_SUCCESS },
	{ "write Information beyond the length", OP_WRITE, 0x04, write_too_much, PROTOCOL_ERROR },
	{ "write with data", OP_WRITE, 0x04, any_data, PROTOCOL_ERROR },
	{ "write STATUS_PENDING", OP_WRITE, 0x04, any_pending, PROTOCOL_ERROR },
	{ "listing NextEntryOffset 0xFFFFFFF0", OP_LIST, 0x0c, dir_next_huge, PROTOCOL_ERROR },
	{ "listing NextEntryOffset 3", OP_LIST, 0x0c, dir_next_misaligned, PROTOCOL_ERROR },
	{ "listing FileNameLength 0xFFFFFFF0", OP_LIST, 0x0c, dir_name_huge, PROTOCOL_ERROR },
	{ "listing NextEntryOffset at the end of the data", OP_LIST, 0x0c, dir_next_beyond, PROTOCOL_ERROR },
	{ "listing entry shorter than its header", OP_LIST, 0x0c, dir_header_cut, PROTOCOL_ERROR },
	{ "listing entries with BUFFER_OVERFLOW", OP_LIST, 0x0c, dir_overflow_with_data, PROTOCOL_ERROR },
	{ "listing STATUS_PENDING", OP_LIST, 0x0c, any_pending, PROTOCOL_ERROR },
	{ "listing well-formed (control)", OP_LIST, 0x0c, reply_normal, STATUS_SUCCESS },
	{ "security not a descriptor", OP_SECURITY, 0x14, security_garbage, PROTOCOL_ERROR },
	{ "security owner outside", OP_SECURITY, 0x14, security_owner_outside, PROTOCOL_ERROR },
	{ "security BUFFER_OVERFLOW size 0xFFFFFFFFFFFF", OP_SECURITY, 0x14, security_overflow_huge, PROTOCOL_ERROR },
	{ "security STATUS_REPARSE", OP_SECURITY, 0x14, any_reparse, PROTOCOL_ERROR },
	{ "security empty self-relative descriptor (control)", OP_SECURITY, 0x14, security_empty_valid, STATUS_SUCCESS },
	{ "security BUFFER_OVERFLOW of 8192 (control)", OP_SECURITY, 0x14, security_overflow_sane, STATUS_BUFFER_TOO_SMALL },
	{ "FileBasicInformation of 40 bytes (control)", OP_BASIC, 0x05, basic_40_bytes, STATUS_SUCCESS },
	{ "FileFsAttributeInformation well-formed (control)", OP_FS_ATTRIBUTE, 0x0a, fs_attribute_good, STATUS_SUCCESS },
	{ "FileBasicInformation of 3 bytes", OP_BASIC, 0x05, basic_3_bytes, PROTOCOL_ERROR },
	{ "FileBasicInformation with BUFFER_OVERFLOW", OP_BASIC, 0x05, basic_overflow, PROTOCOL_ERROR },
	{ "FileBasicInformation STATUS_PENDING", OP_BASIC, 0x05, any_pending, PROTOCOL_ERROR },
	{ "FileAllInformation name length 0x7FFFFFF0", OP_ALL, 0x05, all_name_huge, PROTOCOL_ERROR },
	{ "FileFsAttributeInformation name length 0x7FFFFFF0", OP_FS_ATTRIBUTE, 0x0a, fs_attribute_name_huge,
		PROTOCOL_ERROR },
	{ "FileFsVolumeInformation label beyond the reply", OP_FS_VOLUME, 0x0a, fs_volume_label_huge, PROTOCOL_ERROR },
	{ "FileFsSizeInformation of 16 bytes", OP_FS_SIZE, 0x0a, fs_size_short, PROTOCOL_ERROR },
	{ "flush STATUS_PENDING", OP_FLUSH, 0x09, any_pending, PROTOCOL_ERROR },
	{ "flush with data", OP_FLUSH, 0x09, any_data, PROTOCOL_ERROR },
	{ "set basic STATUS_REPARSE", OP_SET_BASIC, 0x06, any_reparse, PROTOCOL_ERROR },
	{ "lock STATUS_PENDING", OP_LOCK, 0x11, any_pending, PROTOCOL_ERROR },
};

#define CASES (sizeof(cases) / sizeof(cases[0]))

static WCHAR volumePath[DK_DEVICE_NAME_CHARS + 32];

static void path_of(WCHAR *out, size_t chars, const WCHAR *name)
{
	swprintf(out, chars, L"%ls%ls", volumePath, name);
}

static NTSTATUS do_op(const hostile_case *c, ioc_file file, ioc_file dir, BYTE *buffer, ULONG *got, ULONG_PTR *info)
{
	WCHAR path[128];
	ioc_file opened = 0;
	NTSTATUS status;
	FILE_BASIC_INFORMATION basic;

	*got = 0;
	*info = 0;
	switch (c->op) {
	case OP_OPEN:
		path_of(path, 128, L"\\hostile");
		status = ioc_open(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN,
			FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, &opened, info);
		if (opened)
			ioc_close(opened);
		return status;
	case OP_READ: return ioc_read(file, 0, buffer, 64, got);
	case OP_WRITE: return ioc_write(file, 0, "abcdefgh", 8, got);
	case OP_LIST: return ioc_query_dir(dir, FileDirectoryInformation, L"*", IOC_SL_RESTART_SCAN, 0, buffer, 4096, got);
	case OP_SECURITY: return ioc_query_security(file, OWNER_SECURITY_INFORMATION, buffer, 4096, got);
	case OP_BASIC: return ioc_query_info(file, FileBasicInformation, buffer, 40, got);
	case OP_ALL: return ioc_query_info(file, 18 /* FileAllInformation */, buffer, 4096, got);
	case OP_FS_ATTRIBUTE: return ioc_query_volume(file, 5 /* FileFsAttributeInformation */, buffer, 4096, got);
	case OP_FS_VOLUME: return ioc_query_volume(file, 1 /* FileFsVolumeInformation */, buffer, 4096, got);
	case OP_FS_SIZE: return ioc_query_volume(file, 3 /* FileFsSizeInformation */, buffer, 4096, got);
	case OP_FLUSH: return ioc_flush(file);
	case OP_SET_BASIC:
		ZeroMemory(&basic, sizeof(basic));
		basic.FileAttributes = FILE_ATTRIBUTE_ARCHIVE;
		return ioc_set_info(file, FileBasicInformation, &basic, sizeof(basic));
	case OP_LOCK: return ioc_lock(file, 0, 10, 0, TRUE, TRUE);
	}
	return STATUS_NOT_IMPLEMENTED;
}

static void run_case(const hostile_case *c, ioc_file file, ioc_file dir)
{
	static BYTE buffer[8192];
	LONG abandonedBefore = srv.abandoned;
	ULONG got;
	ULONG_PTR info;
	NTSTATUS status;
	int i;

	arm(c->major, c->reply);
	status = do_op(c, file, dir, buffer, &got, &info);
	expect(armed_was_used(), "%s: the file system never saw the request", c->name);
	expect(status == c->expected, "%s: status 0x%08lX (expected 0x%08lX), %lu bytes, information 0x%llx", c->name,
		(unsigned long)status, (unsigned long)c->expected, (unsigned long)got, (unsigned long long)info);
	if (c->expected == PROTOCOL_ERROR)
		expect(got == 0 && info == 0, "%s: the caller got %lu bytes, information 0x%llx (expected none)", c->name,
			(unsigned long)got, (unsigned long long)info);
	if (c->op == OP_OPEN && (c->reply == create_reparse || c->reply == create_pending ||
		c->reply == create_informational || c->reply == create_information || c->reply == create_with_data)) {
		/* the driver refused a successful open the file system made: it must hand it back */
		for (i = 0; i < 50 && srv.abandoned == abandonedBefore; i++)
			Sleep(20);
		expect(srv.abandoned > abandonedBefore, "%s: the refused open was not handed back (DK_EVENT_ABANDONED)",
			c->name);
	}
}

static unsigned rng_state;

static unsigned rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

static BOOL start_server(HANDLE control, DK_MOUNT_INFO *info)
{
	DK_START start = { sizeof(DK_START), DK_DRIVER_VERSION, 0, 0 };
	WCHAR channelPath[DK_DEVICE_NAME_CHARS + 8];
	DWORD got = 0;

	ZeroMemory(info, sizeof(*info));
	if (!ioctl_sync(control, IOCTL_DOKAN_START, &start, sizeof(start), info, sizeof(*info), &got) ||
		info->Status != DK_START_MOUNTED) {
		expect(FALSE, "START failed: error %lu", GetLastError());
		return FALSE;
	}
	swprintf(channelPath, ARRAYSIZE(channelPath), L"\\\\.%ls", info->DeviceName);
	swprintf(volumePath, ARRAYSIZE(volumePath), L"\\Device%ls", info->DeviceName);
	srv.channel = open_overlapped(channelPath);
	if (srv.channel == INVALID_HANDLE_VALUE) {
		expect(FALSE, "the channel %ls did not open: error %lu", channelPath, GetLastError());
		return FALSE;
	}
	srv.stop = 0;
	srv.thread = CreateThread(NULL, 0, server_main, NULL, 0, NULL);
	return srv.thread != NULL;
}

static void stop_server(void)
{
	ioctl_sync(srv.channel, IOCTL_DOKAN_RELEASE, NULL, 0, NULL, 0, NULL);
	srv.stop = 1;
	if (WaitForSingleObject(srv.thread, 10000) != WAIT_OBJECT_0)
		expect(FALSE, "the server thread did not end after RELEASE");
	CloseHandle(srv.thread);
	CloseHandle(srv.channel);
}

/* Opens a file and a folder, runs every case (shuffled), closes them. */
static void run_cases(unsigned seed)
{
	WCHAR path[128];
	ioc_file file = 0, dir = 0;
	ULONG_PTR info;
	unsigned order[CASES], i;

	path_of(path, 128, L"\\file");
	expect(ioc_open(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN,
		FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, &file, &info) == STATUS_SUCCESS, "opening %ls", path);
	path_of(path, 128, L"\\dir");
	expect(ioc_open(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN,
		FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, &dir, &info) == STATUS_SUCCESS, "opening %ls", path);
	if (!file || !dir)
		return;
	for (i = 0; i < CASES; i++)
		order[i] = i;
	rng_state = seed;
	for (i = CASES - 1; i > 0; i--) {
		unsigned j = rng() % (i + 1), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (i = 0; i < CASES; i++)
		run_case(&cases[order[i]], file, dir);
	ioc_close(file);
	ioc_close(dir);
}

int wmain(void)
{
	HANDLE control;
	DK_STATS baseline, now;
	DK_MOUNT_INFO info;
	const char *seedText = getenv("DOKAN_SEED");
	unsigned seed = seedText ? (unsigned)strtoul(seedText, NULL, 0) : (unsigned)GetTickCount();
	DWORD began = GetTickCount();

	printf("test_hostile: seed %u (DOKAN_SEED=%u reproduces the order), %u cases\n", seed, seed, (unsigned)CASES);
	fflush(stdout);
	InitializeCriticalSection(&srv.lock);
	control = open_overlapped(L"\\\\.\\Dokan");
	if (control == INVALID_HANDLE_VALUE || ioc_connect() != STATUS_SUCCESS) {
		printf("FAIL cannot open \\\\.\\Dokan or connect to iohost\n");
		return 2;
	}
	Sleep(1500); /* a baseline no earlier teardown still changes */
	baseline = stats(control);
	print_stats("baseline", &baseline);
	if (start_server(control, &info)) {
		run_cases(seed);
		stop_server();
	}
	expect(settled(control, &baseline, &now), "the driver's counters did not return to the baseline");
	print_stats("after", &now);
	/* a fresh mount still works: one well-formed open through it */
	if (start_server(control, &info)) {
		WCHAR path[128];
		ioc_file file = 0;
		ULONG_PTR information;
		path_of(path, 128, L"\\fresh");
		expect(ioc_open(path, GENERIC_READ, FILE_SHARE_READ, FILE_OPEN, 0, 0, 0, &file, &information) ==
			STATUS_SUCCESS, "an open on a fresh mount");
		if (file)
			ioc_close(file);
		stop_server();
	}
	expect(settled(control, &baseline, &now), "the counters after the fresh mount");
	ioc_disconnect();
	CloseHandle(control);
	printf("%d passed, %d failed (%lu ms)\n", (int)ck_passed(), (int)ck_failed(), (unsigned long)(GetTickCount() - began));
	return ck_failed() ? 1 : 0;
}
