// SPDX-License-Identifier: LGPL-3.0-or-later
/* iohost_protocol.h - the IOCTLs between ioclient (user mode) and iohost.sys.
 *
 * iohost.sys plays the Windows I/O manager under Wine: it opens FILE_OBJECTs on a
 * file-system volume and sends IRPs on them for its clients. Every structure uses
 * fixed-width fields, so a 32-bit client works against a 64-bit driver. All IOCTLs are
 * METHOD_BUFFERED. Variable data (names, input bytes) follows its request header;
 * output bytes follow the result header.
 *
 * Every result starts with a LONG status: what the file system answered, or why iohost
 * did not send the IRP (unknown file id, bad class, ...); the IOCTL itself then succeeds.
 * Only a malformed request (sizes, flags) fails the IOCTL. */
#ifndef IOHOST_PROTOCOL_H_
#define IOHOST_PROTOCOL_H_

#define IOH_DEVICE_NAME  L"\\Device\\DokanIoHost"
#define IOH_LINK_NAME    L"\\DosDevices\\DokanIoHost"
#define IOH_USER_PATH    L"\\\\.\\DokanIoHost"
#define IOH_DEFAULT_DRIVER L"\\Driver\\Dokan"

/* FILE_DEVICE_UNKNOWN, METHOD_BUFFERED, FILE_ANY_ACCESS */
#define IOH_CTL(function) ((0x22u << 16) | ((function) << 2))

/* in: IOH_CREATE_REQUEST + name; out: IOH_CREATE_RESULT */
#define IOCTL_IOH_CREATE     IOH_CTL(0x900u)
/* in: IOH_IRP_REQUEST + input bytes; out: IOH_IRP_RESULT + output bytes */
#define IOCTL_IOH_IRP        IOH_CTL(0x901u)
/* in: IOH_FILE_REQUEST; out: IOH_CLOSE_RESULT. Sends CLEANUP now, CLOSE once no IRP
 * on the file is in flight any more; completes after CLOSE. */
#define IOCTL_IOH_CLOSE      IOH_CTL(0x902u)
/* in: IOH_FILE_REQUEST; out: IOH_FILE_STATE. A bound file's id works from any handle
 * until the file is destroyed after its CLOSE (then STATUS_INVALID_HANDLE): Wine sends
 * that CLOSE only after CloseHandle has returned, so a client can wait for it. */
#define IOCTL_IOH_FILE_STATE IOH_CTL(0x903u)
/* Bound handles only (see "Bind mode" below). in: IOH_IRP_REQUEST + input bytes;
 * out: exactly the file system's output bytes. The IOCTL completes with the IRP's own
 * status and Information, so the caller's IO_STATUS_BLOCK, event, APC or completion port
 * receives the file system's answer as if the IRP had been sent on the handle itself. */
#define IOCTL_IOH_BOUND_IRP  IOH_CTL(0x904u)

/* Upper bound for names, input and output sizes (protects the driver's pool). */
#define IOH_MAX_NAME_BYTES   (32u * 1024u)
#define IOH_MAX_DATA_BYTES   (16u * 1024u * 1024u)
#define IOH_DRIVER_NAME_CHARS 64

/* Bind mode: a handle to \\.\DokanIoHost on which IOCTL_IOH_CREATE with IOH_CREATE_BIND
 * succeeded is a "bound handle": it stands for that one file (a handle may bind once, and
 * only while it has no other file open). The I/O requests Wine sends to a device handle
 * itself are forwarded to the bound file as the same IRP: IRP_MJ_READ, IRP_MJ_WRITE
 * (ByteOffset IOH_USE_FILE_POINTER = the file's position on a synchronous file,
 * IOH_WRITE_TO_END = append), IRP_MJ_FLUSH_BUFFERS and IRP_MJ_QUERY_VOLUME_INFORMATION.
 * Anything else goes through IOCTL_IOH_IRP or IOCTL_IOH_BOUND_IRP on the handle, where
 * FileId 0 names the bound file. When the handle's file object goes away (IRP_MJ_CLOSE
 * under Wine, which closes a device file object only when its last handle in any process
 * is closed; IRP_MJ_CLEANUP on Windows) the bound file gets IRP_MJ_CLEANUP and
 * IRP_MJ_CLOSE. Bound file ids are unique driver-wide: a bind create's RelatedFileId may
 * name the file bound to any handle (IOCTL_IOH_FILE_STATE with FileId 0 tells a handle's
 * id). So duplicated and inherited handles, waits, APCs, completion ports and cancellation
 * all come from Wine's own handling of device handles. */
