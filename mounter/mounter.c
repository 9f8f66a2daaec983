/* SPDX-License-Identifier: MIT
 * mounter.c - entry point of mounter.exe: the DokanMounter service, or "/f" to run the
 * same server in the foreground for debugging. */
#include <stdio.h>

#include "mounter.h"

BOOL g_DebugMode = TRUE;
BOOL g_UseStdErr = FALSE;

#define START_WAIT_HINT_MS 3000
#define STOP_WAIT_HINT_MS  5000

static HANDLE g_stop_event;
static SERVICE_STATUS_HANDLE g_status_handle;
/* The control handler and the service thread both report status. */
static CRITICAL_SECTION g_status_lock;
static DWORD g_checkpoint;

static void report_status(DWORD state, DWORD exit_code, DWORD wait_hint)
{
	SERVICE_STATUS status = { 0 };

	EnterCriticalSection(&g_status_lock);
	status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
	status.dwCurrentState = state;
	status.dwControlsAccepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP : 0;
	status.dwWin32ExitCode = exit_code;
	status.dwWaitHint = wait_hint;
	status.dwCheckPoint = wait_hint ? ++g_checkpoint : 0;
	SetServiceStatus(g_status_handle, &status);
	LeaveCriticalSection(&g_status_lock);
}

static DWORD WINAPI control_handler(DWORD control, DWORD event_type, LPVOID event_data, LPVOID context)
{
	switch (control) {
	case SERVICE_CONTROL_STOP:
		report_status(SERVICE_STOP_PENDING, NO_ERROR, STOP_WAIT_HINT_MS);
		SetEvent(g_stop_event);
		return NO_ERROR;
	case SERVICE_CONTROL_INTERROGATE:
		return NO_ERROR; /* the SCM already knows the last reported state */
	default:
		return ERROR_CALL_NOT_IMPLEMENTED;
	}
}

static void report_running(void)
{
	report_status(SERVICE_RUNNING, NO_ERROR, 0);
}

static void WINAPI service_main(DWORD argc, LPWSTR *argv)
{
	DWORD error;

	g_status_handle = RegisterServiceCtrlHandlerExW(DKF_MOUNTER_SERVICE, control_handler, NULL);
	if (g_status_handle == NULL)
		return;
	report_status(SERVICE_START_PENDING, NO_ERROR, START_WAIT_HINT_MS);
	error = server_run(g_stop_event, report_running);
	report_status(SERVICE_STOPPED, error, 0);
}

static BOOL WINAPI console_handler(DWORD event)
{
	SetEvent(g_stop_event);
	return TRUE;
}

static void announce_foreground(void)
{
	fwprintf(stderr, L"mounter: serving %ls; Ctrl+C stops\n", DKF_CONTROL_PIPE);
}

static int run_foreground(void)
{
	DWORD error;

	g_UseStdErr = TRUE;
	setvbuf(stderr, NULL, _IONBF, 0); /* the log must survive the process being killed */
	SetConsoleCtrlHandler(console_handler, TRUE);
	error = server_run(g_stop_event, announce_foreground);
	if (error == ERROR_PIPE_BUSY || error == ERROR_ACCESS_DENIED)
		fwprintf(stderr, L"mounter: %ls is taken; is the %ls service running?\n", DKF_CONTROL_PIPE,
			DKF_MOUNTER_SERVICE);
	else if (error != NO_ERROR)
		fwprintf(stderr, L"mounter: cannot serve %ls (error %lu)\n", DKF_CONTROL_PIPE, error);
	return error == NO_ERROR ? 0 : 1;
}

static int run_service(void)
{
	SERVICE_TABLE_ENTRYW table[] = {
		{ (LPWSTR)DKF_MOUNTER_SERVICE, service_main },
		{ NULL, NULL },
	};

	if (StartServiceCtrlDispatcherW(table))
		return 0;
	if (GetLastError() == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT)
		fwprintf(stderr,
			L"mounter: this is the %ls service; use /f to run it in the "
			L"foreground\n",
			DKF_MOUNTER_SERVICE);
	else
		fwprintf(stderr, L"mounter: cannot start the service dispatcher (error %lu)\n", GetLastError());
	return 1;
}

static BOOL is_switch(LPCWSTR arg, WCHAR letter)
{
	return (arg[0] == L'/' || arg[0] == L'-') && (arg[1] | 0x20) == letter && arg[2] == 0;
}

int wmain(int argc, wchar_t **argv)
{
	InitializeCriticalSection(&g_status_lock);
	g_stop_event = CreateEventW(NULL, TRUE, FALSE, NULL);
	if (g_stop_event == NULL)
		return 1;
	if (argc == 2 && is_switch(argv[1], L'f'))
		return run_foreground();
	if (argc != 1) {
		fwprintf(stderr,
			L"usage: mounter.exe      (as the %ls service)\n"
			L"       mounter.exe /f   (in the foreground, for debugging)\n",
			DKF_MOUNTER_SERVICE);
		return 2;
	}
	return run_service();
}
