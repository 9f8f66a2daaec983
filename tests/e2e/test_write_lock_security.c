// SPDX-License-Identifier: LGPL-3.0-or-later
// test_write_lock_security.c - write, flush, byte-range lock and security requests through
// the real stack (iohost -> dokan.sys -> dokan.dll -> mirror.exe), checked against the
// mirrored folder read directly from Wine's own file system.
//   test_write_lock_security <letter> <folder>
//   test_write_lock_security options <letter> alt|noalt removable|fixed
//     (a namefs.exe mount: names with ':' reach the file system only with ALT_STREAM;
//     FileFsDeviceInformation shows FILE_REMOVABLE_MEDIA only with REMOVABLE; requests
//     whose callbacks namefs lacks get 0.6.0's status for a NULL slot)
// Expected statuses are what the mirror's Win32 calls produce on Wine's file system,
// mapped by dokan.dll's one table (docs/differences.md D9).
#include "ioclient.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "check.h"

#ifndef FILE_REMOVABLE_MEDIA
#define FILE_REMOVABLE_MEDIA 0x00000001 /* FILE_FS_DEVICE_INFORMATION.Characteristics (DDK) */
#endif

/* detail: a value that helps to read a failure (a size, a position, flags) */
#define expect(ok, what, detail) CHECK(ok, "%s (0x%llX)", what, (unsigned long long)(detail))
#define expect_status(got, want, what) CHECK_STATUS(got, want, "%s", what)

static WCHAR g_letter;
static const WCHAR *g_folder;

/* detail: a value that helps to read a failure (a size, a position, flags) */
static void volume_path(WCHAR *out, const WCHAR *name)
{
	swprintf(out, MAX_PATH, L"%lc:\\%ls", g_letter, name);
}

static void host_path(WCHAR *out, const WCHAR *name)
{
	swprintf(out, MAX_PATH, L"%ls\\%ls", g_folder, name);
}

/* ---- the folder itself, through Win32 on Wine's file system ---- */

/* Shares everything: the mirror still holds its own handle on the file. */
static BYTE *host_read(const WCHAR *name, DWORD *size)
{
	WCHAR path[MAX_PATH];
	HANDLE file;
	BYTE *data;
	DWORD got = 0;

	host_path(path, name);
	file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
		OPEN_EXISTING, 0, NULL);
	if (file == INVALID_HANDLE_VALUE)
		return NULL;
	*size = GetFileSize(file, NULL);
	data = malloc(*size + 1);
	if (data && !(ReadFile(file, data, *size, &got, NULL) && got == *size)) {
		free(data);
		data = NULL;
	}
	CloseHandle(file);
	return data;
}

static void expect_host_content(const WCHAR *name, const void *wanted, DWORD size, const char *what)
{
	DWORD got = 0;
	BYTE *data = host_read(name, &got);
	BOOL same = data && got == size && memcmp(data, wanted, size) == 0;

	if (!same && data)
		printf("     host file has %lu bytes, expected %lu\n", (unsigned long)got, (unsigned long)size);
	expect(same, what, 0);
	free(data);
}

static void host_write(const WCHAR *name, const void *data, DWORD size)
{
	WCHAR path[MAX_PATH];
	HANDLE file;
	DWORD done = 0;

	host_path(path, name);
	file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
	expect(file != INVALID_HANDLE_VALUE && WriteFile(file, data, size, &done, NULL) && done == size,
		"host file written", 0);
	if (file != INVALID_HANDLE_VALUE)
		CloseHandle(file);
}

/* ---- the same through the volume ---- */

static NTSTATUS open_file(const WCHAR *name, ULONG access, ULONG disposition, ioc_file *file)
{
	WCHAR path[MAX_PATH];
	volume_path(path, name);
	return ioc_open(path, access | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
		disposition, FILE_NON_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, file, NULL);
}

static LONGLONG position_of(ioc_file file)
{
	IOH_FILE_STATE state;
	if (ioc_file_state(file, &state) != STATUS_SUCCESS)
		return -1;
	return state.CurrentByteOffset;
}

static void write_and_check(ioc_file file, LONGLONG offset, const char *text, const char *what)
{
	ULONG written = 0;
	NTSTATUS status = ioc_write(file, offset, text, (ULONG)strlen(text), &written);

	expect_status(status, STATUS_SUCCESS, what);
	expect(written == strlen(text), "bytes written reported", written);
}