#define IOH_CREATE_BIND 0x1u

/* IOH_CREATE_REQUEST.Name forms when RelatedFileId is 0:
 *   "M:", "M:\", "M:\dir\file"                  drive letter, resolved via \??\M:
 *   "\Device\Volume{...}", "\Device\X\dir\file"  a device of DriverName, by name
 * With RelatedFileId the name is passed to the file system unchanged (relative).
 * A bare device ("M:") opened for attributes/synchronize/security only stays on that
 * device (a direct device open); anything else goes to the volume its VPB names. */
typedef struct IOH_CREATE_REQUEST {
	ULONG Size;            /* sizeof(IOH_CREATE_REQUEST) */
	ULONG RelatedFileId;   /* 0: absolute name */
	ULONG DesiredAccess;   /* generic rights are mapped to FILE_* rights by the driver */
	ULONG ShareAccess;
	ULONG Disposition;     /* FILE_SUPERSEDE .. FILE_OVERWRITE_IF */
	ULONG CreateOptions;   /* FILE_* create options, low 24 bits */
	ULONG FileAttributes;
	ULONG StackFlags;      /* SL_OPEN_TARGET_DIRECTORY, SL_CASE_SENSITIVE, ... */
	LONGLONG AllocationSize;
	ULONG NameBytes;       /* UTF-16 name following this header, no terminator */
	ULONG Flags;           /* IOH_CREATE_BIND or 0 */
	WCHAR DriverName[IOH_DRIVER_NAME_CHARS]; /* empty: IOH_DEFAULT_DRIVER */
} IOH_CREATE_REQUEST;

typedef struct IOH_CREATE_RESULT {
	LONG Status;           /* the IRP_MJ_CREATE status */
	ULONG FileId;          /* non-zero when Status succeeded */
	ULONGLONG Information; /* FILE_OPENED, FILE_CREATED, ... */
} IOH_CREATE_RESULT;

/* IOH_IRP_REQUEST.Flags */
#define IOH_IRP_HAS_NAME    0x1u /* input bytes are a name (UTF-16, may be empty) */
#define IOH_IRP_RAW_OFFSET  0x2u /* pass Args[0] unchanged, no file-pointer substitution */

/* Byte offsets with a meaning of their own (as NtReadFile/NtWriteFile take them). */
#define IOH_USE_FILE_POINTER (-2LL) /* the file object's current position (synchronous files) */
#define IOH_WRITE_TO_END     (-1LL) /* FILE_WRITE_TO_END_OF_FILE: append */

