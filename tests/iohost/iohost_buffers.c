// SPDX-License-Identifier: LGPL-3.0-or-later
/* iohost_buffers.c - the I/O manager's buffering for a user-mode caller, and what it does
 * with a request's buffers at completion.
 *
 * Two modes, chosen per client session from the service key's DWORD "UserModeBuffers"
 * (scripts/wine-env.sh writes it from DOKAN_IOHOST_MODE=user|kernel):
 * - kernel (0): every request comes from a kernel-mode caller (RequestorMode KernelMode)
 *   and its data buffers are iohost's pool copies, handed over as iohost_fill.c lays them
 *   out.
 * - user (1): RequestorMode is UserMode and the buffers are what Windows builds for a
 *   user-mode caller: query/set information and volume queries get a system buffer of
 *   their own (IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER, IRP_INPUT_OPERATION for queries);
 *   read, write and directory listing get an MDL on a DO_DIRECT_IO device (a system
 *   buffer on a DO_BUFFERED_IO one); "neither" requests (query security, change
 *   notification, METHOD_NEITHER FSCTLs) get the bare Irp->UserBuffer.
 *
 * The user's buffer is addressable only in the caller's context, which ends when the
 * dispatch routine returns. iohost cannot unmap its pool, so it poisons the user buffer
 * of a "neither" or buffered request that is still pending when IoCallDriver returns, and
 * at completion a buffer that is no longer all poison means the file system wrote it from
 * another context: the request then fails with STATUS_ACCESS_VIOLATION, as such a write
 * would fault (or corrupt another process) on Windows.
 *
 * At completion, in both modes, as the I/O manager: IRP_BUFFERED_IO | IRP_INPUT_OPERATION
 * copies Information bytes of the system buffer to the user buffer unless the status is
 * an error (more than the user's buffer fails the request with STATUS_DATA_OVERRUN instead
 * of overrunning it), IRP_DEALLOCATE_BUFFER frees the system buffer, and MDLs are freed.
 *
 * MDLs: Wine's MmBuildMdlForNonPagedPool is a no-op (it leaves MdlFlags and MappedSystemVa
 * as IoAllocateMdl made them) and MmMapLockedPagesSpecifyCache returns NULL, so
 * MmGetSystemAddressForMdlSafe would fail. iohost's buffers are nonpaged pool, so it
 * marks the MDL the way MmBuildMdlForNonPagedPool does on Windows (MDL_SOURCE_IS_NONPAGED_POOL,
 * MappedSystemVa = the buffer), and MmGetSystemAddressForMdlSafe returns the address
 * without calling the missing routine. */
#include "iohost.h"

#define IOH_POISON 0xA7
#define IOH_MODE_VALUE L"UserModeBuffers"

static UNICODE_STRING IohServiceKey;

NTSTATUS IohBuffersInit(PCUNICODE_STRING registry_path)
{
	IohServiceKey.Buffer = IohAlloc(registry_path->Length);
	if (!IohServiceKey.Buffer)
		return STATUS_INSUFFICIENT_RESOURCES;
	RtlCopyMemory(IohServiceKey.Buffer, registry_path->Buffer, registry_path->Length);
	IohServiceKey.Length = IohServiceKey.MaximumLength = registry_path->Length;
	return STATUS_SUCCESS;
}

void IohBuffersUninit(void)
{
	IohFree(IohServiceKey.Buffer);
	IohServiceKey.Buffer = NULL;
}