/* Positional writes, the file pointer, append and zero-length writes; the file pointer of
 * a synchronous file follows each write, to the new end of file after an append. */
static void test_write_positions(void)
{
	static const char final[] = "Hello, Dokan! tail";
	char back[64];
	ULONG got = 0, written = 1;
	ioc_file file;
	NTSTATUS status = open_file(L"write.txt", GENERIC_READ | GENERIC_WRITE, FILE_CREATE, &file);

	expect_status(status, STATUS_SUCCESS, "create write.txt");
	if (status)
		return;
	write_and_check(file, 0, "Hello, world", "write at 0");
	expect(position_of(file) == 12, "file pointer after the first write", position_of(file));
	expect_host_content(L"write.txt", "Hello, world", 12, "first write reaches the folder");
	write_and_check(file, 7, "Dokan", "write at 7");
	write_and_check(file, IOH_USE_FILE_POINTER, "!", "write at the file pointer");
	expect(position_of(file) == 13, "file pointer after a write at the file pointer", position_of(file));
	write_and_check(file, IOC_WRITE_APPEND, " tail", "append");
	expect(position_of(file) == 18, "file pointer at the new end after an append", position_of(file));
	expect_status(ioc_write(file, 3, "", 0, &written), STATUS_SUCCESS, "zero-length write");
	expect(written == 0, "zero-length write writes nothing", written);
	expect_host_content(L"write.txt", final, sizeof(final) - 1, "folder after positional writes and append");
	expect_status(ioc_read(file, 0, back, sizeof(back), &got), STATUS_SUCCESS, "read back");
	expect(got == sizeof(final) - 1 && memcmp(back, final, got) == 0, "volume reads what was written", got);
	expect_status(ioc_flush(file), STATUS_SUCCESS, "flush");
	expect_status(ioc_close(file), STATUS_SUCCESS, "close write.txt");
	expect_host_content(L"write.txt", final, sizeof(final) - 1, "folder after close");
}

/* One request far bigger than a worker's event buffer: it reaches the DLL in two steps. */
static void test_large_write(void)
{
	const ULONG size = 6u * 1024u * 1024u + 123u;
	BYTE *data = malloc(size);
	ULONG written = 0, i;
	ioc_file file;
	NTSTATUS status;

	for (i = 0; i < size; i++)
		data[i] = (BYTE)(i * 7u + (i >> 13));
	status = open_file(L"large.bin", GENERIC_WRITE, FILE_CREATE, &file);
	expect_status(status, STATUS_SUCCESS, "create large.bin");
	if (!status) {
		expect_status(ioc_write(file, 0, data, size, &written), STATUS_SUCCESS, "one write of 6 MiB");
		expect(written == size, "6 MiB written", written);
		expect(position_of(file) == size, "file pointer after 6 MiB", position_of(file));
		ioc_close(file);
		expect_host_content(L"large.bin", data, size, "6 MiB arrive intact in the folder");
	}
	free(data);
}

static void test_write_directory(void)
{
	WCHAR path[MAX_PATH];
	ULONG written = 0;
	ioc_file dir;
	NTSTATUS status;

	volume_path(path, L"wdir");
	status = ioc_open(path, GENERIC_READ | GENERIC_WRITE | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE,
		FILE_CREATE, FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, &dir, NULL);
	expect_status(status, STATUS_SUCCESS, "create directory wdir");
	if (status)
		return;
	expect_status(ioc_write(dir, 0, "x", 1, &written), STATUS_INVALID_DEVICE_REQUEST, "write to a directory");
	expect_status(ioc_flush(dir), STATUS_SUCCESS, "flush a directory");
	ioc_close(dir);
}

/* The mirror locks with Win32 LockFile on its own handle of each open, so two opens of the
 * volume conflict as two handles on Wine's file system do. (Wine's file system does not
 * check locks on reads and writes, so a write into a locked range is not tested.) */
