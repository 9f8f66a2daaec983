/* SPDX-License-Identifier: MIT */
/* mirror.c - sample Dokan file system that mirrors a local directory.
 *
 *   mirror.exe /r <root directory> /l <mount point> [/t threads] [/d] [/s] [/n] [/m]
 *
 * Every callback performs the matching Win32 call on <root> + the path Dokan passes in.
 * The open's Win32 handle lives in DOKAN_FILE_INFO.Context (0 = none). */
#include <windows.h>
#include <winternl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>
#include "dokan.h"

/* Longest backing path (in characters, terminator included) the sample builds. */
#define PATH_CAPACITY 1024

static WCHAR g_root[PATH_CAPACITY] = L"C:";
/* The volume serial of the mirrored folder, read once at start (ReadRootSerial). */
static DWORD g_rootSerial;
static BOOL g_debug;
static BOOL g_useStdErr;

static void DebugPrint(LPCWSTR format, ...)
{
	WCHAR text[1024];
	va_list args;

	if (!g_debug)
		return;
	va_start(args, format);
	_vsnwprintf(text, ARRAYSIZE(text) - 1, format, args);
	va_end(args);
	text[ARRAYSIZE(text) - 1] = 0; /* _vsnwprintf does not terminate a truncated result */
	if (g_useStdErr)
		fputws(text, stderr);
	else
		OutputDebugStringW(text);
}

/* -(last Win32 error); never 0, so a failure can not pass for success. */
static int ErrorResult(void)
{
	DWORD error = GetLastError();

	return error ? -(int)error : -1;
}

/* ---- paths ---- */

/* Backing path = root + one backslash + the Dokan path without its leading backslashes. */
static int BuildPath(WCHAR *out, LPCWSTR fileName)
{
	size_t rootLength = wcslen(g_root), nameLength;

	while (*fileName == L'\\')
		fileName++;
	nameLength = wcslen(fileName);
	if (rootLength + 1 + nameLength + 1 > PATH_CAPACITY)
		return -ERROR_FILENAME_EXCED_RANGE;
	memcpy(out, g_root, rootLength * sizeof(WCHAR));
	out[rootLength] = L'\\';
	memcpy(out + rootLength + 1, fileName, (nameLength + 1) * sizeof(WCHAR));
	return 0;
}

/* Turns a directory path built by BuildPath into the pattern listing all of its entries. */
static int AppendWildcard(WCHAR *path)
{
	size_t length = wcslen(path);
	BOOL needsSeparator = length == 0 || path[length - 1] != L'\\';

	if (length + (needsSeparator ? 2 : 1) + 1 > PATH_CAPACITY)
		return -ERROR_FILENAME_EXCED_RANGE;
	if (needsSeparator)
		path[length++] = L'\\';
	path[length++] = L'*';
	path[length] = 0;
	return 0;
}

static BOOL IsDotOrDotDot(LPCWSTR name)
{
	return wcscmp(name, L".") == 0 || wcscmp(name, L"..") == 0;
}

/* ---- handles ---- */

static HANDLE ContextHandle(PDOKAN_FILE_INFO info)
{
	return (HANDLE)(ULONG_PTR)info->Context;
}

static void SetContextHandle(PDOKAN_FILE_INFO info, HANDLE handle)
{
	info->Context = (ULONG64)(ULONG_PTR)handle;
}

/* Backup semantics so that the same call opens files and directories. */
static HANDLE OpenByPath(LPCWSTR path, DWORD access)
{
	return CreateFileW(path, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
		FILE_FLAG_BACKUP_SEMANTICS, NULL);
}

/* The handle one operation works on: the open's own one, or a temporary one by path. */
struct work_handle {
	HANDLE handle;
	BOOL temporary;
};

/* useOwn = FALSE when the open's handle may lack the access the operation needs
 * (OpenDirectory opens with no access rights at all). */
static int AcquireHandle(PDOKAN_FILE_INFO info, LPCWSTR path, DWORD access, BOOL useOwn, struct work_handle *work)
{
	work->handle = useOwn ? ContextHandle(info) : NULL;
	work->temporary = FALSE;
	if (work->handle != NULL)
		return 0;
	work->handle = OpenByPath(path, access);
	if (work->handle == INVALID_HANDLE_VALUE)
		return ErrorResult();
	work->temporary = TRUE;
	return 0;
}

static void ReleaseHandle(struct work_handle *work)
{
	if (work->temporary)
		CloseHandle(work->handle);
}

/* Positional I/O through OVERLAPPED: no shared file pointer between concurrent requests. */
static void SetOffset(OVERLAPPED *at, LONGLONG offset)
{
	ZeroMemory(at, sizeof(*at));
	at->Offset = (DWORD)((ULONGLONG)offset & 0xFFFFFFFFu);
	at->OffsetHigh = (DWORD)((ULONGLONG)offset >> 32);
}

static BOOL TruncateOrExtend(HANDLE handle, LONGLONG length)
{
	LARGE_INTEGER position;

	position.QuadPart = length;
	return SetFilePointerEx(handle, position, NULL, FILE_BEGIN) && SetEndOfFile(handle);
}

/* ---- create, open, cleanup ---- */

