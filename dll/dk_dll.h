/* SPDX-License-Identifier: LGPL-3.0-or-later
 * dk_dll.h - private declarations of dokan.dll. */
#ifndef DK_DLL_H_
#define DK_DLL_H_

/* NTSTATUS names come from <ntstatus.h>; WIN32_NO_STATUS keeps <winnt.h> from
 * defining its own subset first (docs/style.md, "NTSTATUS values"). */
#define WIN32_NO_STATUS
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>
#include <winioctl.h>
#include "dokan.h"
#include "dokanc.h"
#include "dokan_protocol.h"

/* Kernel constants the events carry (values from the DDK). */
#define IRP_MJ_CREATE                   0x00
#define IRP_MJ_CLOSE                    0x02
#define IRP_MJ_READ                     0x03
#define IRP_MJ_WRITE                    0x04
#define IRP_MJ_QUERY_INFORMATION        0x05
#define IRP_MJ_SET_INFORMATION          0x06
#define IRP_MJ_FLUSH_BUFFERS            0x09
#define IRP_MJ_QUERY_VOLUME_INFORMATION 0x0a
#define IRP_MJ_DIRECTORY_CONTROL        0x0c
#define IRP_MJ_LOCK_CONTROL             0x11
#define IRP_MJ_CLEANUP                  0x12
#define IRP_MJ_QUERY_SECURITY           0x14
#define IRP_MJ_SET_SECURITY             0x15
#define SL_OPEN_TARGET_DIRECTORY        0x04
#define SL_RESTART_SCAN                 0x01
#define SL_RETURN_SINGLE_ENTRY          0x02
#define SL_INDEX_SPECIFIED              0x04

#define DK_DEFAULT_THREADS      5
#define DK_MAX_THREADS          14
#define DK_EVENT_BUFFER_INITIAL (DK_EVENT_INLINE_MAX + 4096)

/* One DokanMain call. The only process-wide state is the list of these (main.c). */
typedef struct DK_INSTANCE {
	struct DK_INSTANCE *Next;
	PDOKAN_OPTIONS Options;
	PDOKAN_OPERATIONS Operations; /* = &Calls: what the dispatchers call */
	PDOKAN_OPERATIONS Callers;    /* the caller's table: only the volume defaults are written */
	/* The caller's callbacks, copied once: a legacy client's table has 23 slots, so the
	 * security slots are never read from it (they stay NULL here). */
	DOKAN_OPERATIONS User;
	/* User as the dispatchers call it; on x86 each entry is a stdcall wrapper that calls
	 * the user's function through a thunk restoring the stack pointer (callbacks.c). */
	DOKAN_OPERATIONS Calls;
	WCHAR MountPoint[MAX_PATH];
	WCHAR DeviceName[DK_DEVICE_NAME_CHARS];
	ULONG MountId;
	volatile LONG UnmountCalled; /* the Unmount callback runs once per mount */
	volatile LONG Released;
	HANDLE Stopped; /* set when the first worker sees the mount gone */
} DK_INSTANCE;

/* A directory listing cached per open between queries
 * (docs/behaviour.md, "Directory listing"). */
typedef struct DK_FIND_CACHE {
	WIN32_FIND_DATAW *Entries;
	ULONG Count;
	ULONG Capacity;
	BOOL FromPattern; /* filled by FindFilesWithPattern: not filtered again */
	BOOL Failed;      /* the callback failed while filling */
	BOOL EndedEmpty;  /* the last search found nothing: continuing gives NO_MORE_FILES */
	BOOL Listable;    /* the file system said this open is a folder */
} DK_FIND_CACHE;

/* The library's record of one open; its address travels as DK_EVENT.Context. */
typedef struct DK_OPEN {
	DK_INSTANCE *Instance;
	CRITICAL_SECTION Lock;
	ULONG64 Context; /* the file system's value */
	UCHAR IsDirectory;
	WCHAR *FileName; /* as opened; names an open the driver hands back */
	/* The request being served on this open (0.6.0's "current request"), under Lock: set
	 * when a callback is prepared, cleared after it (unless another request of the same
	 * open started meanwhile). DokanResetTimeout names it; DokanOpenRequestorToken works
	 * only while it is a create. */
	volatile LONG CurrentSerial;
	UCHAR CurrentMajor;    /* IRP_MJ_* */
	DWORD CurrentThreadId; /* requesting thread and process */
	DWORD CurrentProcessId;
	DWORD CurrentWorker; /* the worker thread serving it */
	DK_FIND_CACHE Find;
} DK_OPEN;

