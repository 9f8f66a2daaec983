// SPDX-License-Identifier: LGPL-3.0-or-later
/* cf_record.c - recording what a case observes, and comparing two recordings. */
#include "cf_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

const CF_XD_INFO cf_xd_info[CF_XD_COUNT] = {
	[CF_XD_NONE] = { "none", "" },
	[CF_XD_ALLOCATION_IS_EOF] = { "allocation_is_eof",
		"Dokan 0.6.0 reports AllocationSize = EndOfFile (BY_HANDLE_FILE_INFORMATION and "
		"WIN32_FIND_DATA carry no allocation size); Wine reports the blocks the host FS "
		"allocated" },
	[CF_XD_CHANGE_TIME_IS_WRITE] = { "change_time_is_last_write",
		"Dokan 0.6.0 reports ChangeTime = LastWriteTime (the callbacks carry no change "
		"time); Wine reports the Unix ctime" },
	[CF_XD_NO_SHORT_NAME] = { "no_short_name",
		"Dokan 0.6.0 never produces 8.3 names (ShortNameLength 0); Wine synthesises them "
		"for long names" },
	[CF_XD_ENTRY_INDEX] = { "entry_file_index",
		"Dokan 0.6.0 sets a directory entry's FileIndex to its 1-based position (used to "
		"resume); Wine leaves it 0" },
	[CF_XD_DIR_FILE_ID_ZERO] = { "dir_file_id_zero",
		"Dokan 0.6.0 leaves FileId 0 in FileId*DirectoryInformation (WIN32_FIND_DATA has "
		"no file id); Wine reports the inode" },
	[CF_XD_VOLUME_IDENTITY] = { "volume_identity",
		"different volumes: the mirror reports label DOKAN, serial 0x19831116, file "
		"system Dokan and its own flags; Wine reports its Unix volume" },
	[CF_XD_VOLUME_SIZE] = { "volume_size",
		"different volumes: the mirror keeps 0.6.0's default sizes (1 GiB total, 512 MiB "
		"free, 512-byte units); Wine reports the host file system" },
	[CF_XD_VOLUME_DEVICE] = { "volume_device",
		"different devices: Dokan reports its disk device (FILE_DEVICE_DISK, the mount's "
		"characteristics); Wine reports FILE_DEVICE_DISK_FILE_SYSTEM for its Unix drive" },
	[CF_XD_ALL_INFO_ZERO_FIELDS] = { "all_info_zero_fields",
		"Dokan fills FileAllInformation's Access, Mode and Alignment parts with 0 (0.6.0 "
		"the Internal part too); Wine fills them" },
	[CF_XD_STREAMS_REFUSED] = { "stream_names_refused",
		"names with ':' fail with STATUS_INVALID_PARAMETER unless the file system sets "
		"DOKAN_OPTION_ALT_STREAM (mirror does not); Wine has no streams (it answers "
		"NOT_FOUND, or creates a file with ':' in its name)",
		CF_FX_NAMES /* side effects: Wine made a file named like the stream */ },
	[CF_XD_MKDIR_NO_ATTRIBUTES] = { "mkdir_attributes_dropped",
		"the 0.6.0 CreateDirectory callback receives no attributes, so a directory made "
		"through Dokan gets none (e.g. no HIDDEN)",
		CF_FX_ATTRIBUTES /* side effects: the folder lacks the attributes asked for */ },
	[CF_XD_WINE_DIRECTORY_OPTION_CHECK] = { "wine_directory_option_check",
		"Wine quirk: NtCreateFile looks the name up before rejecting FILE_DIRECTORY_FILE "
		"with FILE_OVERWRITE (NOT_FOUND); Windows' I/O manager, and iohost, reject the "
		"combination first with STATUS_INVALID_PARAMETER" },
	[CF_XD_WINE_RELATIVE_BACKSLASH] = { "wine_relative_backslash",
		"Wine quirk: a relative name starting with a backslash gets "
		"STATUS_INVALID_PARAMETER; NTFS and Dokan answer STATUS_OBJECT_NAME_INVALID" },
	[CF_XD_WINE_WRITE_DIRECTORY] = { "wine_write_directory",
		"Wine quirk: a write on a directory handle fails with STATUS_INVALID_HANDLE; NTFS "
		"(and so Dokan) answers STATUS_INVALID_DEVICE_REQUEST, as for reads" },
	[CF_XD_IO_MANAGER_CLASS] = { "io_manager_class",
		"FileAccessInformation, FileModeInformation and FileAlignmentInformation are "
		"answered by Windows' I/O manager and never reach a file system; iohost forwards "
		"them, so what Dokan answers does not matter" },
	[CF_XD_WINE_PATTERNS] = { "wine_pattern_matching",
		"Wine quirk: NtQueryDirectoryFile matches patterns its own way ('<' '>' '\"' are not "
		"DOS wildcards, '*.*' and 'x.' match names without a dot); Dokan must give exactly "
		"what FsRtlIsNameInExpression's rules select (docs/differences.md D7), checked against the "
		"suite's own implementation of them" },
	[CF_XD_WINE_RESTART_PATTERN] = { "wine_restart_keeps_pattern",
		"Wine quirk: a restart with a new pattern keeps the first pattern; NTFS and Dokan "
		"use the new one (docs/differences.md D6)" },
	[CF_XD_WINE_STALE_RESTART] = { "wine_stale_restart",
		"Wine quirk: a restarted listing does not see entries created since the handle's "
		"first query; NTFS and Dokan read the folder again" },
	[CF_XD_WINE_NO_ALLOCATION_CLASS] = { "wine_no_allocation_class",
		"Wine 8 quirk: setting FileAllocationInformation is not implemented; Dokan does what "
		"NTFS does (a smaller allocation truncates the file, a larger one keeps its size)",
		CF_FX_CONTENT | CF_FX_TIMES /* side effects: Wine left the size */ },
	[CF_XD_WINE_SET_LENGTH_STATUS] = { "wine_set_length_status",
		"Wine quirk: NtSetInformationFile with a buffer shorter than the class needs fails "
		"with STATUS_INVALID_PARAMETER_3; Windows' I/O manager (and iohost) says "
		"STATUS_INFO_LENGTH_MISMATCH" },
	[CF_XD_WINE_LOCK_CONFLICT] = { "wine_lock_conflict_status",
		"Wine quirk: a lock refused at once fails with STATUS_FILE_LOCK_CONFLICT; NTFS (and "
		"Dokan, 0.6.0) answer STATUS_LOCK_NOT_GRANTED" },
	[CF_XD_WINE_NOTIFY_TREE] = { "wine_notify_tree",
		"Wine quirk: a watch with WatchTree does not report changes in subfolders; Dokan "
		"does, as NTFS" },
	[CF_XD_WINE_NOTIFY_ON_FILE] = { "wine_notify_on_file",
		"Wine quirk: a change notification on a file handle fails with "
		"STATUS_OBJECT_TYPE_MISMATCH; NTFS (and Dokan 0.6.0) answer STATUS_INVALID_PARAMETER" },
	[CF_XD_WINE_NOTIFY_CLEANUP] = { "wine_notify_cleanup",
		"Wine quirk: closing a watched handle ends its pending notification with a warning "
		"status of its own; NTFS (and Dokan) complete it with STATUS_NOTIFY_CLEANUP" },
	[CF_XD_WINE_VOLUME_CHECKS] = { "wine_volume_query_checks",
		"Wine quirk: a volume query with a short buffer fails with STATUS_BUFFER_TOO_SMALL, "
		"an unknown class with STATUS_INVALID_PARAMETER; Windows' I/O manager (and iohost) "
		"answer STATUS_INFO_LENGTH_MISMATCH and STATUS_INVALID_INFO_CLASS first" },
	[CF_XD_VOLUME_CLASSES] = { "volume_classes_invalid_parameter",
		"Dokan 0.6.0 answers the volume classes it does not forward (label, control, "
		"object id) with STATUS_INVALID_PARAMETER; Wine says STATUS_NOT_IMPLEMENTED" },
	[CF_XD_WINE_FSCTL_STATUS] = { "wine_fsctl_status",
		"Wine quirk: an unknown file-system control fails with STATUS_NOT_SUPPORTED; NTFS "
		"and Dokan answer STATUS_INVALID_DEVICE_REQUEST" },
	[CF_XD_FSCTL_IN_DRIVER] = { "fsctl_in_driver",
		"Dokan 0.6.0 has no callback for file-system controls: the driver answers them and "
		"refuses those a file system would have to serve (sparse files); Wine accepts them" },
	[CF_XD_LOCKS_EXCLUSIVE] = { "locks_always_exclusive",
		"the 0.6.0 LockFile callback has no shared/exclusive flag; the mirror locks "
		"exclusively, so a second shared lock on a range is refused" },
	[CF_XD_UNLOCK_ALL] = { "unlock_all_not_implemented",
		"Dokan 0.6.0 answers IRP_MN_UNLOCK_ALL with STATUS_NOT_IMPLEMENTED (the callbacks "
		"have no such operation; the mirror's locks go when the handle is cleaned up); the "
		"native backend emulates it by unlocking each range" },
	[CF_XD_NAME_AS_OPENED] = { "name_as_opened",
		"Dokan 0.6.0 answers FileNameInformation from the name the file was opened with "
		"(no callback tells it the stored case); Wine gives the stored case" },
	[CF_XD_WINE_UNLOCK_STATUS] = { "wine_unlock_status",
		"Wine quirk: unlocking a range that is not locked fails with "
		"STATUS_FILE_LOCK_CONFLICT; NTFS (and Dokan) answer STATUS_RANGE_NOT_LOCKED" },
	[CF_XD_WINE_NO_ACCESS_CHECK] = { "wine_info_access_check",
		"Wine quirk: querying and setting information do not check the handle's access "
		"(basic without FILE_READ/WRITE_ATTRIBUTES, rename without DELETE succeed); Windows' "
		"I/O manager (and iohost) answer STATUS_ACCESS_DENIED and change nothing",
		CF_FX_NAMES | CF_FX_ATTRIBUTES /* side effects: Wine renamed or set attributes */ },
	[CF_XD_WINE_NOTIFY_REPEATS] = { "wine_notify_repeats",
		"Wine quirk: one change may be reported twice in a row (one record per Unix call); "
		"Dokan must report it once" },
	[CF_XD_WINE_VALID_DATA_CHECKS] = { "wine_valid_data_checks",
		"Wine quirk: FileValidDataLengthInformation succeeds without SeManageVolumePrivilege "
		"and when it shrinks the valid data (Wine refuses only lengths beyond the end of "
		"file); NTFS answers STATUS_PRIVILEGE_NOT_HELD without the privilege and "
		"STATUS_INVALID_PARAMETER for a shrink, and neither changes the file" },
	[CF_XD_NO_OBJECT_IDS] = { "no_object_ids",
		"the Dokan callbacks have no object ids: FSCTL_GET_OBJECT_ID is refused with "
		"STATUS_INVALID_DEVICE_REQUEST, the answer MS-FSA and MS-FSCC give for a file "
		"system without object ids (README); Wine synthesises ids from the Unix device and "
		"inode" },
	[CF_XD_WINE_PRIORITY_HINT] = { "wine_priority_hint",
		"Wine 8 quirk: querying FileIoPriorityHintInformation answers STATUS_NOT_IMPLEMENTED "
		"(setting works); Windows' I/O manager keeps the hint in the file object and answers "
		"the query itself with the hint (IoPriorityNormal until set)" },
	[CF_XD_WINE_OPENS_DELETE_PENDING] = { "wine_opens_delete_pending",
		"Wine quirk: a file or folder whose delete disposition is set can still be opened; "
		"NTFS (and Dokan's driver) fail such opens with STATUS_DELETE_PENDING" },
	[CF_XD_NO_VALID_DATA_LENGTH] = { "no_valid_data_length",
		"the 0.6.0 interface has no valid data length, every byte of a Dokan file is valid: "
		"the valid data length is the end of file, so a smaller one is a shrink "
		"(STATUS_INVALID_PARAMETER) where NTFS, whose valid data may end before the end of "
		"file, accepts it (docs/open-and-share.md)" },
	[CF_XD_WINE_ARCHIVE] = { "wine_archive_always",
		"Wine quirk: Wine keeps no archive bit and reports FILE_ATTRIBUTE_ARCHIVE on every "
		"file (so FILE_ATTRIBUTE_NORMAL never); NTFS, and memfs, set it when a file is created "
		"or written and clear it when the attributes are set without it. Where the native "
		"side shows ARCHIVE, the two may differ in ARCHIVE and NORMAL only (in the trees compared "
		"after a case too)" },
	[CF_XD_WINE_ROOT_READ_ONLY] = { "wine_root_ignores_read_only",
		"Wine quirk when run as root (as this project's CI runs it): a read-only file opens "
		"for writing and can be overwritten, since root may write a file without write "
		"permission; NTFS, and memfs, refuse with STATUS_ACCESS_DENIED (MS-FSA 2.1.5.1.2.1). "
		"The mirror asks Wine and shows root's answer",
		CF_FX_CONTENT | CF_FX_TIMES /* side effects: Wine as root overwrote the file */ },
	[CF_XD_WINE_OVERWRITE_ATTRIBUTES] = { "wine_overwrite_keeps_attributes",
		"Wine quirk: FILE_OVERWRITE ignores the attributes given with it; NTFS, and memfs, "
		"give the file those attributes plus ARCHIVE (CreateFile's CREATE_ALWAYS and "
		"TRUNCATE_EXISTING documentation)",
		CF_FX_ATTRIBUTES /* side effects: the attributes Wine left */ },
	[CF_XD_WINE_NO_CREATION_TIME] = { "wine_no_creation_time",
		"Wine quirk: Wine keeps no creation time; it reports the last write time in its "
		"place, so setting it has no effect and a write moves it. NTFS, and memfs, keep the "
		"creation time; where the native creation time is its last write time, any creation "
		"time of the Dokan side is accepted" },
	[CF_XD_WINE_IO_IGNORES_LOCKS] = { "wine_io_ignores_locks",
		"Wine quirk: reads and writes through one handle ignore the byte-range locks of "
		"another; NTFS, and memfs, fail them with STATUS_FILE_LOCK_CONFLICT (MS-FSA 2.1.4.10)",
		CF_FX_CONTENT | CF_FX_TIMES /* side effects: Wine wrote into the locked range */ },
	[CF_XD_WINE_CASE_RENAME] = { "wine_case_only_rename",
		"Wine quirk: a rename that changes only the case of a name keeps the old case; NTFS, "
		"and memfs, store the new case",
		CF_FX_NAMES /* side effects: the name keeps its case in Wine's folder */ },
	[CF_XD_WINE_SECURITY_NOT_STORED] = { "wine_security_not_stored",
		"Wine quirk: a DACL set on a file is not kept (a query returns the one Wine "
		"synthesizes); NTFS, and memfs, return what was set" },
	[CF_XD_WINE_UNASKED_DACL] = { "wine_unasked_dacl",
		"Wine quirk: a query that does not ask for the DACL returns SE_DACL_PRESENT with a "
		"NULL DACL; NTFS, and memfs, return only the parts asked for" },
	[CF_XD_MEMFS_VOLUME_IDENTITY] = { "memfs_volume_identity",
		"different volumes: memfs reports label MEMFS, serial 0x4D454D46, file system MEMFS, "
		"255-character names and the flags of a case-insensitive, case-preserving volume "
		"with ACLs (no FILE_CASE_SENSITIVE_SEARCH); Wine reports its Unix volume" },
	[CF_XD_MEMFS_VOLUME_SIZE] = { "memfs_volume_size",
		"different volumes: memfs reports its size limit (/z, 1 GiB here) as the total and "
		"the limit minus the bytes its files hold as free (which the cases before this one "
		"used), in 512-byte units; Wine reports the host file system" },
	[CF_XD_MEMFS_DEFAULT_SECURITY] = { "memfs_default_security",
		"memfs gives every new file and folder its documented default descriptor (owner and "
		"group of the user running it; full access for SYSTEM, Administrators and that "
		"user, read and execute for Everyone); Wine synthesizes one from the Unix owner and "
		"mode. The Dokan side must show memfs's default exactly" },
	[CF_XD_NO_OPEN_BY_ID] = { "no_open_by_file_id",
		"the 0.6.0 interface cannot find a file from its index, so FILE_OPEN_BY_FILE_ID "
		"fails with STATUS_NOT_SUPPORTED (the volume does not claim "
		"FILE_SUPPORTS_OPEN_BY_FILE_ID; README); Wine finds the inode" },
};

