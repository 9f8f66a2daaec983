/* SPDX-License-Identifier: LGPL-3.0-or-later
 * dispatch_directory.c - IRP_MN_QUERY_DIRECTORY: the file system's listing is cached
 * per open and handed out in the requested information class
 * (docs/behaviour.md, "Directory listing"; docs/differences.md D6). */
#include "dk_ntinfo.h"

/* Where the class-specific fields of each directory entry class are; 0 = absent. */
typedef struct DK_DIRECTORY_LAYOUT {
	ULONG InfoClass;
	DWORD NameOffset;
	DWORD NameLengthOffset;
	BOOL HasCommonFields; /* times, sizes, attributes at DK_FILE_DIRECTORY_ENTRY offsets */
} DK_DIRECTORY_LAYOUT;

static const DK_DIRECTORY_LAYOUT dk_layouts[] = {
	{ DK_FileDirectoryInformation, 64, 60, TRUE },
	{ DK_FileFullDirectoryInformation, 68, 60, TRUE },
	{ DK_FileBothDirectoryInformation, 94, 60, TRUE },
	{ DK_FileNamesInformation, 12, 8, FALSE },
	{ DK_FileIdBothDirectoryInformation, 104, 60, TRUE },
	{ DK_FileIdFullDirectoryInformation, 80, 60, TRUE },
};

static const DK_DIRECTORY_LAYOUT *dk_layout_of(ULONG infoClass)
{
	size_t i;
	for (i = 0; i < sizeof(dk_layouts) / sizeof(dk_layouts[0]); i++)
		if (dk_layouts[i].InfoClass == infoClass)
			return &dk_layouts[i];
	return NULL;
}

/* Drops the cached entries; what is known about the open itself stays. */
static void dk_find_clear(DK_FIND_CACHE *cache)
{
	free(cache->Entries);
	cache->Entries = NULL;
	cache->Count = cache->Capacity = 0;
	cache->FromPattern = cache->Failed = FALSE;
}

/* PFillFindData: appends one entry to the listing of the open being served. */
static int WINAPI dk_fill_find_data(PWIN32_FIND_DATAW data, PDOKAN_FILE_INFO info)
{
	DK_OPEN *open = (DK_OPEN *)(ULONG_PTR)info->DokanContext;
	DK_FIND_CACHE *cache;
	if (!open || !data)
		return 0;
	cache = &open->Find;
	if (cache->Count == cache->Capacity) {
		ULONG capacity = cache->Capacity ? cache->Capacity * 2 : 64;
		WIN32_FIND_DATAW *bigger = realloc(cache->Entries, capacity * sizeof(*bigger));
		if (!bigger) {
			cache->Failed = TRUE;
			return 0;
		}
		cache->Entries = bigger;
		cache->Capacity = capacity;
	}
	cache->Entries[cache->Count++] = *data;
	return 0;
}

static int dk_find_fill(DK_WORKER *worker, const DK_EVENT *event, DK_OPEN *open, const WCHAR *pattern)
{
	PDOKAN_OPERATIONS ops = worker->Instance->Operations;
	DOKAN_FILE_INFO info;
	int result;

	dk_fileinfo_init(&info, worker->Instance, event, open);
	open->Find.FromPattern = ops->FindFilesWithPattern != NULL;
	if (ops->FindFilesWithPattern)
		result = ops->FindFilesWithPattern(dk_event_name(event), pattern ? pattern : L"*", dk_fill_find_data,
			&info);
	else if (ops->FindFiles)
		result = ops->FindFiles(dk_event_name(event), dk_fill_find_data, &info);
	else
		result = -ERROR_INVALID_FUNCTION;
	dk_fileinfo_store(&info, open);
	return open->Find.Failed ? -ERROR_NOT_ENOUGH_MEMORY : result;
}

