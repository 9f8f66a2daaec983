// SPDX-License-Identifier: LGPL-3.0-or-later
/* open.c - opening and closing Dokan files. A program's handle to a Dokan file is its own
 * open of \??\DokanIoHost, synchronous or overlapped as the program asked, on which
 * IOCTL_IOH_CREATE with IOH_CREATE_BIND opened the file: Wine then treats it as the device
 * handle it is (waits, APCs, completion ports, inheritance, duplication, exit cleanup). */
#include "shim.h"

#include <string.h>

#define SYNC_OPTIONS (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT)

/* Wine's own kernel32 assumes Wine checks no handle access: MoveFileExW opens with
 * DELETE|SYNCHRONIZE and then reads FileBasicInformation, SetFileAttributesW opens with
 * SYNCHRONIZE only and then sets it. iohost checks access as Windows does, so the shim asks
 * for attribute access too (which no share mode or read-only file refuses). */
static ACCESS_MASK widened_access(ACCESS_MASK access)
{
	access |= FILE_READ_ATTRIBUTES;
	if (!(access & ~(SYNCHRONIZE | FILE_READ_ATTRIBUTES)))
		access |= FILE_WRITE_ATTRIBUTES;
	return access;
}

/* Wine checks a device handle's access itself before it sends a write: an append-only
 * handle needs FILE_WRITE_DATA there. iohost still holds the file to the access asked
 * for (an append-only file writes at its end only). */
static ACCESS_MASK device_access(const shim_open_args *args)
{
	ACCESS_MASK access = widened_access(args->access);

	if (access & FILE_APPEND_DATA)
		access |= FILE_WRITE_DATA;
	if (args->options & SYNC_OPTIONS)
		access |= SYNCHRONIZE;
	return access;
}

static NTSTATUS open_device(const shim_open_args *args, HANDLE *device)
{
	UNICODE_STRING name;
	OBJECT_ATTRIBUTES oa;
	IO_STATUS_BLOCK iosb;

	RtlInitUnicodeString(&name, L"\\??\\DokanIoHost");
	InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | (args->attributes & OBJ_INHERIT), NULL, NULL);
	return real_NtCreateFile(device, device_access(args),
		&oa, &iosb, NULL, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, FILE_OPEN,
		args->options & SYNC_OPTIONS, NULL, 0);
}

static IOH_CREATE_REQUEST *build_create(const shim_target *target, const shim_open_args *args, ULONG *bytes)
{
	IOH_CREATE_REQUEST *request;

	*bytes = (ULONG)sizeof(*request) + target->name_bytes;
	request = shim_alloc(*bytes);
	if (!request)
		return NULL;
	request->Size = sizeof(*request);
	request->RelatedFileId = target->related_id;
	request->DesiredAccess = widened_access(args->access);
	request->ShareAccess = args->share;
	request->Disposition = args->disposition;
	request->CreateOptions = args->options & 0x00FFFFFF;
	request->FileAttributes = args->file_attributes;
	/* as the I/O manager: names are compared case-sensitively unless the caller says not */
	request->StackFlags = (args->attributes & OBJ_CASE_INSENSITIVE) ? 0 : SHIM_SL_CASE_SENSITIVE;
	request->AllocationSize = args->allocation;
	request->NameBytes = target->name_bytes;
	request->Flags = IOH_CREATE_BIND;
	memcpy(request + 1, target->name, target->name_bytes);
	return request;
}

NTSTATUS shim_open_bound(const shim_target *target, const shim_open_args *args, HANDLE *handle,
	ULONG_PTR *information)
{
	shim_handle_info info = { 0 };
	IOH_CREATE_RESULT result = { 0 };
	IOH_CREATE_REQUEST *request;
	ULONG request_bytes;
	ULONG_PTR got;
	HANDLE device;
	NTSTATUS status;

	*information = 0;
	if (target->name_bytes > IOH_MAX_NAME_BYTES)
		return STATUS_OBJECT_NAME_INVALID;
	request = build_create(target, args, &request_bytes);
	if (!request)
		return STATUS_NO_MEMORY;
	status = open_device(args, &device);
	if (NT_SUCCESS(status)) {
		info.synchronous = (args->options & SYNC_OPTIONS) != 0;
		status = shim_ioh_call(device, info.synchronous, IOCTL_IOH_CREATE, request, request_bytes,
			&result, sizeof(result), &got);
		if (NT_SUCCESS(status))
			status = got < sizeof(result) ? STATUS_INVALID_NETWORK_RESPONSE : result.Status;
		*information = (ULONG_PTR)result.Information;
		if (NT_SUCCESS(status)) {
			info.kind = SHIM_HANDLE_BOUND;
			info.file_id = result.FileId;
			info.letter = target->letter;
			shim_remember(device, &info);
			*handle = device;
		} else {
			real_NtClose(device);
		}
	}
	shim_free(request);
	return status;
}

