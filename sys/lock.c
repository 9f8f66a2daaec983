/* SPDX-License-Identifier: LGPL-3.0-or-later
 * lock.c - IRP_MJ_LOCK_CONTROL. The driver keeps no byte-range lock state and checks no
 * locks on read or write: every lock request goes to the file system, which holds the
 * locks (the mirror on its own handles; docs/behaviour.md, "Locks and flush"). */
#include "dk.h"

static void DkLockComplete(DK_REQUEST *request, const DK_REPLY *reply, NTSTATUS failure)
{
	DkCompleteWithData(request->Irp, reply, failure, NULL, 0);
}

/* The minor functions of NtLockFile/NtUnlockFile and of unlock-all; anything else is not
 * a lock request (as FsRtlProcessFileLock answers). */
static NTSTATUS DkCheckLockRequest(PIO_STACK_LOCATION stack, DK_CCB *ccb)
{
	switch (stack->MinorFunction) {
	case IRP_MN_LOCK:
	case IRP_MN_UNLOCK_SINGLE:
		if (!stack->Parameters.LockControl.Length)
			return STATUS_INVALID_PARAMETER;
		break;
	case IRP_MN_UNLOCK_ALL:
	case IRP_MN_UNLOCK_ALL_BY_KEY:
		break;
	default:
		return STATUS_INVALID_DEVICE_REQUEST;
	}
	/* byte ranges exist only in files */
	if (ccb->Fcb->Flags & DK_FCB_DIRECTORY)
		return STATUS_INVALID_PARAMETER;
	return STATUS_SUCCESS;
}

/* Copies the fields the minor function defines; the others are not set by the caller.
 * SL_EXCLUSIVE_LOCK and SL_FAIL_IMMEDIATELY travel in the event's IrpFlags. */
static DK_REQUEST *DkLockRequest(DK_MOUNT *mount, PIRP irp, DK_CCB *ccb)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	DK_REQUEST *request = DkRequestForFile(mount, irp, ccb, 0);
	DK_LOCK_PARAMS *lock;

	if (!request)
		return NULL;
	lock = &request->Event->Params.Lock;
	switch (stack->MinorFunction) {
	case IRP_MN_LOCK:
	case IRP_MN_UNLOCK_SINGLE:
		lock->ByteOffset = stack->Parameters.LockControl.ByteOffset.QuadPart;
		lock->Length = stack->Parameters.LockControl.Length->QuadPart;
		/* fall through */
	case IRP_MN_UNLOCK_ALL_BY_KEY:
		lock->Key = stack->Parameters.LockControl.Key;
		break;
	default:
		break;
	}
	return request;
}

NTSTATUS NTAPI DkDispatchLockControl(PDEVICE_OBJECT device, PIRP irp)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	DK_MOUNT *mount;
	DK_CCB *ccb;
	NTSTATUS status = DkFileRequestBegin(device, irp, &mount, &ccb);

	if (NT_SUCCESS(status))
		status = DkCheckLockRequest(stack, ccb);
	if (!NT_SUCCESS(status))
		return DkCompleteIrp(irp, status, 0);
	DK_DEBUG_FILE(ccb, "lock %.*ws minor %u\n", stack->MinorFunction);
	return DkForward(DkLockRequest(mount, irp, ccb), irp, DkLockComplete);
}
