/* SPDX-License-Identifier: LGPL-3.0-or-later
 * dispatch_setinfo.c - IRP_MJ_SET_INFORMATION: each class the driver forwards becomes
 * the callback 0.6.0 called for it (docs/behaviour.md, "Set information"); the driver
 * already checked the sizes and turned a rename's target into a full path (DK_RENAME_INFO). */
#include "dk_ntinfo.h"

#define DK_FileRenameInformation          10
#define DK_FileLinkInformation            11
#define DK_FileDispositionInformation     13
#define DK_FileAllocationInformation      19
#define DK_FileEndOfFileInformation       20
#define DK_FileValidDataLengthInformation 39


#define DK_RENAME_HEADER offsetof(DK_RENAME_INFO, FileName)

static FILETIME dk_filetime(LARGE_INTEGER time)
{
	FILETIME value;
	value.dwLowDateTime = time.LowPart;
	value.dwHighDateTime = (DWORD)time.HighPart;
	return value;
}

/* Both callbacks or none (0.6.0). Attributes 0 and times 0 / -1 keep their NT meaning
 * ("unchanged", "stop updating") and are passed through raw; ChangeTime has no callback. */
static int dk_set_basic(PDOKAN_OPERATIONS ops, const WCHAR *name, const DK_FILE_BASIC_INFORMATION *basic,
	PDOKAN_FILE_INFO info)
{
	FILETIME creation = dk_filetime(basic->CreationTime);
	FILETIME lastAccess = dk_filetime(basic->LastAccessTime);
	FILETIME lastWrite = dk_filetime(basic->LastWriteTime);
	int result;

	if (!ops->SetFileAttributes || !ops->SetFileTime)
		return -1;
	result = ops->SetFileAttributes(name, basic->FileAttributes, info);
	if (result < 0)
		return result;
	return ops->SetFileTime(name, &creation, &lastAccess, &lastWrite, info);
}

/* 0.6.0: without SetAllocationSize an allocation of 0 truncates through SetEndOfFile and
 * any other size is accepted without effect. */
static int dk_set_allocation(PDOKAN_OPERATIONS ops, const WCHAR *name, LONGLONG size, PDOKAN_FILE_INFO info)
{
	if (ops->SetAllocationSize)
		return ops->SetAllocationSize(name, size, info);
	if (size != 0)
		return 0;
	return ops->SetEndOfFile ? ops->SetEndOfFile(name, 0, info) : -1;
}

static int dk_set_end_of_file(PDOKAN_OPERATIONS ops, const WCHAR *name, LONGLONG size, PDOKAN_FILE_INFO info)
{
	return ops->SetEndOfFile ? ops->SetEndOfFile(name, size, info) : -1;
}

/* The new path of a rename: a name starting with "\" is a full path; anything else goes
 * into the directory of the old path (the driver always sends full paths). NULL when the
 * data is malformed or memory is short. */
static WCHAR *dk_rename_target(const DK_EVENT *event, const WCHAR *oldPath, BOOL *replace)
{
	const DK_RENAME_INFO *rename = dk_event_data(event, event->Params.Info.DataOffset, DK_RENAME_HEADER);
	const WCHAR *name, *slash;
	size_t chars, prefix = 0;
	WCHAR *path;

	if (!rename || event->Params.Info.DataLength < DK_RENAME_HEADER || (rename->FileNameLength & 1) ||
		rename->FileNameLength > event->Params.Info.DataLength - DK_RENAME_HEADER ||
		!dk_event_data(event, event->Params.Info.DataOffset, DK_RENAME_HEADER + rename->FileNameLength))
		return NULL;
	name = rename->FileName;
	chars = rename->FileNameLength / sizeof(WCHAR);
	*replace = rename->ReplaceIfExists ? TRUE : FALSE;
	if (!chars)
		return NULL;
	if (name[0] != L'\\') {
		slash = wcsrchr(oldPath, L'\\');
		prefix = slash ? (size_t)(slash - oldPath) + 1 : 0;
	}
	path = malloc((prefix + chars + 1) * sizeof(WCHAR));
	if (!path)
		return NULL;
	memcpy(path, oldPath, prefix * sizeof(WCHAR));
	memcpy(path + prefix, name, chars * sizeof(WCHAR));
	path[prefix + chars] = 0;
	return path;
}

/* Deletion is only checked here; the file system deletes in the Cleanup that carries
 * DeleteOnClose. 0.6.0's table: DIR_NOT_EMPTY, or CANNOT_DELETE for any other failure
 * (what NTFS returns for a read-only file, the usual refusal); both callbacks are needed,
 * even to clear the mark. */
static NTSTATUS dk_set_disposition(PDOKAN_OPERATIONS ops, const WCHAR *name, const DK_EVENT *event,
	PDOKAN_FILE_INFO info, ULONG *flags)
{
	const BOOLEAN *deleteFile = dk_event_data(event, event->Params.Info.DataOffset, sizeof(BOOLEAN));
	int result;

	if (!ops->DeleteFile || !ops->DeleteDirectory)
		return STATUS_CANNOT_DELETE;
	if (!deleteFile)
		return STATUS_INVALID_PARAMETER;
	if (!*deleteFile)
		return STATUS_SUCCESS;
	result = info->IsDirectory ? ops->DeleteDirectory(name, info) : ops->DeleteFile(name, info);
	if (result == -ERROR_DIR_NOT_EMPTY)
		return STATUS_DIRECTORY_NOT_EMPTY;
	if (result < 0)
		return STATUS_CANNOT_DELETE;
	*flags |= DK_REPLY_DELETE_PENDING; /* 0.6.0 ignored a positive result; it is success here */
	return STATUS_SUCCESS;
}

