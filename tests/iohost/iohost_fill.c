// SPDX-License-Identifier: LGPL-3.0-or-later
/* iohost_fill.c - how each request kind is laid out in the IRP, as the I/O manager's Nt*
 * service for it would: parameters in the stack location, data buffers as the IRP's
 * UserBuffer / SystemBuffer (pool copies of the client's data, as for a kernel-mode
 * caller; iohost_buffers.c turns them into a user-mode caller's), and the argument checks that fail a request before a file system sees it.
 * Adding a request kind means one fill routine and one line in IohFillFor. */
#include "iohost.h"

typedef struct IOH_CLASS_SIZE {
	ULONG Class;
	ULONG MinBytes;
} IOH_CLASS_SIZE;

#define IOH_CLASS(cls, type) { cls, sizeof(type) }
#define IOH_COUNT(table) (sizeof(table) / sizeof((table)[0]))

/* Minimum buffer sizes the I/O manager demands before a file system sees a query. */
static const IOH_CLASS_SIZE IohFileClasses[] = {
	IOH_CLASS(FileBasicInformation, FILE_BASIC_INFORMATION),
	IOH_CLASS(FileStandardInformation, FILE_STANDARD_INFORMATION),
	IOH_CLASS(FileInternalInformation, FILE_INTERNAL_INFORMATION),
	IOH_CLASS(FileEaInformation, FILE_EA_INFORMATION),
	IOH_CLASS(FileAccessInformation, FILE_ACCESS_INFORMATION),
	IOH_CLASS(FileNameInformation, FILE_NAME_INFORMATION),
	IOH_CLASS(FilePositionInformation, FILE_POSITION_INFORMATION),
	IOH_CLASS(FileModeInformation, FILE_MODE_INFORMATION),
	IOH_CLASS(FileAlignmentInformation, FILE_ALIGNMENT_INFORMATION),
	IOH_CLASS(FileAllInformation, FILE_ALL_INFORMATION),
	IOH_CLASS(FileAlternateNameInformation, FILE_NAME_INFORMATION),
	IOH_CLASS(FileStreamInformation, FILE_STREAM_INFORMATION),
	IOH_CLASS(FileCompressionInformation, FILE_COMPRESSION_INFORMATION),
	IOH_CLASS(FileNetworkOpenInformation, FILE_NETWORK_OPEN_INFORMATION),
	IOH_CLASS(FileAttributeTagInformation, FILE_ATTRIBUTE_TAG_INFORMATION),
};

/* The same for sets (NtSetInformationFile). */
static const IOH_CLASS_SIZE IohSetClasses[] = {
	IOH_CLASS(FileBasicInformation, FILE_BASIC_INFORMATION),
	IOH_CLASS(FileRenameInformation, FILE_RENAME_INFORMATION),
	IOH_CLASS(FileLinkInformation, FILE_LINK_INFORMATION),
	IOH_CLASS(FileDispositionInformation, FILE_DISPOSITION_INFORMATION),
	IOH_CLASS(FilePositionInformation, FILE_POSITION_INFORMATION),
	IOH_CLASS(FileModeInformation, FILE_MODE_INFORMATION),
	IOH_CLASS(FileAllocationInformation, FILE_ALLOCATION_INFORMATION),
	IOH_CLASS(FileEndOfFileInformation, FILE_END_OF_FILE_INFORMATION),
	IOH_CLASS(FileValidDataLengthInformation, FILE_VALID_DATA_LENGTH_INFORMATION),
	IOH_CLASS(FileShortNameInformation, FILE_NAME_INFORMATION),
};

