// SPDX-License-Identifier: LGPL-3.0-or-later
/* shim.h - internals of dokanshim.dll. The DLL patches Wine's ntdll stubs (patch.c) so that
 * file calls naming a Dokan drive, or made on a handle bound to a Dokan file, go to
 * iohost.sys (ioh.c) instead of Wine's own file system; everything else reaches Wine
 * unchanged through the trampolines (real_Nt*). README.md explains the design. */
#ifndef WINSHIM_SHIM_H_
#define WINSHIM_SHIM_H_

#define WIN32_NO_STATUS
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>
#include <winternl.h>

#include "handles.h"
#include "hooklist.h"
#include "iohost_protocol.h"

/* Kernel constants user-mode headers lack (values of the DDK). */
#define SHIM_IRP_MJ_QUERY_INFORMATION        0x05
#define SHIM_IRP_MJ_SET_INFORMATION          0x06
#define SHIM_IRP_MJ_FLUSH_BUFFERS            0x09
#define SHIM_IRP_MJ_QUERY_VOLUME_INFORMATION 0x0a
#define SHIM_IRP_MJ_SET_VOLUME_INFORMATION   0x0b
#define SHIM_IRP_MJ_DIRECTORY_CONTROL        0x0c
#define SHIM_IRP_MJ_FILE_SYSTEM_CONTROL      0x0d
#define SHIM_IRP_MJ_LOCK_CONTROL             0x11
#define SHIM_IRP_MJ_QUERY_SECURITY           0x14
#define SHIM_IRP_MJ_SET_SECURITY             0x15
#define SHIM_IRP_MN_QUERY_DIRECTORY          0x01
#define SHIM_IRP_MN_NOTIFY_CHANGE_DIRECTORY  0x02
#define SHIM_IRP_MN_LOCK                     0x01
#define SHIM_IRP_MN_UNLOCK_SINGLE            0x02
#define SHIM_SL_RESTART_SCAN                 0x01
#define SHIM_SL_RETURN_SINGLE_ENTRY          0x02
#define SHIM_SL_INDEX_SPECIFIED              0x04
#define SHIM_SL_WATCH_TREE                   0x01
#define SHIM_SL_FAIL_IMMEDIATELY             0x01
#define SHIM_SL_EXCLUSIVE_LOCK               0x02
#define SHIM_SL_CASE_SENSITIVE               0x80
#define SHIM_FO_SYNCHRONOUS_IO               0x00000002
#define SHIM_FILE_REMOTE_DEVICE              0x00000010
#define SHIM_FILE_LINK_INFORMATION           11
#define SHIM_THREAD_CREATE_SUSPENDED         0x1

/* The environment variable that carries a working directory on a Dokan drive into a new
 * process (Wine resolves the directory before any DLL loads, and falls back to C:\windows;
 * the shim applies it once loaded). */
#define SHIM_CWD_VARIABLE L"DOKANSHIM_CWD"

/* ---- the real services (trampolines once patched) ---- */

typedef NTSTATUS (NTAPI *NtCreateFile_fn)(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES, PIO_STATUS_BLOCK,
	PLARGE_INTEGER, ULONG, ULONG, ULONG, ULONG, PVOID, ULONG);
typedef NTSTATUS (NTAPI *NtOpenFile_fn)(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES, PIO_STATUS_BLOCK,
	ULONG, ULONG);
typedef NTSTATUS (NTAPI *NtClose_fn)(HANDLE);
typedef NTSTATUS (NTAPI *NtDuplicateObject_fn)(HANDLE, HANDLE, HANDLE, PHANDLE, ACCESS_MASK, ULONG, ULONG);
typedef NTSTATUS (NTAPI *NtReadFile_fn)(HANDLE, HANDLE, PIO_APC_ROUTINE, PVOID, PIO_STATUS_BLOCK,
	PVOID, ULONG, PLARGE_INTEGER, PULONG);
typedef NTSTATUS (NTAPI *NtWriteFile_fn)(HANDLE, HANDLE, PIO_APC_ROUTINE, PVOID, PIO_STATUS_BLOCK,
	const void *, ULONG, PLARGE_INTEGER, PULONG);
