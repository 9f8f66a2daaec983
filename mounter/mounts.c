// SPDX-License-Identifier: MIT
// mounts.c - the mounter's in-memory mount table and the requests that change it.
#include <wchar.h>

#include "mounter.h"

#define DEVICE_CHARS      ARRAYSIZE(((DOKAN_CONTROL *)0)->DeviceName)
#define DEVICE_PREFIX     L"\\Device"
#define VOLUME_PREFIX     L"\\Volume{"
#define MAX_MOUNTS        1024
// Room for "\Device" + a device name, or for what QueryDosDevice reports.
#define TARGET_CHARS      1024

typedef struct mount_entry {
	WCHAR mount_point[MAX_PATH]; // as the client sent it; LIST reports it unchanged
	WCHAR device_name[DEVICE_CHARS];
	PSID owner;                  // user who mounted; NULL if unknown
} mount_entry;

static mount_entry *g_mounts;
static size_t g_mount_count;
static size_t g_mount_capacity;

// --- mount point names -------------------------------------------------------------------

// "M", "M:" and "M:\" (any case) name drive M; returns the upper-case letter, or 0 when
// mount_point is not a drive-letter form.
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

// Folder paths compare without a trailing backslash (decision 2).
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
	return CompareStringOrdinal(a, (int)folder_length(a), b, (int)folder_length(b), TRUE)
	       == CSTR_EQUAL;
}

// Only \Volume{...} names are accepted, so a pipe client cannot point a drive letter at an
// arbitrary device (0.6.0 took any \Device path).
static BOOL is_volume_device_name(LPCWSTR name)
{
	size_t length = wcslen(name);
	size_t prefix = wcslen(VOLUME_PREFIX);

	return length > prefix && length < DEVICE_CHARS &&
	       wcsncmp(name, VOLUME_PREFIX, prefix) == 0 && name[length - 1] == L'}' &&
	       wcschr(name + 1, L'\\') == NULL;
}

// --- the table ---------------------------------------------------------------------------

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

// Keeps insertion order, which LIST indexes follow.
static void drop_entry(size_t index)
{
	sid_free(g_mounts[index].owner);
	memmove(&g_mounts[index], &g_mounts[index + 1],
	        (g_mount_count - index - 1) * sizeof(*g_mounts));
	g_mount_count--;
}

static void copy_entry_to(const mount_entry *entry, DOKAN_CONTROL *reply)
{
	wcscpy(reply->MountPoint, entry->mount_point);
	wcscpy(reply->DeviceName, entry->device_name);
}

// --- drive letters -----------------------------------------------------------------------

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

// Reads the current target of drive; FALSE if the letter is not defined.
static BOOL drive_target(LPCWSTR drive, WCHAR target[TARGET_CHARS])
{
	target[0] = L'\0';
	return QueryDosDeviceW(drive, target, TARGET_CHARS) != 0;
}

static BOOL drive_in_use(LPCWSTR drive)
{
	WCHAR target[TARGET_CHARS];

	// A definition too long for the buffer is still a definition.
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
	// Someone else already removed it: the goal is reached all the same.
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

static BOOL remove_entry_name(const mount_entry *entry)
{
	WCHAR letter = drive_letter_of(entry->mount_point);
	WCHAR drive[3], target[TARGET_CHARS];

	if (!letter) {
		DbgPrintW(L"mounter: folder mount points are not supported (%ls)\n",
		          entry->mount_point);
		return FALSE;
	}
	drive_name(letter, drive);
	device_target(entry->device_name, target);
	return undefine_drive(drive, target);
}

// --- requests ----------------------------------------------------------------------------

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
		DbgPrintW(L"mounter: %ls is already taken by %ls\n", request->MountPoint,
		          g_mounts[existing].device_name);
		return FALSE;
	}
	if (!letter) {
		DbgPrintW(L"mounter: folder mount points are not supported yet (%ls)\n",
		          request->MountPoint);
		return FALSE;
	}
	if (!define_drive(letter, request->DeviceName))
		return FALSE;
	if (!add_entry(request, caller)) {
		WCHAR drive[3], target[TARGET_CHARS];
		drive_name(letter, drive);
		device_target(request->DeviceName, target);
		undefine_drive(drive, target);
		return FALSE;
	}
	DbgPrintW(L"mounter: mounted %ls on %ls\n", request->DeviceName, request->MountPoint);
	return TRUE;
}

