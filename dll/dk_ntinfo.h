/* SPDX-License-Identifier: LGPL-3.0-or-later
 * dk_ntinfo.h - the NT information structures the library fills, declared here with
 * fixed layouts (as documented by Microsoft) because user-mode headers lack most. */
#ifndef DK_NTINFO_H_
#define DK_NTINFO_H_

#include <stddef.h>
#include "dk_dll.h"

/* FILE_INFORMATION_CLASS values */
#define DK_FileDirectoryInformation       1
#define DK_FileFullDirectoryInformation   2
#define DK_FileBothDirectoryInformation   3
#define DK_FileBasicInformation           4
#define DK_FileStandardInformation        5
#define DK_FileInternalInformation        6
#define DK_FileEaInformation              7
#define DK_FileNamesInformation           12
#define DK_FileStreamInformation          22
#define DK_FileAllInformation             18
#define DK_FileAlternateNameInformation   21
#define DK_FileCompressionInformation     28
#define DK_FileNetworkOpenInformation     34
#define DK_FileAttributeTagInformation    35
#define DK_FileIdBothDirectoryInformation 37
#define DK_FileIdFullDirectoryInformation 38
#define DK_FilePipeInformation            23
#define DK_FileHardLinkInformation        46
#define DK_FileNormalizedNameInformation  48
#define DK_FileIdInformation              59
#define DK_FileStatInformation            68

/* FS_INFORMATION_CLASS values */
#define DK_FileFsVolumeInformation    1
#define DK_FileFsSizeInformation      3
#define DK_FileFsAttributeInformation 5
#define DK_FileFsFullSizeInformation  7


typedef struct DK_FILE_BASIC_INFORMATION {
	LARGE_INTEGER CreationTime, LastAccessTime, LastWriteTime, ChangeTime;
	ULONG FileAttributes;
} DK_FILE_BASIC_INFORMATION;

typedef struct DK_FILE_STANDARD_INFORMATION {
	LARGE_INTEGER AllocationSize, EndOfFile;
	ULONG NumberOfLinks;
	BOOLEAN DeletePending, Directory;
} DK_FILE_STANDARD_INFORMATION;

typedef struct DK_FILE_ALL_INFORMATION {
	DK_FILE_BASIC_INFORMATION Basic;
	DK_FILE_STANDARD_INFORMATION Standard;
	LARGE_INTEGER IndexNumber;       /* internal */
	ULONG EaSize;                    /* ea */
	ULONG AccessFlags;               /* access */
	LARGE_INTEGER CurrentByteOffset; /* position */
	ULONG Mode;                      /* mode */
	ULONG AlignmentRequirement;      /* alignment */
	ULONG FileNameLength;            /* name */
	WCHAR FileName[1];
} DK_FILE_ALL_INFORMATION;

typedef struct DK_FILE_NETWORK_OPEN_INFORMATION {
	LARGE_INTEGER CreationTime, LastAccessTime, LastWriteTime, ChangeTime;
	LARGE_INTEGER AllocationSize, EndOfFile;
	ULONG FileAttributes;
} DK_FILE_NETWORK_OPEN_INFORMATION;

/* FILE_ID_INFORMATION: a 64-bit volume serial and a 128-bit file id (ours: the index). */
typedef struct DK_FILE_ID_INFORMATION {
	ULONGLONG VolumeSerialNumber;
	LARGE_INTEGER FileId;
	LARGE_INTEGER FileIdHigh;
} DK_FILE_ID_INFORMATION;

typedef struct DK_FILE_ATTRIBUTE_TAG_INFORMATION {
	ULONG FileAttributes;
	ULONG ReparseTag;
} DK_FILE_ATTRIBUTE_TAG_INFORMATION;

/* The directory entry classes share their leading fields; the rest is located by the
 * offsets in DK_DIRECTORY_LAYOUT (dispatch_directory.c). */
typedef struct DK_FILE_DIRECTORY_ENTRY {
	ULONG NextEntryOffset;
	ULONG FileIndex;
	LARGE_INTEGER CreationTime, LastAccessTime, LastWriteTime, ChangeTime;
	LARGE_INTEGER EndOfFile, AllocationSize;
	ULONG FileAttributes;
	ULONG FileNameLength;
} DK_FILE_DIRECTORY_ENTRY;

typedef struct DK_FILE_FS_VOLUME_INFORMATION {
	LARGE_INTEGER VolumeCreationTime;
	ULONG VolumeSerialNumber;
	ULONG VolumeLabelLength;
	BOOLEAN SupportsObjects;
	WCHAR VolumeLabel[1];
} DK_FILE_FS_VOLUME_INFORMATION;

typedef struct DK_FILE_FS_SIZE_INFORMATION {
	LARGE_INTEGER TotalAllocationUnits, AvailableAllocationUnits;
	ULONG SectorsPerAllocationUnit, BytesPerSector;
} DK_FILE_FS_SIZE_INFORMATION;

typedef struct DK_FILE_FS_FULL_SIZE_INFORMATION {
	LARGE_INTEGER TotalAllocationUnits, CallerAvailableAllocationUnits, ActualAvailableAllocationUnits;
	ULONG SectorsPerAllocationUnit, BytesPerSector;
} DK_FILE_FS_FULL_SIZE_INFORMATION;

typedef struct DK_FILE_FS_ATTRIBUTE_INFORMATION {
	ULONG FileSystemAttributes;
	LONG MaximumComponentNameLength;
	ULONG FileSystemNameLength;
	WCHAR FileSystemName[1];
} DK_FILE_FS_ATTRIBUTE_INFORMATION;

_Static_assert(sizeof(DK_FILE_BASIC_INFORMATION) == 40, "basic");
_Static_assert(sizeof(DK_FILE_STANDARD_INFORMATION) == 24, "standard");
_Static_assert(offsetof(DK_FILE_ALL_INFORMATION, CurrentByteOffset) == 80, "all: position");
_Static_assert(offsetof(DK_FILE_ALL_INFORMATION, FileName) == 100, "all: name");
_Static_assert(sizeof(DK_FILE_NETWORK_OPEN_INFORMATION) == 56, "network open");
_Static_assert(sizeof(DK_FILE_ID_INFORMATION) == 24, "file id");
_Static_assert(sizeof(DK_FILE_DIRECTORY_ENTRY) == 64, "directory entry");
_Static_assert(offsetof(DK_FILE_FS_VOLUME_INFORMATION, VolumeLabel) == 18, "fs volume");
_Static_assert(sizeof(DK_FILE_FS_SIZE_INFORMATION) == 24, "fs size");
_Static_assert(sizeof(DK_FILE_FS_FULL_SIZE_INFORMATION) == 32, "fs full size");
_Static_assert(offsetof(DK_FILE_FS_ATTRIBUTE_INFORMATION, FileSystemName) == 12, "fs attribute");

static inline LARGE_INTEGER dk_li_from_filetime(FILETIME time)
{
	LARGE_INTEGER value;
	value.LowPart = time.dwLowDateTime;
	value.HighPart = (LONG)time.dwHighDateTime;
	return value;
}

static inline LARGE_INTEGER dk_li_from_parts(DWORD high, DWORD low)
{
	LARGE_INTEGER value;
	/* one store of the whole value: GCC's analyzer does not see two part stores of the
	 * union as initialising it */
	value.QuadPart = (LONGLONG)(((ULONGLONG)high << 32) | low);
	return value;
}

#endif /* DK_NTINFO_H_ */
