/* SPDX-License-Identifier: LGPL-3.0-or-later
 * dokan.h - public interface of the Dokan 0.6.0 compatible user-mode file system library.
 * Include <windows.h> first. The layout of every structure here is the 0.6.0 ABI. */
#ifndef DOKAN_H_
#define DOKAN_H_

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_M_IX86) || defined(__i386__)
#ifdef DOKAN_EXPORTS
#define DOKANAPI __stdcall
#else
#define DOKANAPI __declspec(dllimport) __stdcall
#endif
#define DOKAN_CALLBACK __stdcall
#else
#ifdef DOKAN_EXPORTS
#define DOKANAPI
#else
#define DOKANAPI __declspec(dllimport)
#endif
#define DOKAN_CALLBACK
#endif

#define DOKAN_DRIVER_NAME L"dokan.sys"

/* The version a file system writes into DOKAN_OPTIONS.Version, and DokanVersion(). */
#define DOKAN_VERSION 600

#define DOKAN_OPTION_DEBUG      1  /* debug output */
#define DOKAN_OPTION_STDERR     2  /* debug output to stderr (implies DEBUG) */
#define DOKAN_OPTION_ALT_STREAM 4  /* names of the form file:stream */
#define DOKAN_OPTION_KEEP_ALIVE 8  /* unmount automatically when this process stops pinging */
#define DOKAN_OPTION_NETWORK    16 /* network file system */
#define DOKAN_OPTION_REMOVABLE  32 /* removable media */

typedef struct _DOKAN_OPTIONS {
	USHORT Version;        /* DOKAN_VERSION; legacy clients: a drive letter */
	USHORT ThreadCount;    /* worker threads, 0 = default (5) */
	ULONG Options;         /* DOKAN_OPTION_* */
	ULONG64 GlobalContext; /* free for the file system */
	LPCWSTR MountPoint;    /* "M", "M:", "M:\" or an empty NTFS folder */
} DOKAN_OPTIONS, *PDOKAN_OPTIONS;

typedef struct _DOKAN_FILE_INFO {
	ULONG64 Context;      /* the file system's value for this open */
	ULONG64 DokanContext; /* reserved for the library */
	PDOKAN_OPTIONS DokanOptions;
	ULONG ProcessId; /* process that issued the request */
	UCHAR IsDirectory;
	UCHAR DeleteOnClose;
	UCHAR PagingIo;
	UCHAR SynchronousIo;
	UCHAR Nocache;
	UCHAR WriteToEndOfFile; /* append: the offset is -1 */
} DOKAN_FILE_INFO, *PDOKAN_FILE_INFO;

/* Adds one directory entry to a FindFiles result. Always returns 0. */
typedef int(WINAPI *PFillFindData)(PWIN32_FIND_DATAW, PDOKAN_FILE_INFO);

/* Every callback returns 0 on success or -(Win32 error code); see the documentation of
 * each for positive values. They run concurrently on the library's worker threads. */
