// SPDX-License-Identifier: LGPL-3.0-or-later
// tokenfs.c - a tiny in-memory file system for the DokanOpenRequestorToken and
// DokanResetTimeout tests (test_setinfo token). Every create asks for the requestor's
// token and renews its own deadline; reads of
//   \status  return the counters below (and check that no token is given outside a create)
//   \short   shorten the request's deadline to 1 s, then take 4 s: the request must expire
//   \kept    set a 2 s deadline that another thread renews every 0.5 s while the callback
//            takes 5 s: the request must succeed; 0.6 s after the callback returned that
//            thread tries once more, which must fail
//   \plain   "plain\n"; its cleanups count whether they carry DeleteOnClose (deletion is
//            only pretended: DeleteFile says yes and nothing goes)
//   tokenfs <letter>
#include <windows.h>
#include <stdio.h>
#include <wchar.h>
#include "dokan.h"

#define DK_REQUESTOR_ACCESS (TOKEN_QUERY | TOKEN_QUERY_SOURCE | TOKEN_DUPLICATE | TOKEN_IMPERSONATE)

static volatile LONG token_ok, token_bad, token_user_match, token_outside_ok, token_outside_bad;
static volatile LONG reset_create_ok, reset_create_bad, reset_nocontext_ok, reset_nocontext_bad;
static volatile LONG reset_short_ok, reset_kept_ok, reset_helper_ok, reset_helper_bad;
static volatile LONG reset_after_ok, reset_after_bad;
static volatile LONG cleanup_delete, cleanup_keep;
static volatile LONG token_access = -1;
static BYTE own_user[256];

static const WCHAR *const file_names[] = { L"status", L"short", L"kept", L"plain" };

static BOOL is_file(LPCWSTR path)
{
	size_t i;
	for (i = 0; i < sizeof(file_names) / sizeof(file_names[0]); i++)
		if (path[0] == L'\\' && !wcscmp(path + 1, file_names[i]))
			return TRUE;
	return FALSE;
}

static BOOL user_of(HANDLE token, BYTE *out, DWORD size)
{
	DWORD length = 0;
	return GetTokenInformation(token, TokenUser, out, size, &length);
}

typedef struct { ULONG Attributes; ACCESS_MASK GrantedAccess; ULONG Rest[20]; } BASIC_OBJECT_INFO;
typedef LONG (NTAPI *QUERY_OBJECT)(HANDLE, ULONG, PVOID, ULONG, PULONG);

/* The access a handle was granted (NtQueryObject, ObjectBasicInformation). */
static LONG granted_access(HANDLE handle)
{
	QUERY_OBJECT query = (QUERY_OBJECT)(void *)GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "NtQueryObject");
	BASIC_OBJECT_INFO info;
	ULONG got = 0;
	if (!query || query(handle, 0, &info, sizeof(info), &got) < 0)
		return -2;
	return (LONG)info.GrantedAccess;
}

static void check_token(PDOKAN_FILE_INFO info)
{
	BYTE user[256];
	HANDLE token = DokanOpenRequestorToken(info);

	if (token == INVALID_HANDLE_VALUE || token == NULL) {
		fprintf(stderr, "tokenfs: no requestor token (%lu)\n", GetLastError());
		InterlockedIncrement(&token_bad);
		return;
	}
	InterlockedIncrement(&token_ok);
	if (user_of(token, user, sizeof(user)) &&
		EqualSid(((TOKEN_USER *)user)->User.Sid, ((TOKEN_USER *)own_user)->User.Sid))
		InterlockedIncrement(&token_user_match);
	InterlockedExchange(&token_access, granted_access(token));
	CloseHandle(token);
}

static int DOKAN_CALLBACK token_create(LPCWSTR path, DWORD access, DWORD share, DWORD disposition, DWORD flags,
	PDOKAN_FILE_INFO info)
{
	check_token(info);
	InterlockedIncrement(DokanResetTimeout(15000, info) ? &reset_create_ok : &reset_create_bad);
	if (!wcscmp(path, L"\\"))
		info->IsDirectory = 1;
	else if (!is_file(path))
		return -ERROR_FILE_NOT_FOUND;
	else if (disposition == CREATE_NEW)
		return -ERROR_FILE_EXISTS;
	return 0;
}

static int DOKAN_CALLBACK token_open_directory(LPCWSTR path, PDOKAN_FILE_INFO info)
{
	check_token(info);
	if (wcscmp(path, L"\\"))
		return is_file(path) ? -ERROR_DIRECTORY : -ERROR_PATH_NOT_FOUND;
	return 0;
}

/* Deletion is only counted: which cleanups of \plain carry DeleteOnClose. */
static int DOKAN_CALLBACK token_cleanup(LPCWSTR path, PDOKAN_FILE_INFO info)
{
	if (!wcscmp(path, L"\\plain"))
		InterlockedIncrement(info->DeleteOnClose ? &cleanup_delete : &cleanup_keep);
	return 0;
}

static int DOKAN_CALLBACK token_delete(LPCWSTR path, PDOKAN_FILE_INFO info)
{
	return 0;
}

static int DOKAN_CALLBACK token_close(LPCWSTR path, PDOKAN_FILE_INFO info)
{
	return 0;
}

/* The thread that renews the deadline of the \kept read, then tries once after it. */
static struct {
	DOKAN_FILE_INFO info;  /* a copy: DokanContext names the open, which outlives the read */
	HANDLE stop, returned;
} kept;

static DWORD WINAPI kept_renewer(LPVOID unused)
{
	while (WaitForSingleObject(kept.stop, 500) == WAIT_TIMEOUT)
		InterlockedIncrement(DokanResetTimeout(2000, &kept.info) ? &reset_helper_ok : &reset_helper_bad);
	WaitForSingleObject(kept.returned, INFINITE);
	Sleep(600);
	InterlockedIncrement(DokanResetTimeout(2000, &kept.info) ? &reset_after_ok : &reset_after_bad);
	return 0;
}

