/* SPDX-License-Identifier: LGPL-3.0-or-later
 * dispatch_lock.c - IRP_MJ_LOCK_CONTROL (docs/behaviour.md, "Locks and flush"). The key
 * and the exclusive and fail-immediately flags are not passed on: the callbacks have no
 * parameters for them. */
#include "dk_dll.h"

#define DK_IRP_MN_LOCK          0x01
#define DK_IRP_MN_UNLOCK_SINGLE 0x02


/* A lock that conflicts with another one comes back from Win32 LockFile as
 * ERROR_LOCK_VIOLATION, which for a lock request means "not granted" (what NTFS answers),
 * not the read/write conflict the shared table gives it. Unknown codes: 0.6.0's status. */
static NTSTATUS dk_status_from_lock_result(int result)
{
	if (result == -ERROR_LOCK_VIOLATION)
		return STATUS_LOCK_NOT_GRANTED;
	return dk_status_from_result(result, STATUS_LOCK_NOT_GRANTED);
}

/* 0.6.0 ignored UnlockFile's result. Now an unlock of a range the handle does not hold
 * fails with STATUS_RANGE_NOT_LOCKED, as on NTFS: Win32 UnlockFile reports that as
 * ERROR_NOT_LOCKED on Windows and as ERROR_LOCK_VIOLATION on Wine's file system. Other
 * known codes get the table's status; unknown ones still succeed, as in 0.6.0. */
static NTSTATUS dk_status_from_unlock_result(int result)
{
	if (result == -ERROR_LOCK_VIOLATION || result == -ERROR_NOT_LOCKED)
		return STATUS_RANGE_NOT_LOCKED;
	return dk_status_from_result(result, STATUS_SUCCESS);
}

static NTSTATUS dk_lock_or_unlock(PDOKAN_OPERATIONS ops, const DK_EVENT *event, DOKAN_FILE_INFO *info)
{
	const DK_LOCK_PARAMS *lock = &event->Params.Lock;
	const WCHAR *name = dk_event_name(event);
	BOOL isLock = event->MinorFunction == DK_IRP_MN_LOCK;
	NTSTATUS status;
	int result;

	/* unlock-all (by key): no callback can release every lock of a handle; the file
	 * system releases them when it closes its handle at Cleanup. As 0.6.0. */
	if (!isLock && event->MinorFunction != DK_IRP_MN_UNLOCK_SINGLE)
		return STATUS_NOT_IMPLEMENTED;
	if (isLock ? !ops->LockFile : !ops->UnlockFile)
		return STATUS_NOT_IMPLEMENTED;
	if (isLock) {
		result = ops->LockFile(name, lock->ByteOffset, lock->Length, info);
		status = dk_status_from_lock_result(result);
	} else {
		result = ops->UnlockFile(name, lock->ByteOffset, lock->Length, info);
		status = dk_status_from_unlock_result(result);
	}
	dk_debug(DKF_DEBUG_PREFIX "%s %ls offset %I64d length %I64d: %d, status 0x%08lx\n",
		isLock ? "LockFile" : "UnlockFile", name, lock->ByteOffset, lock->Length, result, status);
	return status;
}

void dk_dispatch_lock(DK_WORKER *worker, const DK_EVENT *event)
{
	DK_OPEN *open = dk_open_of(event);
	DOKAN_FILE_INFO info;
	NTSTATUS status;

	dk_fileinfo_init(&info, worker->Instance, event, open);
	status = dk_lock_or_unlock(worker->Instance->Operations, event, &info);
	dk_fileinfo_store(&info, open);
	dk_reply_status(worker, event, status);
}
