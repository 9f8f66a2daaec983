// SPDX-License-Identifier: LGPL-3.0-or-later
/* ioclient_modify.c - the client calls that change a file or ask about more than its data:
 * set information (rename with the I/O manager's target-directory open), flush, byte-range
 * locks, security and FSCTLs. Each is one IOCTL_IOH_IRP (see iohost_protocol.h). */
#include "ioclient.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static NTSTATUS ioc_send(IOC_IRP *irp, ioc_file file, UCHAR major, UCHAR minor)
{
	irp->file = file;
	irp->major = major;
	irp->minor = minor;
	return ioc_irp(irp);
}

static BOOL ioc_is_name_class(ULONG info_class)
{
	return info_class == FileRenameInformation || info_class == 11 /* FileLinkInformation */;
}

NTSTATUS ioc_set_info(ioc_file file, ULONG info_class, const void *buffer, ULONG length)
{
	const ULONG header = offsetof(IOC_FILE_RENAME_INFORMATION, FileName);
	IOC_IRP irp = { 0 };

	if (ioc_is_name_class(info_class)) {
		const IOC_FILE_RENAME_INFORMATION *info = buffer;
		if (length < sizeof(*info))
			return STATUS_INFO_LENGTH_MISMATCH;
		if ((info->FileNameLength & 1) || info->FileNameLength > length - header)
			return STATUS_INVALID_PARAMETER;
		return ioc_rename_ex(file, info_class, (ioc_file)(ULONG_PTR)info->RootDirectory,
			info->FileName, info->FileNameLength / sizeof(WCHAR), info->ReplaceIfExists);
	}
	irp.args[0] = info_class;
	irp.input = buffer;
	irp.input_bytes = length;
	return ioc_send(&irp, file, IOC_IRP_MJ_SET_INFORMATION, 0);
}

NTSTATUS ioc_set_disposition(ioc_file file, BOOLEAN delete_file)
{
	return ioc_set_info(file, FileDispositionInformation, &delete_file, sizeof(delete_file));
}

static BOOL ioc_is_drive_path(const WCHAR *name, ULONG chars)
{
	return chars >= 2 && name[1] == L':' &&
	       ((name[0] >= L'A' && name[0] <= L'Z') || (name[0] >= L'a' && name[0] <= L'z'));
}

static BOOL ioc_has_prefix(const WCHAR *name, ULONG chars, const WCHAR *prefix)
{
	size_t n = wcslen(prefix);

	return chars >= n && !memcmp(name, prefix, n * sizeof(WCHAR));
}

/* The target's parent, opened as NtSetInformationFile opens it for a rename or link. */
static NTSTATUS ioc_open_target(ioc_file root, const WCHAR *name, ULONG chars,
	ioc_file *target)
{
	WCHAR *path = malloc((chars + 1) * sizeof(WCHAR));
	IOC_OPEN args = { 0 };
	NTSTATUS status;

	if (!path)
		return STATUS_NO_MEMORY;
	memcpy(path, name, chars * sizeof(WCHAR));
	path[chars] = 0;
	/* iohost resolves "M:\..." itself: drop the NT prefix of "\??\M:\..." */
	args.name = !root && ioc_has_prefix(path, chars, L"\\??\\") ? path + 4 : path;
	args.related = root;
	args.desired_access = FILE_WRITE_DATA | SYNCHRONIZE;
	args.share_access = FILE_SHARE_READ | FILE_SHARE_WRITE;
	args.disposition = FILE_OPEN;
	args.create_options = FILE_OPEN_FOR_BACKUP_INTENT;
	args.stack_flags = IOC_SL_OPEN_TARGET_DIRECTORY | IOC_SL_FORCE_ACCESS_CHECK;
	status = ioc_open_ex(&args, target, NULL);
	free(path);
	return status;
}

/* The name as the file system sees it in FILE_RENAME_INFORMATION: what a Win32 program's
 * MoveFile passes, i.e. an NT path for a drive-letter path. */
static WCHAR *ioc_rename_name(const WCHAR *name, ULONG chars, ULONG *out_chars)
{
	BOOL drive = ioc_is_drive_path(name, chars);
	WCHAR *nt = malloc((chars + 4 + 1) * sizeof(WCHAR));

	if (!nt)
		return NULL;
	*out_chars = chars + (drive ? 4 : 0);
	memcpy(nt, L"\\??\\", drive ? 4 * sizeof(WCHAR) : 0);
	memcpy(nt + (drive ? 4 : 0), name, chars * sizeof(WCHAR));
	return nt;
}

