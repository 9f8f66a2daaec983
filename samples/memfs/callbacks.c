/* SPDX-License-Identifier: MIT */
/* callbacks.c - the DOKAN_OPERATIONS of memfs. Each callback takes the locks memfs.h
 * describes, in that order, and returns 0, a positive ERROR_ALREADY_EXISTS ("opened, not
 * created") or -(Win32 error). */
#include "memfs.h"

#include <stdlib.h>
#include <string.h>

#define VOLUME_LABEL     L"MEMFS"
#define FILE_SYSTEM_NAME L"MEMFS"
#define VOLUME_SERIAL    0x4D454D46u /* "MEMF" */

/* What CreateFile's attributes may set on a file (the rest describe the object, or are
 * flags). */
#define SETTABLE_ATTRIBUTES                                                                                 \
	(FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM | FILE_ATTRIBUTE_ARCHIVE | \
		FILE_ATTRIBUTE_TEMPORARY | FILE_ATTRIBUTE_OFFLINE | FILE_ATTRIBUTE_NOT_CONTENT_INDEXED)

/* Rights a read-only file refuses, as NTFS does. */
#define WRITE_RIGHTS (FILE_WRITE_DATA | FILE_APPEND_DATA | GENERIC_WRITE | GENERIC_ALL)

/* ---- opens ---- */

static MEMFS_OPEN *open_of(PDOKAN_FILE_INFO info)
{
	return (MEMFS_OPEN *)(ULONG_PTR)info->Context;
}

/* Gives the open its own reference to the node. */
static int attach_open(PDOKAN_FILE_INFO info, MEMFS_NODE *node)
{
	MEMFS_OPEN *open = malloc(sizeof(*open));

	if (!open)
		return -ERROR_NOT_ENOUGH_MEMORY;
	memfs_node_ref(node);
	InterlockedIncrement(&node->open_handles);
	open->node = node;
	open->cleaned_up = FALSE;
	info->Context = (ULONG64)(ULONG_PTR)open;
	info->IsDirectory = node->is_directory ? 1 : 0;
	return 0;
}

/* The node a request works on, with a reference for the caller (memfs_node_unref): the
 * open's node, or - for a request without an open, which the interface allows - the one
 * its path names. NULL: no such node. */
static MEMFS_NODE *acquire_node(LPCWSTR path, PDOKAN_FILE_INFO info)
{
	MEMFS_OPEN *open = open_of(info);
	MEMFS_NODE *node;

	if (open) {
		memfs_node_ref(open->node);
		return open->node;
	}
	memfs_tree_lock_shared();
	node = memfs_find(path);
	if (node)
		memfs_node_ref(node);
	memfs_tree_unlock_shared();
	return node;
}

/* A file's attributes as reported: NTFS says NORMAL when nothing else is set. */
static DWORD reported_attributes(const MEMFS_NODE *node)
{
	return node->attributes ? node->attributes : FILE_ATTRIBUTE_NORMAL;
}

/* The attributes a create asks for, as NTFS stores them for a new or replaced file. */
static DWORD new_file_attributes(DWORD requested)
{
	return (requested & SETTABLE_ATTRIBUTES) | FILE_ATTRIBUTE_ARCHIVE;
}

static BOOL is_read_only(MEMFS_NODE *node)
{
	BOOL read_only;

	AcquireSRWLockShared(&node->lock);
	read_only = (node->attributes & FILE_ATTRIBUTE_READONLY) != 0;
	ReleaseSRWLockShared(&node->lock);
	return read_only;
}

/* ---- create and open ---- */

static BOOL creates(DWORD disposition)
{
	return disposition == CREATE_NEW || disposition == OPEN_ALWAYS || disposition == CREATE_ALWAYS;
}

static BOOL replaces(DWORD disposition)
{
	return disposition == CREATE_ALWAYS || disposition == TRUNCATE_EXISTING;
}

/* NTFS refuses to replace a read-only file, and a hidden or system one unless the new
 * attributes keep that attribute. */
static int check_replace(const MEMFS_NODE *node, DWORD requested)
{
	DWORD kept = FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM;

	if (node->attributes & FILE_ATTRIBUTE_READONLY)
		return -ERROR_ACCESS_DENIED;
	if ((node->attributes & kept) & ~(requested & kept))
		return -ERROR_ACCESS_DENIED;
	return 0;
}