static void PrintTokenUser(HANDLE token)
{
	union {
		TOKEN_USER user;
		BYTE bytes[256];
	} tokenUser;
	WCHAR account[256], domain[256];
	DWORD accountLength = ARRAYSIZE(account), domainLength = ARRAYSIZE(domain), length;
	SID_NAME_USE use;

	if (!GetTokenInformation(token, TokenUser, &tokenUser, sizeof(tokenUser), &length)) {
		DebugPrint(L"  GetTokenInformation failed: %lu\n", GetLastError());
		return;
	}
	if (!LookupAccountSidW(NULL, tokenUser.user.User.Sid, account, &accountLength, domain, &domainLength, &use)) {
		DebugPrint(L"  LookupAccountSid failed: %lu\n", GetLastError());
		return;
	}
	DebugPrint(L"  requestor: %ls\\%ls\n", domain, account);
}

/* Shows who asked for the open, as the original sample did. */
static void LogRequestor(PDOKAN_FILE_INFO info)
{
	HANDLE token = DokanOpenRequestorToken(info);

	if (token == INVALID_HANDLE_VALUE || token == NULL) {
		DebugPrint(L"  no requestor token: %lu\n", GetLastError());
		return;
	}
	if (g_debug)
		PrintTokenUser(token);
	CloseHandle(token);
}

static int DOKAN_CALLBACK MirrorCreateFile(LPCWSTR FileName, DWORD DesiredAccess, DWORD ShareMode,
	DWORD CreationDisposition, DWORD FlagsAndAttributes, PDOKAN_FILE_INFO DokanFileInfo)
{
	WCHAR path[PATH_CAPACITY];
	DWORD attributes, error;
	HANDLE handle;
	int result = BuildPath(path, FileName);

	if (result != 0)
		return result;
	LogRequestor(DokanFileInfo);

	/* Directories open only with backup semantics, and Dokan must learn it is one. */
	attributes = GetFileAttributesW(path);
	if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY)) {
		FlagsAndAttributes |= FILE_FLAG_BACKUP_SEMANTICS;
		DokanFileInfo->IsDirectory = TRUE;
	}
	handle = CreateFileW(path, DesiredAccess, ShareMode, NULL, CreationDisposition, FlagsAndAttributes, NULL);
	error = GetLastError();
	DebugPrint(L"CreateFile %ls access 0x%lx share 0x%lx disposition %lu flags 0x%lx: %ls (%lu)\n", path,
		DesiredAccess, ShareMode, CreationDisposition, FlagsAndAttributes,
		handle == INVALID_HANDLE_VALUE ? L"failed" : L"ok", error);
	if (handle == INVALID_HANDLE_VALUE)
		return error ? -(int)error : -1;
	SetContextHandle(DokanFileInfo, handle);

	/* Positive 183 makes Dokan report FILE_OPENED / FILE_OVERWRITTEN, not FILE_CREATED. */
	if ((CreationDisposition == OPEN_ALWAYS || CreationDisposition == CREATE_ALWAYS) && error == ERROR_ALREADY_EXISTS)
		return ERROR_ALREADY_EXISTS;
	return 0;
}

static int DOKAN_CALLBACK MirrorOpenDirectory(LPCWSTR FileName, PDOKAN_FILE_INFO DokanFileInfo)
{
	WCHAR path[PATH_CAPACITY];
	DWORD attributes;
	HANDLE handle;
	int result = BuildPath(path, FileName);

	if (result != 0)
		return result;
	attributes = GetFileAttributesW(path);
	if (attributes == INVALID_FILE_ATTRIBUTES)
		result = ErrorResult();
	else if (!(attributes & FILE_ATTRIBUTE_DIRECTORY))
		result = -ERROR_DIRECTORY;
	if (result == 0) {
		handle = OpenByPath(path, 0);
		if (handle == INVALID_HANDLE_VALUE)
			result = ErrorResult();
		else
			SetContextHandle(DokanFileInfo, handle);
	}
	DebugPrint(L"OpenDirectory %ls: %d\n", path, result);
	return result;
}

static int DOKAN_CALLBACK MirrorCreateDirectory(LPCWSTR FileName, PDOKAN_FILE_INFO DokanFileInfo)
{
	WCHAR path[PATH_CAPACITY];
	int result = BuildPath(path, FileName);

	if (result == 0 && !CreateDirectoryW(path, NULL))
		result = ErrorResult();
	DebugPrint(L"CreateDirectory %ls: %d\n", path, result);
	return result;
}

static void DeleteBackingObject(LPCWSTR path, BOOL isDirectory)
{
	BOOL deleted = isDirectory ? RemoveDirectoryW(path) : DeleteFileW(path);

	DebugPrint(L"  delete on close %ls: %ls (%lu)\n", path, deleted ? L"ok" : L"failed",
		deleted ? 0 : GetLastError());
}

