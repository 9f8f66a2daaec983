// SPDX-License-Identifier: LGPL-3.0-or-later
/* io.c - data, listing, notification, locks and FSCTLs on bound handles. Reads and writes
 * Wine sends to iohost itself; the shim only fixes their offset. The calls that may stay
 * pending go through IOCTL_IOH_BOUND_IRP with the caller's own event, APC, context and
 * IO_STATUS_BLOCK, so Wine completes them exactly as it completes device I/O. */
#include "shim.h"

#include <string.h>

/* Wine passes a NULL ByteOffset to the driver as 0 even on a synchronous handle; the file
 * system must get "the current position" instead (FILE_USE_FILE_POINTER_POSITION). */
static PLARGE_INTEGER position_offset(HANDLE handle, PLARGE_INTEGER offset, LARGE_INTEGER *use_pointer)
{
	shim_handle_info info;

	if (offset || !shim_lookup_bound(handle, &info) || !info.synchronous)
		return offset;
	use_pointer->QuadPart = IOH_USE_FILE_POINTER;
	return use_pointer;
}

NTSTATUS NTAPI hook_NtReadFile(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, PVOID apc_context,
	PIO_STATUS_BLOCK iosb, PVOID buffer, ULONG length, PLARGE_INTEGER offset, PULONG key)
{
	SHIM_ENTER;
	LARGE_INTEGER use_pointer;

	offset = position_offset(handle, offset, &use_pointer);
	SHIM_LEAVE(real_NtReadFile(handle, event, apc, apc_context, iosb, buffer, length, offset, key));
}

NTSTATUS NTAPI hook_NtWriteFile(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, PVOID apc_context,
	PIO_STATUS_BLOCK iosb, const void *buffer, ULONG length, PLARGE_INTEGER offset, PULONG key)
{
	SHIM_ENTER;
	LARGE_INTEGER use_pointer;

	offset = position_offset(handle, offset, &use_pointer);
	SHIM_LEAVE(real_NtWriteFile(handle, event, apc, apc_context, iosb, buffer, length, offset, key));
}

/* A synchronous call answered with the file system's status and Information. */
static NTSTATUS finish_sync(PIO_STATUS_BLOCK iosb, NTSTATUS transport, const shim_irp *irp)
{
	if (!NT_SUCCESS(transport))
		return transport;
	if (!NT_ERROR(irp->status)) {
		iosb->Status = irp->status;
		iosb->Information = irp->information;
	}
	return irp->status;
}

NTSTATUS NTAPI hook_NtFlushBuffersFile(HANDLE handle, PIO_STATUS_BLOCK iosb)
{
	SHIM_ENTER;
	shim_irp irp = { .major = SHIM_IRP_MJ_FLUSH_BUFFERS };
	shim_handle_info info;

	if (!shim_lookup_bound(handle, &info))
		SHIM_LEAVE(real_NtFlushBuffersFile(handle, iosb));
	if (!shim_can_write(iosb, sizeof(*iosb)))
		SHIM_LEAVE(STATUS_ACCESS_VIOLATION);
	SHIM_LEAVE(finish_sync(iosb, shim_irp_send(handle, &info, &irp), &irp));
}

/* Checks shared by the calls that hand the caller's buffers to Wine. */
static NTSTATUS check_async_buffers(PIO_STATUS_BLOCK iosb, PVOID buffer, ULONG length)
{
	if (!shim_can_write(iosb, sizeof(*iosb)) || !shim_can_write(buffer, length))
		return STATUS_ACCESS_VIOLATION;
	return STATUS_SUCCESS;
}

/* Windows' FindFirstFileExW asks for "*" when the program asked for "*.*" (every name,
 * with or without a dot); Wine's passes "*.*" on and lets its own file system treat it
 * so, which a Dokan file system matching the pattern as given does not (README.md,
 * "What the shim translates"). */
static BOOL is_star_dot_star(const UNICODE_STRING *mask)
{
	return mask->Length == 3 * sizeof(WCHAR) && mask->Buffer[0] == L'*' && mask->Buffer[1] == L'.' &&
		mask->Buffer[2] == L'*';
}

/* The pattern of a listing: NULL for none. */
static NTSTATUS set_pattern(shim_irp *irp, const UNICODE_STRING *mask)
{
	static const WCHAR star[] = L"*";

	if (!mask)
		return STATUS_SUCCESS;
	if (!shim_can_read(mask, sizeof(*mask)) || !shim_can_read(mask->Buffer, mask->Length))
		return STATUS_ACCESS_VIOLATION;
	irp->flags |= IOH_IRP_HAS_NAME;
	irp->input = mask->Buffer;
	irp->input_bytes = mask->Length & ~1u;
	if (is_star_dot_star(mask)) {
		irp->input = star;
		irp->input_bytes = sizeof(WCHAR);
	}
	return STATUS_SUCCESS;
}

