// SPDX-License-Identifier: LGPL-3.0-or-later
// dispatch_create.c - IRP_MJ_CREATE: choosing CreateFile / OpenDirectory /
// CreateDirectory and converting the NT disposition (facts 2.2).
#include "dk_dll.h"

#define DK_FILE_SUPERSEDE    0
#define DK_FILE_OPEN         1
#define DK_FILE_CREATE       2
#define DK_FILE_OPEN_IF      3
#define DK_FILE_OVERWRITE    4
#define DK_FILE_OVERWRITE_IF 5

#define DK_OPTION_DIRECTORY_FILE 0x00000001
#define DK_OPTION_NON_DIRECTORY_FILE 0x00000040
#define DK_OPTION_DELETE_ON_CLOSE 0x00001000

#define DK_FILE_SUPERSEDED  0
#define DK_FILE_OPENED      1
#define DK_FILE_CREATED     2
#define DK_FILE_OVERWRITTEN 3
#define DK_FILE_EXISTS      4
#define DK_FILE_DOES_NOT_EXIST 5

static const DWORD dk_win32_disposition[] = {
	[DK_FILE_SUPERSEDE] = CREATE_ALWAYS,     /* replace (decision 4) */
	[DK_FILE_OPEN] = OPEN_EXISTING,
	[DK_FILE_CREATE] = CREATE_NEW,
	[DK_FILE_OPEN_IF] = OPEN_ALWAYS,
	[DK_FILE_OVERWRITE] = TRUNCATE_EXISTING,
	[DK_FILE_OVERWRITE_IF] = CREATE_ALWAYS,
};

/* Information for a successful create (facts 2.2; supersede reports FILE_SUPERSEDED). */
static ULONG dk_create_information(ULONG disposition, int result)
{
	BOOL existed = result == ERROR_ALREADY_EXISTS;
	switch (disposition) {
	case DK_FILE_SUPERSEDE: return existed ? DK_FILE_SUPERSEDED : DK_FILE_CREATED;
	case DK_FILE_CREATE: return existed ? DK_FILE_OPENED : DK_FILE_CREATED;
	case DK_FILE_OPEN_IF: return existed ? DK_FILE_OPENED : DK_FILE_CREATED;
	case DK_FILE_OVERWRITE: return DK_FILE_OVERWRITTEN;
	case DK_FILE_OVERWRITE_IF: return existed ? DK_FILE_OVERWRITTEN : DK_FILE_CREATED;
	default: return DK_FILE_OPENED;
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

static int dk_call_file_create(PDOKAN_OPERATIONS ops, const DK_EVENT *event, ULONG disposition, PDOKAN_FILE_INFO info)
{
	const DK_CREATE_PARAMS *params = &event->Params.Create;
	DWORD flags = params->FileAttributes;
	if (!ops->CreateFile)
		return -ERROR_INVALID_FUNCTION;
	if (params->CreateOptions & DK_OPTION_DELETE_ON_CLOSE)
		flags |= FILE_FLAG_DELETE_ON_CLOSE;
	return ops->CreateFile(dk_event_name(event), params->DesiredAccess, params->ShareAccess,
		dk_win32_disposition[disposition], flags, info);
}

/* What NTFS refuses only once it knows whether the name is a folder, which the file
 * system tells us by opening it. */
static NTSTATUS dk_check_opened_kind(const DK_EVENT *event, ULONG options, const DOKAN_FILE_INFO *info)
{
	if (!info->IsDirectory && (event->FileFlags & DK_FILE_TRAILING_BACKSLASH))
		return (NTSTATUS)0xC0000033L; /* OBJECT_NAME_INVALID: "file\" */
	if (info->IsDirectory && (options & DK_OPTION_NON_DIRECTORY_FILE))
		return (NTSTATUS)0xC00000BAL; /* FILE_IS_A_DIRECTORY */
	return STATUS_SUCCESS;
}

/* Closes an open the file system made for a create we then refuse; an object this open
 * created is deleted again. */
static void dk_undo_open(DK_INSTANCE *instance, const DK_EVENT *event, DOKAN_FILE_INFO *info, BOOL created)
{
	PDOKAN_OPERATIONS ops = instance->Operations;
	info->DeleteOnClose = created ? 1 : 0;
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
	NTSTATUS status = result < 0 ? dk_status_from_create_result(result) : refusal;

	/* a rename/link target probe of a missing name is not an error (facts 2.2) */
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
			dk_reply_finish(worker, (NTSTATUS)0xC000009AL /* INSUFFICIENT_RESOURCES */, 0);
		return;
	}
	dk_fileinfo_init(&info, instance, event, open);
	info.DeleteOnClose = 0; /* the create path never reports handle flags (facts 2.1) */
	if (disposition > DK_FILE_OVERWRITE_IF)
		result = -ERROR_INVALID_PARAMETER;
	else if (options & DK_OPTION_DIRECTORY_FILE)
		result = dk_call_directory_create(instance->Operations, dk_event_name(event), disposition, &info);
	else
		result = dk_call_file_create(instance->Operations, event, disposition, &info);
	refusal = result < 0 ? STATUS_SUCCESS : dk_check_opened_kind(event, options, &info);
	if (refusal != STATUS_SUCCESS)
		dk_undo_open(instance, event, &info, dk_create_information(disposition, result) == DK_FILE_CREATED);
	open->IsDirectory = info.IsDirectory ? 1 : 0;
	open->FileName = _wcsdup(dk_event_name(event));
	dk_fileinfo_store(&info, open);
	dk_reply_create(worker, event, open, &info, disposition, result, refusal);
	if (!worker->ReplyLength || worker->Reply->Status != STATUS_SUCCESS)
		dk_open_free(open);
}