static const IOH_CLASS_SIZE IohDirectoryClasses[] = {
	IOH_CLASS(FileDirectoryInformation, FILE_DIRECTORY_INFORMATION),
	IOH_CLASS(FileFullDirectoryInformation, FILE_FULL_DIR_INFORMATION),
	IOH_CLASS(FileBothDirectoryInformation, FILE_BOTH_DIR_INFORMATION),
	IOH_CLASS(FileNamesInformation, FILE_NAMES_INFORMATION),
	IOH_CLASS(FileObjectIdInformation, FILE_OBJECTID_INFORMATION),
	IOH_CLASS(FileReparsePointInformation, FILE_REPARSE_POINT_INFORMATION),
	IOH_CLASS(FileIdBothDirectoryInformation, FILE_ID_BOTH_DIR_INFORMATION),
	IOH_CLASS(FileIdFullDirectoryInformation, FILE_ID_FULL_DIR_INFORMATION),
};

static const IOH_CLASS_SIZE IohVolumeClasses[] = {
	IOH_CLASS(FileFsVolumeInformation, FILE_FS_VOLUME_INFORMATION),
	IOH_CLASS(FileFsSizeInformation, FILE_FS_SIZE_INFORMATION),
	IOH_CLASS(FileFsDeviceInformation, FILE_FS_DEVICE_INFORMATION),
	IOH_CLASS(FileFsAttributeInformation, FILE_FS_ATTRIBUTE_INFORMATION),
	IOH_CLASS(FileFsControlInformation, FILE_FS_CONTROL_INFORMATION),
	IOH_CLASS(FileFsFullSizeInformation, FILE_FS_FULL_SIZE_INFORMATION),
	IOH_CLASS(FileFsObjectIdInformation, FILE_FS_OBJECTID_INFORMATION),
};

/* Classes missing from a table pass unchecked unless strict (directory queries accept
 * only listing classes), so tests can probe a file system's own answer. */
static NTSTATUS IohCheckClass(const IOH_CLASS_SIZE *table, ULONG count, BOOLEAN strict,
	ULONG end, ULONGLONG cls, ULONG bytes)
{
	ULONG i;

	if (cls == 0 || cls >= end)
		return STATUS_INVALID_INFO_CLASS;
	for (i = 0; i < count; i++)
		if (table[i].Class == cls)
			return bytes < table[i].MinBytes ? STATUS_INFO_LENGTH_MISMATCH : STATUS_SUCCESS;
	return strict ? STATUS_INVALID_INFO_CLASS : STATUS_SUCCESS;
}

/* ---- handle access, as ObReferenceObjectByHandle checks it for each Nt* service ---- */

typedef struct IOH_CLASS_ACCESS {
	ULONG Class;
	ACCESS_MASK Access;
} IOH_CLASS_ACCESS;

/* Classes not listed need no access. */
static const IOH_CLASS_ACCESS IohQueryAccess[] = {
	{ FileBasicInformation, FILE_READ_ATTRIBUTES },
	{ FileAllInformation, FILE_READ_ATTRIBUTES },
	{ FileNetworkOpenInformation, FILE_READ_ATTRIBUTES },
	{ FileAttributeTagInformation, FILE_READ_ATTRIBUTES },
};

static const IOH_CLASS_ACCESS IohSetAccess[] = {
	{ FileBasicInformation, FILE_WRITE_ATTRIBUTES },
	{ FileRenameInformation, DELETE },
	{ FileDispositionInformation, DELETE },
	{ FileAllocationInformation, FILE_WRITE_DATA },
	{ FileEndOfFileInformation, FILE_WRITE_DATA },
	{ FileValidDataLengthInformation, FILE_WRITE_DATA },
	{ FileShortNameInformation, DELETE },
};

static ACCESS_MASK IohClassAccess(const IOH_CLASS_ACCESS *table, ULONG count, ULONGLONG cls)
{
	ULONG i;

	for (i = 0; i < count; i++)
		if (table[i].Class == cls)
			return table[i].Access;
	return 0;
}

/* Security information needs READ_CONTROL (owner, group, DACL) and ACCESS_SYSTEM_SECURITY
 * (SACL) to read; WRITE_OWNER (owner, group), WRITE_DAC (DACL), ACCESS_SYSTEM_SECURITY to
 * write. */
