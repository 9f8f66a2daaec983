/* SPDX-License-Identifier: LGPL-3.0-or-later
 * status.c - the one Win32 -> NTSTATUS table used on every path (docs/differences.md D9;
 * docs/behaviour.md, "Error mapping"). Codes that 0.6.0 mapped keep 0.6.0's status; a
 * code without an entry (and -1) gets the status the request family returned in 0.6.0
 * for any failure: create
 * STATUS_INVALID_PARAMETER, set-information STATUS_OBJECT_NAME_NOT_FOUND, read, write and
 * queries STATUS_INVALID_PARAMETER. The disposition keeps 0.6.0's own two-way answer
 * (DIRECTORY_NOT_EMPTY or CANNOT_DELETE, dispatch_setinfo.c), which is NTFS's too. */
#include "dk_dll.h"

typedef struct DK_STATUS_MAP {
	DWORD Win32;
	NTSTATUS Status;
} DK_STATUS_MAP;

static const DK_STATUS_MAP dk_status_map[] = {
	{ ERROR_FILE_NOT_FOUND,        STATUS_OBJECT_NAME_NOT_FOUND },
	{ ERROR_PATH_NOT_FOUND,        STATUS_OBJECT_PATH_NOT_FOUND },
	{ ERROR_ACCESS_DENIED,         STATUS_ACCESS_DENIED },
	{ ERROR_INVALID_HANDLE,        STATUS_INVALID_HANDLE },
	{ ERROR_NOT_ENOUGH_MEMORY,     STATUS_NO_MEMORY },
	{ ERROR_OUTOFMEMORY,           STATUS_NO_MEMORY },
	{ ERROR_INVALID_DRIVE,         STATUS_OBJECT_PATH_NOT_FOUND },
	{ ERROR_WRITE_PROTECT,         STATUS_MEDIA_WRITE_PROTECTED },
	{ ERROR_NOT_READY,             STATUS_DEVICE_NOT_READY },
	{ ERROR_SHARING_VIOLATION,     STATUS_SHARING_VIOLATION },
	{ ERROR_LOCK_VIOLATION,        STATUS_FILE_LOCK_CONFLICT },
	{ ERROR_HANDLE_EOF,            STATUS_END_OF_FILE },
	{ ERROR_NOT_SUPPORTED,         STATUS_NOT_SUPPORTED },
	{ ERROR_FILE_EXISTS,           STATUS_OBJECT_NAME_COLLISION },
	{ ERROR_INVALID_PARAMETER,     STATUS_INVALID_PARAMETER },
	{ ERROR_CALL_NOT_IMPLEMENTED,  STATUS_NOT_IMPLEMENTED },
	{ ERROR_DISK_FULL,             STATUS_DISK_FULL },
	{ ERROR_INSUFFICIENT_BUFFER,   STATUS_BUFFER_TOO_SMALL },
	{ ERROR_INVALID_NAME,          STATUS_OBJECT_NAME_NOT_FOUND }, /* as 0.6.0 */
	{ ERROR_DIR_NOT_EMPTY,         STATUS_DIRECTORY_NOT_EMPTY },
	{ ERROR_ALREADY_EXISTS,        STATUS_OBJECT_NAME_COLLISION },
	{ ERROR_FILENAME_EXCED_RANGE,  STATUS_NAME_TOO_LONG },
	{ ERROR_DIRECTORY,             STATUS_NOT_A_DIRECTORY },
	{ ERROR_PRIVILEGE_NOT_HELD,    STATUS_PRIVILEGE_NOT_HELD },
	{ ERROR_NOT_LOCKED,            STATUS_RANGE_NOT_LOCKED },
	{ ERROR_LOCK_FAILED,           STATUS_LOCK_NOT_GRANTED },
	{ ERROR_CANNOT_MAKE,           STATUS_OBJECT_NAME_COLLISION },
	{ ERROR_NEGATIVE_SEEK,         STATUS_INVALID_PARAMETER },
	{ ERROR_NO_MORE_FILES,         STATUS_NO_MORE_FILES },
	{ ERROR_HANDLE_DISK_FULL,      STATUS_DISK_FULL },
	{ ERROR_IO_DEVICE,             STATUS_IO_DEVICE_ERROR },
	{ ERROR_CRC,                   STATUS_CRC_ERROR },
	{ ERROR_BUFFER_OVERFLOW,       STATUS_NAME_TOO_LONG },
	{ ERROR_BAD_PATHNAME,          STATUS_OBJECT_PATH_NOT_FOUND },
	{ ERROR_NOACCESS,              STATUS_ACCESS_VIOLATION },
	{ ERROR_TIMEOUT,               STATUS_IO_TIMEOUT },
	{ ERROR_DELETE_PENDING,        STATUS_DELETE_PENDING },
	{ ERROR_CANT_ACCESS_FILE,      STATUS_ACCESS_DENIED },
	{ ERROR_INVALID_FUNCTION,      STATUS_INVALID_DEVICE_REQUEST },
	{ ERROR_MORE_DATA,             STATUS_BUFFER_OVERFLOW },
	/* codes a rename, a resize or a network-backed file system may report */
	{ ERROR_NOT_SAME_DEVICE,       STATUS_NOT_SAME_DEVICE },
	{ 1295 /* ERROR_DISK_QUOTA_EXCEEDED */, STATUS_QUOTA_EXCEEDED },
	{ ERROR_USER_MAPPED_FILE,      STATUS_USER_MAPPED_FILE },
	{ ERROR_TOO_MANY_LINKS,        STATUS_TOO_MANY_LINKS },
	{ ERROR_OPERATION_ABORTED,     STATUS_CANCELLED },
	{ ERROR_SEM_TIMEOUT,           STATUS_IO_TIMEOUT },
	{ ERROR_FILE_INVALID,          STATUS_FILE_INVALID },
	{ ERROR_FILE_CORRUPT,          STATUS_FILE_CORRUPT_ERROR },
	{ ERROR_DISK_CORRUPT,          STATUS_DISK_CORRUPT_ERROR },
	{ ERROR_NO_SYSTEM_RESOURCES,   STATUS_INSUFFICIENT_RESOURCES },
	{ ERROR_BAD_NETPATH,           STATUS_BAD_NETWORK_PATH },
	{ ERROR_UNEXP_NET_ERR,         STATUS_UNEXPECTED_NETWORK_ERROR },
	{ ERROR_DEV_NOT_EXIST,         STATUS_DEVICE_DOES_NOT_EXIST },
	{ ERROR_NETNAME_DELETED,       STATUS_NETWORK_NAME_DELETED },
	{ ERROR_BAD_NET_NAME,          STATUS_BAD_NETWORK_NAME },
	{ 307 /* ERROR_INVALID_LOCK_RANGE */, STATUS_INVALID_LOCK_RANGE },
	{ ERROR_FILE_TOO_LARGE,        STATUS_FILE_TOO_LARGE },
	{ ERROR_INVALID_SECURITY_DESCR, STATUS_INVALID_SECURITY_DESCR },
	{ ERROR_INVALID_OWNER,         STATUS_INVALID_OWNER },
	{ ERROR_INVALID_PRIMARY_GROUP, STATUS_INVALID_PRIMARY_GROUP },
	{ ERROR_INVALID_ACL,           STATUS_INVALID_ACL },
	{ ERROR_INVALID_SID,           STATUS_INVALID_SID },
	{ ERROR_NO_SECURITY_ON_OBJECT, STATUS_NO_SECURITY_ON_OBJECT },
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
	return dk_status_from_result(result, STATUS_INVALID_PARAMETER);
}