const CF_FS *cf_fs; /* the runner sets it; NULL: nothing is known (the exerciser) */

/* Two runs of a case happen a few seconds apart: "now" times may differ by that much. */
#define CF_TIME_TOLERANCE (15LL * 10000000LL)

BOOL cf_is_dokan(const CF *t)
{
	return strcmp(t->b->name, "native") != 0; /* "dokan" (iohost) or "win32" (shimmed) */
}

static CF_RECORD *add(CF *t, CF_KIND kind, const char *format, va_list args)
{
	CF_RECORD *r;

	if (t->count == t->capacity) {
		ULONG capacity = t->capacity ? t->capacity * 2 : 64;
		CF_RECORD *grown = realloc(t->records, capacity * sizeof(*grown));
		if (!grown) {
			fprintf(stderr, "out of memory\n");
			exit(3);
		}
		t->records = grown;
		t->capacity = capacity;
	}
	r = &t->records[t->count++];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	vsnprintf(r->label, sizeof(r->label), format, args);
	return r;
}

static void print_record(const CF *t, const CF_RECORD *r);

static void added(CF *t, const CF_RECORD *r)
{
	if (t->verbose)
		print_record(t, r);
}

static BYTE *dup_bytes(const void *data, ULONG size)
{
	BYTE *copy = malloc(size ? size : 1);

	if (!copy) {
		fprintf(stderr, "out of memory\n");
		exit(3);
	}
	if (size)
		memcpy(copy, data, size);
	return copy;
}

