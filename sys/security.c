/* SPDX-License-Identifier: LGPL-3.0-or-later
 * security.c - IRP_MJ_QUERY_SECURITY and IRP_MJ_SET_SECURITY, forwarded to user mode
 * (docs/behaviour.md, "Security"). The driver keeps no descriptors of its own and checks no
 * access. */
#include "dk.h"

/* A query whose buffer is too small ends with STATUS_BUFFER_OVERFLOW and the size needed
 * in Information: that is how NtQuerySecurityObject learns the length to report. */
static void DkQuerySecurityComplete(DK_REQUEST *request, const DK_REPLY *reply, NTSTATUS failure)
{
	PIRP irp = request->Irp;
	ULONG length = request->Event->Params.Security.BufferLength;

	if (reply && reply->Status == STATUS_BUFFER_OVERFLOW && reply->DataLength == 0) {
		irp->IoStatus.Status = STATUS_BUFFER_OVERFLOW;
		irp->Flags &= ~IRP_INPUT_OPERATION; /* Information is a size, not bytes to copy back */
		irp->IoStatus.Information = (ULONG_PTR)min(reply->Information, (ULONG64)MAXULONG);
		return;
	}
	DkCompleteWithData(irp, reply, failure, DkIrpDataBuffer(irp), length);
}

NTSTATUS NTAPI DkDispatchQuerySecurity(PDEVICE_OBJECT device, PIRP irp)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	ULONG length = stack->Parameters.QuerySecurity.Length;
	DK_MOUNT *mount;
	DK_CCB *ccb;
	DK_REQUEST *request;
	NTSTATUS status = DkFileRequestBegin(device, irp, &mount, &ccb);

	if (!NT_SUCCESS(status))
		return DkCompleteIrp(irp, status, 0);
	/* a zero-length query is the usual way to ask for the size, and needs no buffer */
	if (length && !DkIrpCallerBuffer(irp, length))
		return DkCompleteIrp(irp, STATUS_INVALID_USER_BUFFER, 0);
	DK_DEBUG_FILE(ccb, "query security %.*ws info 0x%lx length %lu\n",
		stack->Parameters.QuerySecurity.SecurityInformation, length);
	request = DkRequestForFile(mount, irp, ccb, 0);
	if (request) {
		request->Event->Params.Security.SecurityInformation = stack->Parameters.QuerySecurity.SecurityInformation;
		request->Event->Params.Security.BufferLength = length;
	}
	return DkForward(request, irp, DkQuerySecurityComplete);
}

/* The size of a self-relative descriptor whose parts all lie inside that size; 0 for
 * anything else. The I/O manager hands over a captured self-relative descriptor; an
 * absolute one would hold pointers that mean nothing in user mode. */
static ULONG DkSelfRelativeLength(PSECURITY_DESCRIPTOR descriptor)
{
	const SECURITY_DESCRIPTOR_RELATIVE *header = descriptor;
	ULONG length;

	if (!header || header->Revision != SECURITY_DESCRIPTOR_REVISION || !(header->Control & SE_SELF_RELATIVE))
		return 0;
	length = RtlLengthSecurityDescriptor(descriptor);
	if (length < sizeof(*header) || !RtlValidRelativeSecurityDescriptor(descriptor, length, 0))
		return 0;
	return length;
}

static void DkSetSecurityComplete(DK_REQUEST *request, const DK_REPLY *reply, NTSTATUS failure)
{
	DkCompleteWithData(request->Irp, reply, failure, NULL, 0);
	if (NT_SUCCESS(request->Irp->IoStatus.Status))
		DkReportRequestChange(request, FILE_NOTIFY_CHANGE_SECURITY, FILE_ACTION_MODIFIED);
}

NTSTATUS NTAPI DkDispatchSetSecurity(PDEVICE_OBJECT device, PIRP irp)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	PSECURITY_DESCRIPTOR descriptor = stack->Parameters.SetSecurity.SecurityDescriptor;
	DK_MOUNT *mount;
	DK_CCB *ccb;
	DK_REQUEST *request;
	ULONG length;
	NTSTATUS status = DkFileRequestBegin(device, irp, &mount, &ccb);

	if (!NT_SUCCESS(status))
		return DkCompleteIrp(irp, status, 0);
	if (!descriptor)
		return DkCompleteIrp(irp, STATUS_INVALID_PARAMETER, 0);
	length = DkSelfRelativeLength(descriptor);
	if (!length)
		return DkCompleteIrp(irp, STATUS_INVALID_SECURITY_DESCR, 0);
	DK_DEBUG_FILE(ccb, "set security %.*ws info 0x%lx length %lu\n",
		stack->Parameters.SetSecurity.SecurityInformation, length);
	request = DkRequestForFile(mount, irp, ccb, length);
	if (request) {
		DK_SECURITY_PARAMS *params = &request->Event->Params.Security;
		params->SecurityInformation = stack->Parameters.SetSecurity.SecurityInformation;
		params->DataOffset = DkEventExtraOffset(request);
		params->DataLength = length;
		RtlCopyMemory(DkEventExtra(request), descriptor, length);
	}
	return DkForward(request, irp, DkSetSecurityComplete);
}
