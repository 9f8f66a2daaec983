/* SPDX-License-Identifier: LGPL-3.0-or-later
 * cleanup.c - IRP_MJ_CLEANUP: the last user handle of a file object was closed. */
#include "dk.h"

static void DkCleanupComplete(DK_REQUEST *request, const DK_REPLY *reply, NTSTATUS failure)
{
	const DK_EVENT *event = request->Event;

	/* The file system cannot refuse a cleanup
	 * (docs/behaviour.md, "Cleanup, close and deletion"). On teardown it still succeeds. */
	request->Irp->IoStatus.Status = STATUS_SUCCESS;
	request->Irp->IoStatus.Information = 0;
	if (event->FileFlags & DK_FILE_DELETE_ON_CLOSE)
		InterlockedAnd((volatile LONG *)&request->Ccb->Fcb->Flags, ~(LONG)DK_FCB_DELETE_PENDING);
	/* Sharing ends when the file system is done with the handle: an open that came
	 * during a deleting cleanup saw DELETE_PENDING, never the half-deleted file. */
	DkCcbEndHandle(request->Ccb);
	if (!reply || !(event->FileFlags & DK_FILE_DELETE_ON_CLOSE))
		return;
	/* The file system deleted the object in this Cleanup: as NTFS, watchers learn of the
	 * removal now, when it happens (0.6.0 reported it when the disposition was set). */
	DkReportRequestChange(request,
		(event->FileFlags & DK_FILE_DIRECTORY) ? FILE_NOTIFY_CHANGE_DIR_NAME : FILE_NOTIFY_CHANGE_FILE_NAME,
		FILE_ACTION_REMOVED);
}

/* Whether this cleanup deletes (DeleteOnClose in the Cleanup callback): when it is the
 * last handle of a file marked delete pending (fcb.c). A handle opened with
 * FILE_DELETE_ON_CLOSE marks it at its cleanup (docs/differences.md D3; a disposition
 * cannot undo that, as on NTFS); any handle's disposition sets or clears the mark. */
static void DkDecideDeleteOnClose(DK_CCB *ccb)
{
	BOOLEAN marker = (ccb->Flags & (DK_CCB_DELETE_ON_CLOSE | DK_CCB_DELETE_ON_CLOSE_OPEN)) != 0;

	if (DkCcbCleanupDeletes(ccb)) {
		InterlockedOr((volatile LONG *)&ccb->Flags, DK_CCB_DELETE_ON_CLOSE);
		return;
	}
	InterlockedAnd((volatile LONG *)&ccb->Flags, ~(LONG)DK_CCB_DELETE_ON_CLOSE);
	/* as NTFS: a folder's watchers learn of its delete when the deleting handle goes */
	if (marker && (ccb->Fcb->Flags & DK_FCB_DELETE_PENDING))
		DkNotifyDeletePending(ccb->Fcb);
}

NTSTATUS NTAPI DkDispatchCleanup(PDEVICE_OBJECT device, PIRP irp)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	DK_REQUEST *request;
	DK_MOUNT *mount;
	DK_CCB *ccb;
	LONG before;

	if (!NT_SUCCESS(DkFileRequestBegin(device, irp, &mount, &ccb))) {
		if (DkIsControlDevice(device))
			DkServiceFileClosed(stack->FileObject);
		return DkCompleteIrp(irp, STATUS_SUCCESS, 0); /* device opens, gone volumes */
	}
	/* CCB flags change only by interlocked operations: other requests on the file read and
	 * set them meanwhile. A file object is cleaned up once. */
	before = InterlockedOr((volatile LONG *)&ccb->Flags, DK_CCB_CLEANED_UP);
	DK_ASSERT(!(before & DK_CCB_CLEANED_UP));
	DkNotifyCleanup(ccb);
	if (stack->FileObject)
		stack->FileObject->Flags |= FO_CLEANUP_COMPLETE;
	if (ccb->Flags & DK_CCB_RENAME_TARGET)
		return DkCompleteIrp(irp, STATUS_SUCCESS, 0); /* a rename target: user mode never opened it */
	DkDecideDeleteOnClose(ccb);
	request = DkRequestForFile(mount, irp, ccb, 0);
	if (!request) {
		DkCcbEndHandle(ccb);
		return DkCompleteIrp(irp, STATUS_INSUFFICIENT_RESOURCES, 0);
	}
	return DkForward(request, irp, DkCleanupComplete);
}
