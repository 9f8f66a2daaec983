// SPDX-License-Identifier: LGPL-3.0-or-later
/* ioclient.c - user-mode side of the iohost protocol. Requests are sent overlapped so the
 * same handle serves blocking calls and ioc_irp_begin/ioc_irp_end. */
#include "ioclient.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define IOC_DIR_BUFFER_BYTES (64u * 1024u)

struct IOC_PENDING {
	OVERLAPPED overlapped;
	IOC_IRP *irp;
	IOC_IRP *owned;            /* ioc_notify_begin's request and output, freed with us */
	IOH_IRP_REQUEST *request;
	IOH_IRP_RESULT *result;
	DWORD result_bytes;
};

static HANDLE g_host = INVALID_HANDLE_VALUE;

/* Not declared by mingw's headers; exported by ntdll. */
NTSYSAPI NTSTATUS NTAPI RtlGetLastNtStatus(void);

/* The NTSTATUS behind the last Win32 failure of this thread. */
static NTSTATUS ioc_last_status(void)
{
	NTSTATUS status = RtlGetLastNtStatus();

	return NT_SUCCESS(status) ? STATUS_UNSUCCESSFUL : status;
}

NTSTATUS ioc_connect(void)
{
	if (g_host != INVALID_HANDLE_VALUE)
		return STATUS_SUCCESS;
	g_host = CreateFileW(IOH_USER_PATH, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
		FILE_FLAG_OVERLAPPED, NULL);
	return g_host == INVALID_HANDLE_VALUE ? ioc_last_status() : STATUS_SUCCESS;
}

/* Closing the handle makes iohost close every file still open. */
void ioc_disconnect(void)
{
	if (g_host != INVALID_HANDLE_VALUE)
		CloseHandle(g_host);
	g_host = INVALID_HANDLE_VALUE;
}

static NTSTATUS ioc_start(DWORD code, const void *in, DWORD in_bytes, void *out,
	DWORD out_bytes, OVERLAPPED *ov)
{
	NTSTATUS status;

	memset(ov, 0, sizeof(*ov));
	if (g_host == INVALID_HANDLE_VALUE)
		return STATUS_INVALID_HANDLE;
	ov->hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
	if (!ov->hEvent)
		return STATUS_INSUFFICIENT_RESOURCES;
	if (DeviceIoControl(g_host, code, (void *)in, in_bytes, out, out_bytes, NULL, ov) ||
	    GetLastError() == ERROR_IO_PENDING)
		return STATUS_PENDING;
	/* Wine leaves ov->Internal at STATUS_PENDING when the driver fails the IOCTL at
	 * once; the thread's last NTSTATUS holds the real code. */
	status = ioc_last_status();
	CloseHandle(ov->hEvent);
	return status;
}

/* Waits for a started IOCTL; STATUS_TIMEOUT leaves it running. Failures are protocol
 * errors (file-system answers travel in the result headers). */
static NTSTATUS ioc_wait(OVERLAPPED *ov, DWORD timeout_ms, DWORD *got)
{
	NTSTATUS status = STATUS_SUCCESS;

	if (WaitForSingleObject(ov->hEvent, timeout_ms) == WAIT_TIMEOUT)
		return STATUS_TIMEOUT;
	if (!GetOverlappedResult(g_host, ov, got, FALSE))
		status = (NTSTATUS)ov->Internal;
	CloseHandle(ov->hEvent);
	return status;
}

static NTSTATUS ioc_transact(DWORD code, const void *in, DWORD in_bytes, void *out,
	DWORD out_bytes, DWORD *got)
{
	OVERLAPPED ov;
	NTSTATUS status = ioc_start(code, in, in_bytes, out, out_bytes, &ov);

	*got = 0;
	if (status != STATUS_PENDING)
		return status;
	return ioc_wait(&ov, INFINITE, got);
}

static size_t ioc_open_name_bytes(const IOC_OPEN *args)
{
	return args->name_bytes ? args->name_bytes : wcslen(args->name) * sizeof(WCHAR);
}

/* DOKAN_IOHOST_DRIVER=Fuser sends requests to \Driver\Fuser instead of iohost's default
 * \Driver\Dokan (docs/behaviour.md, "The Fuser flavour"); NULL: the default. */
