/* SPDX-License-Identifier: MIT
 * server.c - the \\.\pipe\DokanMounter server and the driver's unmount notices. */
#include "mounter.h"

#include <sddl.h>
#include "dokan_protocol.h"

/* A client gets this long for each step; one slow client must not stall the mounter. */
#define CLIENT_IO_TIMEOUT_MS 5000
/* How often to retry opening \\.\Dokan while the driver is absent. */
#define DRIVER_RETRY_MS 5000
#define CANCEL_WAIT_MS  2000

/* SYSTEM and Administrators: everything. Everyone: open, read, write messages and set the
 * read mode (FILE_GENERIC_READ | FILE_WRITE_DATA | FILE_WRITE_ATTRIBUTES), but not create
 * pipe instances. Restricted code: read. */
#define PIPE_SDDL L"D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;0x12018b;;;WD)(A;;GR;;;RC)"

typedef struct server {
	HANDLE stop;
	HANDLE pipe;
	OVERLAPPED connect;
	BOOL connecting;
	HANDLE client_event;
	HANDLE driver;
	OVERLAPPED notice_io;
	BOOL notice_pending;
	DWORD driver_retry_tick;
} server_t;

/* Static, with the OVERLAPPEDs above: an I/O abandoned at shutdown may still write here. */
static server_t g_server;
static DK_UNMOUNT_NOTICE g_notice;

static HANDLE create_pipe(void)
{
	SECURITY_ATTRIBUTES security = { sizeof(security), NULL, FALSE };
	HANDLE pipe;

	if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(PIPE_SDDL, SDDL_REVISION_1,
		    &security.lpSecurityDescriptor, NULL))
		return INVALID_HANDLE_VALUE;
	/* FIRST_PIPE_INSTANCE: fail rather than serve behind a squatter's pipe. */
	pipe = CreateNamedPipeW(DKF_CONTROL_PIPE,
		PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED | FILE_FLAG_FIRST_PIPE_INSTANCE,
		PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS, 1,
		sizeof(DOKAN_CONTROL), sizeof(DOKAN_CONTROL), 1000, &security);
	LocalFree(security.lpSecurityDescriptor);
	return pipe;
}

static void reset_overlapped(OVERLAPPED *io)
{
	HANDLE event = io->hEvent;

	ZeroMemory(io, sizeof(*io));
	io->hEvent = event;
	ResetEvent(event);
}

/* Waits up to timeout_ms for io; cancels it otherwise. TRUE iff it completed successfully
 * within the time. */
static BOOL finish_io(HANDLE file, OVERLAPPED *io, DWORD timeout_ms, HANDLE stop, DWORD *transferred)
{
	HANDLE waits[2] = { io->hEvent, stop };
	DWORD waited = WaitForMultipleObjects(stop ? 2 : 1, waits, FALSE, timeout_ms);
	BOOL ok;

	if (waited != WAIT_OBJECT_0)
		CancelIoEx(file, io);
	ok = GetOverlappedResult(file, io, transferred, TRUE);
	return ok && waited == WAIT_OBJECT_0;
}

static BOOL client_io(server_t *server, BOOL write, void *buffer, DWORD length, DWORD *transferred)
{
	OVERLAPPED io = { 0 };
	BOOL started;

	io.hEvent = server->client_event;
	ResetEvent(io.hEvent);
	*transferred = 0;
	started = write ? WriteFile(server->pipe, buffer, length, NULL, &io)
	                : ReadFile(server->pipe, buffer, length, NULL, &io);
	if (!started && GetLastError() != ERROR_IO_PENDING)
		return FALSE;
	return finish_io(server->pipe, &io, CLIENT_IO_TIMEOUT_MS, server->stop, transferred);
}

/* Instead of FlushFileBuffers, which waits without limit for a client that may never
 * read, wait (bounded) until the client has read the reply and closed its end. */
static void wait_for_client_close(server_t *server)
{
	BYTE scratch[sizeof(DOKAN_CONTROL)];
	DWORD got;

	client_io(server, FALSE, scratch, sizeof(scratch), &got);
}

static void serve_client(server_t *server)
{
	DOKAN_CONTROL request;
	caller_t caller;
	DWORD got;

	if (!client_io(server, FALSE, &request, sizeof(request), &got) || got != sizeof(request)) {
		DbgPrint("mounter: dropped a malformed request (%lu bytes, error %lu)\n", got, GetLastError());
		return;
	}
	caller_identify(server->pipe, &caller);
	mounts_handle_request(&request, &caller);
	caller_forget(&caller);
	if (!client_io(server, TRUE, &request, sizeof(request), &got)) {
		DbgPrint("mounter: cannot send the reply (error %lu)\n", GetLastError());
		return;
	}
	wait_for_client_close(server);
}

/* Posts an overlapped ConnectNamedPipe unless one is pending. FALSE on an unexpected error. */
static BOOL listen_for_client(server_t *server)
{
	if (server->connecting)
		return TRUE;
	reset_overlapped(&server->connect);
	if (ConnectNamedPipe(server->pipe, &server->connect)) {
		SetEvent(server->connect.hEvent);
	} else {
		switch (GetLastError()) {
		case ERROR_IO_PENDING:
			break;
		case ERROR_PIPE_CONNECTED: /* the client was faster than us */
			SetEvent(server->connect.hEvent);
			break;
		case ERROR_NO_DATA: /* the client already left */
			DisconnectNamedPipe(server->pipe);
			return FALSE;
		default:
			DbgPrint("mounter: ConnectNamedPipe failed (error %lu)\n", GetLastError());
			DisconnectNamedPipe(server->pipe);
			return FALSE;
		}
	}
	server->connecting = TRUE;
	return TRUE;
}

