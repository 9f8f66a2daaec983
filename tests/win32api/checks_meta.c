// SPDX-License-Identifier: LGPL-3.0-or-later
// checks_meta.c - everything around the data: SetFileInformationByHandle (attributes, end
// of file, allocation, rename, disposition), attributes and folders by name, CopyFileW,
// the file type, flushing, security, the volume, and GetFinalPathNameByHandleW.
#include "win32api.h"
#include <stdio.h>
#include <wchar.h>

#define SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

static void set_info(HANDLE file, FILE_INFO_BY_HANDLE_CLASS class, void *info, DWORD size,
	const WCHAR *what)
{
	RESULT result = result_of(SetFileInformationByHandle(file, class, info, size));

	say(L"SetFileInformationByHandle(%ls) -> %ls", what, result_text(result));
}

static void set_basic_and_sizes(HANDLE file)
{
	FILE_BASIC_INFO basic = { .FileAttributes = FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_ARCHIVE };
	FILE_END_OF_FILE_INFO end = { .EndOfFile.QuadPart = 4 };

	set_info(file, FileBasicInfo, &basic, sizeof(basic), L"FileBasicInfo, attributes HA, times unchanged");
	say(L"GetFileAttributesW(si.txt) -> %ls", attributes_text(GetFileAttributesW(path_of(L"si.txt"))));
	set_info(file, FileEndOfFileInfo, &end, sizeof(end), L"FileEndOfFileInfo 4");
	say(L"si.txt: %ls", content_of(L"si.txt"));
}

// FILE_RENAME_INFO ends in a name of variable length.
static void rename_to(HANDLE file, const WCHAR *target, BOOL replace, const WCHAR *what)
{
	BYTE buffer[sizeof(FILE_RENAME_INFO) + MAX_PATH * 2 * sizeof(WCHAR)] = { 0 };
	FILE_RENAME_INFO *rename = (FILE_RENAME_INFO *)buffer;
	WCHAR line[MAX_PATH];

	rename->ReplaceIfExists = (BOOLEAN)replace;
	rename->FileNameLength = (DWORD)(wcslen(target) * sizeof(WCHAR));
	wcscpy(rename->FileName, target);
	swprintf(line, ARRAYSIZE(line), L"FileRenameInfo %ls, ReplaceIfExists=%d", what, replace);
	set_info(file, FileRenameInfo, rename, sizeof(buffer), line);
}

static void rename_to_path(HANDLE file, const WCHAR *name, BOOL replace, const WCHAR *what)
{
	WCHAR target[MAX_PATH * 2];

	swprintf(target, ARRAYSIZE(target), L"\\??\\%ls", path_of(name));
	rename_to(file, target, replace, what);
	say_listing(L"");
}

// Full NT paths only: Wine 8.0's SetFileInformationByHandle turns a bare name into a path
// below the process's current directory (Windows renames within the file's folder), so a
// bare name would move the file out of the folder under test before any file system sees it.
static void set_rename(HANDLE file)
{
	make_file(L"taken.txt", "taken");
	make_folder(L"sub");
	rename_to_path(file, L"fresh.txt", FALSE, L"to fresh.txt");
	rename_to_path(file, L"taken.txt", FALSE, L"to the existing taken.txt");
	rename_to_path(file, L"taken.txt", TRUE, L"to the existing taken.txt");
	rename_to_path(file, L"sub\\moved.txt", FALSE, L"to sub\\moved.txt");
}

static void set_disposition(void)
{
	FILE_DISPOSITION_INFO disposition = { .DeleteFile = TRUE };
	HANDLE file, folder;

	make_file(L"gone.txt", "x");
	file = open_file(L"gone.txt", DELETE, SHARE_ALL, OPEN_EXISTING, 0);
	set_info(file, FileDispositionInfo, &disposition, sizeof(disposition), L"FileDispositionInfo on gone.txt");
	close_handle(&file);
	say(L"after CloseHandle: gone.txt: %ls", content_of(L"gone.txt"));
	folder = open_file(L"sub", DELETE, SHARE_ALL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS);
	set_info(folder, FileDispositionInfo, &disposition, sizeof(disposition),
		L"FileDispositionInfo on the non-empty folder sub");
	close_handle(&folder);
}

