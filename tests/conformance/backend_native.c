// SPDX-License-Identifier: LGPL-3.0-or-later
/* backend_native.c - the reference backend: ntdll calls on Wine's own file system. Paths
 * are \??\<root>\<case>\<path>. Functions mingw does not declare are looked up in ntdll
 * at run time. Asynchronous handles get an event per call and are waited for. */
#include "cf.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

typedef NTSTATUS (NTAPI *fn_NtCreateFile)(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES,
	PIO_STATUS_BLOCK, PLARGE_INTEGER, ULONG, ULONG, ULONG, ULONG, PVOID, ULONG);
typedef NTSTATUS (NTAPI *fn_NtClose)(HANDLE);
typedef NTSTATUS (NTAPI *fn_NtReadWrite)(HANDLE, HANDLE, PIO_APC_ROUTINE, PVOID,
	PIO_STATUS_BLOCK, PVOID, ULONG, PLARGE_INTEGER, PULONG);
typedef NTSTATUS (NTAPI *fn_NtQueryInformationFile)(HANDLE, PIO_STATUS_BLOCK, PVOID, ULONG,
	ULONG);
typedef NTSTATUS (NTAPI *fn_NtQueryDirectoryFile)(HANDLE, HANDLE, PIO_APC_ROUTINE, PVOID,
	PIO_STATUS_BLOCK, PVOID, ULONG, ULONG, BOOLEAN, PUNICODE_STRING, BOOLEAN);
typedef NTSTATUS (NTAPI *fn_NtFlushBuffersFile)(HANDLE, PIO_STATUS_BLOCK);
/* Key: a ULONG in Windows' prototype, a pointer (NULL = no key) in Wine's; passing NULL
 * fills the whole stack slot. */
typedef NTSTATUS (NTAPI *fn_NtLockFile)(HANDLE, HANDLE, PIO_APC_ROUTINE, PVOID,
	PIO_STATUS_BLOCK, PLARGE_INTEGER, PLARGE_INTEGER, PULONG, BOOLEAN, BOOLEAN);
typedef NTSTATUS (NTAPI *fn_NtUnlockFile)(HANDLE, PIO_STATUS_BLOCK, PLARGE_INTEGER,
	PLARGE_INTEGER, PULONG);
typedef NTSTATUS (NTAPI *fn_NtQuerySecurityObject)(HANDLE, SECURITY_INFORMATION,
	PSECURITY_DESCRIPTOR, ULONG, PULONG);
typedef NTSTATUS (NTAPI *fn_NtSetSecurityObject)(HANDLE, SECURITY_INFORMATION,
	PSECURITY_DESCRIPTOR);
typedef NTSTATUS (NTAPI *fn_NtNotifyChangeDirectoryFile)(HANDLE, HANDLE, PIO_APC_ROUTINE,
	PVOID, PIO_STATUS_BLOCK, PVOID, ULONG, ULONG, BOOLEAN);
typedef NTSTATUS (NTAPI *fn_NtCancelIoFileEx)(HANDLE, PIO_STATUS_BLOCK, PIO_STATUS_BLOCK);
typedef NTSTATUS (NTAPI *fn_NtFsControlFile)(HANDLE, HANDLE, PIO_APC_ROUTINE, PVOID,
	PIO_STATUS_BLOCK, ULONG, PVOID, ULONG, PVOID, ULONG);

static struct {
	fn_NtCreateFile NtCreateFile;
	fn_NtClose NtClose;
	fn_NtReadWrite NtReadFile, NtWriteFile;
	fn_NtQueryInformationFile NtQueryInformationFile, NtSetInformationFile,
		NtQueryVolumeInformationFile;
	fn_NtQueryDirectoryFile NtQueryDirectoryFile;
	fn_NtFlushBuffersFile NtFlushBuffersFile;
	fn_NtLockFile NtLockFile;
	fn_NtUnlockFile NtUnlockFile;
	fn_NtQuerySecurityObject NtQuerySecurityObject;
	fn_NtSetSecurityObject NtSetSecurityObject;
	fn_NtNotifyChangeDirectoryFile NtNotifyChangeDirectoryFile;
	fn_NtCancelIoFileEx NtCancelIoFileEx;
	fn_NtFsControlFile NtFsControlFile;
} nt;

#define MAX_OPEN 256

