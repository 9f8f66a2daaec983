/* SPDX-License-Identifier: LGPL-3.0-or-later
 * dk.h - private declarations of dokan.sys.
 *
 * Lock order (never take a lock on the left while holding one on the right):
 *   g_DkGlobal.Lock (mount list) -> DK_MOUNT.Lock (queues, FCB table, CCB state)
 * The I/O manager's cancel spin lock is always released before DK_MOUNT.Lock is taken.
 * No dispatch routine ever waits for another IRP: requests are pended and completed from
 * the dispatch of the reply that answers them. */
#ifndef DK_H_
#define DK_H_

#include <ntifs.h>
#include "dokan_protocol.h"
#include "share.h"
#include "names.h"

#define DK_POOL_TAG DKF_POOL_TAG

/* 0.6.0's timing constants, in milliseconds (0.6.0 checked deadlines every 5 s):
 * docs/behaviour.md, "Request life cycle, timeouts and keep-alive" */
#define DK_REQUEST_TIMEOUT_MS     15000u
#define DK_RESET_TIMEOUT_MAX_MS   300000u
#define DK_KEEPALIVE_TIMEOUT_MS   15000u
#define DK_HOUSEKEEPING_PERIOD_MS 1000u

/* Live mounts at once; a start beyond this is refused (DokanMain: DOKAN_START_ERROR). */
#define DK_MAX_LIVE_MOUNTS 64

#define DK_VOLUME_LABEL  DKF_VOLUME_LABEL
#define DK_VOLUME_SERIAL 0x19831116u

typedef enum DK_DEVICE_KIND {
	DK_DEVICE_CONTROL = 0x4B44C0DE,
	DK_DEVICE_DISK,
	DK_DEVICE_VOLUME,
} DK_DEVICE_KIND;

struct DK_MOUNT;

typedef struct DK_DEVICE_EXTENSION {
	DK_DEVICE_KIND Kind;
	struct DK_MOUNT *Mount; /* referenced; NULL for the control device */
} DK_DEVICE_EXTENSION;

/* Per distinct open path. FsContext of file objects; the FSRTL header comes first
 * because Windows components read FsContext as one. */
#define DK_FCB_DIRECTORY      0x1u
#define DK_FCB_DELETE_PENDING 0x2u
#define DK_FCB_ROOT           0x4u /* the volume's root: never renamed or deleted */

/* An FCB's full path in the volume ("\dir\file"). Immutable once published and
 * reference-counted: a rename publishes a new block (under DK_MOUNT.Lock), and a reader
 * holds a reference (DkFcbPath) for as long as it uses the characters. */
typedef struct DK_PATH {
	volatile LONG References;
	UNICODE_STRING Name; /* Buffer points at Characters */
	WCHAR Characters[1];
} DK_PATH;

/* Hash table sizes (powers of two): lookups stay short with thousands of open files or
 * pending requests (fcb.c, queue.c). */
#define DK_FCB_BUCKETS    256u
#define DK_SERIAL_BUCKETS 64u

typedef struct DK_FCB {
	FSRTL_COMMON_FCB_HEADER Header;
	LIST_ENTRY MountLink; /* DK_MOUNT.Fcbs, under DK_MOUNT.Lock */
	LIST_ENTRY HashLink;  /* DK_MOUNT.FcbBuckets, exactly while in Fcbs */
	struct DK_MOUNT *Mount;
	LONG References; /* one per CCB */
	ULONG Flags;     /* DK_FCB_* */
	SECTION_OBJECT_POINTERS Sections;
	DK_PATH *Path; /* under DK_MOUNT.Lock; read it with DkFcbPath */
	/* under DK_MOUNT.Lock: */
	LONG Handles;        /* file objects opened (or being opened) and not cleaned up */
	LONG HandlesLeaving; /* of those, the ones whose cleanup has been dispatched */
	DK_SHARE Share;      /* their share access (share.h) */
} DK_FCB;