/* One worker thread: its channel to the driver and its buffers. */
typedef struct DK_WORKER {
	DK_INSTANCE *Instance;
	HANDLE Device;
	DK_EVENT *Event;
	DWORD EventCapacity;
	DK_REPLY *Reply;
	DWORD ReplyCapacity;
	DWORD ReplyLength; /* 0: nothing to send with the next TRANSACT */
} DK_WORKER;

/* driverctl.c */
HANDLE dk_open_control_device(void);
HANDLE dk_open_mount_device(const WCHAR *deviceName);
BOOL dk_ioctl(HANDLE device, DWORD code, const void *in, DWORD inLength, void *out, DWORD outLength, DWORD *returned);
BOOL dk_start_mount(HANDLE control, ULONG flags, DK_MOUNT_INFO *info);
BOOL dk_release_mount(const WCHAR *deviceName);

/* worker.c */
DWORD WINAPI dk_worker_thread(LPVOID instance);
DWORD WINAPI dk_keepalive_thread(LPVOID instance);
DK_REPLY *dk_reply_begin(DK_WORKER *worker, const DK_EVENT *event, DWORD dataCapacity);
void dk_reply_finish(DK_WORKER *worker, NTSTATUS status, DWORD dataLength);
void dk_call_unmount(DK_INSTANCE *instance);
const WCHAR *dk_event_name(const DK_EVENT *event);

/* openrec.c */
DK_OPEN *dk_open_create(DK_INSTANCE *instance);
void dk_open_free(DK_OPEN *open);
DK_OPEN *dk_open_of(const DK_EVENT *event);
void dk_fileinfo_init(DOKAN_FILE_INFO *info, DK_INSTANCE *instance, const DK_EVENT *event, DK_OPEN *open);
void dk_fileinfo_store(const DOKAN_FILE_INFO *info, DK_OPEN *open);
typedef struct DK_CURRENT_REQUEST {
	ULONG Serial;
	UCHAR Major;
	DWORD ThreadId;
	DWORD ProcessId;
} DK_CURRENT_REQUEST;
void dk_open_clear_current(DK_OPEN *open);
BOOL dk_open_current(DK_OPEN *open, DK_CURRENT_REQUEST *current);
HANDLE dk_open_requestor_token(DWORD processId, DWORD threadId);

/* status.c */
NTSTATUS dk_status_from_result(int result, NTSTATUS fallback);
NTSTATUS dk_status_from_create_result(int result);

/* main.c */
void dk_debug(const char *format, ...);
/* The callbacks of the mount whose DokanMain got these options (NULL if none). */
const DOKAN_OPERATIONS *dk_user_operations(const DOKAN_OPTIONS *options);

/* callbacks.c: fills instance->User from the caller's table and instance->Calls from it. */
void dk_callbacks_prepare(DK_INSTANCE *instance, PDOKAN_OPERATIONS callers);

/* dispatch_*.c, one per request family */
void dk_dispatch_create(DK_WORKER *worker, const DK_EVENT *event);
void dk_dispatch_cleanup(DK_WORKER *worker, const DK_EVENT *event);
void dk_dispatch_close(DK_WORKER *worker, const DK_EVENT *event);
void dk_dispatch_abandoned(DK_WORKER *worker, const DK_EVENT *event);
void dk_dispatch_read(DK_WORKER *worker, const DK_EVENT *event);
void dk_dispatch_query_information(DK_WORKER *worker, const DK_EVENT *event);
void dk_dispatch_directory(DK_WORKER *worker, const DK_EVENT *event);
void dk_dispatch_query_volume(DK_WORKER *worker, const DK_EVENT *event);
void dk_dispatch_write(DK_WORKER *worker, const DK_EVENT *event);
void dk_dispatch_set_information(DK_WORKER *worker, const DK_EVENT *event);
void dk_dispatch_flush(DK_WORKER *worker, const DK_EVENT *event);
void dk_dispatch_lock(DK_WORKER *worker, const DK_EVENT *event);
void dk_dispatch_query_security(DK_WORKER *worker, const DK_EVENT *event);
void dk_dispatch_set_security(DK_WORKER *worker, const DK_EVENT *event);
/* The data block [offset, offset + length) of an event, or NULL if it is out of bounds. */
const void *dk_event_data(const DK_EVENT *event, ULONG offset, ULONG length);
/* Replies with a bare status (no data). */
void dk_reply_status(DK_WORKER *worker, const DK_EVENT *event, NTSTATUS status);

#endif /* DK_DLL_H_ */
