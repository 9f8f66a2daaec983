/* SPDX-License-Identifier: MIT
 * mounts.c - the mounter's in-memory mount table and the requests that change it. */
#include <wchar.h>

#include "mounter.h"

#include <aclapi.h>
#include <winioctl.h>

#define DEVICE_CHARS      ARRAYSIZE(((DOKAN_CONTROL *)0)->DeviceName)
#define DEVICE_PREFIX     L"\\Device"
#define VOLUME_PREFIX     L"\\Volume{"
#define REDIRECTOR_PREFIX DKF_REDIRECTOR_BASE L"{"
#define MAX_MOUNTS        1024
/* Room for "\Device" + a device name, or for what QueryDosDevice reports. */
#define TARGET_CHARS 1024
/* A folder mount point names its volume as "\??" + device name + "\"
 * (docs/behaviour.md, "The mount sequence"). */
#define SUBSTITUTE_PREFIX L"\\??"
#define SUBSTITUTE_CHARS  (3 + DEVICE_CHARS + 1)

typedef struct mount_entry {
	WCHAR mount_point[MAX_PATH]; /* as the client sent it; LIST reports it unchanged */
	WCHAR device_name[DEVICE_CHARS];
	PSID owner; /* user who mounted; NULL if unknown */
} mount_entry;

static mount_entry *g_mounts;
static size_t g_mount_count;
static size_t g_mount_capacity;

/* --- mount point names ------------------------------------------------------------------- */

/* "M", "M:" and "M:\" (any case) name drive M; returns the upper-case letter, or 0 when
 * mount_point is not a drive-letter form. */
static WCHAR drive_letter_of(LPCWSTR mount_point)
{
	size_t length = wcslen(mount_point);
	WCHAR letter = mount_point[0];

	if (length < 1 || length > 3)
		return 0;
	if (!((letter >= L'A' && letter <= L'Z') || (letter >= L'a' && letter <= L'z')))
		return 0;
	if (length >= 2 && mount_point[1] != L':')
		return 0;
	if (length == 3 && mount_point[2] != L'\\')
		return 0;
	return letter & ~0x20;
}

/* Folder paths compare without a trailing backslash (docs/differences.md D2). */
static size_t folder_length(LPCWSTR path)
{
	size_t length = wcslen(path);

	if (length > 3 && path[length - 1] == L'\\')
		length--;
	return length;
}

static BOOL same_mount_point(LPCWSTR a, LPCWSTR b)
{
	WCHAR letter_a = drive_letter_of(a), letter_b = drive_letter_of(b);

	if (letter_a || letter_b)
		return letter_a == letter_b;
	return CompareStringOrdinal(a, (int)folder_length(a), b, (int)folder_length(b), TRUE) == CSTR_EQUAL;
}

static BOOL has_braced_name(LPCWSTR name, LPCWSTR prefix)
{
	size_t length = wcslen(name), prefix_chars = wcslen(prefix);

	return length > prefix_chars && length < DEVICE_CHARS && wcsncmp(name, prefix, prefix_chars) == 0 &&
	       name[length - 1] == L'}' && wcschr(name + 1, L'\\') == NULL;
}

/* Only the names dokan.sys gives its volumes are accepted (\Volume{...} in disk mode,
 * \DokanRedirector{...} in network mode), so a pipe client cannot point a drive letter at
 * an arbitrary device (0.6.0 took any \Device path). */
static BOOL is_volume_device_name(LPCWSTR name)
{
	return has_braced_name(name, VOLUME_PREFIX) || has_braced_name(name, REDIRECTOR_PREFIX);
}

/* --- the table --------------------------------------------------------------------------- */

static BOOL find_by_mount_point(LPCWSTR mount_point, size_t *index)
{
	for (size_t i = 0; i < g_mount_count; i++) {
		if (same_mount_point(g_mounts[i].mount_point, mount_point)) {
			*index = i;
			return TRUE;
		}
	}
	return FALSE;
}

static BOOL find_by_device(LPCWSTR device_name, size_t *index)
{
	for (size_t i = 0; i < g_mount_count; i++) {
		if (_wcsicmp(g_mounts[i].device_name, device_name) == 0) {
			*index = i;
			return TRUE;
		}
	}
	return FALSE;
}

