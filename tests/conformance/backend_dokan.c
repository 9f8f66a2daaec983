// SPDX-License-Identifier: LGPL-3.0-or-later
/* backend_dokan.c - the backend under test: iohost (the I/O manager stand-in) sends the
 * IRPs to dokan.sys, which forwards them to dokan.dll and the mirror. Paths are
 * <root>\<case>\<path> with root "M:". */
#include "cf.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define MAX_OPEN 256

typedef struct DOKAN {
	CF_BACKEND base;
	WCHAR root[MAX_PATH];
	ioc_file open[MAX_OPEN];
} DOKAN;

static ioc_file F(cf_file file)
{
	return (ioc_file)file;
}

static void remember(DOKAN *d, ioc_file file)
{
	int i;

	for (i = 0; i < MAX_OPEN; i++)
		if (!d->open[i]) {
			d->open[i] = file;
			return;
		}
}

static void forget(DOKAN *d, ioc_file file)
{
	int i;

	for (i = 0; i < MAX_OPEN; i++)
		if (d->open[i] == file)
			d->open[i] = 0;
}

/* ioclient sends the name up to its first NUL: a raw name goes through only when it has
 * none and an even length. An ioclient whose IOC_OPEN carries the name's length (it then
 * defines IOC_OPEN_HAS_NAME_BYTES) sends any name. */
static BOOL raw_name_sendable(const CF_OPEN *args)
{
#ifdef IOC_OPEN_HAS_NAME_BYTES
	(void)args;
	return TRUE;
#else
	ULONG i;

	if (args->name_bytes & 1)
		return FALSE;
	for (i = 0; i < args->name_bytes / sizeof(WCHAR); i++)
		if (!args->path[i])
			return FALSE;
	return TRUE;
#endif
}

static NTSTATUS dokan_open(CF_BACKEND *b, const CF_OPEN *args, cf_file *file, ULONG_PTR *info)
{
	DOKAN *d = (DOKAN *)b;
	WCHAR *full = malloc(sizeof(WCHAR) * 4096);
	IOC_OPEN o = { 0 };
	ioc_file handle = 0;
	NTSTATUS status;

	*file = 0;
	*info = 0;
	if (args->name_bytes && !raw_name_sendable(args)) {
		free(full);
		return CF_STATUS_NAME_NOT_SENDABLE;
	}
	if (!full)
		return STATUS_NO_MEMORY;
	if (args->related)
		_snwprintf(full, 4096, L"%ls", args->path);
	else if (args->path[0])
		_snwprintf(full, 4096, L"%ls\\%ls", b->folder, args->path);
	else
		_snwprintf(full, 4096, L"%ls", b->folder);
	full[4095] = 0;
	o.name = full;
#ifdef IOC_OPEN_HAS_NAME_BYTES
	if (args->related && args->name_bytes) {
		o.name = args->path;
		o.name_bytes = args->name_bytes;
	}
#endif
	o.related = F(args->related);
	o.desired_access = args->access;
	o.share_access = args->share;
	o.disposition = args->disposition;
	o.create_options = args->options;
	o.file_attributes = args->attributes;
	o.allocation_size = args->allocation;
	status = ioc_open_ex(&o, &handle, info);
	free(full);
	if (NT_SUCCESS(status) && handle) {
		*file = handle;
		remember(d, handle);
	}
	return status;
}

static NTSTATUS dokan_close(CF_BACKEND *b, cf_file file)
{
	if (!file)
		return CF_STATUS_NO_HANDLE;
	forget((DOKAN *)b, F(file));
	return ioc_close(F(file));
}

static void dokan_close_all(CF_BACKEND *b)
{
	DOKAN *d = (DOKAN *)b;
	int i;

	for (i = 0; i < MAX_OPEN; i++)
		if (d->open[i]) {
			ioc_close(d->open[i]);
			d->open[i] = 0;
		}
}

static NTSTATUS dokan_read(CF_BACKEND *b, cf_file file, LONGLONG offset, void *buffer,
	ULONG length, ULONG *got)
{
	*got = 0;
	if (!file)
		return CF_STATUS_NO_HANDLE;
	return ioc_read(F(file), offset, buffer, length, got);
}

static NTSTATUS dokan_query_info(CF_BACKEND *b, cf_file file, ULONG info_class, void *buffer,
	ULONG length, ULONG *got)
{
	*got = 0;
	if (!file)
		return CF_STATUS_NO_HANDLE;
	return ioc_query_info(F(file), info_class, buffer, length, got);
}

static NTSTATUS dokan_query_dir(CF_BACKEND *b, cf_file file, ULONG info_class,
	const WCHAR *pattern, UCHAR flags, ULONG file_index, void *buffer, ULONG length,
	ULONG *got)
{
	*got = 0;
	if (!file)
		return CF_STATUS_NO_HANDLE;
	return ioc_query_dir(F(file), info_class, pattern, flags, file_index, buffer, length, got);
}

static NTSTATUS dokan_query_volume(CF_BACKEND *b, cf_file file, ULONG info_class,
	void *buffer, ULONG length, ULONG *got)
{
	*got = 0;
	if (!file)
		return CF_STATUS_NO_HANDLE;
	return ioc_query_volume(F(file), info_class, buffer, length, got);
}

static NTSTATUS dokan_write(CF_BACKEND *b, cf_file file, LONGLONG offset, const void *buffer,
	ULONG length, ULONG *done)
{
	*done = 0;
	if (!file)
		return CF_STATUS_NO_HANDLE;
	return ioc_write(F(file), offset == CF_APPEND ? IOC_WRITE_APPEND : offset, buffer, length,
		done);
}

