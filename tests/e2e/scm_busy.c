// SPDX-License-Identifier: LGPL-3.0-or-later
// scm_busy.c - keeps the service manager busy, as a boot or another installer does, for
// e2e_busy_scm (test_busy_scm.sh).
//
//   scm_busy.exe lock-probe      does LockServiceDatabase lock anything? Prints the answer.
//   scm_busy.exe hold <ms>       installs and starts the service DokanBusyScm, whose process
//                                takes <ms> to reach the service manager. The manager holds
//                                its service-start lock all that time, so every other
//                                StartService meanwhile fails with
//                                ERROR_SERVICE_DATABASE_LOCKED (how Windows since Vista and
//                                Wine serialise service starts). Then stops and deletes it.
//   scm_busy.exe service <ms>    that service's process (started by the service manager).
//
// LockServiceDatabase cannot do this: Windows has ignored the lock since Vista (Microsoft's
// documentation) and Wine 8.0 hands out a dummy lock; lock-probe shows which one runs.
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

#define BUSY_SERVICE L"DokanBusyScm"
#define STOP_WAIT_MS 10000
#define POLL_MS      100

static HANDLE g_stop_event;
static SERVICE_STATUS_HANDLE g_status_handle;
static DWORD g_delay_ms;

// --- lock-probe ------------------------------------------------------------------------

// A real lock refuses a second owner; a dummy one hands out a second "lock" as well.
static int probe_lock(void)
{
	SC_HANDLE first = OpenSCManagerW(NULL, NULL, SC_MANAGER_LOCK);
	SC_HANDLE second = OpenSCManagerW(NULL, NULL, SC_MANAGER_LOCK);
	SC_LOCK lock = first ? LockServiceDatabase(first) : NULL;
	DWORD lock_error = GetLastError();
	SC_LOCK again = second ? LockServiceDatabase(second) : NULL;
	DWORD again_error = GetLastError();

	if (lock == NULL)
		wprintf(L"lock-probe: LockServiceDatabase failed (error %lu)\n", lock_error);
	else if (again != NULL)
		wprintf(L"lock-probe: LockServiceDatabase does not lock: a second caller got a lock"
		        L" too (%p, then %p)\n", (void *)lock, (void *)again);
	else
		wprintf(L"lock-probe: LockServiceDatabase locks: a second caller got error %lu\n",
		        again_error);
	if (again)
		UnlockServiceDatabase(again);
	if (lock)
		UnlockServiceDatabase(lock);
	if (second)
		CloseServiceHandle(second);
	if (first)
		CloseServiceHandle(first);
	return lock ? 0 : 1;
}

// --- service -----------------------------------------------------------------------------

static void report(DWORD state)
{
	SERVICE_STATUS status = { SERVICE_WIN32_OWN_PROCESS, state,
	                          state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP : 0,
	                          NO_ERROR, 0, 0, 0 };

	SetServiceStatus(g_status_handle, &status);
}

static DWORD WINAPI control_handler(DWORD control, DWORD type, LPVOID data, LPVOID context)
{
	if (control == SERVICE_CONTROL_STOP) {
		report(SERVICE_STOP_PENDING);
		SetEvent(g_stop_event);
	}
	return control == SERVICE_CONTROL_STOP || control == SERVICE_CONTROL_INTERROGATE
	       ? NO_ERROR : ERROR_CALL_NOT_IMPLEMENTED;
}

static void WINAPI service_main(DWORD argc, LPWSTR *argv)
{
	g_status_handle = RegisterServiceCtrlHandlerExW(BUSY_SERVICE, control_handler, NULL);
	if (g_status_handle == NULL)
		return;
	report(SERVICE_RUNNING);
	WaitForSingleObject(g_stop_event, INFINITE);
	report(SERVICE_STOPPED);
}

// The delay comes before the dispatcher connects: that is the time the manager waits.
static int run_service(void)
{
	SERVICE_TABLE_ENTRYW table[] = { { (LPWSTR)BUSY_SERVICE, service_main }, { NULL, NULL } };

	g_stop_event = CreateEventW(NULL, TRUE, FALSE, NULL);
	Sleep(g_delay_ms);
	return StartServiceCtrlDispatcherW(table) ? 0 : 1;
}

// --- hold --------------------------------------------------------------------------------

static SC_HANDLE create_busy_service(SC_HANDLE manager)
{
	WCHAR self[MAX_PATH], command[MAX_PATH + 64];
	DWORD length = GetModuleFileNameW(NULL, self, ARRAYSIZE(self));

	if (length == 0 || length >= ARRAYSIZE(self))
		return NULL;
	swprintf(command, ARRAYSIZE(command), L"\"%ls\" service %lu", self, g_delay_ms);
	return CreateServiceW(manager, BUSY_SERVICE, BUSY_SERVICE, SERVICE_ALL_ACCESS,
	                      SERVICE_WIN32_OWN_PROCESS, SERVICE_DEMAND_START,
	                      SERVICE_ERROR_IGNORE, command, NULL, NULL, NULL, NULL, NULL);
}

// Left over from an interrupted run: stop it and delete it before starting afresh.
static void remove_busy_service(SC_HANDLE manager)
{
	SC_HANDLE service = OpenServiceW(manager, BUSY_SERVICE, SERVICE_ALL_ACCESS);
	SERVICE_STATUS status;
	DWORD waited = 0;

	if (service == NULL)
		return;
	ControlService(service, SERVICE_CONTROL_STOP, &status);
	while (QueryServiceStatus(service, &status) && status.dwCurrentState != SERVICE_STOPPED &&
	       waited < STOP_WAIT_MS) {
		Sleep(POLL_MS);
		waited += POLL_MS;
	}
	DeleteService(service);
	CloseServiceHandle(service);
}

static int hold(void)
{
	SC_HANDLE manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS);
	SC_HANDLE service;
	ULONGLONG start;
	BOOL started;
	DWORD error;

	if (manager == NULL) {
		wprintf(L"hold: OpenSCManager failed (error %lu)\n", GetLastError());
		return 1;
	}
	remove_busy_service(manager);
	service = create_busy_service(manager);
	if (service == NULL) {
		wprintf(L"hold: cannot create %ls (error %lu)\n", BUSY_SERVICE, GetLastError());
		CloseServiceHandle(manager);
		return 1;
	}
	wprintf(L"hold: starting %ls, whose process takes %lu ms\n", BUSY_SERVICE, g_delay_ms);
	fflush(stdout);
	start = GetTickCount64();
	started = StartServiceW(service, 0, NULL);
	error = started ? NO_ERROR : GetLastError();
	wprintf(L"hold: StartService returned after %llu ms with error %lu\n",
	        GetTickCount64() - start, error);
	CloseServiceHandle(service);
	remove_busy_service(manager);
	CloseServiceHandle(manager);
	return 0;
}

int wmain(int argc, wchar_t **argv)
{
	if (argc == 2 && wcscmp(argv[1], L"lock-probe") == 0)
		return probe_lock();
	if (argc == 3) {
		g_delay_ms = wcstoul(argv[2], NULL, 10);
		if (wcscmp(argv[1], L"hold") == 0)
			return hold();
		if (wcscmp(argv[1], L"service") == 0)
			return run_service();
	}
	fwprintf(stderr, L"usage: scm_busy.exe lock-probe | hold <ms> | service <ms>\n");
	return 2;
}