void check_set_info(void)
{
	HANDLE file;

	group_begin(L"setinfo");
	make_file(L"si.txt", "0123456789");
	file = open_file(L"si.txt", GENERIC_READ | GENERIC_WRITE | DELETE, SHARE_ALL, OPEN_EXISTING, 0);
	set_basic_and_sizes(file);
	set_rename(file);
	close_handle(&file);
	set_disposition();
	say_listing(L"");
}

static void set_attributes(const WCHAR *name, DWORD attributes)
{
	RESULT result = result_of(SetFileAttributesW(path_of(name), attributes));
	DWORD now = GetFileAttributesW(path_of(name));

	say(L"SetFileAttributesW(%ls, %ls) -> %ls; now %ls", name, attributes_text(attributes),
		result_text(result), attributes_text(now));
}

static void say_attributes_ex(const WCHAR *name)
{
	WIN32_FILE_ATTRIBUTE_DATA data = { 0 };
	RESULT result = result_of(GetFileAttributesExW(path_of(name), GetFileExInfoStandard, &data));

	say(L"GetFileAttributesExW(%ls) -> %ls, %ls, size %lu", name, result_text(result),
		attributes_text(data.dwFileAttributes), (unsigned long)data.nFileSizeLow);
}

static void say_attributes(const WCHAR *name)
{
	RESULT result = result_of(GetFileAttributesW(path_of(name)) != INVALID_FILE_ATTRIBUTES);

	say(L"GetFileAttributesW(%ls) -> %ls", name, result_text(result));
}

static void attributes_by_name(void)
{
	make_file(L"a.txt", "attr");
	say(L"GetFileAttributesW(a.txt) -> %ls", attributes_text(GetFileAttributesW(path_of(L"a.txt"))));
	set_attributes(L"a.txt", FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_HIDDEN);
	set_attributes(L"a.txt", FILE_ATTRIBUTE_NORMAL);
	set_attributes(L"a.txt", FILE_ATTRIBUTE_SYSTEM | FILE_ATTRIBUTE_ARCHIVE);
	set_attributes(L"a.txt", FILE_ATTRIBUTE_ARCHIVE);
	say_attributes_ex(L"a.txt");
	say_attributes(L"missing.txt");
	say_attributes(L"missing\\x.txt");
}

static void folders_by_name(void)
{
	say(L"CreateDirectoryW(d) -> %ls", result_text(result_of(CreateDirectoryW(path_of(L"d"), NULL))));
	say(L"CreateDirectoryW(d) again -> %ls", result_text(result_of(CreateDirectoryW(path_of(L"d"), NULL))));
	say(L"CreateDirectoryW(a.txt) over a file -> %ls",
		result_text(result_of(CreateDirectoryW(path_of(L"a.txt"), NULL))));
	say(L"CreateDirectoryW(missing\\d) -> %ls",
		result_text(result_of(CreateDirectoryW(path_of(L"missing\\d"), NULL))));
	set_attributes(L"d", FILE_ATTRIBUTE_HIDDEN);
	say_attributes_ex(L"d");
	say(L"RemoveDirectoryW(d) -> %ls", result_text(result_of(RemoveDirectoryW(path_of(L"d")))));
	say(L"RemoveDirectoryW(d) again -> %ls", result_text(result_of(RemoveDirectoryW(path_of(L"d")))));
	say(L"RemoveDirectoryW(a.txt) on a file -> %ls", result_text(result_of(RemoveDirectoryW(path_of(L"a.txt")))));
}

