/* SPDX-License-Identifier: LGPL-3.0-or-later
 * transfer.c - the checks a read and a write share before either is forwarded. */
#include "dk.h"

/* The first checks of a read or a write, as NTFS makes them: never on a folder, a zero
 * length is done at once, and there must be a buffer. STATUS_PENDING means: go on. */
NTSTATUS DkCheckTransfer(DK_CCB *ccb, PIRP irp, ULONG length)
{
	if (ccb->Fcb->Flags & DK_FCB_DIRECTORY) /* 0.6.0 said INVALID_PARAMETER */
		return STATUS_INVALID_DEVICE_REQUEST;
	if (length == 0)
		return STATUS_SUCCESS;
	if (!DkIrpCallerBuffer(irp, length))
		return STATUS_INVALID_USER_BUFFER;
	return STATUS_PENDING;
}
