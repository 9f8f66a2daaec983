// SPDX-License-Identifier: LGPL-3.0-or-later
// win32api.h - shared helpers of win32api.exe: one normalized output line per check, paths
// relative to the folder under test, small file helpers. Every line must read the same on
// any correct file system, so nothing printed may depend on the volume (no times, serials,
// file ids, drive letters or the folder's own path).
#ifndef WIN32API_H
#define WIN32API_H

#include <windows.h>

// The outcome of one call, taken right after it (before anything can change the last error).
typedef struct RESULT {
	BOOL ok;
	DWORD error;
} RESULT;

RESULT result_of(BOOL ok);
RESULT result_of_handle(HANDLE handle);
// "ok" or "error 32 SHARING_VIOLATION"; with_error adds the last error also after success
// (CreateFileW reports ALREADY_EXISTS that way).
const WCHAR *result_text(RESULT result);
const WCHAR *result_text_with_error(RESULT result);
const WCHAR *error_text(DWORD error);

// One output line, prefixed with the current group: "[group] text".
void say(const WCHAR *format, ...);
// A line on stderr only: facts worth seeing in a log but not compared (FS name, flags).
void note(const WCHAR *format, ...);

// The folder under test and the group (a subfolder of it) the checks work in.
BOOL folder_init(const WCHAR *folder);
void group_begin(const WCHAR *group);
const WCHAR *folder_root(void);            // "X:\"
const WCHAR *path_of(const WCHAR *name);   // <folder>\<group>\<name>; 8 rotating buffers
const WCHAR *below_folder(const WCHAR *path); // a path below the drive, made relative

// Helpers that report a failure as a "setup" line (so a broken helper shows in the diff).
HANDLE open_file(const WCHAR *name, DWORD access, DWORD share, DWORD disposition, DWORD flags);
BOOL make_file(const WCHAR *name, const char *data);
BOOL make_folder(const WCHAR *name);
void close_handle(HANDLE *handle);
const WCHAR *content_of(const WCHAR *name);  // size=N "escaped bytes" or the error
const WCHAR *bytes_text(const BYTE *data, DWORD size);
const WCHAR *attributes_text(DWORD attributes);
LONGLONG position_of(HANDLE file);
void say_listing(const WCHAR *name);         // sorted names, sizes and attributes, recursive

// The groups of checks, in the order main runs them.
void check_create(void);
void check_sharing(void);
void check_delete_open(void);
void check_read_write(void);
void check_append(void);
void check_file_pointer(void);
void check_end_of_file(void);
void check_locks(void);
void check_info_classes(void);
void check_set_info(void);
void check_attributes(void);
void check_volume(void);
void check_final_path(void);
void check_find(void);
void check_move(void);
void check_replace(void);
void check_notify(void);

#endif