/* One IRP on an open file. Args by major function (other majors: STATUS_NOT_SUPPORTED;
 * known information classes get the I/O manager's minimum-size check first):
 *   IRP_MJ_READ                      Args[0] ByteOffset, Args[1] Key; Length = OutputBytes
 *   IRP_MJ_WRITE                     Args[0] ByteOffset (or IOH_WRITE_TO_END), Args[1] Key;
 *                                    the data is the input, Length = InputBytes
 *   IRP_MJ_QUERY_INFORMATION         Args[0] FileInformationClass
 *   IRP_MJ_SET_INFORMATION           Args[0] FileInformationClass, Args[1] FileId of the
 *                                    target (Parameters.SetFile.FileObject; 0: none),
 *                                    Args[2] ReplaceIfExists, Args[3] AdvanceOnly; the input is
 *                                    the information buffer, except with IOH_IRP_HAS_NAME for
 *                                    FileRenameInformation/FileLinkInformation: the input is
 *                                    the new name and iohost builds the kernel's
 *                                    FILE_RENAME_INFORMATION (ReplaceIfExists = Args[2])
 *   IRP_MJ_FLUSH_BUFFERS             -
 *   IRP_MJ_QUERY_VOLUME_INFORMATION  Args[0] FsInformationClass
 *   IRP_MJ_DIRECTORY_CONTROL
 *     IRP_MN_QUERY_DIRECTORY         Args[0] FileInformationClass, Args[1] FileIndex;
 *                                    pattern = input with IOH_IRP_HAS_NAME, else NULL
 *     IRP_MN_NOTIFY_CHANGE_DIRECTORY Args[0] CompletionFilter; Length = OutputBytes;
 *                                    StackFlags SL_WATCH_TREE. Stays pending until the file
 *                                    system completes it (cancel the IOCTL to cancel it)
 *   IRP_MJ_FILE_SYSTEM_CONTROL       Args[0] FsControlCode; input and output by the code's
 *                                    method (see iohost_irp.c); MinorFunction as given
 *   IRP_MJ_LOCK_CONTROL              MinorFunction IRP_MN_LOCK/UNLOCK_SINGLE/UNLOCK_ALL/
 *                                    UNLOCK_ALL_BY_KEY; Args[0] ByteOffset, Args[1] Length,
 *                                    Args[2] Key; StackFlags SL_FAIL_IMMEDIATELY,
 *                                    SL_EXCLUSIVE_LOCK
 *   IRP_MJ_QUERY_SECURITY            Args[0] SecurityInformation; Length = OutputBytes
 *   IRP_MJ_SET_SECURITY              Args[0] SecurityInformation; the input is a
 *                                    self-relative security descriptor
 * StackFlags go to the stack location's Flags (SL_RESTART_SCAN, ...). */
typedef struct IOH_IRP_REQUEST {
	ULONG Size;            /* sizeof(IOH_IRP_REQUEST) */
	ULONG FileId;
	UCHAR MajorFunction;
	UCHAR MinorFunction;
	UCHAR StackFlags;
	UCHAR Reserved;
	ULONG Flags;           /* IOH_IRP_* */
	ULONG InputBytes;      /* bytes following this header */
	ULONG OutputBytes;     /* room the file system may fill */
	ULONGLONG Args[4];
} IOH_IRP_REQUEST;

typedef struct IOH_IRP_RESULT {
	LONG Status;           /* the IRP's final status */
	ULONG DataBytes;       /* output bytes following this header */
	ULONGLONG Information; /* the IRP's IoStatus.Information */
} IOH_IRP_RESULT;

typedef struct IOH_FILE_REQUEST {
	ULONG Size;            /* sizeof(IOH_FILE_REQUEST) */
	ULONG FileId;
} IOH_FILE_REQUEST;

typedef struct IOH_CLOSE_RESULT {
	LONG CleanupStatus;
	LONG CloseStatus;
} IOH_CLOSE_RESULT;

/* What the driver knows about one open file (diagnostics for tests). */
typedef struct IOH_FILE_STATE {
	LONGLONG CurrentByteOffset;
	ULONG FileObjectFlags;    /* FO_* */
	ULONG InFlight;           /* IRPs sent and not yet completed */
	ULONGLONG FsContext;      /* pointer values, for identity comparisons only */
	ULONGLONG FsContext2;
	ULONG RequestorProcessId; /* PsGetProcessId(IoGetRequestorProcess()) of the last IRP sent */
	ULONG GrantedAccess;      /* the handle's access, which every request is checked against */
	ULONG FileId;             /* the file's id (useful with FileId 0 on a bound handle) */
	ULONG Reserved;
} IOH_FILE_STATE;

#define IOH_ASSERT_SIZE(type, size) _Static_assert(sizeof(type) == (size), #type " layout")
IOH_ASSERT_SIZE(IOH_CREATE_REQUEST, 176);
IOH_ASSERT_SIZE(IOH_CREATE_RESULT, 16);
IOH_ASSERT_SIZE(IOH_IRP_REQUEST, 56);
IOH_ASSERT_SIZE(IOH_IRP_RESULT, 16);
IOH_ASSERT_SIZE(IOH_FILE_REQUEST, 8);
IOH_ASSERT_SIZE(IOH_CLOSE_RESULT, 8);
IOH_ASSERT_SIZE(IOH_FILE_STATE, 48);

#endif
