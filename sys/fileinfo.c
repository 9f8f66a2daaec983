/* SPDX-License-Identifier: LGPL-3.0-or-later
 * fileinfo.c - IRP_MJ_QUERY_INFORMATION and IRP_MJ_SET_INFORMATION. */
#include "dk.h"

/* FileNameInformation from the FCB path; a name that does not fit is truncated with
 * STATUS_BUFFER_OVERFLOW (docs/differences.md D20). */
static NTSTATUS DkAnswerName(PIRP irp, DK_CCB *ccb, ULONG length)
{
	PFILE_NAME_INFORMATION info = irp->AssociatedIrp.SystemBuffer;
	ULONG header = FIELD_OFFSET(FILE_NAME_INFORMATION, FileName);
	DK_PATH *path;
	ULONG nameBytes, copy;

	if (length < header)
		return DkCompleteIrp(irp, STATUS_INFO_LENGTH_MISMATCH, 0);
	path = DkFcbPath(ccb->Fcb);
	nameBytes = path->Name.Length;
	copy = min(nameBytes, length - header);
	info->FileNameLength = nameBytes;
	RtlCopyMemory(info->FileName, path->Name.Buffer, copy);
	DkPathRelease(path);
	return DkCompleteIrp(irp, copy < nameBytes ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS, header + copy);
}

static NTSTATUS DkAnswerPosition(PIRP irp, ULONG length)
{
	PFILE_POSITION_INFORMATION info = irp->AssociatedIrp.SystemBuffer;
	PFILE_OBJECT file = IoGetCurrentIrpStackLocation(irp)->FileObject;
	if (length < sizeof(*info))
		return DkCompleteIrp(irp, STATUS_INFO_LENGTH_MISMATCH, 0);
	info->CurrentByteOffset = file->CurrentByteOffset;
	return DkCompleteIrp(irp, STATUS_SUCCESS, sizeof(*info));
}

static void DkQueryInfoComplete(DK_REQUEST *request, const DK_REPLY *reply, NTSTATUS failure)
{
	PIRP irp = request->Irp;
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	ULONG length = stack->Parameters.QueryFile.Length;
	PFILE_ALL_INFORMATION all = irp->AssociatedIrp.SystemBuffer;

	DkCompleteWithData(irp, reply, failure, irp->AssociatedIrp.SystemBuffer, length);
	if (stack->Parameters.QueryFile.FileInformationClass == FileAllInformation &&
		irp->IoStatus.Information >= FIELD_OFFSET(FILE_ALL_INFORMATION, AlignmentInformation))
		all->PositionInformation.CurrentByteOffset = stack->FileObject->CurrentByteOffset;
}

NTSTATUS NTAPI DkDispatchQueryInformation(PDEVICE_OBJECT device, PIRP irp)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	FILE_INFORMATION_CLASS infoClass = stack->Parameters.QueryFile.FileInformationClass;
	ULONG length = stack->Parameters.QueryFile.Length;
	DK_MOUNT *mount;
	DK_CCB *ccb;
	DK_REQUEST *request;
	NTSTATUS status = DkFileRequestBegin(device, irp, &mount, &ccb);

	if (!NT_SUCCESS(status))
		return DkCompleteIrp(irp, status, 0);
	if (!irp->AssociatedIrp.SystemBuffer)
		return DkCompleteIrp(irp, STATUS_INVALID_USER_BUFFER, 0);
	if (infoClass == FileNameInformation)
		return DkAnswerName(irp, ccb, length);
	if (infoClass == FilePositionInformation)
		return DkAnswerPosition(irp, length);
	request = DkRequestForFile(mount, irp, ccb, 0);
	if (request) {
		request->Event->Params.Info.InformationClass = infoClass;
		request->Event->Params.Info.BufferLength = length;
	}
	return DkForward(request, irp, DkQueryInfoComplete);
}

/* ---- IRP_MJ_SET_INFORMATION ---- */

/* The bytes of each forwarded class that travel to user mode (its fixed structure); 0 for
 * a class the driver does not serve. */
