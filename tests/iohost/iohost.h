// SPDX-License-Identifier: LGPL-3.0-or-later
/* iohost.h - internals of iohost.sys, the in-kernel stand-in for the Windows I/O manager.
 *
 * Wine never sends file-system IRPs to drivers, so this driver builds them: a client opens
 * \\.\DokanIoHost (one session per handle), asks for files to be opened on a volume
 * (IRP_MJ_CREATE on a FILE_OBJECT of our own), sends IRPs on them and closes them
 * (IRP_MJ_CLEANUP, then IRP_MJ_CLOSE). Nothing here ever waits: Wine runs every dispatch
 * routine on one thread, so each IRP is sent, pended, and finished by its completion
 * routine, which completes the client's IOCTL.
 *
 * Lock order: the cancel spin lock and the driver lock (IohLock) are never held together,
 * and neither is held while calling another driver or completing an IRP. */
#ifndef IOHOST_H_
#define IOHOST_H_

#include <ntifs.h>
#include "iohost_protocol.h"

/* "IHst" in pool dumps (no multi-character constants under -Werror) */
#define IOH_POOL_TAG ((ULONG)'I' | ((ULONG)'H' << 8) | ((ULONG)'s' << 16) | ((ULONG)'t' << 24))

/* One client handle to \\.\DokanIoHost; owns the files opened through it. */
typedef struct IOH_SESSION {
	LIST_ENTRY Files;
	struct IOH_FILE *Bound;     /* bind mode: the file this handle stands for (iohost_bind.c) */
	BOOLEAN Ended;              /* handle closed: freed once Files is empty */
	BOOLEAN UserBuffers;        /* requests come from a user-mode caller (iohost_buffers.c) */
} IOH_SESSION;

typedef enum IOH_STAGE {
	IohStageCreating,           /* IRP_MJ_CREATE in flight */
	IohStageOpen,
	IohStageCleaning,           /* IRP_MJ_CLEANUP in flight */
	IohStageCleaned,            /* IRP_MJ_CLOSE waits for the other IRPs to finish */
	IohStageClosing,            /* IRP_MJ_CLOSE in flight */
} IOH_STAGE;

struct IOH_CALL;

/* One FILE_OBJECT we opened for a client. */
typedef struct IOH_FILE {
	LIST_ENTRY Link;            /* in Session->Files */
	struct IOH_FILE *WorkNext;  /* IohSessionEnd's private list */
	struct IOH_FILE *BoundNext; /* in the bound-file table (bind mode) */
	BOOLEAN IsBound;            /* Session->Bound: closes only with its handle */
	BOOLEAN Registered;         /* in the bound-file table */
	IOH_SESSION *Session;
	ULONG Id;
	ACCESS_MASK GrantedAccess;  /* what the handle may do (requests are checked against it) */
	IOH_STAGE Stage;
	BOOLEAN CloseWanted;
	ULONG InFlight;             /* IRPs sent on FileObject and not completed */
	PFILE_OBJECT FileObject;
	PDEVICE_OBJECT Target;      /* receives the IRPs (referenced) */
	PETHREAD Opener;            /* requestor of CLEANUP/CLOSE (referenced) */
	struct IOH_CALL *CleanupCall; /* allocated up front: closing cannot fail */
	struct IOH_CALL *CloseCall;
	PIRP CloseWaiter;           /* IOCTL_IOH_CLOSE, completed after IRP_MJ_CLOSE */
	NTSTATUS CleanupStatus;
	ULONG RequestorProcessId;
	ULONG IoPriorityHint;       /* FileIoPriorityHintInformation: kept by the I/O manager */
} IOH_FILE;

typedef void IOH_FINISH(struct IOH_CALL *call);

/* One IRP sent to the file system, and the client IOCTL waiting for it. */
typedef struct IOH_CALL {
	PIRP Irp;
	PIRP Client;                /* NULL for CLEANUP/CLOSE sent on the driver's own account */
	IOH_FILE *File;
	IOH_FINISH *Finish;         /* runs once the IRP completed; completes Client */
	LONG Refs;                  /* the completion routine, IohCallSend, a cancel in progress */
	BOOLEAN Completed;          /* guarded by the cancel spin lock */
	BOOLEAN TracksPosition;     /* synchronous read/write: advance CurrentByteOffset */
	BOOLEAN InfoIsNeededSize;   /* STATUS_BUFFER_OVERFLOW: Information is the size needed */
	PETHREAD Thread;            /* Irp->Tail.Overlay.Thread (referenced) */
	PVOID Input;                /* pool copies of the client's data */
	PVOID Output;
	ULONG OutputBytes;
	LONGLONG ByteOffset;
	LONGLONG PositionBefore;
	UNICODE_STRING Name;        /* directory pattern */
	IOH_FILE *Related;          /* create: the related file; set information: the target
	                             * file (Parameters.SetFile.FileObject); held until completion */
	PVOID UserBuffer;           /* user mode: the caller's buffer as the IRP names it */
	ULONG UserBytes;
	BOOLEAN Poisoned;           /* UserBuffer poisoned when the caller's context ended */
	LARGE_INTEGER LockLength;   /* Parameters.LockControl.Length points here */
	IO_SECURITY_CONTEXT Security;
	ACCESS_STATE AccessState;
} IOH_CALL;