/* Truncates an existing file for CREATE_ALWAYS / TRUNCATE_EXISTING. */
static int replace_file(MEMFS_NODE *node, DWORD requested)
{
	int result;

	AcquireSRWLockExclusive(&node->lock);
	result = check_replace(node, requested);
	if (result == 0)
		result = memfs_data_resize(node, 0);
	if (result == 0) {
		node->attributes = new_file_attributes(requested);
		node->last_write = memfs_now();
	}
	ReleaseSRWLockExclusive(&node->lock);
	return result;
}

/* CreateFile on a name that exists. */
static int open_existing(MEMFS_NODE *node, DWORD access, DWORD disposition, DWORD requested, PDOKAN_FILE_INFO info)
{
	int result = 0;

	if (disposition == CREATE_NEW)
		return -ERROR_FILE_EXISTS;
	if (node->delete_pending)
		return -ERROR_DELETE_PENDING;
	/* a folder cannot be replaced by a file: the name collides (the library turns this
	 * into FILE_IS_A_DIRECTORY for FILE_NON_DIRECTORY_FILE) */
	if (node->is_directory && replaces(disposition))
		return -ERROR_ALREADY_EXISTS;
	if (!node->is_directory && (access & WRITE_RIGHTS) && is_read_only(node))
		return -ERROR_ACCESS_DENIED;
	if (!node->is_directory && replaces(disposition))
		result = replace_file(node, requested);
	if (result == 0)
		result = attach_open(info, node);
	if (result == 0 && (disposition == OPEN_ALWAYS || disposition == CREATE_ALWAYS))
		return ERROR_ALREADY_EXISTS; /* positive: opened, not created */
	return result;
}

static int create_node(const MEMFS_PATH *where, BOOL is_directory, DWORD attributes, PDOKAN_FILE_INFO info)
{
	ULONG length;
	PSECURITY_DESCRIPTOR security = memfs_security_default(&length);
	MEMFS_NODE *node;
	int result = memfs_link_new(where->folder, where->name, where->length, is_directory, attributes, security, &node);

	LocalFree(security);
	if (result == 0) {
		result = attach_open(info, node);
		if (result != 0)
			memfs_unlink(node);
	}
	return result;
}

static int create_or_open(LPCWSTR FileName, DWORD access, DWORD disposition, DWORD attributes, PDOKAN_FILE_INFO info)
{
	MEMFS_PATH where;
	int result = memfs_resolve(FileName, &where);

	if (result != 0)
		return result;
	if (where.node)
		return open_existing(where.node, access, disposition, attributes, info);
	if (!creates(disposition))
		return -ERROR_FILE_NOT_FOUND;
	return create_node(&where, FALSE, new_file_attributes(attributes), info);
}

static int DOKAN_CALLBACK MemfsCreateFile(LPCWSTR FileName, DWORD DesiredAccess, DWORD ShareMode,
	DWORD CreationDisposition, DWORD FlagsAndAttributes, PDOKAN_FILE_INFO DokanFileInfo)
{
	BOOL exclusive = creates(CreationDisposition);
	int result;

	/* only a create changes the namespace; opens of existing names share the tree */
	if (exclusive)
		memfs_tree_lock_exclusive();
	else
		memfs_tree_lock_shared();
	result = create_or_open(FileName, DesiredAccess, CreationDisposition, FlagsAndAttributes, DokanFileInfo);
	if (exclusive)
		memfs_tree_unlock_exclusive();
	else
		memfs_tree_unlock_shared();
	memfs_debug(L"CreateFile %ls access 0x%lx disposition %lu attributes 0x%lx: %d\n", FileName, DesiredAccess,
		CreationDisposition, FlagsAndAttributes, result);
	return result;
}