static void dk_write_entry(BYTE *entry, const DK_DIRECTORY_LAYOUT *layout, const WIN32_FIND_DATAW *data,
	ULONG fileIndex, DWORD nameBytes)
{
	DK_FILE_DIRECTORY_ENTRY *common = (DK_FILE_DIRECTORY_ENTRY *)entry;
	common->FileIndex = fileIndex;
	*(ULONG *)(entry + layout->NameLengthOffset) = nameBytes;
	memcpy(entry + layout->NameOffset, data->cFileName, nameBytes);
	if (!layout->HasCommonFields)
		return;
	common->CreationTime = dk_li_from_filetime(data->ftCreationTime);
	common->LastAccessTime = dk_li_from_filetime(data->ftLastAccessTime);
	common->LastWriteTime = dk_li_from_filetime(data->ftLastWriteTime);
	common->ChangeTime = common->LastWriteTime;
	common->EndOfFile = dk_li_from_parts(data->nFileSizeHigh, data->nFileSizeLow);
	common->AllocationSize = common->EndOfFile;
	common->FileAttributes = data->dwFileAttributes;
}

typedef struct DK_LISTING {
	BYTE *Buffer;
	DWORD Capacity;
	DWORD Used;      /* end of the last entry */
	DWORD LastEntry; /* offset of the last entry written */
	ULONG Written;
	BOOL FirstDidNotFit;
} DK_LISTING;

/* Appends one entry if it fits; entries start on 8-byte boundaries. */
static BOOL dk_listing_add(DK_LISTING *listing, const DK_DIRECTORY_LAYOUT *layout, const WIN32_FIND_DATAW *data,
	ULONG fileIndex)
{
	DWORD nameBytes = (DWORD)wcsnlen(data->cFileName, MAX_PATH) * sizeof(WCHAR);
	DWORD start = listing->Written ? (listing->Used + 7u) & ~7u : 0;
	DWORD size = layout->NameOffset + nameBytes;

	if (start > listing->Capacity || size > listing->Capacity - start) {
		listing->FirstDidNotFit = listing->Written == 0;
		return FALSE;
	}
	ZeroMemory(listing->Buffer + listing->Used, start + size - listing->Used);
	dk_write_entry(listing->Buffer + start, layout, data, fileIndex, nameBytes);
	if (listing->Written)
		*(ULONG *)(listing->Buffer + listing->LastEntry) = start - listing->LastEntry;
	listing->LastEntry = start;
	listing->Used = start + size;
	listing->Written++;
	return TRUE;
}

/* Walks the cached listing: entries matching the pattern, after the first `index`. */
static void dk_listing_fill(DK_LISTING *listing, const DK_FIND_CACHE *cache, const DK_DIRECTORY_LAYOUT *layout,
	const WCHAR *pattern, ULONG index, BOOL single)
{
	ULONG position = 0, i;
	for (i = 0; i < cache->Count; i++) {
		const WIN32_FIND_DATAW *data = &cache->Entries[i];
		if (pattern && !cache->FromPattern && !DokanIsNameInExpression(pattern, data->cFileName, TRUE))
			continue;
		if (++position <= index)
			continue;
		if (!dk_listing_add(listing, layout, data, position))
			break;
		if (single)
			break;
	}
}

static const WCHAR *dk_event_pattern(const DK_EVENT *event)
{
	const DK_DIRECTORY_PARAMS *params = &event->Params.Directory;
	const WCHAR *pattern;
	if (!params->PatternLength || (params->PatternLength & 1) || params->PatternOffset < sizeof(DK_EVENT) ||
		params->PatternOffset > event->Length ||
		params->PatternLength + sizeof(WCHAR) > event->Length - params->PatternOffset)
		return NULL;
	pattern = (const WCHAR *)((const BYTE *)event + params->PatternOffset);
	return pattern[params->PatternLength / sizeof(WCHAR)] == 0 ? pattern : NULL;
}