typedef struct NATIVE {
	CF_BACKEND base;
	WCHAR root[MAX_PATH];
	HANDLE open[MAX_OPEN]; /* what close_all closes */
	/* Granted byte-range locks, for the IRP_MN_UNLOCK_ALL emulation. */
	struct { HANDLE file; LONGLONG offset, length; ULONG key; } locks[MAX_OPEN];
} NATIVE;

struct CF_NOTIFY {
	HANDLE file;
	HANDLE event;
	IO_STATUS_BLOCK iosb;
	BYTE *buffer;
	ULONG length;
};

static BOOL resolve(void)
{
	HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
#define RESOLVE(field, type, name) \
	if (!(nt.field = (type)(void *)GetProcAddress(ntdll, name))) return FALSE;
	if (!ntdll)
		return FALSE;
	RESOLVE(NtCreateFile, fn_NtCreateFile, "NtCreateFile")
	RESOLVE(NtClose, fn_NtClose, "NtClose")
	RESOLVE(NtReadFile, fn_NtReadWrite, "NtReadFile")
	RESOLVE(NtWriteFile, fn_NtReadWrite, "NtWriteFile")
	RESOLVE(NtQueryInformationFile, fn_NtQueryInformationFile, "NtQueryInformationFile")
	RESOLVE(NtSetInformationFile, fn_NtQueryInformationFile, "NtSetInformationFile")
	RESOLVE(NtQueryVolumeInformationFile, fn_NtQueryInformationFile,
		"NtQueryVolumeInformationFile")
	RESOLVE(NtQueryDirectoryFile, fn_NtQueryDirectoryFile, "NtQueryDirectoryFile")
	RESOLVE(NtFlushBuffersFile, fn_NtFlushBuffersFile, "NtFlushBuffersFile")
	RESOLVE(NtLockFile, fn_NtLockFile, "NtLockFile")
	RESOLVE(NtUnlockFile, fn_NtUnlockFile, "NtUnlockFile")
	RESOLVE(NtQuerySecurityObject, fn_NtQuerySecurityObject, "NtQuerySecurityObject")
	RESOLVE(NtSetSecurityObject, fn_NtSetSecurityObject, "NtSetSecurityObject")
	RESOLVE(NtNotifyChangeDirectoryFile, fn_NtNotifyChangeDirectoryFile,
		"NtNotifyChangeDirectoryFile")
	RESOLVE(NtCancelIoFileEx, fn_NtCancelIoFileEx, "NtCancelIoFileEx")
	RESOLVE(NtFsControlFile, fn_NtFsControlFile, "NtFsControlFile")
#undef RESOLVE
	return TRUE;
}

static HANDLE H(cf_file file)
{
	return (HANDLE)file;
}

/* The asynchronous pattern: call with an event; wait when the call pended. */
static NTSTATUS finish(NTSTATUS status, HANDLE event, IO_STATUS_BLOCK *iosb)
{
	if (status == STATUS_PENDING) {
		WaitForSingleObject(event, INFINITE);
		status = iosb->Status;
	}
	CloseHandle(event);
	return status;
}

static void remember(NATIVE *n, HANDLE handle)
{
	int i;

	for (i = 0; i < MAX_OPEN; i++)
		if (!n->open[i]) {
			n->open[i] = handle;
			return;
		}
}

static void forget(NATIVE *n, HANDLE handle)
{
	int i;

	for (i = 0; i < MAX_OPEN; i++)
		if (n->open[i] == handle)
			n->open[i] = NULL;
}

static NTSTATUS native_open(CF_BACKEND *b, const CF_OPEN *args, cf_file *file, ULONG_PTR *info)
{
	NATIVE *n = (NATIVE *)b;
	WCHAR *full = malloc(sizeof(WCHAR) * 4096);
	UNICODE_STRING name;
	OBJECT_ATTRIBUTES attrs;
	IO_STATUS_BLOCK iosb = { 0 };
	LARGE_INTEGER allocation;
	HANDLE handle = NULL;
	NTSTATUS status;

	*file = 0;
	*info = 0;
	if (!full)
		return STATUS_NO_MEMORY;
	if (args->related && args->name_bytes && args->name_bytes < 4096 * sizeof(WCHAR))
		memcpy(full, args->path, args->name_bytes);
	else if (args->related)
		_snwprintf(full, 4096, L"%ls", args->path);
	else if (args->path[0])
		_snwprintf(full, 4096, L"\\??\\%ls\\%ls", b->folder, args->path);
	else
		_snwprintf(full, 4096, L"\\??\\%ls", b->folder);
	full[4095] = 0;
	name.Buffer = full;
	name.Length = (USHORT)(args->related && args->name_bytes ? args->name_bytes :
		wcslen(full) * sizeof(WCHAR));
	name.MaximumLength = name.Length;
	InitializeObjectAttributes(&attrs, &name, OBJ_CASE_INSENSITIVE,
		args->related ? H(args->related) : NULL, NULL);
	allocation.QuadPart = args->allocation;
	iosb.Information = 0xDEADBEEF;
	status = nt.NtCreateFile(&handle, args->access, &attrs, &iosb,
		args->allocation ? &allocation : NULL, args->attributes, args->share,
		args->disposition, args->options, NULL, 0);
	free(full);
	/* NtCreateFile leaves the I/O status block alone when it fails before the FS. */
	*info = iosb.Information == 0xDEADBEEF ? 0 : iosb.Information;
	if (NT_SUCCESS(status)) {
		*file = (cf_file)handle;
		remember(n, handle);
	}
	return status;
}