/* Per file object. FsContext2. Referenced by its file object and by every pending
 * request on it, because CLOSE can arrive before such a request completes. */
typedef enum DK_CCB_KIND { DK_CCB_CHANNEL = 1, DK_CCB_FILE } DK_CCB_KIND;

#define DK_CCB_DELETE_ON_CLOSE      0x1u
#define DK_CCB_CLEANED_UP           0x2u
#define DK_CCB_DELETE_ON_CLOSE_OPEN 0x4u  /* FILE_DELETE_ON_CLOSE at create: not undone by a disposition */
#define DK_CCB_RENAME_TARGET        0x8u  /* SL_OPEN_TARGET_DIRECTORY open, answered by the driver */
#define DK_CCB_HANDLE_COUNTED       0x10u /* counted in its FCB's Handles and Share (fcb.c) */
#define DK_CCB_HANDLE_LEAVING       0x20u /* counted in its FCB's HandlesLeaving too (fcb.c) */

typedef struct DK_CCB {
	DK_CCB_KIND Kind;
	LONG References;
	struct DK_MOUNT *Mount; /* referenced */
	DK_FCB *Fcb;            /* NULL for channels (opens of the device itself) */
	ULONG OpenerProcessId;
	ULONG Flags;               /* DK_CCB_* */
	ULONG64 UserContext;       /* the DLL's per-open value */
	DK_SHARE_GRANT ShareGrant; /* what this handle holds in Fcb->Share, under DK_MOUNT.Lock */
	struct DK_NOTIFY *Notify;  /* change-notification state of a watched directory (notify.c) */
	/* directory enumeration state */
	BOOLEAN PatternSet;
	UNICODE_STRING Pattern; /* owned; empty = match all */
	ULONG DirectoryIndex;
} DK_CCB;

/* A request waiting for user mode: an IRP (or none, for close notices) plus its event. */
typedef struct DK_REQUEST DK_REQUEST;
typedef void DK_COMPLETE_FN(DK_REQUEST *request, const DK_REPLY *reply, NTSTATUS failure);

typedef enum DK_REQUEST_STATE { DK_REQUEST_READY = 1, DK_REQUEST_DELIVERED } DK_REQUEST_STATE;

struct DK_REQUEST {
	LIST_ENTRY PendingLink; /* DK_MOUNT.Pending while an IRP waits */
	LIST_ENTRY SerialLink;  /* DK_MOUNT.SerialBuckets, exactly while in Pending */
	LIST_ENTRY ReadyLink;   /* DK_MOUNT.Ready until a worker takes the event */
	struct DK_MOUNT *Mount; /* referenced */
	PIRP Irp;               /* NULL for notices without an answer */
	DK_CCB *Ccb;            /* referenced, may be NULL */
	DK_COMPLETE_FN *Complete;
	DK_REQUEST_STATE State;
	ULONG Serial;
	LONGLONG Deadline; /* interrupt time, 100 ns */
	DK_EVENT *Event;   /* Event->Length bytes */
};

