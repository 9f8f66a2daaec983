/* SPDX-License-Identifier: LGPL-3.0-or-later
 * cleanup.c - IRP_MJ_CLEANUP: the last user handle of a file object was closed. */
#include "dk.h"

static void DkCleanupComplete(DK_REQUEST *request, const DK_REPLY *reply, NTSTATUS failure)
{
	/* The file system cannot refuse a cleanup (facts 2.3). On teardown it still succeeds. */
	request->Irp->IoStatus.Status = STATUS_SUCCESS;
	request->Irp->IoStatus.Information = 0;
}

NTSTATUS NTAPI DkDispatchCleanup(PDEVICE_OBJECT device, PIRP irp)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	DK_MOUNT *mount;
	DK_CCB *ccb;

	if (!NT_SUCCESS(DkFileRequestBegin(device, irp, &mount, &ccb)))
		return DkCompleteIrp(irp, STATUS_SUCCESS, 0); /* device opens, gone volumes */
	ccb->Flags |= DK_CCB_CLEANED_UP;
	DkNotifyCleanup(ccb);
	if (stack->FileObject)
		stack->FileObject->Flags |= FO_CLEANUP_COMPLETE;
	return DkForward(DkRequestAllocate(mount, irp, ccb, &ccb->Fcb->Path, 0), irp, DkCleanupComplete);
}