static int DOKAN_CALLBACK MemfsOpenDirectory(LPCWSTR FileName, PDOKAN_FILE_INFO DokanFileInfo)
{
	MEMFS_PATH where;
	int result;

	memfs_tree_lock_shared();
	result = memfs_resolve(FileName, &where);
	if (result == 0 && !where.node)
		result = -ERROR_FILE_NOT_FOUND;
	else if (result == 0 && !where.node->is_directory)
		result = -ERROR_DIRECTORY;
	else if (result == 0 && where.node->delete_pending)
		result = -ERROR_DELETE_PENDING;
	if (result == 0)
		result = attach_open(DokanFileInfo, where.node);
	memfs_tree_unlock_shared();
	memfs_debug(L"OpenDirectory %ls: %d\n", FileName, result);
	return result;
}

static int DOKAN_CALLBACK MemfsCreateDirectory(LPCWSTR FileName, PDOKAN_FILE_INFO DokanFileInfo)
{
	MEMFS_PATH where;
	int result;

	memfs_tree_lock_exclusive();
	result = memfs_resolve(FileName, &where);
	if (result == 0 && where.node)
		result = -ERROR_ALREADY_EXISTS;
	if (result == 0)
		result = create_node(&where, TRUE, FILE_ATTRIBUTE_DIRECTORY, DokanFileInfo);
	memfs_tree_unlock_exclusive();
	memfs_debug(L"CreateDirectory %ls: %d\n", FileName, result);
	return result;
}

/* ---- cleanup and close ---- */

/* Ends a handle under the exclusive tree lock. As on NTFS, closing a delete-on-close
 * handle marks the node delete-pending (new opens fail) and the node goes when its last
 * handle is cleaned up; a folder that got entries since then stays. */
static void end_handle(MEMFS_OPEN *open, BOOL delete_on_close)
{
	MEMFS_NODE *node = open->node;

	if (open->cleaned_up)
		return;
	open->cleaned_up = TRUE;
	if (delete_on_close && node != memfs_root())
		node->delete_pending = TRUE;
	if (InterlockedDecrement(&node->open_handles) > 0 || !node->delete_pending)
		return;
	node->delete_pending = FALSE;
	if (!node->linked || node->children.count > 0)
		return;
	memfs_unlink(node);
	/* no handle is left: the space is free now, not when the last close arrives */
	AcquireSRWLockExclusive(&node->lock);
	memfs_data_resize(node, 0);
	ReleaseSRWLockExclusive(&node->lock);
}

static void release_ranges(MEMFS_OPEN *open)
{
	AcquireSRWLockExclusive(&open->node->lock);
	memfs_range_release_all(open->node, open);
	ReleaseSRWLockExclusive(&open->node->lock);
}

static int DOKAN_CALLBACK MemfsCleanup(LPCWSTR FileName, PDOKAN_FILE_INFO DokanFileInfo)
{
	MEMFS_OPEN *open = open_of(DokanFileInfo);

	if (!open)
		return 0;
	release_ranges(open); /* as NTFS, a handle's locks end with its last user handle */
	memfs_tree_lock_exclusive();
	end_handle(open, DokanFileInfo->DeleteOnClose);
	memfs_tree_unlock_exclusive();
	memfs_debug(L"Cleanup %ls%ls\n", FileName, DokanFileInfo->DeleteOnClose ? L" (delete)" : L"");
	return 0;
}

/* The open's last request. A handle whose cleanup never came ends here. */
static int DOKAN_CALLBACK MemfsCloseFile(LPCWSTR FileName, PDOKAN_FILE_INFO DokanFileInfo)
{
	MEMFS_OPEN *open = open_of(DokanFileInfo);

	if (!open)
		return 0;
	if (!open->cleaned_up) {
		release_ranges(open);
		memfs_tree_lock_exclusive();
		end_handle(open, FALSE);
		memfs_tree_unlock_exclusive();
	}
	memfs_node_unref(open->node);
	free(open);
	DokanFileInfo->Context = 0;
	return 0;
}

/* ---- data ---- */