static BOOL grow_table(void)
{
	size_t capacity = g_mount_capacity ? g_mount_capacity * 2 : 8;
	mount_entry *grown;

	if (capacity > MAX_MOUNTS)
		return FALSE;
	grown = g_mounts ? HeapReAlloc(GetProcessHeap(), 0, g_mounts, capacity * sizeof(*grown))
	                 : HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*grown));
	if (grown == NULL)
		return FALSE;
	g_mounts = grown;
	g_mount_capacity = capacity;
	return TRUE;
}

static BOOL add_entry(const DOKAN_CONTROL *request, const caller_t *caller)
{
	mount_entry *entry;

	if (g_mount_count == g_mount_capacity && !grow_table())
		return FALSE;
	entry = &g_mounts[g_mount_count++];
	wcscpy(entry->mount_point, request->MountPoint);
	wcscpy(entry->device_name, request->DeviceName);
	entry->owner = sid_copy(caller ? caller->sid : NULL);
	return TRUE;
}

/* Keeps insertion order, which LIST indexes follow. */
static void drop_entry(size_t index)
{
	sid_free(g_mounts[index].owner);
	memmove(&g_mounts[index], &g_mounts[index + 1], (g_mount_count - index - 1) * sizeof(*g_mounts));
	g_mount_count--;
}

static void copy_entry_to(const mount_entry *entry, DOKAN_CONTROL *reply)
{
	wcscpy(reply->MountPoint, entry->mount_point);
	wcscpy(reply->DeviceName, entry->device_name);
}

/* --- drive letters ----------------------------------------------------------------------- */

static void drive_name(WCHAR letter, WCHAR name[3])
{
	name[0] = letter;
	name[1] = L':';
	name[2] = L'\0';
}

static void device_target(LPCWSTR device_name, WCHAR target[TARGET_CHARS])
{
	wcscpy(target, DEVICE_PREFIX);
	wcscat(target, device_name);
}

/* Reads the current target of drive; FALSE if the letter is not defined. */
static BOOL drive_target(LPCWSTR drive, WCHAR target[TARGET_CHARS])
{
	target[0] = L'\0';
	return QueryDosDeviceW(drive, target, TARGET_CHARS) != 0;
}

static BOOL drive_in_use(LPCWSTR drive)
{
	WCHAR target[TARGET_CHARS];

	/* A definition too long for the buffer is still a definition. */
	return drive_target(drive, target) || GetLastError() != ERROR_FILE_NOT_FOUND;
}

static BOOL drive_points_to(LPCWSTR drive, LPCWSTR expected)
{
	WCHAR target[TARGET_CHARS];

	return drive_target(drive, target) && _wcsicmp(target, expected) == 0;
}

static BOOL undefine_drive(LPCWSTR drive, LPCWSTR target)
{
	DWORD flags = DDD_RAW_TARGET_PATH | DDD_REMOVE_DEFINITION | DDD_EXACT_MATCH_ON_REMOVE;

	if (DefineDosDeviceW(flags, drive, target))
		return TRUE;
	/* Someone else already removed it: the goal is reached all the same. */
	return !drive_points_to(drive, target);
}

static BOOL define_drive(WCHAR letter, LPCWSTR device_name)
{
	WCHAR drive[3], target[TARGET_CHARS];

	drive_name(letter, drive);
	device_target(device_name, target);
	if (drive_in_use(drive)) {
		DbgPrintW(L"mounter: %ls is already in use\n", drive);
		return FALSE;
	}
	if (!DefineDosDeviceW(DDD_RAW_TARGET_PATH, drive, target)) {
		DbgPrintW(L"mounter: cannot define %ls (error %lu)\n", drive, GetLastError());
		return FALSE;
	}
	if (!drive_points_to(drive, target)) {
		DbgPrintW(L"mounter: %ls does not point to %ls after definition\n", drive, target);
		undefine_drive(drive, target);
		return FALSE;
	}
	return TRUE;
}

/* --- folder mount points ---------------------------------------------------------------
 *
 * A folder becomes a mount point as on NTFS: a reparse point with the mount-point tag whose
 * substitute name is "\??\Volume{...}\" and whose print name is empty. */

/* What FSCTL_SET/GET_REPARSE_POINT exchange for IO_REPARSE_TAG_MOUNT_POINT (the Microsoft
 * reparse data layout: an 8-byte header, four name offsets/lengths in bytes relative to
 * names, then the names themselves). */
