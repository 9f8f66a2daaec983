// SPDX-License-Identifier: LGPL-3.0-or-later
/* ioclient.h - Win32-like calls on a file-system volume through iohost.sys (which plays the
 * I/O manager under Wine). Every call returns the NTSTATUS the file system answered with,
 * or a local failure (e.g. STATUS_INVALID_HANDLE before ioc_connect).
 *
 * Include this header before <windows.h>: it includes <windows.h>, <ntstatus.h> and
 * <winternl.h> in the order that keeps both sets of status codes. */
#ifndef IOCLIENT_H_
#define IOCLIENT_H_

#ifndef WIN32_NO_STATUS
#define WIN32_NO_STATUS
#define IOC_UNDEF_WIN32_NO_STATUS
#endif
#include <windows.h>
#ifdef IOC_UNDEF_WIN32_NO_STATUS
#undef WIN32_NO_STATUS
#undef IOC_UNDEF_WIN32_NO_STATUS
#endif
#include <ntstatus.h>
#include <winternl.h>

#include "iohost_protocol.h"

/* Kernel constants user-mode headers lack. */
#define IOC_IRP_MJ_READ                     0x03
#define IOC_IRP_MJ_WRITE                    0x04
#define IOC_IRP_MJ_QUERY_INFORMATION        0x05
#define IOC_IRP_MJ_SET_INFORMATION          0x06
#define IOC_IRP_MJ_FLUSH_BUFFERS            0x09
#define IOC_IRP_MJ_QUERY_VOLUME_INFORMATION 0x0a
#define IOC_IRP_MJ_DIRECTORY_CONTROL        0x0c
#define IOC_IRP_MJ_FILE_SYSTEM_CONTROL      0x0d
#define IOC_IRP_MJ_LOCK_CONTROL             0x11
#define IOC_IRP_MJ_QUERY_SECURITY           0x14
#define IOC_IRP_MJ_SET_SECURITY             0x15
#define IOC_IRP_MN_QUERY_DIRECTORY          0x01
#define IOC_IRP_MN_NOTIFY_CHANGE_DIRECTORY  0x02
#define IOC_IRP_MN_USER_FS_REQUEST          0x00
#define IOC_IRP_MN_LOCK                     0x01
#define IOC_IRP_MN_UNLOCK_SINGLE            0x02
#define IOC_IRP_MN_UNLOCK_ALL               0x03
#define IOC_IRP_MN_UNLOCK_ALL_BY_KEY        0x04

/* IRP_MJ_CREATE stack flags */
#define IOC_SL_FORCE_ACCESS_CHECK    0x01
#define IOC_SL_OPEN_PAGING_FILE      0x02
#define IOC_SL_OPEN_TARGET_DIRECTORY 0x04
#define IOC_SL_CASE_SENSITIVE        0x80
/* IRP_MN_QUERY_DIRECTORY stack flags */
#define IOC_SL_RESTART_SCAN          0x01
#define IOC_SL_RETURN_SINGLE_ENTRY   0x02
#define IOC_SL_INDEX_SPECIFIED       0x04
/* IRP_MN_NOTIFY_CHANGE_DIRECTORY stack flag */
#define IOC_SL_WATCH_TREE            0x01
/* IRP_MJ_LOCK_CONTROL stack flags */
#define IOC_SL_FAIL_IMMEDIATELY      0x01
#define IOC_SL_EXCLUSIVE_LOCK        0x02

/* ioc_write offset: append (FILE_WRITE_TO_END_OF_FILE). IOH_USE_FILE_POINTER: the position
 * of a synchronous file. */
#define IOC_WRITE_APPEND IOH_WRITE_TO_END

/* FILE_RENAME_INFORMATION / FILE_LINK_INFORMATION in this process's layout (user-mode
 * headers lack it); ioc_set_info accepts it for those classes. RootDirectory, when not
 * NULL, is an ioc_file cast to HANDLE: the directory a relative FileName is resolved in. */
typedef struct IOC_FILE_RENAME_INFORMATION {
	BOOLEAN ReplaceIfExists;
	HANDLE RootDirectory;
	ULONG FileNameLength;
	WCHAR FileName[1];
} IOC_FILE_RENAME_INFORMATION;

/* A file opened through iohost; 0 is never a valid file. */
typedef ULONG ioc_file;

NTSTATUS ioc_connect(void);
void ioc_disconnect(void);