static const WCHAR *ioc_default_driver(void)
{
	static WCHAR name[IOH_DRIVER_NAME_CHARS];
	WCHAR value[IOH_DRIVER_NAME_CHARS - 8];
	DWORD got = GetEnvironmentVariableW(L"DOKAN_IOHOST_DRIVER", value, ARRAYSIZE(value));

	if (got == 0 || got >= ARRAYSIZE(value))
		return NULL;
	lstrcpyW(name, L"\\Driver\\");
	lstrcatW(name, value);
	return name;
}

static NTSTATUS ioc_fill_create(IOH_CREATE_REQUEST *rq, const IOC_OPEN *args)
{
	size_t name_bytes = ioc_open_name_bytes(args);
	const WCHAR *driver_name = args->driver_name ? args->driver_name : ioc_default_driver();
	size_t driver_chars = driver_name ? wcslen(driver_name) : 0;

	if (name_bytes > IOH_MAX_NAME_BYTES || driver_chars >= IOH_DRIVER_NAME_CHARS)
		return STATUS_NAME_TOO_LONG;
	rq->Size = sizeof(*rq);
	rq->RelatedFileId = args->related;
	rq->DesiredAccess = args->desired_access;
	rq->ShareAccess = args->share_access;
	rq->Disposition = args->disposition;
	rq->CreateOptions = args->create_options;
	rq->FileAttributes = args->file_attributes;
	rq->StackFlags = args->stack_flags;
	rq->AllocationSize = args->allocation_size;
	rq->NameBytes = (ULONG)name_bytes;
	if (driver_chars)
		memcpy(rq->DriverName, driver_name, driver_chars * sizeof(WCHAR));
	memcpy(rq + 1, args->name, rq->NameBytes);
	return STATUS_SUCCESS;
}

NTSTATUS ioc_open_ex(const IOC_OPEN *args, ioc_file *file, ULONG_PTR *information)
{
	size_t bytes = sizeof(IOH_CREATE_REQUEST) + ioc_open_name_bytes(args);
	IOH_CREATE_REQUEST *rq = calloc(1, bytes);
	IOH_CREATE_RESULT result = { 0 };
	NTSTATUS status;
	DWORD got;

	*file = 0;
	if (information)
		*information = 0;
	if (!rq)
		return STATUS_NO_MEMORY;
	status = ioc_fill_create(rq, args);
	if (NT_SUCCESS(status))
		status = ioc_transact(IOCTL_IOH_CREATE, rq, (DWORD)bytes, &result, sizeof(result), &got);
	free(rq);
	if (!NT_SUCCESS(status))
		return status;
	*file = result.FileId;
	if (information)
		*information = (ULONG_PTR)result.Information;
	return result.Status;
}

NTSTATUS ioc_open(const WCHAR *path, ULONG desired_access, ULONG share_access,
	ULONG disposition, ULONG create_options, ULONG file_attributes, ULONG stack_flags,
	ioc_file *file, ULONG_PTR *information)
{
	return ioc_open_relative(0, path, desired_access, share_access, disposition,
		create_options, file_attributes, stack_flags, file, information);
}

NTSTATUS ioc_open_relative(ioc_file parent, const WCHAR *name, ULONG desired_access,
	ULONG share_access, ULONG disposition, ULONG create_options, ULONG file_attributes,
	ULONG stack_flags, ioc_file *file, ULONG_PTR *information)
{
	IOC_OPEN args = { 0 };

	args.name = name;
	args.related = parent;
	args.desired_access = desired_access;
	args.share_access = share_access;
	args.disposition = disposition;
	args.create_options = create_options;
	args.file_attributes = file_attributes;
	args.stack_flags = stack_flags;
	return ioc_open_ex(&args, file, information);
}

NTSTATUS ioc_close_ex(ioc_file file, NTSTATUS *cleanup_status, NTSTATUS *close_status)
{
	IOH_FILE_REQUEST rq = { sizeof(rq), file };
	IOH_CLOSE_RESULT result = { 0 };
	NTSTATUS status;
	DWORD got;

	status = ioc_transact(IOCTL_IOH_CLOSE, &rq, sizeof(rq), &result, sizeof(result), &got);
	if (!NT_SUCCESS(status))
		result.CleanupStatus = result.CloseStatus = status;
	if (cleanup_status)
		*cleanup_status = result.CleanupStatus;
	if (close_status)
		*close_status = result.CloseStatus;
	return !NT_SUCCESS(result.CleanupStatus) ? result.CleanupStatus : result.CloseStatus;
}

