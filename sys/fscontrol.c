/* SPDX-License-Identifier: LGPL-3.0-or-later
 * fscontrol.c - IRP_MJ_FILE_SYSTEM_CONTROL, answered in the driver, and the shutdown and
 * PnP requests, which need no work (docs/behaviour.md, "Requests answered by the driver"). */
#include "dk.h"

static NTSTATUS DkUserFsRequest(PIRP irp, ULONG code)
{
	switch (code) {
	case FSCTL_REQUEST_OPLOCK_LEVEL_1:
	case FSCTL_REQUEST_OPLOCK_LEVEL_2:
	case FSCTL_REQUEST_BATCH_OPLOCK:
	case FSCTL_OPLOCK_BREAK_ACKNOWLEDGE:
	case FSCTL_OPBATCH_ACK_CLOSE_PENDING:
	case FSCTL_OPLOCK_BREAK_NOTIFY:
	case FSCTL_LOCK_VOLUME:
	case FSCTL_UNLOCK_VOLUME:
	case FSCTL_IS_VOLUME_MOUNTED:
		return DkCompleteIrp(irp, STATUS_SUCCESS, 0);
	case FSCTL_GET_REPARSE_POINT:
		return DkCompleteIrp(irp, STATUS_NOT_A_REPARSE_POINT, 0);
	default:
		return DkCompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
	}
}

NTSTATUS NTAPI DkDispatchFileSystemControl(PDEVICE_OBJECT device, PIRP irp)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	DK_DEVICE_EXTENSION *ext = DkExtension(device);

	if (!ext || ext->Kind != DK_DEVICE_VOLUME)
		return DkCompleteIrp(irp, STATUS_INVALID_PARAMETER, 0);
	if (stack->MinorFunction == IRP_MN_USER_FS_REQUEST)
		return DkUserFsRequest(irp, stack->Parameters.FileSystemControl.FsControlCode);
	return DkCompleteIrp(irp, STATUS_INVALID_PARAMETER, 0);
}

NTSTATUS NTAPI DkDispatchShutdown(PDEVICE_OBJECT device, PIRP irp)
{
	return DkCompleteIrp(irp, STATUS_SUCCESS, 0);
}

NTSTATUS NTAPI DkDispatchPnp(PDEVICE_OBJECT device, PIRP irp)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	if (stack->MinorFunction == IRP_MN_QUERY_DEVICE_RELATIONS)
		return DkCompleteIrp(irp, STATUS_INVALID_PARAMETER, 0);
	return DkCompleteIrp(irp, STATUS_SUCCESS, 0);
}