/* Everything NtCreateFile takes. related != 0 makes name relative to that file. */
typedef struct IOC_OPEN {
	const WCHAR *name;        /* "M:\dir\f", "M:", "\Device\Volume{...}\f", or relative */
	ioc_file related;
	ULONG desired_access;
	ULONG share_access;
	ULONG disposition;        /* FILE_OPEN, FILE_CREATE, ... */
	ULONG create_options;     /* FILE_DIRECTORY_FILE, FILE_SYNCHRONOUS_IO_NONALERT, ... */
	ULONG file_attributes;
	ULONG stack_flags;        /* IOC_SL_* */
	LONGLONG allocation_size;
	const WCHAR *driver_name; /* NULL: \Driver\Dokan */
	ULONG name_bytes;         /* 0: name ends at its NUL; else its exact length (a file id) */
} IOC_OPEN;
#define IOC_OPEN_HAS_NAME_BYTES 1

NTSTATUS ioc_open_ex(const IOC_OPEN *args, ioc_file *file, ULONG_PTR *information);
NTSTATUS ioc_open(const WCHAR *path, ULONG desired_access, ULONG share_access,
	ULONG disposition, ULONG create_options, ULONG file_attributes, ULONG stack_flags,
	ioc_file *file, ULONG_PTR *information);
NTSTATUS ioc_open_relative(ioc_file parent, const WCHAR *name, ULONG desired_access,
	ULONG share_access, ULONG disposition, ULONG create_options, ULONG file_attributes,
	ULONG stack_flags, ioc_file *file, ULONG_PTR *information);

/* CLEANUP, then CLOSE once no IRP on the file is in flight; returns the first failure. */
NTSTATUS ioc_close(ioc_file file);
NTSTATUS ioc_close_ex(ioc_file file, NTSTATUS *cleanup_status, NTSTATUS *close_status);

/* offset IOH_USE_FILE_POINTER reads at the position of a synchronous file (which then
 * moves on, as after NtReadFile). */
NTSTATUS ioc_read(ioc_file file, LONGLONG offset, void *buffer, ULONG length, ULONG *got);
/* offset: a byte offset, IOH_USE_FILE_POINTER or IOC_WRITE_APPEND; *written = Information. */
NTSTATUS ioc_write(ioc_file file, LONGLONG offset, const void *buffer, ULONG length,
	ULONG *written);
NTSTATUS ioc_query_info(ioc_file file, ULONG info_class, void *buffer, ULONG length,
	ULONG *got);
/* pattern NULL: no pattern; sl_flags IOC_SL_RESTART_SCAN etc. */
NTSTATUS ioc_query_dir(ioc_file file, ULONG info_class, const WCHAR *pattern, UCHAR sl_flags,
	ULONG file_index, void *buffer, ULONG length, ULONG *got);
NTSTATUS ioc_query_volume(ioc_file file, ULONG info_class, void *buffer, ULONG length,
	ULONG *got);
NTSTATUS ioc_file_state(ioc_file file, IOH_FILE_STATE *state);

/* NtSetInformationFile. For FileRenameInformation and FileLinkInformation the buffer is an
 * IOC_FILE_RENAME_INFORMATION and the call behaves as ioc_rename_ex. */
NTSTATUS ioc_set_info(ioc_file file, ULONG info_class, const void *buffer, ULONG length);
/* FileDispositionInformation */
NTSTATUS ioc_set_disposition(ioc_file file, BOOLEAN delete_file);
/* Renames like NtSetInformationFile(FileRenameInformation). new_name is either a full path
 * ("M:\dir\new", "\??\M:\dir\new", "\Device\Volume{...}\dir\new") or a name without
 * a drive or leading backslash, which the file system resolves in the source's directory. */
NTSTATUS ioc_rename(ioc_file file, const WCHAR *new_name, BOOLEAN replace_if_exists);
/* The general form: info_class FileRenameInformation or FileLinkInformation, name of
 * name_chars characters; root != 0 (an open directory) or a full path makes iohost open
 * the target's parent with SL_OPEN_TARGET_DIRECTORY first and pass that file object as
 * Parameters.SetFile.FileObject, then close it, as the I/O manager does. The file system
 * gets FILE_RENAME_INFORMATION{ReplaceIfExists, RootDirectory NULL, the name as given,
 * with "\??\" before a drive-letter path}. */
NTSTATUS ioc_rename_ex(ioc_file file, ULONG info_class, ioc_file root, const WCHAR *name,
	ULONG name_chars, BOOLEAN replace_if_exists);
NTSTATUS ioc_flush(ioc_file file);

/* Byte-range locks (NtLockFile / NtUnlockFile); ioc_unlock_all sends IRP_MN_UNLOCK_ALL,
 * ioc_unlock_all_by_key IRP_MN_UNLOCK_ALL_BY_KEY. */
