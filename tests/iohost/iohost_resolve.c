// SPDX-License-Identifier: LGPL-3.0-or-later
/* iohost_resolve.c - from a client's name ("M:\dir\file" or "\Device\X\dir\file") to the
 * device object that receives the IRPs, as the object manager and I/O manager would. */
#include "iohost.h"

/* The exported variable holds the type pointer itself
 * (docs/wine.md, "Exported data objects and inlined routines"). */
extern __declspec(dllimport) POBJECT_TYPE IoDriverObjectType;

/* Access that needs no file system: such an open of a bare device stays on the device
 * ("direct device open") instead of going to the mounted volume. */
#define IOH_DIRECT_OPEN_ACCESS (SYNCHRONIZE | FILE_READ_ATTRIBUTES | READ_CONTROL | \
	ACCESS_SYSTEM_SECURITY | WRITE_OWNER | WRITE_DAC)

#define IOH_LINK_TARGET_CHARS 256

static void IohSlice(PCUNICODE_STRING s, USHORT from, USHORT to, PUNICODE_STRING out)
{
	out->Buffer = s->Buffer + from;
	out->Length = out->MaximumLength = (USHORT)((to - from) * sizeof(WCHAR));
}

static USHORT IohChars(PCUNICODE_STRING s)
{
	return s->Length / sizeof(WCHAR);
}

static BOOLEAN IohIsLetter(WCHAR c)
{
	return (c >= L'A' && c <= L'Z') || (c >= L'a' && c <= L'z');
}

/* "M:" or "M:\..." -> link "\??\M:" (written into link, 7 chars), rest "" or "\..." */
static BOOLEAN IohSplitDrive(PCUNICODE_STRING name, PWCHAR link, PUNICODE_STRING rest)
{
	USHORT n = IohChars(name);

	if (n < 2 || !IohIsLetter(name->Buffer[0]) || name->Buffer[1] != L':' ||
	    (n > 2 && name->Buffer[2] != L'\\'))
		return FALSE;
	RtlCopyMemory(link, L"\\??\\", 4 * sizeof(WCHAR));
	link[4] = name->Buffer[0];
	link[5] = L':';
	link[6] = 0;
	IohSlice(name, 2, n, rest);
	return TRUE;
}

/* "\Device\X" or "\Device\X\..." -> device "\Device\X", rest "" or "\..." */
static BOOLEAN IohSplitDevice(PCUNICODE_STRING name, PUNICODE_STRING device,
	PUNICODE_STRING rest)
{
	static const WCHAR prefix[] = L"\\Device\\";
	const USHORT prefix_chars = sizeof(prefix) / sizeof(WCHAR) - 1;
	USHORT n = IohChars(name), end = prefix_chars;
	UNICODE_STRING head, want;

	if (n <= prefix_chars)
		return FALSE;
	IohSlice(name, 0, prefix_chars, &head);
	RtlInitUnicodeString(&want, prefix);
	if (!RtlEqualUnicodeString(&head, &want, TRUE))
		return FALSE;
	while (end < n && name->Buffer[end] != L'\\')
		end++;
	IohSlice(name, 0, end, device);
	IohSlice(name, end, n, rest);
	return TRUE;
}