static void copy_file(const WCHAR *to, BOOL fail_if_exists)
{
	RESULT result = result_of(CopyFileW(path_of(L"a.txt"), path_of(to), fail_if_exists));

	say(L"CopyFileW(a.txt, %ls, FailIfExists=%d) -> %ls; %ls: %ls, %ls", to, fail_if_exists,
		result_text(result), to, content_of(to), attributes_text(GetFileAttributesW(path_of(to))));
}

static void copies(void)
{
	copy_file(L"c.txt", TRUE);
	copy_file(L"c.txt", TRUE);
	make_file(L"a.txt", "attr, longer now");
	copy_file(L"c.txt", FALSE);
	SetFileAttributesW(path_of(L"c.txt"), FILE_ATTRIBUTE_READONLY);
	copy_file(L"c.txt", FALSE);
	SetFileAttributesW(path_of(L"c.txt"), FILE_ATTRIBUTE_NORMAL);
}

// The security descriptor's contents belong to the host; only that it is there is common.
static void security(void)
{
	SECURITY_INFORMATION wanted = OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION |
		DACL_SECURITY_INFORMATION;
	BYTE descriptor[4096];
	DWORD needed = 0;
	PSID owner = NULL;
	BOOL defaulted = FALSE;
	RESULT result = result_of(GetFileSecurityW(path_of(L"a.txt"), wanted, descriptor, sizeof(descriptor),
		&needed));

	if (result.ok)
		GetSecurityDescriptorOwner(descriptor, &owner, &defaulted);
	say(L"GetFileSecurityW(a.txt, owner+group+dacl) -> %ls, owner present=%d", result_text(result),
		owner != NULL);
	result = result_of(GetFileSecurityW(path_of(L"a.txt"), wanted, descriptor, 8, &needed));
	say(L"GetFileSecurityW(a.txt) into 8 bytes -> %ls, needs more=%d", result_text(result), needed > 8);
}

static void handle_calls(void)
{
	HANDLE file = open_file(L"a.txt", GENERIC_READ | GENERIC_WRITE, SHARE_ALL, OPEN_EXISTING, 0);
	HANDLE reader = open_file(L"a.txt", GENERIC_READ, SHARE_ALL, OPEN_EXISTING, 0);

	say(L"GetFileType -> %lu", (unsigned long)GetFileType(file));
	say(L"FlushFileBuffers on a read-write handle -> %ls", result_text(result_of(FlushFileBuffers(file))));
	say(L"FlushFileBuffers on a read-only handle -> %ls", result_text(result_of(FlushFileBuffers(reader))));
	close_handle(&reader);
	close_handle(&file);
}

void check_attributes(void)
{
	group_begin(L"attributes");
	attributes_by_name();
	folders_by_name();
	copies();
	security();
	handle_calls();
	say_listing(L"");
}

// Only what the rest of this program observes is compared: names keep their case and may
// have 255 characters. The rest (name, serial, other flags such as FILE_UNICODE_ON_DISK,
// which Wine leaves out) is the volume's own and goes to the log.
static void say_volume(const WCHAR *call, RESULT result, DWORD flags, DWORD max_component,
	const WCHAR *fs_name)
{
	say(L"%ls -> %ls, case-preserved=%d max-component>=255=%d", call, result_text(result),
		(flags & FILE_CASE_PRESERVED_NAMES) != 0, max_component >= 255);
	note(L"%ls: file system %ls, flags 0x%08lX, max component %lu", call, fs_name, (unsigned long)flags,
		(unsigned long)max_component);
}

static void volume_by_name_and_handle(void)
{
	WCHAR fs_name[MAX_PATH + 1] = L"", label[MAX_PATH + 1];
	DWORD serial, max_component = 0, flags = 0;
	RESULT result = result_of(GetVolumeInformationW(folder_root(), label, ARRAYSIZE(label), &serial,
		&max_component, &flags, fs_name, ARRAYSIZE(fs_name)));
	HANDLE folder;

	say_volume(L"GetVolumeInformationW(root)", result, flags, max_component, fs_name);
	folder = open_file(L"", GENERIC_READ, SHARE_ALL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS);
	max_component = flags = 0;
	result = result_of(GetVolumeInformationByHandleW(folder, label, ARRAYSIZE(label), &serial,
		&max_component, &flags, fs_name, ARRAYSIZE(fs_name)));
	say_volume(L"GetVolumeInformationByHandleW(group folder)", result, flags, max_component, fs_name);
	close_handle(&folder);
}