typedef NTSTATUS (NTAPI *NtFlushBuffersFile_fn)(HANDLE, PIO_STATUS_BLOCK);
typedef NTSTATUS (NTAPI *NtQueryInformationFile_fn)(HANDLE, PIO_STATUS_BLOCK, PVOID, ULONG,
	FILE_INFORMATION_CLASS);
typedef NtQueryInformationFile_fn NtSetInformationFile_fn;
typedef NTSTATUS (NTAPI *NtQueryDirectoryFile_fn)(HANDLE, HANDLE, PIO_APC_ROUTINE, PVOID,
	PIO_STATUS_BLOCK, PVOID, ULONG, FILE_INFORMATION_CLASS, BOOLEAN, PUNICODE_STRING, BOOLEAN);
typedef NTSTATUS (NTAPI *NtQueryDirectoryFileEx_fn)(HANDLE, HANDLE, PIO_APC_ROUTINE, PVOID,
	PIO_STATUS_BLOCK, PVOID, ULONG, FILE_INFORMATION_CLASS, ULONG, PUNICODE_STRING);
typedef NTSTATUS (NTAPI *NtQueryAttributesFile_fn)(POBJECT_ATTRIBUTES, PFILE_BASIC_INFORMATION);
typedef NTSTATUS (NTAPI *NtQueryFullAttributesFile_fn)(POBJECT_ATTRIBUTES, PFILE_NETWORK_OPEN_INFORMATION);
typedef NTSTATUS (NTAPI *NtDeleteFile_fn)(POBJECT_ATTRIBUTES);
typedef NTSTATUS (NTAPI *NtFsControlFile_fn)(HANDLE, HANDLE, PIO_APC_ROUTINE, PVOID, PIO_STATUS_BLOCK,
	ULONG, PVOID, ULONG, PVOID, ULONG);
/* The key: a ULONG on Windows, a ULONG * in Wine (its kernel32 passes NULL, and its
 * NtLockFile refuses anything else); a pointer-sized slot carries either unchanged. */
typedef NTSTATUS (NTAPI *NtLockFile_fn)(HANDLE, HANDLE, PIO_APC_ROUTINE, PVOID, PIO_STATUS_BLOCK,
	PLARGE_INTEGER, PLARGE_INTEGER, PULONG, BOOLEAN, BOOLEAN);
typedef NTSTATUS (NTAPI *NtUnlockFile_fn)(HANDLE, PIO_STATUS_BLOCK, PLARGE_INTEGER, PLARGE_INTEGER, PULONG);
typedef NTSTATUS (NTAPI *NtNotifyChangeDirectoryFile_fn)(HANDLE, HANDLE, PIO_APC_ROUTINE, PVOID,
	PIO_STATUS_BLOCK, PVOID, ULONG, ULONG, BOOLEAN);
typedef NTSTATUS (NTAPI *NtQuerySecurityObject_fn)(HANDLE, SECURITY_INFORMATION, PSECURITY_DESCRIPTOR,
	ULONG, PULONG);
typedef NTSTATUS (NTAPI *NtSetSecurityObject_fn)(HANDLE, SECURITY_INFORMATION, PSECURITY_DESCRIPTOR);
typedef NTSTATUS (NTAPI *NtQueryVolumeInformationFile_fn)(HANDLE, PIO_STATUS_BLOCK, PVOID, ULONG,
	FS_INFORMATION_CLASS);
typedef NtQueryVolumeInformationFile_fn NtSetVolumeInformationFile_fn;
typedef NTSTATUS (NTAPI *NtQueryObject_fn)(HANDLE, OBJECT_INFORMATION_CLASS, PVOID, ULONG, PULONG);
typedef NTSTATUS (NTAPI *NtCreateUserProcess_fn)(PHANDLE, PHANDLE, ACCESS_MASK, ACCESS_MASK,
	POBJECT_ATTRIBUTES, POBJECT_ATTRIBUTES, ULONG, ULONG, PVOID, PVOID, PVOID);