void cf_status(CF *t, NTSTATUS status, const char *label, ...)
{
	va_list args;
	CF_RECORD *r;

	va_start(args, label);
	r = add(t, CF_K_STATUS, label, args);
	va_end(args);
	r->value = (ULONG)status;
	added(t, r);
}

void cf_u64(CF *t, ULONGLONG value, const char *label, ...)
{
	va_list args;
	CF_RECORD *r;

	va_start(args, label);
	r = add(t, CF_K_U64, label, args);
	va_end(args);
	r->value = value;
	added(t, r);
}

void cf_bool(CF *t, BOOL value, const char *label, ...)
{
	va_list args;
	CF_RECORD *r;

	va_start(args, label);
	r = add(t, CF_K_U64, label, args);
	va_end(args);
	r->value = value ? 1 : 0;
	added(t, r);
}

void cf_time(CF *t, LONGLONG value, const char *label, ...)
{
	va_list args;
	CF_RECORD *r;

	va_start(args, label);
	r = add(t, CF_K_TIME, label, args);
	va_end(args);
	r->value = (ULONGLONG)value;
	added(t, r);
}

void cf_bytes(CF *t, const void *data, ULONG size, const char *label, ...)
{
	va_list args;
	CF_RECORD *r;

	va_start(args, label);
	r = add(t, CF_K_BYTES, label, args);
	va_end(args);
	r->bytes = dup_bytes(data, size);
	r->size = size;
	added(t, r);
}