static ULONG DkSetInfoSize(FILE_INFORMATION_CLASS infoClass)
{
	switch (infoClass) {
	case FileBasicInformation:
		return sizeof(FILE_BASIC_INFORMATION);
	case FileDispositionInformation:
		return sizeof(FILE_DISPOSITION_INFORMATION);
	case FileEndOfFileInformation:
		return sizeof(FILE_END_OF_FILE_INFORMATION);
	case FileAllocationInformation:
		return sizeof(FILE_ALLOCATION_INFORMATION);
	case FileValidDataLengthInformation:
		return sizeof(FILE_VALID_DATA_LENGTH_INFORMATION);
	case FileRenameInformation:
	case FileLinkInformation:
		return FIELD_OFFSET(FILE_RENAME_INFORMATION, FileName);
	default:
		return 0;
	}
}

static BOOLEAN DkIsDirectoryFcb(const DK_FCB *fcb)
{
	return (fcb->Flags & DK_FCB_DIRECTORY) != 0;
}

static const VOID *DkSetInfoData(const DK_EVENT *event)
{
	return (const UCHAR *)event + event->Params.Info.DataOffset;
}

static ULONG DkNotifyNameFilter(const DK_FCB *fcb)
{
	return DkIsDirectoryFcb(fcb) ? FILE_NOTIFY_CHANGE_DIR_NAME : FILE_NOTIFY_CHANGE_FILE_NAME;
}

/* Only what the request changes: a time of 0 keeps the value, -1 and -2 only stop or
 * resume automatic updates. */
static ULONG DkBasicFilter(const FILE_BASIC_INFORMATION *basic)
{
	ULONG filter = basic->FileAttributes ? FILE_NOTIFY_CHANGE_ATTRIBUTES : 0;

	if (basic->CreationTime.QuadPart > 0)
		filter |= FILE_NOTIFY_CHANGE_CREATION;
	if (basic->LastAccessTime.QuadPart > 0)
		filter |= FILE_NOTIFY_CHANGE_LAST_ACCESS;
	if (basic->LastWriteTime.QuadPart > 0)
		filter |= FILE_NOTIFY_CHANGE_LAST_WRITE;
	return filter;
}

/* Disposition result: the delete mark on the handle, the file and the file object. A
 * handle opened with FILE_DELETE_ON_CLOSE keeps its own mark (cleanup.c). */
static void DkApplyDisposition(DK_REQUEST *request, const DK_REPLY *reply)
{
	const FILE_DISPOSITION_INFORMATION *info = DkSetInfoData(request->Event);
	PFILE_OBJECT file = IoGetCurrentIrpStackLocation(request->Irp)->FileObject;
	DK_CCB *ccb = request->Ccb;

	if (info->DeleteFile) {
		if (!(reply->Flags & DK_REPLY_DELETE_PENDING))
			return;
		InterlockedOr((volatile LONG *)&ccb->Flags, DK_CCB_DELETE_ON_CLOSE);
		InterlockedOr((volatile LONG *)&ccb->Fcb->Flags, DK_FCB_DELETE_PENDING);
		file->DeletePending = TRUE;
	} else {
		if (!(ccb->Flags & DK_CCB_DELETE_ON_CLOSE_OPEN))
			InterlockedAnd((volatile LONG *)&ccb->Flags, ~(LONG)DK_CCB_DELETE_ON_CLOSE);
		InterlockedAnd((volatile LONG *)&ccb->Fcb->Flags, ~(LONG)DK_FCB_DELETE_PENDING);
		file->DeletePending = FALSE;
	}
}

/* Rename result: the FCB (and the open FCBs below it) take the full new path; watchers
 * see OLD_NAME/NEW_NAME within a directory, REMOVED/ADDED for a move between
 * directories, as NTFS reports them. */
