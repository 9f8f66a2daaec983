// SPDX-License-Identifier: LGPL-3.0-or-later
/* cf.h - the differential conformance suite: one test body, two backends.
 *
 * A case is a function that performs NT-level calls through a CF_BACKEND and records what
 * it observes (statuses, data, sizes, attributes, times, listings). The runner runs every
 * case twice, on fresh identical fixtures: once on Wine's own file system (ntdll calls on
 * \??\Z:\...) and once through iohost on the M: mirror of an identical folder, then
 * compares the two recordings. Where Dokan 0.6.0 legitimately differs, the case records
 * the value with a named expected difference (CF_XD_*), which also accepts the value the
 * documented Dokan behaviour produces. */
#ifndef CF_H_
#define CF_H_

#include "ioclient.h"
#include <stdarg.h>
#include <stddef.h>

/* ---- backends ------------------------------------------------------------------------ */

/* An open file of a backend; 0 is never valid. */
typedef ULONG_PTR cf_file;
typedef struct CF_NOTIFY CF_NOTIFY;

/* Offsets with a meaning (as NtReadFile/NtWriteFile). */
#define CF_FILE_POINTER (-2LL) /* the file object's current position (synchronous files) */
#define CF_APPEND       (-1LL) /* write at end of file */

/* A local failure: the call never reached the file system (no handle, no API). */
#define CF_STATUS_NO_HANDLE   ((NTSTATUS)0xE0CF0001L)
/* A local failure: the dokan backend cannot send this name (ioclient's IOC_OPEN takes a
 * NUL-terminated name, so a file id with a zero UTF-16 unit cannot be passed). */
#define CF_STATUS_NAME_NOT_SENDABLE ((NTSTATUS)0xE0CF0002L)

/* Directory query flags (the IRP stack flags, same values for both backends). */
#define CF_RESTART_SCAN    0x01
#define CF_SINGLE_ENTRY    0x02
#define CF_INDEX_SPECIFIED 0x04

typedef struct CF_OPEN {
	const WCHAR *path;    /* relative to the case folder ("" = the folder), or to related */
	cf_file related;      /* non-zero: path is a raw relative name, passed unchanged */
	ULONG access;
	ULONG share;
	ULONG disposition;
	ULONG options;
	ULONG attributes;
	LONGLONG allocation;
	/* non-zero: path is this many bytes of a raw name that may hold NUL characters (the
	 * file id of FILE_OPEN_BY_FILE_ID) followed by a NUL, passed unchanged; needs related */
	ULONG name_bytes;
} CF_OPEN;

typedef struct CF_BACKEND CF_BACKEND;
struct CF_BACKEND {
	const char *name;          /* "native" or "dokan" */
	/* The case folder, set by the runner before each case: e.g. "Z:\tmp\x\a\case" or
	 * "M:\case"; and what FileNameInformation puts in front of the case-relative path. */
	WCHAR folder[MAX_PATH];
	WCHAR name_prefix[MAX_PATH];

