// SPDX-License-Identifier: LGPL-3.0-or-later
/* info.c - information, volume and security calls on bound handles. Wine answers the
 * information and security calls itself for a device handle (or fails them), so the shim
 * sends each as one IRP through IOCTL_IOH_IRP and reports the file system's status,
 * Information and data. Volume queries Wine would forward as IRPs; they take the same way
 * so that warnings (a label that does not fit) come back with their data, as Windows
 * returns them, whatever Wine's device path does with them. */
#include "shim.h"

#include <stddef.h>
#include <string.h>

static NTSTATUS answer(PIO_STATUS_BLOCK iosb, NTSTATUS transport, const shim_irp *irp)
{
	if (!NT_SUCCESS(transport))
		return transport;
	if (!NT_ERROR(irp->status)) {
		iosb->Status = irp->status;
		iosb->Information = irp->information;
	}
	return irp->status;
}

/* One request with an output buffer of the caller's. */
static NTSTATUS query(HANDLE handle, const shim_handle_info *info, UCHAR major, ULONG info_class,
	PIO_STATUS_BLOCK iosb, PVOID buffer, ULONG length)
{
	shim_irp irp = { .major = major };

	if (!shim_can_write(iosb, sizeof(*iosb)) || !shim_can_write(buffer, length))
		return STATUS_ACCESS_VIOLATION;
	irp.args[0] = info_class;
	irp.output = buffer;
	irp.output_bytes = length;
	return answer(iosb, shim_irp_send(handle, info, &irp), &irp);
}

/* One request with an input buffer of the caller's. */
static NTSTATUS set(HANDLE handle, const shim_handle_info *info, UCHAR major, ULONG info_class,
	PIO_STATUS_BLOCK iosb, const void *buffer, ULONG length)
{
	shim_irp irp = { .major = major };

	if (!shim_can_write(iosb, sizeof(*iosb)) || !shim_can_read(buffer, length))
		return STATUS_ACCESS_VIOLATION;
	irp.args[0] = info_class;
	irp.input = buffer;
	irp.input_bytes = length;
	return answer(iosb, shim_irp_send(handle, info, &irp), &irp);
}

NTSTATUS NTAPI hook_NtQueryInformationFile(HANDLE handle, PIO_STATUS_BLOCK iosb, PVOID buffer,
	ULONG length, FILE_INFORMATION_CLASS info_class)
{
	SHIM_ENTER;
	shim_handle_info info;

	if (!shim_lookup_bound(handle, &info))
		SHIM_LEAVE(real_NtQueryInformationFile(handle, iosb, buffer, length, info_class));
	SHIM_LEAVE(query(handle, &info, SHIM_IRP_MJ_QUERY_INFORMATION, info_class, iosb, buffer, length));
}

/* ---- rename and link ---- */

/* The path of a bound file or directory below its volume ("\dir\file"), from the file
 * system; *path is shim_alloc'ed and not terminated. */
static NTSTATUS bound_path(HANDLE root, WCHAR **path, ULONG *chars)
{
	const ULONG room = 32 * 1024;
	shim_handle_info info;
	FILE_NAME_INFORMATION *name;
	shim_irp irp = { .major = SHIM_IRP_MJ_QUERY_INFORMATION };
	NTSTATUS status;

	if (!shim_lookup_bound(root, &info))
		return STATUS_NOT_SAME_DEVICE;
	name = shim_alloc(room);
	if (!name)
		return STATUS_NO_MEMORY;
	irp.args[0] = FileNameInformation;
	irp.output = name;
	irp.output_bytes = room;
	status = shim_irp_send(root, &info, &irp);
	if (NT_SUCCESS(status))
		status = irp.status;
	if (NT_SUCCESS(status) && name->FileNameLength > room - offsetof(FILE_NAME_INFORMATION, FileName))
		status = STATUS_INVALID_NETWORK_RESPONSE;
	if (NT_SUCCESS(status)) {
		*chars = name->FileNameLength / sizeof(WCHAR);
		memmove(name, name->FileName, name->FileNameLength);
		*path = (WCHAR *)name;
	} else {
		shim_free(name);
	}
	return status;
}