typedef struct mount_point_reparse {
	ULONG tag;
	USHORT data_length; /* bytes after the 8-byte header */
	USHORT reserved;
	USHORT substitute_offset;
	USHORT substitute_length; /* without the terminator */
	USHORT print_offset;
	USHORT print_length;
	WCHAR names[(MAXIMUM_REPARSE_DATA_BUFFER_SIZE - 16) / sizeof(WCHAR)];
} mount_point_reparse;

#define REPARSE_HEADER_BYTES     FIELD_OFFSET(mount_point_reparse, substitute_offset)
#define MOUNT_POINT_HEADER_BYTES (FIELD_OFFSET(mount_point_reparse, names) - REPARSE_HEADER_BYTES)
_Static_assert(REPARSE_HEADER_BYTES == 8 && MOUNT_POINT_HEADER_BYTES == 8,
	"the reparse data layout of the Windows headers");

static BOOL is_letter(WCHAR c)
{
	return (c >= L'A' && c <= L'Z') || (c >= L'a' && c <= L'z');
}

/* An absolute path below a drive's root ("C:\dir", also as "\\?\C:\dir"). The mounter is
 * another process than its client, with another current directory: a relative path would
 * name another folder. */
static BOOL is_folder_path(LPCWSTR path)
{
	if (wcsncmp(path, L"\\\\?\\", 4) == 0)
		path += 4;
	return is_letter(path[0]) && path[1] == L':' && path[2] == L'\\' && path[3] != L'\\' && path[3] != L'\0';
}

static void folder_substitute(LPCWSTR device_name, WCHAR substitute[SUBSTITUTE_CHARS])
{
	wcscpy(substitute, SUBSTITUTE_PREFIX);
	wcscat(substitute, device_name);
	wcscat(substitute, L"\\");
}

/* The folder itself, not what a mount point on it leads to. */
static HANDLE open_folder(LPCWSTR path, DWORD access, DWORD share)
{
	return CreateFileW(path, access, share, NULL, OPEN_EXISTING,
		FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS, NULL);
}

static BOOL set_mount_point(HANDLE folder, LPCWSTR substitute)
{
	mount_point_reparse *data;
	size_t chars = wcslen(substitute);
	DWORD returned = 0, size, error;
	BOOL ok;

	data = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*data));
	if (data == NULL)
		return FALSE;
	data->tag = IO_REPARSE_TAG_MOUNT_POINT;
	data->substitute_offset = 0;
	data->substitute_length = (USHORT)(chars * sizeof(WCHAR));
	memcpy(data->names, substitute, chars * sizeof(WCHAR));
	/* Both names are stored with a terminator; the print name is empty. */
	data->print_offset = (USHORT)((chars + 1) * sizeof(WCHAR));
	data->print_length = 0;
	data->data_length = (USHORT)(MOUNT_POINT_HEADER_BYTES + (chars + 2) * sizeof(WCHAR));
	size = REPARSE_HEADER_BYTES + data->data_length;
	ok = DeviceIoControl(folder, FSCTL_SET_REPARSE_POINT, data, size, NULL, 0, &returned, NULL);
	error = GetLastError();
	HeapFree(GetProcessHeap(), 0, data);
	SetLastError(error);
	return ok;
}

/* The substitute name of folder's mount point. FALSE with GetLastError() when the read
 * fails, the folder is no reparse point (ERROR_NOT_A_REPARSE_POINT), or it is one of
 * another kind or malformed (ERROR_REPARSE_TAG_MISMATCH). */
static BOOL read_mount_point(HANDLE folder, WCHAR substitute[SUBSTITUTE_CHARS])
{
	mount_point_reparse *data;
	DWORD returned = 0, names_bytes, error;
	BOOL ok = FALSE;

	data = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*data));
	if (data == NULL)
		return FALSE;
	if (DeviceIoControl(folder, FSCTL_GET_REPARSE_POINT, NULL, 0, data, sizeof(*data), &returned, NULL)) {
		names_bytes = returned > FIELD_OFFSET(mount_point_reparse, names)
		                      ? returned - FIELD_OFFSET(mount_point_reparse, names)
		                      : 0;
		ok = data->tag == IO_REPARSE_TAG_MOUNT_POINT && returned >= FIELD_OFFSET(mount_point_reparse, names) &&
		     data->substitute_offset % sizeof(WCHAR) == 0 && data->substitute_length % sizeof(WCHAR) == 0 &&
		     (DWORD)data->substitute_offset + data->substitute_length <= names_bytes &&
		     data->substitute_length / sizeof(WCHAR) < SUBSTITUTE_CHARS;
		if (ok) {
			size_t chars = data->substitute_length / sizeof(WCHAR);
			memcpy(substitute, data->names + data->substitute_offset / sizeof(WCHAR), chars * sizeof(WCHAR));
			substitute[chars] = L'\0';
		} else {
			SetLastError(ERROR_REPARSE_TAG_MISMATCH);
		}
	}
	error = GetLastError();
	HeapFree(GetProcessHeap(), 0, data);
	SetLastError(error);
	return ok;
}

