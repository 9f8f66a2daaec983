/* SPDX-License-Identifier: LGPL-3.0-or-later
 * device.c - IRP_MJ_DEVICE_CONTROL: the control device's IOCTLs (start, version, debug,
 * unmount, statistics) and the per-mount IOCTLs of the owning process's workers. */
#include "dk.h"

static ULONG DkInputLength(PIO_STACK_LOCATION stack)
{
	return stack->Parameters.DeviceIoControl.InputBufferLength;
}

static ULONG DkOutputLength(PIO_STACK_LOCATION stack)
{
	return stack->Parameters.DeviceIoControl.OutputBufferLength;
}

static NTSTATUS DkStartMount(PIRP irp, PIO_STACK_LOCATION stack)
{
	const DK_START *start = irp->AssociatedIrp.SystemBuffer;
	DK_MOUNT_INFO *info = irp->AssociatedIrp.SystemBuffer;
	ULONG flags, version;
	DK_MOUNT *mount;
	NTSTATUS status;

	if (DkInputLength(stack) != sizeof(DK_START) || DkOutputLength(stack) < sizeof(DK_MOUNT_INFO) ||
		start->Size != sizeof(DK_START))
		return DkCompleteIrp(irp, STATUS_INVALID_PARAMETER, 0);
	flags = start->Flags;
	version = start->Version;
	RtlZeroMemory(info, sizeof(*info));
	info->Size = sizeof(*info);
	info->DriverVersion = DK_DRIVER_VERSION;
	if (version != DK_DRIVER_VERSION) {
		info->Status = DK_START_FAILED;
		return DkCompleteIrp(irp, STATUS_SUCCESS, sizeof(*info));
	}
	status = DkMountCreate(flags, (ULONG)(ULONG_PTR)PsGetCurrentProcessId(), &mount);
	if (!NT_SUCCESS(status))
		return DkCompleteIrp(irp, status, 0);
	info->Status = DK_START_MOUNTED;
	info->MountId = mount->MountId;
	RtlCopyMemory(info->DeviceName, mount->DeviceName, sizeof(info->DeviceName));
	return DkCompleteIrp(irp, STATUS_SUCCESS, sizeof(*info));
}

static NTSTATUS DkRequestUnmount(PIRP irp, PIO_STACK_LOCATION stack)
{
	DK_UNMOUNT_REQUEST *request = irp->AssociatedIrp.SystemBuffer;
	DK_MOUNT *mount;
	NTSTATUS status;

	if (DkInputLength(stack) != sizeof(*request) || request->Size != sizeof(*request))
		return DkCompleteIrp(irp, STATUS_INVALID_PARAMETER, 0);
	request->DeviceName[DK_DEVICE_NAME_CHARS - 1] = 0;
	mount = DkMountFindByDeviceName(request->DeviceName);
	if (!mount)
		return DkCompleteIrp(irp, STATUS_OBJECT_NAME_NOT_FOUND, 0);
	/* A forced unmount takes a volume from under its file system: only its owner or an
	 * administrator may (docs/differences.md D14); anyone may ask the owner to release it. */
	if ((request->Flags & DK_UNMOUNT_FORCE) && DkRequestorProcessId(irp) != mount->OwnerProcessId &&
		!DkRequestorIsAdministrator(irp)) {
		DkMountRelease(mount);
		return DkCompleteIrp(irp, STATUS_ACCESS_DENIED, 0);
	}
	/* forced, or nobody is left to release it (the owner died without keep-alive) */
	if ((request->Flags & DK_UNMOUNT_FORCE) || mount->OwnerChannels == 0) {
		DkMountTeardown(mount);
		status = STATUS_SUCCESS;
	} else {
		status = DkQueueUnmountNotice(mount);
	}
	DkMountRelease(mount);
	return DkCompleteIrp(irp, status, 0);
}

static void DkFillStats(DK_STATS *stats)
{
	RtlZeroMemory(stats, sizeof(*stats));
	stats->Size = sizeof(*stats);
	stats->LiveMounts = (ULONG)g_DkGlobal.LiveMounts;
	stats->Fcbs = (ULONG)g_DkGlobal.Fcbs;
	stats->Ccbs = (ULONG)g_DkGlobal.Ccbs;
	stats->PendingRequests = (ULONG)g_DkGlobal.PendingRequests;
	stats->PoolAllocations = (ULONG)g_DkGlobal.PoolAllocations;
	stats->MountsCreated = g_DkGlobal.MountsCreated;
	stats->AssertFailures = (ULONG)g_DkGlobal.AssertFailures;
	stats->Transacts = (ULONG)g_DkGlobal.Transacts;
	stats->Fetches = (ULONG)g_DkGlobal.Fetches;
	stats->RequestsForwarded = (ULONG)g_DkGlobal.RequestsForwarded;
	stats->RequestsAnswered = (ULONG)g_DkGlobal.RequestsAnswered;
}

/* Size-versioned (DK_STATS_SIZE_V1/V2): a caller built for the first, 32-byte DK_STATS
 * gets that part, with the first broken invariant right after it if there is room. */
static NTSTATUS DkQueryStats(PIRP irp, PIO_STACK_LOCATION stack)
{
	DK_STATS stats;
	PUCHAR output = irp->AssociatedIrp.SystemBuffer;
	ULONG room = DkOutputLength(stack);
	ULONG size = room >= DK_STATS_SIZE_V2 ? DK_STATS_SIZE_V2 : DK_STATS_SIZE_V1;

	if (room < DK_STATS_SIZE_V1)
		return DkCompleteIrp(irp, STATUS_BUFFER_TOO_SMALL, 0);
	DkFillStats(&stats);
	stats.Size = size;
	RtlCopyMemory(output, &stats, size);
	if (room - size >= sizeof(DK_ASSERT_INFO)) {
		RtlCopyMemory(output + size, &g_DkGlobal.FirstAssert, sizeof(DK_ASSERT_INFO));
		size += sizeof(DK_ASSERT_INFO);
	}
	return DkCompleteIrp(irp, STATUS_SUCCESS, size);
}

