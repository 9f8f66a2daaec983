/* SPDX-License-Identifier: LGPL-3.0-or-later
 * dispatch_create.c - IRP_MJ_CREATE: choosing CreateFile / OpenDirectory /
 * CreateDirectory and converting the NT disposition
 * (docs/behaviour.md, "Create: dispositions and statuses"). */
#include "dk_dll.h"

#define DK_FILE_SUPERSEDE    0
#define DK_FILE_OPEN         1
#define DK_FILE_CREATE       2
#define DK_FILE_OPEN_IF      3
#define DK_FILE_OVERWRITE    4
#define DK_FILE_OVERWRITE_IF 5

#define DK_OPTION_DIRECTORY_FILE     0x00000001
#define DK_OPTION_NON_DIRECTORY_FILE 0x00000040
#define DK_OPTION_DELETE_ON_CLOSE    0x00001000

#define DK_FILE_SUPERSEDED     0
#define DK_FILE_OPENED         1
#define DK_FILE_CREATED        2
#define DK_FILE_OVERWRITTEN    3
#define DK_FILE_EXISTS         4
#define DK_FILE_DOES_NOT_EXIST 5

static const DWORD dk_win32_disposition[] = {
	[DK_FILE_SUPERSEDE] = CREATE_ALWAYS, /* replace (docs/differences.md D4) */
	[DK_FILE_OPEN] = OPEN_EXISTING,
	[DK_FILE_CREATE] = CREATE_NEW,
	[DK_FILE_OPEN_IF] = OPEN_ALWAYS,
	[DK_FILE_OVERWRITE] = TRUNCATE_EXISTING,
	[DK_FILE_OVERWRITE_IF] = CREATE_ALWAYS,
};

/* Information for a successful create (docs/behaviour.md, "Create: dispositions and statuses";
 * supersede reports FILE_SUPERSEDED, docs/differences.md D4). */
static ULONG dk_create_information(ULONG disposition, int result)
{
	BOOL existed = result == ERROR_ALREADY_EXISTS;
	switch (disposition) {
	case DK_FILE_SUPERSEDE:
		return existed ? DK_FILE_SUPERSEDED : DK_FILE_CREATED;
	case DK_FILE_CREATE:
		return existed ? DK_FILE_OPENED : DK_FILE_CREATED;
	case DK_FILE_OPEN_IF:
		return existed ? DK_FILE_OPENED : DK_FILE_CREATED;
	case DK_FILE_OVERWRITE:
		return DK_FILE_OVERWRITTEN;
	case DK_FILE_OVERWRITE_IF:
		return existed ? DK_FILE_OVERWRITTEN : DK_FILE_CREATED;
	default:
		return DK_FILE_OPENED;
	}
}

/* FILE_OPEN_IF on a folder that exists: 0.6.0 only called CreateDirectory, whose
 * "already exists" failed the open; NTFS opens the folder (positive 183 = opened). */
static int dk_call_directory_open_if(PDOKAN_OPERATIONS ops, const WCHAR *name, PDOKAN_FILE_INFO info)
{
	int result = ops->CreateDirectory ? ops->CreateDirectory(name, info) : -ERROR_INVALID_FUNCTION;
	if ((result != -ERROR_ALREADY_EXISTS && result != -ERROR_FILE_EXISTS) || !ops->OpenDirectory)
		return result;
	result = ops->OpenDirectory(name, info);
	return result < 0 ? result : ERROR_ALREADY_EXISTS;
}

static int dk_call_directory_create(PDOKAN_OPERATIONS ops, const WCHAR *name, ULONG disposition, PDOKAN_FILE_INFO info)
{
	info->IsDirectory = 1;
	if (disposition == DK_FILE_OPEN_IF)
		return dk_call_directory_open_if(ops, name, info);
	if (disposition == DK_FILE_CREATE)
		return ops->CreateDirectory ? ops->CreateDirectory(name, info) : -ERROR_INVALID_FUNCTION;
	if (disposition == DK_FILE_OPEN)
		return ops->OpenDirectory ? ops->OpenDirectory(name, info) : -ERROR_INVALID_FUNCTION;
	return -ERROR_INVALID_PARAMETER;
}

/* FILE_DELETE_ON_CLOSE is not handed to CreateFile as FILE_FLAG_DELETE_ON_CLOSE (0.6.0
 * did): a file system that passed it on to a backing store would delete the object when
 * its handle closes, even for an open this DLL then refuses (a DeleteFileW of a folder
 * deleted the folder). The option reaches the file system as DeleteOnClose in Cleanup,
 * where 0.6.0's own mirror deletes (docs/differences.md D3). */