/* The caller's NtCreateFile, for a name on a Dokan drive. */
static NTSTATUS create_on_dokan(PHANDLE handle, const shim_target *target, const shim_open_args *args,
	PIO_STATUS_BLOCK iosb, PVOID ea, ULONG ea_length)
{
	ULONG_PTR information;
	HANDLE opened = NULL;
	NTSTATUS status;

	if (!shim_can_write(handle, sizeof(*handle)) || !shim_can_write(iosb, sizeof(*iosb)))
		return STATUS_ACCESS_VIOLATION;
	if (ea && ea_length)
		return STATUS_EAS_NOT_SUPPORTED; /* dokan 0.6.0 has no extended attributes */
	status = shim_open_bound(target, args, &opened, &information);
	if (!NT_ERROR(status)) {
		iosb->Status = status;
		iosb->Information = information;
	}
	if (NT_SUCCESS(status))
		*handle = opened;
	return status;
}

/* A handle Wine opened is known not to be bound: later calls on it skip the check of an
 * unknown handle (an object-name query, which costs a server round trip). */
static NTSTATUS remember_foreign(NTSTATUS status, const HANDLE *handle)
{
	shim_handle_info info = { .kind = SHIM_HANDLE_FOREIGN };

	if (NT_SUCCESS(status))
		shim_remember(*handle, &info);
	return status;
}

NTSTATUS NTAPI hook_NtCreateFile(PHANDLE handle, ACCESS_MASK access, POBJECT_ATTRIBUTES oa,
	PIO_STATUS_BLOCK iosb, PLARGE_INTEGER allocation, ULONG file_attributes, ULONG share,
	ULONG disposition, ULONG options, PVOID ea, ULONG ea_length)
{
	SHIM_ENTER;
	shim_open_args args = { access, 0, 0, file_attributes, share, disposition, options };
	shim_target target;
	NTSTATUS status;

	if (!shim_resolve_target(oa, &target)) {
		status = real_NtCreateFile(handle, access, oa, iosb, allocation, file_attributes, share,
			disposition, options, ea, ea_length);
		SHIM_LEAVE(remember_foreign(status, handle));
	}
	args.attributes = oa->Attributes;
	if (allocation && shim_can_read(allocation, sizeof(*allocation)))
		args.allocation = allocation->QuadPart;
	status = create_on_dokan(handle, &target, &args, iosb, ea, ea_length);
	shim_target_free(&target);
	SHIM_LEAVE(status);
}

NTSTATUS NTAPI hook_NtOpenFile(PHANDLE handle, ACCESS_MASK access, POBJECT_ATTRIBUTES oa,
	PIO_STATUS_BLOCK iosb, ULONG share, ULONG options)
{
	SHIM_ENTER;
	shim_open_args args = { access, 0, 0, 0, share, FILE_OPEN, options };
	shim_target target;
	NTSTATUS status;

	if (!shim_resolve_target(oa, &target)) {
		status = real_NtOpenFile(handle, access, oa, iosb, share, options);
		SHIM_LEAVE(remember_foreign(status, handle));
	}
	args.attributes = oa->Attributes;
	status = create_on_dokan(handle, &target, &args, iosb, NULL, 0);
	shim_target_free(&target);
	SHIM_LEAVE(status);
}

/* How many handles (in every process) refer to the handle's file object; 0 if unknown. */
static ULONG handle_count(HANDLE handle)
{
	PUBLIC_OBJECT_BASIC_INFORMATION basic;
	ULONG got;

	if (!NT_SUCCESS(real_NtQueryObject(handle, ObjectBasicInformation, &basic, sizeof(basic), &got)))
		return 0;
	return basic.HandleCount;
}

/* Wine sends IRP_MJ_CLOSE for the device file object only after NtClose has returned, so
 * the Dokan file would be cleaned up some time later: a following open could still meet
 * its share mode, a deleted file would still be there. After the last handle the shim
 * waits until iohost has cleaned the file up and closed it, as Windows has before NtClose
 * returns. Copies elsewhere (inherited, duplicated) keep the file open: no wait then. */
NTSTATUS shim_close_bound(HANDLE handle, const shim_handle_info *info)
{
	ULONG handles = handle_count(handle);
	NTSTATUS status = real_NtClose(handle);

	if (NT_SUCCESS(status) && handles == 1)
		shim_wait_closed(info->file_id);
	return status;
}

NTSTATUS NTAPI hook_NtClose(HANDLE handle)
{
	SHIM_ENTER;
	shim_handle_info info;

	if (handle && shim_forget(handle, &info))
		SHIM_LEAVE(shim_close_bound(handle, &info));
	SHIM_LEAVE(real_NtClose(handle));
}