static void test_locks(void)
{
	static const char text[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	ioc_file a, b;

	host_write(L"locks.txt", text, sizeof(text) - 1);
	expect_status(open_file(L"locks.txt", GENERIC_READ | GENERIC_WRITE, FILE_OPEN, &a), STATUS_SUCCESS, "open a");
	expect_status(open_file(L"locks.txt", GENERIC_READ | GENERIC_WRITE, FILE_OPEN, &b), STATUS_SUCCESS, "open b");
	expect_status(ioc_lock(a, 0, 10, 0, TRUE, TRUE), STATUS_SUCCESS, "a locks [0,10)");
	expect_status(ioc_lock(b, 5, 10, 0, TRUE, TRUE), STATUS_LOCK_NOT_GRANTED, "b locks [5,15) over a's lock");
	expect_status(ioc_lock(b, 10, 10, 0, TRUE, TRUE), STATUS_SUCCESS, "b locks the adjacent [10,20)");
	expect_status(ioc_unlock(a, 0, 10, 0), STATUS_SUCCESS, "a unlocks [0,10)");
	expect_status(ioc_lock(b, 0, 5, 0, TRUE, TRUE), STATUS_SUCCESS, "b locks [0,5) once a released it");
	expect_status(ioc_unlock(a, 0, 10, 0), STATUS_RANGE_NOT_LOCKED, "a unlocks a range it no longer holds");
	expect_status(ioc_unlock(a, 10, 10, 0), STATUS_RANGE_NOT_LOCKED, "a unlocks b's lock");
	expect_status(ioc_unlock_all(b), STATUS_NOT_IMPLEMENTED, "unlock all (as 0.6.0)");
	expect_status(ioc_unlock_all_by_key(b, 0), STATUS_NOT_IMPLEMENTED, "unlock all by key (as 0.6.0)");
	expect_status(ioc_close(b), STATUS_SUCCESS, "close b (its locks go with it)");
	expect_status(ioc_lock(a, 0, 40, 0, TRUE, TRUE), STATUS_SUCCESS, "a locks everything after b closed");
	expect_status(ioc_close(a), STATUS_SUCCESS, "close a");
}

/* ---- security ---- */

#define SECURITY_WHAT (OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION)

/* NtQuerySecurityObject's size protocol, then the descriptor itself; NULL on failure. */
static PSECURITY_DESCRIPTOR volume_security(ioc_file file, ULONG what, ULONG *length)
{
	PSECURITY_DESCRIPTOR sd;
	ULONG needed = 0, again = 0, got = 0;
	BYTE small[8];
	NTSTATUS status = ioc_query_security(file, what, NULL, 0, &needed);

	expect_status(status, STATUS_BUFFER_TOO_SMALL, "query security with no buffer");
	expect(needed >= sizeof(SECURITY_DESCRIPTOR_RELATIVE), "the size needed is reported", needed);
	if (status != STATUS_BUFFER_TOO_SMALL || needed < sizeof(SECURITY_DESCRIPTOR_RELATIVE))
		return NULL;
	status = ioc_query_security(file, what, small, sizeof(small), &again);
	expect_status(status, STATUS_BUFFER_TOO_SMALL, "query security with a small buffer");
	expect(again == needed, "the same size is needed", again);
	sd = malloc(needed);
	status = ioc_query_security(file, what, sd, needed, &got);
	expect_status(status, STATUS_SUCCESS, "query security with the size needed");
	expect(got == needed, "the whole descriptor is returned", got);
	if (status || got != needed) {
		free(sd);
		return NULL;
	}
	*length = got;
	return sd;
}

static PSECURITY_DESCRIPTOR host_security(const WCHAR *name, ULONG what, ULONG *length)
{
	WCHAR path[MAX_PATH];
	DWORD needed = 0;
	PSECURITY_DESCRIPTOR sd;

	host_path(path, name);
	GetFileSecurityW(path, what, NULL, 0, &needed);
	sd = needed ? malloc(needed) : NULL;
	if (!sd || !GetFileSecurityW(path, what, sd, needed, &needed)) {
		free(sd);
		return NULL;
	}
	*length = GetSecurityDescriptorLength(sd);
	return sd;
}

static void expect_valid_descriptor(PSECURITY_DESCRIPTOR sd, ULONG length, const char *what)
{
	SECURITY_DESCRIPTOR_CONTROL control = 0;
	DWORD revision = 0;

	expect(IsValidSecurityDescriptor(sd), what, 0);
	expect(GetSecurityDescriptorControl(sd, &control, &revision) && (control & SE_SELF_RELATIVE),
		"the descriptor is self-relative", control);
	expect(GetSecurityDescriptorLength(sd) == length, "its length is the length returned", length);
}

/* What the volume answers must be what Wine's file system answers for the same file. */
static void expect_same_as_host(PSECURITY_DESCRIPTOR sd, ULONG length, const WCHAR *name, const char *what)
{
	ULONG hostLength = 0;
	PSECURITY_DESCRIPTOR host = host_security(name, SECURITY_WHAT, &hostLength);

	expect(host && hostLength == length && memcmp(host, sd, length) == 0, what, hostLength);
	free(host);
}

static PSID everyone_sid(void)
{
	SID_IDENTIFIER_AUTHORITY world = SECURITY_WORLD_SID_AUTHORITY;
	PSID sid = NULL;
	AllocateAndInitializeSid(&world, 1, SECURITY_WORLD_RID, 0, 0, 0, 0, 0, 0, 0, &sid);
	return sid;
}

static BOOL is_allowed_ace_for(void *ace, PSID sid)
{
	ACCESS_ALLOWED_ACE *allowed = ace;
	return allowed->Header.AceType == ACCESS_ALLOWED_ACE_TYPE && EqualSid((PSID)&allowed->SidStart, sid);
}

/* A copy of sd's DACL where Everyone's "allow" changes: removed if there is one, else
 * added (read access). Wine's file system keeps only what its Unix mode bits can hold,
 * and Everyone's access is the "other" bits, so this change survives in the folder. */
static PACL dacl_toggle_everyone(PSECURITY_DESCRIPTOR sd)
{
	PSID everyone = everyone_sid();
	BOOL present = FALSE, defaulted = FALSE, found = FALSE;
	PACL old = NULL, acl = NULL;
	ACL_SIZE_INFORMATION sizes = { 0 };
	DWORD size, i;
	void *ace;

	if (everyone && GetSecurityDescriptorDacl(sd, &present, &old, &defaulted)) {
		if (present && old)
			GetAclInformation(old, &sizes, sizeof(sizes), AclSizeInformation);
		size = sizeof(ACL) + sizes.AclBytesInUse + sizeof(ACCESS_ALLOWED_ACE) + GetLengthSid(everyone);
		acl = malloc(size);
		InitializeAcl(acl, size, ACL_REVISION);
		for (i = 0; i < sizes.AceCount; i++) {
			if (!GetAce(old, i, &ace))
				continue;
			if (is_allowed_ace_for(ace, everyone))
				found = TRUE;
			else
				AddAce(acl, ACL_REVISION, MAXDWORD, ace, ((ACE_HEADER *)ace)->AceSize);
		}
		if (!found)
			AddAccessAllowedAce(acl, ACL_REVISION, FILE_GENERIC_READ, everyone);
	}
	FreeSid(everyone);
	return acl;
}

/* A self-relative descriptor holding only `dacl`. */
static PSECURITY_DESCRIPTOR make_self_relative(PACL dacl, DWORD *length)
{
	SECURITY_DESCRIPTOR absolute;
	PSECURITY_DESCRIPTOR relative;

	InitializeSecurityDescriptor(&absolute, SECURITY_DESCRIPTOR_REVISION);
	SetSecurityDescriptorDacl(&absolute, TRUE, dacl, FALSE);
	*length = 0;
	MakeSelfRelativeSD(&absolute, NULL, length);
	relative = malloc(*length);
	if (!MakeSelfRelativeSD(&absolute, relative, length)) {
		free(relative);
		return NULL;
	}
	return relative;
}

static BOOL dacl_allows_everyone(PSECURITY_DESCRIPTOR sd)
{
	BOOL present = FALSE, defaulted = FALSE, found = FALSE;
	PSID everyone = everyone_sid();
	PACL dacl = NULL;
	DWORD i;
	void *ace;

	if (everyone && GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted) && present && dacl)
		for (i = 0; i < dacl->AceCount && !found; i++)
			found = GetAce(dacl, i, &ace) && is_allowed_ace_for(ace, everyone);
	FreeSid(everyone);
	return found;
}