static int DOKAN_CALLBACK MirrorCleanup(LPCWSTR FileName, PDOKAN_FILE_INFO DokanFileInfo)
{
	WCHAR path[PATH_CAPACITY];
	HANDLE handle = ContextHandle(DokanFileInfo);
	int result = BuildPath(path, FileName);

	/* Close first: the object can not be deleted while this handle keeps it open. */
	if (handle != NULL) {
		CloseHandle(handle);
		SetContextHandle(DokanFileInfo, NULL);
	}
	DebugPrint(L"Cleanup %ls%ls\n", FileName, handle != NULL ? L"" : L" (no handle)");
	if (result == 0 && DokanFileInfo->DeleteOnClose)
		DeleteBackingObject(path, DokanFileInfo->IsDirectory);
	return 0;
}

static int DOKAN_CALLBACK MirrorCloseFile(LPCWSTR FileName, PDOKAN_FILE_INFO DokanFileInfo)
{
	HANDLE handle = ContextHandle(DokanFileInfo);

	if (handle != NULL) {
		DebugPrint(L"CloseFile %ls: handle was not cleaned up\n", FileName);
		CloseHandle(handle);
		SetContextHandle(DokanFileInfo, NULL);
	}
	return 0;
}

/* ---- data ---- */

static int DOKAN_CALLBACK MirrorReadFile(LPCWSTR FileName, LPVOID Buffer, DWORD NumberOfBytesToRead,
	LPDWORD NumberOfBytesRead, LONGLONG Offset, PDOKAN_FILE_INFO DokanFileInfo)
{
	WCHAR path[PATH_CAPACITY];
	struct work_handle work;
	OVERLAPPED at;
	int result = BuildPath(path, FileName);

	*NumberOfBytesRead = 0;
	if (result == 0)
		result = AcquireHandle(DokanFileInfo, path, GENERIC_READ, TRUE, &work);
	if (result != 0)
		return result;
	SetOffset(&at, Offset);
	/* With an OVERLAPPED, a read at end of file fails with ERROR_HANDLE_EOF: that is 0 bytes. */
	if (!ReadFile(work.handle, Buffer, NumberOfBytesToRead, NumberOfBytesRead, &at)) {
		if (GetLastError() == ERROR_HANDLE_EOF)
			*NumberOfBytesRead = 0;
		else
			result = ErrorResult();
	}
	ReleaseHandle(&work);
	DebugPrint(L"ReadFile %ls offset %I64d length %lu: %d, %lu bytes\n", path, Offset, NumberOfBytesToRead, result,
		*NumberOfBytesRead);
	return result;
}

static int DOKAN_CALLBACK MirrorWriteFile(LPCWSTR FileName, LPCVOID Buffer, DWORD NumberOfBytesToWrite,
	LPDWORD NumberOfBytesWritten, LONGLONG Offset, PDOKAN_FILE_INFO DokanFileInfo)
{
	WCHAR path[PATH_CAPACITY];
	struct work_handle work;
	OVERLAPPED at;
	int result = BuildPath(path, FileName);

	*NumberOfBytesWritten = 0;
	if (result == 0)
		result = AcquireHandle(DokanFileInfo, path, GENERIC_WRITE, TRUE, &work);
	if (result != 0)
		return result;
	SetOffset(&at, Offset);
	if (DokanFileInfo->WriteToEndOfFile)
		at.Offset = at.OffsetHigh = 0xFFFFFFFFu; /* Win32's "append" position */
	if (!WriteFile(work.handle, Buffer, NumberOfBytesToWrite, NumberOfBytesWritten, &at))
		result = ErrorResult();
	ReleaseHandle(&work);
	DebugPrint(L"WriteFile %ls offset %I64d%ls length %lu: %d, %lu bytes\n", path, Offset,
		DokanFileInfo->WriteToEndOfFile ? L" (append)" : L"", NumberOfBytesToWrite, result,
		*NumberOfBytesWritten);
	return result;
}

static int DOKAN_CALLBACK MirrorFlushFileBuffers(LPCWSTR FileName, PDOKAN_FILE_INFO DokanFileInfo)
{
	HANDLE handle = ContextHandle(DokanFileInfo);

	if (handle == NULL)
		return 0;
	return FlushFileBuffers(handle) ? 0 : ErrorResult();
}

static int DOKAN_CALLBACK MirrorSetEndOfFile(LPCWSTR FileName, LONGLONG ByteOffset, PDOKAN_FILE_INFO DokanFileInfo)
{
	WCHAR path[PATH_CAPACITY];
	struct work_handle work;
	int result = BuildPath(path, FileName);

	if (result == 0)
		result = AcquireHandle(DokanFileInfo, path, GENERIC_WRITE, TRUE, &work);
	if (result != 0)
		return result;
	if (!TruncateOrExtend(work.handle, ByteOffset))
		result = ErrorResult();
	ReleaseHandle(&work);
	DebugPrint(L"SetEndOfFile %ls %I64d: %d\n", path, ByteOffset, result);
	return result;
}

/* Only shrinking changes anything: a larger allocation does not change the file's size. */
static int DOKAN_CALLBACK MirrorSetAllocationSize(LPCWSTR FileName, LONGLONG AllocSize, PDOKAN_FILE_INFO DokanFileInfo)
{
	WCHAR path[PATH_CAPACITY];
	struct work_handle work;
	LARGE_INTEGER size;
	int result = BuildPath(path, FileName);

	if (result == 0)
		result = AcquireHandle(DokanFileInfo, path, GENERIC_WRITE, TRUE, &work);
	if (result != 0)
		return result;
	if (!GetFileSizeEx(work.handle, &size))
		result = ErrorResult();
	else if (AllocSize < size.QuadPart && !TruncateOrExtend(work.handle, AllocSize))
		result = ErrorResult();
	ReleaseHandle(&work);
	DebugPrint(L"SetAllocationSize %ls %I64d: %d\n", path, AllocSize, result);
	return result;
}

