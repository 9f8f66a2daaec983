// SPDX-License-Identifier: LGPL-3.0-or-later
/* iohost_irp.c - IOCTL_IOH_IRP: one IRP on an open file, described by a fixed-width request.
 * Adding a major function means one fill routine and one line in IohFillFor. */
#include "iohost.h"

typedef NTSTATUS IOH_FILL(IOH_CALL *call, const IOH_IRP_REQUEST *rq, PIO_STACK_LOCATION sp);

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

/* NtReadFile: a synchronous file object reads at its current position when asked to. */
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
	call->TracksPosition = sync;
	call->PositionBefore = fo->CurrentByteOffset.QuadPart;
	return STATUS_SUCCESS;
}

/* Windows file systems move a synchronous file's position themselves; do it for one
 * that did not, so clients see NtReadFile's behaviour either way. */
static void IohAdvancePosition(IOH_CALL *call, ULONG_PTR bytes)
{
	PFILE_OBJECT fo = call->File->FileObject;

	if (fo->CurrentByteOffset.QuadPart == call->PositionBefore)
		fo->CurrentByteOffset.QuadPart = call->ByteOffset + bytes;
}

/* Where read-like data goes: the buffer pointer for a "neither" device, the system buffer
 * too for a DO_BUFFERED_IO one, as Windows does. Never an MDL: Wine cannot map one. */
static void IohSetTransferBuffer(IOH_CALL *call)
{
	call->Irp->UserBuffer = call->Output;
	if (call->File->Target->Flags & DO_BUFFERED_IO) {
		call->Irp->AssociatedIrp.SystemBuffer = call->Output;
		call->Irp->Flags |= IRP_BUFFERED_IO | IRP_INPUT_OPERATION;
	}
}

static NTSTATUS IohFillRead(IOH_CALL *call, const IOH_IRP_REQUEST *rq, PIO_STACK_LOCATION sp)
{
	NTSTATUS status = IohChooseOffset(call, rq);

	if (!NT_SUCCESS(status))
		return status;
	IohSetTransferBuffer(call);
	sp->Parameters.Read.Length = rq->OutputBytes;
	sp->Parameters.Read.Key = (ULONG)rq->Args[1];
	sp->Parameters.Read.ByteOffset.QuadPart = call->ByteOffset;
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
	IohSetTransferBuffer(call);
	sp->Parameters.QueryDirectory.Length = rq->OutputBytes;
	sp->Parameters.QueryDirectory.FileName = IohInputName(call, rq);
	sp->Parameters.QueryDirectory.FileInformationClass = (FILE_INFORMATION_CLASS)rq->Args[0];
	sp->Parameters.QueryDirectory.FileIndex = (ULONG)rq->Args[1];
	return STATUS_SUCCESS;
}

static IOH_FILL *IohFillFor(UCHAR major, UCHAR minor)
{
	switch (major) {
	case IRP_MJ_READ:
		return IohFillRead;
	case IRP_MJ_QUERY_INFORMATION:
		return IohFillQueryFile;
	case IRP_MJ_QUERY_VOLUME_INFORMATION:
		return IohFillQueryVolume;
	case IRP_MJ_DIRECTORY_CONTROL:
		return minor == IRP_MN_QUERY_DIRECTORY ? IohFillQueryDirectory : NULL;
	default:
		return NULL;
	}
}

static void IohFinishIrp(IOH_CALL *call)
{
	IOH_IRP_RESULT *result = call->Client->AssociatedIrp.SystemBuffer;
	NTSTATUS status = call->Irp->IoStatus.Status;
	ULONG_PTR info = call->Irp->IoStatus.Information;
	ULONG data = NT_ERROR(status) ? 0 : (ULONG)min(info, (ULONG_PTR)call->OutputBytes);

	if (call->TracksPosition && NT_SUCCESS(status))
		IohAdvancePosition(call, info);
	result->Status = status;
	result->DataBytes = data;
	result->Information = info;
	RtlCopyMemory(result + 1, call->Output, data);
	IohFileRelease(call->File);
	IohCompleteIrp(call->Client, STATUS_SUCCESS, sizeof(*result) + data);
}

/* Pool copies of the client's data: its IOCTL buffer is reused for the result. */
static NTSTATUS IohAttachData(IOH_CALL *call, const IOH_IRP_REQUEST *rq)
{
	call->Input = IohAlloc(rq->InputBytes);
	call->Output = IohAlloc(rq->OutputBytes);
	if (!call->Input || !call->Output)
		return STATUS_INSUFFICIENT_RESOURCES;
	RtlCopyMemory(call->Input, rq + 1, rq->InputBytes);
	call->OutputBytes = rq->OutputBytes;
	return STATUS_SUCCESS;
}

static NTSTATUS IohStartIrp(IOH_SESSION *session, PIRP client, const IOH_IRP_REQUEST *rq)
{
	IOH_FILL *fill = IohFillFor(rq->MajorFunction, rq->MinorFunction);
	IOH_CALL *call;
	IOH_FILE *file;
	NTSTATUS status;

	if (!fill)
		return STATUS_NOT_SUPPORTED;
	file = IohFileAcquire(session, rq->FileId);
	if (!file)
		return STATUS_INVALID_HANDLE;
	call = IohCallNew(file, client, rq->MajorFunction, rq->MinorFunction, IohFinishIrp);
	status = call ? IohAttachData(call, rq) : STATUS_INSUFFICIENT_RESOURCES;
	if (NT_SUCCESS(status)) {
		PIO_STACK_LOCATION sp = IoGetNextIrpStackLocation(call->Irp);
		sp->Flags = rq->StackFlags;
		status = fill(call, rq, sp);
	}
	if (NT_SUCCESS(status))
		return IohCallSend(call);
	if (call)
		IohCallDiscard(call);
	IohFileRelease(file);
	return status;
}

static BOOLEAN IohIrpRequestValid(const IOH_IRP_REQUEST *rq, PIO_STACK_LOCATION sp)
{
	ULONG in = sp->Parameters.DeviceIoControl.InputBufferLength;
	ULONG out = sp->Parameters.DeviceIoControl.OutputBufferLength;

	if (in < sizeof(*rq) || rq->Size != sizeof(*rq))
		return FALSE;
	if (rq->InputBytes > IOH_MAX_DATA_BYTES || rq->OutputBytes > IOH_MAX_DATA_BYTES)
		return FALSE;
	if ((rq->Flags & IOH_IRP_HAS_NAME) && ((rq->InputBytes & 1) || rq->InputBytes > 0xFFFE))
		return FALSE;
	return in - sizeof(*rq) >= rq->InputBytes &&
	       out >= sizeof(IOH_IRP_RESULT) + rq->OutputBytes;
}

NTSTATUS IohHandleIrp(IOH_SESSION *session, PIRP client, PIO_STACK_LOCATION sp)
{
	const IOH_IRP_REQUEST *rq = client->AssociatedIrp.SystemBuffer;
	NTSTATUS status;

	if (!IohIrpRequestValid(rq, sp))
		return STATUS_INVALID_PARAMETER;
	status = IohStartIrp(session, client, rq);
	if (status == STATUS_PENDING)
		return status;
	return IohReportStatus(client, sizeof(IOH_IRP_RESULT), status);
}