static int dk_call_file_create(PDOKAN_OPERATIONS ops, const DK_EVENT *event, ULONG disposition, PDOKAN_FILE_INFO info)
{
	const DK_CREATE_PARAMS *params = &event->Params.Create;
	if (!ops->CreateFile)
		return -ERROR_INVALID_FUNCTION;
	return ops->CreateFile(dk_event_name(event), params->DesiredAccess, params->ShareAccess,
		dk_win32_disposition[disposition], params->FileAttributes, info);
}

static BOOL dk_is_not_found(int result)
{
	return result == -ERROR_FILE_NOT_FOUND || result == -ERROR_PATH_NOT_FOUND;
}

/* "name\" (without FILE_DIRECTORY_FILE) can only open a folder. The name is probed as a
 * folder first, so that the file system never creates, truncates or replaces a file for
 * a name NTFS rejects: an existing folder opens (or collides), a missing name is not
 * found for the opening dispositions, anything else is OBJECT_NAME_INVALID. */
static int dk_call_trailing_backslash(PDOKAN_OPERATIONS ops, const DK_EVENT *event, ULONG options, ULONG disposition,
	PDOKAN_FILE_INFO info, NTSTATUS *refusal)
{
	BOOL opening = disposition == DK_FILE_OPEN || disposition == DK_FILE_OVERWRITE;
	int result;

	if (ops->OpenDirectory) {
		result = ops->OpenDirectory(dk_event_name(event), info);
		info->IsDirectory = result >= 0;
	} else { /* a file system without OpenDirectory opens folders in CreateFile */
		result = dk_call_file_create(ops, event, DK_FILE_OPEN, info);
	}
	if (result >= 0 && (!info->IsDirectory || (options & DK_OPTION_NON_DIRECTORY_FILE)))
		*refusal = STATUS_OBJECT_NAME_INVALID; /* "file\", or a folder named as a file */
	else if (result >= 0 && disposition != DK_FILE_OPEN && disposition != DK_FILE_OPEN_IF)
		*refusal = STATUS_OBJECT_NAME_COLLISION; /* as for "folder" */
	else if (result < 0 && !(opening && dk_is_not_found(result)))
		*refusal = STATUS_OBJECT_NAME_INVALID;
	return result >= 0 ? ERROR_ALREADY_EXISTS : result; /* opened, never created */
}

/* What NTFS refuses only once it knows whether the name is a folder, which the file
 * system tells us by opening it (an open that changes nothing: decided before any
 * delete-on-close, see dk_call_file_create). */
static NTSTATUS dk_check_opened_kind(ULONG options, const DOKAN_FILE_INFO *info)
{
	if (info->IsDirectory && (options & DK_OPTION_NON_DIRECTORY_FILE))
		return STATUS_FILE_IS_A_DIRECTORY;
	return STATUS_SUCCESS;
}

/* A replacing disposition can only collide with a folder: with FILE_NON_DIRECTORY_FILE
 * NTFS says FILE_IS_A_DIRECTORY (CreateFileW's CREATE_ALWAYS on a folder: access denied). */
static NTSTATUS dk_check_failed_kind(ULONG options, ULONG disposition, int result)
{
	BOOL replacing = disposition == DK_FILE_SUPERSEDE || disposition == DK_FILE_OVERWRITE ||
	                 disposition == DK_FILE_OVERWRITE_IF;
	BOOL collided = result == -ERROR_FILE_EXISTS || result == -ERROR_ALREADY_EXISTS;

	if (replacing && collided && (options & DK_OPTION_NON_DIRECTORY_FILE))
		return STATUS_FILE_IS_A_DIRECTORY;
	return STATUS_SUCCESS;
}

/* FILE_DELETE_ON_CLOSE on a read-only file or folder: NTFS refuses the open with
 * STATUS_CANNOT_DELETE (0.6.0's mirror failed it in CreateFile with the flag). */
static NTSTATUS dk_check_deletable(PDOKAN_OPERATIONS ops, const DK_EVENT *event, ULONG options, PDOKAN_FILE_INFO info)
{
	BY_HANDLE_FILE_INFORMATION data;

	if (!(options & DK_OPTION_DELETE_ON_CLOSE) || !ops->GetFileInformation)
		return STATUS_SUCCESS;
	ZeroMemory(&data, sizeof(data));
	if (ops->GetFileInformation(dk_event_name(event), &data, info) < 0)
		return STATUS_SUCCESS; /* the delete at cleanup will tell */
	return (data.dwFileAttributes & FILE_ATTRIBUTE_READONLY) ? STATUS_CANNOT_DELETE : STATUS_SUCCESS;
}

/* Closes an open the file system made for a create we then refuse. It deletes only when
 * asked for an object a FILE_CREATE made (that disposition succeeds only by creating);
 * anything else may have existed before the open, and whether a file system created
 * something is otherwise only its return value's claim (docs/open-and-share.md). */