static BOOL delete_mount_point(HANDLE folder)
{
	/* Only the header: the tag, with no data. */
	struct {
		ULONG tag;
		USHORT data_length;
		USHORT reserved;
	} header = { IO_REPARSE_TAG_MOUNT_POINT, 0, 0 };
	DWORD returned = 0;

	return DeviceIoControl(folder, FSCTL_DELETE_REPARSE_POINT, &header, sizeof(header), NULL, 0, &returned, NULL);
}

/* The mounter runs as LocalSystem: it changes a folder only for a client who may write
 * the folder itself (what DokanMain's own check opens it for). */
static BOOL caller_may_write(HANDLE folder, const caller_t *caller)
{
	GENERIC_MAPPING mapping = { FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE, FILE_ALL_ACCESS };
	PSECURITY_DESCRIPTOR security = NULL;
	union {
		PRIVILEGE_SET set;
		BYTE room[sizeof(PRIVILEGE_SET) + 8 * sizeof(LUID_AND_ATTRIBUTES)];
	} privileges;
	DWORD privileges_size = sizeof(privileges), wanted = GENERIC_WRITE, granted = 0, error;
	BOOL allowed = FALSE;

	if (caller == NULL || caller->token == NULL)
		return FALSE;
	error = GetSecurityInfo(folder, SE_FILE_OBJECT,
		OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, NULL, NULL, NULL,
		NULL, &security);
	if (error != ERROR_SUCCESS) {
		SetLastError(error);
		return FALSE;
	}
	MapGenericMask(&wanted, &mapping);
	if (!AccessCheck(security, caller->token, wanted, &mapping, &privileges.set, &privileges_size, &granted, &allowed))
		allowed = FALSE;
	else if (!allowed)
		SetLastError(ERROR_ACCESS_DENIED);
	LocalFree(security);
	return allowed;
}

static BOOL is_dot_name(const WCHAR *name, DWORD bytes)
{
	return (bytes == sizeof(WCHAR) && name[0] == L'.') ||
	       (bytes == 2 * sizeof(WCHAR) && name[0] == L'.' && name[1] == L'.');
}

/* NTFS refuses a mount point on a folder with entries; Wine's file system would not, so
 * this is checked explicitly. A listing that fails counts as not empty. */
static BOOL folder_is_empty(HANDLE folder)
{
	union {
		FILE_ID_BOTH_DIR_INFO first;
		BYTE bytes[4096];
	} listing;
	FILE_INFO_BY_HANDLE_CLASS query = FileIdBothDirectoryRestartInfo;

	for (;;) {
		const BYTE *at = listing.bytes;
		if (!GetFileInformationByHandleEx(folder, query, &listing, sizeof(listing)))
			return GetLastError() == ERROR_NO_MORE_FILES;
		for (;;) {
			const FILE_ID_BOTH_DIR_INFO *entry = (const FILE_ID_BOTH_DIR_INFO *)at;
			if (!is_dot_name(entry->FileName, entry->FileNameLength)) {
				SetLastError(ERROR_DIR_NOT_EMPTY);
				return FALSE;
			}
			if (entry->NextEntryOffset == 0)
				break;
			at += entry->NextEntryOffset;
		}
		query = FileIdBothDirectoryInfo;
	}
}