NTSTATUS ioc_close(ioc_file file)
{
	return ioc_close_ex(file, NULL, NULL);
}

NTSTATUS ioc_file_state(ioc_file file, IOH_FILE_STATE *state)
{
	IOH_FILE_REQUEST rq = { sizeof(rq), file };
	DWORD got;

	return ioc_transact(IOCTL_IOH_FILE_STATE, &rq, sizeof(rq), state, sizeof(*state), &got);
}

static void ioc_free_pending(IOC_PENDING *p)
{
	free(p->owned);
	free(p->request);
	free(p->result);
	free(p);
}

static IOC_PENDING *ioc_new_pending(IOC_IRP *irp)
{
	IOC_PENDING *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->irp = irp;
	p->request = calloc(1, sizeof(IOH_IRP_REQUEST) + irp->input_bytes);
	p->result_bytes = sizeof(IOH_IRP_RESULT) + irp->output_bytes;
	p->result = calloc(1, p->result_bytes);
	if (!p->request || !p->result) {
		ioc_free_pending(p);
		return NULL;
	}
	return p;
}

static void ioc_fill_irp(IOH_IRP_REQUEST *rq, const IOC_IRP *irp)
{
	rq->Size = sizeof(*rq);
	rq->FileId = irp->file;
	rq->MajorFunction = irp->major;
	rq->MinorFunction = irp->minor;
	rq->StackFlags = irp->stack_flags;
	rq->Flags = irp->flags;
	rq->InputBytes = irp->input_bytes;
	rq->OutputBytes = irp->output_bytes;
	memcpy(rq->Args, irp->args, sizeof(rq->Args));
	if (irp->input_bytes)
		memcpy(rq + 1, irp->input, irp->input_bytes);
}

NTSTATUS ioc_irp_begin(IOC_IRP *irp, IOC_PENDING **pending)
{
	IOC_PENDING *p = ioc_new_pending(irp);
	NTSTATUS status;

	*pending = NULL;
	irp->information = 0;
	irp->data_bytes = 0;
	if (!p)
		return STATUS_NO_MEMORY;
	ioc_fill_irp(p->request, irp);
	status = ioc_start(IOCTL_IOH_IRP, p->request, sizeof(IOH_IRP_REQUEST) + irp->input_bytes,
		p->result, p->result_bytes, &p->overlapped);
	if (status != STATUS_PENDING) {
		ioc_free_pending(p);
		return status;
	}
	*pending = p;
	return STATUS_PENDING;
}

static NTSTATUS ioc_take_result(IOC_IRP *irp, const IOH_IRP_RESULT *result, DWORD got)
{
	if (got < sizeof(*result) || result->DataBytes > irp->output_bytes ||
	    got - sizeof(*result) < result->DataBytes)
		return STATUS_INTERNAL_ERROR;
	memcpy(irp->output, result + 1, result->DataBytes);
	irp->data_bytes = result->DataBytes;
	irp->information = result->Information;
	return result->Status;
}

/* Waits for the request and takes its result into pending->irp; STATUS_TIMEOUT: still
 * pending (nothing changed). Otherwise the caller frees pending. */
static NTSTATUS ioc_collect(IOC_PENDING *pending, DWORD timeout_ms)
{
	NTSTATUS status;
	DWORD got = 0;

	status = ioc_wait(&pending->overlapped, timeout_ms, &got);
	if (status == STATUS_TIMEOUT || !NT_SUCCESS(status))
		return status;
	return ioc_take_result(pending->irp, pending->result, got);
}

NTSTATUS ioc_irp_end(IOC_PENDING *pending, DWORD timeout_ms)
{
	NTSTATUS status = ioc_collect(pending, timeout_ms);

	if (status != STATUS_TIMEOUT)
		ioc_free_pending(pending);
	return status;
}

BOOL ioc_irp_cancel(IOC_PENDING *pending)
{
	return CancelIoEx(g_host, &pending->overlapped);
}

NTSTATUS ioc_irp(IOC_IRP *irp)
{
	IOC_PENDING *pending;
	NTSTATUS status = ioc_irp_begin(irp, &pending);

	if (status != STATUS_PENDING)
		return status;
	return ioc_irp_end(pending, INFINITE);
}

