/* SPDX-License-Identifier: LGPL-3.0-or-later
 * create.c - IRP_MJ_CREATE: opens of the devices themselves (answered here) and opens of
 * paths inside the volume (forwarded to user mode). */
#include "dk.h"

static NTSTATUS DkOpenChannel(DK_MOUNT *mount, PIRP irp, PIO_STACK_LOCATION stack)
{
	DK_CCB *ccb;
	if (stack->Parameters.Create.Options & FILE_DIRECTORY_FILE)
		return DkCompleteIrp(irp, STATUS_NOT_A_DIRECTORY, 0);
	if (!mount->Mounted)
		return DkCompleteIrp(irp, STATUS_NO_SUCH_DEVICE, 0);
	ccb = DkCcbCreate(mount, DK_CCB_CHANNEL, NULL);
	if (!ccb)
		return DkCompleteIrp(irp, STATUS_INSUFFICIENT_RESOURCES, 0);
	stack->FileObject->FsContext2 = ccb;
	return DkCompleteIrp(irp, STATUS_SUCCESS, FILE_OPENED);
}

/* The full path inside the volume: the related file's path + '\' + the given name, a
 * leading "\\" collapsed, a trailing '\' dropped (except for the root). */
static NTSTATUS DkBuildPathFrom(PFILE_OBJECT file, const UNICODE_STRING *base, UNICODE_STRING *path,
	BOOLEAN *trailingBackslash)
{
	const UNICODE_STRING *name = &file->FileName;
	ULONG bytes = name->Length + (base ? base->Length + sizeof(WCHAR) : 0) + sizeof(WCHAR);
	USHORT length = 0;
	PWCH buffer;

	if (base && name->Length && name->Buffer[0] == L'\\')
		return STATUS_OBJECT_NAME_INVALID;
	if (!base && (!name->Length || name->Buffer[0] != L'\\'))
		return STATUS_OBJECT_NAME_INVALID;
	if (bytes > DK_MAX_PATH_BYTES)
		return STATUS_OBJECT_NAME_INVALID;
	buffer = DkAlloc(bytes);
	if (!buffer)
		return STATUS_INSUFFICIENT_RESOURCES;
	if (base) {
		RtlCopyMemory(buffer, base->Buffer, base->Length);
		length = base->Length;
		if (name->Length && (length < sizeof(WCHAR) || buffer[length / sizeof(WCHAR) - 1] != L'\\'))
			buffer[length / sizeof(WCHAR)] = L'\\', length += sizeof(WCHAR);
	}
	RtlCopyMemory((PUCHAR)buffer + length, name->Buffer, name->Length);
	length += name->Length;
	if (length >= 2 * sizeof(WCHAR) && buffer[0] == L'\\' && buffer[1] == L'\\') {
		RtlMoveMemory(buffer, buffer + 1, length - sizeof(WCHAR));
		length -= sizeof(WCHAR);
	}
	*trailingBackslash = length > sizeof(WCHAR) && buffer[length / sizeof(WCHAR) - 1] == L'\\';
	if (*trailingBackslash)
		length -= sizeof(WCHAR);
	path->Buffer = buffer;
	path->Length = length;
	path->MaximumLength = (USHORT)bytes;
	return STATUS_SUCCESS;
}

static NTSTATUS DkBuildPath(PFILE_OBJECT file, UNICODE_STRING *path, BOOLEAN *trailingBackslash)
{
	DK_CCB *related = DkCcbOfFile(file->RelatedFileObject);
	DK_PATH *base = related && related->Fcb ? DkFcbPath(related->Fcb) : NULL;
	NTSTATUS status = DkBuildPathFrom(file, base ? &base->Name : NULL, path, trailingBackslash);

	if (base)
		DkPathRelease(base);
	return status;
}

/* NTFS refuses empty components (a\\b), "." and "..", control characters, wildcards
 * and '/' in names (STATUS_OBJECT_NAME_INVALID). Passing them on would let a Win32 file
 * system normalise them: \..\x would leave its root. */
static BOOLEAN DkIsValidComponentChar(WCHAR c)
{
	return c >= 0x20 && c != L'"' && c != L'*' && c != L'<' && c != L'>' && c != L'?' && c != L'|' && c != L'/';
}

static BOOLEAN DkIsValidComponent(const WCHAR *name, USHORT chars)
{
	USHORT i;
	if (chars == 0 || (chars == 1 && name[0] == L'.') || (chars == 2 && name[0] == L'.' && name[1] == L'.'))
		return FALSE;
	for (i = 0; i < chars; i++)
		if (!DkIsValidComponentChar(name[i]))
			return FALSE;
	return TRUE;
}