/* NTFS answers INVALID_PARAMETER for a listing of a file. An open the file system did
 * not mark as a folder (0.6.0 file systems often don't) is asked once, before its
 * first listing. */
static BOOL dk_is_listable(DK_WORKER *worker, const DK_EVENT *event, DK_OPEN *open)
{
	PDOKAN_OPERATIONS ops = worker->Instance->Operations;
	BY_HANDLE_FILE_INFORMATION data;
	DOKAN_FILE_INFO info;

	if (open->IsDirectory || open->Find.Listable || !ops->GetFileInformation)
		return TRUE;
	ZeroMemory(&data, sizeof(data));
	dk_fileinfo_init(&info, worker->Instance, event, open);
	if (ops->GetFileInformation(dk_event_name(event), &data, &info) >= 0 &&
		!(data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY))
		return FALSE;
	open->Find.Listable = TRUE;
	return TRUE;
}

/* A query without restart after a first one that found nothing is a continuation:
 * NO_MORE_FILES (NTFS), not a new search. */
static BOOL dk_continues_empty_search(const DK_EVENT *event, const DK_OPEN *open)
{
	return open->Find.EndedEmpty && !(event->IrpFlags & (SL_RESTART_SCAN | SL_INDEX_SPECIFIED));
}

static NTSTATUS dk_list_directory(DK_WORKER *worker, const DK_EVENT *event, DK_OPEN *open,
	const DK_DIRECTORY_LAYOUT *layout, DK_LISTING *listing)
{
	const WCHAR *pattern = dk_event_pattern(event);
	ULONG index = event->Params.Directory.FileIndex;
	NTSTATUS status;

	if (!dk_is_listable(worker, event, open))
		return STATUS_INVALID_PARAMETER;
	if (index == 0 && dk_continues_empty_search(event, open))
		return STATUS_NO_MORE_FILES;
	open->Find.EndedEmpty = FALSE;
	if (index == 0)
		dk_find_clear(&open->Find);
	if (!open->Find.Entries && dk_find_fill(worker, event, open, pattern) < 0) {
		dk_find_clear(&open->Find);
		status = index == 0 ? STATUS_NO_SUCH_FILE : STATUS_NO_MORE_FILES;
	} else {
		dk_listing_fill(listing, &open->Find, layout, pattern, index,
			(event->IrpFlags & SL_RETURN_SINGLE_ENTRY) != 0);
		worker->Reply->Value = index + listing->Written;
		if (listing->Written)
			return STATUS_SUCCESS;
		if (listing->FirstDidNotFit)
			return STATUS_BUFFER_OVERFLOW;
		status = index == 0 ? STATUS_NO_SUCH_FILE : STATUS_NO_MORE_FILES;
	}
	open->Find.EndedEmpty = status == STATUS_NO_SUCH_FILE;
	return status;
}

void dk_dispatch_directory(DK_WORKER *worker, const DK_EVENT *event)
{
	const DK_DIRECTORY_LAYOUT *layout = dk_layout_of(event->Params.Directory.InformationClass);
	DK_OPEN *open = dk_open_of(event);
	DK_LISTING listing;
	NTSTATUS status;

	if (!dk_reply_begin(worker, event, event->Params.Directory.BufferLength))
		return;
	if (!layout || !open) {
		dk_reply_finish(worker, layout ? STATUS_INVALID_PARAMETER : STATUS_INVALID_INFO_CLASS, 0);
		return;
	}
	ZeroMemory(&listing, sizeof(listing));
	listing.Buffer = (BYTE *)(worker->Reply + 1);
	listing.Capacity = event->Params.Directory.BufferLength;
	EnterCriticalSection(&open->Lock); /* one listing at a time per open */
	status = dk_list_directory(worker, event, open, layout, &listing);
	LeaveCriticalSection(&open->Lock);
	dk_reply_finish(worker, status, status == STATUS_SUCCESS ? listing.Used : 0);
}