static NTSTATUS dokan_set_info(CF_BACKEND *b, cf_file file, ULONG info_class,
	const void *buffer, ULONG length)
{
	if (!file)
		return CF_STATUS_NO_HANDLE;
	return ioc_set_info(F(file), info_class, buffer, length);
}

static NTSTATUS dokan_rename(CF_BACKEND *b, cf_file file, const WCHAR *new_path,
	BOOLEAN replace)
{
	WCHAR target[2048];

	if (!file)
		return CF_STATUS_NO_HANDLE;
	if (wcschr(new_path, L'\\'))
		_snwprintf(target, 2048, L"%ls%ls%ls", b->folder,
			new_path[0] == L'\\' ? L"" : L"\\", new_path);
	else
		_snwprintf(target, 2048, L"%ls", new_path);
	target[2047] = 0;
	return ioc_rename(F(file), target, replace);
}

static NTSTATUS dokan_set_disposition(CF_BACKEND *b, cf_file file, BOOLEAN delete_file)
{
	if (!file)
		return CF_STATUS_NO_HANDLE;
	return ioc_set_disposition(F(file), delete_file);
}

static NTSTATUS dokan_flush(CF_BACKEND *b, cf_file file)
{
	if (!file)
		return CF_STATUS_NO_HANDLE;
	return ioc_flush(F(file));
}

static NTSTATUS dokan_lock(CF_BACKEND *b, cf_file file, LONGLONG offset, LONGLONG length,
	ULONG key, BOOLEAN fail_immediately, BOOLEAN exclusive)
{
	if (!file)
		return CF_STATUS_NO_HANDLE;
	return ioc_lock(F(file), offset, length, key, fail_immediately, exclusive);
}

static NTSTATUS dokan_unlock(CF_BACKEND *b, cf_file file, LONGLONG offset, LONGLONG length,
	ULONG key)
{
	if (!file)
		return CF_STATUS_NO_HANDLE;
	return ioc_unlock(F(file), offset, length, key);
}

static NTSTATUS dokan_unlock_all(CF_BACKEND *b, cf_file file)
{
	if (!file)
		return CF_STATUS_NO_HANDLE;
	return ioc_unlock_all(F(file));
}

static NTSTATUS dokan_query_security(CF_BACKEND *b, cf_file file, SECURITY_INFORMATION what,
	void *buffer, ULONG length, ULONG *needed)
{
	*needed = 0;
	if (!file)
		return CF_STATUS_NO_HANDLE;
	return ioc_query_security(F(file), what, buffer, length, needed);
}

static NTSTATUS dokan_set_security(CF_BACKEND *b, cf_file file, SECURITY_INFORMATION what,
	PSECURITY_DESCRIPTOR descriptor)
{
	if (!file)
		return CF_STATUS_NO_HANDLE;
	return ioc_set_security(F(file), what, descriptor,
		descriptor ? GetSecurityDescriptorLength(descriptor) : 0);
}

static NTSTATUS dokan_fsctl(CF_BACKEND *b, cf_file file, ULONG code, const void *input,
	ULONG input_length, void *output, ULONG output_length, ULONG *got)
{
	*got = 0;
	if (!file)
		return CF_STATUS_NO_HANDLE;
	return ioc_fsctl(F(file), code, input, input_length, output, output_length, got);
}

struct CF_NOTIFY {
	IOC_PENDING *pending;
};

static NTSTATUS dokan_notify_begin(CF_BACKEND *b, cf_file file, ULONG filter,
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
	status = ioc_notify_begin(F(file), filter, watch_tree, length, &n->pending);
	if (status == STATUS_PENDING)
		*notify = n;
	else
		free(n);
	return status;
}

static NTSTATUS dokan_notify_end(CF_BACKEND *b, CF_NOTIFY *n, DWORD timeout_ms, void *buffer,
	ULONG length, ULONG *got)
{
	NTSTATUS status;

	*got = 0;
	if (!n)
		return CF_STATUS_NO_HANDLE;
	status = ioc_notify_end(n->pending, timeout_ms, buffer, length, got);
	if (status != STATUS_TIMEOUT)
		free(n);
	return status;
}

static NTSTATUS dokan_notify_cancel(CF_BACKEND *b, CF_NOTIFY *n)
{
	if (!n)
		return CF_STATUS_NO_HANDLE;
	return ioc_notify_cancel(n->pending) ? STATUS_SUCCESS : STATUS_NOT_FOUND;
}

CF_BACKEND *cf_dokan_backend(const WCHAR *root)
{
	DOKAN *d = calloc(1, sizeof(*d));

	if (!d || !NT_SUCCESS(ioc_connect())) {
		free(d);
		return NULL;
	}
	wcsncpy(d->root, root, MAX_PATH - 1);
	d->base.name = "dokan";
	d->base.open = dokan_open;
	d->base.close = dokan_close;
	d->base.read = dokan_read;
	d->base.write = dokan_write;
	d->base.query_info = dokan_query_info;
	d->base.set_info = dokan_set_info;
	d->base.rename = dokan_rename;
	d->base.set_disposition = dokan_set_disposition;
	d->base.query_dir = dokan_query_dir;
	d->base.query_volume = dokan_query_volume;
	d->base.flush = dokan_flush;
	d->base.lock = dokan_lock;
	d->base.unlock = dokan_unlock;
	d->base.unlock_all = dokan_unlock_all;
	d->base.query_security = dokan_query_security;
	d->base.set_security = dokan_set_security;
	d->base.fsctl = dokan_fsctl;
	d->base.notify_begin = dokan_notify_begin;
	d->base.notify_end = dokan_notify_end;
	d->base.notify_cancel = dokan_notify_cancel;
	d->base.close_all = dokan_close_all;
	return &d->base;
}