NTSTATUS ioc_rename_ex(ioc_file file, ULONG info_class, ioc_file root, const WCHAR *name,
	ULONG name_chars, BOOLEAN replace_if_exists)
{
	BOOL full = ioc_is_drive_path(name, name_chars) || (name_chars && name[0] == L'\\');
	ioc_file target = 0;
	IOC_IRP irp = { 0 };
	NTSTATUS status;
	ULONG chars;
	WCHAR *nt;

	if (!ioc_is_name_class(info_class) || name_chars > 0x7FFF)
		return STATUS_INVALID_PARAMETER;
	if (root || full) {
		status = ioc_open_target(root, name, name_chars, &target);
		if (!NT_SUCCESS(status))
			return status;
	}
	nt = ioc_rename_name(name, name_chars, &chars);
	if (!nt) {
		status = STATUS_NO_MEMORY;
	} else {
		irp.flags = IOH_IRP_HAS_NAME;
		irp.args[0] = info_class;
		irp.args[1] = target;
		irp.args[2] = replace_if_exists ? 1 : 0;
		irp.input = nt;
		irp.input_bytes = chars * sizeof(WCHAR);
		status = ioc_send(&irp, file, IOC_IRP_MJ_SET_INFORMATION, 0);
		free(nt);
	}
	if (target)
		ioc_close(target);
	return status;
}

NTSTATUS ioc_rename(ioc_file file, const WCHAR *new_name, BOOLEAN replace_if_exists)
{
	return ioc_rename_ex(file, FileRenameInformation, 0, new_name, (ULONG)wcslen(new_name),
		replace_if_exists);
}

NTSTATUS ioc_flush(ioc_file file)
{
	IOC_IRP irp = { 0 };

	return ioc_send(&irp, file, IOC_IRP_MJ_FLUSH_BUFFERS, 0);
}

static NTSTATUS ioc_lock_irp(ioc_file file, UCHAR minor, UCHAR flags, LONGLONG offset,
	LONGLONG length, ULONG key)
{
	IOC_IRP irp = { 0 };

	irp.stack_flags = flags;
	irp.args[0] = (ULONGLONG)offset;
	irp.args[1] = (ULONGLONG)length;
	irp.args[2] = key;
	return ioc_send(&irp, file, IOC_IRP_MJ_LOCK_CONTROL, minor);
}

NTSTATUS ioc_lock(ioc_file file, LONGLONG offset, LONGLONG length, ULONG key,
	BOOLEAN fail_immediately, BOOLEAN exclusive)
{
	UCHAR flags = (fail_immediately ? IOC_SL_FAIL_IMMEDIATELY : 0) |
		(exclusive ? IOC_SL_EXCLUSIVE_LOCK : 0);

	return ioc_lock_irp(file, IOC_IRP_MN_LOCK, flags, offset, length, key);
}

NTSTATUS ioc_unlock(ioc_file file, LONGLONG offset, LONGLONG length, ULONG key)
{
	return ioc_lock_irp(file, IOC_IRP_MN_UNLOCK_SINGLE, 0, offset, length, key);
}

NTSTATUS ioc_unlock_all(ioc_file file)
{
	return ioc_lock_irp(file, IOC_IRP_MN_UNLOCK_ALL, 0, 0, 0, 0);
}

NTSTATUS ioc_unlock_all_by_key(ioc_file file, ULONG key)
{
	return ioc_lock_irp(file, IOC_IRP_MN_UNLOCK_ALL_BY_KEY, 0, 0, 0, key);
}

NTSTATUS ioc_query_security(ioc_file file, ULONG security_information, void *buffer,
	ULONG length, ULONG *needed_or_got)
{
	IOC_IRP irp = { 0 };
	NTSTATUS status;

	irp.args[0] = security_information;
	irp.output = buffer;
	irp.output_bytes = length;
	status = ioc_send(&irp, file, IOC_IRP_MJ_QUERY_SECURITY, 0);
	if (status == STATUS_BUFFER_OVERFLOW)
		status = STATUS_BUFFER_TOO_SMALL;
	if (needed_or_got)
		*needed_or_got = (ULONG)irp.information;
	return status;
}

NTSTATUS ioc_set_security(ioc_file file, ULONG security_information, const void *descriptor,
	ULONG length)
{
	IOC_IRP irp = { 0 };

	irp.args[0] = security_information;
	irp.input = descriptor;
	irp.input_bytes = length;
	return ioc_send(&irp, file, IOC_IRP_MJ_SET_SECURITY, 0);
}

NTSTATUS ioc_fsctl(ioc_file file, ULONG code, const void *in, ULONG in_length, void *out,
	ULONG out_length, ULONG *got)
{
	IOC_IRP irp = { 0 };
	NTSTATUS status;

	irp.args[0] = code;
	irp.input = in;
	irp.input_bytes = in_length;
	irp.output = out;
	irp.output_bytes = out_length;
	status = ioc_send(&irp, file, IOC_IRP_MJ_FILE_SYSTEM_CONTROL, IOC_IRP_MN_USER_FS_REQUEST);
	if (got)
		*got = irp.data_bytes;
	return status;
}