static void on_client_connected(server_t *server)
{
	DWORD unused;
	BOOL connected = GetOverlappedResult(server->pipe, &server->connect, &unused, FALSE) ||
	                 GetLastError() == ERROR_PIPE_CONNECTED;

	server->connecting = FALSE;
	if (connected)
		serve_client(server);
	DisconnectNamedPipe(server->pipe);
}

/* --- driver notices ---------------------------------------------------------------------- */

static void close_driver(server_t *server)
{
	if (server->driver != INVALID_HANDLE_VALUE)
		CloseHandle(server->driver);
	server->driver = INVALID_HANDLE_VALUE;
	server->driver_retry_tick = GetTickCount() + DRIVER_RETRY_MS;
}

static BOOL driver_retry_due(const server_t *server)
{
	return (LONG)(GetTickCount() - server->driver_retry_tick) >= 0;
}

/* Keeps one SERVICE_WAIT pending on \\.\Dokan while the driver is there. */
static void wait_for_driver_notice(server_t *server)
{
	if (server->notice_pending)
		return;
	if (server->driver == INVALID_HANDLE_VALUE) {
		if (!driver_retry_due(server))
			return;
		server->driver = CreateFileW(DKF_GLOBAL_DEVICE, GENERIC_READ | GENERIC_WRITE,
			FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
		if (server->driver == INVALID_HANDLE_VALUE) {
			close_driver(server);
			return;
		}
	}
	reset_overlapped(&server->notice_io);
	if (DeviceIoControl(server->driver, IOCTL_DOKAN_SERVICE_WAIT, NULL, 0, &g_notice, sizeof(g_notice), NULL,
		    &server->notice_io) ||
		GetLastError() == ERROR_IO_PENDING) {
		server->notice_pending = TRUE;
		return;
	}
	DbgPrint("mounter: SERVICE_WAIT refused (error %lu)\n", GetLastError());
	close_driver(server);
}

static void on_driver_notice(server_t *server)
{
	DWORD got = 0;
	BOOL ok = GetOverlappedResult(server->driver, &server->notice_io, &got, FALSE);

	server->notice_pending = FALSE;
	if (!ok) {
		DbgPrint("mounter: SERVICE_WAIT failed (error %lu)\n", GetLastError());
		close_driver(server);
		return;
	}
	if (got != sizeof(g_notice) || g_notice.Size != sizeof(g_notice)) {
		DbgPrint("mounter: ignoring a notice of %lu bytes\n", got);
		return;
	}
	g_notice.DeviceName[ARRAYSIZE(g_notice.DeviceName) - 1] = L'\0';
	mounts_device_gone(g_notice.DeviceName);
}

/* --- life cycle -------------------------------------------------------------------------- */

static BOOL server_open(server_t *server, HANDLE stop)
{
	ZeroMemory(server, sizeof(*server));
	server->stop = stop;
	server->driver = INVALID_HANDLE_VALUE;
	server->connect.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
	server->notice_io.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
	server->client_event = CreateEventW(NULL, TRUE, FALSE, NULL);
	if (!server->connect.hEvent || !server->notice_io.hEvent || !server->client_event)
		return FALSE;
	server->pipe = create_pipe();
	return server->pipe != INVALID_HANDLE_VALUE;
}

/* Pending requests are cancelled; a driver that does not honour the cancel is not waited
 * for beyond CANCEL_WAIT_MS (the buffers are static, so that is safe). */
static void server_close(server_t *server)
{
	if (server->connecting) {
		CancelIoEx(server->pipe, &server->connect);
		WaitForSingleObject(server->connect.hEvent, CANCEL_WAIT_MS);
	}
	if (server->notice_pending) {
		CancelIoEx(server->driver, &server->notice_io);
		WaitForSingleObject(server->notice_io.hEvent, CANCEL_WAIT_MS);
	}
	if (server->pipe && server->pipe != INVALID_HANDLE_VALUE)
		CloseHandle(server->pipe);
	if (server->driver != INVALID_HANDLE_VALUE)
		CloseHandle(server->driver);
}

/* One turn of the loop; FALSE when the service should stop. */
static BOOL serve_one_event(server_t *server)
{
	HANDLE waits[3] = { server->stop, server->connect.hEvent, server->notice_io.hEvent };
	DWORD count, timeout, which;

	if (!listen_for_client(server))
		return WaitForSingleObject(server->stop, 100) != WAIT_OBJECT_0;
	wait_for_driver_notice(server);
	count = server->notice_pending ? 3 : 2;
	timeout = server->notice_pending ? INFINITE : DRIVER_RETRY_MS;
	which = WaitForMultipleObjects(count, waits, FALSE, timeout);
	switch (which) {
	case WAIT_OBJECT_0:
		return FALSE;
	case WAIT_OBJECT_0 + 1:
		on_client_connected(server);
		return TRUE;
	case WAIT_OBJECT_0 + 2:
		on_driver_notice(server);
		return TRUE;
	case WAIT_TIMEOUT:
		return TRUE;
	default:
		DbgPrint("mounter: wait failed (error %lu)\n", GetLastError());
		return FALSE;
	}
}

DWORD server_run(HANDLE stop_event, void (*ready)(void))
{
	server_t *server = &g_server;
	DWORD error = NO_ERROR;

	if (!server_open(server, stop_event)) {
		error = GetLastError();
		DbgPrint("mounter: cannot create the pipe (error %lu)\n", error);
		server_close(server);
		return error ? error : ERROR_GEN_FAILURE;
	}
	mounts_adopt_existing();
	if (ready)
		ready();
	while (serve_one_event(server))
		;
	server_close(server);
	return error;
}
