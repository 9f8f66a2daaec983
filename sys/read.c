/* SPDX-License-Identifier: LGPL-3.0-or-later
 * read.c - IRP_MJ_READ, forwarded to user mode; the data comes back in the reply. */
#include "dk.h"

static BOOLEAN DkUsesFilePointer(const LARGE_INTEGER *offset)
{
	return offset->HighPart == -1 && offset->LowPart == FILE_USE_FILE_POINTER_POSITION;
}

static void DkReadComplete(DK_REQUEST *request, const DK_REPLY *reply, NTSTATUS failure)
{
	PIRP irp = request->Irp;
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	PFILE_OBJECT file = stack->FileObject;
	ULONG length = stack->Parameters.Read.Length;

	DkCompleteWithData(irp, reply, failure, DkIrpDataBuffer(irp), length);
	if (!NT_SUCCESS(irp->IoStatus.Status) && irp->IoStatus.Status != STATUS_END_OF_FILE)
		return;
	/* as the I/O manager expects of a file system: synchronous, non-paging reads move
	 * the file pointer, one at or past the end to its offset
	 * (docs/behaviour.md#read-and-write) */
	if ((file->Flags & FO_SYNCHRONOUS_IO) && !(irp->Flags & IRP_PAGING_IO))
		file->CurrentByteOffset.QuadPart = request->Event->Params.Rw.ByteOffset + irp->IoStatus.Information;
}

NTSTATUS NTAPI DkDispatchRead(PDEVICE_OBJECT device, PIRP irp)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	LARGE_INTEGER offset = stack->Parameters.Read.ByteOffset;
	ULONG length = stack->Parameters.Read.Length;
	DK_MOUNT *mount;
	DK_CCB *ccb;
	DK_REQUEST *request;
	NTSTATUS status = DkFileRequestBegin(device, irp, &mount, &ccb);

	if (NT_SUCCESS(status))
		status = DkCheckTransfer(ccb, irp, length);
	if (status != STATUS_PENDING)
		return DkCompleteIrp(irp, status, 0);
	if (DkUsesFilePointer(&offset))
		offset = stack->FileObject->CurrentByteOffset;
	if (offset.QuadPart < 0)
		return DkCompleteIrp(irp, STATUS_INVALID_PARAMETER, 0);
	request = DkRequestForFile(mount, irp, ccb, 0);
	if (request) {
		request->Event->Params.Rw.ByteOffset = offset.QuadPart;
		request->Event->Params.Rw.Length = length;
	}
	return DkForward(request, irp, DkReadComplete);
}