/* The data-carrying calls: one IRP, output copied out, *got = bytes returned. */
static NTSTATUS ioc_simple_irp(IOC_IRP *irp, void *buffer, ULONG length, ULONG *got)
{
	NTSTATUS status;

	irp->output = buffer;
	irp->output_bytes = length;
	status = ioc_irp(irp);
	if (got)
		*got = irp->data_bytes;
	return status;
}

NTSTATUS ioc_read(ioc_file file, LONGLONG offset, void *buffer, ULONG length, ULONG *got)
{
	IOC_IRP irp = { 0 };

	irp.file = file;
	irp.major = IOC_IRP_MJ_READ;
	irp.args[0] = (ULONGLONG)offset;
	return ioc_simple_irp(&irp, buffer, length, got);
}

NTSTATUS ioc_write(ioc_file file, LONGLONG offset, const void *buffer, ULONG length,
	ULONG *written)
{
	IOC_IRP irp = { 0 };
	NTSTATUS status;

	irp.file = file;
	irp.major = IOC_IRP_MJ_WRITE;
	irp.args[0] = (ULONGLONG)offset;
	irp.input = buffer;
	irp.input_bytes = length;
	status = ioc_irp(&irp);
	if (written)
		*written = (ULONG)min(irp.information, (ULONGLONG)length);
	return status;
}

NTSTATUS ioc_query_info(ioc_file file, ULONG info_class, void *buffer, ULONG length,
	ULONG *got)
{
	IOC_IRP irp = { 0 };

	irp.file = file;
	irp.major = IOC_IRP_MJ_QUERY_INFORMATION;
	irp.args[0] = info_class;
	return ioc_simple_irp(&irp, buffer, length, got);
}

NTSTATUS ioc_query_volume(ioc_file file, ULONG info_class, void *buffer, ULONG length,
	ULONG *got)
{
	IOC_IRP irp = { 0 };

	irp.file = file;
	irp.major = IOC_IRP_MJ_QUERY_VOLUME_INFORMATION;
	irp.args[0] = info_class;
	return ioc_simple_irp(&irp, buffer, length, got);
}

NTSTATUS ioc_query_dir(ioc_file file, ULONG info_class, const WCHAR *pattern, UCHAR sl_flags,
	ULONG file_index, void *buffer, ULONG length, ULONG *got)
{
	IOC_IRP irp = { 0 };

	irp.file = file;
	irp.major = IOC_IRP_MJ_DIRECTORY_CONTROL;
	irp.minor = IOC_IRP_MN_QUERY_DIRECTORY;
	irp.stack_flags = sl_flags;
	irp.args[0] = info_class;
	irp.args[1] = file_index;
	if (pattern) {
		irp.flags = IOH_IRP_HAS_NAME;
		irp.input = pattern;
		irp.input_bytes = (ULONG)(wcslen(pattern) * sizeof(WCHAR));
	}
	return ioc_simple_irp(&irp, buffer, length, got);
}

/* Visits the entries of one query's buffer; FALSE when visit asked to stop. */
static BOOL ioc_visit_buffer(const BYTE *buffer, ULONG bytes, ioc_visit_entry visit,
	void *context)
{
	const ULONG header = offsetof(FILE_BOTH_DIR_INFORMATION, FileName);
	ULONG at = 0;

	while (bytes - at >= header) {
		const FILE_BOTH_DIR_INFORMATION *entry = (const void *)(buffer + at);
		if (entry->FileNameLength > bytes - at - header)
			break;
		if (!visit(entry, context))
			return FALSE;
		if (!entry->NextEntryOffset || entry->NextEntryOffset > bytes - at)
			break;
		at += entry->NextEntryOffset;
	}
	return TRUE;
}

NTSTATUS ioc_for_each_entry(ioc_file dir, const WCHAR *pattern, ioc_visit_entry visit,
	void *context)
{
	BYTE *buffer = malloc(IOC_DIR_BUFFER_BYTES);
	UCHAR flags = IOC_SL_RESTART_SCAN;
	NTSTATUS status;
	ULONG got;

	if (!buffer)
		return STATUS_NO_MEMORY;
	for (;;) {
		/* Like FindFirstFile/FindNextFile: the pattern goes with the first query only. */
		status = ioc_query_dir(dir, FileBothDirectoryInformation,
			flags ? pattern : NULL, flags, 0, buffer, IOC_DIR_BUFFER_BYTES, &got);
		flags = 0;
		if (!NT_SUCCESS(status) || !ioc_visit_buffer(buffer, got, visit, context))
			break;
	}
	free(buffer);
	/* The end of a listing, or an empty one, is not a failure. */
	if (status == STATUS_NO_MORE_FILES || status == STATUS_NO_SUCH_FILE)
		return STATUS_SUCCESS;
	return status;
}