static ACCESS_MASK IohSecurityAccess(ULONGLONG what, BOOLEAN set)
{
	ACCESS_MASK access = (what & SACL_SECURITY_INFORMATION) ? ACCESS_SYSTEM_SECURITY : 0;

	if (!set)
		return access | ((what & ~(ULONGLONG)SACL_SECURITY_INFORMATION) ? READ_CONTROL : 0);
	if (what & (OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION))
		access |= WRITE_OWNER;
	if (what & DACL_SECURITY_INFORMATION)
		access |= WRITE_DAC;
	return access;
}

/* An FSCTL code's RequiredAccess bits. */
static ACCESS_MASK IohControlAccess(ULONG code)
{
	ULONG required = (code >> 14) & 3;

	return ((required & FILE_READ_ACCESS) ? FILE_READ_DATA : 0) |
	       ((required & FILE_WRITE_ACCESS) ? FILE_WRITE_DATA : 0);
}

NTSTATUS IohCheckAccess(const IOH_FILE *file, const IOH_IRP_REQUEST *rq)
{
	ACCESS_MASK granted = file->GrantedAccess, all = 0, any = 0;

	switch (rq->MajorFunction) {
	case IRP_MJ_READ:
		all = FILE_READ_DATA;
		break;
	case IRP_MJ_WRITE:
		any = FILE_WRITE_DATA | FILE_APPEND_DATA;
		break;
	case IRP_MJ_QUERY_INFORMATION:
		all = IohClassAccess(IohQueryAccess, IOH_COUNT(IohQueryAccess), rq->Args[0]);
		break;
	case IRP_MJ_SET_INFORMATION:
		all = IohClassAccess(IohSetAccess, IOH_COUNT(IohSetAccess), rq->Args[0]);
		break;
	case IRP_MJ_FLUSH_BUFFERS:
		any = FILE_WRITE_DATA | FILE_APPEND_DATA;
		break;
	case IRP_MJ_DIRECTORY_CONTROL:
		all = FILE_LIST_DIRECTORY;
		break;
	case IRP_MJ_FILE_SYSTEM_CONTROL:
		all = IohControlAccess((ULONG)rq->Args[0]);
		break;
	case IRP_MJ_LOCK_CONTROL:
		any = FILE_READ_DATA | FILE_WRITE_DATA;
		break;
	case IRP_MJ_QUERY_SECURITY:
		all = IohSecurityAccess(rq->Args[0], FALSE);
		break;
	case IRP_MJ_SET_SECURITY:
		all = IohSecurityAccess(rq->Args[0], TRUE);
		break;
	default:
		break;
	}
	if ((granted & all) != all || (any && !(granted & any)))
		return STATUS_ACCESS_DENIED;
	return STATUS_SUCCESS;
}

/* NtReadFile/NtWriteFile: a synchronous file object transfers at its current position when
 * asked to; only such a file with a real offset has a position to move on afterwards. */
static NTSTATUS IohChooseOffset(IOH_CALL *call, const IOH_IRP_REQUEST *rq)
{
	PFILE_OBJECT fo = call->File->FileObject;
	BOOLEAN sync = (fo->Flags & FO_SYNCHRONOUS_IO) != 0;

	call->ByteOffset = (LONGLONG)rq->Args[0];
	if (rq->Flags & IOH_IRP_RAW_OFFSET)
		return STATUS_SUCCESS;
	if (call->ByteOffset == IOH_USE_FILE_POINTER) {
		if (!sync)
			return STATUS_INVALID_PARAMETER;
		call->ByteOffset = fo->CurrentByteOffset.QuadPart;
	}
	call->TracksPosition = sync && call->ByteOffset >= 0;
	call->PositionBefore = fo->CurrentByteOffset.QuadPart;
	return STATUS_SUCCESS;
}

/* Windows file systems move a synchronous file's position themselves; do it for one
 * that did not, so clients see NtReadFile's behaviour either way. */
