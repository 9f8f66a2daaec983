/* SPDX-License-Identifier: LGPL-3.0-or-later
 * client_files.h - the small read-only tree the client-shaped test file systems serve, and
 * their stop signal. Nothing here declares Dokan's ABI: each client declares its own, as
 * the real bindings do. */
#ifndef CLIENT_FILES_H_
#define CLIENT_FILES_H_

#include <windows.h>

/* \hello.txt, \big.bin (220,000 bytes: lines "%05d abcd\n"), \slow.txt (its reads take
 * CLIENT_SLOW_MS), \sub, \sub\inner.txt */
#define CLIENT_SLOW_MS 1500

typedef struct CLIENT_FILE {
	const WCHAR *Path;
	const WCHAR *Parent;
	const WCHAR *Name;
	BOOL Directory;
} CLIENT_FILE;

/* The entry for a volume path ("\" is the root), or NULL. */
const CLIENT_FILE *client_lookup(LPCWSTR path);
/* The i-th entry (NULL past the end). */
const CLIENT_FILE *client_entry(int i);
ULONGLONG client_size(const CLIENT_FILE *file);
BOOL client_is_slow(const CLIENT_FILE *file);
/* Copies up to `length` bytes from `offset`; returns how many. */
DWORD client_read(const CLIENT_FILE *file, LONGLONG offset, BYTE *buffer, DWORD length);
void client_find_data(const CLIENT_FILE *file, WIN32_FIND_DATAW *data);
FILETIME client_time(void);

/* Failed expectations inside callbacks are counted; the program exits 1 if any. */
void client_fail(const char *format, ...);
LONG client_failures(void);

/* The stop signal: `<client> stop L` sets it, the serving process waits for it. */
HANDLE client_stop_event(WCHAR letter);
int client_send_stop(WCHAR letter);

#endif