void cf_text(CF *t, const WCHAR *text, ULONG chars, const char *label, ...)
{
	va_list args;
	CF_RECORD *r;

	va_start(args, label);
	r = add(t, CF_K_TEXT, label, args);
	va_end(args);
	r->bytes = dup_bytes(text, chars * sizeof(WCHAR));
	r->size = chars * sizeof(WCHAR);
	added(t, r);
}

void cf_u64_xd(CF *t, ULONGLONG value, CF_XD xd, ULONGLONG alt, const char *label, ...)
{
	va_list args;
	CF_RECORD *r;

	va_start(args, label);
	r = add(t, CF_K_U64, label, args);
	va_end(args);
	r->value = value;
	r->xd = xd;
	r->alt = alt;
	added(t, r);
}

void cf_any_xd(CF *t, ULONGLONG value, CF_XD xd, const char *label, ...)
{
	va_list args;
	CF_RECORD *r;

	va_start(args, label);
	r = add(t, CF_K_U64, label, args);
	va_end(args);
	r->value = value;
	r->xd = xd;
	r->alt_any = TRUE;
	added(t, r);
}

void cf_status_xd(CF *t, NTSTATUS status, CF_XD xd, NTSTATUS when, NTSTATUS alt,
	const char *label, ...)
{
	va_list args;
	CF_RECORD *r;

	va_start(args, label);
	r = add(t, CF_K_STATUS, label, args);
	va_end(args);
	r->value = (ULONG)status;
	r->xd = xd;
	r->alt = (ULONG)alt;
	r->when = (ULONG)when;
	r->when_set = when != CF_WHEN_ANY;
	added(t, r);
}