static BOOL mount_folder(LPCWSTR path, LPCWSTR device_name, const caller_t *caller)
{
	WCHAR substitute[SUBSTITUTE_CHARS], written[SUBSTITUTE_CHARS];
	BY_HANDLE_FILE_INFORMATION info;
	const WCHAR *refusal = NULL;
	BOOL was_set = FALSE;
	DWORD error;
	HANDLE folder;

	if (!is_folder_path(path)) {
		DbgPrintW(L"mounter: '%ls' is no absolute folder path\n", path);
		return FALSE;
	}
	folder_substitute(device_name, substitute);
	/* As 0.6.0: for writing, with no sharing, so nobody else has the folder open while it
	 * becomes a mount point; also for listing and reading it, for the checks below. */
	folder = open_folder(path, GENERIC_WRITE | FILE_LIST_DIRECTORY | FILE_READ_ATTRIBUTES, 0);
	if (folder == INVALID_HANDLE_VALUE) {
		DbgPrintW(L"mounter: cannot open %ls (error %lu)\n", path, GetLastError());
		return FALSE;
	}
	if (!GetFileInformationByHandle(folder, &info))
		refusal = L"cannot read its attributes";
	else if (!(info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY))
		refusal = L"it is not a folder";
	else if (info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT)
		refusal = L"it already is a reparse point";
	else if (!caller_may_write(folder, caller))
		refusal = L"the caller may not write it";
	else if (!folder_is_empty(folder))
		refusal = L"it is not empty";
	else if (!(was_set = set_mount_point(folder, substitute)))
		refusal = L"setting the mount point failed";
	else if (!read_mount_point(folder, written) || _wcsicmp(written, substitute) != 0)
		refusal = L"the mount point does not read back";
	if (refusal) {
		error = GetLastError();
		if (was_set)
			delete_mount_point(folder);
		DbgPrintW(L"mounter: cannot mount on %ls: %ls (error %lu)\n", path, refusal, error);
	}
	CloseHandle(folder);
	return refusal == NULL;
}

/* TRUE once path is no mount point of device_name any more: removed now, or gone already
 * (the folder deleted, its reparse point removed or replaced by someone else). */
static BOOL unmount_folder(LPCWSTR path, LPCWSTR device_name)
{
	WCHAR expected[SUBSTITUTE_CHARS], current[SUBSTITUTE_CHARS];
	HANDLE folder;
	DWORD error;
	BOOL gone;

	folder_substitute(device_name, expected);
	/* Shared: an open window on the mounted folder must not keep the volume mounted. */
	folder = open_folder(path, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE);
	if (folder == INVALID_HANDLE_VALUE) {
		error = GetLastError();
		if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND)
			return TRUE;
		DbgPrintW(L"mounter: cannot open %ls (error %lu)\n", path, error);
		return FALSE;
	}
	if (!read_mount_point(folder, current)) {
		error = GetLastError();
		gone = error == ERROR_NOT_A_REPARSE_POINT || error == ERROR_REPARSE_TAG_MISMATCH;
	} else if (_wcsicmp(current, expected) != 0) {
		gone = TRUE;
	} else {
		gone = delete_mount_point(folder);
		error = GetLastError();
	}
	if (!gone)
		DbgPrintW(L"mounter: cannot remove the mount point %ls (error %lu)\n", path, error);
	CloseHandle(folder);
	return gone;
}

/* --- either kind ------------------------------------------------------------------------- */

static BOOL remove_name(LPCWSTR mount_point, LPCWSTR device_name)
{
	WCHAR letter = drive_letter_of(mount_point);
	WCHAR drive[3], target[TARGET_CHARS];

	if (!letter)
		return unmount_folder(mount_point, device_name);
	drive_name(letter, drive);
	device_target(device_name, target);
	return undefine_drive(drive, target);
}

/* A dokan.sys volume (docs/behaviour.md, "Device objects and names"): "\Volume{GUID}" with
 * the driver's base GUID, whose second and third groups vary with the mount number.
 * length: chars of text to consider. */
static BOOL dokan_volume_in(LPCWSTR text, size_t length, WCHAR device_name[DEVICE_CHARS])
{
	static const WCHAR prefix[] = L"\\Volume{" DKF_GUID_FIRST L"-";
	static const WCHAR suffix[] = L"-BCE7-964F1E9F5DE9}";
	size_t prefix_chars = ARRAYSIZE(prefix) - 1, suffix_chars = ARRAYSIZE(suffix) - 1;

	if (length <= prefix_chars + suffix_chars || length >= DEVICE_CHARS)
		return FALSE;
	if (wcsncmp(text, prefix, prefix_chars) || wcsncmp(text + length - suffix_chars, suffix, suffix_chars))
		return FALSE;
	memcpy(device_name, text, length * sizeof(WCHAR));
	device_name[length] = L'\0';
	return is_volume_device_name(device_name);
}