/* SetFileValidData needs SE_MANAGE_VOLUME_NAME enabled in the requestor's token, as on
 * NTFS (it exposes stale disk data there). */
static BOOL dk_requestor_may_manage_volume(const DK_EVENT *event)
{
	HANDLE token = dk_open_requestor_token(event->ProcessId, event->ThreadId);
	PRIVILEGE_SET needed = { 1, PRIVILEGE_SET_ALL_NECESSARY, { { { 0, 0 }, SE_PRIVILEGE_ENABLED } } };
	BOOL held = FALSE;

	if (token && LookupPrivilegeValueW(NULL, SE_MANAGE_VOLUME_NAME, &needed.Privilege[0].Luid) &&
		!PrivilegeCheck(token, &needed, &held))
		held = FALSE;
	if (token)
		CloseHandle(token);
	return held;
}

/* The callbacks know no valid data length: 0.6.0 called SetEndOfFile, which truncated
 * the file (data loss). Here every byte of a file is valid data, so as on NTFS (where it
 * may only grow, up to the end of file) the only length that succeeds is the file's size,
 * and it changes nothing. */
static NTSTATUS dk_set_valid_data_length(PDOKAN_OPERATIONS ops, const DK_EVENT *event, const WCHAR *name,
	LONGLONG length, PDOKAN_FILE_INFO info)
{
	BY_HANDLE_FILE_INFORMATION data;
	LONGLONG size;

	if (length < 0)
		return STATUS_INVALID_PARAMETER;
	if (!dk_requestor_may_manage_volume(event))
		return STATUS_PRIVILEGE_NOT_HELD;
	if (!ops->GetFileInformation)
		return STATUS_SUCCESS;
	ZeroMemory(&data, sizeof(data));
	if (ops->GetFileInformation(name, &data, info) < 0)
		return STATUS_INVALID_PARAMETER;
	size = (LONGLONG)(((ULONGLONG)data.nFileSizeHigh << 32) | data.nFileSizeLow);
	return length == size ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

/* Every class but disposition: the callback's result through the shared table, whose
 * fallback for codes it does not know is 0.6.0's STATUS_OBJECT_NAME_NOT_FOUND. */
static NTSTATUS dk_set_other(PDOKAN_OPERATIONS ops, const WCHAR *name, const DK_EVENT *event, PDOKAN_FILE_INFO info)
{
	ULONG infoClass = event->Params.Info.InformationClass;
	ULONG offset = event->Params.Info.DataOffset;
	const LARGE_INTEGER *size = dk_event_data(event, offset, sizeof(LARGE_INTEGER));
	const DK_FILE_BASIC_INFORMATION *basic;
	WCHAR *newPath;
	BOOL replace = FALSE;
	int result;

	switch (infoClass) {
	case DK_FileBasicInformation:
		basic = dk_event_data(event, offset, sizeof(DK_FILE_BASIC_INFORMATION));
		if (!basic)
			return STATUS_INVALID_PARAMETER;
		result = dk_set_basic(ops, name, basic, info);
		break;
	case DK_FileEndOfFileInformation:
		if (!size)
			return STATUS_INVALID_PARAMETER;
		result = dk_set_end_of_file(ops, name, size->QuadPart, info);
		break;
	case DK_FileValidDataLengthInformation:
		return size ? dk_set_valid_data_length(ops, event, name, size->QuadPart, info) : STATUS_INVALID_PARAMETER;
	case DK_FileAllocationInformation:
		if (!size)
			return STATUS_INVALID_PARAMETER;
		result = dk_set_allocation(ops, name, size->QuadPart, info);
		break;
	case DK_FileRenameInformation:
		newPath = dk_rename_target(event, name, &replace);
		if (!newPath)
			return STATUS_INVALID_PARAMETER;
		result = ops->MoveFile ? ops->MoveFile(name, newPath, replace, info) : -1;
		free(newPath);
		break;
	case DK_FileLinkInformation:
		/* no callback makes hard links in this interface (the driver answers this itself) */
		return STATUS_NOT_SUPPORTED;
	default:
		return STATUS_NOT_IMPLEMENTED; /* docs/differences.md D5, as the driver */
	}
	return dk_status_from_result(result, STATUS_OBJECT_NAME_NOT_FOUND);
}

void dk_dispatch_set_information(DK_WORKER *worker, const DK_EVENT *event)
{
	PDOKAN_OPERATIONS ops = worker->Instance->Operations;
	DK_OPEN *open = dk_open_of(event);
	const WCHAR *name = dk_event_name(event);
	DOKAN_FILE_INFO info;
	ULONG flags = 0;
	NTSTATUS status;

	if (!open) {
		dk_reply_status(worker, event, STATUS_INVALID_PARAMETER);
		return;
	}
	dk_fileinfo_init(&info, worker->Instance, event, open);
	if (event->Params.Info.InformationClass == DK_FileDispositionInformation)
		status = dk_set_disposition(ops, name, event, &info, &flags);
	else
		status = dk_set_other(ops, name, event, &info);
	dk_fileinfo_store(&info, open);
	if (!dk_reply_begin(worker, event, 0))
		return;
	worker->Reply->Flags = flags;
	dk_reply_finish(worker, status, 0);
}
