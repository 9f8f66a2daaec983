/* SPDX-License-Identifier: LGPL-3.0-or-later
 * dispatch_volume.c - IRP_MJ_QUERY_VOLUME_INFORMATION from GetVolumeInformation and
 * GetDiskFreeSpace, with 0.6.0's defaults when the file system gives none
 * (docs/behaviour.md, "Volume information"). */
#include "dk_ntinfo.h"

#define DK_DEFAULT_SERIAL 0x19831116u
#define DK_NAME_CHARS     MAX_PATH

static int DOKAN_CALLBACK dk_default_volume_information(LPWSTR volumeName, DWORD volumeNameSize, LPDWORD serial,
	LPDWORD maxComponent, LPDWORD flags, LPWSTR fsName, DWORD fsNameSize, PDOKAN_FILE_INFO info)
{
	/* 0.6.0's default treats the sizes as bytes */
	lstrcpynW(volumeName, DKF_VOLUME_LABEL, volumeNameSize / sizeof(WCHAR));
	*serial = DK_DEFAULT_SERIAL;
	*maxComponent = 256;
	*flags = FILE_CASE_SENSITIVE_SEARCH | FILE_CASE_PRESERVED_NAMES | FILE_SUPPORTS_REMOTE_STORAGE |
	         FILE_UNICODE_ON_DISK;
	lstrcpynW(fsName, DKF_FS_NAME, fsNameSize / sizeof(WCHAR));
	return 0;
}

static int DOKAN_CALLBACK dk_default_disk_free_space(PULONGLONG freeToCaller, PULONGLONG total, PULONGLONG totalFree,
	PDOKAN_FILE_INFO info)
{
	*freeToCaller = 512ull * 1024 * 1024;
	*total = 1024ull * 1024 * 1024;
	*totalFree = 512ull * 1024 * 1024;
	return 0;
}

/* The defaults go into the table the library calls and, as 0.6.0 did, into the caller's
 * DOKAN_OPERATIONS (docs/behaviour.md, "Volume information"); both slots exist in a
 * legacy 23-slot table too. */
static void dk_install_defaults(DK_INSTANCE *instance)
{
	PDOKAN_OPERATIONS tables[2] = { instance->Operations, instance->Callers };
	int i;
	for (i = 0; i < 2; i++) {
		if (!tables[i]->GetVolumeInformation)
			tables[i]->GetVolumeInformation = dk_default_volume_information;
		if (!tables[i]->GetDiskFreeSpace)
			tables[i]->GetDiskFreeSpace = dk_default_disk_free_space;
	}
}

typedef struct DK_VOLUME_FACTS {
	WCHAR Label[DK_NAME_CHARS + 1];
	WCHAR FsName[DK_NAME_CHARS + 1];
	DWORD Serial, MaxComponent, Flags;
	ULONGLONG FreeToCaller, Total, TotalFree;
} DK_VOLUME_FACTS;

/* The size arguments are 0.6.0's (docs/differences.md D8): 260 for the volume class, 520
 * for the attribute class; the buffers hold 260 characters plus a terminator either way. */
static int dk_query_volume_facts(PDOKAN_OPERATIONS ops, ULONG infoClass, DK_VOLUME_FACTS *facts, PDOKAN_FILE_INFO info)
{
	DWORD size = infoClass == DK_FileFsAttributeInformation ? DK_NAME_CHARS * sizeof(WCHAR) : DK_NAME_CHARS;
	if (infoClass == DK_FileFsVolumeInformation || infoClass == DK_FileFsAttributeInformation)
		return ops->GetVolumeInformation(facts->Label, size, &facts->Serial, &facts->MaxComponent,
			&facts->Flags, facts->FsName, size, info);
	return ops->GetDiskFreeSpace(&facts->FreeToCaller, &facts->Total, &facts->TotalFree, info);
}

static DWORD dk_copy_name(WCHAR *out, DWORD capacity, const WCHAR *name, ULONG *nameLength)
{
	DWORD bytes = (DWORD)wcsnlen(name, DK_NAME_CHARS) * sizeof(WCHAR);
	if (bytes > capacity)
		bytes = capacity & ~1u;
	memcpy(out, name, bytes);
	*nameLength = bytes;
	return bytes;
}