static NTSTATUS native_close(CF_BACKEND *b, cf_file file)
{
	NATIVE *n = (NATIVE *)b;
	int i;

	if (!file)
		return CF_STATUS_NO_HANDLE;
	forget(n, H(file));
	for (i = 0; i < MAX_OPEN; i++)
		if (n->locks[i].file == H(file))
			n->locks[i].file = NULL;
	return nt.NtClose(H(file));
}

static void native_close_all(CF_BACKEND *b)
{
	NATIVE *n = (NATIVE *)b;
	int i;

	for (i = 0; i < MAX_OPEN; i++) {
		if (n->open[i]) {
			nt.NtClose(n->open[i]);
			n->open[i] = NULL;
		}
		n->locks[i].file = NULL;
	}
}

static NTSTATUS native_read(CF_BACKEND *b, cf_file file, LONGLONG offset, void *buffer,
	ULONG length, ULONG *got)
{
	IO_STATUS_BLOCK iosb = { 0 };
	LARGE_INTEGER at;
	HANDLE event = CreateEventW(NULL, TRUE, FALSE, NULL);
	NTSTATUS status;

	*got = 0;
	if (!file) {
		CloseHandle(event);
		return CF_STATUS_NO_HANDLE;
	}
	at.QuadPart = offset;
	status = nt.NtReadFile(H(file), event, NULL, NULL, &iosb, buffer, length, &at, NULL);
	status = finish(status, event, &iosb);
	if (NT_SUCCESS(status) || NT_WARNING(status))
		*got = (ULONG)iosb.Information;
	return status;
}

static NTSTATUS native_write(CF_BACKEND *b, cf_file file, LONGLONG offset, const void *buffer,
	ULONG length, ULONG *done)
{
	IO_STATUS_BLOCK iosb = { 0 };
	LARGE_INTEGER at;
	HANDLE event = CreateEventW(NULL, TRUE, FALSE, NULL);
	NTSTATUS status;

	*done = 0;
	if (!file) {
		CloseHandle(event);
		return CF_STATUS_NO_HANDLE;
	}
	at.QuadPart = offset;
	status = nt.NtWriteFile(H(file), event, NULL, NULL, &iosb, (void *)buffer, length, &at,
		NULL);
	status = finish(status, event, &iosb);
	if (NT_SUCCESS(status))
		*done = (ULONG)iosb.Information;
	return status;
}

static NTSTATUS native_query_info(CF_BACKEND *b, cf_file file, ULONG info_class, void *buffer,
	ULONG length, ULONG *got)
{
	IO_STATUS_BLOCK iosb = { 0 };
	NTSTATUS status;

	*got = 0;
	if (!file)
		return CF_STATUS_NO_HANDLE;
	status = nt.NtQueryInformationFile(H(file), &iosb, buffer, length, info_class);
	if (NT_SUCCESS(status) || NT_WARNING(status))
		*got = (ULONG)iosb.Information;
	return status;
}

static NTSTATUS native_set_info(CF_BACKEND *b, cf_file file, ULONG info_class,
	const void *buffer, ULONG length)
{
	IO_STATUS_BLOCK iosb = { 0 };

	if (!file)
		return CF_STATUS_NO_HANDLE;
	return nt.NtSetInformationFile(H(file), &iosb, (void *)buffer, length, info_class);
}