static void DkApplyRename(DK_REQUEST *request)
{
	const DK_RENAME_INFO *info = DkSetInfoData(request->Event);
	DK_FCB *fcb = request->Ccb->Fcb;
	ULONG filter = DkNotifyNameFilter(fcb);
	UNICODE_STRING oldPath, newPath;

	DkEventPath(request->Event, &oldPath);
	newPath.Buffer = (PWCH)info->FileName;
	newPath.Length = newPath.MaximumLength = (USHORT)info->FileNameLength;
	DkFcbRename(request->Mount, fcb, &newPath);
	if (DkNameSameParent(&oldPath, &newPath)) {
		DkNotifyReport(request->Mount, &oldPath, filter, FILE_ACTION_RENAMED_OLD_NAME);
		DkNotifyReport(request->Mount, &newPath, filter, FILE_ACTION_RENAMED_NEW_NAME);
	} else {
		DkNotifyReport(request->Mount, &oldPath, filter, FILE_ACTION_REMOVED);
		DkNotifyReport(request->Mount, &newPath, filter, FILE_ACTION_ADDED);
	}
}

static void DkSetInfoComplete(DK_REQUEST *request, const DK_REPLY *reply, NTSTATUS failure)
{
	PIRP irp = request->Irp;
	const DK_EVENT *event = request->Event;
	NTSTATUS status = reply ? reply->Status : failure;
	UNICODE_STRING path;
	ULONG filter;

	irp->IoStatus.Status = status;
	irp->IoStatus.Information = 0;
	if (!reply || !NT_SUCCESS(status))
		return;
	DkEventPath(event, &path);
	switch (event->Params.Info.InformationClass) {
	case FileBasicInformation:
		filter = DkBasicFilter(DkSetInfoData(event));
		if (filter)
			DkNotifyReport(request->Mount, &path, filter, FILE_ACTION_MODIFIED);
		break;
	case FileDispositionInformation:
		DkApplyDisposition(request, reply);
		break;
	case FileEndOfFileInformation:
	case FileAllocationInformation:
	case FileValidDataLengthInformation:
		DkNotifyReport(request->Mount, &path, FILE_NOTIFY_CHANGE_SIZE, FILE_ACTION_MODIFIED);
		break;
	case FileRenameInformation:
		DkApplyRename(request);
		break;
	default:
		break;
	}
}

/* Forwards a fixed-size class: its structure travels in the event. */
static NTSTATUS DkForwardSetInfo(DK_MOUNT *mount, PIRP irp, DK_CCB *ccb, ULONG infoClass, ULONG size)
{
	DK_REQUEST *request = DkRequestForFile(mount, irp, ccb, size);

	if (request) {
		DK_INFO_PARAMS *params = &request->Event->Params.Info;
		params->InformationClass = infoClass;
		params->BufferLength = IoGetCurrentIrpStackLocation(irp)->Parameters.SetFile.Length;
		params->DataOffset = DkEventExtraOffset(request);
		params->DataLength = size;
		RtlCopyMemory(DkEventExtra(request), irp->AssociatedIrp.SystemBuffer, size);
	}
	return DkForward(request, irp, DkSetInfoComplete);
}

/* The full new path of a rename, allocated: the target file object the I/O manager
 * opened (its FCB path is the full target path), else the caller's name, either a full
 * path in the volume ("\dir\new") or a bare name in the source's directory. 0.6.0 kept
 * a bare name as given, which left a relative FCB name; this always yields a full one. */
static NTSTATUS DkRenameTargetFrom(DK_MOUNT *mount, const UNICODE_STRING *source, const DK_PATH *targetPath,
	const FILE_RENAME_INFORMATION *info, UNICODE_STRING *target)
{
	UNICODE_STRING name, parent, *dir = NULL;
	BOOLEAN trailingBackslash;

	if (targetPath) {
		name = targetPath->Name;
	} else {
		if (info->RootDirectory)
			return STATUS_INVALID_PARAMETER; /* only the I/O manager resolves handles */
		if (info->FileNameLength == 0 || (info->FileNameLength & 1) || info->FileNameLength > DK_MAX_PATH_BYTES)
			return STATUS_OBJECT_NAME_INVALID;
		name.Buffer = (PWCH)info->FileName;
		name.Length = name.MaximumLength = (USHORT)info->FileNameLength;
		if (name.Buffer[0] != L'\\') { /* a bare name, in the source's directory */
			if (DkNameHasBackslash(&name))
				return STATUS_OBJECT_NAME_INVALID;
			DkNameParent(source, &parent);
			dir = &parent;
		}
	}
	if (!DkNameCanCompose(dir, &name))
		return STATUS_OBJECT_NAME_INVALID;
	target->MaximumLength = (USHORT)DkNameComposeBytes(dir, &name);
	target->Buffer = DkAlloc(target->MaximumLength + sizeof(WCHAR));
	if (!target->Buffer)
		return STATUS_INSUFFICIENT_RESOURCES;
	DkNameCompose(target, dir, &name, &trailingBackslash); /* the same normal form as a create's */
	if (DkNameIsRoot(target) || !DkNameIsValidPath(target))
		return STATUS_OBJECT_NAME_INVALID; /* the caller frees target; ".." would leave the volume */
	if (!(mount->Flags & DK_MOUNT_ALT_STREAM) && DkNameHasStream(target))
		return STATUS_OBJECT_NAME_INVALID;
	return STATUS_SUCCESS;
}