static WCHAR *join(const WCHAR *a, ULONG a_chars, const WCHAR *b, ULONG b_chars, ULONG *chars)
{
	BOOL slash = !a_chars || a[a_chars - 1] != L'\\';
	WCHAR *joined = shim_alloc((a_chars + b_chars + 2) * sizeof(WCHAR));

	if (!joined)
		return NULL;
	memcpy(joined, a, a_chars * sizeof(WCHAR));
	if (slash)
		joined[a_chars] = L'\\';
	memcpy(joined + a_chars + slash, b, b_chars * sizeof(WCHAR));
	*chars = a_chars + slash + b_chars;
	return joined;
}

/* The new name in a form iohost and the file system resolve without a handle: a bare name
 * stays as it is (resolved in the source's directory); a full path on the same Dokan drive
 * and a name relative to a bound root directory become the full path below the volume
 * ("\dir\new"). A target on another drive is STATUS_NOT_SAME_DEVICE, as on Windows (the
 * caller, e.g. MoveFileEx, then copies). */
static NTSTATUS rename_target(const shim_handle_info *source, const FILE_RENAME_INFORMATION *rename,
	WCHAR **name, ULONG *chars)
{
	ULONG given = rename->FileNameLength / sizeof(WCHAR), rest_chars, dir_chars;
	const WCHAR *rest;
	WCHAR letter, *dir;
	NTSTATUS status;

	if (rename->RootDirectory) {
		status = bound_path(rename->RootDirectory, &dir, &dir_chars);
		if (!NT_SUCCESS(status))
			return status;
		*name = join(dir, dir_chars, rename->FileName, given, chars);
		shim_free(dir);
		return *name ? STATUS_SUCCESS : STATUS_NO_MEMORY;
	}
	if (given && rename->FileName[0] == L'\\') {
		if (!shim_split_dokan_path(rename->FileName, given, &letter, &rest, &rest_chars))
			return STATUS_NOT_SAME_DEVICE;
		if (source->letter && (letter | 0x20) != (source->letter | 0x20))
			return STATUS_NOT_SAME_DEVICE;
		if (!rest_chars || rest[0] != L'\\')
			return STATUS_OBJECT_NAME_INVALID;
		*name = join(NULL, 0, rest + 1, rest_chars - 1, chars);
		return *name ? STATUS_SUCCESS : STATUS_NO_MEMORY;
	}
	*name = shim_alloc((given + 1) * sizeof(WCHAR));
	if (!*name)
		return STATUS_NO_MEMORY;
	memcpy(*name, rename->FileName, given * sizeof(WCHAR));
	*chars = given;
	return STATUS_SUCCESS;
}

static NTSTATUS rename_or_link(HANDLE handle, const shim_handle_info *info, PIO_STATUS_BLOCK iosb,
	const FILE_RENAME_INFORMATION *rename, ULONG length, ULONG info_class)
{
	const ULONG header = offsetof(FILE_RENAME_INFORMATION, FileName);
	shim_irp irp = { .major = SHIM_IRP_MJ_SET_INFORMATION, .flags = IOH_IRP_HAS_NAME };
	WCHAR *name;
	ULONG chars;
	NTSTATUS status;

	if (!shim_can_write(iosb, sizeof(*iosb)) || !shim_can_read(rename, length))
		return STATUS_ACCESS_VIOLATION;
	if (length < header)
		return STATUS_INFO_LENGTH_MISMATCH;
	if ((rename->FileNameLength & 1) || rename->FileNameLength > length - header)
		return STATUS_INVALID_PARAMETER;
	status = rename_target(info, rename, &name, &chars);
	if (!NT_SUCCESS(status))
		return status;
	irp.args[0] = info_class;
	irp.args[2] = rename->ReplaceIfExists ? 1 : 0;
	irp.input = name;
	irp.input_bytes = chars * sizeof(WCHAR);
	status = answer(iosb, shim_irp_send(handle, info, &irp), &irp);
	shim_free(name);
	return status;
}

NTSTATUS NTAPI hook_NtSetInformationFile(HANDLE handle, PIO_STATUS_BLOCK iosb, PVOID buffer,
	ULONG length, FILE_INFORMATION_CLASS info_class)
{
	SHIM_ENTER;
	shim_handle_info info;

	/* Wine binds the completion port to the device handle itself */
	if (info_class == FileCompletionInformation || !shim_lookup_bound(handle, &info))
		SHIM_LEAVE(real_NtSetInformationFile(handle, iosb, buffer, length, info_class));
	if (info_class == FileRenameInformation || info_class == SHIM_FILE_LINK_INFORMATION)
		SHIM_LEAVE(rename_or_link(handle, &info, iosb, buffer, length, info_class));
	SHIM_LEAVE(set(handle, &info, SHIM_IRP_MJ_SET_INFORMATION, info_class, iosb, buffer, length));
}