/* Changes the DACL through the volume, and checks that both sides see the change. */
static void test_set_security(ioc_file file, PSECURITY_DESCRIPTOR before)
{
	PACL dacl = dacl_toggle_everyone(before);
	BOOL hadEveryone = dacl_allows_everyone(before);
	DWORD length = 0;
	ULONG afterLength = 0;
	PSECURITY_DESCRIPTOR wanted = dacl ? make_self_relative(dacl, &length) : NULL, after;

	expect(wanted != NULL, "a new descriptor built", 0);
	if (!wanted)
		return;
	expect_status(ioc_set_security(file, DACL_SECURITY_INFORMATION, wanted, length), STATUS_SUCCESS,
		"set security (DACL)");
	after = volume_security(file, SECURITY_WHAT, &afterLength);
	if (after) {
		expect(dacl_allows_everyone(after) == !hadEveryone, "the changed DACL is read back through the volume", 0);
		expect_same_as_host(after, afterLength, L"security.txt", "the folder has the new DACL");
	}
	free(after);
	free(wanted);
	free(dacl);
}

static void test_security(void)
{
	ioc_file file, dir;
	WCHAR path[MAX_PATH];
	ULONG length = 0;
	PSECURITY_DESCRIPTOR sd;
	NTSTATUS status = open_file(L"security.txt", GENERIC_READ | GENERIC_WRITE | READ_CONTROL | WRITE_DAC,
		FILE_CREATE, &file);

	expect_status(status, STATUS_SUCCESS, "create security.txt");
	if (status)
		return;
	sd = volume_security(file, SECURITY_WHAT, &length);
	if (sd) {
		expect_valid_descriptor(sd, length, "query security returns a valid descriptor");
		expect_same_as_host(sd, length, L"security.txt", "the volume's descriptor is the folder's");
		test_set_security(file, sd);
	}
	free(sd);
	ioc_close(file);

	volume_path(path, L"wdir");
	status = ioc_open(path, READ_CONTROL | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN,
		FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, &dir, NULL);
	expect_status(status, STATUS_SUCCESS, "open directory wdir");
	if (!status) {
		sd = volume_security(dir, SECURITY_WHAT, &length);
		expect(sd && IsValidSecurityDescriptor(sd), "a directory's descriptor", 0);
		free(sd);
		ioc_close(dir);
	}
}

