// SPDX-License-Identifier: LGPL-3.0-or-later
/* ioh.c - requests to iohost.sys on a bound handle (iohost_protocol.h, "Bind mode"). All go
 * through the real NtDeviceIoControlFile, never through a hook. */
#include "shim.h"

#include <string.h>
#include <wchar.h>

/* Waits for a request Wine left pending: the event is ours, so nothing of the caller's is
 * signalled; no APC context, so a completion port bound to the handle gets no packet. */
NTSTATUS shim_ioh_call(HANDLE handle, BOOL synchronous, ULONG code, const void *in, ULONG in_bytes,
	void *out, ULONG out_bytes, ULONG_PTR *got)
{
	IO_STATUS_BLOCK iosb;
	HANDLE event = NULL;
	NTSTATUS status;

	*got = 0;
	if (!synchronous) {
		status = NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, 0 /* NotificationEvent */, FALSE);
		if (!NT_SUCCESS(status))
			return status;
	}
	iosb.Status = STATUS_PENDING;
	iosb.Information = 0;
	status = real_NtDeviceIoControlFile(handle, event, NULL, NULL, &iosb, code, (void *)in, in_bytes,
		out, out_bytes);
	if (status == STATUS_PENDING && event) {
		NtWaitForSingleObject(event, FALSE, NULL);
		status = iosb.Status;
	}
	if (event)
		real_NtClose(event);
	if (NT_SUCCESS(status))
		*got = iosb.Information;
	return status;
}

static IOH_IRP_REQUEST *build_request(const shim_irp *irp, ULONG file_id, ULONG *bytes)
{
	IOH_IRP_REQUEST *request;

	*bytes = (ULONG)sizeof(*request) + irp->input_bytes;
	request = shim_alloc(*bytes);
	if (!request)
		return NULL;
	request->Size = sizeof(*request);
	request->FileId = file_id;
	request->MajorFunction = irp->major;
	request->MinorFunction = irp->minor;
	request->StackFlags = irp->stack_flags;
	request->Flags = irp->flags;
	request->InputBytes = irp->input_bytes;
	request->OutputBytes = irp->output_bytes;
	memcpy(request->Args, irp->args, sizeof(request->Args));
	if (irp->input_bytes)
		memcpy(request + 1, irp->input, irp->input_bytes);
	return request;
}

NTSTATUS shim_irp_send(HANDLE handle, const shim_handle_info *info, shim_irp *irp)
{
	ULONG request_bytes, result_bytes;
	IOH_IRP_REQUEST *request;
	IOH_IRP_RESULT *result;
	ULONG_PTR got;
	NTSTATUS status;

	if (irp->input_bytes > IOH_MAX_DATA_BYTES || irp->output_bytes > IOH_MAX_DATA_BYTES)
		return STATUS_INVALID_PARAMETER;
	request = build_request(irp, 0, &request_bytes);
	result_bytes = (ULONG)sizeof(*result) + irp->output_bytes;
	result = shim_alloc(result_bytes);
	if (!request || !result) {
		shim_free(request);
		shim_free(result);
		return STATUS_NO_MEMORY;
	}
	status = shim_ioh_call(handle, info->synchronous, IOCTL_IOH_IRP, request, request_bytes, result,
		result_bytes, &got);
	if (NT_SUCCESS(status) && got < sizeof(*result))
		status = STATUS_INVALID_NETWORK_RESPONSE; /* iohost always writes the header */
	if (NT_SUCCESS(status)) {
		irp->status = result->Status;
		irp->information = (ULONG_PTR)result->Information;
		irp->data_bytes = min(result->DataBytes, irp->output_bytes);
		if (irp->data_bytes)
			memcpy(irp->output, result + 1, irp->data_bytes);
	}
	shim_free(request);
	shim_free(result);
	return status;
}

NTSTATUS shim_irp_send_bound(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, PVOID apc_context,
	PIO_STATUS_BLOCK iosb, const shim_irp *irp)
{
	IOH_IRP_REQUEST *request;
	ULONG request_bytes;
	NTSTATUS status;

	if (irp->input_bytes > IOH_MAX_DATA_BYTES || irp->output_bytes > IOH_MAX_DATA_BYTES)
		return STATUS_INVALID_PARAMETER;
	request = build_request(irp, 0, &request_bytes);
	if (!request)
		return STATUS_NO_MEMORY;
	/* METHOD_BUFFERED: the request is copied when the call starts, so it may go now */
	status = real_NtDeviceIoControlFile(handle, event, apc, apc_context, iosb, IOCTL_IOH_BOUND_IRP,
		request, request_bytes, irp->output, irp->output_bytes);
	shim_free(request);
	return status;
}

NTSTATUS shim_bound_state(HANDLE handle, IOH_FILE_STATE *state)
{
	IOH_FILE_REQUEST request = { sizeof(request), 0 };
	ULONG_PTR got;
	NTSTATUS status;

	memset(state, 0, sizeof(*state));
	status = shim_ioh_call(handle, FALSE, IOCTL_IOH_FILE_STATE, &request, sizeof(request), state,
		sizeof(*state), &got);
	if (NT_SUCCESS(status) && got < sizeof(*state))
		status = STATUS_INVALID_NETWORK_RESPONSE;
	return status;
}

BOOL shim_is_iohost_object(HANDLE handle)
{
	union {
		OBJECT_NAME_INFORMATION info;
		BYTE bytes[sizeof(OBJECT_NAME_INFORMATION) + 128 * sizeof(WCHAR)];
	} name;
	size_t chars = wcslen(IOH_DEVICE_NAME);
	ULONG got = 0;

	if (!NT_SUCCESS(real_NtQueryObject(handle, ObjectNameInformation, &name, sizeof(name), &got)))
		return FALSE;
	return name.info.Name.Length == chars * sizeof(WCHAR) &&
		!_wcsnicmp(name.info.Name.Buffer, IOH_DEVICE_NAME, chars);
}

/* ---- waiting for a closed file ---- */

#define CLOSE_WAIT_MS 10000

static HANDLE control;

/* A handle of the shim's own (never inherited, never bound) for asking about files. */
static HANDLE control_handle(void)
{
	UNICODE_STRING name;
	OBJECT_ATTRIBUTES oa;
	IO_STATUS_BLOCK iosb;
	HANDLE opened;

	if (control)
		return control;
	RtlInitUnicodeString(&name, L"\\??\\DokanIoHost");
	InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
	if (!NT_SUCCESS(real_NtCreateFile(&opened, GENERIC_READ | GENERIC_WRITE | SYNCHRONIZE, &oa, &iosb,
		NULL, 0, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0)))
		return NULL;
	if (InterlockedCompareExchangePointer(&control, opened, NULL))
		real_NtClose(opened); /* another thread was first */
	return control;
}

static BOOL still_open(HANDLE host, ULONG file_id)
{
	IOH_FILE_REQUEST request = { sizeof(request), file_id };
	IOH_FILE_STATE state;
	ULONG_PTR got;

	return NT_SUCCESS(shim_ioh_call(host, TRUE, IOCTL_IOH_FILE_STATE, &request, sizeof(request), &state,
		sizeof(state), &got));
}

void shim_wait_closed(ULONG file_id)
{
	HANDLE host = control_handle();
	DWORD pause = 1, waited = 0;

	while (host && waited < CLOSE_WAIT_MS && still_open(host, file_id)) {
		Sleep(pause);
		waited += pause;
		pause = min(pause * 2, 20);
	}
}