static int DOKAN_CALLBACK MirrorLockFile(LPCWSTR FileName, LONGLONG ByteOffset, LONGLONG Length,
	PDOKAN_FILE_INFO DokanFileInfo)
{
	HANDLE handle = ContextHandle(DokanFileInfo);
	ULONGLONG offset = (ULONGLONG)ByteOffset, length = (ULONGLONG)Length;

	if (handle == NULL)
		return -ERROR_INVALID_HANDLE;
	if (!LockFile(handle, (DWORD)offset, (DWORD)(offset >> 32), (DWORD)length, (DWORD)(length >> 32)))
		return ErrorResult();
	return 0;
}

static int DOKAN_CALLBACK MirrorUnlockFile(LPCWSTR FileName, LONGLONG ByteOffset, LONGLONG Length,
	PDOKAN_FILE_INFO DokanFileInfo)
{
	HANDLE handle = ContextHandle(DokanFileInfo);
	ULONGLONG offset = (ULONGLONG)ByteOffset, length = (ULONGLONG)Length;

	if (handle == NULL)
		return -ERROR_INVALID_HANDLE;
	if (!UnlockFile(handle, (DWORD)offset, (DWORD)(offset >> 32), (DWORD)length, (DWORD)(length >> 32)))
		return ErrorResult();
	return 0;
}

/* ---- information ---- */

/* Fallback when no handle answers: what the directory entry knows. */
static int InformationByPath(LPCWSTR path, LPBY_HANDLE_FILE_INFORMATION info)
{
	WIN32_FILE_ATTRIBUTE_DATA data;

	if (!GetFileAttributesExW(path, GetFileExInfoStandard, &data))
		return ErrorResult();
	info->dwFileAttributes = data.dwFileAttributes;
	info->ftCreationTime = data.ftCreationTime;
	info->ftLastAccessTime = data.ftLastAccessTime;
	info->ftLastWriteTime = data.ftLastWriteTime;
	info->nFileSizeHigh = data.nFileSizeHigh;
	info->nFileSizeLow = data.nFileSizeLow;
	info->nNumberOfLinks = 1;
	return 0;
}

/* The file's index (FileInternalInformation, which no Win32 call returns alone). */
static BOOL FileIndexOf(HANDLE handle, LARGE_INTEGER *index)
{
	IO_STATUS_BLOCK io;

	return NT_SUCCESS(NtQueryInformationFile(handle, &io, index, sizeof(*index),
		(FILE_INFORMATION_CLASS)6 /* FileInternalInformation */));
}

static FILETIME FileTimeOf(LARGE_INTEGER time)
{
	FILETIME out = { (DWORD)time.QuadPart, (DWORD)(time.QuadPart >> 32) };

	return out;
}

/* What GetFileInformationByHandle answers, from the two per-file classes and the index:
 * GetFileInformationByHandle itself also queries the volume, which costs Wine about 2 ms
 * a call against some 25 us for these three (README, Benchmarks). */
static BOOL QueryByHandle(HANDLE handle, LPBY_HANDLE_FILE_INFORMATION out)
{
	FILE_BASIC_INFO basic;
	FILE_STANDARD_INFO standard;
	LARGE_INTEGER index;

	if (!GetFileInformationByHandleEx(handle, FileBasicInfo, &basic, sizeof(basic)) ||
		!GetFileInformationByHandleEx(handle, FileStandardInfo, &standard, sizeof(standard)) ||
		!FileIndexOf(handle, &index))
		return FALSE;
	out->dwFileAttributes = basic.FileAttributes;
	out->ftCreationTime = FileTimeOf(basic.CreationTime);
	out->ftLastAccessTime = FileTimeOf(basic.LastAccessTime);
	out->ftLastWriteTime = FileTimeOf(basic.LastWriteTime);
	out->dwVolumeSerialNumber = g_rootSerial;
	out->nFileSizeHigh = (DWORD)(standard.EndOfFile.QuadPart >> 32);
	out->nFileSizeLow = (DWORD)standard.EndOfFile.QuadPart;
	out->nNumberOfLinks = standard.NumberOfLinks;
	out->nFileIndexHigh = (DWORD)(index.QuadPart >> 32);
	out->nFileIndexLow = (DWORD)index.QuadPart;
	return TRUE;
}

static BOOL InformationByHandle(PDOKAN_FILE_INFO info, LPCWSTR path, BOOL useOwn, LPBY_HANDLE_FILE_INFORMATION out)
{
	struct work_handle work;
	BOOL answered;

	if (AcquireHandle(info, path, FILE_READ_ATTRIBUTES, useOwn, &work) != 0)
		return FALSE;
	answered = QueryByHandle(work.handle, out);
	ReleaseHandle(&work);
	return answered;
}