static int DOKAN_CALLBACK MemfsReadFile(LPCWSTR FileName, LPVOID Buffer, DWORD NumberOfBytesToRead,
	LPDWORD NumberOfBytesRead, LONGLONG Offset, PDOKAN_FILE_INFO DokanFileInfo)
{
	MEMFS_NODE *node = acquire_node(FileName, DokanFileInfo);
	int result = 0;

	*NumberOfBytesRead = 0;
	if (!node)
		return -ERROR_FILE_NOT_FOUND;
	if (Offset < 0)
		result = -ERROR_NEGATIVE_SEEK;
	AcquireSRWLockShared(&node->lock);
	if (result == 0 && !DokanFileInfo->PagingIo &&
		memfs_range_conflicts(node, open_of(DokanFileInfo), (ULONGLONG)Offset, NumberOfBytesToRead))
		result = -ERROR_LOCK_VIOLATION;
	if (result == 0)
		result = memfs_data_read(node, Buffer, NumberOfBytesToRead, (ULONGLONG)Offset, NumberOfBytesRead);
	if (result == 0)
		memfs_set_last_access(node, memfs_now());
	ReleaseSRWLockShared(&node->lock);
	memfs_node_unref(node);
	return result;
}

static int write_locked(MEMFS_NODE *node, const void *buffer, DWORD length, LONGLONG offset, DWORD *written,
	PDOKAN_FILE_INFO info)
{
	ULONGLONG at = info->WriteToEndOfFile ? node->size : (ULONGLONG)offset;
	int result;

	if (!info->WriteToEndOfFile && offset < 0)
		return -ERROR_NEGATIVE_SEEK;
	if (!info->PagingIo && memfs_range_conflicts(node, open_of(info), at, length))
		return -ERROR_LOCK_VIOLATION;
	result = memfs_data_write(node, buffer, length, at, written);
	if (result == 0) {
		node->last_write = memfs_now();
		node->attributes |= FILE_ATTRIBUTE_ARCHIVE; /* changed since the last backup */
	}
	return result;
}

static int DOKAN_CALLBACK MemfsWriteFile(LPCWSTR FileName, LPCVOID Buffer, DWORD NumberOfBytesToWrite,
	LPDWORD NumberOfBytesWritten, LONGLONG Offset, PDOKAN_FILE_INFO DokanFileInfo)
{
	MEMFS_NODE *node = acquire_node(FileName, DokanFileInfo);
	int result;

	*NumberOfBytesWritten = 0;
	if (!node)
		return -ERROR_FILE_NOT_FOUND;
	AcquireSRWLockExclusive(&node->lock);
	result = write_locked(node, Buffer, NumberOfBytesToWrite, Offset, NumberOfBytesWritten, DokanFileInfo);
	ReleaseSRWLockExclusive(&node->lock);
	memfs_node_unref(node);
	return result;
}

/* Nothing is buffered between memfs and its memory. */
static int DOKAN_CALLBACK MemfsFlushFileBuffers(LPCWSTR FileName, PDOKAN_FILE_INFO DokanFileInfo)
{
	return 0;
}

static int resize(LPCWSTR FileName, LONGLONG size, BOOL only_shrink, PDOKAN_FILE_INFO info)
{
	MEMFS_NODE *node = acquire_node(FileName, info);
	int result = 0;

	if (!node)
		return -ERROR_FILE_NOT_FOUND;
	if (size < 0)
		result = -ERROR_INVALID_PARAMETER;
	AcquireSRWLockExclusive(&node->lock);
	if (result == 0 && (!only_shrink || (ULONGLONG)size < node->size)) {
		result = memfs_data_resize(node, (ULONGLONG)size);
		if (result == 0)
			node->last_write = memfs_now();
	}
	ReleaseSRWLockExclusive(&node->lock);
	memfs_node_unref(node);
	return result;
}

static int DOKAN_CALLBACK MemfsSetEndOfFile(LPCWSTR FileName, LONGLONG ByteOffset, PDOKAN_FILE_INFO DokanFileInfo)
{
	return resize(FileName, ByteOffset, FALSE, DokanFileInfo);
}

/* Only a smaller allocation changes anything (it truncates); memory is allocated as data
 * arrives, so there is nothing to reserve. */
static int DOKAN_CALLBACK MemfsSetAllocationSize(LPCWSTR FileName, LONGLONG AllocSize, PDOKAN_FILE_INFO DokanFileInfo)
{
	return resize(FileName, AllocSize, TRUE, DokanFileInfo);
}

/* ---- byte-range locks ---- */