static NTSTATUS native_rename(CF_BACKEND *b, cf_file file, const WCHAR *new_path,
	BOOLEAN replace)
{
	WCHAR target[2048];
	ULONG chars, bytes;
	FILE_RENAME_INFORMATION *info;
	NTSTATUS status;

	if (!file)
		return CF_STATUS_NO_HANDLE;
	if (wcschr(new_path, L'\\')) {
		_snwprintf(target, 2048, L"\\??\\%ls%ls%ls", b->folder,
			new_path[0] == L'\\' ? L"" : L"\\", new_path);
	} else {
		/* Wine 8 refuses a bare target name (STATUS_OBJECT_PATH_SYNTAX_BAD); Windows
		 * renames within the source's folder, so that folder's full path is sent. */
		BYTE buffer[4096];
		FILE_NAME_INFORMATION *n = (FILE_NAME_INFORMATION *)buffer;
		ULONG got = 0, chars;
		WCHAR drive[3] = { b->folder[0], b->folder[1], 0 };
		NTSTATUS status = native_query_info(b, file, FileNameInformation, buffer,
			sizeof(buffer) - sizeof(WCHAR), &got);
		if (!NT_SUCCESS(status))
			return status;
		chars = n->FileNameLength / sizeof(WCHAR);
		while (chars && n->FileName[chars - 1] != L'\\')
			chars--;
		_snwprintf(target, 2048, L"\\??\\%ls%.*ls%ls", drive, (int)chars, n->FileName, new_path);
	}
	target[2047] = 0;
	chars = (ULONG)wcslen(target);
	bytes = (ULONG)offsetof(FILE_RENAME_INFORMATION, FileName) + chars * sizeof(WCHAR);
	info = calloc(1, bytes + sizeof(WCHAR));
	if (!info)
		return STATUS_NO_MEMORY;
	info->ReplaceIfExists = replace;
	info->RootDirectory = NULL;
	info->FileNameLength = chars * sizeof(WCHAR);
	memcpy(info->FileName, target, chars * sizeof(WCHAR));
	status = native_set_info(b, file, FileRenameInformation, info, bytes);
	free(info);
	return status;
}

static NTSTATUS native_set_disposition(CF_BACKEND *b, cf_file file, BOOLEAN delete_file)
{
	FILE_DISPOSITION_INFORMATION info;

	info.DoDeleteFile = delete_file;
	return native_set_info(b, file, FileDispositionInformation, &info, sizeof(info));
}

static NTSTATUS query_dir_once(HANDLE handle, ULONG info_class, const WCHAR *pattern,
	BOOLEAN single, BOOLEAN restart, void *buffer, ULONG length, ULONG *got)
{
	IO_STATUS_BLOCK iosb = { 0 };
	UNICODE_STRING mask;
	NTSTATUS status;

	if (pattern) {
		mask.Buffer = (WCHAR *)pattern;
		mask.Length = mask.MaximumLength = (USHORT)(wcslen(pattern) * sizeof(WCHAR));
	}
	/* No event: Wine 8 answers STATUS_NOT_IMPLEMENTED when one is given (it always
	 * completes directory queries synchronously). */
	status = nt.NtQueryDirectoryFile(handle, NULL, NULL, NULL, &iosb, buffer, length,
		info_class, single, pattern ? &mask : NULL, restart);
	*got = NT_SUCCESS(status) ? (ULONG)iosb.Information : 0;
	return status;
}

/* NtQueryDirectoryFile has no FileIndex: SL_INDEX_SPECIFIED is emulated as "restart, skip
 * file_index entries, then answer" (FileIndex = the count of entries already returned,
 * the meaning Dokan gives it). */
static NTSTATUS native_query_dir(CF_BACKEND *b, cf_file file, ULONG info_class,
	const WCHAR *pattern, UCHAR flags, ULONG file_index, void *buffer, ULONG length,
	ULONG *got)
{
	BOOLEAN single = (flags & CF_SINGLE_ENTRY) != 0;
	BOOLEAN restart = (flags & CF_RESTART_SCAN) != 0;
	NTSTATUS status;
	ULONG i;

	*got = 0;
	if (!file)
		return CF_STATUS_NO_HANDLE;
	if (!(flags & CF_INDEX_SPECIFIED))
		return query_dir_once(H(file), info_class, pattern, single, restart, buffer, length,
			got);
	{
		BYTE *scratch = malloc(length > 4096 ? length : 4096);
		if (!scratch)
			return STATUS_NO_MEMORY;
		restart = TRUE;
		for (i = 0; i < file_index; i++) {
			status = query_dir_once(H(file), info_class, pattern, TRUE, restart, scratch,
				length > 4096 ? length : 4096, got);
			restart = FALSE;
			if (!NT_SUCCESS(status)) {
				free(scratch);
				*got = 0;
				return status;
			}
		}
		free(scratch);
		return query_dir_once(H(file), info_class, pattern, single, restart, buffer, length,
			got);
	}
}

