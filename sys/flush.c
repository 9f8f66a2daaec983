/* SPDX-License-Identifier: LGPL-3.0-or-later
 * flush.c - IRP_MJ_FLUSH_BUFFERS, forwarded to user mode
 * (docs/behaviour.md, "Locks and flush"). The driver caches nothing, so there is nothing
 * of its own to write back first. */
#include "dk.h"

static void DkFlushComplete(DK_REQUEST *request, const DK_REPLY *reply, NTSTATUS failure)
{
	DkCompleteWithData(request->Irp, reply, failure, NULL, 0);
}

/* A flush of the volume itself (a handle on the device, no file): nothing is buffered
 * anywhere on our side, so it has succeeded. */
static BOOLEAN DkIsVolumeFlush(PDEVICE_OBJECT device, PIRP irp)
{
	DK_MOUNT *mount = DkMountOfDevice(device);
	DK_CCB *ccb = DkCcbOfFile(IoGetCurrentIrpStackLocation(irp)->FileObject);
	return mount && mount->Mounted && ccb && ccb->Kind == DK_CCB_CHANNEL && ccb->Mount == mount;
}

NTSTATUS NTAPI DkDispatchFlush(PDEVICE_OBJECT device, PIRP irp)
{
	DK_MOUNT *mount;
	DK_CCB *ccb;
	NTSTATUS status = DkFileRequestBegin(device, irp, &mount, &ccb);

	if (!NT_SUCCESS(status))
		return DkCompleteIrp(irp, DkIsVolumeFlush(device, irp) ? STATUS_SUCCESS : status, 0);
	DK_DEBUG_FILE(ccb, "flush %.*ws\n");
	return DkForward(DkRequestForFile(mount, irp, ccb, 0), irp, DkFlushComplete);
}
