/* SPDX-License-Identifier: LGPL-3.0-or-later
 * worker.c - the request loop: one TRANSACT IOCTL carries the previous reply and
 * returns the next event; each event is dispatched to its request family. */
#include "dk_dll.h"

static BOOL dk_grow(void **buffer, DWORD *capacity, DWORD needed)
{
	void *bigger;
	if (needed <= *capacity)
		return TRUE;
	bigger = realloc(*buffer, needed);
	if (!bigger)
		return FALSE;
	*buffer = bigger;
	*capacity = needed;
	return TRUE;
}

/* Starts a reply to `event` with room for dataCapacity bytes after the header; NULL when
 * memory is short (the request then times out in the driver rather than lying). */
DK_REPLY *dk_reply_begin(DK_WORKER *worker, const DK_EVENT *event, DWORD dataCapacity)
{
	DK_REPLY *reply;
	if (dataCapacity > MAXDWORD - sizeof(DK_REPLY) ||
		!dk_grow((void **)&worker->Reply, &worker->ReplyCapacity, sizeof(DK_REPLY) + dataCapacity))
		return NULL;
	reply = worker->Reply;
	ZeroMemory(reply, sizeof(*reply));
	reply->Serial = event->Serial;
	return reply;
}

void dk_reply_finish(DK_WORKER *worker, NTSTATUS status, DWORD dataLength)
{
	DK_REPLY *reply = worker->Reply;
	reply->Status = status;
	reply->DataLength = dataLength;
	reply->Length = sizeof(DK_REPLY) + dataLength;
	worker->ReplyLength = reply->Length;
}

void dk_reply_status(DK_WORKER *worker, const DK_EVENT *event, NTSTATUS status)
{
	if (dk_reply_begin(worker, event, 0))
		dk_reply_finish(worker, status, 0);
}

const void *dk_event_data(const DK_EVENT *event, ULONG offset, ULONG length)
{
	if (offset < sizeof(DK_EVENT) || offset > event->Length || length > event->Length - offset)
		return NULL;
	return (const BYTE *)event + offset;
}

const WCHAR *dk_event_name(const DK_EVENT *event)
{
	return event->FileNameLength ? (const WCHAR *)((const BYTE *)event + event->FileNameOffset) : L"";
}

/* The driver is trusted, but a malformed event must not make us read out of bounds. */
static BOOL dk_event_is_valid(const DK_EVENT *event, DWORD received)
{
	const WCHAR *name;
	if (received < sizeof(DK_EVENT) || event->Length != received)
		return FALSE;
	if (!event->FileNameLength)
		return TRUE;
	if (event->FileNameOffset < sizeof(DK_EVENT) || (event->FileNameLength & 1) || event->FileNameOffset > received ||
		event->FileNameLength + sizeof(WCHAR) > received - event->FileNameOffset)
		return FALSE;
	name = (const WCHAR *)((const BYTE *)event + event->FileNameOffset);
	return name[event->FileNameLength / sizeof(WCHAR)] == 0;
}

void dk_call_unmount(DK_INSTANCE *instance)
{
	DOKAN_FILE_INFO info;
	if (InterlockedExchange(&instance->UnmountCalled, 1) || !instance->Operations->Unmount)
		return;
	ZeroMemory(&info, sizeof(info));
	info.DokanOptions = instance->Options;
	info.ProcessId = GetCurrentProcessId();
	instance->Operations->Unmount(&info);
}

/* Someone asked for this mount to go away: tell the file system, then release. */
static void dk_handle_unmount_request(DK_WORKER *worker)
{
	dk_call_unmount(worker->Instance);
	if (!InterlockedExchange(&worker->Instance->Released, 1))
		dk_ioctl(worker->Device, IOCTL_DOKAN_RELEASE, NULL, 0, NULL, 0, NULL);
}