static void free_space(void)
{
	ULARGE_INTEGER available, total, free;
	DWORD sectors, bytes, free_clusters, clusters;

	say(L"GetDiskFreeSpaceExW(group folder) -> %ls",
		result_text(result_of(GetDiskFreeSpaceExW(path_of(L""), &available, &total, &free))));
	say(L"GetDiskFreeSpaceW(root) -> %ls",
		result_text(result_of(GetDiskFreeSpaceW(folder_root(), &sectors, &bytes, &free_clusters, &clusters))));
}

void check_volume(void)
{
	group_begin(L"volume");
	volume_by_name_and_handle();
	free_space();
}

static void final_path(HANDLE file, const WCHAR *name, DWORD flags, const WCHAR *what)
{
	WCHAR path[MAX_PATH * 2] = L"";
	DWORD length = GetFinalPathNameByHandleW(file, path, ARRAYSIZE(path), flags);
	RESULT result = result_of(length > 0 && length < ARRAYSIZE(path));
	WCHAR drive_prefix[8];

	swprintf(drive_prefix, ARRAYSIZE(drive_prefix), L"\\\\?\\%lc:", folder_root()[0]);
	if (flags & VOLUME_NAME_NT)
		say(L"GetFinalPathNameByHandleW(%ls, %ls) -> %ls", name, what, result_text(result));
	else
		say(L"GetFinalPathNameByHandleW(%ls, %ls) -> %ls, %ls%ls", name, what, result_text(result),
			!_wcsnicmp(path, drive_prefix, 6) ? L"\\\\?\\<drive>:..." : L"", below_folder(path));
}

static void final_path_short_buffer(HANDLE file)
{
	WCHAR path[MAX_PATH * 2], tiny[4];
	DWORD full = GetFinalPathNameByHandleW(file, path, ARRAYSIZE(path), VOLUME_NAME_DOS);
	DWORD needed = GetFinalPathNameByHandleW(file, tiny, ARRAYSIZE(tiny), VOLUME_NAME_DOS);

	say(L"GetFinalPathNameByHandleW into 4 characters -> needs the full length + 1=%d", needed == full + 1);
}

static void final_paths_of(const WCHAR *name, DWORD flags)
{
	HANDLE file = open_file(name, GENERIC_READ, SHARE_ALL, OPEN_EXISTING, flags);

	say(L"CreateFileW(%ls) -> %ls", name, result_text(result_of_handle(file)));
	final_path(file, name, FILE_NAME_NORMALIZED | VOLUME_NAME_DOS, L"NORMALIZED, VOLUME_NAME_DOS");
	final_path(file, name, FILE_NAME_OPENED | VOLUME_NAME_DOS, L"OPENED, VOLUME_NAME_DOS");
	final_path(file, name, VOLUME_NAME_NONE, L"VOLUME_NAME_NONE");
	final_path(file, name, VOLUME_NAME_NT, L"VOLUME_NAME_NT");
	close_handle(&file);
}

void check_final_path(void)
{
	HANDLE file;

	group_begin(L"finalpath");
	make_folder(L"Sub");
	make_file(L"Sub\\Final.txt", "final");
	final_paths_of(L"Sub\\Final.txt", 0);
	final_paths_of(L"SUB\\FINAL.TXT", 0);
	final_paths_of(L"Sub", FILE_FLAG_BACKUP_SEMANTICS);
	file = open_file(L"Sub\\Final.txt", GENERIC_READ, SHARE_ALL, OPEN_EXISTING, 0);
	final_path_short_buffer(file);
	close_handle(&file);
}