NTSTATUS ioc_lock(ioc_file file, LONGLONG offset, LONGLONG length, ULONG key,
	BOOLEAN fail_immediately, BOOLEAN exclusive);
NTSTATUS ioc_unlock(ioc_file file, LONGLONG offset, LONGLONG length, ULONG key);
NTSTATUS ioc_unlock_all(ioc_file file);
NTSTATUS ioc_unlock_all_by_key(ioc_file file, ULONG key);

/* NtQuerySecurityObject: *needed_or_got = the descriptor's size when it was returned, or
 * the size needed with STATUS_BUFFER_TOO_SMALL (a file system's STATUS_BUFFER_OVERFLOW is
 * reported as STATUS_BUFFER_TOO_SMALL, as NtQuerySecurityObject does). */
NTSTATUS ioc_query_security(ioc_file file, ULONG security_information, void *buffer,
	ULONG length, ULONG *needed_or_got);
/* NtSetSecurityObject with a self-relative descriptor of length bytes (an invalid one
 * fails with STATUS_INVALID_SECURITY_DESCR before the file system sees it). */
NTSTATUS ioc_set_security(ioc_file file, ULONG security_information, const void *descriptor,
	ULONG length);

/* NtFsControlFile (IRP_MN_USER_FS_REQUEST); *got = output bytes returned. */
NTSTATUS ioc_fsctl(ioc_file file, ULONG code, const void *in, ULONG in_length, void *out,
	ULONG out_length, ULONG *got);

/* Any IRP iohost knows how to build (see IOH_IRP_REQUEST for args by major function). */
typedef struct IOC_IRP {
	ioc_file file;
	UCHAR major;
	UCHAR minor;
	UCHAR stack_flags;
	ULONG flags;              /* IOH_IRP_* */
	ULONGLONG args[4];
	const void *input;
	ULONG input_bytes;
	void *output;
	ULONG output_bytes;
	/* set on return */
	ULONGLONG information;
	ULONG data_bytes;         /* bytes written to output */
} IOC_IRP;

NTSTATUS ioc_irp(IOC_IRP *irp);

/* The same, asynchronously: begin, then end (waits up to timeout_ms; STATUS_TIMEOUT leaves
 * the request pending), or cancel and end. irp must stay valid until end succeeds. */
typedef struct IOC_PENDING IOC_PENDING;
NTSTATUS ioc_irp_begin(IOC_IRP *irp, IOC_PENDING **pending);
NTSTATUS ioc_irp_end(IOC_PENDING *pending, DWORD timeout_ms);
BOOL ioc_irp_cancel(IOC_PENDING *pending);

/* Change notification (NtNotifyChangeDirectoryFile) on an open directory, asynchronously:
 * begin returns STATUS_PENDING with *pending set once the request is with the file system
 * (anything else: not started). end waits up to timeout_ms: STATUS_TIMEOUT leaves it pending
 * (call end again, or cancel); otherwise it returns the request's status (STATUS_SUCCESS,
 * STATUS_NOTIFY_ENUM_DIR, STATUS_NOTIFY_CLEANUP, STATUS_CANCELLED, ...), copies the
 * FILE_NOTIFY_INFORMATION records (at most length bytes; *got = bytes copied) and frees
 * pending. filter: FILE_NOTIFY_CHANGE_*; buffer_length: Parameters.NotifyDirectory.Length. */
NTSTATUS ioc_notify_begin(ioc_file dir, ULONG filter, BOOLEAN watch_tree, ULONG buffer_length,
	IOC_PENDING **pending);
NTSTATUS ioc_notify_end(IOC_PENDING *pending, DWORD timeout_ms, void *buffer, ULONG length,
	ULONG *got);
/* Cancels the request (CancelIoEx): the file system completes it, normally with
 * STATUS_CANCELLED, which ioc_notify_end then returns. */
BOOL ioc_notify_cancel(IOC_PENDING *pending);

/* Calls visit for each FileBothDirectoryInformation entry of an open directory, from the
 * start; stops early (returning STATUS_SUCCESS) when visit returns FALSE. */
typedef BOOL (*ioc_visit_entry)(const FILE_BOTH_DIR_INFORMATION *entry, void *context);
NTSTATUS ioc_for_each_entry(ioc_file dir, const WCHAR *pattern, ioc_visit_entry visit,
	void *context);

/* All entry names of the directory at path; free with ioc_free_names. */
NTSTATUS ioc_list_names(const WCHAR *path, WCHAR ***names, ULONG *count);
void ioc_free_names(WCHAR **names, ULONG count);

#endif