BOOLEAN DkIsValidPath(const UNICODE_STRING *path)
{
	USHORT chars = path->Length / sizeof(WCHAR), start = 1, i;
	if (chars == 1)
		return TRUE; /* the root */
	for (i = 1; i <= chars; i++) {
		if (i < chars && path->Buffer[i] != L'\\')
			continue;
		if (!DkIsValidComponent(path->Buffer + start, i - start))
			return FALSE;
		start = i + 1;
	}
	return TRUE;
}

static BOOLEAN DkHasStreamName(const UNICODE_STRING *path)
{
	USHORT i;
	for (i = 0; i < path->Length / sizeof(WCHAR); i++)
		if (path->Buffer[i] == L':')
			return TRUE;
	return FALSE;
}

/* Tells change-notification watchers what a successful create did. As NTFS: a new name
 * is ADDED (file-name or dir-name filter); an overwritten or superseded file is MODIFIED
 * (0.6.0 reported only FILE_CREATED). */
static void DkReportCreate(DK_MOUNT *mount, DK_FCB *fcb, ULONG64 information)
{
	ULONG nameFilter = (fcb->Flags & DK_FCB_DIRECTORY) ? FILE_NOTIFY_CHANGE_DIR_NAME : FILE_NOTIFY_CHANGE_FILE_NAME;
	DK_PATH *path = DkFcbPath(fcb);

	if (information == FILE_CREATED)
		DkNotifyReport(mount, &path->Name, nameFilter, FILE_ACTION_ADDED);
	else if (information == FILE_OVERWRITTEN || information == FILE_SUPERSEDED)
		DkNotifyReport(mount, &path->Name, FILE_NOTIFY_CHANGE_ATTRIBUTES | FILE_NOTIFY_CHANGE_SIZE |
			FILE_NOTIFY_CHANGE_LAST_WRITE, FILE_ACTION_MODIFIED);
	DkPathRelease(path);
}

static ACCESS_MASK DkCreateAccess(PIO_STACK_LOCATION stack)
{
	PIO_SECURITY_CONTEXT context = stack->Parameters.Create.SecurityContext;
	return context ? context->DesiredAccess : 0;
}

static void DkCreateComplete(DK_REQUEST *request, const DK_REPLY *reply, NTSTATUS failure)
{
	PIRP irp = request->Irp;
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	PFILE_OBJECT file = stack->FileObject;
	DK_CCB *ccb = request->Ccb;
	NTSTATUS status = reply ? reply->Status : failure;

	/* Only a checked STATUS_SUCCESS reply (reply.c) opened something; any other outcome,
	 * STATUS_REPARSE included, leaves no CCB behind, since no CLEANUP or CLOSE follows. */
	irp->IoStatus.Status = status;
	irp->IoStatus.Information = 0;
	if (reply && status == STATUS_SUCCESS) {
		irp->IoStatus.Information = (ULONG_PTR)reply->Information;
		ccb->UserContext = reply->Context;
		/* the create option deletes at cleanup, as on NTFS (fileinfo.c,
		 * docs/differences.md D3) */
		if (stack->Parameters.Create.Options & FILE_DELETE_ON_CLOSE)
			ccb->Flags |= DK_CCB_DELETE_ON_CLOSE | DK_CCB_DELETE_ON_CLOSE_OPEN;
		if ((reply->Flags & DK_REPLY_DIRECTORY) || (stack->Parameters.Create.Options & FILE_DIRECTORY_FILE))
			InterlockedOr((volatile LONG *)&ccb->Fcb->Flags, DK_FCB_DIRECTORY);
		DkReportCreate(request->Mount, ccb->Fcb, reply->Information);
		return;
	}
	file->FsContext = NULL;
	file->FsContext2 = NULL;
	file->SectionObjectPointer = NULL;
	DkCcbEndHandle(ccb);
	DkCcbRelease(ccb); /* the file object's reference */
}