typedef struct DK_MOUNT {
	LIST_ENTRY GlobalLink; /* g_DkGlobal.Mounts */
	LONG References;
	KSPIN_LOCK Lock;
	ULONG MountId;
	ULONG Flags; /* DK_MOUNT_* from the start request */
	ULONG OwnerProcessId;
	BOOLEAN Mounted; /* FALSE once torn down */
	BOOLEAN DevicesDeleted;
	LONG Opens;             /* file objects on this mount's devices */
	LONG OwnerChannels;     /* of those, the owner's device handles: 0 = owner gone */
	LONGLONG OwnerDeadline; /* under Lock: with no owner channel, the mount goes then */
	LONG NextSerial;
	LONGLONG KeepAliveDeadline;
	PDEVICE_OBJECT DiskDevice;
	PDEVICE_OBJECT VolumeDevice;
	PVPB OwnVpb;        /* allocated here when the system gave none (Wine) */
	HANDLE UncProvider; /* network mode: the MUP registration, if the kernel has MUP */
	LIST_ENTRY Fcbs;
	LIST_ENTRY Pending;                          /* DK_REQUEST.PendingLink */
	LIST_ENTRY SerialBuckets[DK_SERIAL_BUCKETS]; /* the same requests hashed by serial */
	LIST_ENTRY FcbBuckets[DK_FCB_BUCKETS];       /* the FCBs of Fcbs hashed by path */
	LIST_ENTRY Ready;                            /* DK_REQUEST.ReadyLink */
	LIST_ENTRY Waiters;                          /* TRANSACT IRPs (Tail.Overlay.ListEntry) */
	LIST_ENTRY Watchers;                         /* DK_NOTIFY.MountLink: directories with change notification */
	WCHAR DeviceName[DK_DEVICE_NAME_CHARS];      /* \Volume{GUID} or \DokanRedirector{GUID} */
	WCHAR DiskName[DK_DEVICE_NAME_CHARS + 8];    /* \Device\Volume{GUID}; empty in network mode */
	WCHAR VolumeName[DK_DEVICE_NAME_CHARS + 8];
	WCHAR LinkName[DK_DEVICE_NAME_CHARS + 24];
#ifdef DOKAN_CHECKED
	volatile HANDLE LockOwner; /* the thread holding Lock, for DK_ASSERT_LOCKED */
#endif
} DK_MOUNT;

typedef struct DK_GLOBAL {
	PDRIVER_OBJECT Driver;
	PDEVICE_OBJECT ControlDevice;
	UNICODE_STRING ControlLink;
	WCHAR ControlLinkBuffer[40];
	KSPIN_LOCK Lock;
	LIST_ENTRY Mounts;
	ULONG MountsCreated;
	ULONG DebugLevel;
	BOOLEAN Unloading;
	KEVENT HousekeepingWake;
	HANDLE HousekeepingThread; /* kernel handle, waited for at unload */
	volatile LONG Fcbs, Ccbs, PendingRequests, PoolAllocations, LiveMounts;
	volatile LONG AssertFailures;                                          /* checked builds */
	volatile LONG Transacts, Fetches, RequestsForwarded, RequestsAnswered; /* DK_STATS traffic */
	DK_ASSERT_INFO FirstAssert; /* checked builds: written once, by the first failure */
} DK_GLOBAL;

extern DK_GLOBAL g_DkGlobal;

#define DK_DEBUG(...)                                           \
	do {                                                    \
		if (g_DkGlobal.DebugLevel)                      \
			DbgPrint(DKF_DEBUG_PREFIX __VA_ARGS__); \
	} while (0)
/* An invariant. Checked builds (cmake -DDOKAN_CHECKED=ON) print a violation with its file
 * and line and count it (DK_STATS.AssertFailures, which the test harness checks); other
 * builds compile the check out. */
