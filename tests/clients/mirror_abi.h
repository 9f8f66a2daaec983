/* SPDX-License-Identifier: LGPL-3.0-or-later
 * mirror_abi.h - this test's own declarations of the Dokan 0.6.0 ABI, written from the
 * layout tables (docs/abi.md), used instead of dokan.h to build samples/mirror/mirror.c with
 * its callbacks in either calling convention:
 *   MIRROR_CALLBACKS_CDECL   callbacks __cdecl, as a ctypes CFUNCTYPE binding makes them
 *   (otherwise)              callbacks __stdcall, as the WDK compiled 0.6.0 clients
 * On x64 there is one convention and both builds are the same program. Defining DOKAN_H_
 * makes mirror.c's own #include "dokan.h" a no-op. */
#ifndef MIRROR_ABI_H_
#define MIRROR_ABI_H_
#define DOKAN_H_

#include <windows.h>

#if defined(__i386__)
#  ifdef MIRROR_CALLBACKS_CDECL
#    define DOKAN_CALLBACK __cdecl
#  else
#    define DOKAN_CALLBACK __stdcall
#  endif
#  define MIRROR_DOKAN_API __declspec(dllimport) __stdcall
#else
#  define DOKAN_CALLBACK
#  define MIRROR_DOKAN_API __declspec(dllimport)
#endif

#define DOKAN_VERSION 600
#define DOKAN_OPTION_DEBUG 1
#define DOKAN_OPTION_STDERR 2
#define DOKAN_OPTION_ALT_STREAM 4
#define DOKAN_OPTION_KEEP_ALIVE 8
#define DOKAN_OPTION_NETWORK 16
#define DOKAN_OPTION_REMOVABLE 32
#define DOKAN_SUCCESS 0
#define DOKAN_ERROR (-1)
#define DOKAN_DRIVE_LETTER_ERROR (-2)
#define DOKAN_DRIVER_INSTALL_ERROR (-3)
#define DOKAN_START_ERROR (-4)
#define DOKAN_MOUNT_ERROR (-5)
#define DOKAN_MOUNT_POINT_ERROR (-6)

typedef struct _DOKAN_OPTIONS {
	USHORT Version;
	USHORT ThreadCount;
	ULONG Options;
	ULONG64 GlobalContext;
	LPCWSTR MountPoint;
} DOKAN_OPTIONS, *PDOKAN_OPTIONS;

typedef struct _DOKAN_FILE_INFO {
	ULONG64 Context;
	ULONG64 DokanContext;
	PDOKAN_OPTIONS DokanOptions;
	ULONG ProcessId;
	UCHAR IsDirectory;
	UCHAR DeleteOnClose;
	UCHAR PagingIo;
	UCHAR SynchronousIo;
	UCHAR Nocache;
	UCHAR WriteToEndOfFile;
} DOKAN_FILE_INFO, *PDOKAN_FILE_INFO;

/* The library's fill function is always stdcall (WINAPI). */
typedef int (WINAPI *PFillFindData)(PWIN32_FIND_DATAW, PDOKAN_FILE_INFO);

#define MIRROR_NAME_OP(slot) int (DOKAN_CALLBACK *slot)(LPCWSTR, PDOKAN_FILE_INFO)
typedef struct _DOKAN_OPERATIONS {
	int (DOKAN_CALLBACK *CreateFile)(LPCWSTR, DWORD, DWORD, DWORD, DWORD, PDOKAN_FILE_INFO);
	MIRROR_NAME_OP(OpenDirectory);
	MIRROR_NAME_OP(CreateDirectory);
	MIRROR_NAME_OP(Cleanup);
	MIRROR_NAME_OP(CloseFile);
	int (DOKAN_CALLBACK *ReadFile)(LPCWSTR, LPVOID, DWORD, LPDWORD, LONGLONG, PDOKAN_FILE_INFO);
	int (DOKAN_CALLBACK *WriteFile)(LPCWSTR, LPCVOID, DWORD, LPDWORD, LONGLONG, PDOKAN_FILE_INFO);
	MIRROR_NAME_OP(FlushFileBuffers);
	int (DOKAN_CALLBACK *GetFileInformation)(LPCWSTR, LPBY_HANDLE_FILE_INFORMATION, PDOKAN_FILE_INFO);
	int (DOKAN_CALLBACK *FindFiles)(LPCWSTR, PFillFindData, PDOKAN_FILE_INFO);
	int (DOKAN_CALLBACK *FindFilesWithPattern)(LPCWSTR, LPCWSTR, PFillFindData, PDOKAN_FILE_INFO);
	int (DOKAN_CALLBACK *SetFileAttributes)(LPCWSTR, DWORD, PDOKAN_FILE_INFO);
	int (DOKAN_CALLBACK *SetFileTime)(LPCWSTR, CONST FILETIME *, CONST FILETIME *, CONST FILETIME *,
		PDOKAN_FILE_INFO);
	MIRROR_NAME_OP(DeleteFile);
	MIRROR_NAME_OP(DeleteDirectory);
	int (DOKAN_CALLBACK *MoveFile)(LPCWSTR, LPCWSTR, BOOL, PDOKAN_FILE_INFO);
	int (DOKAN_CALLBACK *SetEndOfFile)(LPCWSTR, LONGLONG, PDOKAN_FILE_INFO);
	int (DOKAN_CALLBACK *SetAllocationSize)(LPCWSTR, LONGLONG, PDOKAN_FILE_INFO);
	int (DOKAN_CALLBACK *LockFile)(LPCWSTR, LONGLONG, LONGLONG, PDOKAN_FILE_INFO);
	int (DOKAN_CALLBACK *UnlockFile)(LPCWSTR, LONGLONG, LONGLONG, PDOKAN_FILE_INFO);
	int (DOKAN_CALLBACK *GetDiskFreeSpace)(PULONGLONG, PULONGLONG, PULONGLONG, PDOKAN_FILE_INFO);
	int (DOKAN_CALLBACK *GetVolumeInformation)(LPWSTR, DWORD, LPDWORD, LPDWORD, LPDWORD, LPWSTR, DWORD,
		PDOKAN_FILE_INFO);
	int (DOKAN_CALLBACK *Unmount)(PDOKAN_FILE_INFO);
	int (DOKAN_CALLBACK *GetFileSecurity)(LPCWSTR, PSECURITY_INFORMATION, PSECURITY_DESCRIPTOR, ULONG, PULONG,
		PDOKAN_FILE_INFO);
	int (DOKAN_CALLBACK *SetFileSecurity)(LPCWSTR, PSECURITY_INFORMATION, PSECURITY_DESCRIPTOR, ULONG,
		PDOKAN_FILE_INFO);
} DOKAN_OPERATIONS, *PDOKAN_OPERATIONS;

_Static_assert(sizeof(DOKAN_OPTIONS) == 24, "DOKAN_OPTIONS is 24 bytes");
_Static_assert(sizeof(DOKAN_FILE_INFO) == (sizeof(void *) == 8 ? 40 : 32), "DOKAN_FILE_INFO size");
_Static_assert(sizeof(DOKAN_OPERATIONS) == 25 * sizeof(void *), "25 slots");

int MIRROR_DOKAN_API DokanMain(PDOKAN_OPTIONS, PDOKAN_OPERATIONS);
HANDLE MIRROR_DOKAN_API DokanOpenRequestorToken(PDOKAN_FILE_INFO);

#endif
