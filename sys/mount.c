/* SPDX-License-Identifier: LGPL-3.0-or-later
 * mount.c - per-mount device objects, names, VPB, teardown and deferred deletion. */
#include "dk.h"

/* 0.6.0's base GUID; mount n gets Data2 ^= n & 0xFFFF, Data3 ^= n >> 16
 * (docs/behaviour.md, "Device objects and names"). */
static void DkFormatMountGuid(ULONG n, WCHAR *out, size_t outBytes)
{
	DkFormat(out, outBytes, L"{" DKF_GUID_FIRST L"-%04X-%04X-BCE7-964F1E9F5DE9}", (ULONG)(0x1734u ^ (n & 0xFFFFu)),
		(ULONG)(0x4085u ^ ((n >> 16) & 0xFFFFu)));
}

static BOOLEAN DkIsNetwork(const DK_MOUNT *mount)
{
	return (mount->Flags & DK_MOUNT_NETWORK) != 0;
}

/* Disk mode: \Volume{GUID} names the disk device, whose VPB leads to \Device\Dokan{GUID}.
 * Network mode: \DokanRedirector{GUID} names the volume device itself (a redirector has
 * no VPB), the disk device has no name (docs/behaviour.md, "Device objects and names"). */
static void DkMountNames(DK_MOUNT *mount, ULONG n)
{
	WCHAR guid[40];
	DkFormatMountGuid(n, guid, sizeof(guid));
	if (DkIsNetwork(mount)) {
		DkFormat(mount->DeviceName, sizeof(mount->DeviceName), DKF_REDIRECTOR_BASE L"%ws", guid);
		mount->DiskName[0] = 0;
		DkFormat(mount->VolumeName, sizeof(mount->VolumeName), L"\\Device%ws", mount->DeviceName);
		return;
	}
	DkFormat(mount->DeviceName, sizeof(mount->DeviceName), L"\\Volume%ws", guid);
	DkFormat(mount->DiskName, sizeof(mount->DiskName), L"\\Device\\Volume%ws", guid);
	DkFormat(mount->VolumeName, sizeof(mount->VolumeName), DKF_VOLUME_DEVICE_BASE L"%ws", guid);
}

/* What FileFsDeviceInformation reports and both devices carry
 * (docs/behaviour.md, "Device objects and names"). */
ULONG DkMountCharacteristics(const DK_MOUNT *mount)
{
	ULONG characteristics = FILE_DEVICE_IS_MOUNTED;

	if (DkIsNetwork(mount))
		characteristics |= FILE_REMOTE_DEVICE;
	if (mount->Flags & DK_MOUNT_REMOVABLE)
		characteristics |= FILE_REMOVABLE_MEDIA;
	return characteristics;
}

static NTSTATUS DkCreateMountDevice(DK_MOUNT *mount, const WCHAR *name, DEVICE_TYPE type, DK_DEVICE_KIND kind,
	PDEVICE_OBJECT *device)
{
	UNICODE_STRING uname;
	DK_DEVICE_EXTENSION *ext;
	ULONG characteristics = FILE_DEVICE_SECURE_OPEN | DkMountCharacteristics(mount);
	NTSTATUS status;

	RtlInitUnicodeString(&uname, name);
	status = IoCreateDevice(g_DkGlobal.Driver, sizeof(DK_DEVICE_EXTENSION), name[0] ? &uname : NULL, type,
		characteristics, FALSE, device);
	if (!NT_SUCCESS(status))
		return status;
	ext = (*device)->DeviceExtension;
	ext->Kind = kind;
	ext->Mount = mount;
	(*device)->Flags |= DO_DIRECT_IO;
	(*device)->Flags &= ~DO_DEVICE_INITIALIZING;
	return STATUS_SUCCESS;
}

/* Windows gives a disk device a VPB; Wine does not, so allocate one then. The VPB makes
 * opens through the disk device (and its drive letter) reach the volume device. */
static NTSTATUS DkMountVpb(DK_MOUNT *mount)
{
	PVPB vpb = mount->DiskDevice->Vpb;
	USHORT labelBytes = sizeof(DK_VOLUME_LABEL) - sizeof(WCHAR);

	if (!vpb) {
		vpb = DkAlloc(sizeof(VPB));
		if (!vpb)
			return STATUS_INSUFFICIENT_RESOURCES;
		vpb->Type = IO_TYPE_VPB;
		vpb->Size = sizeof(VPB);
		vpb->RealDevice = mount->DiskDevice;
		mount->DiskDevice->Vpb = vpb;
		mount->OwnVpb = vpb;
	}
	vpb->DeviceObject = mount->VolumeDevice;
	vpb->SerialNumber = DK_VOLUME_SERIAL;
	RtlCopyMemory(vpb->VolumeLabel, DK_VOLUME_LABEL, labelBytes);
	vpb->VolumeLabelLength = labelBytes;
	vpb->Flags |= VPB_MOUNTED;
	return STATUS_SUCCESS;
}