#define SHIM_DECLARE(name, required) extern name##_fn real_##name;
SHIM_HOOKS(SHIM_DECLARE)
#undef SHIM_DECLARE
/* Not patched, but called past any hook another tool may have put there. */
typedef NTSTATUS (NTAPI *NtDeviceIoControlFile_fn)(HANDLE, HANDLE, PIO_APC_ROUTINE, PVOID,
	PIO_STATUS_BLOCK, ULONG, PVOID, ULONG, PVOID, ULONG);
extern NtDeviceIoControlFile_fn real_NtDeviceIoControlFile;

/* The hooks, each of its service's exact type (defined in open.c, io.c, info.c, proc.c). */
#define SHIM_DECLARE_HOOK(name, required) extern __typeof__(*real_##name) hook_##name;
SHIM_HOOKS(SHIM_DECLARE_HOOK)
#undef SHIM_DECLARE_HOOK

/* ntdll exports mingw's headers do not declare. */
NTSYSAPI NTSTATUS NTAPI NtCreateEvent(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES, ULONG, BOOLEAN);
NTSYSAPI NTSTATUS NTAPI NtOpenSymbolicLinkObject(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES);
NTSYSAPI NTSTATUS NTAPI NtQuerySymbolicLinkObject(HANDLE, PUNICODE_STRING, PULONG);
NTSYSAPI NTSTATUS NTAPI NtResumeThread(HANDLE, PULONG);
NTSYSAPI NTSTATUS NTAPI NtSetEvent(HANDLE, PLONG);
NTSYSAPI NTSTATUS NTAPI NtTerminateProcess(HANDLE, NTSTATUS);
NTSYSAPI ULONG NTAPI RtlLengthSecurityDescriptor(PSECURITY_DESCRIPTOR);
NTSYSAPI NTSTATUS NTAPI RtlMakeSelfRelativeSD(PSECURITY_DESCRIPTOR, PSECURITY_DESCRIPTOR, PULONG);

/* ---- patch.c ---- */

/* Patches every hook in SHIM_HOOKS, or none: FALSE (with the reason in why) when a required
 * service is missing or is not a stub of the known layout. */
BOOL shim_patch_all(WCHAR *why, size_t why_chars);

/* ---- util.c ---- */

/* Hooks keep the caller's last error: Wine's kernel32 reads it after some calls, and
 * our own work (events, waits) must not leave anything behind. */
#define SHIM_ENTER DWORD shim_saved_error_ = GetLastError()
#define SHIM_LEAVE(status) do { NTSTATUS shim_status_ = (status); \
	SetLastError(shim_saved_error_); return shim_status_; } while (0)

/* Whether the whole range may be read / written now (committed, accessible, no guard);
 * a zero length is always fine. Checked before the shim touches a caller's memory, so a
 * bad pointer gets STATUS_ACCESS_VIOLATION as from ntdll, never a crash in the shim. */
BOOL shim_can_read(const void *p, SIZE_T bytes);
BOOL shim_can_write(void *p, SIZE_T bytes);
void *shim_alloc(SIZE_T bytes);  /* zeroed */
void shim_free(void *p);
/* A message on the process's standard error (and the debugger). */
void shim_print_error(const WCHAR *text);
BOOL shim_is_current_process(HANDLE process);

/* ---- names.c ---- */

/* Where an open goes: iohost's name form for an absolute Dokan name, or a name relative
 * to a bound directory. */
typedef struct shim_target {
	WCHAR *name;          /* shim_alloc'ed, no terminator needed */
	ULONG name_bytes;
	ULONG related_id;     /* the bound directory's file id, 0 for an absolute name */
	WCHAR letter;         /* the drive letter, 0 for a relative or device name */
} shim_target;

/* TRUE when oa names a file on a Dokan drive (or relative to a bound handle); FALSE for
 * everything Wine should see unchanged, including unreadable attributes (Wine then
 * reports the fault). Free target with shim_target_free. */