static int status_text(char *out, size_t size)
{
	return snprintf(out, size,
		"token_ok=%ld token_bad=%ld token_user_match=%ld token_access=0x%lx token_outside_ok=%ld "
		"token_outside_bad=%ld reset_create_ok=%ld reset_create_bad=%ld reset_nocontext_ok=%ld "
		"reset_nocontext_bad=%ld reset_short_ok=%ld reset_kept_ok=%ld reset_helper_ok=%ld "
		"reset_helper_bad=%ld reset_after_ok=%ld reset_after_bad=%ld cleanup_delete=%ld cleanup_keep=%ld\n",
		token_ok, token_bad, token_user_match, (unsigned long)token_access, token_outside_ok, token_outside_bad,
		reset_create_ok, reset_create_bad, reset_nocontext_ok, reset_nocontext_bad, reset_short_ok, reset_kept_ok,
		reset_helper_ok, reset_helper_bad, reset_after_ok, reset_after_bad, cleanup_delete, cleanup_keep);
}

static int DOKAN_CALLBACK token_read(LPCWSTR path, LPVOID buffer, DWORD length, LPDWORD read, LONGLONG offset,
	PDOKAN_FILE_INFO info)
{
	char data[1024];
	DOKAN_FILE_INFO none;
	HANDLE token, renewer;
	int size;

	if (!wcscmp(path, L"\\status")) {
		token = DokanOpenRequestorToken(info);
		InterlockedIncrement(token == INVALID_HANDLE_VALUE ? &token_outside_ok : &token_outside_bad);
		if (token != INVALID_HANDLE_VALUE && token != NULL)
			CloseHandle(token);
		ZeroMemory(&none, sizeof(none));
		InterlockedIncrement(DokanResetTimeout(1000, &none) ? &reset_nocontext_bad : &reset_nocontext_ok);
		size = status_text(data, sizeof(data));
	} else if (!wcscmp(path, L"\\short")) {
		if (DokanResetTimeout(1000, info))
			InterlockedIncrement(&reset_short_ok);
		Sleep(4000);
		size = snprintf(data, sizeof(data), "late\n");
	} else if (!wcscmp(path, L"\\kept")) {
		if (DokanResetTimeout(2000, info))
			InterlockedIncrement(&reset_kept_ok);
		kept.info = *info;
		ResetEvent(kept.stop);
		ResetEvent(kept.returned);
		renewer = CreateThread(NULL, 0, kept_renewer, NULL, 0, NULL);
		Sleep(5000);
		SetEvent(kept.stop);
		if (renewer)
			CloseHandle(renewer);
		size = snprintf(data, sizeof(data), "kept\n");
		SetEvent(kept.returned); /* the renewer waits 0.6 s more: this callback has returned by then */
	} else {
		size = snprintf(data, sizeof(data), "plain\n");
	}
	*read = 0;
	if (offset < 0)
		return -ERROR_NEGATIVE_SEEK;
	if (offset < size) {
		*read = min(length, (DWORD)(size - offset));
		memcpy(buffer, data + offset, *read);
	}
	return 0;
}

static int DOKAN_CALLBACK token_file_information(LPCWSTR path, LPBY_HANDLE_FILE_INFORMATION data,
	PDOKAN_FILE_INFO info)
{
	data->dwFileAttributes = is_file(path) ? FILE_ATTRIBUTE_NORMAL : FILE_ATTRIBUTE_DIRECTORY;
	data->nFileSizeLow = is_file(path) ? 64 : 0;
	data->nNumberOfLinks = 1;
	return 0;
}

static int DOKAN_CALLBACK token_find_files(LPCWSTR path, PFillFindData fill, PDOKAN_FILE_INFO info)
{
	WIN32_FIND_DATAW entry;
	size_t i;
	for (i = 0; i < sizeof(file_names) / sizeof(file_names[0]); i++) {
		ZeroMemory(&entry, sizeof(entry));
		entry.dwFileAttributes = FILE_ATTRIBUTE_NORMAL;
		entry.nFileSizeLow = 64;
		wcscpy(entry.cFileName, file_names[i]);
		fill(&entry, info);
	}
	return 0;
}

int wmain(int argc, WCHAR **argv)
{
	static DOKAN_OPERATIONS operations;
	static DOKAN_OPTIONS options;
	HANDLE own;
	int result;

	if (argc != 2) {
		fprintf(stderr, "usage: tokenfs <letter>\n");
		return 2;
	}
	if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &own) || !user_of(own, own_user, sizeof(own_user))) {
		fprintf(stderr, "tokenfs: cannot read its own token\n");
		return 1;
	}
	CloseHandle(own);
	kept.stop = CreateEventW(NULL, TRUE, FALSE, NULL);
	kept.returned = CreateEventW(NULL, TRUE, FALSE, NULL);
	options.Version = DOKAN_VERSION;
	options.ThreadCount = 4;
	options.MountPoint = argv[1];
	operations.CreateFile = token_create;
	operations.OpenDirectory = token_open_directory;
	operations.Cleanup = token_cleanup;
	operations.CloseFile = token_close;
	operations.DeleteFile = token_delete;
	operations.DeleteDirectory = token_delete;
	operations.ReadFile = token_read;
	operations.GetFileInformation = token_file_information;
	operations.FindFiles = token_find_files;
	result = DokanMain(&options, &operations);
	printf("tokenfs: DokanMain %d\n", result);
	fflush(stdout);
	return result == DOKAN_SUCCESS ? 0 : 1;
}