static void dk_undo_open(DK_INSTANCE *instance, const DK_EVENT *event, DOKAN_FILE_INFO *info, BOOL deleteCreated)
{
	PDOKAN_OPERATIONS ops = instance->Operations;
	info->DeleteOnClose = deleteCreated ? 1 : 0;
	if (info->DeleteOnClose && ops->SetFileAttributes) /* it may have been created read-only */
		ops->SetFileAttributes(dk_event_name(event), FILE_ATTRIBUTE_NORMAL, info);
	if (ops->Cleanup)
		ops->Cleanup(dk_event_name(event), info);
	info->DeleteOnClose = 0;
	if (ops->CloseFile)
		ops->CloseFile(dk_event_name(event), info);
}

static void dk_reply_create(DK_WORKER *worker, const DK_EVENT *event, DK_OPEN *open, const DOKAN_FILE_INFO *info,
	ULONG disposition, int result, NTSTATUS refusal)
{
	DK_REPLY *reply = dk_reply_begin(worker, event, 0);
	NTSTATUS status = refusal != STATUS_SUCCESS ? refusal
	                  : result < 0              ? dk_status_from_create_result(result)
	                                            : STATUS_SUCCESS;

	/* a rename/link target probe of a missing name is not an error, as in 0.6.0
	 * (docs/behaviour.md, "Create: dispositions and statuses") */
	if (result == -ERROR_FILE_NOT_FOUND && (event->IrpFlags & SL_OPEN_TARGET_DIRECTORY))
		status = STATUS_SUCCESS;
	if (!reply)
		return;
	if (status == STATUS_SUCCESS) {
		reply->Context = (ULONG64)(ULONG_PTR)open;
		reply->Information = result < 0 ? DK_FILE_DOES_NOT_EXIST : dk_create_information(disposition, result);
		reply->Flags = DK_REPLY_OPENED | (info->IsDirectory ? DK_REPLY_DIRECTORY : 0);
	} else {
		BOOL collision = result == -ERROR_FILE_EXISTS || result == -ERROR_ALREADY_EXISTS;
		reply->Information = collision ? DK_FILE_EXISTS : DK_FILE_DOES_NOT_EXIST;
	}
	dk_reply_finish(worker, status, 0);
}

/* The callbacks an open calls; *refusal is a status decided before the file system
 * could change anything, else STATUS_SUCCESS. */
static int dk_call_create(PDOKAN_OPERATIONS ops, const DK_EVENT *event, ULONG options, ULONG disposition,
	PDOKAN_FILE_INFO info, NTSTATUS *refusal)
{
	*refusal = STATUS_SUCCESS;
	if (disposition > DK_FILE_OVERWRITE_IF)
		return -ERROR_INVALID_PARAMETER;
	if (options & DK_OPTION_DIRECTORY_FILE)
		return dk_call_directory_create(ops, dk_event_name(event), disposition, info);
	if (event->FileFlags & DK_FILE_TRAILING_BACKSLASH)
		return dk_call_trailing_backslash(ops, event, options, disposition, info, refusal);
	return dk_call_file_create(ops, event, disposition, info);
}

void dk_dispatch_create(DK_WORKER *worker, const DK_EVENT *event)
{
	DK_INSTANCE *instance = worker->Instance;
	ULONG options = event->Params.Create.CreateOptions & 0x00FFFFFF;
	ULONG disposition = event->Params.Create.CreateOptions >> 24;
	DK_OPEN *open = dk_open_create(instance);
	DOKAN_FILE_INFO info;
	NTSTATUS refusal;
	int result;

	if (!open) {
		if (dk_reply_begin(worker, event, 0))
			dk_reply_finish(worker, STATUS_INSUFFICIENT_RESOURCES, 0);
		return;
	}
	dk_fileinfo_init(&info, instance, event, open);
	/* the create path never reports handle flags
	 * (docs/behaviour.md, "Common rules for every request") */
	info.DeleteOnClose = 0;
	result = dk_call_create(instance->Operations, event, options, disposition, &info, &refusal);
	if (refusal == STATUS_SUCCESS)
		refusal = result < 0 ? dk_check_failed_kind(options, disposition, result)
		                     : dk_check_opened_kind(options, &info);
	if (refusal == STATUS_SUCCESS && result >= 0)
		refusal = dk_check_deletable(instance->Operations, event, options, &info);
	if (refusal != STATUS_SUCCESS && result >= 0)
		dk_undo_open(instance, event, &info, refusal == STATUS_CANNOT_DELETE && disposition == DK_FILE_CREATE);
	open->IsDirectory = info.IsDirectory ? 1 : 0;
	open->FileName = _wcsdup(dk_event_name(event));
	dk_fileinfo_store(&info, open);
	dk_reply_create(worker, event, open, &info, disposition, result, refusal);
	if (!worker->ReplyLength || worker->Reply->Status != STATUS_SUCCESS)
		dk_open_free(open);
}