static int lock_or_unlock(LPCWSTR FileName, LONGLONG offset, LONGLONG length, BOOL lock, PDOKAN_FILE_INFO info)
{
	MEMFS_OPEN *open = open_of(info);
	int result;

	if (!open)
		return -ERROR_INVALID_HANDLE;
	if (offset < 0 || length < 0)
		return -ERROR_INVALID_PARAMETER;
	AcquireSRWLockExclusive(&open->node->lock);
	if (lock)
		result = memfs_range_lock(open->node, open, (ULONGLONG)offset, (ULONGLONG)length);
	else
		result = memfs_range_unlock(open->node, open, (ULONGLONG)offset, (ULONGLONG)length);
	ReleaseSRWLockExclusive(&open->node->lock);
	return result;
}

static int DOKAN_CALLBACK MemfsLockFile(LPCWSTR FileName, LONGLONG ByteOffset, LONGLONG Length,
	PDOKAN_FILE_INFO DokanFileInfo)
{
	return lock_or_unlock(FileName, ByteOffset, Length, TRUE, DokanFileInfo);
}

static int DOKAN_CALLBACK MemfsUnlockFile(LPCWSTR FileName, LONGLONG ByteOffset, LONGLONG Length,
	PDOKAN_FILE_INFO DokanFileInfo)
{
	return lock_or_unlock(FileName, ByteOffset, Length, FALSE, DokanFileInfo);
}

/* ---- information ---- */

static int DOKAN_CALLBACK MemfsGetFileInformation(LPCWSTR FileName, LPBY_HANDLE_FILE_INFORMATION HandleFileInformation,
	PDOKAN_FILE_INFO DokanFileInfo)
{
	MEMFS_NODE *node = acquire_node(FileName, DokanFileInfo);
	LPBY_HANDLE_FILE_INFORMATION out = HandleFileInformation;

	if (!node)
		return -ERROR_FILE_NOT_FOUND;
	AcquireSRWLockShared(&node->lock);
	out->dwFileAttributes = reported_attributes(node);
	out->ftCreationTime = node->creation;
	out->ftLastAccessTime = memfs_last_access(node);
	out->ftLastWriteTime = node->last_write;
	out->dwVolumeSerialNumber = VOLUME_SERIAL;
	out->nFileSizeHigh = (DWORD)(node->size >> 32);
	out->nFileSizeLow = (DWORD)node->size;
	out->nNumberOfLinks = 1;
	out->nFileIndexHigh = (DWORD)(node->index >> 32);
	out->nFileIndexLow = (DWORD)node->index;
	ReleaseSRWLockShared(&node->lock);
	memfs_node_unref(node);
	return 0;
}

static int DOKAN_CALLBACK MemfsSetFileAttributes(LPCWSTR FileName, DWORD FileAttributes, PDOKAN_FILE_INFO DokanFileInfo)
{
	MEMFS_NODE *node;

	if (FileAttributes == 0)
		return 0; /* NT: leave them as they are */
	node = acquire_node(FileName, DokanFileInfo);
	if (!node)
		return -ERROR_FILE_NOT_FOUND;
	AcquireSRWLockExclusive(&node->lock);
	node->attributes = (FileAttributes & SETTABLE_ATTRIBUTES) | (node->is_directory ? FILE_ATTRIBUTE_DIRECTORY : 0);
	ReleaseSRWLockExclusive(&node->lock);
	memfs_node_unref(node);
	return 0;
}

/* NT passes 0 for "unchanged" and -1 / -2 for "stop / resume updating it for this
 * handle"; memfs keeps the time for all three. */
static void set_time(FILETIME *time, const FILETIME *value)
{
	if (!value || (LONG)value->dwHighDateTime < 0)
		return;
	if (value->dwHighDateTime == 0 && value->dwLowDateTime == 0)
		return;
	*time = *value;
}

static int DOKAN_CALLBACK MemfsSetFileTime(LPCWSTR FileName, CONST FILETIME *CreationTime,
	CONST FILETIME *LastAccessTime, CONST FILETIME *LastWriteTime, PDOKAN_FILE_INFO DokanFileInfo)
{
	MEMFS_NODE *node = acquire_node(FileName, DokanFileInfo);
	FILETIME last_access;

	if (!node)
		return -ERROR_FILE_NOT_FOUND;
	AcquireSRWLockExclusive(&node->lock);
	last_access = memfs_last_access(node);

	set_time(&node->creation, CreationTime);
	set_time(&last_access, LastAccessTime);
	memfs_set_last_access(node, last_access);
	set_time(&node->last_write, LastWriteTime);
	ReleaseSRWLockExclusive(&node->lock);
	memfs_node_unref(node);
	return 0;
}