void cf_status_ntfs(CF *t, NTSTATUS status, CF_XD xd, NTSTATUS ntfs, const char *label, ...)
{
	va_list args;
	CF_RECORD *r;

	va_start(args, label);
	r = add(t, CF_K_STATUS, label, args);
	va_end(args);
	r->value = (ULONG)status;
	r->xd = xd;
	r->alt = (ULONG)ntfs;
	r->alt_required = TRUE;
	added(t, r);
}

void cf_time_xd(CF *t, LONGLONG value, CF_XD xd, LONGLONG alt, const char *label, ...)
{
	va_list args;
	CF_RECORD *r;

	va_start(args, label);
	r = add(t, CF_K_TIME, label, args);
	va_end(args);
	r->value = (ULONGLONG)value;
	r->xd = xd;
	r->alt = (ULONGLONG)alt;
	added(t, r);
}

static BOOL own_rules(void)
{
	return cf_fs && cf_fs->own_rules;
}

void cf_status_wine(CF *t, NTSTATUS status, CF_XD xd, NTSTATUS ntfs, const char *label, ...)
{
	va_list args;
	CF_RECORD *r;

	va_start(args, label);
	r = add(t, CF_K_STATUS, label, args);
	va_end(args);
	r->value = (ULONG)status;
	r->xd = xd;
	r->alt = (ULONG)ntfs;
	r->alt_required = own_rules();
	added(t, r);
}

