/* SPDX-License-Identifier: MIT
 * scm.c - service-manager operations that survive a busy service manager.
 *
 * A service manager is busy while it starts a service: during boot, while an installer
 * starts its own, or when a service process is slow to come up. Then StartService fails
 * with ERROR_SERVICE_DATABASE_LOCKED (Windows since Vista and Wine hold a start lock for
 * the whole start), a service that was just told to start or stop cannot take another
 * control yet (ERROR_SERVICE_CANNOT_ACCEPT_CTRL, or still *_PENDING), and a slow answer
 * gives ERROR_SERVICE_REQUEST_TIMEOUT. All of these pass, so they are retried. */
#include <stdio.h>

#include "scm.h"
#include "dk_flavor.h"

const DK_SCM_RETRY_POLICY dk_scm_default_policy = { 120000, 250, 4000 };

/* --- the retry loop ---------------------------------------------------------------------- */

static BOOL dk_scm_manager_busy(DWORD error)
{
	switch (error) {
	case SCM_STILL_PENDING:
	case SCM_IN_PROGRESS:
	case ERROR_SERVICE_DATABASE_LOCKED:
	case ERROR_SERVICE_REQUEST_TIMEOUT:
	case ERROR_SERVICE_CANNOT_ACCEPT_CTRL:
		return TRUE;
	default:
		return FALSE;
	}
}

void dk_scm_error_text(DWORD error, LPWSTR text, DWORD chars)
{
	DWORD length = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, error, 0, text,
		chars, NULL);

	while (length && (text[length - 1] == L'\r' || text[length - 1] == L'\n' || text[length - 1] == L' ' ||
				 text[length - 1] == L'.'))
		length--;
	if (length == 0)
		lstrcpynW(text, L"unknown error", (int)chars);
	else
		text[length] = L'\0';
}

static LPCWSTR dk_scm_state_name(DWORD state)
{
	switch (state) {
	case SERVICE_START_PENDING:
		return L"START_PENDING";
	case SERVICE_STOP_PENDING:
		return L"STOP_PENDING";
	case SERVICE_CONTINUE_PENDING:
		return L"CONTINUE_PENDING";
	case SERVICE_PAUSE_PENDING:
		return L"PAUSE_PENDING";
	default:
		return L"changing state";
	}
}

/* "0.25 s": messages give times in seconds with two decimals. */
static void dk_scm_print_seconds(ULONGLONG ms)
{
	fwprintf(stderr, L"%llu.%02llu s", ms / 1000, ms % 1000 / 10);
}

static void dk_scm_report_retry(const DK_SCM_OPERATION *op, DWORD error, unsigned attempt, DWORD delay)
{
	WCHAR text[256];

	if (error == SCM_STILL_PENDING) {
		fwprintf(stderr, DKF_DEBUG_PREFIX_W L"%ls %ls: the service is %ls; retry %u in ", op->Verb, op->Service,
			dk_scm_state_name(op->PendingState), attempt);
	} else {
		dk_scm_error_text(error, text, ARRAYSIZE(text));
		fwprintf(stderr, DKF_DEBUG_PREFIX_W L"%ls %ls: %ls (error %lu); retry %u in ", op->Verb, op->Service,
			text, error, attempt);
	}
	dk_scm_print_seconds(delay);
	fwprintf(stderr, L"\n");
	fflush(stderr); /* the caller waits now: say why at once, even if stderr is buffered */
}

static void dk_scm_report_giving_up(const DK_SCM_OPERATION *op, ULONGLONG elapsed, unsigned attempts)
{
	fwprintf(stderr, DKF_DEBUG_PREFIX_W L"%ls %ls: the service manager stayed busy; giving up after ", op->Verb,
		op->Service);
	dk_scm_print_seconds(elapsed);
	fwprintf(stderr, L" and %u attempts\n", attempts);
	fflush(stderr);
}

DWORD dk_scm_retry(DK_SCM_OPERATION *op, const DK_SCM_RETRY_POLICY *policy)
{
	ULONGLONG start = GetTickCount64();
	DWORD delay = policy->FirstDelayMs;
	unsigned attempts = 0;
	DWORD error;

	for (;;) {
		op->PendingState = 0;
		error = op->Attempt(op);
		attempts++;
		if (error == NO_ERROR || !dk_scm_manager_busy(error))
			return error;
		if (GetTickCount64() - start + delay > policy->TotalMs)
			break;
		if (error != SCM_IN_PROGRESS)
			dk_scm_report_retry(op, error, attempts, delay);
		Sleep(delay);
		delay = delay * 2 < policy->MaxDelayMs ? delay * 2 : policy->MaxDelayMs;
	}
	dk_scm_report_giving_up(op, GetTickCount64() - start, attempts);
	return error == SCM_STILL_PENDING || error == SCM_IN_PROGRESS ? ERROR_SERVICE_REQUEST_TIMEOUT : error;
}

/* Runs op with the default policy; TRUE on success, else FALSE with the last error set. */
static BOOL dk_scm_retry_until_done(DK_SCM_OPERATION *op)
{
	DWORD error = dk_scm_retry(op, &dk_scm_default_policy);

	SetLastError(error);
	return error == NO_ERROR;
}

/* --- the operations ---------------------------------------------------------------------- */