/* ---- volume ---- */

/* Windows' GetDriveTypeW takes a FILE_DEVICE_DISK volume for a local (or, with
 * FILE_REMOTE_DEVICE, a remote) drive; Wine's knows only the file-system device types, so
 * the shim names Dokan's disk device by the type Wine gives its own drives of that kind
 * (tests/winshim/README.md, "What the shim translates"). */
static void device_type_for_wine(FILE_FS_DEVICE_INFORMATION *device)
{
	if (device->DeviceType != FILE_DEVICE_DISK)
		return;
	device->DeviceType = (device->Characteristics & SHIM_FILE_REMOTE_DEVICE) ?
		FILE_DEVICE_NETWORK_FILE_SYSTEM : FILE_DEVICE_DISK_FILE_SYSTEM;
}

NTSTATUS NTAPI hook_NtQueryVolumeInformationFile(HANDLE handle, PIO_STATUS_BLOCK iosb, PVOID buffer,
	ULONG length, FS_INFORMATION_CLASS info_class)
{
	SHIM_ENTER;
	shim_handle_info info;

	NTSTATUS status;

	if (!shim_lookup_bound(handle, &info))
		SHIM_LEAVE(real_NtQueryVolumeInformationFile(handle, iosb, buffer, length, info_class));
	status = query(handle, &info, SHIM_IRP_MJ_QUERY_VOLUME_INFORMATION, info_class, iosb, buffer, length);
	if (NT_SUCCESS(status) && info_class == FileFsDeviceInformation)
		device_type_for_wine(buffer);
	SHIM_LEAVE(status);
}

NTSTATUS NTAPI hook_NtSetVolumeInformationFile(HANDLE handle, PIO_STATUS_BLOCK iosb, PVOID buffer,
	ULONG length, FS_INFORMATION_CLASS info_class)
{
	SHIM_ENTER;
	shim_handle_info info;

	if (!shim_lookup_bound(handle, &info))
		SHIM_LEAVE(real_NtSetVolumeInformationFile(handle, iosb, buffer, length, info_class));
	SHIM_LEAVE(set(handle, &info, SHIM_IRP_MJ_SET_VOLUME_INFORMATION, info_class, iosb, buffer, length));
}

/* ---- object name ---- */

/* Wine names a file of its own "\??\X:\path" in ObjectNameInformation, and its
 * GetFinalPathNameByHandleW builds every form from that; the object behind a bound handle
 * is the iohost device, so the shim gives the Dokan file's name in the same form
 * (tests/winshim/README.md, "What the shim translates"). */
static NTSTATUS bound_object_name(HANDLE handle, const shim_handle_info *info,
	OBJECT_NAME_INFORMATION *out, ULONG length, PULONG needed)
{
	static const WCHAR prefix[] = L"\\??\\X:";
	const ULONG prefix_chars = ARRAYSIZE(prefix) - 1;
	WCHAR letter = info->letter ? info->letter : shim_only_dokan_letter();
	WCHAR *path, *name;
	ULONG chars, total;
	NTSTATUS status;

	if (!letter)
		return STATUS_OBJECT_PATH_NOT_FOUND;
	status = bound_path(handle, &path, &chars);
	if (!NT_SUCCESS(status))
		return status;
	total = sizeof(*out) + (prefix_chars + chars + 1) * sizeof(WCHAR);
	if (needed)
		*needed = total;
	if (length < total) {
		shim_free(path);
		return length < sizeof(*out) ? STATUS_INFO_LENGTH_MISMATCH : STATUS_BUFFER_OVERFLOW;
	}
	name = (WCHAR *)(out + 1);
	memcpy(name, prefix, prefix_chars * sizeof(WCHAR));
	name[4] = letter;
	memcpy(name + prefix_chars, path, chars * sizeof(WCHAR));
	name[prefix_chars + chars] = 0;
	out->Name.Buffer = name;
	out->Name.Length = (USHORT)((prefix_chars + chars) * sizeof(WCHAR));
	out->Name.MaximumLength = (USHORT)(out->Name.Length + sizeof(WCHAR));
	shim_free(path);
	return STATUS_SUCCESS;
}