void cf_u64_wine(CF *t, ULONGLONG value, CF_XD xd, ULONGLONG ntfs, const char *label, ...)
{
	va_list args;
	CF_RECORD *r;

	va_start(args, label);
	r = add(t, CF_K_U64, label, args);
	va_end(args);
	r->value = value;
	r->xd = xd;
	r->alt = ntfs;
	r->alt_required = own_rules();
	added(t, r);
}

void cf_bytes_wine(CF *t, const void *data, ULONG size, CF_XD xd, const void *ntfs,
	ULONG ntfs_size, const char *label, ...)
{
	va_list args;
	CF_RECORD *r;

	va_start(args, label);
	r = add(t, CF_K_BYTES, label, args);
	va_end(args);
	r->bytes = dup_bytes(data, size);
	r->size = size;
	r->xd = xd;
	r->alt_bytes = dup_bytes(ntfs, ntfs_size);
	r->alt_size = ntfs_size;
	r->alt_required = own_rules();
	added(t, r);
}

void cf_attributes(CF *t, ULONG attributes, const char *label, ...)
{
	va_list args;
	CF_RECORD *r;

	va_start(args, label);
	r = add(t, CF_K_U64, label, args);
	va_end(args);
	r->value = attributes;
	r->xd = CF_XD_WINE_ARCHIVE;
	r->mask = FILE_ATTRIBUTE_ARCHIVE | FILE_ATTRIBUTE_NORMAL;
	added(t, r);
}

void cf_creation_time(CF *t, LONGLONG creation, LONGLONG last_write, const char *label, ...)
{
	va_list args;
	CF_RECORD *r;

	va_start(args, label);
	r = add(t, CF_K_TIME, label, args);
	va_end(args);
	r->value = (ULONGLONG)creation;
	r->xd = CF_XD_WINE_NO_CREATION_TIME;
	r->alt = (ULONGLONG)last_write;
	r->alt_any = TRUE;
	r->when_native_alt = TRUE;
	added(t, r);
}

