// SPDX-License-Identifier: LGPL-3.0-or-later
// test_user_buffers.c - one request of every buffering kind on a mirror volume, meant to run
// with iohost in both modes (DOKAN_IOHOST_MODE=kernel|user, tests/iohost/iohost_buffers.c):
// in user mode query/set information and volume queries carry system buffers, read, write
// and listing MDLs, and query security and change notification the caller's bare buffer
// (RequestorMode UserMode), which the file system driver may only use in the caller's
// context. Every result is checked against what was written.
//   test_user_buffers <letter>
#include "ioclient.h"
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "check.h"

#define expect(ok, what, status) CHECK(ok, "%s (%s)", what, CK_ST(status))

static WCHAR letter;

static const WCHAR *vol(const WCHAR *rel)
{
	static WCHAR buffers[4][MAX_PATH];
	static int next;
	WCHAR *out = buffers[next++ % 4];
	swprintf(out, MAX_PATH, L"%lc:\\%ls", letter, rel);
	return out;
}

static ioc_file open_file(const WCHAR *rel, ULONG disposition, ULONG options)
{
	ioc_file f = 0;
	NTSTATUS s = ioc_open(vol(rel), GENERIC_READ | GENERIC_WRITE | READ_CONTROL | DELETE | FILE_LIST_DIRECTORY,
		FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, disposition, options, 0, 0, &f, NULL);
	expect(NT_SUCCESS(s), "open", s);
	return NT_SUCCESS(s) ? f : 0;
}

/* write (MDL), read (MDL), query information (system buffer), set information */
static void test_data(ioc_file f)
{
	UCHAR data[3000], back[4000];
	FILE_STANDARD_INFORMATION std;
	FILE_BASIC_INFORMATION basic;
	ULONG i, n = 0;
	NTSTATUS s;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (UCHAR)(i * 7 + 1);
	s = ioc_write(f, 0, data, sizeof(data), &n);
	expect(s == STATUS_SUCCESS && n == sizeof(data), "write 3000 bytes", s);
	memset(back, 0, sizeof(back));
	s = ioc_read(f, 0, back, sizeof(back), &n);
	expect(s == STATUS_SUCCESS && n == sizeof(data) && !memcmp(back, data, n), "read back 3000 bytes", s);
	s = ioc_query_info(f, FileStandardInformation, &std, sizeof(std), &n);
	expect(s == STATUS_SUCCESS && n == sizeof(std) && std.EndOfFile.QuadPart == sizeof(data),
		"FileStandardInformation", s);
	memset(&basic, 0, sizeof(basic));
	basic.FileAttributes = FILE_ATTRIBUTE_HIDDEN;
	s = ioc_set_info(f, FileBasicInformation, &basic, sizeof(basic));
	expect(s == STATUS_SUCCESS, "set FileBasicInformation", s);
	s = ioc_query_info(f, FileBasicInformation, &basic, sizeof(basic), &n);
	expect(s == STATUS_SUCCESS && (basic.FileAttributes & FILE_ATTRIBUTE_HIDDEN), "attributes set", s);
}

/* GetFileSecurity's sequence: ask for the size, then read the descriptor */
static void test_security(ioc_file f)
{
	const ULONG what = OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
	UCHAR sd[4096], tiny[8];
	ULONG needed = 0, got = 0;
	NTSTATUS s;

	s = ioc_query_security(f, what, NULL, 0, &needed);
	expect(s == STATUS_BUFFER_TOO_SMALL && needed > 0 && needed <= sizeof(sd), "security size query", s);
	s = ioc_query_security(f, what, tiny, sizeof(tiny), &got);
	expect(s == STATUS_BUFFER_TOO_SMALL && got == needed, "security query, 8-byte buffer", s);
	memset(sd, 0, sizeof(sd));
	s = ioc_query_security(f, what, sd, sizeof(sd), &got);
	expect(s == STATUS_SUCCESS && got == needed && got <= sizeof(sd) &&
		IsValidSecurityDescriptor(sd) && GetSecurityDescriptorLength(sd) == got,
		"security descriptor read", s);
}

static BOOL find_name(const FILE_BOTH_DIR_INFORMATION *entry, void *context)
{
	BOOL *found = context;
	if (entry->FileNameLength == 10 && !memcmp(entry->FileName, L"a.bin", 10))
		*found = TRUE;
	return !*found;
}

/* listing (MDL), volume query (system buffer), change notification (bare buffer) */
static void test_directory(void)
{
	ioc_file dir = open_file(L"", FILE_OPEN, FILE_DIRECTORY_FILE), f;
	UCHAR records[1024];
	FILE_FS_SIZE_INFORMATION size;
	IOC_PENDING *pending = NULL;
	BOOL found = FALSE;
	ULONG got = 0;
	NTSTATUS s;

	if (!dir)
		return;
	s = ioc_for_each_entry(dir, NULL, find_name, &found);
	expect(s == STATUS_SUCCESS && found, "listing shows a.bin", s);
	s = ioc_query_volume(dir, FileFsSizeInformation, &size, sizeof(size), &got);
	expect(s == STATUS_SUCCESS && got == sizeof(size) && size.BytesPerSector > 0, "FileFsSizeInformation", s);
	s = ioc_notify_begin(dir, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, sizeof(records), &pending);
	expect(s == STATUS_PENDING, "notify armed", s);
	f = open_file(L"b.bin", FILE_CREATE, FILE_NON_DIRECTORY_FILE);
	if (f) {
		s = ioc_set_disposition(f, TRUE); /* the next run creates it again */
		expect(s == STATUS_SUCCESS, "delete b.bin", s);
		ioc_close(f);
	}
	if (pending) {
		const FILE_NOTIFY_INFORMATION *r = (const FILE_NOTIFY_INFORMATION *)records;
		s = ioc_notify_end(pending, 10000, records, sizeof(records), &got);
		expect(s == STATUS_SUCCESS && got >= sizeof(*r) && r->Action == FILE_ACTION_ADDED &&
			r->FileNameLength == 10 && !memcmp(r->FileName, L"b.bin", 10), "notify record for b.bin", s);
	}
	ioc_close(dir);
}

int wmain(int argc, WCHAR **argv)
{
	ioc_file f;
	NTSTATUS s;

	if (argc != 2 || !argv[1][0]) {
		fprintf(stderr, "usage: test_user_buffers <letter>\n");
		return 2;
	}
	letter = argv[1][0];
	s = ioc_connect();
	if (!NT_SUCCESS(s)) {
		printf("FAIL ioc_connect 0x%08lX\n", (unsigned long)s);
		return 1;
	}
	f = open_file(L"a.bin", FILE_OVERWRITE_IF, FILE_NON_DIRECTORY_FILE);
	if (f) {
		test_data(f);
		test_security(f);
		ioc_close(f);
	}
	test_directory();
	ioc_disconnect();
	return ck_summary("test_user_buffers");
}