	NTSTATUS (*open)(CF_BACKEND *b, const CF_OPEN *args, cf_file *file, ULONG_PTR *info);
	NTSTATUS (*close)(CF_BACKEND *b, cf_file file);
	NTSTATUS (*read)(CF_BACKEND *b, cf_file file, LONGLONG offset, void *buffer, ULONG length,
		ULONG *got);
	NTSTATUS (*write)(CF_BACKEND *b, cf_file file, LONGLONG offset, const void *buffer,
		ULONG length, ULONG *done);
	NTSTATUS (*query_info)(CF_BACKEND *b, cf_file file, ULONG info_class, void *buffer,
		ULONG length, ULONG *got);
	NTSTATUS (*set_info)(CF_BACKEND *b, cf_file file, ULONG info_class, const void *buffer,
		ULONG length);
	/* new_path: a bare name (no '\', resolved in the file's folder), or a path relative
	 * to the case folder ("dir\x", or "\x" for the folder itself), sent as a full path. */
	NTSTATUS (*rename)(CF_BACKEND *b, cf_file file, const WCHAR *new_path, BOOLEAN replace);
	NTSTATUS (*set_disposition)(CF_BACKEND *b, cf_file file, BOOLEAN delete_file);
	NTSTATUS (*query_dir)(CF_BACKEND *b, cf_file file, ULONG info_class, const WCHAR *pattern,
		UCHAR flags, ULONG file_index, void *buffer, ULONG length, ULONG *got);
	NTSTATUS (*query_volume)(CF_BACKEND *b, cf_file file, ULONG info_class, void *buffer,
		ULONG length, ULONG *got);
	NTSTATUS (*flush)(CF_BACKEND *b, cf_file file);
	NTSTATUS (*lock)(CF_BACKEND *b, cf_file file, LONGLONG offset, LONGLONG length, ULONG key,
		BOOLEAN fail_immediately, BOOLEAN exclusive);
	NTSTATUS (*unlock)(CF_BACKEND *b, cf_file file, LONGLONG offset, LONGLONG length,
		ULONG key);
	NTSTATUS (*unlock_all)(CF_BACKEND *b, cf_file file);
	/* *needed: bytes of the descriptor (also on STATUS_BUFFER_TOO_SMALL / OVERFLOW). */
	NTSTATUS (*query_security)(CF_BACKEND *b, cf_file file, SECURITY_INFORMATION what,
		void *buffer, ULONG length, ULONG *needed);
	NTSTATUS (*set_security)(CF_BACKEND *b, cf_file file, SECURITY_INFORMATION what,
		PSECURITY_DESCRIPTOR descriptor);
	NTSTATUS (*fsctl)(CF_BACKEND *b, cf_file file, ULONG code, const void *input,
		ULONG input_length, void *output, ULONG output_length, ULONG *got);
	/* Change notification: begin returns STATUS_PENDING (or a final status, then no
	 * *notify); end waits up to timeout_ms (STATUS_TIMEOUT: still pending, call end or
	 * cancel again) and frees the request unless it timed out; cancel asks to cancel. */
	NTSTATUS (*notify_begin)(CF_BACKEND *b, cf_file file, ULONG filter, BOOLEAN watch_tree,
		ULONG length, CF_NOTIFY **notify);
	NTSTATUS (*notify_end)(CF_BACKEND *b, CF_NOTIFY *notify, DWORD timeout_ms, void *buffer,
		ULONG length, ULONG *got);
	NTSTATUS (*notify_cancel)(CF_BACKEND *b, CF_NOTIFY *notify);
	/* Closes everything the backend still has open (after each case). */
	void (*close_all)(CF_BACKEND *b);
};

/* native: ntdll on Wine's file system; root = Windows path of folder A ("Z:\...").
 * dokan: iohost on a mounted volume; root = "M:". */
CF_BACKEND *cf_native_backend(const WCHAR *root);
CF_BACKEND *cf_dokan_backend(const WCHAR *root);

/* ---- expected differences -------------------------------------------------------------- */

/* Each names a legitimate difference between Dokan (0.6.0 behaviour we keep, the mirror,
 * or what iohost can express) and Wine's own file system. A record made with one passes
 * when both sides agree, or when the Dokan side shows the documented value (alt). */