/* Keeps the table right: a closed source is forgotten (its value may come back as a
 * bound handle), a copy of a bound handle in this process is bound too. */
NTSTATUS NTAPI hook_NtDuplicateObject(HANDLE source_process, HANDLE source, HANDLE target_process,
	PHANDLE target, ACCESS_MASK access, ULONG attributes, ULONG options)
{
	SHIM_ENTER;
	shim_handle_info info = { 0 };
	BOOL from_here = shim_is_current_process(source_process);
	BOOL bound = from_here && shim_lookup_bound(source, &info);
	NTSTATUS status;

	status = real_NtDuplicateObject(source_process, source, target_process, target, access, attributes, options);
	if (NT_SUCCESS(status) && from_here && (options & DUPLICATE_CLOSE_SOURCE))
		shim_forget(source, NULL);
	if (NT_SUCCESS(status) && bound && target && target_process && shim_is_current_process(target_process))
		shim_remember(*target, &info);
	SHIM_LEAVE(status);
}

/* ---- calls that name a file without returning a handle ---- */

/* A short-lived handle for attribute queries and deletes: never inherited. */
static NTSTATUS open_temporary(const shim_target *target, ACCESS_MASK access, ULONG options,
	ULONG attributes, HANDLE *handle)
{
	shim_open_args args = { access | SYNCHRONIZE, attributes & ~OBJ_INHERIT, 0, 0,
		FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, FILE_OPEN,
		options | FILE_SYNCHRONOUS_IO_NONALERT | FILE_OPEN_FOR_BACKUP_INTENT };
	ULONG_PTR information;

	return shim_open_bound(target, &args, handle, &information);
}

static NTSTATUS query_by_name(POBJECT_ATTRIBUTES oa, const shim_target *target, ULONG info_class,
	void *buffer, ULONG bytes)
{
	shim_irp irp = { 0 };
	shim_handle_info info;
	HANDLE handle;
	NTSTATUS status;

	if (!shim_can_write(buffer, bytes))
		return STATUS_ACCESS_VIOLATION;
	status = open_temporary(target, FILE_READ_ATTRIBUTES, 0, oa->Attributes, &handle);
	if (!NT_SUCCESS(status))
		return status;
	shim_lookup_bound(handle, &info);
	irp.major = SHIM_IRP_MJ_QUERY_INFORMATION;
	irp.args[0] = info_class;
	irp.output = buffer;
	irp.output_bytes = bytes;
	status = shim_irp_send(handle, &info, &irp);
	if (NT_SUCCESS(status))
		status = irp.status;
	/* an attribute-only open takes part in no share check: no need to wait for its close */
	shim_forget(handle, NULL);
	real_NtClose(handle);
	return status;
}

NTSTATUS NTAPI hook_NtQueryAttributesFile(POBJECT_ATTRIBUTES oa, PFILE_BASIC_INFORMATION basic)
{
	SHIM_ENTER;
	shim_target target;
	NTSTATUS status;

	if (!shim_resolve_target(oa, &target))
		SHIM_LEAVE(real_NtQueryAttributesFile(oa, basic));
	status = query_by_name(oa, &target, FileBasicInformation, basic, sizeof(*basic));
	shim_target_free(&target);
	SHIM_LEAVE(status);
}

NTSTATUS NTAPI hook_NtQueryFullAttributesFile(POBJECT_ATTRIBUTES oa, PFILE_NETWORK_OPEN_INFORMATION full)
{
	SHIM_ENTER;
	shim_target target;
	NTSTATUS status;

	if (!shim_resolve_target(oa, &target))
		SHIM_LEAVE(real_NtQueryFullAttributesFile(oa, full));
	status = query_by_name(oa, &target, FileNetworkOpenInformation, full, sizeof(*full));
	shim_target_free(&target);
	SHIM_LEAVE(status);
}

/* As Windows: an open for delete-on-close, then the close that deletes. */
NTSTATUS NTAPI hook_NtDeleteFile(POBJECT_ATTRIBUTES oa)
{
	SHIM_ENTER;
	shim_handle_info info;
	shim_target target;
	HANDLE handle;
	NTSTATUS status;

	if (!shim_resolve_target(oa, &target))
		SHIM_LEAVE(real_NtDeleteFile(oa));
	status = open_temporary(&target, DELETE, FILE_DELETE_ON_CLOSE | FILE_OPEN_REPARSE_POINT,
		oa->Attributes, &handle);
	if (NT_SUCCESS(status) && shim_forget(handle, &info))
		shim_close_bound(handle, &info);
	shim_target_free(&target);
	SHIM_LEAVE(status);
}