void IohFinishPosition(IOH_CALL *call, NTSTATUS status, ULONG_PTR information)
{
	PFILE_OBJECT fo = call->File->FileObject;

	if (!call->TracksPosition || (!NT_SUCCESS(status) && status != STATUS_END_OF_FILE))
		return;
	if (fo->CurrentByteOffset.QuadPart == call->PositionBefore)
		fo->CurrentByteOffset.QuadPart = call->ByteOffset + information;
}

/* Where a transfer's data is: the buffer pointer for a "neither" device, the system
 * buffer too for a DO_BUFFERED_IO one, as Windows does. */
static void IohSetTransferBuffer(IOH_CALL *call, PVOID data, BOOLEAN into_buffer)
{
	call->Irp->UserBuffer = data;
	if (call->File->Target->Flags & DO_BUFFERED_IO) {
		call->Irp->AssociatedIrp.SystemBuffer = data;
		call->Irp->Flags |= IRP_BUFFERED_IO | (into_buffer ? IRP_INPUT_OPERATION : 0);
	}
}

static NTSTATUS IohFillRead(IOH_CALL *call, const IOH_IRP_REQUEST *rq, PIO_STACK_LOCATION sp)
{
	NTSTATUS status = IohChooseOffset(call, rq);

	if (!NT_SUCCESS(status))
		return status;
	IohSetTransferBuffer(call, call->Output, TRUE);
	sp->Parameters.Read.Length = rq->OutputBytes;
	sp->Parameters.Read.Key = (ULONG)rq->Args[1];
	sp->Parameters.Read.ByteOffset.QuadPart = call->ByteOffset;
	return STATUS_SUCCESS;
}

/* IOH_WRITE_TO_END is FILE_WRITE_TO_END_OF_FILE: LowPart 0xFFFFFFFF, HighPart -1. */
static NTSTATUS IohFillWrite(IOH_CALL *call, const IOH_IRP_REQUEST *rq, PIO_STACK_LOCATION sp)
{
	NTSTATUS status = IohChooseOffset(call, rq);

	if (!NT_SUCCESS(status))
		return status;
	/* a handle that may only append writes at the end, wherever the caller asked */
	if (!(call->File->GrantedAccess & FILE_WRITE_DATA) && !(rq->Flags & IOH_IRP_RAW_OFFSET)) {
		call->ByteOffset = IOH_WRITE_TO_END;
		call->TracksPosition = FALSE;
	}
	IohSetTransferBuffer(call, call->Input, FALSE);
	sp->Parameters.Write.Length = rq->InputBytes;
	sp->Parameters.Write.Key = (ULONG)rq->Args[1];
	sp->Parameters.Write.ByteOffset.QuadPart = call->ByteOffset;
	return STATUS_SUCCESS;
}

static NTSTATUS IohFillQueryFile(IOH_CALL *call, const IOH_IRP_REQUEST *rq,
	PIO_STACK_LOCATION sp)
{
	NTSTATUS status = IohCheckClass(IohFileClasses, IOH_COUNT(IohFileClasses), FALSE,
		FileMaximumInformation, rq->Args[0], rq->OutputBytes);

	if (!NT_SUCCESS(status))
		return status;
	call->Irp->AssociatedIrp.SystemBuffer = call->Output;
	sp->Parameters.QueryFile.Length = rq->OutputBytes;
	sp->Parameters.QueryFile.FileInformationClass = (FILE_INFORMATION_CLASS)rq->Args[0];
	return STATUS_SUCCESS;
}

static BOOLEAN IohIsNameClass(ULONGLONG cls)
{
	return cls == FileRenameInformation || cls == FileLinkInformation;
}

/* The kernel's own FILE_RENAME_INFORMATION (FILE_LINK_INFORMATION has the same layout)
 * around the client's name: a 32-bit client could not build the 64-bit layout. */