static int DOKAN_CALLBACK MirrorGetFileInformation(LPCWSTR FileName, LPBY_HANDLE_FILE_INFORMATION HandleFileInformation,
	PDOKAN_FILE_INFO DokanFileInfo)
{
	WCHAR path[PATH_CAPACITY];
	BOOL answered;
	int result = BuildPath(path, FileName);

	if (result != 0)
		return result;
	/* The open's handle may lack FILE_READ_ATTRIBUTES (OpenDirectory asks for no access):
	 * then a temporary handle, and last the directory entry. */
	answered = InformationByHandle(DokanFileInfo, path, TRUE, HandleFileInformation) ||
	           (ContextHandle(DokanFileInfo) != NULL &&
			   InformationByHandle(DokanFileInfo, path, FALSE, HandleFileInformation));
	if (!answered)
		result = InformationByPath(path, HandleFileInformation);
	DebugPrint(L"GetFileInformation %ls: %d%ls\n", path, result, answered ? L"" : L" (by path)");
	return result;
}

static int DOKAN_CALLBACK MirrorFindFiles(LPCWSTR FileName, PFillFindData FillFindData, PDOKAN_FILE_INFO DokanFileInfo)
{
	WCHAR pattern[PATH_CAPACITY];
	WIN32_FIND_DATAW entry;
	HANDLE find;
	DWORD error;
	int count = 0, result = BuildPath(pattern, FileName);

	if (result == 0)
		result = AppendWildcard(pattern);
	if (result != 0)
		return result;
	find = FindFirstFileW(pattern, &entry);
	if (find == INVALID_HANDLE_VALUE)
		return ErrorResult();
	do {
		FillFindData(&entry, DokanFileInfo);
		count++;
	} while (FindNextFileW(find, &entry));
	error = GetLastError();
	FindClose(find);
	if (error != ERROR_NO_MORE_FILES)
		result = -(int)error;
	DebugPrint(L"FindFiles %ls: %d, %d entries\n", pattern, result, count);
	return result;
}

static int DOKAN_CALLBACK MirrorSetFileAttributes(LPCWSTR FileName, DWORD FileAttributes, PDOKAN_FILE_INFO DokanFileInfo)
{
	WCHAR path[PATH_CAPACITY];
	int result = BuildPath(path, FileName);

	/* 0 means "leave unchanged" in NT; Win32 would turn it into FILE_ATTRIBUTE_NORMAL. */
	if (result == 0 && FileAttributes != 0 && !SetFileAttributesW(path, FileAttributes))
		result = ErrorResult();
	DebugPrint(L"SetFileAttributes %ls 0x%lx: %d\n", path, FileAttributes, result);
	return result;
}

/* NT passes 0 for "unchanged" and negative values for "stop/resume updating": not times. */
static const FILETIME *TimeToSet(const FILETIME *time)
{
	if (time == NULL || (LONG)time->dwHighDateTime < 0)
		return NULL;
	if (time->dwHighDateTime == 0 && time->dwLowDateTime == 0)
		return NULL;
	return time;
}

static int DOKAN_CALLBACK MirrorSetFileTime(LPCWSTR FileName, CONST FILETIME *CreationTime,
	CONST FILETIME *LastAccessTime, CONST FILETIME *LastWriteTime, PDOKAN_FILE_INFO DokanFileInfo)
{
	WCHAR path[PATH_CAPACITY];
	struct work_handle work;
	const FILETIME *creation = TimeToSet(CreationTime);
	const FILETIME *lastAccess = TimeToSet(LastAccessTime);
	const FILETIME *lastWrite = TimeToSet(LastWriteTime);
	int result = BuildPath(path, FileName);

	if (result != 0 || (creation == NULL && lastAccess == NULL && lastWrite == NULL))
		return result;
	result = AcquireHandle(DokanFileInfo, path, FILE_WRITE_ATTRIBUTES, !DokanFileInfo->IsDirectory, &work);
	if (result != 0)
		return result;
	if (!SetFileTime(work.handle, creation, lastAccess, lastWrite))
		result = ErrorResult();
	ReleaseHandle(&work);
	DebugPrint(L"SetFileTime %ls: %d\n", path, result);
	return result;
}

/* ---- deletion and renaming ---- */

/* NTFS refuses to delete read-only objects; the check happens here, the deletion in Cleanup. */
static int CheckDeletable(LPCWSTR path)
{
	DWORD attributes = GetFileAttributesW(path);

	if (attributes == INVALID_FILE_ATTRIBUTES)
		return ErrorResult();
	if (attributes & FILE_ATTRIBUTE_READONLY)
		return -ERROR_ACCESS_DENIED;
	return 0;
}

static int DOKAN_CALLBACK MirrorDeleteFile(LPCWSTR FileName, PDOKAN_FILE_INFO DokanFileInfo)
{
	WCHAR path[PATH_CAPACITY];
	int result = BuildPath(path, FileName);

	if (result == 0)
		result = CheckDeletable(path);
	DebugPrint(L"DeleteFile %ls: %d\n", path, result);
	return result;
}

