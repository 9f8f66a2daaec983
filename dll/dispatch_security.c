/* SPDX-License-Identifier: LGPL-3.0-or-later
 * dispatch_security.c - IRP_MJ_QUERY_SECURITY and IRP_MJ_SET_SECURITY
 * (docs/behaviour.md, "Security"). Neither copies Context back into the open: 0.6.0 did
 * not (docs/behaviour.md, "Common rules for every request"). */
#include "dk_dll.h"


/* A self-relative descriptor cannot exceed 20 bytes of header, two SIDs of at most 68
 * bytes and two ACLs of at most 64 KiB; the reply buffer never needs to be larger, however
 * big the caller's buffer is. */
#define DK_SECURITY_REPLY_MAX (256u * 1024u)

/* The security callbacks are the last two entries of DOKAN_OPERATIONS: a file system
 * written for an older Dokan (Version < 600, a drive letter there) has a shorter table. */
static BOOL dk_security_callbacks_exist(const DK_INSTANCE *instance)
{
	return instance->Options->Version >= DOKAN_SECURITY_SUPPORTED_VERSION;
}

/* A descriptor that does not fit is reported as STATUS_BUFFER_OVERFLOW with the size
 * needed, which the driver passes on as the IRP's Information
 * (docs/behaviour.md, "Security"). */
static NTSTATUS dk_query_security_status(int result, ULONG needed, ULONG callerLength)
{
	if (result == -ERROR_INSUFFICIENT_BUFFER && needed > 0)
		return STATUS_BUFFER_OVERFLOW;
	if (result < 0)
		return dk_status_from_result(result, STATUS_INVALID_PARAMETER);
	if (needed > callerLength)
		return STATUS_BUFFER_OVERFLOW;
	return STATUS_SUCCESS;
}

void dk_dispatch_query_security(DK_WORKER *worker, const DK_EVENT *event)
{
	PDOKAN_OPERATIONS ops = worker->Instance->Operations;
	ULONG callerLength = event->Params.Security.BufferLength;
	ULONG capacity = min(callerLength, DK_SECURITY_REPLY_MAX);
	SECURITY_INFORMATION what = event->Params.Security.SecurityInformation;
	DK_REPLY *reply = dk_reply_begin(worker, event, capacity);
	DOKAN_FILE_INFO info;
	ULONG needed = 0;
	NTSTATUS status;
	int result = -ERROR_CALL_NOT_IMPLEMENTED;

	if (!reply)
		return;
	dk_fileinfo_init(&info, worker->Instance, event, dk_open_of(event));
	if (dk_security_callbacks_exist(worker->Instance) && ops->GetFileSecurity)
		result = ops->GetFileSecurity(dk_event_name(event), &what, reply + 1, capacity, &needed, &info);
	status = dk_query_security_status(result, needed, capacity);
	dk_debug(DKF_DEBUG_PREFIX "GetFileSecurity %ls 0x%lx length %lu: %d, needed %lu, status 0x%08lx\n",
		dk_event_name(event), event->Params.Security.SecurityInformation, callerLength, result, needed, status);
	if (status == STATUS_BUFFER_OVERFLOW)
		reply->Information = needed;
	/* an FS that leaves LengthNeeded at 0 answers an empty descriptor, as with 0.6.0 */
	dk_reply_finish(worker, status, status == STATUS_SUCCESS ? needed : 0);
}

void dk_dispatch_set_security(DK_WORKER *worker, const DK_EVENT *event)
{
	PDOKAN_OPERATIONS ops = worker->Instance->Operations;
	const DK_SECURITY_PARAMS *params = &event->Params.Security;
	const void *descriptor = dk_event_data(event, params->DataOffset, params->DataLength);
	SECURITY_INFORMATION what = params->SecurityInformation;
	DOKAN_FILE_INFO info;
	NTSTATUS status;
	int result = -1; /* no callback, or no descriptor: STATUS_INVALID_PARAMETER as 0.6.0 */

	dk_fileinfo_init(&info, worker->Instance, event, dk_open_of(event));
	if (descriptor && params->DataLength && dk_security_callbacks_exist(worker->Instance) && ops->SetFileSecurity)
		result = ops->SetFileSecurity(dk_event_name(event), &what, (PSECURITY_DESCRIPTOR)descriptor,
			params->DataLength, &info);
	status = dk_status_from_result(result, STATUS_INVALID_PARAMETER);
	dk_debug(DKF_DEBUG_PREFIX "SetFileSecurity %ls 0x%lx length %lu: %d, status 0x%08lx\n", dk_event_name(event),
		params->SecurityInformation, params->DataLength, result, status);
	dk_reply_status(worker, event, status);
}
