/* SPDX-License-Identifier: LGPL-3.0-or-later
 * directory.c - IRP_MJ_DIRECTORY_CONTROL: directory listings are forwarded to user mode;
 * the search pattern and the enumeration index live in the handle's CCB. Change
 * notification is answered in the driver (notify.c). */
#include "dk.h"

/* The pattern of the first query on a handle sticks; SL_RESTART_SCAN with a pattern
 * replaces it (docs/differences.md D6). An empty or missing first pattern matches
 * everything. */
static NTSTATUS DkTakePattern(DK_CCB *ccb, PUNICODE_STRING pattern, ULONG flags)
{
	PWCH fresh = NULL, old = NULL;
	KIRQL irql;

	if (pattern && pattern->Length) {
		if (!pattern->Buffer || (pattern->Length & 1))
			return STATUS_INVALID_PARAMETER;
		fresh = DkAlloc(pattern->Length);
		if (!fresh)
			return STATUS_INSUFFICIENT_RESOURCES;
		RtlCopyMemory(fresh, pattern->Buffer, pattern->Length);
	}
	DkMountLock(ccb->Mount, &irql);
	if (!ccb->PatternSet || ((flags & SL_RESTART_SCAN) && fresh)) {
		old = ccb->Pattern.Buffer;
		ccb->Pattern.Buffer = fresh;
		ccb->Pattern.Length = ccb->Pattern.MaximumLength = fresh ? pattern->Length : 0;
		ccb->PatternSet = TRUE;
		fresh = NULL;
	}
	DkMountUnlock(ccb->Mount, irql);
	DkFree(fresh);
	DkFree(old);
	return STATUS_SUCCESS;
}

static ULONG DkStartIndex(DK_CCB *ccb, PIO_STACK_LOCATION stack)
{
	if (stack->Flags & SL_INDEX_SPECIFIED)
		return stack->Parameters.QueryDirectory.FileIndex;
	if (stack->Flags & SL_RESTART_SCAN)
		return 0;
	return ccb->DirectoryIndex;
}

static void DkQueryDirectoryComplete(DK_REQUEST *request, const DK_REPLY *reply, NTSTATUS failure)
{
	PIRP irp = request->Irp;
	ULONG length = IoGetCurrentIrpStackLocation(irp)->Parameters.QueryDirectory.Length;

	DkCompleteWithData(irp, reply, failure, DkIrpDataBuffer(irp), length);
	if (NT_SUCCESS(irp->IoStatus.Status))
		request->Ccb->DirectoryIndex = (ULONG)reply->Value;
}

static DK_REQUEST *DkBuildDirectoryRequest(DK_MOUNT *mount, PIRP irp, DK_CCB *ccb, PIO_STACK_LOCATION stack)
{
	DK_REQUEST *request;
	DK_DIRECTORY_PARAMS *params;
	KIRQL irql;

	/* the pattern may change under a concurrent query: size and copy it under the lock,
	 * which also keeps the FCB's path block (DK_PATH) in place */
	DkMountLock(mount, &irql);
	request = DkRequestAllocate(mount, irp, ccb, &ccb->Fcb->Path->Name, ccb->Pattern.Length + sizeof(WCHAR));
	if (request) {
		params = &request->Event->Params.Directory;
		params->InformationClass = stack->Parameters.QueryDirectory.FileInformationClass;
		params->FileIndex = DkStartIndex(ccb, stack);
		params->BufferLength = stack->Parameters.QueryDirectory.Length;
		if (ccb->Pattern.Length) {
			params->PatternOffset = DkEventExtraOffset(request);
			params->PatternLength = ccb->Pattern.Length;
			RtlCopyMemory(DkEventExtra(request), ccb->Pattern.Buffer, ccb->Pattern.Length);
		}
	}
	DkMountUnlock(mount, irql);
	return request;
}

static NTSTATUS DkQueryDirectory(DK_MOUNT *mount, PIRP irp, DK_CCB *ccb)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	NTSTATUS status;

	if (!DkIrpCallerBuffer(irp, stack->Parameters.QueryDirectory.Length))
		return DkCompleteIrp(irp, STATUS_INVALID_USER_BUFFER, 0);
	status = DkTakePattern(ccb, (PUNICODE_STRING)stack->Parameters.QueryDirectory.FileName, stack->Flags);
	if (!NT_SUCCESS(status))
		return DkCompleteIrp(irp, status, 0);
	return DkForward(DkBuildDirectoryRequest(mount, irp, ccb, stack), irp, DkQueryDirectoryComplete);
}

/* Only directories can be watched (notify.c does the rest). */
static NTSTATUS DkNotifyChangeDirectoryOf(DK_MOUNT *mount, PIRP irp, DK_CCB *ccb)
{
	if (!(ccb->Fcb->Flags & DK_FCB_DIRECTORY))
		return DkCompleteIrp(irp, STATUS_INVALID_PARAMETER, 0);
	return DkNotifyChangeDirectory(mount, irp, ccb);
}

NTSTATUS NTAPI DkDispatchDirectoryControl(PDEVICE_OBJECT device, PIRP irp)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	DK_MOUNT *mount;
	DK_CCB *ccb;
	NTSTATUS status = DkFileRequestBegin(device, irp, &mount, &ccb);

	if (!NT_SUCCESS(status))
		return DkCompleteIrp(irp, status, 0);
	if (stack->MinorFunction == IRP_MN_QUERY_DIRECTORY)
		return DkQueryDirectory(mount, irp, ccb);
	if (stack->MinorFunction == IRP_MN_NOTIFY_CHANGE_DIRECTORY)
		return DkNotifyChangeDirectoryOf(mount, irp, ccb);
	return DkCompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}