/* --- requests ---------------------------------------------------------------------------- */

static BOOL may_remove(const mount_entry *entry, const caller_t *caller)
{
	if (caller == NULL || caller->is_admin)
		return TRUE;
	return entry->owner && caller->sid && EqualSid(entry->owner, caller->sid);
}

static BOOL handle_mount(DOKAN_CONTROL *request, const caller_t *caller)
{
	WCHAR letter = drive_letter_of(request->MountPoint);
	size_t existing;

	if (!is_volume_device_name(request->DeviceName)) {
		DbgPrintW(L"mounter: refusing device name '%ls'\n", request->DeviceName);
		return FALSE;
	}
	if (find_by_device(request->DeviceName, &existing)) {
		DbgPrintW(L"mounter: %ls is already mounted on %ls\n", request->DeviceName,
			g_mounts[existing].mount_point);
		return FALSE;
	}
	if (find_by_mount_point(request->MountPoint, &existing)) {
		DbgPrintW(L"mounter: %ls is already taken by %ls\n", request->MountPoint, g_mounts[existing].device_name);
		return FALSE;
	}
	if (letter ? !define_drive(letter, request->DeviceName)
		   : !mount_folder(request->MountPoint, request->DeviceName, caller))
		return FALSE;
	if (!add_entry(request, caller)) {
		remove_name(request->MountPoint, request->DeviceName);
		return FALSE;
	}
	DbgPrintW(L"mounter: mounted %ls on %ls\n", request->DeviceName, request->MountPoint);
	return TRUE;
}

/* FORCE without a table entry: remove whatever the letter names, or a folder's mount point
 * of a Dokan volume. Only administrators may remove names the mounter did not create
 * (docs/differences.md D14). The reply carries the device name when the name pointed at a Dokan
 * volume, so the caller can release it. */
static BOOL force_remove_drive(WCHAR letter, DOKAN_CONTROL *request)
{
	WCHAR drive[3], target[TARGET_CHARS];
	size_t prefix = wcslen(DEVICE_PREFIX);

	drive_name(letter, drive);
	if (!drive_target(drive, target) || !undefine_drive(drive, target))
		return FALSE;
	request->DeviceName[0] = L'\0';
	if (_wcsnicmp(target, DEVICE_PREFIX, prefix) == 0 && is_volume_device_name(target + prefix))
		wcscpy(request->DeviceName, target + prefix);
	DbgPrintW(L"mounter: force-removed %ls (%ls)\n", drive, target);
	return TRUE;
}

/* Junctions and mount points of other volumes share the tag; they are left alone. */
static BOOL force_remove_folder(DOKAN_CONTROL *request)
{
	WCHAR current[SUBSTITUTE_CHARS], device_name[DEVICE_CHARS];
	size_t prefix = wcslen(SUBSTITUTE_PREFIX), length;
	HANDLE folder;
	BOOL removed = FALSE;

	if (!is_folder_path(request->MountPoint))
		return FALSE;
	folder = open_folder(request->MountPoint, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE);
	if (folder == INVALID_HANDLE_VALUE)
		return FALSE;
	if (read_mount_point(folder, current)) {
		length = wcslen(current);
		removed = length > prefix + 1 && wcsncmp(current, SUBSTITUTE_PREFIX, prefix) == 0 &&
		          current[length - 1] == L'\\' &&
		          dokan_volume_in(current + prefix, length - prefix - 1, device_name) &&
		          delete_mount_point(folder);
	}
	CloseHandle(folder);
	if (removed) {
		wcscpy(request->DeviceName, device_name);
		DbgPrintW(L"mounter: force-removed the mount point %ls (%ls)\n", request->MountPoint, device_name);
	}
	return removed;
}

static BOOL force_remove(DOKAN_CONTROL *request, const caller_t *caller)
{
	WCHAR letter = drive_letter_of(request->MountPoint);

	if (!caller || !caller->is_admin)
		return FALSE;
	return letter ? force_remove_drive(letter, request) : force_remove_folder(request);
}

