// SPDX-License-Identifier: LGPL-3.0-or-later
/* pingdev.c - pingdev.sys, the bare inverted call for scripts/bench.sh (see
 * pingdev_protocol.h). Bench-only: installed and removed by bench_cost.exe. Relayed client
 * IRPs wait in Waiting (no server parked) or Relayed (a server has their request); parked
 * server IRPs wait in Parked. Every waiting IRP has a cancel routine, and whoever clears it
 * first owns the IRP, so each completes once. */
#include <ntifs.h>

#include "pingdev_protocol.h"

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD PingUnload;
static DRIVER_DISPATCH PingCreateClose;
static DRIVER_DISPATCH PingIoctl;
static DRIVER_CANCEL PingCancel;

static KSPIN_LOCK g_lock;
static LIST_ENTRY g_waiting, g_relayed, g_parked;
static PDEVICE_OBJECT g_device;

static NTSTATUS PingComplete(PIRP irp, NTSTATUS status, ULONG_PTR information)
{
	irp->IoStatus.Status = status;
	irp->IoStatus.Information = information;
	IoCompleteRequest(irp, IO_NO_INCREMENT);
	return status;
}

static PLIST_ENTRY PingLink(PIRP irp)
{
	return &irp->Tail.Overlay.ListEntry;
}

/* Takes the oldest IRP of a list that is not being cancelled (lock held). */
static PIRP PingTakeLocked(PLIST_ENTRY list)
{
	while (!IsListEmpty(list)) {
		PLIST_ENTRY entry = RemoveHeadList(list);
		PIRP irp = CONTAINING_RECORD(entry, IRP, Tail.Overlay.ListEntry);
		InitializeListHead(entry);
		if (IoSetCancelRoutine(irp, NULL) != NULL)
			return irp;
	}
	return NULL;
}

/* Pends the IRP on a list unless it is already cancelled (lock held). Either way the IRP
 * is marked pending: its dispatch returns STATUS_PENDING, and a cancelled one is completed
 * by the caller after the lock is dropped. */
static NTSTATUS PingParkLocked(PLIST_ENTRY list, PIRP irp)
{
	IoMarkIrpPending(irp);
	IoSetCancelRoutine(irp, PingCancel);
	if (irp->Cancel && IoSetCancelRoutine(irp, NULL) != NULL)
		return STATUS_CANCELLED;
	InsertTailList(list, PingLink(irp));
	return STATUS_PENDING;
}

static void NTAPI PingCancel(PDEVICE_OBJECT device, PIRP irp)
{
	KIRQL irql;

	UNREFERENCED_PARAMETER(device);
	IoReleaseCancelSpinLock(irp->CancelIrql);
	KeAcquireSpinLock(&g_lock, &irql);
	if (PingLink(irp)->Flink != PingLink(irp))
		RemoveEntryList(PingLink(irp));
	InitializeListHead(PingLink(irp));
	KeReleaseSpinLock(&g_lock, irql);
	PingComplete(irp, STATUS_CANCELLED, 0);
}

/* Gives the client's request to a server: the server's IRP completes with it. */
static void PingDeliver(PIRP client, PIRP server)
{
	RtlCopyMemory(server->AssociatedIrp.SystemBuffer, client->AssociatedIrp.SystemBuffer,
		PINGDEV_MESSAGE_BYTES);
	server->IoStatus.Status = STATUS_SUCCESS;
	server->IoStatus.Information = PINGDEV_MESSAGE_BYTES;
}

static NTSTATUS PingRelay(PIRP irp)
{
	PIRP server;
	NTSTATUS status;
	KIRQL irql;

	KeAcquireSpinLock(&g_lock, &irql);
	server = PingTakeLocked(&g_parked);
	if (server)
		PingDeliver(irp, server);
	status = PingParkLocked(server ? &g_relayed : &g_waiting, irp);
	KeReleaseSpinLock(&g_lock, irql);
	if (server)
		IoCompleteRequest(server, IO_NO_INCREMENT);
	if (status == STATUS_CANCELLED)
		PingComplete(irp, status, 0);
	return STATUS_PENDING;
}