/* ---- listings ---- */

typedef struct LISTING {
	PFillFindData fill;
	PDOKAN_FILE_INFO info;
	LPCWSTR pattern; /* NULL: every entry */
	ULONG count;
} LISTING;

static void describe(MEMFS_NODE *node, LPCWSTR name, WIN32_FIND_DATAW *data)
{
	ZeroMemory(data, sizeof(*data));
	AcquireSRWLockShared(&node->lock);
	data->dwFileAttributes = reported_attributes(node);
	data->ftCreationTime = node->creation;
	data->ftLastAccessTime = memfs_last_access(node);
	data->ftLastWriteTime = node->last_write;
	data->nFileSizeHigh = (DWORD)(node->size >> 32);
	data->nFileSizeLow = (DWORD)node->size;
	ReleaseSRWLockShared(&node->lock);
	lstrcpynW(data->cFileName, name, ARRAYSIZE(data->cFileName));
}

static int list_one(MEMFS_NODE *node, LPCWSTR name, LISTING *listing)
{
	WIN32_FIND_DATAW data;

	if (listing->pattern && !DokanIsNameInExpression(listing->pattern, name, TRUE))
		return 0;
	describe(node, name, &data);
	listing->fill(&data, listing->info);
	listing->count++;
	return 0;
}

static int list_entry(MEMFS_NODE *entry, void *context)
{
	return list_one(entry, entry->name, context);
}

/* A folder below the root lists "." and ".." first, as on NTFS. */
static int list_folder(MEMFS_NODE *folder, LISTING *listing)
{
	if (folder != memfs_root()) {
		list_one(folder, L".", listing);
		list_one(folder->parent ? folder->parent : folder, L"..", listing);
	}
	return memfs_for_each_sorted(folder, list_entry, listing);
}

static int find(LPCWSTR PathName, LPCWSTR pattern, PFillFindData fill, PDOKAN_FILE_INFO info)
{
	MEMFS_NODE *folder = acquire_node(PathName, info);
	LISTING listing = { fill, info, pattern, 0 };
	int result;

	if (!folder)
		return -ERROR_PATH_NOT_FOUND;
	memfs_tree_lock_shared();
	result = folder->is_directory ? list_folder(folder, &listing) : -ERROR_DIRECTORY;
	memfs_tree_unlock_shared();
	memfs_node_unref(folder);
	memfs_debug(L"FindFiles %ls pattern %ls: %d, %lu entries\n", PathName, pattern ? pattern : L"(none)", result,
		listing.count);
	return result;
}

static int DOKAN_CALLBACK MemfsFindFiles(LPCWSTR PathName, PFillFindData FillFindData, PDOKAN_FILE_INFO DokanFileInfo)
{
	return find(PathName, NULL, FillFindData, DokanFileInfo);
}

/* The library does not filter these results again (docs/differences.md D6). */
static int DOKAN_CALLBACK MemfsFindFilesWithPattern(LPCWSTR PathName, LPCWSTR SearchPattern, PFillFindData FillFindData,
	PDOKAN_FILE_INFO DokanFileInfo)
{
	return find(PathName, SearchPattern, FillFindData, DokanFileInfo);
}

/* ---- deletion and renaming ---- */

/* Only checks; Cleanup deletes (docs/behaviour.md, "Cleanup, close and deletion"). */
static int DOKAN_CALLBACK MemfsDeleteFile(LPCWSTR FileName, PDOKAN_FILE_INFO DokanFileInfo)
{
	MEMFS_NODE *node = acquire_node(FileName, DokanFileInfo);
	int result;

	if (!node)
		return -ERROR_FILE_NOT_FOUND;
	result = is_read_only(node) ? -ERROR_ACCESS_DENIED : 0;
	memfs_node_unref(node);
	memfs_debug(L"DeleteFile %ls: %d\n", FileName, result);
	return result;
}