/* ---- mount options, on a namefs.exe mount ---- */

static void test_stream_names(BOOL altStreams)
{
	static const char wanted[] = "\\file.txt:stream";
	char content[64];
	ULONG got = 0;
	ioc_file file;
	NTSTATUS status = open_file(L"file.txt:stream", GENERIC_READ, FILE_OPEN, &file);

	if (!altStreams) {
		expect_status(status, STATUS_INVALID_PARAMETER, "a stream name without DOKAN_OPTION_ALT_STREAM");
		return;
	}
	expect_status(status, STATUS_SUCCESS, "a stream name with DOKAN_OPTION_ALT_STREAM");
	if (status)
		return;
	expect_status(ioc_read(file, 0, content, sizeof(content), &got), STATUS_SUCCESS, "read the stream");
	expect(got == sizeof(wanted) - 1 && !memcmp(content, wanted, got), "the callbacks got the name with its stream",
		got);
	ioc_close(file);
}

static void test_removable(BOOL removable)
{
	FILE_FS_DEVICE_INFORMATION device = { 0 };
	WCHAR path[MAX_PATH];
	ioc_file root;
	NTSTATUS status;

	volume_path(path, L"");
	status = ioc_open(path, FILE_READ_ATTRIBUTES | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN,
		FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, &root, NULL);
	expect_status(status, STATUS_SUCCESS, "open the root");
	if (status)
		return;
	status = ioc_query_volume(root, FileFsDeviceInformation, &device, sizeof(device), NULL);
	expect_status(status, STATUS_SUCCESS, "FileFsDeviceInformation");
	expect(!(device.Characteristics & FILE_REMOVABLE_MEDIA) == !removable,
		removable ? "FILE_REMOVABLE_MEDIA with DOKAN_OPTION_REMOVABLE" : "no FILE_REMOVABLE_MEDIA without the option",
		device.Characteristics);
	ioc_close(root);
}