static NTSTATUS IohBuildRenameBuffer(IOH_CALL *call, const IOH_IRP_REQUEST *rq, ULONG *bytes)
{
	const ULONG header = FIELD_OFFSET(FILE_RENAME_INFORMATION, FileName);
	FILE_RENAME_INFORMATION *info;

	*bytes = max(header + rq->InputBytes, (ULONG)sizeof(FILE_RENAME_INFORMATION));
	info = IohAlloc(*bytes);
	if (!info)
		return STATUS_INSUFFICIENT_RESOURCES;
	info->ReplaceIfExists = rq->Args[2] != 0;
	info->RootDirectory = NULL;
	info->FileNameLength = rq->InputBytes;
	RtlCopyMemory(info->FileName, call->Input, rq->InputBytes);
	IohFree(call->Input);
	call->Input = info;
	return STATUS_SUCCESS;
}

/* Parameters.SetFile.FileObject: a file of the same session, opened (as NtSetInformationFile
 * does for a full target name) with SL_OPEN_TARGET_DIRECTORY; it must be on the same volume. */
static NTSTATUS IohAttachTarget(IOH_CALL *call, ULONG id, PIO_STACK_LOCATION sp)
{
	IOH_FILE *target;

	if (!id)
		return STATUS_SUCCESS;
	target = IohFileAcquire(call->File->Session, id);
	if (!target)
		return STATUS_INVALID_HANDLE;
	call->Related = target;
	if (target->Target != call->File->Target)
		return STATUS_NOT_SAME_DEVICE;
	sp->Parameters.SetFile.FileObject = target->FileObject;
	return STATUS_SUCCESS;
}

static NTSTATUS IohFillSetFile(IOH_CALL *call, const IOH_IRP_REQUEST *rq, PIO_STACK_LOCATION sp)
{
	BOOLEAN named = (rq->Flags & IOH_IRP_HAS_NAME) && IohIsNameClass(rq->Args[0]);
	ULONG bytes = rq->InputBytes;
	NTSTATUS status = STATUS_SUCCESS;

	if ((rq->Flags & IOH_IRP_HAS_NAME) && !named)
		return STATUS_INVALID_PARAMETER;
	if (named)
		status = IohBuildRenameBuffer(call, rq, &bytes);
	if (NT_SUCCESS(status))
		status = IohCheckClass(IohSetClasses, IOH_COUNT(IohSetClasses), FALSE,
			FileMaximumInformation, rq->Args[0], bytes);
	if (NT_SUCCESS(status))
		status = IohAttachTarget(call, (ULONG)rq->Args[1], sp);
	if (!NT_SUCCESS(status))
		return status;
	call->Irp->AssociatedIrp.SystemBuffer = call->Input;
	sp->Parameters.SetFile.Length = bytes;
	sp->Parameters.SetFile.FileInformationClass = (FILE_INFORMATION_CLASS)rq->Args[0];
	/* as NtSetInformationFile: the rename/link buffer's own flag, else the client's */
	if (IohIsNameClass(rq->Args[0]))
		sp->Parameters.SetFile.ReplaceIfExists = ((FILE_RENAME_INFORMATION *)call->Input)->ReplaceIfExists;
	else
		sp->Parameters.SetFile.ReplaceIfExists = rq->Args[2] != 0;
	sp->Parameters.SetFile.AdvanceOnly = rq->Args[3] != 0;
	return STATUS_SUCCESS;
}

static NTSTATUS IohFillFlush(IOH_CALL *call, const IOH_IRP_REQUEST *rq, PIO_STACK_LOCATION sp)
{
	return STATUS_SUCCESS;
}

static NTSTATUS IohFillQueryVolume(IOH_CALL *call, const IOH_IRP_REQUEST *rq,
	PIO_STACK_LOCATION sp)
{
	NTSTATUS status = IohCheckClass(IohVolumeClasses, IOH_COUNT(IohVolumeClasses), FALSE,
		FileFsMaximumInformation, rq->Args[0], rq->OutputBytes);

	if (!NT_SUCCESS(status))
		return status;
	call->Irp->AssociatedIrp.SystemBuffer = call->Output;
	sp->Parameters.QueryVolume.Length = rq->OutputBytes;
	sp->Parameters.QueryVolume.FsInformationClass = (FS_INFORMATION_CLASS)rq->Args[0];
	return STATUS_SUCCESS;
}