/* iohost_main.c */
void IohLock(PKIRQL irql);
void IohUnlock(KIRQL irql);
PVOID IohAlloc(SIZE_T bytes);
void IohFree(PVOID p);
PETHREAD IohCurrentThread(void);
NTSTATUS IohCompleteIrp(PIRP irp, NTSTATUS status, ULONG_PTR information);
NTSTATUS IohReportStatus(PIRP client, ULONG result_bytes, NTSTATUS status);

/* iohost_file.c */
IOH_FILE *IohFileNew(IOH_SESSION *session, PDEVICE_OBJECT device, PDEVICE_OBJECT target,
	PVPB vpb, PCUNICODE_STRING name);
IOH_FILE *IohFileAcquire(IOH_SESSION *session, ULONG id);
IOH_FILE *IohFileUseLocked(IOH_FILE *file); /* counts one more IRP; NULL when not open */
void IohFileRelease(IOH_FILE *file);
void IohFileCreated(IOH_FILE *file, NTSTATUS status);
NTSTATUS IohFileRequestClose(IOH_SESSION *session, ULONG id, PIRP waiter);
NTSTATUS IohFileGetState(IOH_SESSION *session, ULONG id, IOH_FILE_STATE *state);
NTSTATUS IohSessionBegin(PFILE_OBJECT handle);
void IohSessionEnd(PFILE_OBJECT handle);

/* iohost_call.c */
IOH_CALL *IohCallNew(IOH_FILE *file, PIRP client, UCHAR major, UCHAR minor, IOH_FINISH *finish);
NTSTATUS IohCallSend(IOH_CALL *call);
void IohCallDiscard(IOH_CALL *call);

/* iohost_create.c */
NTSTATUS IohHandleCreate(IOH_SESSION *session, PIRP client, PIO_STACK_LOCATION sp);

/* iohost_irp.c */
NTSTATUS IohHandleIrp(IOH_SESSION *session, PIRP client, PIO_STACK_LOCATION sp);
/* Sends the IRP a request describes (input: its data, finish: completes client) */
NTSTATUS IohStartIrp(IOH_SESSION *session, PIRP client, const IOH_IRP_REQUEST *rq,
	const void *input, IOH_FINISH *finish);
BOOLEAN IohIrpRequestValid(const IOH_IRP_REQUEST *rq, PIO_STACK_LOCATION sp, ULONG result_bytes);
/* After completion: the file's position, the related file and the file itself let go. */
void IohEndCall(IOH_CALL *call);
/* The bytes of call->Output the client receives. */
ULONG IohCallDataBytes(IOH_CALL *call);

/* iohost_bind.c - bind mode (see iohost_protocol.h) */
NTSTATUS IohBindClaim(IOH_SESSION *session, IOH_FILE *file);
void IohBindRegister(IOH_FILE *file);
void IohBindForgetLocked(IOH_FILE *file);
IOH_FILE *IohBoundAcquire(ULONG id);
NTSTATUS IohForwardToBound(IOH_SESSION *session, PIRP irp, PIO_STACK_LOCATION sp);
NTSTATUS IohHandleBoundIrp(IOH_SESSION *session, PIRP client, PIO_STACK_LOCATION sp);

/* iohost_fill.c - one routine per request kind fills the stack location (and the IRP's
 * buffers) from the client's request; NULL: a request iohost does not build. */
typedef NTSTATUS IOH_FILL(IOH_CALL *call, const IOH_IRP_REQUEST *rq, PIO_STACK_LOCATION sp);
IOH_FILL *IohFillFor(UCHAR major, UCHAR minor);
/* The handle-access check of the Nt* service (STATUS_ACCESS_DENIED). */
NTSTATUS IohCheckAccess(const IOH_FILE *file, const IOH_IRP_REQUEST *rq);
/* After completion: what NtReadFile/NtWriteFile do to a synchronous file's position. */
void IohFinishPosition(IOH_CALL *call, NTSTATUS status, ULONG_PTR information);

/* iohost_buffers.c - the I/O manager's buffering for user-mode callers */
NTSTATUS IohBuffersInit(PCUNICODE_STRING registry_path);
void IohBuffersUninit(void);
void IohProbeMdlSupport(void);
BOOLEAN IohUserModeBuffers(void);
NTSTATUS IohApplyUserBuffers(IOH_CALL *call, const IOH_IRP_REQUEST *rq, PIO_STACK_LOCATION sp);
void IohLeaveCallerContext(IOH_CALL *call);
void IohReleaseBuffers(IOH_CALL *call);

/* iohost_resolve.c */
typedef struct IOH_VOLUME {
	PDEVICE_OBJECT Device;      /* the named device: FileObject->DeviceObject (referenced) */
	PDEVICE_OBJECT Target;      /* receives the IRPs (referenced) */
	PVPB Vpb;                   /* the mounted VPB, NULL for direct device opens */
	UNICODE_STRING Rest;        /* the name below the device, inside the request */
} IOH_VOLUME;

NTSTATUS IohResolve(PCUNICODE_STRING name, PCWSTR driver_name, ACCESS_MASK access,
	IOH_VOLUME *volume);
void IohVolumeRelease(IOH_VOLUME *volume);

#endif