static void dk_dispatch(DK_WORKER *worker, const DK_EVENT *event)
{
	switch (event->MajorFunction) {
	case IRP_MJ_CREATE:
		dk_dispatch_create(worker, event);
		break;
	case IRP_MJ_CLEANUP:
		dk_dispatch_cleanup(worker, event);
		break;
	case IRP_MJ_CLOSE:
		dk_dispatch_close(worker, event);
		break;
	case IRP_MJ_READ:
		dk_dispatch_read(worker, event);
		break;
	case IRP_MJ_QUERY_INFORMATION:
		dk_dispatch_query_information(worker, event);
		break;
	case IRP_MJ_DIRECTORY_CONTROL:
		dk_dispatch_directory(worker, event);
		break;
	case IRP_MJ_QUERY_VOLUME_INFORMATION:
		dk_dispatch_query_volume(worker, event);
		break;
	case IRP_MJ_WRITE:
		dk_dispatch_write(worker, event);
		break;
	case IRP_MJ_SET_INFORMATION:
		dk_dispatch_set_information(worker, event);
		break;
	case IRP_MJ_FLUSH_BUFFERS:
		dk_dispatch_flush(worker, event);
		break;
	case IRP_MJ_LOCK_CONTROL:
		dk_dispatch_lock(worker, event);
		break;
	case IRP_MJ_QUERY_SECURITY:
		dk_dispatch_query_security(worker, event);
		break;
	case IRP_MJ_SET_SECURITY:
		dk_dispatch_set_security(worker, event);
		break;
	case DK_EVENT_UNMOUNT:
		dk_handle_unmount_request(worker);
		break;
	case DK_EVENT_ABANDONED:
		dk_dispatch_abandoned(worker, event);
		break;
	default:
		dk_reply_status(worker, event, STATUS_INVALID_DEVICE_REQUEST);
		break;
	}
}

/* A truncated event is fetched whole into a buffer grown to its size. */
static BOOL dk_fetch_rest(DK_WORKER *worker, DWORD *received)
{
	DK_FETCH fetch = { sizeof(DK_FETCH), worker->Event->Serial };
	DWORD length = worker->Event->Length;
	if (!dk_grow((void **)&worker->Event, &worker->EventCapacity, length))
		return FALSE;
	return dk_ioctl(worker->Device, IOCTL_DOKAN_FETCH, &fetch, sizeof(fetch), worker->Event, length, received);
}

static void dk_worker_loop(DK_WORKER *worker)
{
	for (;;) {
		DWORD received = 0;
		BOOL ok = dk_ioctl(worker->Device, IOCTL_DOKAN_TRANSACT, worker->ReplyLength ? worker->Reply : NULL,
			worker->ReplyLength, worker->Event, worker->EventCapacity, &received);
		worker->ReplyLength = 0;
		if (!ok)
			return; /* the mount is gone */
		if (received >= sizeof(DK_EVENT) && (worker->Event->EventFlags & DK_EVENT_TRUNCATED) &&
			!dk_fetch_rest(worker, &received))
			continue;
		if (!dk_event_is_valid(worker->Event, received) || worker->Event->MountId != worker->Instance->MountId)
			continue;
		dk_dispatch(worker, worker->Event);
	}
}

DWORD WINAPI dk_worker_thread(LPVOID parameter)
{
	DK_WORKER worker;
	ZeroMemory(&worker, sizeof(worker));
	worker.Instance = parameter;
	worker.Device = dk_open_mount_device(worker.Instance->DeviceName);
	worker.Event = malloc(DK_EVENT_BUFFER_INITIAL);
	worker.EventCapacity = worker.Event ? DK_EVENT_BUFFER_INITIAL : 0;
	if (worker.Device != INVALID_HANDLE_VALUE && worker.Event)
		dk_worker_loop(&worker);
	SetEvent(worker.Instance->Stopped);
	if (worker.Device != INVALID_HANDLE_VALUE)
		CloseHandle(worker.Device);
	free(worker.Event);
	free(worker.Reply);
	return 0;
}

/* Pings the driver so that it unmounts by itself if this process dies (keep-alive). */
DWORD WINAPI dk_keepalive_thread(LPVOID parameter)
{
	DK_INSTANCE *instance = parameter;
	HANDLE device = dk_open_mount_device(instance->DeviceName);
	if (device == INVALID_HANDLE_VALUE)
		return 0;
	while (dk_ioctl(device, IOCTL_DOKAN_KEEPALIVE, NULL, 0, NULL, 0, NULL) &&
		WaitForSingleObject(instance->Stopped, DOKAN_KEEPALIVE_TIME) == WAIT_TIMEOUT)
		;
	CloseHandle(device);
	return 0;
}