/* namefs has none of these callbacks: each request gets 0.6.0's status for a NULL slot. */
static void test_missing_callbacks(void)
{
	ACL empty;
	DWORD length = 0;
	PSECURITY_DESCRIPTOR sd;
	ULONG written = 0, needed = 0;
	BYTE buffer[256];
	ioc_file file;
	NTSTATUS status = open_file(L"nocallbacks.txt", GENERIC_READ | GENERIC_WRITE | READ_CONTROL | WRITE_DAC,
		FILE_OPEN, &file);

	expect_status(status, STATUS_SUCCESS, "open a namefs file");
	if (status)
		return;
	expect_status(ioc_write(file, 0, "x", 1, &written), STATUS_INVALID_PARAMETER, "write without WriteFile");
	expect_status(ioc_flush(file), STATUS_SUCCESS, "flush without FlushFileBuffers");
	expect_status(ioc_lock(file, 0, 1, 0, TRUE, TRUE), STATUS_NOT_IMPLEMENTED, "lock without LockFile");
	expect_status(ioc_unlock(file, 0, 1, 0), STATUS_NOT_IMPLEMENTED, "unlock without UnlockFile");
	expect_status(ioc_query_security(file, DACL_SECURITY_INFORMATION, buffer, sizeof(buffer), &needed),
		STATUS_NOT_IMPLEMENTED, "query security without GetFileSecurity");
	InitializeAcl(&empty, sizeof(empty), ACL_REVISION);
	sd = make_self_relative(&empty, &length);
	expect_status(sd ? ioc_set_security(file, DACL_SECURITY_INFORMATION, sd, length) : STATUS_NO_MEMORY,
		STATUS_INVALID_PARAMETER, "set security without SetFileSecurity");
	free(sd);
	ioc_close(file);
}

static NTSTATUS open_shared(const WCHAR *name, ULONG access, ULONG share, ULONG options, ioc_file *file)
{
	WCHAR path[MAX_PATH];
	volume_path(path, name);
	return ioc_open(path, access | SYNCHRONIZE, share, FILE_OPEN, options | FILE_SYNCHRONOUS_IO_NONALERT, 0, 0,
		file, NULL);
}

/* namefs ignores share modes: sharing must still hold, because the driver enforces it
 * (0.6.0 left it to the file system). Files, the root folder, and two spellings of one
 * name. */
static void test_sharing_by_driver(void)
{
	ioc_file first, second;
	NTSTATUS status = open_shared(L"shared.txt", GENERIC_READ, 0, FILE_NON_DIRECTORY_FILE, &first);

	expect_status(status, STATUS_SUCCESS, "open a namefs file for reading, sharing nothing");
	if (status)
		return;
	expect_status(open_shared(L"shared.txt", GENERIC_READ, FILE_SHARE_READ, FILE_NON_DIRECTORY_FILE, &second),
		STATUS_SHARING_VIOLATION, "a second reader of a file shared with nobody");
	expect_status(open_shared(L"SHARED.TXT", GENERIC_WRITE, 7, FILE_NON_DIRECTORY_FILE, &second),
		STATUS_SHARING_VIOLATION, "the same file under another case");
	status = open_shared(L"shared.txt", FILE_READ_ATTRIBUTES, 0, FILE_NON_DIRECTORY_FILE, &second);
	expect_status(status, STATUS_SUCCESS, "an attributes-only open never conflicts");
	if (!status)
		ioc_close(second);
	ioc_close(first);
	status = open_shared(L"shared.txt", GENERIC_READ, 0, FILE_NON_DIRECTORY_FILE, &second);
	expect_status(status, STATUS_SUCCESS, "the file again once the first handle is closed");
	if (!status)
		ioc_close(second);

	status = open_shared(L"", FILE_LIST_DIRECTORY, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_DIRECTORY_FILE, &first);
	expect_status(status, STATUS_SUCCESS, "the root listed, sharing read and write");
	if (status)
		return;
	expect_status(open_shared(L"", DELETE, 7, FILE_DIRECTORY_FILE, &second), STATUS_SHARING_VIOLATION,
		"a delete open of a folder in use");
	ioc_close(first);
}

static int usage(void)
{
	fprintf(stderr, "usage: test_write_lock_security <letter> <folder>\n"
		"       test_write_lock_security options <letter> alt|noalt removable|fixed\n");
	return 2;
}

int wmain(int argc, WCHAR **argv)
{
	BOOL options = argc == 5 && !wcscmp(argv[1], L"options");
	NTSTATUS status;

	if (!options && argc != 3)
		return usage();
	g_letter = argv[options ? 2 : 1][0];
	g_folder = options ? NULL : argv[2];
	status = ioc_connect();
	if (status) {
		printf("FAIL cannot connect to iohost (0x%08lX)\n", (unsigned long)status);
		return 1;
	}
	if (options) {
		test_stream_names(!wcscmp(argv[3], L"alt"));
		test_removable(!wcscmp(argv[4], L"removable"));
		test_missing_callbacks();
		test_sharing_by_driver();
	} else {
		test_write_positions();
		test_large_write();
		test_write_directory();
		test_locks();
		test_security();
	}
	ioc_disconnect();
	return ck_summary("test_write_lock_security");
}