/* 0 when a listing of the folder behind handle shows only "." and "..". */
static int ListShowsNoEntries(HANDLE handle)
{
	union {
		FILE_ID_BOTH_DIR_INFO first;
		BYTE bytes[4096];
	} buffer;
	FILE_INFO_BY_HANDLE_CLASS what = FileIdBothDirectoryRestartInfo;

	while (GetFileInformationByHandleEx(handle, what, &buffer, sizeof(buffer))) {
		FILE_ID_BOTH_DIR_INFO *entry = &buffer.first;

		for (;;) {
			WCHAR name[3] = { 0 };

			if (entry->FileNameLength <= 2 * sizeof(WCHAR))
				memcpy(name, entry->FileName, entry->FileNameLength);
			if (entry->FileNameLength > 2 * sizeof(WCHAR) || !IsDotOrDotDot(name))
				return -ERROR_DIR_NOT_EMPTY;
			if (entry->NextEntryOffset == 0)
				break;
			entry = (FILE_ID_BOTH_DIR_INFO *)((BYTE *)entry + entry->NextEntryOffset);
		}
		what = FileIdBothDirectoryInfo;
	}
	return GetLastError() == ERROR_NO_MORE_FILES ? 0 : ErrorResult();
}

/* The open's own handle may carry DELETE access, which a FindFirstFileW open (no
 * FILE_SHARE_DELETE) would collide with: list through that handle when it may, else
 * through a new one that shares everything (docs/behaviour.md#the-mirror-sample). */
static int CheckDirectoryEmpty(LPCWSTR path, PDOKAN_FILE_INFO info)
{
	HANDLE own = ContextHandle(info), temporary;
	int result = own != NULL ? ListShowsNoEntries(own) : -ERROR_ACCESS_DENIED;

	if (result != -ERROR_ACCESS_DENIED)
		return result;
	temporary = OpenByPath(path, FILE_LIST_DIRECTORY | SYNCHRONIZE);
	if (temporary == INVALID_HANDLE_VALUE)
		return ErrorResult();
	result = ListShowsNoEntries(temporary);
	CloseHandle(temporary);
	return result;
}

static int DOKAN_CALLBACK MirrorDeleteDirectory(LPCWSTR FileName, PDOKAN_FILE_INFO DokanFileInfo)
{
	WCHAR path[PATH_CAPACITY];
	int result = BuildPath(path, FileName);

	if (result == 0)
		result = CheckDeletable(path);
	if (result == 0)
		result = CheckDirectoryEmpty(path, DokanFileInfo);
	DebugPrint(L"DeleteDirectory %ls: %d\n", FileName, result);
	return result;
}

static int DOKAN_CALLBACK MirrorMoveFile(LPCWSTR FileName, LPCWSTR NewFileName, BOOL ReplaceIfExisting,
	PDOKAN_FILE_INFO DokanFileInfo)
{
	WCHAR path[PATH_CAPACITY], newPath[PATH_CAPACITY];
	HANDLE handle = ContextHandle(DokanFileInfo);
	int result = BuildPath(path, FileName);

	if (result == 0)
		result = BuildPath(newPath, NewFileName);
	if (result != 0)
		return result;
	/* Our own handle would block the rename; later requests reopen by the new path. */
	if (handle != NULL) {
		CloseHandle(handle);
		SetContextHandle(DokanFileInfo, NULL);
	}
	if (!MoveFileExW(path, newPath, ReplaceIfExisting ? MOVEFILE_REPLACE_EXISTING : 0))
		result = ErrorResult();
	DebugPrint(L"MoveFile %ls -> %ls%ls: %d\n", path, newPath, ReplaceIfExisting ? L" (replace)" : L"", result);
	return result;
}

/* ---- security ---- */

static DWORD AccessToReadSecurity(SECURITY_INFORMATION what)
{
	return READ_CONTROL | ((what & SACL_SECURITY_INFORMATION) ? ACCESS_SYSTEM_SECURITY : 0);
}

static DWORD AccessToWriteSecurity(SECURITY_INFORMATION what)
{
	DWORD access = 0;

	if (what & (OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION))
		access |= WRITE_OWNER;
	if (what & DACL_SECURITY_INFORMATION)
		access |= WRITE_DAC;
	if (what & SACL_SECURITY_INFORMATION)
		access |= ACCESS_SYSTEM_SECURITY;
	return access;
}

static int DOKAN_CALLBACK MirrorGetFileSecurity(LPCWSTR FileName, PSECURITY_INFORMATION SecurityInformation,
	PSECURITY_DESCRIPTOR SecurityDescriptor, ULONG BufferLength, PULONG LengthNeeded, PDOKAN_FILE_INFO DokanFileInfo)
{
	WCHAR path[PATH_CAPACITY];
	struct work_handle work;
	DWORD needed = 0;
	int result = BuildPath(path, FileName);

	if (result == 0)
		result = AcquireHandle(DokanFileInfo, path, AccessToReadSecurity(*SecurityInformation),
			!DokanFileInfo->IsDirectory, &work);
	if (result != 0)
		return result;
	/* Kernel-object security works on file handles on Windows and Wine alike; Wine's
	 * GetUserObjectSecurity (user32) is only meant for window stations and desktops. */
	if (GetKernelObjectSecurity(work.handle, *SecurityInformation, SecurityDescriptor, BufferLength, &needed))
		needed = GetSecurityDescriptorLength(SecurityDescriptor);
	else
		result = ErrorResult(); /* -ERROR_INSUFFICIENT_BUFFER with needed set when short */
	ReleaseHandle(&work);
	*LengthNeeded = needed;
	DebugPrint(L"GetFileSecurity %ls 0x%lx: %d, %lu bytes\n", path, *SecurityInformation, result, needed);
	return result;
}

