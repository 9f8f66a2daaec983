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

/* The full path inside the volume: the related file's path + '\' + the given name, in
 * the normal form of names.c. */
static NTSTATUS DkBuildPathFrom(PFILE_OBJECT file, const UNICODE_STRING *base, UNICODE_STRING *path,
	BOOLEAN *trailingBackslash)
{
	const UNICODE_STRING *name = &file->FileName;

	if (!DkNameCanCompose(base, name))
		return STATUS_OBJECT_NAME_INVALID;
	path->MaximumLength = (USHORT)DkNameComposeBytes(base, name);
	path->Buffer = DkAlloc(path->MaximumLength + sizeof(WCHAR));
	if (!path->Buffer)
		return STATUS_INSUFFICIENT_RESOURCES;
	DkNameCompose(path, base, name, trailingBackslash);
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
		DkNotifyReport(mount, &path->Name,
			FILE_NOTIFY_CHANGE_ATTRIBUTES | FILE_NOTIFY_CHANGE_SIZE | FILE_NOTIFY_CHANGE_LAST_WRITE,
			FILE_ACTION_MODIFIED);
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
	if (NT_SUCCESS(status) && !DkNameIsValidPath(&path))
		status = STATUS_OBJECT_NAME_INVALID;
	if (NT_SUCCESS(status) && !(mount->Flags & DK_MOUNT_ALT_STREAM) && DkNameHasStream(&path))
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