static void DkUnmountVpb(DK_MOUNT *mount)
{
	PVPB vpb = mount->DiskDevice ? mount->DiskDevice->Vpb : NULL;
	if (vpb)
		vpb->Flags &= ~VPB_MOUNTED;
}

/* Global link where available, otherwise a plain \DosDevices one (see driver.c). */
static NTSTATUS DkCreateVolumeLink(DK_MOUNT *mount)
{
	static const WCHAR *const prefixes[] = { L"\\DosDevices\\Global", L"\\DosDevices" };
	UNICODE_STRING link, target;
	NTSTATUS status = STATUS_UNSUCCESSFUL;
	ULONG i;

	RtlInitUnicodeString(&target, DkIsNetwork(mount) ? mount->VolumeName : mount->DiskName);
	for (i = 0; i < ARRAYSIZE(prefixes); i++) {
		DkFormat(mount->LinkName, sizeof(mount->LinkName), L"%ws%ws", prefixes[i], mount->DeviceName);
		RtlInitUnicodeString(&link, mount->LinkName);
		status = IoCreateSymbolicLink(&link, &target);
		if (NT_SUCCESS(status))
			return status;
	}
	mount->LinkName[0] = 0;
	return status;
}

static void DkDeleteVolumeLink(DK_MOUNT *mount)
{
	UNICODE_STRING link;
	if (!mount->LinkName[0])
		return;
	RtlInitUnicodeString(&link, mount->LinkName);
	IoDeleteSymbolicLink(&link);
	mount->LinkName[0] = 0;
}

static void DkDeleteDevices(DK_MOUNT *mount)
{
	PDEVICE_OBJECT devices[2] = { mount->VolumeDevice, mount->DiskDevice };
	HANDLE lock = DkDeviceListLock();
	ULONG i;

	if (mount->DiskDevice && mount->OwnVpb && mount->DiskDevice->Vpb == mount->OwnVpb)
		mount->DiskDevice->Vpb = NULL;
	for (i = 0; i < ARRAYSIZE(devices); i++) {
		if (!devices[i])
			continue;
		((DK_DEVICE_EXTENSION *)devices[i]->DeviceExtension)->Mount = NULL;
		IoDeleteDevice(devices[i]);
	}
	DkDeviceListUnlock(lock);
	mount->VolumeDevice = mount->DiskDevice = NULL;
	DkFree(mount->OwnVpb);
	mount->OwnVpb = NULL;
}

static DK_MOUNT *DkMountAllocate(ULONG flags, ULONG owner)
{
	DK_MOUNT *mount = DkAlloc(sizeof(DK_MOUNT));
	ULONG i;
	if (!mount)
		return NULL;
	mount->References = 1; /* the global list's */
	KeInitializeSpinLock(&mount->Lock);
	mount->Flags = flags;
	mount->OwnerProcessId = owner;
	InitializeListHead(&mount->Fcbs);
	InitializeListHead(&mount->Pending);
	for (i = 0; i < DK_SERIAL_BUCKETS; i++)
		InitializeListHead(&mount->SerialBuckets[i]);
	for (i = 0; i < DK_FCB_BUCKETS; i++)
		InitializeListHead(&mount->FcbBuckets[i]);
	InitializeListHead(&mount->Ready);
	InitializeListHead(&mount->Waiters);
	InitializeListHead(&mount->Watchers);
	InitializeListHead(&mount->GlobalLink);
	return mount;
}

static ULONG DkTakeMountNumber(void)
{
	KIRQL irql;
	ULONG n;
	KeAcquireSpinLock(&g_DkGlobal.Lock, &irql);
	n = g_DkGlobal.MountsCreated++;
	KeReleaseSpinLock(&g_DkGlobal.Lock, irql);
	return n;
}

/* A network mount is offered to MUP as a UNC provider. A kernel without one (Wine 8.0's
 * stub fails) leaves the volume usable through its drive letter; only UNC paths
 * (\\server\share) would not reach it, so the failure is logged, not fatal. */
static void DkRegisterUncProvider(DK_MOUNT *mount)
{
	UNICODE_STRING name;
	NTSTATUS status;

	RtlInitUnicodeString(&name, mount->VolumeName);
	status = FsRtlRegisterUncProvider(&mount->UncProvider, &name, FALSE);
	if (!NT_SUCCESS(status)) {
		mount->UncProvider = NULL;
		DK_DEBUG("mount %lu: no UNC provider (0x%08lx)\n", mount->MountId, (ULONG)status);
	}
}

