/* SPDX-License-Identifier: LGPL-3.0-or-later
 * fileinfo.c - IRP_MJ_QUERY_INFORMATION and IRP_MJ_SET_INFORMATION. */
#include "dk.h"

/* FileNameInformation from the FCB path; a name that does not fit is truncated with
 * STATUS_BUFFER_OVERFLOW (decision 20). */
static NTSTATUS DkAnswerName(PIRP irp, DK_CCB *ccb, ULONG length)
{
	PFILE_NAME_INFORMATION info = irp->AssociatedIrp.SystemBuffer;
	ULONG header = FIELD_OFFSET(FILE_NAME_INFORMATION, FileName);
	ULONG nameBytes = ccb->Fcb->Path.Length;
	ULONG copy;

	if (length < header)
		return DkCompleteIrp(irp, STATUS_INFO_LENGTH_MISMATCH, 0);
	copy = min(nameBytes, length - header);
	info->FileNameLength = nameBytes;
	RtlCopyMemory(info->FileName, ccb->Fcb->Path.Buffer, copy);
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
	request = DkRequestAllocate(mount, irp, ccb, &ccb->Fcb->Path, 0);
	if (request) {
		request->Event->Params.Info.InformationClass = infoClass;
		request->Event->Params.Info.BufferLength = length;
	}
	return DkForward(request, irp, DkQueryInfoComplete);
}

NTSTATUS NTAPI DkDispatchSetInformation(PDEVICE_OBJECT device, PIRP irp)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	PFILE_POSITION_INFORMATION position = irp->AssociatedIrp.SystemBuffer;
	DK_MOUNT *mount;
	DK_CCB *ccb;
	NTSTATUS status = DkFileRequestBegin(device, irp, &mount, &ccb);

	if (!NT_SUCCESS(status))
		return DkCompleteIrp(irp, status, 0);
	if (stack->Parameters.SetFile.FileInformationClass == FilePositionInformation) {
		if (!position || stack->Parameters.SetFile.Length < sizeof(*position))
			return DkCompleteIrp(irp, STATUS_INFO_LENGTH_MISMATCH, 0);
		stack->FileObject->CurrentByteOffset = position->CurrentByteOffset;
		return DkCompleteIrp(irp, STATUS_SUCCESS, 0);
	}
	/* the other classes are forwarded from the next milestone on */
	return DkCompleteIrp(irp, STATUS_NOT_IMPLEMENTED, 0);
}