static NTSTATUS DkOpenPath(DK_MOUNT *mount, PIRP irp, PIO_STACK_LOCATION stack)
{
	PFILE_OBJECT file = stack->FileObject;
	UNICODE_STRING path = { 0 };
	BOOLEAN trailingBackslash = FALSE;
	DK_FCB *fcb;
	DK_CCB *ccb;
	DK_REQUEST *request;
	NTSTATUS status;

	if (!mount->Mounted)
		return DkCompleteIrp(irp, STATUS_VOLUME_DISMOUNTED, 0);
	/* The name is a file index, and the 0.6.0 interface cannot find a file by its index;
	 * the volume does not claim FILE_SUPPORTS_OPEN_BY_FILE_ID (docs/open-and-share.md). */
	if (stack->Parameters.Create.Options & FILE_OPEN_BY_FILE_ID)
		return DkCompleteIrp(irp, STATUS_NOT_SUPPORTED, 0);
	status = DkBuildPath(file, &path, &trailingBackslash);
	/* "name\" is decided by the DLL, which first asks whether the name exists: NTFS says
	 * not-found for a missing one (docs/open-and-share.md) */
	if (NT_SUCCESS(status) && !DkIsValidPath(&path))
		status = STATUS_OBJECT_NAME_INVALID;
	if (NT_SUCCESS(status) && !(mount->Flags & DK_MOUNT_ALT_STREAM) && DkHasStreamName(&path))
		status = STATUS_INVALID_PARAMETER;
	if (NT_SUCCESS(status))
		status = DkFcbAcquire(mount, &path, &fcb);
	DkFree(path.Buffer);
	if (!NT_SUCCESS(status))
		return DkCompleteIrp(irp, status, 0);
	ccb = DkCcbCreate(mount, DK_CCB_FILE, fcb);
	if (!ccb) {
		DkFcbRelease(fcb);
		return DkCompleteIrp(irp, STATUS_INSUFFICIENT_RESOURCES, 0);
	}
	/* The I/O manager's rename/link target open only carries the target's full path to
	 * the set-information that follows (fileinfo.c). Answered here: a file-system open of
	 * the target (0.6.0 sent one) would keep it from being replaced. Whether the target
	 * exists is the file system's answer in MoveFile. */
	if (stack->Flags & SL_OPEN_TARGET_DIRECTORY) {
		ccb->Flags |= DK_CCB_RENAME_TARGET;
		file->FsContext = fcb;
		file->FsContext2 = ccb;
		file->SectionObjectPointer = &fcb->Sections;
		return DkCompleteIrp(irp, STATUS_SUCCESS, FILE_DOES_NOT_EXIST);
	}
	/* Sharing is decided before the file system can act (an overwrite must not truncate
	 * a file that another handle does not share), as NTFS decides it. */
	status = DkCcbBeginHandle(ccb, DkCreateAccess(stack), stack->Parameters.Create.ShareAccess,
		(stack->Parameters.Create.Options >> 24) != FILE_CREATE);
	request = NT_SUCCESS(status) ? DkRequestForFile(mount, irp, ccb, 0) : NULL;
	if (!request) {
		DkCcbEndHandle(ccb);
		DkCcbRelease(ccb);
		return DkCompleteIrp(irp, NT_SUCCESS(status) ? STATUS_INSUFFICIENT_RESOURCES : status, 0);
	}
	if (trailingBackslash)
		request->Event->FileFlags |= DK_FILE_TRAILING_BACKSLASH;
	request->Event->Params.Create.FileAttributes = stack->Parameters.Create.FileAttributes;
	request->Event->Params.Create.CreateOptions = stack->Parameters.Create.Options;
	request->Event->Params.Create.ShareAccess = stack->Parameters.Create.ShareAccess;
	request->Event->Params.Create.DesiredAccess = DkCreateAccess(stack);
	file->FsContext = fcb;
	file->FsContext2 = ccb;
	file->SectionObjectPointer = &fcb->Sections;
	return DkForward(request, irp, DkCreateComplete);
}

NTSTATUS NTAPI DkDispatchCreate(PDEVICE_OBJECT device, PIRP irp)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	DK_DEVICE_EXTENSION *ext = DkExtension(device);
	PFILE_OBJECT file = stack->FileObject;
	DK_CCB *related;

	if (!ext)
		return DkCompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
	if (ext->Kind == DK_DEVICE_CONTROL)
		return DkCompleteIrp(irp, STATUS_SUCCESS, FILE_OPENED);
	if (!ext->Mount || !file)
		return DkCompleteIrp(irp, STATUS_NO_SUCH_DEVICE, 0);
	related = DkCcbOfFile(file->RelatedFileObject);
	if (file->FileName.Length == 0 && (!related || !related->Fcb))
		return DkOpenChannel(ext->Mount, irp, stack);
	return DkOpenPath(ext->Mount, irp, stack);
}