void cf_text_xd(CF *t, const WCHAR *text, ULONG chars, CF_XD xd, const WCHAR *alt,
	const char *label, ...)
{
	va_list args;
	CF_RECORD *r;

	va_start(args, label);
	r = add(t, CF_K_TEXT, label, args);
	va_end(args);
	r->bytes = dup_bytes(text, chars * sizeof(WCHAR));
	r->size = chars * sizeof(WCHAR);
	r->xd = xd;
	r->alt_bytes = dup_bytes(alt, (ULONG)(wcslen(alt) * sizeof(WCHAR)));
	r->alt_size = (ULONG)(wcslen(alt) * sizeof(WCHAR));
	added(t, r);
}

void cf_note(CF *t, const char *format, ...)
{
	va_list args;

	if (!t->verbose)
		return;
	printf("    [%s] note: ", t->b->name);
	va_start(args, format);
	vprintf(format, args);
	va_end(args);
	printf("\n");
}

void cf_free_records(CF *t)
{
	ULONG i;

	for (i = 0; i < t->count; i++) {
		free(t->records[i].bytes);
		free(t->records[i].alt_bytes);
	}
	free(t->records);
	t->records = NULL;
	t->count = t->capacity = 0;
}

/* ---- text of values ---- */

static void text_value(const CF_RECORD *r, char *out, size_t size)
{
	ULONG i;
	size_t used;

	switch (r->kind) {
	case CF_K_STATUS:
		snprintf(out, size, "%s", cf_status_name((NTSTATUS)r->value));
		break;
	case CF_K_U64:
		if (r->value < 100000)
			snprintf(out, size, "%llu", (unsigned long long)r->value);
		else
			snprintf(out, size, "%llu (0x%llx)", (unsigned long long)r->value,
				(unsigned long long)r->value);
		break;
	case CF_K_TIME:
		if ((LONGLONG)r->value == CF_FIXED_TIME)
			snprintf(out, size, "fixed(2021-01-01)");
		else
			snprintf(out, size, "%lld", (long long)r->value);
		break;
	case CF_K_TEXT:
		used = (size_t)snprintf(out, size, "\"");
		for (i = 0; i < r->size / 2 && used + 8 < size; i++) {
			WCHAR c = ((const WCHAR *)r->bytes)[i];
			used += (size_t)snprintf(out + used, size - used, c >= 32 && c < 127 ? "%c" : "\\u%04x",
				c);
		}
		snprintf(out + used, size - used, "%s\"", i < r->size / 2 ? "..." : "");
		break;
	case CF_K_BYTES:
		used = (size_t)snprintf(out, size, "%lu bytes", (unsigned long)r->size);
		if (r->size)
			used += (size_t)snprintf(out + used, size - used, ":");
		for (i = 0; i < r->size && i < 24 && used + 4 < size; i++)
			used += (size_t)snprintf(out + used, size - used, "%02x", r->bytes[i]);
		if (i < r->size && used + 4 < size)
			snprintf(out + used, size - used, "...");
		break;
	}
}

static void print_record(const CF *t, const CF_RECORD *r)
{
	char value[600];

	text_value(r, value, sizeof(value));
	printf("    [%s] %s = %s%s%s\n", t->b->name, r->label, value, r->xd ? " xd:" : "",
		r->xd ? cf_xd_info[r->xd].name : "");
}

/* ---- comparison ---- */

static BOOL same_value(const CF_RECORD *a, const CF_RECORD *d)
{
	switch (a->kind) {
	case CF_K_STATUS:
	case CF_K_U64:
		return a->value == d->value;
	case CF_K_TIME: {
		LONGLONG x = (LONGLONG)a->value, y = (LONGLONG)d->value;
		if (x == y)
			return TRUE;
		/* 0 and -1 are values with a meaning; only real times get the tolerance */
		if (x <= 0 || y <= 0 || x == CF_FIXED_TIME || y == CF_FIXED_TIME)
			return FALSE;
		return (x > y ? x - y : y - x) <= CF_TIME_TOLERANCE;
	}
	case CF_K_BYTES:
	case CF_K_TEXT:
		return a->size == d->size && !memcmp(a->bytes, d->bytes, a->size);
	}
	return FALSE;
}