BOOL shim_resolve_target(const OBJECT_ATTRIBUTES *oa, shim_target *target);
void shim_target_free(shim_target *target);
/* TRUE when letter is a Dokan drive now (cached for about a second per letter). */
BOOL shim_is_dokan_letter(WCHAR letter);
/* The drive letter of the only Dokan drive, 0 when there is none or more than one. */
WCHAR shim_only_dokan_letter(void);
/* "\??\M:\x" or "M:\x" with a Dokan letter: *letter and the path below the volume ("\x"). */
BOOL shim_split_dokan_path(const WCHAR *name, ULONG chars, WCHAR *letter, const WCHAR **rest,
	ULONG *rest_chars);

/* ---- handles (table.c) ---- */

void shim_table_init(void);
/* TRUE and *info for a handle bound to a Dokan file; a handle not seen before (inherited,
 * duplicated by another process) is checked once and remembered either way. */
BOOL shim_lookup_bound(HANDLE handle, shim_handle_info *info);
void shim_remember(HANDLE handle, const shim_handle_info *info);
/* Removes what is known; TRUE and *info when the handle was bound. */
BOOL shim_forget(HANDLE handle, shim_handle_info *info);

/* ---- ioh.c: requests to iohost ---- */

/* One IOCTL on an iohost handle, waited for (with an event unless the handle is
 * synchronous). Returns the IOCTL's status; *got = output bytes. */
NTSTATUS shim_ioh_call(HANDLE handle, BOOL synchronous, ULONG code, const void *in, ULONG in_bytes,
	void *out, ULONG out_bytes, ULONG_PTR *got);

/* One IRP on the bound file through IOCTL_IOH_IRP (result header + data). */
typedef struct shim_irp {
	UCHAR major, minor, stack_flags;
	ULONG flags;             /* IOH_IRP_* */
	ULONGLONG args[4];
	const void *input;
	ULONG input_bytes;
	void *output;            /* may be NULL with output_bytes 0 */
	ULONG output_bytes;
	NTSTATUS status;         /* set: the file system's answer */
	ULONG_PTR information;
	ULONG data_bytes;        /* bytes copied to output */
} shim_irp;
/* Returns the transport status (the IRP's own status is irp->status). */
NTSTATUS shim_irp_send(HANDLE handle, const shim_handle_info *info, shim_irp *irp);
/* The same IRP through IOCTL_IOH_BOUND_IRP: output goes straight to the caller's buffer and
 * the caller's event, APC, completion port and IO_STATUS_BLOCK get the answer from Wine. */
NTSTATUS shim_irp_send_bound(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, PVOID apc_context,
	PIO_STATUS_BLOCK iosb, const shim_irp *irp);
/* FILE_STATE of the file bound to handle (FileId 0). */
NTSTATUS shim_bound_state(HANDLE handle, IOH_FILE_STATE *state);
/* Returns once iohost has destroyed the bound file (after CLEANUP and CLOSE), at most
 * about 10 s later. */
void shim_wait_closed(ULONG file_id);
/* TRUE when the object behind handle is the iohost device. */
BOOL shim_is_iohost_object(HANDLE handle);

/* ---- open.c ---- */

typedef struct shim_open_args {
	ACCESS_MASK access;
	ULONG attributes;        /* OBJ_* of the caller (OBJ_INHERIT, OBJ_CASE_INSENSITIVE) */
	LONGLONG allocation;
	ULONG file_attributes, share, disposition, options;
} shim_open_args;
/* Opens a Dokan file as a new handle bound to it; *handle stays untouched on failure. */
NTSTATUS shim_open_bound(const shim_target *target, const shim_open_args *args, HANDLE *handle,
	ULONG_PTR *information);
/* Closes a bound handle; after the last handle to its file object, returns once the file
 * is cleaned up and closed, as NtClose on Windows. */
NTSTATUS shim_close_bound(HANDLE handle, const shim_handle_info *info);

/* ---- proc.c ---- */

/* The shim's own module (for its folder), set first thing at load. */
void shim_set_module(HMODULE module);
/* At load: the working directory handed over in DOKANSHIM_CWD. */
BOOL shim_process_init(void);

#endif
