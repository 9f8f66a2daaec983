// SPDX-License-Identifier: LGPL-3.0-or-later
// status.c - the one Win32 -> NTSTATUS table used on every path (docs/differences.md D9;
// docs/behaviour.md, "Error mapping"). Codes that 0.6.0 mapped keep 0.6.0's status; a
// code without an entry (and -1) gets the status the request family returned in 0.6.0
// for any failure: create
// STATUS_INVALID_PARAMETER, set-information STATUS_OBJECT_NAME_NOT_FOUND, read, write and
// queries STATUS_INVALID_PARAMETER. The disposition keeps 0.6.0's own two-way answer
// (DIRECTORY_NOT_EMPTY or CANNOT_DELETE, dispatch_setinfo.c), which is NTFS's too.
#include "dk_dll.h"

typedef struct DK_STATUS_MAP {
	DWORD Win32;
	NTSTATUS Status;
} DK_STATUS_MAP;

static const DK_STATUS_MAP dk_status_map[] = {
	{ ERROR_FILE_NOT_FOUND,        (NTSTATUS)0xC0000034L }, /* OBJECT_NAME_NOT_FOUND */
	{ ERROR_PATH_NOT_FOUND,        (NTSTATUS)0xC000003AL }, /* OBJECT_PATH_NOT_FOUND */
	{ ERROR_ACCESS_DENIED,         (NTSTATUS)0xC0000022L },
	{ ERROR_INVALID_HANDLE,        (NTSTATUS)0xC0000008L },
	{ ERROR_NOT_ENOUGH_MEMORY,     (NTSTATUS)0xC0000017L }, /* NO_MEMORY */
	{ ERROR_OUTOFMEMORY,           (NTSTATUS)0xC0000017L },
	{ ERROR_INVALID_DRIVE,         (NTSTATUS)0xC000003AL },
	{ ERROR_WRITE_PROTECT,         (NTSTATUS)0xC00000A2L }, /* MEDIA_WRITE_PROTECTED */
	{ ERROR_NOT_READY,             (NTSTATUS)0xC00000A3L }, /* DEVICE_NOT_READY */
	{ ERROR_SHARING_VIOLATION,     (NTSTATUS)0xC0000043L },
	{ ERROR_LOCK_VIOLATION,        (NTSTATUS)0xC0000054L }, /* FILE_LOCK_CONFLICT */
	{ ERROR_HANDLE_EOF,            (NTSTATUS)0xC0000011L }, /* END_OF_FILE */
	{ ERROR_NOT_SUPPORTED,         (NTSTATUS)0xC00000BBL },
	{ ERROR_FILE_EXISTS,           (NTSTATUS)0xC0000035L }, /* OBJECT_NAME_COLLISION */
	{ ERROR_INVALID_PARAMETER,     (NTSTATUS)0xC000000DL },
	{ ERROR_CALL_NOT_IMPLEMENTED,  (NTSTATUS)0xC0000002L }, /* NOT_IMPLEMENTED */
	{ ERROR_DISK_FULL,             (NTSTATUS)0xC000007FL },
	{ ERROR_INSUFFICIENT_BUFFER,   (NTSTATUS)0xC0000023L }, /* BUFFER_TOO_SMALL */
	{ ERROR_INVALID_NAME,          (NTSTATUS)0xC0000034L }, /* as 0.6.0: NAME_NOT_FOUND */
	{ ERROR_DIR_NOT_EMPTY,         (NTSTATUS)0xC0000101L },
	{ ERROR_ALREADY_EXISTS,        (NTSTATUS)0xC0000035L },
	{ ERROR_FILENAME_EXCED_RANGE,  (NTSTATUS)0xC0000106L }, /* NAME_TOO_LONG */
	{ ERROR_DIRECTORY,             (NTSTATUS)0xC0000103L }, /* NOT_A_DIRECTORY */
	{ ERROR_PRIVILEGE_NOT_HELD,    (NTSTATUS)0xC0000061L },
	{ ERROR_NOT_LOCKED,            (NTSTATUS)0xC000007EL }, /* RANGE_NOT_LOCKED */
	{ ERROR_LOCK_FAILED,           (NTSTATUS)0xC0000055L }, /* LOCK_NOT_GRANTED */
	{ ERROR_CANNOT_MAKE,           (NTSTATUS)0xC0000035L },
	{ ERROR_NEGATIVE_SEEK,         (NTSTATUS)0xC000000DL },
	{ ERROR_NO_MORE_FILES,         (NTSTATUS)0x80000006L },
	{ ERROR_HANDLE_DISK_FULL,      (NTSTATUS)0xC000007FL },
	{ ERROR_IO_DEVICE,             (NTSTATUS)0xC0000185L }, /* IO_DEVICE_ERROR */
	{ ERROR_CRC,                   (NTSTATUS)0xC000003FL }, /* CRC_ERROR */
	{ ERROR_BUFFER_OVERFLOW,       (NTSTATUS)0xC0000106L },
	{ ERROR_BAD_PATHNAME,          (NTSTATUS)0xC000003AL },
	{ ERROR_NOACCESS,              (NTSTATUS)0xC0000005L },
	{ ERROR_TIMEOUT,               (NTSTATUS)0xC00000B5L }, /* IO_TIMEOUT */
	{ ERROR_DELETE_PENDING,        (NTSTATUS)0xC0000056L },
	{ ERROR_CANT_ACCESS_FILE,      (NTSTATUS)0xC0000022L },
	{ ERROR_INVALID_FUNCTION,      (NTSTATUS)0xC0000010L }, /* INVALID_DEVICE_REQUEST */
	{ ERROR_MORE_DATA,             (NTSTATUS)0x80000005L }, /* BUFFER_OVERFLOW */
	/* codes a rename, a resize or a network-backed file system may report */
	{ ERROR_NOT_SAME_DEVICE,       (NTSTATUS)0xC00000D4L },
	{ 1295 /* ERROR_DISK_QUOTA_EXCEEDED */, (NTSTATUS)0xC0000044L }, /* QUOTA_EXCEEDED */
	{ ERROR_USER_MAPPED_FILE,      (NTSTATUS)0xC0000243L },
	{ ERROR_TOO_MANY_LINKS,        (NTSTATUS)0xC0000265L },
	{ ERROR_OPERATION_ABORTED,     (NTSTATUS)0xC0000120L }, /* CANCELLED */
	{ ERROR_SEM_TIMEOUT,           (NTSTATUS)0xC00000B5L }, /* IO_TIMEOUT */
	{ ERROR_FILE_INVALID,          (NTSTATUS)0xC0000098L },
	{ ERROR_FILE_CORRUPT,          (NTSTATUS)0xC0000102L },
	{ ERROR_DISK_CORRUPT,          (NTSTATUS)0xC0000032L },
	{ ERROR_NO_SYSTEM_RESOURCES,   (NTSTATUS)0xC000009AL }, /* INSUFFICIENT_RESOURCES */
	{ ERROR_BAD_NETPATH,           (NTSTATUS)0xC00000BEL },
	{ ERROR_UNEXP_NET_ERR,         (NTSTATUS)0xC00000C4L },
	{ ERROR_DEV_NOT_EXIST,         (NTSTATUS)0xC00000C0L }, /* DEVICE_DOES_NOT_EXIST */
	{ ERROR_NETNAME_DELETED,       (NTSTATUS)0xC00000C9L },
	{ ERROR_BAD_NET_NAME,          (NTSTATUS)0xC00000CCL },
	{ 307 /* ERROR_INVALID_LOCK_RANGE */, (NTSTATUS)0xC00001A1L },
	{ ERROR_FILE_TOO_LARGE,        (NTSTATUS)0xC0000904L },
	{ ERROR_INVALID_SECURITY_DESCR, (NTSTATUS)0xC0000079L },
	{ ERROR_INVALID_OWNER,         (NTSTATUS)0xC000005AL },
	{ ERROR_INVALID_PRIMARY_GROUP, (NTSTATUS)0xC000005BL },
	{ ERROR_INVALID_ACL,           (NTSTATUS)0xC0000077L },
	{ ERROR_INVALID_SID,           (NTSTATUS)0xC0000078L },
	{ ERROR_NO_SECURITY_ON_OBJECT, (NTSTATUS)0xC00000D7L },
};

/* result: what a callback returned (0 or more = success, -code = Win32 error). -1 is
 * the "some error" of 0.6.0 file systems (its sample returned it for every failure), not
 * ERROR_INVALID_FUNCTION, so it gets the family's status like an unknown code. */
NTSTATUS dk_status_from_result(int result, NTSTATUS fallback)
{
	DWORD code;
	size_t i;
	if (result >= 0)
		return STATUS_SUCCESS;
	if (result == -1)
		return fallback;
	code = (DWORD)-(LONG)result;
	for (i = 0; i < sizeof(dk_status_map) / sizeof(dk_status_map[0]); i++)
		if (dk_status_map[i].Win32 == code)
			return dk_status_map[i].Status;
	return fallback;
}

/* The create family's fallback in 0.6.0 was STATUS_INVALID_PARAMETER
 * (docs/behaviour.md, "Create: dispositions and statuses"). */
NTSTATUS dk_status_from_create_result(int result)
{
	return dk_status_from_result(result, (NTSTATUS)0xC000000DL);
}