// FORCE without a table entry: remove whatever the letter names. Only administrators may
// remove names the mounter did not create (decision 14). The reply carries the device
// name when the letter pointed at a Dokan volume, so the caller can release it.
static BOOL force_remove_drive(DOKAN_CONTROL *request, const caller_t *caller)
{
	WCHAR letter = drive_letter_of(request->MountPoint);
	WCHAR drive[3], target[TARGET_CHARS];
	size_t prefix = wcslen(DEVICE_PREFIX);

	if (!letter || !caller || !caller->is_admin)
		return FALSE;
	drive_name(letter, drive);
	if (!drive_target(drive, target) || !undefine_drive(drive, target))
		return FALSE;
	request->DeviceName[0] = L'\0';
	if (_wcsnicmp(target, DEVICE_PREFIX, prefix) == 0 && is_volume_device_name(target + prefix))
		wcscpy(request->DeviceName, target + prefix);
	DbgPrintW(L"mounter: force-removed %ls (%ls)\n", drive, target);
	return TRUE;
}

static BOOL handle_unmount(DOKAN_CONTROL *request, const caller_t *caller)
{
	size_t index;
	BOOL found = request->MountPoint[0]
	             ? find_by_mount_point(request->MountPoint, &index)
	             : find_by_device(request->DeviceName, &index);

	if (!found) {
		return request->Option == DOKAN_CONTROL_OPTION_FORCE_UNMOUNT &&
		       force_remove_drive(request, caller);
	}
	if (!may_remove(&g_mounts[index], caller)) {
		DbgPrintW(L"mounter: caller may not unmount %ls\n", g_mounts[index].mount_point);
		return FALSE;
	}
	if (!remove_entry_name(&g_mounts[index]))
		return FALSE;
	copy_entry_to(&g_mounts[index], request);
	DbgPrintW(L"mounter: unmounted %ls from %ls\n", request->DeviceName, request->MountPoint);
	drop_entry(index);
	return TRUE;
}

static BOOL handle_find(DOKAN_CONTROL *request)
{
	size_t index;
	BOOL found = request->MountPoint[0]
	             ? find_by_mount_point(request->MountPoint, &index)
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

	// The strings come from another process: never trust their terminators.
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
		ok = FALSE; // as 0.6.0: a ping whose Status is always 0
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

// The driver unmounted a volume by itself (keep-alive expiry): drop its name.
// A drive letter that names one of dokan.sys's volumes (facts 3.1: \Device\Volume{GUID}
// with the driver's base GUID) gives back that device name.
static BOOL dokan_volume_of(LPCWSTR target, WCHAR device_name[DEVICE_CHARS])
{
	static const WCHAR prefix[] = L"\\Device\\Volume{D6CC17C5-";
	static const WCHAR suffix[] = L"-BCE7-964F1E9F5DE9}";
	size_t length = wcslen(target), prefix_chars = ARRAYSIZE(prefix) - 1, suffix_chars = ARRAYSIZE(suffix) - 1;
	size_t device_chars = length - wcslen(DEVICE_PREFIX);

	if (length <= prefix_chars + suffix_chars || device_chars >= DEVICE_CHARS)
		return FALSE;
	if (wcsncmp(target, prefix, prefix_chars) || wcscmp(target + length - suffix_chars, suffix))
		return FALSE;
	wcscpy(device_name, target + wcslen(DEVICE_PREFIX));
	return TRUE;
}

// After a restart the table is empty while volumes may still be mounted: the drive
// letters that name Dokan volumes are taken back, so they can be listed and unmounted.
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

void mounts_device_gone(LPCWSTR device_name)
{
	DOKAN_CONTROL request;

	ZeroMemory(&request, sizeof(request));
	request.Type = DOKAN_CONTROL_UNMOUNT;
	lstrcpynW(request.DeviceName, device_name, ARRAYSIZE(request.DeviceName));
	if (!handle_unmount(&request, NULL))
		DbgPrintW(L"mounter: no mount for device %ls\n", device_name);
}