static int DOKAN_CALLBACK MemfsDeleteDirectory(LPCWSTR FileName, PDOKAN_FILE_INFO DokanFileInfo)
{
	MEMFS_NODE *node = acquire_node(FileName, DokanFileInfo);
	int result = 0;

	if (!node)
		return -ERROR_FILE_NOT_FOUND;
	memfs_tree_lock_shared();
	if (node == memfs_root() || is_read_only(node))
		result = -ERROR_ACCESS_DENIED;
	else if (node->children.count > 0)
		result = -ERROR_DIR_NOT_EMPTY;
	memfs_tree_unlock_shared();
	memfs_node_unref(node);
	memfs_debug(L"DeleteDirectory %ls: %d\n", FileName, result);
	return result;
}

/* What stands at the new name may go when the caller asked to replace it and NTFS would
 * let it: never a folder, never a read-only file. The node itself (a change of case) is
 * no obstacle. */
static int check_target(const MEMFS_NODE *node, MEMFS_NODE *target, BOOL replace)
{
	if (!target || target == node)
		return 0;
	if (!replace)
		return -ERROR_ALREADY_EXISTS;
	if (target->is_directory || is_read_only(target))
		return -ERROR_ACCESS_DENIED;
	return 0;
}

static int move_locked(MEMFS_NODE *node, LPCWSTR NewFileName, BOOL replace)
{
	MEMFS_PATH where;
	int result = memfs_resolve(NewFileName, &where);

	if (result != 0)
		return result;
	if (!node->linked)
		return -ERROR_FILE_NOT_FOUND;
	if (node == memfs_root() || !where.folder)
		return -ERROR_ACCESS_DENIED;
	if (memfs_is_ancestor(node, where.folder))
		return -ERROR_INVALID_PARAMETER; /* a folder into itself or below */
	result = check_target(node, where.node, replace);
	if (result == 0)
		result = memfs_move(node, where.folder, where.name, where.length, where.node != node ? where.node : NULL);
	return result;
}

static int DOKAN_CALLBACK MemfsMoveFile(LPCWSTR FileName, LPCWSTR NewFileName, BOOL ReplaceIfExisting,
	PDOKAN_FILE_INFO DokanFileInfo)
{
	MEMFS_NODE *node = acquire_node(FileName, DokanFileInfo);
	int result;

	if (!node)
		return -ERROR_FILE_NOT_FOUND;
	memfs_tree_lock_exclusive();
	result = move_locked(node, NewFileName, ReplaceIfExisting);
	memfs_tree_unlock_exclusive();
	memfs_node_unref(node);
	memfs_debug(L"MoveFile %ls -> %ls%ls: %d\n", FileName, NewFileName, ReplaceIfExisting ? L" (replace)" : L"",
		result);
	return result;
}

/* ---- security ---- */

static int DOKAN_CALLBACK MemfsGetFileSecurity(LPCWSTR FileName, PSECURITY_INFORMATION SecurityInformation,
	PSECURITY_DESCRIPTOR SecurityDescriptor, ULONG BufferLength, PULONG LengthNeeded, PDOKAN_FILE_INFO DokanFileInfo)
{
	MEMFS_NODE *node = acquire_node(FileName, DokanFileInfo);
	int result;

	*LengthNeeded = 0;
	if (!node)
		return -ERROR_FILE_NOT_FOUND;
	AcquireSRWLockShared(&node->lock);
	result = memfs_security_get(node, *SecurityInformation, SecurityDescriptor, BufferLength, LengthNeeded);
	ReleaseSRWLockShared(&node->lock);
	memfs_node_unref(node);
	return result;
}

static int DOKAN_CALLBACK MemfsSetFileSecurity(LPCWSTR FileName, PSECURITY_INFORMATION SecurityInformation,
	PSECURITY_DESCRIPTOR SecurityDescriptor, ULONG SecurityDescriptorLength, PDOKAN_FILE_INFO DokanFileInfo)
{
	MEMFS_NODE *node = acquire_node(FileName, DokanFileInfo);
	int result;

	if (!node)
		return -ERROR_FILE_NOT_FOUND;
	AcquireSRWLockExclusive(&node->lock);
	result = memfs_security_set(node, *SecurityInformation, SecurityDescriptor, SecurityDescriptorLength);
	ReleaseSRWLockExclusive(&node->lock);
	memfs_node_unref(node);
	return result;
}