static int DOKAN_CALLBACK MirrorSetFileSecurity(LPCWSTR FileName, PSECURITY_INFORMATION SecurityInformation,
	PSECURITY_DESCRIPTOR SecurityDescriptor, ULONG SecurityDescriptorLength, PDOKAN_FILE_INFO DokanFileInfo)
{
	WCHAR path[PATH_CAPACITY];
	struct work_handle work;
	int result = BuildPath(path, FileName);

	if (result == 0)
		result = AcquireHandle(DokanFileInfo, path, AccessToWriteSecurity(*SecurityInformation),
			!DokanFileInfo->IsDirectory, &work);
	if (result != 0)
		return result;
	if (!SetKernelObjectSecurity(work.handle, *SecurityInformation, SecurityDescriptor))
		result = ErrorResult();
	ReleaseHandle(&work);
	DebugPrint(L"SetFileSecurity %ls 0x%lx: %d\n", path, *SecurityInformation, result);
	return result;
}

/* ---- volume ---- */

/* Copies at most size - 1 characters and always terminates (size counts characters). */
static void CopyName(LPWSTR buffer, DWORD size, LPCWSTR name)
{
	size_t length = wcslen(name);

	if (buffer == NULL || size == 0)
		return;
	if (length > size - 1)
		length = size - 1;
	memcpy(buffer, name, length * sizeof(WCHAR));
	buffer[length] = 0;
}

static int DOKAN_CALLBACK MirrorGetVolumeInformation(LPWSTR VolumeNameBuffer, DWORD VolumeNameSize,
	LPDWORD VolumeSerialNumber, LPDWORD MaximumComponentLength, LPDWORD FileSystemFlags,
	LPWSTR FileSystemNameBuffer, DWORD FileSystemNameSize, PDOKAN_FILE_INFO DokanFileInfo)
{
	CopyName(VolumeNameBuffer, VolumeNameSize, L"DOKAN");
	if (VolumeSerialNumber != NULL)
		*VolumeSerialNumber = 0x19831116;
	if (MaximumComponentLength != NULL)
		*MaximumComponentLength = 256;
	if (FileSystemFlags != NULL)
		*FileSystemFlags = FILE_CASE_SENSITIVE_SEARCH | FILE_CASE_PRESERVED_NAMES |
		                   FILE_SUPPORTS_REMOTE_STORAGE | FILE_UNICODE_ON_DISK | FILE_PERSISTENT_ACLS;
	CopyName(FileSystemNameBuffer, FileSystemNameSize, L"Dokan");
	return 0;
}

static int DOKAN_CALLBACK MirrorUnmount(PDOKAN_FILE_INFO DokanFileInfo)
{
	DebugPrint(L"Unmount\n");
	return 0;
}

/* ---- command line ---- */

static void PrintUsage(void)
{
	fprintf(stderr, "usage: mirror.exe /r <root directory> /l <mount point> [/t <threads>] [/d] [/s] [/n] [/m]\n"
			"  /r <dir>    directory to mirror, e.g. /r C:\\data\n"
			"  /l <mp>     drive letter (m, M:, M:\\) or empty NTFS folder to mount on\n"
			"  /t <n>      number of worker threads\n"
			"  /d          debug output\n"
			"  /s          debug output to stderr\n"
			"  /n          mount as a network drive\n"
			"  /m          mount as removable media\n");
}

/* Options are recognised by their second character, so /r, -r and /R are the same. */
static WCHAR OptionLetter(LPCWSTR argument)
{
	if (argument[0] == 0 || argument[1] == 0)
		return 0;
	return (WCHAR)towlower(argument[1]);
}

static BOOL SetRoot(LPCWSTR root)
{
	size_t length = wcslen(root);

	if (length >= PATH_CAPACITY)
		return FALSE;
	/* Trailing backslashes come back from BuildPath; keeping them would double them. */
	while (length > 0 && root[length - 1] == L'\\')
		length--;
	memcpy(g_root, root, length * sizeof(WCHAR));
	g_root[length] = 0;
	return TRUE;
}

/* Once, at start: GetFileInformationByHandle queries the volume, which per request would
 * cost more than everything else the mirror does (see QueryByHandle). */