/* The Dokan side shows the value its expected difference requires. */
static BOOL shows_alt(const CF_RECORD *d)
{
	if (d->kind == CF_K_TEXT || d->kind == CF_K_BYTES)
		return d->size == d->alt_size && !memcmp(d->bytes, d->alt_bytes, d->size);
	return d->value == d->alt;
}

/* The Dokan side shows the documented alternative of its expected difference (for the
 * native value it applies to). */
static BOOL documented(const CF_RECORD *a, const CF_RECORD *d)
{
	if (!d->xd || (d->when_set && a->value != d->when))
		return FALSE;
	if (d->when_native_alt && a->value != a->alt)
		return FALSE;
	if (d->mask)
		return (a->value & d->mask) && (a->value & ~d->mask) == (d->value & ~d->mask);
	if (d->alt_any)
		return TRUE;
	switch (d->kind) {
	case CF_K_TEXT:
	case CF_K_BYTES:
		return d->size == d->alt_size && !memcmp(d->bytes, d->alt_bytes, d->size);
	default:
		return d->value == d->alt;
	}
}

int cf_compare(const CF *native, const CF *dokan, const char *print, const char *case_name,
	ULONGLONG *xd_used)
{
	ULONG i, n = native->count < dokan->count ? native->count : dokan->count;
	int mismatches = 0;
	char a[600], d[600];

	*xd_used = 0;
	for (i = 0; i < n; i++) {
		const CF_RECORD *x = &native->records[i], *y = &dokan->records[i];
		if (strcmp(x->label, y->label) || x->kind != y->kind) {
			if (print && !mismatches)
				printf("%s %s: step %lu diverged: native \"%s\", dokan \"%s\"\n", print, case_name,
					(unsigned long)i, x->label, y->label);
			return mismatches + 1;
		}
		if (y->alt_required) {
			/* the native side is no reference here: Dokan must show the NTFS value */
			if (shows_alt(y)) {
				if (!same_value(x, y))
					*xd_used |= 1ull << y->xd;
				continue;
			}
		} else if (same_value(x, y)) {
			continue;
		} else if (documented(x, y)) {
			*xd_used |= 1ull << y->xd;
			continue;
		}
		if (print && !mismatches) {
			text_value(x, a, sizeof(a));
			text_value(y, d, sizeof(d));
			printf("%s %s: %s: native %s, dokan %s\n", print, case_name, x->label, a, d);
			if (y->alt_required && y->kind == CF_K_STATUS)
				printf("      (NTFS answers %s; Wine's answer is no reference here: %s)\n",
					cf_status_name((NTSTATUS)y->alt), cf_xd_info[y->xd].name);
			else if (y->alt_required)
				printf("      (the Dokan side must show the NTFS value here: %s)\n",
					cf_xd_info[y->xd].name);
			else if (y->xd)
				printf("      (dokan differs, but not as the expected difference %s "
					"documents)\n", cf_xd_info[y->xd].name);
		}
		mismatches++;
	}
	if (native->count != dokan->count) {
		if (print && !mismatches)
			printf("%s %s: native recorded %lu steps, dokan %lu (last common: \"%s\")\n",
				print, case_name, (unsigned long)native->count, (unsigned long)dokan->count,
				n ? native->records[n - 1].label : "");
		mismatches++;
	}
	if (print && mismatches > 1)
		printf("      (%d mismatching steps in %s; --case %s --verbose shows all)\n",
			mismatches, case_name, case_name);
	return mismatches;
}

/* Every mismatch, for --verbose. */
void cf_print_all_mismatches(const CF *native, const CF *dokan)
{
	ULONG i, n = native->count < dokan->count ? native->count : dokan->count;
	char a[600], d[600];

	for (i = 0; i < n; i++) {
		const CF_RECORD *x = &native->records[i], *y = &dokan->records[i];
		if (strcmp(x->label, y->label) || x->kind != y->kind)
			return;
		if (y->alt_required ? shows_alt(y) : same_value(x, y) || documented(x, y))
			continue;
		text_value(x, a, sizeof(a));
		text_value(y, d, sizeof(d));
		printf("    mismatch %s: native %s, dokan %s\n", x->label, a, d);
	}
}