/* Read at every client connect, so a test run can switch modes without restarting iohost. */
BOOLEAN IohUserModeBuffers(void)
{
	struct {
		KEY_VALUE_PARTIAL_INFORMATION info;
		ULONG more;
	} value;
	UNICODE_STRING name;
	OBJECT_ATTRIBUTES oa;
	HANDLE key;
	ULONG got;
	NTSTATUS status;

	InitializeObjectAttributes(&oa, &IohServiceKey, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
	if (!IohServiceKey.Buffer || !NT_SUCCESS(ZwOpenKey(&key, KEY_QUERY_VALUE, &oa)))
		return FALSE;
	RtlInitUnicodeString(&name, IOH_MODE_VALUE);
	status = ZwQueryValueKey(key, &name, KeyValuePartialInformation, &value, sizeof(value), &got);
	ZwClose(key);
	return NT_SUCCESS(status) && value.info.Type == REG_DWORD && value.info.DataLength == sizeof(ULONG) &&
	       *(ULONG *)value.info.Data != 0;
}

/* A system buffer of the I/O manager's own, freed at completion (IRP_DEALLOCATE_BUFFER). */
static NTSTATUS IohSystemBuffer(IOH_CALL *call, const VOID *copy_from, ULONG bytes, BOOLEAN input_op)
{
	PVOID buffer = ExAllocatePoolWithTag(NonPagedPool, bytes ? bytes : 1, IOH_POOL_TAG);

	if (!buffer)
		return STATUS_INSUFFICIENT_RESOURCES;
	if (copy_from)
		RtlCopyMemory(buffer, copy_from, bytes);
	else
		RtlFillMemory(buffer, bytes ? bytes : 1, IOH_POISON); /* never the caller's bytes */
	call->Irp->AssociatedIrp.SystemBuffer = buffer;
	call->Irp->Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER | (input_op ? IRP_INPUT_OPERATION : 0);
	return STATUS_SUCCESS;
}

/* An MDL describing a nonpaged buffer, built as MmBuildMdlForNonPagedPool would. */
static NTSTATUS IohDirectBuffer(IOH_CALL *call, PVOID buffer, ULONG bytes)
{
	PMDL mdl;

	if (!bytes)
		return STATUS_SUCCESS;
	mdl = IoAllocateMdl(buffer, bytes, FALSE, FALSE, NULL);
	if (!mdl)
		return STATUS_INSUFFICIENT_RESOURCES;
	MmBuildMdlForNonPagedPool(mdl);
	if (!(mdl->MdlFlags & (MDL_SOURCE_IS_NONPAGED_POOL | MDL_MAPPED_TO_SYSTEM_VA))) {
		mdl->MdlFlags |= MDL_SOURCE_IS_NONPAGED_POOL;
		mdl->MappedSystemVa = buffer;
	}
	call->Irp->MdlAddress = mdl;
	return STATUS_SUCCESS;
}

/* Read, write and directory listing: by the target device's flags. */
static NTSTATUS IohTransferBuffer(IOH_CALL *call, PVOID user, ULONG bytes, BOOLEAN input_op)
{
	PDEVICE_OBJECT target = call->File->Target;

	call->Irp->UserBuffer = user;
	call->Irp->AssociatedIrp.SystemBuffer = NULL;
	call->Irp->Flags &= ~(IRP_BUFFERED_IO | IRP_INPUT_OPERATION);
	if (target->Flags & DO_BUFFERED_IO)
		return IohSystemBuffer(call, input_op ? NULL : user, bytes, input_op);
	if (target->Flags & DO_DIRECT_IO)
		return IohDirectBuffer(call, user, bytes);
	return STATUS_SUCCESS;
}

static void IohSetUserBuffer(IOH_CALL *call, PVOID user, ULONG bytes)
{
	call->UserBuffer = user;
	call->UserBytes = bytes;
	call->Irp->UserBuffer = user;
}

/* Turns the kernel-caller layout iohost_fill.c made into a user-mode caller's. */
NTSTATUS IohApplyUserBuffers(IOH_CALL *call, const IOH_IRP_REQUEST *rq, PIO_STACK_LOCATION sp)
{
	call->Irp->RequestorMode = UserMode;
	switch (rq->MajorFunction) {
	case IRP_MJ_QUERY_INFORMATION:
	case IRP_MJ_QUERY_VOLUME_INFORMATION:
		IohSetUserBuffer(call, call->Output, rq->OutputBytes);
		return IohSystemBuffer(call, NULL, rq->OutputBytes, TRUE);
	case IRP_MJ_SET_INFORMATION:
		call->Irp->UserBuffer = NULL;
		return IohSystemBuffer(call, call->Irp->AssociatedIrp.SystemBuffer, sp->Parameters.SetFile.Length, FALSE);
	case IRP_MJ_READ:
		IohSetUserBuffer(call, call->Output, rq->OutputBytes);
		return IohTransferBuffer(call, call->Output, rq->OutputBytes, TRUE);
	case IRP_MJ_WRITE:
		return IohTransferBuffer(call, call->Input, rq->InputBytes, FALSE);
	case IRP_MJ_DIRECTORY_CONTROL:
		IohSetUserBuffer(call, call->Output, rq->OutputBytes);
		if (rq->MinorFunction != IRP_MN_QUERY_DIRECTORY)
			return STATUS_SUCCESS; /* change notification: always "neither" */
		return IohTransferBuffer(call, call->Output, rq->OutputBytes, TRUE);
	case IRP_MJ_QUERY_SECURITY:
		IohSetUserBuffer(call, call->Output, rq->OutputBytes);
		return STATUS_SUCCESS;
	default:
		return STATUS_SUCCESS; /* FSCTLs keep their method's layout; others carry no buffer */
	}
}

/* Called right after IoCallDriver: the caller's context is over. A request still pending
 * whose user buffer the file system may not use directly gets that buffer poisoned. */
void IohLeaveCallerContext(IOH_CALL *call)
{
	KIRQL irql;

	if (!call->UserBuffer || !call->UserBytes)
		return;
	IoAcquireCancelSpinLock(&irql);
	if (!call->Completed && !call->Irp->MdlAddress) {
		RtlFillMemory(call->UserBuffer, call->UserBytes, IOH_POISON);
		call->Poisoned = TRUE;
	}
	IoReleaseCancelSpinLock(irql);
}

static BOOLEAN IohStillPoisoned(const IOH_CALL *call)
{
	const UCHAR *p = call->UserBuffer;
	ULONG i;

	for (i = 0; i < call->UserBytes; i++)
		if (p[i] != IOH_POISON)
			return FALSE;
	return TRUE;
}

static void IohCopyBack(IOH_CALL *call, PIRP irp)
{
	if (!(irp->Flags & IRP_BUFFERED_IO) || !(irp->Flags & IRP_INPUT_OPERATION) ||
	    NT_ERROR(irp->IoStatus.Status) || !irp->AssociatedIrp.SystemBuffer || !irp->UserBuffer)
		return;
	if (irp->UserBuffer == irp->AssociatedIrp.SystemBuffer)
		return;
	if (irp->IoStatus.Information > call->OutputBytes) {
		irp->IoStatus.Status = STATUS_DATA_OVERRUN;
		irp->IoStatus.Information = 0;
		return;
	}
	RtlCopyMemory(irp->UserBuffer, irp->AssociatedIrp.SystemBuffer, irp->IoStatus.Information);
}

/* What the I/O manager does with the buffers once the IRP completed. */
void IohReleaseBuffers(IOH_CALL *call)
{
	PIRP irp = call->Irp;

	if (call->Poisoned && !IohStillPoisoned(call)) {
		irp->IoStatus.Status = STATUS_ACCESS_VIOLATION;
		irp->IoStatus.Information = 0;
	}
	IohCopyBack(call, irp);
	if ((irp->Flags & IRP_DEALLOCATE_BUFFER) && irp->AssociatedIrp.SystemBuffer)
		ExFreePool(irp->AssociatedIrp.SystemBuffer);
	if (irp->Flags & IRP_DEALLOCATE_BUFFER)
		irp->AssociatedIrp.SystemBuffer = NULL;
	irp->Flags &= ~(IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER | IRP_INPUT_OPERATION);
	if (irp->MdlAddress)
		IoFreeMdl(irp->MdlAddress);
	irp->MdlAddress = NULL;
}

/* ---- the experiment behind the MDL note above -------------------------------------- */

static void IohRecord(HANDLE key, PCWSTR name, ULONG value)
{
	UNICODE_STRING uname;

	RtlInitUnicodeString(&uname, name);
	ZwSetValueKey(key, &uname, 0, REG_DWORD, &value, sizeof(value));
}

/* Records in the service key what Wine's MDL routines do with a nonpaged buffer:
 * MdlProbeFlagsBefore/After (MdlFlags around MmBuildMdlForNonPagedPool), MdlProbeMappedVa
 * (1: MappedSystemVa is the buffer afterwards), MdlProbeMapLocked (1: MmMapLockedPages-
 * SpecifyCache returned an address). Read them with `reg query` on the service key. */
void IohProbeMdlSupport(void)
{
	UCHAR *buffer = IohAlloc(64);
	PMDL mdl = buffer ? IoAllocateMdl(buffer, 64, FALSE, FALSE, NULL) : NULL;
	OBJECT_ATTRIBUTES oa;
	HANDLE key;
	PVOID mapped;

	InitializeObjectAttributes(&oa, &IohServiceKey, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
	if (mdl && NT_SUCCESS(ZwOpenKey(&key, KEY_SET_VALUE, &oa))) {
		IohRecord(key, L"MdlProbeFlagsBefore", mdl->MdlFlags);
		MmBuildMdlForNonPagedPool(mdl);
		IohRecord(key, L"MdlProbeFlagsAfter", mdl->MdlFlags);
		IohRecord(key, L"MdlProbeMappedVa", mdl->MappedSystemVa == buffer);
		mapped = MmMapLockedPagesSpecifyCache(mdl, KernelMode, MmCached, NULL, FALSE, NormalPagePriority);
		IohRecord(key, L"MdlProbeMapLocked", mapped != NULL);
		ZwClose(key);
	}
	if (mdl)
		IoFreeMdl(mdl);
	IohFree(buffer);
}