static NTSTATUS PingServe(PIRP irp, ULONG inputLength)
{
	PIRP answered = NULL, client;
	NTSTATUS status = STATUS_SUCCESS;
	KIRQL irql;

	KeAcquireSpinLock(&g_lock, &irql);
	if (inputLength) {
		answered = PingTakeLocked(&g_relayed);
		if (answered)
			RtlCopyMemory(answered->AssociatedIrp.SystemBuffer, irp->AssociatedIrp.SystemBuffer,
				PINGDEV_MESSAGE_BYTES);
	}
	client = PingTakeLocked(&g_waiting);
	if (client) {
		PingDeliver(client, irp);
		InsertTailList(&g_relayed, PingLink(client));
		IoSetCancelRoutine(client, PingCancel);
		if (client->Cancel && IoSetCancelRoutine(client, NULL) != NULL) {
			RemoveEntryList(PingLink(client));
			InitializeListHead(PingLink(client));
			client->IoStatus.Status = STATUS_CANCELLED;
			client->IoStatus.Information = 0;
		} else {
			client = NULL;
		}
	} else {
		status = PingParkLocked(&g_parked, irp);
	}
	KeReleaseSpinLock(&g_lock, irql);
	if (answered)
		PingComplete(answered, STATUS_SUCCESS, PINGDEV_MESSAGE_BYTES);
	if (client)
		IoCompleteRequest(client, IO_NO_INCREMENT);
	if (status == STATUS_PENDING)
		return status;
	if (status == STATUS_CANCELLED) {
		PingComplete(irp, status, 0);
		return STATUS_PENDING;
	}
	return PingComplete(irp, STATUS_SUCCESS, PINGDEV_MESSAGE_BYTES);
}

static NTSTATUS NTAPI PingIoctl(PDEVICE_OBJECT device, PIRP irp)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	ULONG in = stack->Parameters.DeviceIoControl.InputBufferLength;
	ULONG out = stack->Parameters.DeviceIoControl.OutputBufferLength;

	UNREFERENCED_PARAMETER(device);
	if (out != PINGDEV_MESSAGE_BYTES || (in != 0 && in != PINGDEV_MESSAGE_BYTES))
		return PingComplete(irp, STATUS_INVALID_PARAMETER, 0);
	switch (stack->Parameters.DeviceIoControl.IoControlCode) {
	case IOCTL_PING_NOW:
		if (in != PINGDEV_MESSAGE_BYTES)
			return PingComplete(irp, STATUS_INVALID_PARAMETER, 0);
		return PingComplete(irp, STATUS_SUCCESS, PINGDEV_MESSAGE_BYTES);
	case IOCTL_PING_RELAY:
		if (in != PINGDEV_MESSAGE_BYTES)
			return PingComplete(irp, STATUS_INVALID_PARAMETER, 0);
		return PingRelay(irp);
	case IOCTL_PING_SERVE:
		return PingServe(irp, in);
	default:
		return PingComplete(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
	}
}

static NTSTATUS NTAPI PingCreateClose(PDEVICE_OBJECT device, PIRP irp)
{
	UNREFERENCED_PARAMETER(device);
	return PingComplete(irp, STATUS_SUCCESS, 0);
}

static void NTAPI PingUnload(PDRIVER_OBJECT driver)
{
	UNICODE_STRING link;

	UNREFERENCED_PARAMETER(driver);
	RtlInitUnicodeString(&link, PINGDEV_LINK_NAME);
	IoDeleteSymbolicLink(&link);
	IoDeleteDevice(g_device);
}

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path)
{
	UNICODE_STRING name, link;
	NTSTATUS status;

	UNREFERENCED_PARAMETER(registry_path);
	KeInitializeSpinLock(&g_lock);
	InitializeListHead(&g_waiting);
	InitializeListHead(&g_relayed);
	InitializeListHead(&g_parked);
	RtlInitUnicodeString(&name, PINGDEV_DEVICE_NAME);
	RtlInitUnicodeString(&link, PINGDEV_LINK_NAME);
	status = IoCreateDevice(driver, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_device);
	if (!NT_SUCCESS(status))
		return status;
	g_device->Flags |= DO_BUFFERED_IO;
	status = IoCreateSymbolicLink(&link, &name);
	if (!NT_SUCCESS(status)) {
		IoDeleteDevice(g_device);
		return status;
	}
	driver->MajorFunction[IRP_MJ_CREATE] = PingCreateClose;
	driver->MajorFunction[IRP_MJ_CLOSE] = PingCreateClose;
	driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PingIoctl;
	driver->DriverUnload = PingUnload;
	g_device->Flags &= ~DO_DEVICE_INITIALIZING;
	return STATUS_SUCCESS;
}
