/* SPDX-License-Identifier: LGPL-3.0-or-later
 * dokan_protocol.h - private messages between dokan.sys and dokan.dll.
 *
 * Every structure uses fixed-width fields only and has the same layout on x86 and x64,
 * so a 32-bit dokan.dll works against a 64-bit dokan.sys. Variable parts (names, data)
 * are described by (offset, length) pairs relative to the start of their message; the
 * driver checks every one of them before use (see DkValidateReply in sys/). */
#ifndef DOKAN_PROTOCOL_H_
#define DOKAN_PROTOCOL_H_

#include "dk_flavor.h"
/* The version the TEST IOCTL reports and the START request must carry (as 0.6.0). */
#define DK_DRIVER_VERSION 0x190

#define DK_CONTROL_DEVICE_NAME DKF_CONTROL_DEVICE
#define DK_CONTROL_LINK_NAME   DKF_CONTROL_LINK

/* FILE_DEVICE_UNKNOWN, FILE_ANY_ACCESS; access is checked against the mount owner. */
#define DK_CTL(function, method) ((0x22u << 16) | ((function) << 2) | (method))
#define DK_METHOD_BUFFERED       0u
#define DK_METHOD_NEITHER        3u

/* On the control device \\.\Dokan */
#define IOCTL_DOKAN_TEST           DK_CTL(0x800u, DK_METHOD_BUFFERED) /* out: ULONG version */
#define IOCTL_DOKAN_SET_DEBUG_MODE DK_CTL(0x801u, DK_METHOD_BUFFERED) /* in: ULONG level */
#define IOCTL_DOKAN_START          DK_CTL(0x805u, DK_METHOD_BUFFERED) /* in: DK_START, out: DK_MOUNT_INFO */
#define IOCTL_DOKAN_SERVICE_WAIT   DK_CTL(0x80Au, DK_METHOD_BUFFERED) /* out: DK_UNMOUNT_NOTICE */
#define IOCTL_DOKAN_UNMOUNT        DK_CTL(0x80Eu, DK_METHOD_BUFFERED) /* in: DK_UNMOUNT_REQUEST */
#define IOCTL_DOKAN_QUERY_STATS    DK_CTL(0x80Du, DK_METHOD_BUFFERED) /* out: DK_STATS */

/* On a volume device \\.\Volume{...}; only the owner's handles are accepted. */
#define IOCTL_DOKAN_TRANSACT      DK_CTL(0x802u, DK_METHOD_BUFFERED) /* in: [DK_REPLY], out: DK_EVENT */
#define IOCTL_DOKAN_FETCH         DK_CTL(0x803u, DK_METHOD_BUFFERED) /* in: DK_FETCH, out: DK_EVENT */
#define IOCTL_DOKAN_RELEASE       DK_CTL(0x804u, DK_METHOD_BUFFERED) /* no data: tear the mount down */
#define IOCTL_DOKAN_KEEPALIVE     DK_CTL(0x809u, DK_METHOD_BUFFERED)
#define IOCTL_DOKAN_RESET_TIMEOUT DK_CTL(0x80Bu, DK_METHOD_BUFFERED) /* in: DK_RESET_TIMEOUT */

#define DK_DEVICE_NAME_CHARS 64

/* DK_START.Flags */
#define DK_MOUNT_ALT_STREAM 0x1u
#define DK_MOUNT_KEEP_ALIVE 0x2u
#define DK_MOUNT_REMOVABLE  0x4u
#define DK_MOUNT_NETWORK    0x8u

typedef struct DK_START {
	ULONG Size;    /* sizeof(DK_START) */
	ULONG Version; /* DK_DRIVER_VERSION */
	ULONG Flags;   /* DK_MOUNT_* */
	ULONG Reserved;
} DK_START;

/* DK_MOUNT_INFO.Status */
#define DK_START_MOUNTED 1u
#define DK_START_FAILED  3u

typedef struct DK_MOUNT_INFO {
	ULONG Size;
	ULONG Status; /* DK_START_* */
	ULONG DriverVersion;
	ULONG MountId;                          /* non-zero, unique per driver load */
	WCHAR DeviceName[DK_DEVICE_NAME_CHARS]; /* \Volume{GUID}: open as \\.\Volume{GUID} */
} DK_MOUNT_INFO;

/* DK_UNMOUNT_REQUEST.Flags */
#define DK_UNMOUNT_FORCE 0x1u

/* Ask a mount to go away: normally the owner is told and releases it itself; with
 * DK_UNMOUNT_FORCE the driver tears it down at once. */
