// SPDX-License-Identifier: LGPL-3.0-or-later
/* iohost_main.c - driver entry, the control device \Device\DokanIoHost and small helpers. */
#include "iohost.h"

#ifdef _AMD64_
/* mingw inlines KeGetCurrentThread on x64 as a gs: read, which yields NULL under Wine;
 * the ntoskrnl export gives the real (client) thread. */
PKTHREAD NTAPI IohExportedCurrentThread(void) __asm__("KeGetCurrentThread");
#else
#define IohExportedCurrentThread KeGetCurrentThread
#endif

DRIVER_INITIALIZE DriverEntry;

static KSPIN_LOCK g_lock;
static PDEVICE_OBJECT g_control;

void IohLock(PKIRQL irql)
{
	KeAcquireSpinLock(&g_lock, irql);
}

void IohUnlock(KIRQL irql)
{
	KeReleaseSpinLock(&g_lock, irql);
}

PVOID IohAlloc(SIZE_T bytes)
{
	PVOID p = ExAllocatePoolWithTag(NonPagedPool, bytes ? bytes : 1, IOH_POOL_TAG);

	if (p)
		RtlZeroMemory(p, bytes);
	return p;
}

void IohFree(PVOID p)
{
	if (p)
		ExFreePoolWithTag(p, IOH_POOL_TAG);
}

PETHREAD IohCurrentThread(void)
{
	return (PETHREAD)IohExportedCurrentThread();
}

NTSTATUS IohCompleteIrp(PIRP irp, NTSTATUS status, ULONG_PTR information)
{
	irp->IoStatus.Status = status;
	irp->IoStatus.Information = information;
	IoCompleteRequest(irp, IO_NO_INCREMENT);
	return status;
}

/* Operation failures travel in the result header (every result starts with a LONG status)
 * so the client sees the exact NTSTATUS; only malformed requests fail the IOCTL itself. */
NTSTATUS IohReportStatus(PIRP client, ULONG result_bytes, NTSTATUS status)
{
	PVOID result = client->AssociatedIrp.SystemBuffer;

	RtlZeroMemory(result, result_bytes);
	*(LONG *)result = status;
	client->IoStatus.Information = result_bytes;
	return STATUS_SUCCESS;
}

static NTSTATUS IohHandleClose(IOH_SESSION *session, PIRP client, PIO_STACK_LOCATION sp)
{
	const IOH_FILE_REQUEST *rq = client->AssociatedIrp.SystemBuffer;
	NTSTATUS status;

	if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(*rq) ||
	    sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(IOH_CLOSE_RESULT) ||
	    rq->Size != sizeof(*rq))
		return STATUS_INVALID_PARAMETER;
	IoMarkIrpPending(client);
	status = IohFileRequestClose(session, rq->FileId, client);
	if (status == STATUS_PENDING)
		return status;
	IohReportStatus(client, sizeof(IOH_CLOSE_RESULT), status);
	IohCompleteIrp(client, STATUS_SUCCESS, client->IoStatus.Information);
	return STATUS_PENDING;
}

static NTSTATUS IohHandleFileState(IOH_SESSION *session, PIRP client, PIO_STACK_LOCATION sp)
{
	const IOH_FILE_REQUEST *rq = client->AssociatedIrp.SystemBuffer;
	IOH_FILE_STATE state;
	NTSTATUS status;

	if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(*rq) ||
	    sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(state) ||
	    rq->Size != sizeof(*rq))
		return STATUS_INVALID_PARAMETER;
	status = IohFileGetState(session, rq->FileId, &state);
	if (!NT_SUCCESS(status))
		return status;
	RtlCopyMemory(client->AssociatedIrp.SystemBuffer, &state, sizeof(state));
	client->IoStatus.Information = sizeof(state);
	return STATUS_SUCCESS;
}

static NTSTATUS IohDispatchControl(PIRP irp, PIO_STACK_LOCATION sp)
{
	IOH_SESSION *session = sp->FileObject ? sp->FileObject->FsContext : NULL;
	NTSTATUS status;

	irp->IoStatus.Information = 0;
	if (!session)
		return IohCompleteIrp(irp, STATUS_INVALID_HANDLE, 0);
	switch (sp->Parameters.DeviceIoControl.IoControlCode) {
	case IOCTL_IOH_CREATE:
		status = IohHandleCreate(session, irp, sp);
		break;
	case IOCTL_IOH_IRP:
		status = IohHandleIrp(session, irp, sp);
		break;
	case IOCTL_IOH_CLOSE:
		status = IohHandleClose(session, irp, sp);
		break;
	case IOCTL_IOH_FILE_STATE:
		status = IohHandleFileState(session, irp, sp);
		break;
	case IOCTL_IOH_BOUND_IRP:
		status = IohHandleBoundIrp(session, irp, sp);
		break;
	default:
		status = STATUS_INVALID_DEVICE_REQUEST;
		break;
	}
	if (status == STATUS_PENDING)
		return status;
	return IohCompleteIrp(irp, status, NT_SUCCESS(status) ? irp->IoStatus.Information : 0);
}

static NTSTATUS NTAPI IohDispatch(PDEVICE_OBJECT device, PIRP irp)
{
	PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(irp);

	switch (sp->MajorFunction) {
	case IRP_MJ_CREATE:
		return IohCompleteIrp(irp, IohSessionBegin(sp->FileObject), 0);
	case IRP_MJ_CLEANUP: /* Windows sends both; Wine only CLOSE */
	case IRP_MJ_CLOSE:
		IohSessionEnd(sp->FileObject);
		return IohCompleteIrp(irp, STATUS_SUCCESS, 0);
	case IRP_MJ_DEVICE_CONTROL:
		return IohDispatchControl(irp, sp);
	case IRP_MJ_READ: /* bind mode: Wine routes these to a device handle's driver */
	case IRP_MJ_WRITE:
	case IRP_MJ_FLUSH_BUFFERS:
	case IRP_MJ_QUERY_VOLUME_INFORMATION:
		if (!sp->FileObject || !sp->FileObject->FsContext)
			return IohCompleteIrp(irp, STATUS_INVALID_HANDLE, 0);
		return IohForwardToBound(sp->FileObject->FsContext, irp, sp);
	default:
		return IohCompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
	}
}

/* Stop clients first: an IRP still in flight would complete into unloaded code. */
static VOID NTAPI IohUnload(PDRIVER_OBJECT driver)
{
	UNICODE_STRING link;

	RtlInitUnicodeString(&link, IOH_LINK_NAME);
	IoDeleteSymbolicLink(&link);
	IoDeleteDevice(g_control);
	IohBuffersUninit();
}

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path)
{
	UNICODE_STRING name, link;
	NTSTATUS status;
	ULONG i;

	KeInitializeSpinLock(&g_lock);
	status = IohBuffersInit(registry_path);
	if (!NT_SUCCESS(status))
		return status;
	IohProbeMdlSupport();
	RtlInitUnicodeString(&name, IOH_DEVICE_NAME);
	RtlInitUnicodeString(&link, IOH_LINK_NAME);
	status = IoCreateDevice(driver, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_control);
	if (NT_SUCCESS(status)) {
		g_control->Flags |= DO_BUFFERED_IO; /* bind mode's reads and writes */
		status = IoCreateSymbolicLink(&link, &name);
		if (!NT_SUCCESS(status))
			IoDeleteDevice(g_control);
	}
	if (!NT_SUCCESS(status)) {
		IohBuffersUninit();
		return status;
	}
	for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
		driver->MajorFunction[i] = IohDispatch;
	driver->DriverUnload = IohUnload;
	return STATUS_SUCCESS;
}