static NTSTATUS IohReadLink(PCWSTR link_name, PUNICODE_STRING target)
{
	UNICODE_STRING link;
	OBJECT_ATTRIBUTES oa;
	HANDLE handle;
	NTSTATUS status;

	RtlInitUnicodeString(&link, link_name);
	InitializeObjectAttributes(&oa, &link, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
	status = ZwOpenSymbolicLinkObject(&handle, GENERIC_READ, &oa);
	if (!NT_SUCCESS(status))
		return status;
	status = ZwQuerySymbolicLinkObject(handle, target, NULL);
	ZwClose(handle);
	return status;
}

static BOOLEAN IohDeviceHasName(PDEVICE_OBJECT device, PCUNICODE_STRING name)
{
	struct {
		OBJECT_NAME_INFORMATION info;
		WCHAR chars[IOH_LINK_TARGET_CHARS];
	} buffer;
	ULONG got;

	if (!NT_SUCCESS(ObQueryNameString(device, &buffer.info, sizeof(buffer), &got)))
		return FALSE;
	return RtlEqualUnicodeString(&buffer.info.Name, name, TRUE);
}

/* dokan.sys deletes its devices (and clears their VPBs) holding this named
 * synchronization event (sys/util.c, DkDeviceListLock); the walk below, and what it reads
 * from the device it finds, hold it too, so no device is freed under them. A device
 * found is referenced, and stays valid after a later deletion. */
/* Each flavour's driver names its lock after itself: \BaseNamedObjects\DokanDeviceListLock
 * for \Driver\Dokan, ...\FuserDeviceListLock for \Driver\Fuser.
 * See docs/behaviour.md, "The Fuser flavour". */
#define IOH_DEVICE_LIST_LOCK_DIR    L"\\BaseNamedObjects\\"
#define IOH_DEVICE_LIST_LOCK_SUFFIX L"DeviceListLock"
#define IOH_DEVICE_LIST_LOCK_CHARS  96
#define IOH_DEVICE_LIST_WAIT_MS 5000

/* Holders never wait for an IRP, so this wait ends quickly; the timeout only keeps a bug
 * from hanging winedevice's dispatch thread. (IoCreateSynchronizationEvent, made for
 * this, fails under Wine 8.0 when the event exists.) */
static NTSTATUS IohLockName(PCWSTR driver_name, WCHAR out[IOH_DEVICE_LIST_LOCK_CHARS])
{
	PCWSTR base = driver_name, p;
	size_t used = 0;
	PCWSTR parts[3];
	ULONG i;

	for (p = driver_name; *p; p++)
		if (*p == L'\\')
			base = p + 1;
	parts[0] = IOH_DEVICE_LIST_LOCK_DIR;
	parts[1] = base;
	parts[2] = IOH_DEVICE_LIST_LOCK_SUFFIX;
	for (i = 0; i < 3; i++) {
		for (p = parts[i]; *p; p++) {
			if (used + 1 >= IOH_DEVICE_LIST_LOCK_CHARS)
				return STATUS_NAME_TOO_LONG;
			out[used++] = *p;
		}
	}
	out[used] = 0;
	return STATUS_SUCCESS;
}

static NTSTATUS IohLockDeviceList(PCWSTR driver_name, HANDLE *lock)
{
	WCHAR lock_name[IOH_DEVICE_LIST_LOCK_CHARS];
	LARGE_INTEGER timeout;
	UNICODE_STRING name;
	OBJECT_ATTRIBUTES oa;
	NTSTATUS status;

	status = IohLockName(driver_name, lock_name);
	if (!NT_SUCCESS(status))
		return status;
	RtlInitUnicodeString(&name, lock_name);
	InitializeObjectAttributes(&oa, &name, OBJ_OPENIF | OBJ_KERNEL_HANDLE, NULL, NULL);
	status = ZwCreateEvent(lock, EVENT_ALL_ACCESS, &oa, SynchronizationEvent, TRUE);
	if (!NT_SUCCESS(status))
		return status;
	timeout.QuadPart = -10000LL * IOH_DEVICE_LIST_WAIT_MS;
	status = ZwWaitForSingleObject(*lock, FALSE, &timeout);
	if (status == STATUS_SUCCESS)
		return STATUS_SUCCESS;
	ZwClose(*lock);
	return STATUS_IO_TIMEOUT;
}

static void IohUnlockDeviceList(HANDLE lock)
{
	ZwSetEvent(lock, NULL);
	ZwClose(lock);
}

/* Wine looks devices up by name only through their driver: walk its device list. */
static NTSTATUS IohFindDevice(PCWSTR driver_name, PCUNICODE_STRING device_name,
	PDEVICE_OBJECT *found)
{
	PDRIVER_OBJECT driver;
	PDEVICE_OBJECT device;
	UNICODE_STRING name;
	NTSTATUS status;

	RtlInitUnicodeString(&name, driver_name);
	status = ObReferenceObjectByName(&name, OBJ_CASE_INSENSITIVE, NULL, 0,
		IoDriverObjectType, KernelMode, NULL, (PVOID *)&driver);
	if (!NT_SUCCESS(status))
		return status;
	*found = NULL;
	for (device = driver->DeviceObject; device && !*found; device = device->NextDevice) {
		if (IohDeviceHasName(device, device_name)) {
			ObReferenceObject(device);
			*found = device;
		}
	}
	ObDereferenceObject(driver);
	return *found ? STATUS_SUCCESS : STATUS_OBJECT_NAME_NOT_FOUND;
}

static PDEVICE_OBJECT IohTopOfStack(PDEVICE_OBJECT device)
{
	while (device->AttachedDevice)
		device = device->AttachedDevice;
	return device;
}

/* Opens go to the volume mounted on the device, except direct device opens. */
static void IohChooseTarget(IOH_VOLUME *volume, ACCESS_MASK access)
{
	PVPB vpb = volume->Device->Vpb;
	BOOLEAN direct = !volume->Rest.Length && !(access & ~IOH_DIRECT_OPEN_ACCESS);
	PDEVICE_OBJECT target = volume->Device;

	if (!direct && vpb && (vpb->Flags & VPB_MOUNTED) && vpb->DeviceObject) {
		volume->Vpb = vpb;
		target = vpb->DeviceObject;
	}
	volume->Target = IohTopOfStack(target);
	ObReferenceObject(volume->Target);
}

/* A drive-letter name whose letter does not exist fails like the object manager does. */
static NTSTATUS IohMissingDrive(NTSTATUS status, PCUNICODE_STRING rest)
{
	if (status == STATUS_OBJECT_NAME_NOT_FOUND && rest->Length)
		return STATUS_OBJECT_PATH_NOT_FOUND;
	return status;
}

NTSTATUS IohResolve(PCUNICODE_STRING name, PCWSTR driver_name, ACCESS_MASK access,
	IOH_VOLUME *volume)
{
	WCHAR link[7], target_chars[IOH_LINK_TARGET_CHARS];
	UNICODE_STRING device_name;
	HANDLE lock;
	NTSTATUS status;

	RtlZeroMemory(volume, sizeof(*volume));
	if (IohSplitDrive(name, link, &volume->Rest)) {
		device_name.Buffer = target_chars;
		device_name.Length = 0;
		device_name.MaximumLength = sizeof(target_chars);
		status = IohReadLink(link, &device_name);
		if (!NT_SUCCESS(status))
			return IohMissingDrive(status, &volume->Rest);
	} else if (!IohSplitDevice(name, &device_name, &volume->Rest)) {
		return STATUS_OBJECT_NAME_INVALID;
	}
	status = IohLockDeviceList(driver_name, &lock);
	if (!NT_SUCCESS(status))
		return status;
	status = IohFindDevice(driver_name, &device_name, &volume->Device);
	if (NT_SUCCESS(status))
		IohChooseTarget(volume, access);
	IohUnlockDeviceList(lock);
	return status;
}

void IohVolumeRelease(IOH_VOLUME *volume)
{
	if (volume->Device)
		ObDereferenceObject(volume->Device);
	if (volume->Target)
		ObDereferenceObject(volume->Target);
}