static NTSTATUS query_directory(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, PVOID apc_context,
	PIO_STATUS_BLOCK iosb, PVOID buffer, ULONG length, FILE_INFORMATION_CLASS info_class,
	UCHAR stack_flags, PUNICODE_STRING mask)
{
	shim_irp irp = { .major = SHIM_IRP_MJ_DIRECTORY_CONTROL, .minor = SHIM_IRP_MN_QUERY_DIRECTORY };
	NTSTATUS status = check_async_buffers(iosb, buffer, length);

	if (NT_SUCCESS(status))
		status = set_pattern(&irp, mask);
	if (!NT_SUCCESS(status))
		return status;
	irp.stack_flags = stack_flags;
	irp.args[0] = info_class;
	irp.output = buffer;
	irp.output_bytes = length;
	return shim_irp_send_bound(handle, event, apc, apc_context, iosb, &irp);
}

NTSTATUS NTAPI hook_NtQueryDirectoryFile(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc,
	PVOID apc_context, PIO_STATUS_BLOCK iosb, PVOID buffer, ULONG length,
	FILE_INFORMATION_CLASS info_class, BOOLEAN single_entry, PUNICODE_STRING mask, BOOLEAN restart)
{
	SHIM_ENTER;
	shim_handle_info info;
	UCHAR flags = (UCHAR)((restart ? SHIM_SL_RESTART_SCAN : 0) | (single_entry ? SHIM_SL_RETURN_SINGLE_ENTRY : 0));

	if (!shim_lookup_bound(handle, &info))
		SHIM_LEAVE(real_NtQueryDirectoryFile(handle, event, apc, apc_context, iosb, buffer, length,
			info_class, single_entry, mask, restart));
	SHIM_LEAVE(query_directory(handle, event, apc, apc_context, iosb, buffer, length, info_class, flags, mask));
}

/* FILE_QUERY_RESTART_SCAN, _RETURN_SINGLE_ENTRY and _INDEX_SPECIFIED are the stack flags. */
NTSTATUS NTAPI hook_NtQueryDirectoryFileEx(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc,
	PVOID apc_context, PIO_STATUS_BLOCK iosb, PVOID buffer, ULONG length,
	FILE_INFORMATION_CLASS info_class, ULONG query_flags, PUNICODE_STRING mask)
{
	SHIM_ENTER;
	shim_handle_info info;

	if (!shim_lookup_bound(handle, &info))
		SHIM_LEAVE(real_NtQueryDirectoryFileEx(handle, event, apc, apc_context, iosb, buffer, length,
			info_class, query_flags, mask));
	SHIM_LEAVE(query_directory(handle, event, apc, apc_context, iosb, buffer, length, info_class,
		(UCHAR)(query_flags & 7), mask));
}

NTSTATUS NTAPI hook_NtNotifyChangeDirectoryFile(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc,
	PVOID apc_context, PIO_STATUS_BLOCK iosb, PVOID buffer, ULONG length, ULONG filter, BOOLEAN subtree)
{
	SHIM_ENTER;
	shim_irp irp = { .major = SHIM_IRP_MJ_DIRECTORY_CONTROL, .minor = SHIM_IRP_MN_NOTIFY_CHANGE_DIRECTORY };
	shim_handle_info info;
	NTSTATUS status;

	if (!shim_lookup_bound(handle, &info))
		SHIM_LEAVE(real_NtNotifyChangeDirectoryFile(handle, event, apc, apc_context, iosb, buffer,
			length, filter, subtree));
	status = check_async_buffers(iosb, buffer, length);
	if (!NT_SUCCESS(status))
		SHIM_LEAVE(status);
	irp.stack_flags = subtree ? SHIM_SL_WATCH_TREE : 0;
	irp.args[0] = filter;
	irp.output = buffer;
	irp.output_bytes = length;
	SHIM_LEAVE(shim_irp_send_bound(handle, event, apc, apc_context, iosb, &irp));
}

static BOOL read_range(const LARGE_INTEGER *offset, const LARGE_INTEGER *length, shim_irp *irp)
{
	if (!shim_can_read(offset, sizeof(*offset)) || !shim_can_read(length, sizeof(*length)))
		return FALSE;
	irp->args[0] = (ULONGLONG)offset->QuadPart;
	irp->args[1] = (ULONGLONG)length->QuadPart;
	return TRUE;
}