typedef struct IOC_NAME_LIST {
	WCHAR **names;
	ULONG count;
	ULONG capacity;
	BOOL failed;
} IOC_NAME_LIST;

static BOOL ioc_collect_name(const FILE_BOTH_DIR_INFORMATION *entry, void *context)
{
	IOC_NAME_LIST *list = context;
	ULONG chars = entry->FileNameLength / sizeof(WCHAR);
	WCHAR *name;

	if (list->count == list->capacity) {
		ULONG capacity = list->capacity ? list->capacity * 2 : 64;
		WCHAR **grown = realloc(list->names, capacity * sizeof(*grown));
		if (!grown)
			return !(list->failed = TRUE);
		list->names = grown;
		list->capacity = capacity;
	}
	name = malloc((chars + 1) * sizeof(WCHAR));
	if (!name)
		return !(list->failed = TRUE);
	memcpy(name, entry->FileName, chars * sizeof(WCHAR));
	name[chars] = 0;
	list->names[list->count++] = name;
	return TRUE;
}

NTSTATUS ioc_list_names(const WCHAR *path, WCHAR ***names, ULONG *count)
{
	IOC_NAME_LIST list = { 0 };
	NTSTATUS status;
	ioc_file dir;

	*names = NULL;
	*count = 0;
	status = ioc_open(path, FILE_LIST_DIRECTORY | SYNCHRONIZE,
		FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, FILE_OPEN,
		FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, &dir, NULL);
	if (!NT_SUCCESS(status))
		return status;
	status = ioc_for_each_entry(dir, NULL, ioc_collect_name, &list);
	ioc_close(dir);
	if (NT_SUCCESS(status) && list.failed)
		status = STATUS_NO_MEMORY;
	if (!NT_SUCCESS(status)) {
		ioc_free_names(list.names, list.count);
		return status;
	}
	*names = list.names;
	*count = list.count;
	return STATUS_SUCCESS;
}

void ioc_free_names(WCHAR **names, ULONG count)
{
	ULONG i;

	for (i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

NTSTATUS ioc_notify_begin(ioc_file dir, ULONG filter, BOOLEAN watch_tree, ULONG buffer_length,
	IOC_PENDING **pending)
{
	IOC_IRP *irp;
	NTSTATUS status;

	*pending = NULL;
	if (buffer_length > IOH_MAX_DATA_BYTES)
		return STATUS_INVALID_PARAMETER;
	irp = calloc(1, sizeof(*irp) + buffer_length);
	if (!irp)
		return STATUS_NO_MEMORY;
	irp->file = dir;
	irp->major = IOC_IRP_MJ_DIRECTORY_CONTROL;
	irp->minor = IOC_IRP_MN_NOTIFY_CHANGE_DIRECTORY;
	irp->stack_flags = watch_tree ? IOC_SL_WATCH_TREE : 0;
	irp->args[0] = filter;
	irp->output = irp + 1;
	irp->output_bytes = buffer_length;
	status = ioc_irp_begin(irp, pending);
	if (status != STATUS_PENDING) {
		free(irp);
		return status;
	}
	(*pending)->owned = irp;
	return STATUS_PENDING;
}

NTSTATUS ioc_notify_end(IOC_PENDING *pending, DWORD timeout_ms, void *buffer, ULONG length,
	ULONG *got)
{
	NTSTATUS status = ioc_collect(pending, timeout_ms);
	ULONG bytes;

	if (got)
		*got = 0;
	if (status == STATUS_TIMEOUT)
		return status;
	bytes = pending->irp->data_bytes;
	if (bytes > length) {
		bytes = length;
		if (NT_SUCCESS(status))
			status = STATUS_BUFFER_OVERFLOW;
	}
	if (bytes)
		memcpy(buffer, pending->irp->output, bytes);
	if (got)
		*got = bytes;
	ioc_free_pending(pending);
	return status;
}

BOOL ioc_notify_cancel(IOC_PENDING *pending)
{
	return ioc_irp_cancel(pending);
}