/* The paths are taken as they are now, and kept while the new one is built. */
static NTSTATUS DkRenameTarget(DK_MOUNT *mount, PIO_STACK_LOCATION stack, DK_CCB *ccb,
	const FILE_RENAME_INFORMATION *info, UNICODE_STRING *target)
{
	PFILE_OBJECT targetFile = stack->Parameters.SetFile.FileObject;
	DK_CCB *targetCcb = targetFile ? DkCcbOfFile(targetFile) : NULL;
	DK_PATH *source, *targetPath = NULL;
	NTSTATUS status;

	if (targetFile && (!targetCcb || targetCcb->Kind != DK_CCB_FILE || targetCcb->Mount != mount || !targetCcb->Fcb))
		return STATUS_NOT_SAME_DEVICE;
	source = DkFcbPath(ccb->Fcb);
	if (targetCcb)
		targetPath = DkFcbPath(targetCcb->Fcb);
	status = DkRenameTargetFrom(mount, &source->Name, targetPath, info, target);
	if (targetPath)
		DkPathRelease(targetPath);
	DkPathRelease(source);
	return status;
}

/* FileRenameInformation: the caller's buffer (whose RootDirectory handle makes its layout
 * differ between 32 and 64 bits) becomes a fixed DK_RENAME_INFO with the full new path. */
static NTSTATUS DkSetRename(DK_MOUNT *mount, PIRP irp, PIO_STACK_LOCATION stack, DK_CCB *ccb)
{
	const FILE_RENAME_INFORMATION *info = irp->AssociatedIrp.SystemBuffer;
	ULONG header = FIELD_OFFSET(FILE_RENAME_INFORMATION, FileName);
	UNICODE_STRING target = { 0 };
	DK_REQUEST *request = NULL;
	DK_RENAME_INFO *rename;
	NTSTATUS status;
	ULONG size;

	if (info->FileNameLength > stack->Parameters.SetFile.Length - header)
		return DkCompleteIrp(irp, STATUS_INFO_LENGTH_MISMATCH, 0);
	if (ccb->Fcb->Flags & DK_FCB_ROOT)
		return DkCompleteIrp(irp, STATUS_INVALID_PARAMETER, 0);
	status = DkRenameTarget(mount, stack, ccb, info, &target);
	/* as NTFS: a file that is open cannot be replaced (the file system would delete it
	 * under its handles) */
	if (NT_SUCCESS(status) && info->ReplaceIfExists && DkFcbPathInUse(mount, &target, ccb->Fcb))
		status = STATUS_ACCESS_DENIED;
	if (NT_SUCCESS(status)) {
		size = FIELD_OFFSET(DK_RENAME_INFO, FileName) + target.Length + sizeof(WCHAR);
		request = DkRequestForFile(mount, irp, ccb, size);
		status = request ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
	}
	if (!NT_SUCCESS(status)) {
		DkFree(target.Buffer);
		return DkCompleteIrp(irp, status, 0);
	}
	request->Event->Params.Info.InformationClass = FileRenameInformation;
	request->Event->Params.Info.BufferLength = stack->Parameters.SetFile.Length;
	request->Event->Params.Info.DataOffset = DkEventExtraOffset(request);
	request->Event->Params.Info.DataLength = size - sizeof(WCHAR);
	rename = DkEventExtra(request);
	rename->ReplaceIfExists = info->ReplaceIfExists ? 1 : 0;
	rename->FileNameLength = target.Length;
	RtlCopyMemory(rename->FileName, target.Buffer, target.Length);
	DkFree(target.Buffer);
	return DkForward(request, irp, DkSetInfoComplete);
}