/* ---- volume ---- */

/* The library passes 260 for one name buffer and 520 for the other, though both hold
 * 261 characters (docs/differences.md D8); copying at most MAX_PATH characters fits either. */
static void copy_volume_name(LPWSTR buffer, DWORD size, LPCWSTR name)
{
	if (buffer && size)
		lstrcpynW(buffer, name, (int)min(size, MAX_PATH));
}

static int DOKAN_CALLBACK MemfsGetVolumeInformation(LPWSTR VolumeNameBuffer, DWORD VolumeNameSize,
	LPDWORD VolumeSerialNumber, LPDWORD MaximumComponentLength, LPDWORD FileSystemFlags,
	LPWSTR FileSystemNameBuffer, DWORD FileSystemNameSize, PDOKAN_FILE_INFO DokanFileInfo)
{
	copy_volume_name(VolumeNameBuffer, VolumeNameSize, VOLUME_LABEL);
	*VolumeSerialNumber = VOLUME_SERIAL;
	*MaximumComponentLength = MEMFS_MAX_NAME;
	/* names are case-insensitive, so no FILE_CASE_SENSITIVE_SEARCH */
	*FileSystemFlags = FILE_CASE_PRESERVED_NAMES | FILE_UNICODE_ON_DISK | FILE_PERSISTENT_ACLS;
	copy_volume_name(FileSystemNameBuffer, FileSystemNameSize, FILE_SYSTEM_NAME);
	return 0;
}

static int DOKAN_CALLBACK MemfsGetDiskFreeSpace(PULONGLONG FreeBytesAvailable, PULONGLONG TotalNumberOfBytes,
	PULONGLONG TotalNumberOfFreeBytes, PDOKAN_FILE_INFO DokanFileInfo)
{
	ULONGLONG limit = memfs_space_limit(), used = memfs_space_used();
	ULONGLONG free_bytes = used < limit ? limit - used : 0;

	*FreeBytesAvailable = free_bytes;
	*TotalNumberOfBytes = limit;
	*TotalNumberOfFreeBytes = free_bytes;
	return 0;
}

static int DOKAN_CALLBACK MemfsUnmount(PDOKAN_FILE_INFO DokanFileInfo)
{
	memfs_debug(L"Unmount\n");
	return 0;
}

void memfs_fill_operations(PDOKAN_OPERATIONS operations)
{
	ZeroMemory(operations, sizeof(*operations));
	operations->CreateFile = MemfsCreateFile;
	operations->OpenDirectory = MemfsOpenDirectory;
	operations->CreateDirectory = MemfsCreateDirectory;
	operations->Cleanup = MemfsCleanup;
	operations->CloseFile = MemfsCloseFile;
	operations->ReadFile = MemfsReadFile;
	operations->WriteFile = MemfsWriteFile;
	operations->FlushFileBuffers = MemfsFlushFileBuffers;
	operations->GetFileInformation = MemfsGetFileInformation;
	operations->FindFiles = MemfsFindFiles;
	operations->FindFilesWithPattern = MemfsFindFilesWithPattern;
	operations->SetFileAttributes = MemfsSetFileAttributes;
	operations->SetFileTime = MemfsSetFileTime;
	operations->DeleteFile = MemfsDeleteFile;
	operations->DeleteDirectory = MemfsDeleteDirectory;
	operations->MoveFile = MemfsMoveFile;
	operations->SetEndOfFile = MemfsSetEndOfFile;
	operations->SetAllocationSize = MemfsSetAllocationSize;
	operations->LockFile = MemfsLockFile;
	operations->UnlockFile = MemfsUnlockFile;
	operations->GetDiskFreeSpace = MemfsGetDiskFreeSpace;
	operations->GetVolumeInformation = MemfsGetVolumeInformation;
	operations->Unmount = MemfsUnmount;
	operations->GetFileSecurity = MemfsGetFileSecurity;
	operations->SetFileSecurity = MemfsSetFileSecurity;
}