#ifdef DOKAN_CHECKED
void DkAssertFailed(const char *expression, const char *file, int line);
#define DK_ASSERT(e)                                            \
	do {                                                    \
		if (!(e))                                       \
			DkAssertFailed(#e, __FILE__, __LINE__); \
	} while (0)
#else
#define DK_ASSERT(e) ((void)sizeof(!(e)))
#endif
/* DK_DEBUG with the file's current path first: format starts with "%.*ws". */
#define DK_DEBUG_FILE(ccb, format, ...)                                                               \
	do {                                                                                          \
		if (g_DkGlobal.DebugLevel) {                                                          \
			DK_PATH *path_ = DkFcbPath((ccb)->Fcb);                                       \
			DbgPrint(DKF_DEBUG_PREFIX format, DK_PATH_ARGS(&path_->Name), ##__VA_ARGS__); \
			DkPathRelease(path_);                                                         \
		}                                                                                     \
	} while (0)
/* The mount lock. Checked builds remember its holder, so that a function named
 * ...Locked can assert that its caller holds it. */
#ifdef DOKAN_CHECKED
#define DK_ASSERT_LOCKED(mount) DK_ASSERT((mount)->LockOwner == PsGetCurrentThreadId())
#else
#define DK_ASSERT_LOCKED(mount) ((void)0)
#endif

static inline void DkMountLock(DK_MOUNT *mount, KIRQL *irql)
{
	KeAcquireSpinLock(&mount->Lock, irql);
#ifdef DOKAN_CHECKED
	mount->LockOwner = PsGetCurrentThreadId();
#endif
}

static inline void DkMountUnlock(DK_MOUNT *mount, KIRQL irql)
{
#ifdef DOKAN_CHECKED
	DK_ASSERT(mount->LockOwner == PsGetCurrentThreadId());
	mount->LockOwner = NULL;
#endif
	KeReleaseSpinLock(&mount->Lock, irql);
}

/* A UNICODE_STRING for DK_DEBUG's "%.*ws": Wine's DbgPrint does not know "%wZ" (it skips
 * the argument and a later "%s" then crashes winedevice). */
#define DK_PATH_ARGS(path) (int)((path)->Length / sizeof(WCHAR)), (path)->Buffer

/* util.c */
void DkFree(PVOID block);
/* The attribute lets GCC's analyzer pair DkAlloc with DkFree (leaks, double frees).
 * The analyzer loses a block once only a pointer into it is kept, which is how a
 * LIST_ENTRY chain holds it; a function that hands a block to such a list brackets
 * itself with DK_HANDS_BLOCK_TO_LIST_BEGIN/END (docs/style.md, "Static checks"). */
#define DK_HANDS_BLOCK_TO_LIST_BEGIN \
	_Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wanalyzer-malloc-leak\"")
#define DK_HANDS_BLOCK_TO_LIST_END _Pragma("GCC diagnostic pop")
PVOID DkAlloc(SIZE_T size) __attribute__((malloc, malloc(DkFree, 1)));
void DkFormat(WCHAR *out, size_t outBytes, const WCHAR *format, ...);
LONGLONG DkNow(void);
LONGLONG DkDeadlineIn(ULONG ms);
ULONG DkRequestorProcessId(PIRP irp);
ULONG DkRequestorThreadId(PIRP irp);
NTSTATUS DkCompleteIrp(PIRP irp, NTSTATUS status, ULONG_PTR information);
void DkCompleteIrpAsIs(PIRP irp);
PVOID DkIrpDataBuffer(PIRP irp);
PVOID DkIrpCallerBuffer(PIRP irp, ULONG length);
HANDLE DkDeviceListLock(void);
void DkDeviceListUnlock(HANDLE lock);
DK_DEVICE_EXTENSION *DkExtension(PDEVICE_OBJECT device);
DK_MOUNT *DkMountOfDevice(PDEVICE_OBJECT device);
BOOLEAN DkIsControlDevice(PDEVICE_OBJECT device);

/* mount.c */
NTSTATUS DkMountCreate(ULONG flags, ULONG owner, DK_MOUNT **result);
void DkMountReference(DK_MOUNT *mount);
void DkMountRelease(DK_MOUNT *mount);
void DkMountTeardown(DK_MOUNT *mount);
void DkMountOwnerLeft(DK_MOUNT *mount);
void DkMountReapDeleted(void);
DK_MOUNT *DkMountFindByDeviceName(const WCHAR *name);
ULONG DkMountCharacteristics(const DK_MOUNT *mount);
void DkMountForEach(void (*visit)(DK_MOUNT *mount, PVOID context), PVOID context);

/* fcb.c */
NTSTATUS DkFcbAcquire(DK_MOUNT *mount, const UNICODE_STRING *path, DK_FCB **result);
void DkFcbRelease(DK_FCB *fcb);
DK_CCB *DkCcbCreate(DK_MOUNT *mount, DK_CCB_KIND kind, DK_FCB *fcb);
void DkCcbReference(DK_CCB *ccb);
void DkCcbRelease(DK_CCB *ccb);
DK_CCB *DkCcbOfFile(PFILE_OBJECT file);
/* The FCB's current path, referenced; DkPathRelease when done. */
DK_PATH *DkFcbPath(DK_FCB *fcb);
void DkPathRelease(DK_PATH *path);
/* An open of ccb's FCB begins: refused with STATUS_DELETE_PENDING or
 * STATUS_SHARING_VIOLATION as NTFS would, else counted until DkCcbEndHandle (its cleanup,
 * or the open's failure). checkSharing FALSE counts without checking (FILE_CREATE: an
 * existing file fails with a name collision, not a sharing violation). */
NTSTATUS DkCcbBeginHandle(DK_CCB *ccb, ACCESS_MASK access, ULONG shareMode, BOOLEAN checkSharing);
void DkCcbEndHandle(DK_CCB *ccb);
/* At a cleanup's dispatch: whether it is the one that deletes the file (the file is marked
 * delete pending, or becomes so by this handle's FILE_DELETE_ON_CLOSE, and no other handle
 * stays open), decided under the mount lock so two cleanups at once agree. */
BOOLEAN DkCcbCleanupDeletes(DK_CCB *ccb);
/* TRUE when an FCB other than `except` names `path` (case-insensitively) and has handles:
 * such a file cannot be replaced by a rename. */
BOOLEAN DkFcbPathInUse(DK_MOUNT *mount, const UNICODE_STRING *path, const DK_FCB *except);
/* After a successful rename: the FCB and every open FCB below it take the new path. */
void DkFcbRename(DK_MOUNT *mount, DK_FCB *fcb, const UNICODE_STRING *newPath);

/* queue.c */
DK_REQUEST *DkRequestAllocate(DK_MOUNT *mount, PIRP irp, DK_CCB *ccb, const UNICODE_STRING *name, ULONG extraBytes);
/* A request on an open file: its event carries the FCB's path as it is now. */
DK_REQUEST *DkRequestForFile(DK_MOUNT *mount, PIRP irp, DK_CCB *ccb, ULONG extraBytes);
void DkRequestFree(DK_REQUEST *request);
NTSTATUS DkRequestSubmit(DK_REQUEST *request);
void DkNoticeSubmit(DK_REQUEST *notice);
NTSTATUS DkTransact(DK_MOUNT *mount, PIRP irp, PIO_STACK_LOCATION stack);
NTSTATUS DkFetch(DK_MOUNT *mount, PIRP irp, PIO_STACK_LOCATION stack);
void DkQueueFailAll(DK_MOUNT *mount, NTSTATUS status);
void DkQueueExpire(DK_MOUNT *mount, LONGLONG now);
NTSTATUS DkQueueUnmountNotice(DK_MOUNT *mount);
NTSTATUS DkRequestExtendDeadline(DK_MOUNT *mount, ULONG serial, ULONG timeoutMs);

/* reply.c: DkValidateReply checks a reply's framing against the bytes received;
 * DkReplyIsAcceptable whether a reply may complete its request (status, Information and
 * data checked per request kind); a refused reply is logged and the request ends with
 * DK_STATUS_PROTOCOL_ERROR. */
#define DK_STATUS_PROTOCOL_ERROR STATUS_INTERNAL_ERROR
NTSTATUS DkValidateReply(const DK_REPLY *reply, ULONG inputLength);
BOOLEAN DkReplyIsAcceptable(const DK_REQUEST *request, const DK_REPLY *reply);

/* event.c: the event a request sends */
ULONG DkEventExtraOffset(DK_REQUEST *request);
PVOID DkEventExtra(DK_REQUEST *request);
ULONG DkEventFileFlags(PIRP irp, DK_CCB *ccb);
void DkEventPath(const DK_EVENT *event, UNICODE_STRING *path);

/* filerequest.c: the steps every file-system IRP family shares */
/* Common prologue of file-system dispatch routines: the file's CCB on a live mount. */
NTSTATUS DkFileRequestBegin(PDEVICE_OBJECT device, PIRP irp, DK_MOUNT **mount, DK_CCB **ccb);
NTSTATUS DkForward(DK_REQUEST *request, PIRP irp, DK_COMPLETE_FN *complete);
void DkCompleteWithData(PIRP irp, const DK_REPLY *reply, NTSTATUS failure, PVOID buffer, ULONG bufferLength);
void DkReportRequestChange(DK_REQUEST *request, ULONG filter, ULONG action);

/* transfer.c: the first checks of a read or a write */
NTSTATUS DkCheckTransfer(DK_CCB *ccb, PIRP irp, ULONG length);

/* dispatch.c: the one door of every IRP (every MajorFunction entry) */
DRIVER_DISPATCH DkDispatch;
void DkDispatchInitialize(void);
/* IoMarkIrpPending, noted for the return-contract check of checked builds */
void DkMarkIrpPending(PIRP irp);
#ifdef DOKAN_CHECKED
void DkDispatchNoteCompletion(PIRP irp);
#endif

/* dispatch entry points, one file per IRP family */
DRIVER_DISPATCH DkDispatchCreate;
DRIVER_DISPATCH DkDispatchCleanup;
DRIVER_DISPATCH DkDispatchClose;
DRIVER_DISPATCH DkDispatchRead;
DRIVER_DISPATCH DkDispatchWrite;
DRIVER_DISPATCH DkDispatchQueryInformation;
DRIVER_DISPATCH DkDispatchSetInformation;
DRIVER_DISPATCH DkDispatchDirectoryControl;
DRIVER_DISPATCH DkDispatchQueryVolumeInformation;
DRIVER_DISPATCH DkDispatchSetVolumeInformation;
DRIVER_DISPATCH DkDispatchFlush;
DRIVER_DISPATCH DkDispatchLockControl;
DRIVER_DISPATCH DkDispatchQuerySecurity;
DRIVER_DISPATCH DkDispatchSetSecurity;
DRIVER_DISPATCH DkDispatchFileSystemControl;
DRIVER_DISPATCH DkDispatchDeviceControl;
DRIVER_DISPATCH DkDispatchShutdown;
DRIVER_DISPATCH DkDispatchPnp;

/* notify.c - change notification (FsRtlNotify* are stubs under Wine) */
NTSTATUS DkNotifyChangeDirectory(DK_MOUNT *mount, PIRP irp, DK_CCB *ccb);
/* Reports one change of `path` (the full path in the volume) to every watcher whose
 * directory and filter match: FILE_NOTIFY_CHANGE_* filter, FILE_ACTION_* action. */
void DkNotifyReport(DK_MOUNT *mount, const UNICODE_STRING *path, ULONG filter, ULONG action);
void DkNotifyCleanup(DK_CCB *ccb); /* the handle's pending notify IRPs end */
/* The directory is delete pending and the handle that marked it was cleaned up: watchers of
 * it end with STATUS_DELETE_PENDING, although it goes only with its last handle. */
void DkNotifyDeletePending(DK_FCB *fcb);
void DkNotifyTeardown(DK_MOUNT *mount); /* every watcher of the mount ends */

/* caller.c: BUILTIN\Administrators is enabled in the requestor's token (its thread's
 * impersonation token, else its process's) */
BOOLEAN DkRequestorIsAdministrator(PIRP irp);

/* service.c - unmount notices for the mounter */
void DkServiceInitialize(void);
void DkServiceNotifyUnmount(DK_MOUNT *mount);
NTSTATUS DkServiceWait(PIRP irp, PIO_STACK_LOCATION stack);
void DkServiceFileClosed(PFILE_OBJECT file);
void DkServiceShutdown(void);

/* housekeeping.c */
NTSTATUS DkHousekeepingStart(void);
void DkHousekeepingStop(void);
void DkHousekeepingKick(void);

#endif /* DK_H_ */