static BOOL handle_unmount(DOKAN_CONTROL *request, const caller_t *caller)
{
	size_t index;
	BOOL found = request->MountPoint[0] ? find_by_mount_point(request->MountPoint, &index)
	                                    : find_by_device(request->DeviceName, &index);

	if (!found) {
		return request->Option == DOKAN_CONTROL_OPTION_FORCE_UNMOUNT && force_remove(request, caller);
	}
	if (!may_remove(&g_mounts[index], caller)) {
		DbgPrintW(L"mounter: caller may not unmount %ls\n", g_mounts[index].mount_point);
		return FALSE;
	}
	if (!remove_name(g_mounts[index].mount_point, g_mounts[index].device_name))
		return FALSE;
	copy_entry_to(&g_mounts[index], request);
	DbgPrintW(L"mounter: unmounted %ls from %ls\n", request->DeviceName, request->MountPoint);
	drop_entry(index);
	return TRUE;
}

static BOOL handle_find(DOKAN_CONTROL *request)
{
	size_t index;
	BOOL found = request->MountPoint[0] ? find_by_mount_point(request->MountPoint, &index)
	                                    : find_by_device(request->DeviceName, &index);

	if (found)
		copy_entry_to(&g_mounts[index], request);
	return found;
}

static BOOL handle_list(DOKAN_CONTROL *request)
{
	if (request->Option >= g_mount_count)
		return FALSE;
	copy_entry_to(&g_mounts[request->Option], request);
	return TRUE;
}

void mounts_handle_request(DOKAN_CONTROL *request, const caller_t *caller)
{
	BOOL ok = FALSE;

	/* The strings come from another process: never trust their terminators. */
	request->MountPoint[ARRAYSIZE(request->MountPoint) - 1] = L'\0';
	request->DeviceName[ARRAYSIZE(request->DeviceName) - 1] = L'\0';
	switch (request->Type) {
	case DOKAN_CONTROL_MOUNT:
		ok = handle_mount(request, caller);
		break;
	case DOKAN_CONTROL_UNMOUNT:
		ok = handle_unmount(request, caller);
		break;
	case DOKAN_CONTROL_CHECK:
		ok = FALSE; /* as 0.6.0: a ping whose Status is always 0 */
		break;
	case DOKAN_CONTROL_FIND:
		ok = handle_find(request);
		break;
	case DOKAN_CONTROL_LIST:
		ok = handle_list(request);
		break;
	default:
		DbgPrint("mounter: unknown request type %lu\n", request->Type);
		break;
	}
	request->Status = ok ? DOKAN_CONTROL_SUCCESS : DOKAN_CONTROL_FAIL;
}

/* A drive letter's target "\Device\Volume{...}" that names one of dokan.sys's volumes
 * gives back that device name. */
static BOOL dokan_volume_of(LPCWSTR target, WCHAR device_name[DEVICE_CHARS])
{
	size_t prefix = wcslen(DEVICE_PREFIX);

	return wcsncmp(target, DEVICE_PREFIX, prefix) == 0 &&
	       dokan_volume_in(target + prefix, wcslen(target + prefix), device_name);
}

/* After a restart the table is empty while volumes may still be mounted: the drive
 * letters that name Dokan volumes are taken back, so they can be listed and unmounted. */
void mounts_adopt_existing(void)
{
	DOKAN_CONTROL entry;
	WCHAR letter, name[3], target[TARGET_CHARS];
	size_t known;

	for (letter = L'A'; letter <= L'Z'; letter++) {
		drive_name(letter, name);
		ZeroMemory(&entry, sizeof(entry));
		if (!drive_target(name, target) || !dokan_volume_of(target, entry.DeviceName))
			continue;
		wcscpy(entry.MountPoint, name);
		if (!find_by_device(entry.DeviceName, &known) && add_entry(&entry, NULL))
			DbgPrint("mounter: took back %ls -> %ls\n", name, entry.DeviceName);
	}
}

/* The driver unmounted a volume by itself (keep-alive expiry): drop its name. */
void mounts_device_gone(LPCWSTR device_name)
{
	DOKAN_CONTROL request;

	ZeroMemory(&request, sizeof(request));
	request.Type = DOKAN_CONTROL_UNMOUNT;
	lstrcpynW(request.DeviceName, device_name, ARRAYSIZE(request.DeviceName));
	if (!handle_unmount(&request, NULL))
		DbgPrintW(L"mounter: no mount for device %ls\n", device_name);
}
