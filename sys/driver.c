/* SPDX-License-Identifier: LGPL-3.0-or-later
 * driver.c - DriverEntry, unload and the dispatch table of dokan.sys. */
#include "dk.h"

DK_GLOBAL g_DkGlobal;

static DRIVER_UNLOAD DkUnload;

static void DkSetDispatchTable(PDRIVER_OBJECT driver)
{
	ULONG i;
	for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
		driver->MajorFunction[i] = DkDispatch; /* dispatch.c routes each family */
	driver->DriverUnload = DkUnload;
}

/* \DosDevices\Global\Dokan where the object manager has a Global directory, else the
 * plain \DosDevices\Dokan (both reach \\.\Dokan from user mode). */
static NTSTATUS DkCreateControlLink(PUNICODE_STRING deviceName)
{
	static const WCHAR *const candidates[] = { DK_CONTROL_LINK_NAME, DKF_CONTROL_LINK_LOCAL };
	NTSTATUS status = STATUS_UNSUCCESSFUL;
	ULONG i;
	for (i = 0; i < ARRAYSIZE(candidates); i++) {
		DkFormat(g_DkGlobal.ControlLinkBuffer, sizeof(g_DkGlobal.ControlLinkBuffer), L"%ws", candidates[i]);
		RtlInitUnicodeString(&g_DkGlobal.ControlLink, g_DkGlobal.ControlLinkBuffer);
		status = IoCreateSymbolicLink(&g_DkGlobal.ControlLink, deviceName);
		if (NT_SUCCESS(status))
			return status;
	}
	g_DkGlobal.ControlLink.Length = 0;
	return status;
}

static NTSTATUS DkCreateControlDevice(PDRIVER_OBJECT driver)
{
	UNICODE_STRING name;
	DK_DEVICE_EXTENSION *ext;
	NTSTATUS status;

	RtlInitUnicodeString(&name, DK_CONTROL_DEVICE_NAME);
	status = IoCreateDevice(driver, sizeof(DK_DEVICE_EXTENSION), &name, FILE_DEVICE_UNKNOWN,
		FILE_DEVICE_SECURE_OPEN, FALSE, &g_DkGlobal.ControlDevice);
	if (!NT_SUCCESS(status))
		return status;
	ext = g_DkGlobal.ControlDevice->DeviceExtension;
	ext->Kind = DK_DEVICE_CONTROL;
	ext->Mount = NULL;
	status = DkCreateControlLink(&name);
	if (!NT_SUCCESS(status)) {
		IoDeleteDevice(g_DkGlobal.ControlDevice);
		g_DkGlobal.ControlDevice = NULL;
		return status;
	}
	g_DkGlobal.ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
	return STATUS_SUCCESS;
}

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registryPath)
{
	NTSTATUS status;

	RtlZeroMemory(&g_DkGlobal, sizeof(g_DkGlobal));
	g_DkGlobal.Driver = driver;
	KeInitializeSpinLock(&g_DkGlobal.Lock);
	InitializeListHead(&g_DkGlobal.Mounts);
	DkNamesInitialize(RtlUpcaseUnicodeChar); /* PASSIVE_LEVEL: names.c compares under spin locks */
	DkServiceInitialize();
	DkDispatchInitialize();
	DkSetDispatchTable(driver);

	status = DkCreateControlDevice(driver);
	if (!NT_SUCCESS(status))
		return status;
	status = DkHousekeepingStart();
	if (!NT_SUCCESS(status)) {
		IoDeleteSymbolicLink(&g_DkGlobal.ControlLink);
		IoDeleteDevice(g_DkGlobal.ControlDevice);
		return status;
	}
	DK_DEBUG("loaded, control link %.*ws\n", DK_PATH_ARGS(&g_DkGlobal.ControlLink));
	return STATUS_SUCCESS;
}

/* Unload: tear down every mount still alive, then the control device. */
static void NTAPI DkUnload(PDRIVER_OBJECT driver)
{
	DK_MOUNT *mount;
	while ((mount = DkMountFindByDeviceName(NULL)) != NULL) {
		DkMountTeardown(mount);
		DkMountRelease(mount);
	}
	DkHousekeepingStop();
	DkServiceShutdown();
	DkMountReapDeleted();
	if (g_DkGlobal.ControlLink.Length)
		IoDeleteSymbolicLink(&g_DkGlobal.ControlLink);
	if (g_DkGlobal.ControlDevice)
		IoDeleteDevice(g_DkGlobal.ControlDevice);
}