/* The input bytes as a UNICODE_STRING (e.g. a search pattern), when the request has one. */
static PUNICODE_STRING IohInputName(IOH_CALL *call, const IOH_IRP_REQUEST *rq)
{
	if (!(rq->Flags & IOH_IRP_HAS_NAME))
		return NULL;
	call->Name.Buffer = call->Input;
	call->Name.Length = call->Name.MaximumLength = (USHORT)rq->InputBytes;
	return &call->Name;
}

static NTSTATUS IohFillQueryDirectory(IOH_CALL *call, const IOH_IRP_REQUEST *rq,
	PIO_STACK_LOCATION sp)
{
	NTSTATUS status = IohCheckClass(IohDirectoryClasses, IOH_COUNT(IohDirectoryClasses),
		TRUE, FileMaximumInformation, rq->Args[0], rq->OutputBytes);

	if (!NT_SUCCESS(status))
		return status;
	IohSetTransferBuffer(call, call->Output, TRUE);
	sp->Parameters.QueryDirectory.Length = rq->OutputBytes;
	sp->Parameters.QueryDirectory.FileName = IohInputName(call, rq);
	sp->Parameters.QueryDirectory.FileInformationClass = (FILE_INFORMATION_CLASS)rq->Args[0];
	sp->Parameters.QueryDirectory.FileIndex = (ULONG)rq->Args[1];
	return STATUS_SUCCESS;
}

/* NtNotifyChangeDirectoryFile: the request usually stays pending in the file system until
 * a change, a cleanup of the handle or a cancel; iohost never waits for it. */
static NTSTATUS IohFillNotify(IOH_CALL *call, const IOH_IRP_REQUEST *rq, PIO_STACK_LOCATION sp)
{
	ULONG filter = (ULONG)rq->Args[0];

	if (!filter || (rq->Args[0] & ~(ULONGLONG)FILE_NOTIFY_VALID_MASK))
		return STATUS_INVALID_PARAMETER;
	IohSetTransferBuffer(call, call->Output, TRUE);
	sp->Parameters.NotifyDirectory.Length = rq->OutputBytes;
	sp->Parameters.NotifyDirectory.CompletionFilter = filter;
	return STATUS_SUCCESS;
}

/* NtFsControlFile by the code's transfer method. METHOD_BUFFERED: one system buffer of the
 * larger size, input copied in, output taken from it. METHOD_NEITHER: Type3InputBuffer and
 * UserBuffer. Direct methods: the input as system buffer and the output as UserBuffer, as
 * there are no usable MDLs under Wine. */
static NTSTATUS IohFillFsControl(IOH_CALL *call, const IOH_IRP_REQUEST *rq,
	PIO_STACK_LOCATION sp)
{
	ULONG code = (ULONG)rq->Args[0];
	PVOID in = rq->InputBytes ? call->Input : NULL;
	PVOID out = rq->OutputBytes ? call->Output : NULL;

	sp->Parameters.FileSystemControl.FsControlCode = code;
	sp->Parameters.FileSystemControl.InputBufferLength = rq->InputBytes;
	sp->Parameters.FileSystemControl.OutputBufferLength = rq->OutputBytes;
	switch (METHOD_FROM_CTL_CODE(code)) {
	case METHOD_BUFFERED:
		if (rq->InputBytes > rq->OutputBytes) {
			PVOID bigger = IohAlloc(rq->InputBytes);
			if (!bigger)
				return STATUS_INSUFFICIENT_RESOURCES;
			IohFree(call->Output);
			call->Output = bigger;
		}
		RtlCopyMemory(call->Output, call->Input, rq->InputBytes);
		if (rq->InputBytes || rq->OutputBytes) {
			call->Irp->AssociatedIrp.SystemBuffer = call->Output;
			call->Irp->Flags |= IRP_BUFFERED_IO | (rq->OutputBytes ? IRP_INPUT_OPERATION : 0);
		}
		break;
	case METHOD_NEITHER:
		sp->Parameters.FileSystemControl.Type3InputBuffer = in;
		call->Irp->UserBuffer = out;
		break;
	default:
		call->Irp->AssociatedIrp.SystemBuffer = in;
		call->Irp->UserBuffer = out;
		break;
	}
	return STATUS_SUCCESS;
}