static NTSTATUS native_query_volume(CF_BACKEND *b, cf_file file, ULONG info_class,
	void *buffer, ULONG length, ULONG *got)
{
	IO_STATUS_BLOCK iosb = { 0 };
	NTSTATUS status;

	*got = 0;
	if (!file)
		return CF_STATUS_NO_HANDLE;
	status = nt.NtQueryVolumeInformationFile(H(file), &iosb, buffer, length, info_class);
	if (NT_SUCCESS(status) || NT_WARNING(status))
		*got = (ULONG)iosb.Information;
	return status;
}

static NTSTATUS native_flush(CF_BACKEND *b, cf_file file)
{
	IO_STATUS_BLOCK iosb = { 0 };

	if (!file)
		return CF_STATUS_NO_HANDLE;
	return nt.NtFlushBuffersFile(H(file), &iosb);
}

static NTSTATUS native_lock(CF_BACKEND *b, cf_file file, LONGLONG offset, LONGLONG length,
	ULONG key, BOOLEAN fail_immediately, BOOLEAN exclusive)
{
	LARGE_INTEGER at, size;
	NTSTATUS status;

	if (!file)
		return CF_STATUS_NO_HANDLE;
	at.QuadPart = offset;
	size.QuadPart = length;
	/* Wine 8 answers STATUS_NOT_IMPLEMENTED when given an APC, an I/O status block or a
	 * key; it completes locks synchronously. */
	status = nt.NtLockFile(H(file), NULL, NULL, NULL, NULL, &at, &size, NULL, fail_immediately,
		exclusive);
	if (NT_SUCCESS(status)) {
		NATIVE *n = (NATIVE *)b;
		int i;
		for (i = 0; i < MAX_OPEN; i++)
			if (!n->locks[i].file) {
				n->locks[i].file = H(file);
				n->locks[i].offset = offset;
				n->locks[i].length = length;
				n->locks[i].key = key;
				break;
			}
	}
	return status;
}

static NTSTATUS native_unlock(CF_BACKEND *b, cf_file file, LONGLONG offset, LONGLONG length,
	ULONG key)
{
	LARGE_INTEGER at, size;

	if (!file)
		return CF_STATUS_NO_HANDLE;
	NATIVE *n = (NATIVE *)b;
	NTSTATUS status;
	int i;

	if (!file)
		return CF_STATUS_NO_HANDLE;
	at.QuadPart = offset;
	size.QuadPart = length;
	/* Wine 8: an I/O status block makes NtUnlockFile answer STATUS_NOT_IMPLEMENTED */
	status = nt.NtUnlockFile(H(file), NULL, &at, &size, NULL);
	if (NT_SUCCESS(status))
		for (i = 0; i < MAX_OPEN; i++)
			if (n->locks[i].file == H(file) && n->locks[i].offset == offset &&
			    n->locks[i].length == length && n->locks[i].key == key) {
				n->locks[i].file = NULL;
				break;
			}
	return status;
}

/* ntdll has no "unlock all" call (Windows sends IRP_MN_UNLOCK_ALL from cleanup): emulated
 * by unlocking every range this handle was granted. */
static NTSTATUS native_unlock_all(CF_BACKEND *b, cf_file file)
{
	NATIVE *n = (NATIVE *)b;
	LARGE_INTEGER at, size;
	int i;

	if (!file)
		return CF_STATUS_NO_HANDLE;
	for (i = 0; i < MAX_OPEN; i++)
		if (n->locks[i].file == H(file)) {
			at.QuadPart = n->locks[i].offset;
			size.QuadPart = n->locks[i].length;
			nt.NtUnlockFile(H(file), NULL, &at, &size, NULL);
			n->locks[i].file = NULL;
		}
	return STATUS_SUCCESS;
}

static NTSTATUS native_query_security(CF_BACKEND *b, cf_file file, SECURITY_INFORMATION what,
	void *buffer, ULONG length, ULONG *needed)
{
	*needed = 0;
	if (!file)
		return CF_STATUS_NO_HANDLE;
	return nt.NtQuerySecurityObject(H(file), what, buffer, length, needed);
}