typedef enum CF_XD {
	CF_XD_NONE = 0,
	CF_XD_ALLOCATION_IS_EOF,      /* AllocationSize = EndOfFile */
	CF_XD_CHANGE_TIME_IS_WRITE,   /* ChangeTime = LastWriteTime */
	CF_XD_NO_SHORT_NAME,          /* no 8.3 names (ShortNameLength 0) */
	CF_XD_ENTRY_INDEX,            /* directory entries' FileIndex = position */
	CF_XD_DIR_FILE_ID_ZERO,       /* directory entries' FileId = 0 */
	CF_XD_VOLUME_IDENTITY,        /* label DOKAN, serial 0x19831116, fs name Dokan, flags */
	CF_XD_VOLUME_SIZE,            /* 1 GiB total / 512 MiB free, 512-byte units */
	CF_XD_VOLUME_DEVICE,          /* device type and characteristics of Dokan's disk device */
	CF_XD_ALL_INFO_ZERO_FIELDS,   /* FileAllInformation: Internal/Access/Mode/Alignment 0 */
	CF_XD_STREAMS_REFUSED,        /* names with ':' refused (no DOKAN_OPTION_ALT_STREAM) */
	CF_XD_MKDIR_NO_ATTRIBUTES,    /* CreateDirectory callback has no attributes */
	CF_XD_WINE_DIRECTORY_OPTION_CHECK, /* Wine checks FILE_DIRECTORY_FILE+OVERWRITE late */
	CF_XD_WINE_RELATIVE_BACKSLASH,/* Wine: INVALID_PARAMETER for relative names with a
	                                 leading backslash */
	CF_XD_WINE_WRITE_DIRECTORY,   /* Wine: INVALID_HANDLE for writes to a directory */
	CF_XD_IO_MANAGER_CLASS,       /* classes Windows' I/O manager answers (iohost forwards) */
	CF_XD_WINE_PATTERNS,          /* Wine's own wildcard matching */
	CF_XD_WINE_RESTART_PATTERN,   /* Wine keeps the first pattern across restarts */
	CF_XD_WINE_STALE_RESTART,     /* Wine does not re-read a folder on restart */
	CF_XD_WINE_NO_ALLOCATION_CLASS, /* Wine 8 cannot set FileAllocationInformation */
	CF_XD_WINE_SET_LENGTH_STATUS, /* Wine: a short set-information buffer status */
	CF_XD_WINE_LOCK_CONFLICT,     /* Wine: FILE_LOCK_CONFLICT for a refused lock */
	CF_XD_WINE_NOTIFY_TREE,       /* Wine does not report changes below a watched folder */
	CF_XD_WINE_NOTIFY_ON_FILE,    /* Wine: OBJECT_TYPE_MISMATCH for a watch on a file */
	CF_XD_WINE_NOTIFY_CLEANUP,    /* Wine's status for a watch whose handle was closed */
	CF_XD_WINE_VOLUME_CHECKS,     /* Wine's volume-query argument checks */
	CF_XD_VOLUME_CLASSES,         /* 0.6.0: other volume classes -> INVALID_PARAMETER */
	CF_XD_WINE_FSCTL_STATUS,      /* Wine: NOT_SUPPORTED for an unknown FSCTL */
	CF_XD_FSCTL_IN_DRIVER,        /* 0.6.0 answers FSCTLs in the driver, no callback */
	CF_XD_LOCKS_EXCLUSIVE,        /* the LockFile callback has no shared/exclusive flag */
	CF_XD_UNLOCK_ALL,             /* 0.6.0: IRP_MN_UNLOCK_ALL -> NOT_IMPLEMENTED */
	CF_XD_NAME_AS_OPENED,         /* FileNameInformation in the case the file was opened */
	CF_XD_WINE_UNLOCK_STATUS,     /* Wine: FILE_LOCK_CONFLICT for unlocking a free range */
	CF_XD_WINE_NO_ACCESS_CHECK,   /* Wine does not check handle access for information */
	CF_XD_WINE_NOTIFY_REPEATS,    /* Wine reports some changes twice in a row */
	CF_XD_WINE_VALID_DATA_CHECKS, /* Wine: no privilege or shrink check for valid data */
	CF_XD_NO_OBJECT_IDS,          /* files on the volume have no object ids */
	CF_XD_WINE_PRIORITY_HINT,     /* Wine cannot query FileIoPriorityHintInformation */
	CF_XD_WINE_OPENS_DELETE_PENDING, /* Wine opens what is about to be deleted */
	CF_XD_NO_VALID_DATA_LENGTH,   /* Dokan: valid data = end of file */
	CF_XD_NO_OPEN_BY_ID,          /* Dokan: FILE_OPEN_BY_FILE_ID not supported */
	/* Wine's own file system where it is not NTFS, in ways only a file system that applies
	 * NTFS's rules itself (memfs) shows: the mirror asks Wine and gives Wine's answer */
	CF_XD_WINE_ARCHIVE,           /* Wine reports FILE_ATTRIBUTE_ARCHIVE on every file */
	CF_XD_WINE_ROOT_READ_ONLY,    /* Wine run as root writes read-only files */
	CF_XD_WINE_OVERWRITE_ATTRIBUTES, /* Wine ignores the attributes of an overwrite */
	CF_XD_WINE_NO_CREATION_TIME,  /* Wine reports the last write time as creation time */
	CF_XD_WINE_IO_IGNORES_LOCKS,  /* Wine reads and writes across other handles' locks */
	CF_XD_WINE_CASE_RENAME,       /* Wine keeps the old case in a case-only rename */
	CF_XD_WINE_SECURITY_NOT_STORED, /* Wine does not keep a DACL that was set */
	CF_XD_WINE_UNASKED_DACL,      /* Wine returns a NULL DACL it was not asked for */
	/* memfs itself */
	CF_XD_MEMFS_VOLUME_IDENTITY,  /* label, serial, name and flags of memfs */
	CF_XD_MEMFS_VOLUME_SIZE,      /* memfs's size limit and what its files use of it */
	CF_XD_MEMFS_DEFAULT_SECURITY, /* memfs's default descriptor, not Wine's */
	CF_XD_COUNT
} CF_XD;

