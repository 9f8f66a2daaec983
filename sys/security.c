/* SPDX-License-Identifier: LGPL-3.0-or-later
 * security.c - IRP_MJ_QUERY_SECURITY and IRP_MJ_SET_SECURITY. */
#include "dk.h"

/* forwarded to user mode from the next milestone on */
static NTSTATUS DkSecurityNotYet(PDEVICE_OBJECT device, PIRP irp)
{
	DK_MOUNT *mount;
	DK_CCB *ccb;
	NTSTATUS status = DkFileRequestBegin(device, irp, &mount, &ccb);
	return DkCompleteIrp(irp, NT_SUCCESS(status) ? STATUS_NOT_IMPLEMENTED : status, 0);
}

NTSTATUS NTAPI DkDispatchQuerySecurity(PDEVICE_OBJECT device, PIRP irp)
{
	return DkSecurityNotYet(device, irp);
}

NTSTATUS NTAPI DkDispatchSetSecurity(PDEVICE_OBJECT device, PIRP irp)
{
	return DkSecurityNotYet(device, irp);
}