static void DkDeregisterUncProvider(DK_MOUNT *mount)
{
	if (mount->UncProvider)
		FsRtlDeregisterUncProvider(mount->UncProvider);
	mount->UncProvider = NULL;
}

static NTSTATUS DkMountBuild(DK_MOUNT *mount)
{
	BOOLEAN network = DkIsNetwork(mount);
	NTSTATUS status;

	status = DkCreateMountDevice(mount, mount->DiskName, network ? FILE_DEVICE_UNKNOWN : FILE_DEVICE_DISK,
		DK_DEVICE_DISK, &mount->DiskDevice);
	if (NT_SUCCESS(status))
		status = DkCreateMountDevice(mount, mount->VolumeName,
			network ? FILE_DEVICE_NETWORK_FILE_SYSTEM : FILE_DEVICE_DISK_FILE_SYSTEM, DK_DEVICE_VOLUME,
			&mount->VolumeDevice);
	if (NT_SUCCESS(status) && !network)
		status = DkMountVpb(mount);
	if (NT_SUCCESS(status))
		status = DkCreateVolumeLink(mount);
	if (NT_SUCCESS(status) && network)
		DkRegisterUncProvider(mount);
	return status;
}

/* A slot under the live-mount limit (docs/differences.md D37), taken by one compare-and-
 * swap so that concurrent starts can never pass the limit together; DkMountTeardown, or a
 * start that fails, gives it back. */
static BOOLEAN DkTakeLiveMountSlot(void)
{
	LONG live = g_DkGlobal.LiveMounts;

	while (live < DK_MAX_LIVE_MOUNTS) {
		LONG seen = InterlockedCompareExchange(&g_DkGlobal.LiveMounts, live + 1, live);
		if (seen == live)
			return TRUE;
		live = seen;
	}
	return FALSE;
}

static void DkGiveBackLiveMountSlot(void)
{
	LONG left = InterlockedDecrement(&g_DkGlobal.LiveMounts);
	DK_ASSERT(left >= 0);
}

/* Makes the devices and names of a new mount and publishes it; its live-mount slot is
 * already taken. */
static NTSTATUS DkMountPublish(ULONG flags, ULONG owner, DK_MOUNT **result)
{
	DK_MOUNT *mount = DkMountAllocate(flags, owner);
	KIRQL irql;
	ULONG n;
	NTSTATUS status;

	if (!mount)
		return STATUS_INSUFFICIENT_RESOURCES;
	n = DkTakeMountNumber();
	mount->MountId = n + 1;
	DkMountNames(mount, n);
	status = DkMountBuild(mount);
	if (!NT_SUCCESS(status)) {
		DkDeleteVolumeLink(mount);
		DkDeleteDevices(mount);
		DkFree(mount);
		return status;
	}
	mount->KeepAliveDeadline = DkDeadlineIn(DK_KEEPALIVE_TIMEOUT_MS);
	mount->OwnerDeadline = DkDeadlineIn(DK_REQUEST_TIMEOUT_MS);
	mount->Mounted = TRUE;
	KeAcquireSpinLock(&g_DkGlobal.Lock, &irql);
	InsertTailList(&g_DkGlobal.Mounts, &mount->GlobalLink);
	KeReleaseSpinLock(&g_DkGlobal.Lock, irql);
	DK_DEBUG("mount %lu: %ws owner %lu\n", mount->MountId, mount->DiskName, owner);
	*result = mount;
	return STATUS_SUCCESS;
}

NTSTATUS DkMountCreate(ULONG flags, ULONG owner, DK_MOUNT **result)
{
	NTSTATUS status;

	if (!DkTakeLiveMountSlot())
		return STATUS_TOO_MANY_NAMES;
	status = DkMountPublish(flags, owner, result);
	if (!NT_SUCCESS(status))
		DkGiveBackLiveMountSlot();
	return status;
}

void DkMountReference(DK_MOUNT *mount)
{
	InterlockedIncrement(&mount->References);
}

void DkMountRelease(DK_MOUNT *mount)
{
	LONG left = InterlockedDecrement(&mount->References);
	DK_ASSERT(left >= 0);
	if (left == 0)
		DkFree(mount);
}

/* The owner closed its last channel: unless it opens one again within the request
 * timeout, it is gone (housekeeping.c). */
void DkMountOwnerLeft(DK_MOUNT *mount)
{
	KIRQL irql;
	DkMountLock(mount, &irql);
	mount->OwnerDeadline = DkDeadlineIn(DK_REQUEST_TIMEOUT_MS);
	DkMountUnlock(mount, irql);
}

/* Stop serving: fail everything queued, remove the names. The device objects go away
 * later, once no file object refers to them (DkMountReapDeleted). */