typedef struct DK_UNMOUNT_REQUEST {
	ULONG Size;
	ULONG Flags;
	WCHAR DeviceName[DK_DEVICE_NAME_CHARS];
} DK_UNMOUNT_REQUEST;

/* Sent to the mounter when the driver unmounts a volume by itself (keep-alive expiry). */
typedef struct DK_UNMOUNT_NOTICE {
	ULONG Size;
	ULONG MountId;
	WCHAR DeviceName[DK_DEVICE_NAME_CHARS];
} DK_UNMOUNT_NOTICE;

typedef struct DK_STATS {
	ULONG Size;
	ULONG LiveMounts;
	ULONG Fcbs;
	ULONG Ccbs;
	ULONG PendingRequests;
	ULONG PoolAllocations;
	ULONG MountsCreated;
	ULONG AssertFailures; /* invariants found broken (checked drivers only) */
	/* Since DK_STATS_SIZE_V2: traffic since the driver loaded (ULONG, wrapping; compare
	 * differences), for the kernel transitions per request at steady state. */
	ULONG Transacts;         /* IOCTL_DOKAN_TRANSACT received from owners' workers */
	ULONG Fetches;           /* IOCTL_DOKAN_FETCH received (events too big for a buffer) */
	ULONG RequestsForwarded; /* IRPs pended for user mode (an event queued for a worker) */
	ULONG RequestsAnswered;  /* IRPs completed from an accepted user-mode reply */
} DK_STATS;

/* DK_STATS grows at its end; QUERY_STATS fills as much as the output holds (at least
 * the first version) and says how much in Size. */
#define DK_STATS_SIZE_V1 32u
#define DK_STATS_SIZE_V2 48u

/* After the DK_STATS filled (Size bytes) when QUERY_STATS's output has room: the first
 * broken invariant. */
typedef struct DK_ASSERT_INFO {
	ULONG Line;
	CHAR File[60];
	CHAR Expression[128];
} DK_ASSERT_INFO;

/* DK_EVENT.FileFlags (same bit values as 0.6.0's) */
#define DK_FILE_DIRECTORY          0x001u
#define DK_FILE_DELETE_ON_CLOSE    0x010u
#define DK_FILE_PAGING_IO          0x020u
#define DK_FILE_SYNCHRONOUS_IO     0x040u
#define DK_FILE_WRITE_TO_EOF       0x080u
#define DK_FILE_NOCACHE            0x100u
#define DK_FILE_TRAILING_BACKSLASH 0x200u /* create: the name ended in '\\' (directories only) */

/* DK_EVENT.EventFlags */
#define DK_EVENT_TRUNCATED 0x1u /* only the header arrived: IOCTL_DOKAN_FETCH the rest */

/* DK_EVENT.MajorFunction values beyond the IRP_MJ_* range */
#define DK_EVENT_UNMOUNT 0xF0u /* the mount was asked to go away: release it */
#define DK_EVENT_ABANDONED \
	0xF1u /* a successful open arrived after its IRP ended: clean
                                     up and close the open named by Context */

typedef struct DK_CREATE_PARAMS {
	ULONG FileAttributes;
	ULONG CreateOptions; /* disposition << 24 | options */
	ULONG DesiredAccess;
	ULONG ShareAccess;
} DK_CREATE_PARAMS;

typedef struct DK_RW_PARAMS {
	LONG64 ByteOffset; /* -1 with DK_FILE_WRITE_TO_EOF */
	ULONG Length;
	ULONG DataOffset; /* write: data position in the event */
} DK_RW_PARAMS;

typedef struct DK_INFO_PARAMS {
	ULONG InformationClass;
	ULONG BufferLength; /* the caller's buffer */
	ULONG DataOffset;   /* set: input buffer position in the event */
	ULONG DataLength;
} DK_INFO_PARAMS;

typedef struct DK_DIRECTORY_PARAMS {
	ULONG InformationClass;
	ULONG FileIndex; /* entries already returned on this handle */
	ULONG BufferLength;
	ULONG PatternOffset; /* 0 when there is no pattern */
	ULONG PatternLength; /* bytes */
	ULONG Reserved;
} DK_DIRECTORY_PARAMS;

typedef struct DK_LOCK_PARAMS {
	LONG64 ByteOffset;
	LONG64 Length;
	ULONG Key;
	ULONG Reserved;
} DK_LOCK_PARAMS;