typedef struct CREATE_ARGS {
	SC_HANDLE Manager;
	DWORD Type, StartType, ErrorControl;
	LPCWSTR BinaryPath, Group;
	SC_HANDLE Created;
} CREATE_ARGS;

static DWORD dk_scm_attempt_create(DK_SCM_OPERATION *op)
{
	CREATE_ARGS *args = op->Context;

	args->Created = CreateServiceW(args->Manager, op->Service, op->Service, SERVICE_ALL_ACCESS, args->Type,
		args->StartType, args->ErrorControl, args->BinaryPath, args->Group, NULL, NULL, NULL, NULL);
	return args->Created ? NO_ERROR : GetLastError();
}

SC_HANDLE dk_scm_create_service(SC_HANDLE manager, LPCWSTR name, DWORD type, DWORD start_type, DWORD error_control,
	LPCWSTR binary_path, LPCWSTR group)
{
	CREATE_ARGS args = { manager, type, start_type, error_control, binary_path, group, NULL };
	DK_SCM_OPERATION op = { L"create", name, dk_scm_attempt_create, &args, 0 };

	return dk_scm_retry_until_done(&op) ? args.Created : NULL;
}

/* Why a service that was started is stopped again: its own exit code when it gave one. */
static DWORD dk_scm_start_failure(const SERVICE_STATUS *status)
{
	DWORD code = status->dwWin32ExitCode;

	return code != NO_ERROR && code != ERROR_SERVICE_SPECIFIC_ERROR ? code : ERROR_SERVICE_NOT_ACTIVE;
}

typedef struct START_ARGS {
	SC_HANDLE Service;
	BOOL Started; /* StartService succeeded once: never start it a second time */
} START_ARGS;

static DWORD dk_scm_attempt_start(DK_SCM_OPERATION *op)
{
	START_ARGS *args = op->Context;
	SERVICE_STATUS status;

	if (!args->Started) {
		if (StartServiceW(args->Service, 0, NULL))
			args->Started = TRUE;
		else if (GetLastError() != ERROR_SERVICE_ALREADY_RUNNING)
			return GetLastError();
	}
	if (!QueryServiceStatus(args->Service, &status))
		return GetLastError();
	switch (status.dwCurrentState) {
	case SERVICE_RUNNING:
	case SERVICE_PAUSED:
		return NO_ERROR;
	case SERVICE_STOPPED:
		if (args->Started)
			return dk_scm_start_failure(&status);
		/* "Already running" a moment ago: it was stopping; the next attempt starts it. */
		op->PendingState = SERVICE_STOP_PENDING;
		return SCM_STILL_PENDING;
	default:
		if (args->Started && status.dwCurrentState == SERVICE_START_PENDING)
			return SCM_IN_PROGRESS;
		op->PendingState = status.dwCurrentState;
		return SCM_STILL_PENDING;
	}
}

BOOL dk_scm_start_service(SC_HANDLE service, LPCWSTR name)
{
	START_ARGS args = { service, FALSE };
	DK_SCM_OPERATION op = { L"start", name, dk_scm_attempt_start, &args, 0 };

	return dk_scm_retry_until_done(&op);
}

typedef struct STOP_ARGS {
	SC_HANDLE Service;
	BOOL StopSent; /* its STOP_PENDING is then our own doing */
} STOP_ARGS;

/* A service still starting cannot be stopped yet; one already stopping is waited for. */
static DWORD dk_scm_attempt_stop(DK_SCM_OPERATION *op)
{
	STOP_ARGS *args = op->Context;
	SERVICE_STATUS status;

	if (!QueryServiceStatus(args->Service, &status))
		return GetLastError();
	if (status.dwCurrentState == SERVICE_STOPPED)
		return NO_ERROR;
	if (status.dwCurrentState == SERVICE_STOP_PENDING && args->StopSent)
		return SCM_IN_PROGRESS;
	if (status.dwCurrentState != SERVICE_RUNNING && status.dwCurrentState != SERVICE_PAUSED) {
		op->PendingState = status.dwCurrentState;
		return SCM_STILL_PENDING;
	}
	if (!ControlService(args->Service, SERVICE_CONTROL_STOP, &status))
		return GetLastError() == ERROR_SERVICE_NOT_ACTIVE ? NO_ERROR : GetLastError();
	args->StopSent = TRUE;
	return status.dwCurrentState == SERVICE_STOPPED ? NO_ERROR : SCM_IN_PROGRESS;
}

BOOL dk_scm_stop_service(SC_HANDLE service, LPCWSTR name)
{
	STOP_ARGS args = { service, FALSE };
	DK_SCM_OPERATION op = { L"stop", name, dk_scm_attempt_stop, &args, 0 };

	return dk_scm_retry_until_done(&op);
}

static DWORD dk_scm_attempt_delete(DK_SCM_OPERATION *op)
{
	if (DeleteService(op->Context) || GetLastError() == ERROR_SERVICE_MARKED_FOR_DELETE)
		return NO_ERROR;
	return GetLastError();
}

BOOL dk_scm_delete_service(SC_HANDLE service, LPCWSTR name)
{
	DK_SCM_OPERATION op = { L"delete", name, dk_scm_attempt_delete, service, 0 };

	return dk_scm_retry_until_done(&op);
}