void DkMountTeardown(DK_MOUNT *mount)
{
	KIRQL irql;
	BOOLEAN wasMounted;

	DkMountLock(mount, &irql);
	wasMounted = mount->Mounted;
	mount->Mounted = FALSE;
	DkMountUnlock(mount, irql);
	if (!wasMounted)
		return;
	DK_DEBUG("teardown of mount %lu\n", mount->MountId);
	/* whoever tore it down, the mounter removes the name it made for it (a notice for a
	 * name already removed is ignored), so no letter points at a dead volume */
	DkServiceNotifyUnmount(mount);
	DkQueueFailAll(mount, STATUS_NO_SUCH_DEVICE);
	DkNotifyTeardown(mount);
	DkDeregisterUncProvider(mount);
	DkDeleteVolumeLink(mount);
	DkUnmountVpb(mount);
	DkGiveBackLiveMountSlot();
	DkHousekeepingKick();
}

typedef BOOLEAN DK_MOUNT_FILTER(DK_MOUNT *mount, const VOID *context);

/* The first mount in the list the filter accepts; with `unlink` it leaves the list (the
 * caller inherits the list's reference), otherwise it is referenced for the caller. */
static DK_MOUNT *DkMountTake(DK_MOUNT_FILTER *accept, const VOID *context, BOOLEAN unlink)
{
	PLIST_ENTRY entry;
	DK_MOUNT *found = NULL;
	KIRQL irql;

	KeAcquireSpinLock(&g_DkGlobal.Lock, &irql);
	for (entry = g_DkGlobal.Mounts.Flink; entry != &g_DkGlobal.Mounts; entry = entry->Flink) {
		DK_MOUNT *mount = CONTAINING_RECORD(entry, DK_MOUNT, GlobalLink);
		if (!accept(mount, context))
			continue;
		if (unlink) {
			RemoveEntryList(entry);
			InitializeListHead(entry);
		} else {
			DkMountReference(mount);
		}
		found = mount;
		break;
	}
	KeReleaseSpinLock(&g_DkGlobal.Lock, irql);
	return found;
}

/* A torn-down mount with no file object left (or any, when unloading) can lose its
 * devices and its list entry. */
static BOOLEAN DkIsReapable(DK_MOUNT *mount, const VOID *force)
{
	return !mount->Mounted && (*(const BOOLEAN *)force || mount->Opens == 0);
}

/* Runs on the housekeeping thread (never inside a dispatch routine of those devices). */
void DkMountReapDeleted(void)
{
	DK_MOUNT *mount;
	BOOLEAN force = g_DkGlobal.Unloading;
	while ((mount = DkMountTake(DkIsReapable, &force, TRUE)) != NULL) {
		DK_DEBUG("deleting devices of mount %lu\n", mount->MountId);
		DkDeleteDevices(mount);
		mount->DevicesDeleted = TRUE;
		DkMountRelease(mount);
	}
}

static BOOLEAN DkIsLiveWithName(DK_MOUNT *mount, const VOID *name)
{
	if (!mount->Mounted)
		return FALSE;
	if (!name)
		return TRUE;
	return _wcsnicmp(mount->DeviceName, name, DK_DEVICE_NAME_CHARS) == 0 ||
	       (mount->DiskName[0] && _wcsnicmp(mount->DiskName, name, DK_DEVICE_NAME_CHARS + 8) == 0) ||
	       (DkIsNetwork(mount) && _wcsnicmp(mount->VolumeName, name, DK_DEVICE_NAME_CHARS + 8) == 0);
}

/* A live mount by device name (\Volume{...}, \Device\Volume{...}, \DokanRedirector{...}
 * or \Device\DokanRedirector{...}), or any live mount
 * for NULL; referenced. */
DK_MOUNT *DkMountFindByDeviceName(const WCHAR *name)
{
	return DkMountTake(DkIsLiveWithName, name, FALSE);
}

/* Calls visit() on every mount in the list, holding a reference, without the list lock. */
void DkMountForEach(void (*visit)(DK_MOUNT *mount, PVOID context), PVOID context)
{
	ULONG done = 0;
	for (;;) {
		PLIST_ENTRY entry;
		DK_MOUNT *next = NULL;
		ULONG index = 0;
		KIRQL irql;

		KeAcquireSpinLock(&g_DkGlobal.Lock, &irql);
		for (entry = g_DkGlobal.Mounts.Flink; entry != &g_DkGlobal.Mounts; entry = entry->Flink, index++) {
			if (index == done) {
				next = CONTAINING_RECORD(entry, DK_MOUNT, GlobalLink);
				DkMountReference(next);
				break;
			}
		}
		KeReleaseSpinLock(&g_DkGlobal.Lock, irql);
		if (!next)
			return;
		visit(next, context);
		DkMountRelease(next);
		done++;
	}
}