typedef struct DK_SECURITY_PARAMS {
	ULONG SecurityInformation;
	ULONG BufferLength;
	ULONG DataOffset;
	ULONG DataLength;
} DK_SECURITY_PARAMS;

/* One request, driver -> DLL. Variable data follows the header in the same buffer. */
typedef struct DK_EVENT {
	ULONG Length; /* total bytes, header included */
	ULONG MountId;
	ULONG Serial;        /* unique per mount; names the request in the reply */
	ULONG ProcessId;     /* requestor */
	UCHAR MajorFunction; /* IRP_MJ_* or DK_EVENT_* */
	UCHAR MinorFunction;
	USHORT EventFlags;    /* DK_EVENT_* */
	ULONG IrpFlags;       /* SL_* of the stack location */
	ULONG FileFlags;      /* DK_FILE_* */
	ULONG FileNameOffset; /* the path inside the volume, e.g. \dir\file */
	ULONG FileNameLength; /* bytes, a zero WCHAR follows */
	ULONG ThreadId;       /* requesting thread (DokanOpenRequestorToken) */
	ULONG64 Context;      /* the DLL's per-open value (0 for create) */
	union {
		DK_CREATE_PARAMS Create;
		DK_RW_PARAMS Rw;
		DK_INFO_PARAMS Info;
		DK_DIRECTORY_PARAMS Directory;
		DK_LOCK_PARAMS Lock;
		DK_SECURITY_PARAMS Security;
		UCHAR Raw[32];
	} Params;
} DK_EVENT;

/* DK_REPLY.Flags */
#define DK_REPLY_DIRECTORY      0x1u /* create: the object is a directory */
#define DK_REPLY_DELETE_PENDING 0x2u /* disposition: delete at cleanup */
#define DK_REPLY_OPENED \
	0x8u /* create: Context names a new open; if the IRP is gone,
                                         the driver hands it back (DK_EVENT_ABANDONED) */

/* The rename/link buffer as it travels in a set-information event: fixed-width, so it
 * is the same for a 32-bit DLL (the caller's FILE_RENAME_INFORMATION holds a handle). */
typedef struct DK_RENAME_INFO {
	UCHAR ReplaceIfExists;
	UCHAR Reserved[3];
	ULONG FileNameLength; /* bytes */
	WCHAR FileName[1];    /* full path in the volume (\dir\new) or a bare name */
} DK_RENAME_INFO;

/* One answer, DLL -> driver; Data (DataLength bytes) follows the header. */
typedef struct DK_REPLY {
	ULONG Length; /* total bytes = sizeof(DK_REPLY) + DataLength */
	ULONG Serial;
	LONG Status;         /* NTSTATUS for the IRP */
	ULONG Flags;         /* DK_REPLY_* */
	ULONG64 Information; /* IoStatus.Information, when there is no data */
	ULONG64 Context;     /* create: the DLL's per-open value */
	ULONG64 Value;       /* directory: next index; read/write: new position */
	ULONG DataLength;
	ULONG Reserved;
} DK_REPLY;

typedef struct DK_FETCH {
	ULONG Size;
	ULONG Serial;
} DK_FETCH;

typedef struct DK_RESET_TIMEOUT {
	ULONG Size;
	ULONG Serial;
	ULONG TimeoutMs;
	ULONG Reserved;
} DK_RESET_TIMEOUT;

/* The largest event the driver hands out in one piece; bigger ones arrive truncated. */
#define DK_EVENT_INLINE_MAX (64u * 1024u)

#define DK_ASSERT_SIZE(type, size) _Static_assert(sizeof(type) == (size), #type " layout")
DK_ASSERT_SIZE(DK_START, 16);
DK_ASSERT_SIZE(DK_MOUNT_INFO, 144);
DK_ASSERT_SIZE(DK_UNMOUNT_REQUEST, 136);
DK_ASSERT_SIZE(DK_UNMOUNT_NOTICE, 136);
DK_ASSERT_SIZE(DK_STATS, DK_STATS_SIZE_V2);
DK_ASSERT_SIZE(DK_ASSERT_INFO, 192);
DK_ASSERT_SIZE(DK_EVENT, 80);
DK_ASSERT_SIZE(DK_REPLY, 48);
DK_ASSERT_SIZE(DK_FETCH, 8);
DK_ASSERT_SIZE(DK_RESET_TIMEOUT, 16);
DK_ASSERT_SIZE(DK_RENAME_INFO, 12);

#endif /* DOKAN_PROTOCOL_H_ */
