/* SPDX-License-Identifier: MIT
 * scm.h - service-manager operations that survive a busy service manager, for dokan.dll
 * (DokanServiceInstall, DokanServiceDelete) and dokanctl.exe. One retry loop (dk_scm_retry)
 * serves them all. */
#ifndef DOKAN_SCM_H_
#define DOKAN_SCM_H_

#include <windows.h>

/* How long one operation is retried while the manager is busy, and how the pause between
 * attempts grows. */
typedef struct DK_SCM_RETRY_POLICY {
	DWORD TotalMs;      /* no attempt starts later than this after the first */
	DWORD FirstDelayMs; /* the first pause; each further one doubles... */
	DWORD MaxDelayMs;   /* ...up to this */
} DK_SCM_RETRY_POLICY;

/* 120 s in all; pauses of 0.25, 0.5, 1, 2, then 4 s. The busiest case measured: straight
 * after `wineboot -i` of a new prefix, Wine's manager refused every start for 41 to 70 s
 * (2 cores shared with other Wine runs), each refusal after a 3 s wait of its own. */
extern const DK_SCM_RETRY_POLICY dk_scm_default_policy;

/* What an attempt returns when the service is in a *_PENDING state it has to wait out:
 * one it found so (reported before each retry), or one its own start or stop request put
 * it in (waited for without a message: that is the normal course). Application-defined
 * codes (bit 29 set); dk_scm_retry never returns them. */
#define SCM_STILL_PENDING 0x20000001UL
#define SCM_IN_PROGRESS   0x20000002UL

/* One operation on one service: Attempt does it once and returns NO_ERROR, a Win32 error,
 * SCM_STILL_PENDING (then it also sets PendingState, for the message) or SCM_IN_PROGRESS. */
typedef struct DK_SCM_OPERATION {
	LPCWSTR Verb; /* "start", "stop", ... for messages */
	LPCWSTR Service;
	DWORD (*Attempt)(struct DK_SCM_OPERATION *op);
	void *Context;
	DWORD PendingState;
} DK_SCM_OPERATION;

/* Runs op again while the manager is busy (ERROR_SERVICE_DATABASE_LOCKED,
 * ERROR_SERVICE_REQUEST_TIMEOUT, ERROR_SERVICE_CANNOT_ACCEPT_CTRL, or the service still
 * pending), with a message on stderr before each retry (none while its own request is in
 * progress), until it succeeds, fails otherwise, or the policy's time is up. Returns
 * NO_ERROR or the last error (a service still pending at the end:
 * ERROR_SERVICE_REQUEST_TIMEOUT). */
DWORD dk_scm_retry(DK_SCM_OPERATION *op, const DK_SCM_RETRY_POLICY *policy);

/* The operations. Each returns FALSE with the last error set when it fails in the end.
 * The created service has the given name as its display name and runs as LocalSystem. */
SC_HANDLE dk_scm_create_service(SC_HANDLE manager, LPCWSTR name, DWORD type, DWORD start_type, DWORD error_control,
	LPCWSTR binary_path, LPCWSTR group);
BOOL dk_scm_start_service(SC_HANDLE service, LPCWSTR name);  /* TRUE once it runs */
BOOL dk_scm_stop_service(SC_HANDLE service, LPCWSTR name);   /* TRUE once it is stopped */
BOOL dk_scm_delete_service(SC_HANDLE service, LPCWSTR name); /* marked for deletion counts */

/* The system's text for a Win32 error, without the trailing period and line break. */
void dk_scm_error_text(DWORD error, LPWSTR text, DWORD chars);

#endif
