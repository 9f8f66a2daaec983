/* SPDX-License-Identifier: MIT
 * mounter.h - pieces of the DokanMounter service (mounter.exe). */
#ifndef MOUNTER_H_
#define MOUNTER_H_

#include <windows.h>

#include "dokanc.h"
#include "dk_flavor.h"

/* Who sent a pipe request. */
typedef struct caller {
	PSID sid;      /* heap copy of the client's user SID; NULL if it could not be determined */
	BOOL is_admin; /* member of BUILTIN\Administrators */
	HANDLE token;  /* the client's identification token (for AccessCheck); NULL if unknown */
} caller_t;

/* caller.c */
void caller_identify(HANDLE pipe, caller_t *caller);
void caller_forget(caller_t *caller);
PSID sid_copy(PSID sid);
void sid_free(PSID sid);

/* mounts.c: the mount table; used by the server thread only, so it has no lock. */
void mounts_handle_request(DOKAN_CONTROL *request, const caller_t *caller);
void mounts_device_gone(LPCWSTR device_name);
void mounts_adopt_existing(void);

/* server.c: serves the pipe until stop_event is set; calls ready() once it listens. */
DWORD server_run(HANDLE stop_event, void (*ready)(void));

#endif /* MOUNTER_H_ */