static DWORD ReadRootSerial(void)
{
	BY_HANDLE_FILE_INFORMATION info;
	WCHAR path[PATH_CAPACITY];
	HANDLE root;
	DWORD serial = 0;

	if (BuildPath(path, L"") != 0)
		return 0;
	root = CreateFileW(path, FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
		OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
	if (root == INVALID_HANDLE_VALUE)
		return 0;
	if (GetFileInformationByHandle(root, &info))
		serial = info.dwVolumeSerialNumber;
	CloseHandle(root);
	return serial;
}

static USHORT ParseThreadCount(LPCWSTR text)
{
	unsigned long count = wcstoul(text, NULL, 10);

	return (USHORT)(count > 0xFFFF ? 0xFFFF : count);
}

static BOOL ApplyValueOption(WCHAR letter, LPCWSTR value, PDOKAN_OPTIONS options)
{
	switch (letter) {
	case L'r':
		if (!SetRoot(value)) {
			fprintf(stderr, "mirror: root directory path is too long\n");
			return FALSE;
		}
		return TRUE;
	case L'l':
		options->MountPoint = value;
		return TRUE;
	case L't':
		options->ThreadCount = ParseThreadCount(value);
		return TRUE;
	default:
		return FALSE;
	}
}

static BOOL ApplyFlagOption(WCHAR letter, PDOKAN_OPTIONS options)
{
	switch (letter) {
	case L'd':
		g_debug = TRUE;
		options->Options |= DOKAN_OPTION_DEBUG;
		return TRUE;
	case L's':
		g_useStdErr = TRUE;
		options->Options |= DOKAN_OPTION_STDERR;
		return TRUE;
	case L'n':
		options->Options |= DOKAN_OPTION_NETWORK;
		return TRUE;
	case L'm':
		options->Options |= DOKAN_OPTION_REMOVABLE;
		return TRUE;
	default:
		return FALSE;
	}
}

static BOOL ParseArguments(int argc, WCHAR **argv, PDOKAN_OPTIONS options)
{
	int i;

	for (i = 1; i < argc; i++) {
		WCHAR letter = OptionLetter(argv[i]);

		if (letter == L'r' || letter == L'l' || letter == L't') {
			if (i + 1 >= argc) {
				fprintf(stderr, "mirror: option %ls needs a value\n", argv[i]);
				return FALSE;
			}
			if (!ApplyValueOption(letter, argv[++i], options))
				return FALSE;
		} else if (!ApplyFlagOption(letter, options)) {
			fprintf(stderr, "mirror: unknown command: %ls\n", argv[i]);
			return FALSE;
		}
	}
	return TRUE;
}

static void ReportResult(int status)
{
	switch (status) {
	case DOKAN_SUCCESS:
		printf("mirror: success\n");
		break;
	case DOKAN_ERROR:
		fprintf(stderr, "mirror: error\n");
		break;
	case DOKAN_DRIVE_LETTER_ERROR:
		fprintf(stderr, "mirror: bad drive letter\n");
		break;
	case DOKAN_DRIVER_INSTALL_ERROR:
		fprintf(stderr, "mirror: can't install driver\n");
		break;
	case DOKAN_START_ERROR:
		fprintf(stderr, "mirror: driver something wrong\n");
		break;
	case DOKAN_MOUNT_ERROR:
		fprintf(stderr, "mirror: can't assign a drive letter or mount point\n");
		break;
	case DOKAN_MOUNT_POINT_ERROR:
		fprintf(stderr, "mirror: mount point is invalid\n");
		break;
	default:
		fprintf(stderr, "mirror: unknown error %d\n", status);
		break;
	}
}

int wmain(int argc, WCHAR *argv[])
{
	DOKAN_OPTIONS options;
	/* Not const: DokanMain may fill in default volume callbacks. */
	DOKAN_OPERATIONS operations = {
		.CreateFile = MirrorCreateFile,
		.OpenDirectory = MirrorOpenDirectory,
		.CreateDirectory = MirrorCreateDirectory,
		.Cleanup = MirrorCleanup,
		.CloseFile = MirrorCloseFile,
		.ReadFile = MirrorReadFile,
		.WriteFile = MirrorWriteFile,
		.FlushFileBuffers = MirrorFlushFileBuffers,
		.GetFileInformation = MirrorGetFileInformation,
		.FindFiles = MirrorFindFiles,
		.FindFilesWithPattern = NULL, /* Dokan filters FindFiles results itself */
		.SetFileAttributes = MirrorSetFileAttributes,
		.SetFileTime = MirrorSetFileTime,
		.DeleteFile = MirrorDeleteFile,
		.DeleteDirectory = MirrorDeleteDirectory,
		.MoveFile = MirrorMoveFile,
		.SetEndOfFile = MirrorSetEndOfFile,
		.SetAllocationSize = MirrorSetAllocationSize,
		.LockFile = MirrorLockFile,
		.UnlockFile = MirrorUnlockFile,
		.GetDiskFreeSpace = NULL, /* the library's default sizes */
		.GetVolumeInformation = MirrorGetVolumeInformation,
		.Unmount = MirrorUnmount,
		.GetFileSecurity = MirrorGetFileSecurity,
		.SetFileSecurity = MirrorSetFileSecurity,
	};
	int status;

	if (argc < 5) {
		PrintUsage();
		return -1;
	}
	ZeroMemory(&options, sizeof(options));
	if (!ParseArguments(argc, argv, &options))
		return -1;
	options.Version = DOKAN_VERSION;
	options.Options |= DOKAN_OPTION_KEEP_ALIVE;
	g_rootSerial = ReadRootSerial();

	status = DokanMain(&options, &operations);
	ReportResult(status);
	/* Unlike 0.6.0 (always 0), failure is visible in the exit code. */
	return status == DOKAN_SUCCESS ? 0 : 1;
}