static NTSTATUS native_set_security(CF_BACKEND *b, cf_file file, SECURITY_INFORMATION what,
	PSECURITY_DESCRIPTOR descriptor)
{
	if (!file)
		return CF_STATUS_NO_HANDLE;
	return nt.NtSetSecurityObject(H(file), what, descriptor);
}

static NTSTATUS native_fsctl(CF_BACKEND *b, cf_file file, ULONG code, const void *input,
	ULONG input_length, void *output, ULONG output_length, ULONG *got)
{
	IO_STATUS_BLOCK iosb = { 0 };
	HANDLE event = CreateEventW(NULL, TRUE, FALSE, NULL);
	NTSTATUS status;

	*got = 0;
	if (!file) {
		CloseHandle(event);
		return CF_STATUS_NO_HANDLE;
	}
	status = nt.NtFsControlFile(H(file), event, NULL, NULL, &iosb, code, (void *)input,
		input_length, output, output_length);
	status = finish(status, event, &iosb);
	if (NT_SUCCESS(status) || NT_WARNING(status))
		*got = (ULONG)iosb.Information;
	return status;
}

static NTSTATUS native_notify_begin(CF_BACKEND *b, cf_file file, ULONG filter,
	BOOLEAN watch_tree, ULONG length, CF_NOTIFY **notify)
{
	CF_NOTIFY *n;
	NTSTATUS status;

	*notify = NULL;
	if (!file)
		return CF_STATUS_NO_HANDLE;
	n = calloc(1, sizeof(*n));
	if (!n)
		return STATUS_NO_MEMORY;
	n->file = H(file);
	n->length = length;
	n->buffer = calloc(1, length ? length : 1);
	n->event = CreateEventW(NULL, TRUE, FALSE, NULL);
	status = nt.NtNotifyChangeDirectoryFile(n->file, n->event, NULL, NULL, &n->iosb,
		n->buffer, length, filter, watch_tree);
	if (status == STATUS_PENDING) {
		*notify = n;
		return status;
	}
	/* completed at once */
	CloseHandle(n->event);
	free(n->buffer);
	free(n);
	return status;
}

static NTSTATUS native_notify_end(CF_BACKEND *b, CF_NOTIFY *n, DWORD timeout_ms, void *buffer,
	ULONG length, ULONG *got)
{
	NTSTATUS status;
	ULONG bytes;

	*got = 0;
	if (!n)
		return CF_STATUS_NO_HANDLE;
	if (WaitForSingleObject(n->event, timeout_ms) == WAIT_TIMEOUT)
		return STATUS_TIMEOUT;
	status = n->iosb.Status;
	bytes = (ULONG)n->iosb.Information;
	if (bytes > n->length)
		bytes = n->length;
	if (bytes > length)
		bytes = length;
	if (buffer && bytes)
		memcpy(buffer, n->buffer, bytes);
	*got = bytes;
	CloseHandle(n->event);
	free(n->buffer);
	free(n);
	return status;
}

static NTSTATUS native_notify_cancel(CF_BACKEND *b, CF_NOTIFY *n)
{
	IO_STATUS_BLOCK cancel = { 0 };

	if (!n)
		return CF_STATUS_NO_HANDLE;
	return nt.NtCancelIoFileEx(n->file, &n->iosb, &cancel);
}

CF_BACKEND *cf_native_backend(const WCHAR *root)
{
	NATIVE *n;

	if (!resolve())
		return NULL;
	n = calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	wcsncpy(n->root, root, MAX_PATH - 1);
	n->base.name = "native";
	n->base.open = native_open;
	n->base.close = native_close;
	n->base.read = native_read;
	n->base.write = native_write;
	n->base.query_info = native_query_info;
	n->base.set_info = native_set_info;
	n->base.rename = native_rename;
	n->base.set_disposition = native_set_disposition;
	n->base.query_dir = native_query_dir;
	n->base.query_volume = native_query_volume;
	n->base.flush = native_flush;
	n->base.lock = native_lock;
	n->base.unlock = native_unlock;
	n->base.unlock_all = native_unlock_all;
	n->base.query_security = native_query_security;
	n->base.set_security = native_set_security;
	n->base.fsctl = native_fsctl;
	n->base.notify_begin = native_notify_begin;
	n->base.notify_end = native_notify_end;
	n->base.notify_cancel = native_notify_cancel;
	n->base.close_all = native_close_all;
	return &n->base;
}