/* Side effects an expected difference explains (what cf_compare_trees then accepts in the
 * case folders, only in cases where that difference applied). */
#define CF_FX_NAMES      0x1u /* an entry exists on one side only */
#define CF_FX_CONTENT    0x2u /* type, size or bytes of an entry */
#define CF_FX_ATTRIBUTES 0x4u /* attributes of an entry */
#define CF_FX_TIMES      0x8u /* whether an entry's last-write time is still the fixture's */

typedef struct CF_XD_INFO {
	const char *name;
	const char *reason;
	unsigned effects; /* CF_FX_*: 0 = the two folders must still match */
} CF_XD_INFO;
extern const CF_XD_INFO cf_xd_info[CF_XD_COUNT];

/* ---- the file system under test ---------------------------------------------------------- */

/* What the runner knows of the file system on the volume (--fs). */
typedef struct CF_FS {
	const char *name;            /* "mirror" or "memfs" */
	/* TRUE: it applies NTFS's rules itself (memfs), so where Wine is not NTFS it must show
	 * NTFS's answer; FALSE: it asks Wine's file system (mirror) and may show Wine's. */
	BOOL own_rules;
	/* its volume, and the expected difference that names it */
	CF_XD identity_xd, size_xd;
	ULONG serial, attributes, max_component;
	const WCHAR *label, *fs_name;
	ULONGLONG total_units;       /* 512-byte units */
	BOOL free_varies;            /* free space follows what the files hold (memfs) */
	ULONGLONG free_units;        /* otherwise: the free units it reports */
	/* its descriptor for a new file or folder, as SDDL with the user's SID for each %ls of
	 * (owner, group, one ACE); NULL: whatever Wine's file system gives */
	const WCHAR *default_sddl;
} CF_FS;
extern const CF_FS *cf_fs;

/* The descriptor a new file or folder gets on a file system with descriptors of its own
 * (cf_fs->default_sddl), or NULL (cf_descriptor.c). */
PSECURITY_DESCRIPTOR cf_fs_default_descriptor(void);
/* The parts of sd that `what` selects, as a new self-relative descriptor (free it), or
 * NULL: what a query for those parts must return. */
PSECURITY_DESCRIPTOR cf_descriptor_parts(PSECURITY_DESCRIPTOR sd, SECURITY_INFORMATION what);


/* ---- a running case ------------------------------------------------------------------- */

typedef enum CF_KIND { CF_K_STATUS, CF_K_U64, CF_K_TIME, CF_K_BYTES, CF_K_TEXT } CF_KIND;

typedef struct CF_RECORD {
	char label[96];
	CF_KIND kind;
	CF_XD xd;
	ULONGLONG value;     /* status, number or time */
	ULONGLONG alt;       /* with xd: the documented Dokan value */
	ULONGLONG when;      /* with when_set: alt applies only if the native value is this */
	BOOL when_set;
	BOOL alt_any;        /* with xd: any Dokan value is accepted */
	BOOL alt_required;   /* with xd: the Dokan value must be alt, even if native agrees */
	ULONGLONG mask;      /* with xd: bits that may differ where the native value has one */
	BOOL when_native_alt; /* with xd: applies only where the native record's value is its
	                         own alt (e.g. Wine's creation time is its last write time) */
	BYTE *bytes;         /* BYTES/TEXT (TEXT: UTF-16 without terminator) */
	ULONG size;
	BYTE *alt_bytes;     /* with xd: documented Dokan text */
	ULONG alt_size;
} CF_RECORD;

typedef struct CF {
	CF_BACKEND *b;
	const char *case_name;
	CF_RECORD *records;
	ULONG count, capacity;
	BOOL verbose;
} CF;