NTSTATUS NTAPI hook_NtQueryObject(HANDLE handle, OBJECT_INFORMATION_CLASS info_class, PVOID buffer,
	ULONG length, PULONG needed)
{
	SHIM_ENTER;
	shim_handle_info info;

	if (info_class != ObjectNameInformation || !shim_lookup_bound(handle, &info))
		SHIM_LEAVE(real_NtQueryObject(handle, info_class, buffer, length, needed));
	if (!shim_can_write(buffer, length) || (needed && !shim_can_write(needed, sizeof(*needed))))
		SHIM_LEAVE(STATUS_ACCESS_VIOLATION);
	SHIM_LEAVE(bound_object_name(handle, &info, buffer, length, needed));
}

/* ---- security ---- */

NTSTATUS NTAPI hook_NtQuerySecurityObject(HANDLE handle, SECURITY_INFORMATION what,
	PSECURITY_DESCRIPTOR descriptor, ULONG length, PULONG needed)
{
	SHIM_ENTER;
	shim_irp irp = { .major = SHIM_IRP_MJ_QUERY_SECURITY };
	shim_handle_info info;
	NTSTATUS status;

	if (!shim_lookup_bound(handle, &info))
		SHIM_LEAVE(real_NtQuerySecurityObject(handle, what, descriptor, length, needed));
	if (!shim_can_write(needed, sizeof(*needed)) || !shim_can_write(descriptor, length))
		SHIM_LEAVE(STATUS_ACCESS_VIOLATION);
	irp.args[0] = what;
	irp.output = descriptor;
	irp.output_bytes = length;
	status = shim_irp_send(handle, &info, &irp);
	if (!NT_SUCCESS(status))
		SHIM_LEAVE(status);
	/* a file system's "too small" is STATUS_BUFFER_OVERFLOW with the size needed; the
	 * caller of NtQuerySecurityObject gets STATUS_BUFFER_TOO_SMALL, as on Windows */
	*needed = (ULONG)irp.information;
	SHIM_LEAVE(irp.status == STATUS_BUFFER_OVERFLOW ? STATUS_BUFFER_TOO_SMALL : irp.status);
}

/* The file system takes a self-relative descriptor; a caller may pass an absolute one. */
static NTSTATUS self_relative(PSECURITY_DESCRIPTOR descriptor, PSECURITY_DESCRIPTOR *copy, ULONG *bytes)
{
	SECURITY_DESCRIPTOR_CONTROL control = 0;
	DWORD revision;
	NTSTATUS status;

	*copy = NULL;
	*bytes = 0;
	if (!shim_can_read(descriptor, sizeof(SECURITY_DESCRIPTOR_RELATIVE)) ||
	    !GetSecurityDescriptorControl(descriptor, &control, &revision))
		return STATUS_INVALID_SECURITY_DESCR;
	if (control & SE_SELF_RELATIVE) {
		*bytes = RtlLengthSecurityDescriptor(descriptor);
		return shim_can_read(descriptor, *bytes) ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
	}
	status = RtlMakeSelfRelativeSD(descriptor, NULL, bytes);
	if (status != STATUS_BUFFER_TOO_SMALL)
		return NT_SUCCESS(status) ? STATUS_INVALID_SECURITY_DESCR : status;
	*copy = shim_alloc(*bytes);
	if (!*copy)
		return STATUS_NO_MEMORY;
	return RtlMakeSelfRelativeSD(descriptor, *copy, bytes);
}

NTSTATUS NTAPI hook_NtSetSecurityObject(HANDLE handle, SECURITY_INFORMATION what,
	PSECURITY_DESCRIPTOR descriptor)
{
	SHIM_ENTER;
	shim_irp irp = { .major = SHIM_IRP_MJ_SET_SECURITY };
	PSECURITY_DESCRIPTOR copy;
	shim_handle_info info;
	ULONG bytes;
	NTSTATUS status;

	if (!shim_lookup_bound(handle, &info))
		SHIM_LEAVE(real_NtSetSecurityObject(handle, what, descriptor));
	status = self_relative(descriptor, &copy, &bytes);
	if (NT_SUCCESS(status)) {
		irp.args[0] = what;
		irp.input = copy ? copy : descriptor;
		irp.input_bytes = bytes;
		status = shim_irp_send(handle, &info, &irp);
		if (NT_SUCCESS(status))
			status = irp.status;
	}
	shim_free(copy);
	SHIM_LEAVE(status);
}