static NTSTATUS DkControlDeviceIoctl(PIRP irp, PIO_STACK_LOCATION stack)
{
	PULONG value = irp->AssociatedIrp.SystemBuffer;

	switch (stack->Parameters.DeviceIoControl.IoControlCode) {
	case IOCTL_DOKAN_TEST:
		if (DkOutputLength(stack) < sizeof(ULONG))
			return DkCompleteIrp(irp, STATUS_INVALID_PARAMETER, 0);
		*value = DK_DRIVER_VERSION;
		return DkCompleteIrp(irp, STATUS_SUCCESS, sizeof(ULONG));
	case IOCTL_DOKAN_SET_DEBUG_MODE:
		if (DkInputLength(stack) < sizeof(ULONG))
			return DkCompleteIrp(irp, STATUS_INVALID_PARAMETER, 0);
		g_DkGlobal.DebugLevel = *value;
		return DkCompleteIrp(irp, STATUS_SUCCESS, 0);
	case IOCTL_DOKAN_START:
		return DkStartMount(irp, stack);
	case IOCTL_DOKAN_UNMOUNT:
		return DkRequestUnmount(irp, stack);
	case IOCTL_DOKAN_QUERY_STATS:
		return DkQueryStats(irp, stack);
	case IOCTL_DOKAN_SERVICE_WAIT:
		return DkServiceWait(irp, stack);
	default:
		return DkCompleteIrp(irp, STATUS_INVALID_PARAMETER, 0);
	}
}

/* Only handles that the mount's owner opened may serve or release it
 * (docs/differences.md D14). */
static BOOLEAN DkIsOwnerHandle(DK_MOUNT *mount, PIO_STACK_LOCATION stack)
{
	DK_CCB *ccb = DkCcbOfFile(stack->FileObject);
	return ccb && ccb->Kind == DK_CCB_CHANNEL && ccb->Mount == mount && ccb->OpenerProcessId == mount->OwnerProcessId;
}

static NTSTATUS DkKeepAlive(DK_MOUNT *mount, PIRP irp)
{
	KIRQL irql;
	if (!mount->Mounted)
		return DkCompleteIrp(irp, STATUS_NO_SUCH_DEVICE, 0);
	DkMountLock(mount, &irql); /* a 64-bit value, read by the housekeeping thread */
	mount->KeepAliveDeadline = DkDeadlineIn(DK_KEEPALIVE_TIMEOUT_MS);
	DkMountUnlock(mount, irql);
	return DkCompleteIrp(irp, STATUS_SUCCESS, 0);
}

static NTSTATUS DkResetTimeout(DK_MOUNT *mount, PIRP irp, PIO_STACK_LOCATION stack)
{
	const DK_RESET_TIMEOUT *reset = irp->AssociatedIrp.SystemBuffer;

	if (DkInputLength(stack) != sizeof(*reset) || !reset || reset->Size != sizeof(*reset))
		return DkCompleteIrp(irp, STATUS_INVALID_PARAMETER, 0);
	return DkCompleteIrp(irp, DkRequestExtendDeadline(mount, reset->Serial, reset->TimeoutMs), 0);
}

static NTSTATUS DkMountIoctl(DK_MOUNT *mount, PIRP irp, PIO_STACK_LOCATION stack)
{
	ULONG code = stack->Parameters.DeviceIoControl.IoControlCode;
	BOOLEAN isPrivate = (code >> 16) == 0x22 && ((code >> 2) & 0xFFF) >= 0x800;

	if (!isPrivate)
		return DkCompleteIrp(irp, STATUS_NOT_IMPLEMENTED, 0);
	if (!DkIsOwnerHandle(mount, stack))
		return DkCompleteIrp(irp, STATUS_ACCESS_DENIED, 0);
	switch (code) {
	case IOCTL_DOKAN_TRANSACT:
		InterlockedIncrement(&g_DkGlobal.Transacts);
		return DkTransact(mount, irp, stack);
	case IOCTL_DOKAN_FETCH:
		InterlockedIncrement(&g_DkGlobal.Fetches);
		return DkFetch(mount, irp, stack);
	case IOCTL_DOKAN_RELEASE:
		DkMountTeardown(mount);
		return DkCompleteIrp(irp, STATUS_SUCCESS, 0);
	case IOCTL_DOKAN_KEEPALIVE:
		return DkKeepAlive(mount, irp);
	case IOCTL_DOKAN_RESET_TIMEOUT:
		return DkResetTimeout(mount, irp, stack);
	default:
		return DkCompleteIrp(irp, STATUS_NOT_IMPLEMENTED, 0);
	}
}

NTSTATUS NTAPI DkDispatchDeviceControl(PDEVICE_OBJECT device, PIRP irp)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	DK_DEVICE_EXTENSION *ext = DkExtension(device);

	if (!ext)
		return DkCompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
	if (ext->Kind == DK_DEVICE_CONTROL)
		return DkControlDeviceIoctl(irp, stack);
	if (!ext->Mount)
		return DkCompleteIrp(irp, STATUS_NO_SUCH_DEVICE, 0);
	return DkMountIoctl(ext->Mount, irp, stack);
}