BOOL cf_is_dokan(const CF *t);

/* Recording. Labels are printf formats. */
void cf_status(CF *t, NTSTATUS status, const char *label, ...);
void cf_u64(CF *t, ULONGLONG value, const char *label, ...);
void cf_bool(CF *t, BOOL value, const char *label, ...);
void cf_time(CF *t, LONGLONG value, const char *label, ...);
void cf_bytes(CF *t, const void *data, ULONG size, const char *label, ...);
void cf_text(CF *t, const WCHAR *text, ULONG chars, const char *label, ...);
/* With an expected difference: alt is what documented Dokan behaviour gives. */
void cf_u64_xd(CF *t, ULONGLONG value, CF_XD xd, ULONGLONG alt, const char *label, ...);
void cf_any_xd(CF *t, ULONGLONG value, CF_XD xd, const char *label, ...);
/* A status with an expected difference: when the native side shows `when` (CF_WHEN_ANY:
 * whatever it shows), the Dokan side must show `alt`. */
#define CF_WHEN_ANY ((NTSTATUS)0x7FCFCFCFL)
void cf_status_xd(CF *t, NTSTATUS status, CF_XD xd, NTSTATUS when, NTSTATUS alt,
	const char *label, ...);
/* A status where Wine's own answer is not the reference (xd names why): the Dokan side must
 * show ntfs, whatever the native side shows (which is only printed). */
void cf_status_ntfs(CF *t, NTSTATUS status, CF_XD xd, NTSTATUS ntfs, const char *label, ...);
void cf_time_xd(CF *t, LONGLONG value, CF_XD xd, LONGLONG alt, const char *label, ...);
/* Where Wine's file system is not NTFS (xd): the native side may show Wine's answer; a file
 * system with its own rules (cf_fs->own_rules) must show ntfs, one that asks Wine may show
 * either. */
void cf_status_wine(CF *t, NTSTATUS status, CF_XD xd, NTSTATUS ntfs, const char *label, ...);
void cf_u64_wine(CF *t, ULONGLONG value, CF_XD xd, ULONGLONG ntfs, const char *label, ...);
void cf_bytes_wine(CF *t, const void *data, ULONG size, CF_XD xd, const void *ntfs,
	ULONG ntfs_size, const char *label, ...);
/* File attributes: Wine reports ARCHIVE on every file (CF_XD_WINE_ARCHIVE), so where the
 * native side shows it, the two may differ in ARCHIVE (and so in NORMAL). */
void cf_attributes(CF *t, ULONG attributes, const char *label, ...);
/* A creation time: where the native side shows its last write time there (Wine keeps no
 * creation time, CF_XD_WINE_NO_CREATION_TIME), the Dokan side may show any. */
void cf_creation_time(CF *t, LONGLONG creation, LONGLONG last_write, const char *label, ...);
void cf_text_xd(CF *t, const WCHAR *text, ULONG chars, CF_XD xd, const WCHAR *alt,
	const char *label, ...);
void cf_note(CF *t, const char *format, ...); /* verbose output only */

/* ---- helpers for case bodies (cf_ops.c) ------------------------------------------------ */

#define CF_SYNC FILE_SYNCHRONOUS_IO_NONALERT
#define CF_SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

/* Opens path (relative to the case folder); records status and information under tag. */
NTSTATUS cf_open_ex(CF *t, const char *tag, const CF_OPEN *args, cf_file *file);
/* The same with an expected difference on the open's status. */
NTSTATUS cf_open_xd(CF *t, const char *tag, const CF_OPEN *args, cf_file *file, CF_XD xd,
	NTSTATUS when, NTSTATUS alt);
NTSTATUS cf_open(CF *t, const char *tag, const WCHAR *path, ULONG access, ULONG share,
	ULONG disposition, ULONG options, cf_file *file);
/* Plain opens without recording the open itself (fixture access); 0 on failure. */
cf_file cf_open_quiet(CF *t, const WCHAR *path, ULONG access, ULONG disposition, ULONG options);
cf_file cf_open_existing(CF *t, const char *tag, const WCHAR *path, ULONG access);
void cf_close(CF *t, const char *tag, cf_file file);
/* Enables or disables SeManageVolumePrivilege in this process's token (both backends run
 * here); returns whether it is now in that state. */