/* Checks made here, as NTFS makes them, before the file system is asked. */
static NTSTATUS DkCheckSetInfo(DK_CCB *ccb, FILE_INFORMATION_CLASS infoClass, const VOID *buffer)
{
	DK_FCB *fcb = ccb->Fcb;

	switch (infoClass) {
	case FileDispositionInformation:
		if (!((const FILE_DISPOSITION_INFORMATION *)buffer)->DeleteFile)
			return STATUS_SUCCESS;
		/* the root cannot go; nor can a file mapped as an image (MmFlushImageSection is a
		 * stub under Wine, and this driver never creates sections itself) */
		if ((fcb->Flags & DK_FCB_ROOT) || fcb->Sections.ImageSectionObject)
			return STATUS_CANNOT_DELETE;
		return STATUS_SUCCESS;
	case FileEndOfFileInformation:
	case FileAllocationInformation:
	case FileValidDataLengthInformation:
		/* the three structures are one LARGE_INTEGER */
		if (DkIsDirectoryFcb(fcb) || ((const LARGE_INTEGER *)buffer)->QuadPart < 0)
			return STATUS_INVALID_PARAMETER;
		return STATUS_SUCCESS;
	case FileLinkInformation:
		/* The 0.6.0 interface has no callback to make a hard link, and the volume does not
		 * claim FILE_SUPPORTS_HARD_LINKS: what NTFS's rules give such a volume. */
		return DkIsDirectoryFcb(fcb) ? STATUS_FILE_IS_A_DIRECTORY : STATUS_NOT_SUPPORTED;
	default:
		return STATUS_SUCCESS;
	}
}

NTSTATUS NTAPI DkDispatchSetInformation(PDEVICE_OBJECT device, PIRP irp)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	FILE_INFORMATION_CLASS infoClass = stack->Parameters.SetFile.FileInformationClass;
	ULONG length = stack->Parameters.SetFile.Length;
	PVOID buffer = irp->AssociatedIrp.SystemBuffer;
	PFILE_POSITION_INFORMATION position = buffer;
	DK_MOUNT *mount;
	DK_CCB *ccb;
	ULONG size;
	NTSTATUS status = DkFileRequestBegin(device, irp, &mount, &ccb);

	if (!NT_SUCCESS(status))
		return DkCompleteIrp(irp, status, 0);
	if (infoClass == FilePositionInformation) {
		if (!position || length < sizeof(*position))
			return DkCompleteIrp(irp, STATUS_INFO_LENGTH_MISMATCH, 0);
		if (position->CurrentByteOffset.QuadPart < 0)
			return DkCompleteIrp(irp, STATUS_INVALID_PARAMETER, 0); /* as the I/O manager checks it */
		stack->FileObject->CurrentByteOffset = position->CurrentByteOffset;
		return DkCompleteIrp(irp, STATUS_SUCCESS, 0);
	}
	size = DkSetInfoSize(infoClass);
	if (size == 0) /* Wine's own file system answers NOT_IMPLEMENTED (docs/differences.md D5) */
		return DkCompleteIrp(irp, STATUS_NOT_IMPLEMENTED, 0);
	if (!buffer || length < size)
		return DkCompleteIrp(irp, STATUS_INFO_LENGTH_MISMATCH, 0);
	status = DkCheckSetInfo(ccb, infoClass, buffer);
	if (!NT_SUCCESS(status))
		return DkCompleteIrp(irp, status, 0);
	if (infoClass == FileRenameInformation)
		return DkSetRename(mount, irp, stack, ccb);
	return DkForwardSetInfo(mount, irp, ccb, infoClass, size);
}