/* NtLockFile/NtUnlockFile. Length is a pointer the file system may keep until the IRP
 * completes: it points into the call. */
static NTSTATUS IohFillLock(IOH_CALL *call, const IOH_IRP_REQUEST *rq, PIO_STACK_LOCATION sp)
{
	if (rq->MinorFunction < IRP_MN_LOCK || rq->MinorFunction > IRP_MN_UNLOCK_ALL_BY_KEY)
		return STATUS_INVALID_PARAMETER;
	call->LockLength.QuadPart = (LONGLONG)rq->Args[1];
	sp->Parameters.LockControl.Length = &call->LockLength;
	sp->Parameters.LockControl.Key = (ULONG)rq->Args[2];
	sp->Parameters.LockControl.ByteOffset.QuadPart = (LONGLONG)rq->Args[0];
	return STATUS_SUCCESS;
}

/* NtQuerySecurityObject: the descriptor goes to UserBuffer; a file system that needs more
 * room answers STATUS_BUFFER_OVERFLOW with the size needed as Information. */
static NTSTATUS IohFillQuerySecurity(IOH_CALL *call, const IOH_IRP_REQUEST *rq,
	PIO_STACK_LOCATION sp)
{
	call->Irp->UserBuffer = call->Output;
	call->InfoIsNeededSize = TRUE;
	sp->Parameters.QuerySecurity.SecurityInformation = (SECURITY_INFORMATION)rq->Args[0];
	sp->Parameters.QuerySecurity.Length = rq->OutputBytes;
	return STATUS_SUCCESS;
}

/* NtSetSecurityObject captures the caller's descriptor first: a file system only ever
 * sees a valid self-relative one in kernel memory. */
static NTSTATUS IohFillSetSecurity(IOH_CALL *call, const IOH_IRP_REQUEST *rq,
	PIO_STACK_LOCATION sp)
{
	if (!RtlValidRelativeSecurityDescriptor(call->Input, rq->InputBytes, 0))
		return STATUS_INVALID_SECURITY_DESCR;
	sp->Parameters.SetSecurity.SecurityInformation = (SECURITY_INFORMATION)rq->Args[0];
	sp->Parameters.SetSecurity.SecurityDescriptor = call->Input;
	return STATUS_SUCCESS;
}

IOH_FILL *IohFillFor(UCHAR major, UCHAR minor)
{
	switch (major) {
	case IRP_MJ_READ:
		return IohFillRead;
	case IRP_MJ_WRITE:
		return IohFillWrite;
	case IRP_MJ_QUERY_INFORMATION:
		return IohFillQueryFile;
	case IRP_MJ_SET_INFORMATION:
		return IohFillSetFile;
	case IRP_MJ_FLUSH_BUFFERS:
		return IohFillFlush;
	case IRP_MJ_QUERY_VOLUME_INFORMATION:
		return IohFillQueryVolume;
	case IRP_MJ_DIRECTORY_CONTROL:
		if (minor == IRP_MN_QUERY_DIRECTORY)
			return IohFillQueryDirectory;
		return minor == IRP_MN_NOTIFY_CHANGE_DIRECTORY ? IohFillNotify : NULL;
	case IRP_MJ_FILE_SYSTEM_CONTROL:
		return IohFillFsControl;
	case IRP_MJ_LOCK_CONTROL:
		return IohFillLock;
	case IRP_MJ_QUERY_SECURITY:
		return IohFillQuerySecurity;
	case IRP_MJ_SET_SECURITY:
		return IohFillSetSecurity;
	default:
		return NULL;
	}
}