static NTSTATUS dk_fill_volume(const DK_VOLUME_FACTS *facts, BYTE *out, DWORD capacity, DWORD *length)
{
	DK_FILE_FS_VOLUME_INFORMATION *volume = (DK_FILE_FS_VOLUME_INFORMATION *)out;
	DWORD header = offsetof(DK_FILE_FS_VOLUME_INFORMATION, VolumeLabel);
	if (capacity < sizeof(*volume))
		return STATUS_BUFFER_OVERFLOW;
	ZeroMemory(volume, header);
	volume->VolumeSerialNumber = facts->Serial;
	*length = header + dk_copy_name(volume->VolumeLabel, capacity - header, facts->Label, &volume->VolumeLabelLength);
	return STATUS_SUCCESS;
}

static NTSTATUS dk_fill_attribute(const DK_VOLUME_FACTS *facts, BYTE *out, DWORD capacity, DWORD *length)
{
	DK_FILE_FS_ATTRIBUTE_INFORMATION *attr = (DK_FILE_FS_ATTRIBUTE_INFORMATION *)out;
	DWORD header = offsetof(DK_FILE_FS_ATTRIBUTE_INFORMATION, FileSystemName);
	if (capacity < sizeof(*attr))
		return STATUS_BUFFER_OVERFLOW;
	attr->FileSystemAttributes = facts->Flags;
	attr->MaximumComponentNameLength = (LONG)facts->MaxComponent;
	*length = header +
	          dk_copy_name(attr->FileSystemName, capacity - header, facts->FsName, &attr->FileSystemNameLength);
	return STATUS_SUCCESS;
}

static NTSTATUS dk_fill_size(ULONG infoClass, const DK_VOLUME_FACTS *facts, BYTE *out, DWORD capacity, DWORD *length)
{
	if (infoClass == DK_FileFsSizeInformation) {
		DK_FILE_FS_SIZE_INFORMATION *size = (DK_FILE_FS_SIZE_INFORMATION *)out;
		if (capacity < sizeof(*size))
			return STATUS_BUFFER_OVERFLOW;
		size->TotalAllocationUnits.QuadPart = (LONGLONG)(facts->Total / 512);
		size->AvailableAllocationUnits.QuadPart = (LONGLONG)(facts->FreeToCaller / 512);
		size->SectorsPerAllocationUnit = 1;
		size->BytesPerSector = 512;
		*length = sizeof(*size);
	} else {
		DK_FILE_FS_FULL_SIZE_INFORMATION *full = (DK_FILE_FS_FULL_SIZE_INFORMATION *)out;
		if (capacity < sizeof(*full))
			return STATUS_BUFFER_OVERFLOW;
		full->TotalAllocationUnits.QuadPart = (LONGLONG)(facts->Total / 512);
		full->CallerAvailableAllocationUnits.QuadPart = (LONGLONG)(facts->FreeToCaller / 512);
		full->ActualAvailableAllocationUnits.QuadPart = (LONGLONG)(facts->TotalFree / 512);
		full->SectorsPerAllocationUnit = 1;
		full->BytesPerSector = 512;
		*length = sizeof(*full);
	}
	return STATUS_SUCCESS;
}

static NTSTATUS dk_fill_volume_class(ULONG infoClass, const DK_VOLUME_FACTS *facts, BYTE *out, DWORD capacity,
	DWORD *length)
{
	switch (infoClass) {
	case DK_FileFsVolumeInformation:
		return dk_fill_volume(facts, out, capacity, length);
	case DK_FileFsAttributeInformation:
		return dk_fill_attribute(facts, out, capacity, length);
	case DK_FileFsSizeInformation:
	case DK_FileFsFullSizeInformation:
		return dk_fill_size(infoClass, facts, out, capacity, length);
	default:
		return STATUS_NOT_IMPLEMENTED;
	}
}

void dk_dispatch_query_volume(DK_WORKER *worker, const DK_EVENT *event)
{
	PDOKAN_OPERATIONS ops = worker->Instance->Operations;
	ULONG infoClass = event->Params.Info.InformationClass;
	DWORD capacity = event->Params.Info.BufferLength;
	DK_VOLUME_FACTS facts;
	DOKAN_FILE_INFO info;
	NTSTATUS status;
	DWORD length = 0;
	int result;

	if (!dk_reply_begin(worker, event, capacity))
		return;
	dk_install_defaults(worker->Instance);
	ZeroMemory(&facts, sizeof(facts));
	/* no open (docs/behaviour.md, "Common rules for every request") */
	dk_fileinfo_init(&info, worker->Instance, event, NULL);
	result = dk_query_volume_facts(ops, infoClass, &facts, &info);
	if (result < 0)
		status = dk_status_from_result(result, STATUS_INVALID_PARAMETER);
	else
		status = dk_fill_volume_class(infoClass, &facts, (BYTE *)(worker->Reply + 1), capacity, &length);
	dk_reply_finish(worker, status, length);
}