/* Wine's own LockFileEx passes no IO_STATUS_BLOCK (its NtLockFile waits for the lock
 * itself): that call is answered synchronously, signalling the event as Wine does. */
static NTSTATUS lock_without_iosb(HANDLE handle, const shim_handle_info *info, HANDLE event, shim_irp *irp)
{
	NTSTATUS status = shim_irp_send(handle, info, irp);

	if (NT_SUCCESS(status))
		status = irp->status;
	if (NT_SUCCESS(status) && event)
		NtSetEvent(event, NULL);
	return status;
}

NTSTATUS NTAPI hook_NtLockFile(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, PVOID apc_context,
	PIO_STATUS_BLOCK iosb, PLARGE_INTEGER offset, PLARGE_INTEGER length, PULONG key,
	BOOLEAN fail_immediately, BOOLEAN exclusive)
{
	SHIM_ENTER;
	shim_irp irp = { .major = SHIM_IRP_MJ_LOCK_CONTROL, .minor = SHIM_IRP_MN_LOCK };
	shim_handle_info info;

	if (!shim_lookup_bound(handle, &info))
		SHIM_LEAVE(real_NtLockFile(handle, event, apc, apc_context, iosb, offset, length, key,
			fail_immediately, exclusive));
	if ((iosb && !shim_can_write(iosb, sizeof(*iosb))) || !read_range(offset, length, &irp))
		SHIM_LEAVE(STATUS_ACCESS_VIOLATION);
	irp.args[2] = (ULONG)(ULONG_PTR)key; /* the Windows meaning: the value */
	irp.stack_flags = (UCHAR)((fail_immediately ? SHIM_SL_FAIL_IMMEDIATELY : 0) |
		(exclusive ? SHIM_SL_EXCLUSIVE_LOCK : 0));
	if (!iosb)
		SHIM_LEAVE(lock_without_iosb(handle, &info, event, &irp));
	SHIM_LEAVE(shim_irp_send_bound(handle, event, apc, apc_context, iosb, &irp));
}

NTSTATUS NTAPI hook_NtUnlockFile(HANDLE handle, PIO_STATUS_BLOCK iosb, PLARGE_INTEGER offset,
	PLARGE_INTEGER length, PULONG key)
{
	SHIM_ENTER;
	shim_irp irp = { .major = SHIM_IRP_MJ_LOCK_CONTROL, .minor = SHIM_IRP_MN_UNLOCK_SINGLE };
	shim_handle_info info;

	IO_STATUS_BLOCK unused;

	if (!shim_lookup_bound(handle, &info))
		SHIM_LEAVE(real_NtUnlockFile(handle, iosb, offset, length, key));
	/* Wine's own UnlockFile passes no IO_STATUS_BLOCK */
	if ((iosb && !shim_can_write(iosb, sizeof(*iosb))) || !read_range(offset, length, &irp))
		SHIM_LEAVE(STATUS_ACCESS_VIOLATION);
	irp.args[2] = (ULONG)(ULONG_PTR)key; /* the Windows meaning: the value */
	SHIM_LEAVE(finish_sync(iosb ? iosb : &unused, shim_irp_send(handle, &info, &irp), &irp));
}

NTSTATUS NTAPI hook_NtFsControlFile(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, PVOID apc_context,
	PIO_STATUS_BLOCK iosb, ULONG code, PVOID in, ULONG in_length, PVOID out, ULONG out_length)
{
	SHIM_ENTER;
	shim_irp irp = { .major = SHIM_IRP_MJ_FILE_SYSTEM_CONTROL };
	shim_handle_info info;
	NTSTATUS status;

	if (!shim_lookup_bound(handle, &info))
		SHIM_LEAVE(real_NtFsControlFile(handle, event, apc, apc_context, iosb, code, in, in_length,
			out, out_length));
	status = check_async_buffers(iosb, out, out_length);
	if (NT_SUCCESS(status) && !shim_can_read(in, in_length))
		status = STATUS_ACCESS_VIOLATION;
	if (!NT_SUCCESS(status))
		SHIM_LEAVE(status);
	irp.args[0] = code;
	irp.input = in;
	irp.input_bytes = in_length;
	irp.output = out;
	irp.output_bytes = out_length;
	SHIM_LEAVE(shim_irp_send_bound(handle, event, apc, apc_context, iosb, &irp));
}
