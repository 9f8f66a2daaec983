/* SPDX-License-Identifier: LGPL-3.0-or-later
 * flush.c - IRP_MJ_FLUSH_BUFFERS. */
#include "dk.h"

NTSTATUS NTAPI DkDispatchFlush(PDEVICE_OBJECT device, PIRP irp)
{
	DK_MOUNT *mount;
	DK_CCB *ccb;
	NTSTATUS status = DkFileRequestBegin(device, irp, &mount, &ccb);

	/* forwarded to user mode from the next milestone on */
	return DkCompleteIrp(irp, NT_SUCCESS(status) ? STATUS_NOT_IMPLEMENTED : status, 0);
}