BOOL cf_manage_volume_privilege(BOOL enable);
/* Records exists/directory/size (and content hash for files) of path, opened afresh. */
void cf_stat(CF *t, const char *tag, const WCHAR *path);
/* Only the status of opening path for attributes, with an expected difference. */
void cf_stat_xd(CF *t, const char *tag, const WCHAR *path, CF_XD xd, NTSTATUS when,
	NTSTATUS alt);
/* cf_stat where Wine's answer (xd) is not NTFS's: ntfs is what NTFS answers the open (its
 * full record when that is STATUS_SUCCESS; only the status otherwise). */
void cf_stat_wine(CF *t, const char *tag, const WCHAR *path, CF_XD xd, NTSTATUS ntfs);
/* Records the full content of path (size + bytes, or the open failure). */
void cf_content(CF *t, const char *tag, const WCHAR *path);
/* Records basic information of an open file (times with the change-time difference). */
void cf_record_basic(CF *t, const char *tag, const FILE_BASIC_INFORMATION *basic);
void cf_record_standard(CF *t, const char *tag, const FILE_STANDARD_INFORMATION *standard);
/* Query + record one class on an open file. */
void cf_query_basic(CF *t, const char *tag, cf_file file);
void cf_query_standard(CF *t, const char *tag, cf_file file);
/* Records a file name returned by the file system, with the backend's prefix removed. */
void cf_record_fs_name(CF *t, const char *tag, const WCHAR *name, ULONG bytes);
/* Lists a directory (whole, restart scan, class FileIdBoth... as given) and records it
 * order-insensitively with every field. */
void cf_list(CF *t, const char *tag, const WCHAR *path, ULONG info_class, const WCHAR *pattern);
/* Records the entries of one directory-query buffer order-insensitively; first_position
 * is the 1-based position of the buffer's first entry in the listing. Returns the count. */
ULONG cf_record_entries(CF *t, const char *tag, ULONG info_class, const BYTE *buffer,
	ULONG bytes, ULONG first_position);
/* Write a whole file's content (creating it) through the backend; records the status. */
void cf_put(CF *t, const char *tag, const WCHAR *path, const void *data, ULONG size);

/* Deterministic test data. */
void cf_fill(BYTE *buffer, ULONG size, ULONG seed);

/* Lower-level NTSTATUS text for output. */
const char *cf_status_name(NTSTATUS status);

/* ---- cases ------------------------------------------------------------------------------ */

/* Fixture of a case folder (created directly on the host folders before the case). */
#define CF_FIX_STANDARD 0x0  /* see cf_main.c: file.txt, empty.bin, ro.txt, dir\, ... */
#define CF_FIX_BIG      0x1  /* + big.bin (300000 bytes) */
#define CF_FIX_MANY     0x2  /* + many\ with 150 files */

typedef struct CF_CASE {
	const char *name;
	void (*body)(CF *t);
	unsigned fixture;
} CF_CASE;

#define CF_CASES_DECLARE(group) \
	extern const CF_CASE cf_cases_##group[]; \
	extern const size_t cf_cases_##group##_count;
#define CF_CASES_DEFINE(group, ...) \
	const CF_CASE cf_cases_##group[] = { __VA_ARGS__ }; \
	const size_t cf_cases_##group##_count = sizeof(cf_cases_##group) / sizeof(CF_CASE);

CF_CASES_DECLARE(create)
CF_CASES_DECLARE(rw)
CF_CASES_DECLARE(info)
CF_CASES_DECLARE(dir)
CF_CASES_DECLARE(set)
CF_CASES_DECLARE(lock)
CF_CASES_DECLARE(flush)
CF_CASES_DECLARE(security)
CF_CASES_DECLARE(volume)
CF_CASES_DECLARE(notify)
CF_CASES_DECLARE(fscontrol)
CF_CASES_DECLARE(share)
CF_CASES_DECLARE(safety)

/* Fixture contents (the same bytes on both sides). */
#define CF_FOX "The quick brown fox jumps over the lazy dog.\n"
#define CF_FOX_SIZE 45u
#define CF_BIG_SIZE 300000u
#define CF_MANY_COUNT 150u
/* The fixed times (FILETIME) of fixture entries: 2021-01-01 00:00:00 UTC. */
#define CF_FIXED_TIME 132539328000000000LL

#endif