typedef struct _DOKAN_OPERATIONS {
	int(DOKAN_CALLBACK *CreateFile)(LPCWSTR FileName, DWORD DesiredAccess, DWORD ShareMode,
		DWORD CreationDisposition, DWORD FlagsAndAttributes, PDOKAN_FILE_INFO);
	int(DOKAN_CALLBACK *OpenDirectory)(LPCWSTR FileName, PDOKAN_FILE_INFO);
	int(DOKAN_CALLBACK *CreateDirectory)(LPCWSTR FileName, PDOKAN_FILE_INFO);
	/* The last handle was closed. Delete the file here when DeleteOnClose is set. */
	int(DOKAN_CALLBACK *Cleanup)(LPCWSTR FileName, PDOKAN_FILE_INFO);
	int(DOKAN_CALLBACK *CloseFile)(LPCWSTR FileName, PDOKAN_FILE_INFO);
	int(DOKAN_CALLBACK *ReadFile)(LPCWSTR FileName, LPVOID Buffer, DWORD NumberOfBytesToRead,
		LPDWORD NumberOfBytesRead, LONGLONG Offset, PDOKAN_FILE_INFO);
	int(DOKAN_CALLBACK *WriteFile)(LPCWSTR FileName, LPCVOID Buffer, DWORD NumberOfBytesToWrite,
		LPDWORD NumberOfBytesWritten, LONGLONG Offset, PDOKAN_FILE_INFO);
	int(DOKAN_CALLBACK *FlushFileBuffers)(LPCWSTR FileName, PDOKAN_FILE_INFO);
	int(DOKAN_CALLBACK *GetFileInformation)(LPCWSTR FileName, LPBY_HANDLE_FILE_INFORMATION Buffer, PDOKAN_FILE_INFO);
	int(DOKAN_CALLBACK *FindFiles)(LPCWSTR PathName, PFillFindData, PDOKAN_FILE_INFO);
	int(DOKAN_CALLBACK *FindFilesWithPattern)(LPCWSTR PathName, LPCWSTR SearchPattern, PFillFindData,
		PDOKAN_FILE_INFO);
	int(DOKAN_CALLBACK *SetFileAttributes)(LPCWSTR FileName, DWORD FileAttributes, PDOKAN_FILE_INFO);
	int(DOKAN_CALLBACK *SetFileTime)(LPCWSTR FileName, CONST FILETIME *CreationTime, CONST FILETIME *LastAccessTime,
		CONST FILETIME *LastWriteTime, PDOKAN_FILE_INFO);
	/* Only check that the object may be deleted; the deletion happens in Cleanup. */
	int(DOKAN_CALLBACK *DeleteFile)(LPCWSTR FileName, PDOKAN_FILE_INFO);
	int(DOKAN_CALLBACK *DeleteDirectory)(LPCWSTR FileName, PDOKAN_FILE_INFO);
	int(DOKAN_CALLBACK *MoveFile)(LPCWSTR ExistingFileName, LPCWSTR NewFileName, BOOL ReplaceExisiting,
		PDOKAN_FILE_INFO);
	int(DOKAN_CALLBACK *SetEndOfFile)(LPCWSTR FileName, LONGLONG ByteOffset, PDOKAN_FILE_INFO);
	int(DOKAN_CALLBACK *SetAllocationSize)(LPCWSTR FileName, LONGLONG AllocSize, PDOKAN_FILE_INFO);
	int(DOKAN_CALLBACK *LockFile)(LPCWSTR FileName, LONGLONG ByteOffset, LONGLONG Length, PDOKAN_FILE_INFO);
	int(DOKAN_CALLBACK *UnlockFile)(LPCWSTR FileName, LONGLONG ByteOffset, LONGLONG Length, PDOKAN_FILE_INFO);
	/* Called without an open; NULL selects the library's defaults. */
	int(DOKAN_CALLBACK *GetDiskFreeSpace)(PULONGLONG FreeBytesAvailable, PULONGLONG TotalNumberOfBytes,
		PULONGLONG TotalNumberOfFreeBytes, PDOKAN_FILE_INFO);
	int(DOKAN_CALLBACK *GetVolumeInformation)(LPWSTR VolumeNameBuffer, DWORD VolumeNameSize,
		LPDWORD VolumeSerialNumber, LPDWORD MaximumComponentLength, LPDWORD FileSystemFlags,
		LPWSTR FileSystemNameBuffer, DWORD FileSystemNameSize, PDOKAN_FILE_INFO);
	int(DOKAN_CALLBACK *Unmount)(PDOKAN_FILE_INFO);
	/* Only used when DOKAN_OPTIONS.Version >= 600. */
	int(DOKAN_CALLBACK *GetFileSecurity)(LPCWSTR FileName, PSECURITY_INFORMATION, PSECURITY_DESCRIPTOR,
		ULONG BufferLength, PULONG LengthNeeded, PDOKAN_FILE_INFO);
	int(DOKAN_CALLBACK *SetFileSecurity)(LPCWSTR FileName, PSECURITY_INFORMATION, PSECURITY_DESCRIPTOR,
		ULONG SecurityDescriptorLength, PDOKAN_FILE_INFO);
} DOKAN_OPERATIONS, *PDOKAN_OPERATIONS;

/* DokanMain results */
#define DOKAN_SUCCESS              0
#define DOKAN_ERROR                -1
#define DOKAN_DRIVE_LETTER_ERROR   -2
#define DOKAN_DRIVER_INSTALL_ERROR -3
#define DOKAN_START_ERROR          -4
#define DOKAN_MOUNT_ERROR          -5
#define DOKAN_MOUNT_POINT_ERROR    -6

/* Mounts the volume and serves it until it is unmounted. */
int DOKANAPI DokanMain(PDOKAN_OPTIONS DokanOptions, PDOKAN_OPERATIONS DokanOperations);

BOOL DOKANAPI DokanUnmount(WCHAR DriveLetter);
BOOL DOKANAPI DokanRemoveMountPoint(LPCWSTR MountPoint);

/* Wildcard match with the semantics of FsRtlIsNameInExpression (*, ?, <, >, "). */
BOOL DOKANAPI DokanIsNameInExpression(LPCWSTR Expression, LPCWSTR Name, BOOL IgnoreCase);

ULONG DOKANAPI DokanVersion(void);
ULONG DOKANAPI DokanDriverVersion(void);

/* Extends the deadline of the request being served for this open by Timeout ms. */
BOOL DOKANAPI DokanResetTimeout(ULONG Timeout, PDOKAN_FILE_INFO DokanFileInfo);

/* Inside a create callback: the requesting thread's token (close it), else INVALID_HANDLE_VALUE. */
HANDLE DOKANAPI DokanOpenRequestorToken(PDOKAN_FILE_INFO DokanFileInfo);

#ifdef __cplusplus
}
#endif

#endif /* DOKAN_H_ */
