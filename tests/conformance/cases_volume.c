// SPDX-License-Identifier: LGPL-3.0-or-later
/* cases_volume.c - volume information classes (sys/volume.c). */
#include "cf.h"

#include <string.h>

static cf_file open_folder(CF *t)
{
	cf_file d = 0;

	cf_open(t, "folder", L"", FILE_READ_ATTRIBUTES | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN,
		CF_SYNC | FILE_DIRECTORY_FILE, &d);
	return d;
}

/* The I/O manager's minimum sizes for volume classes. */
static ULONG volume_class_size(ULONG c)
{
	switch (c) {
	case FileFsVolumeInformation: return sizeof(FILE_FS_VOLUME_INFORMATION);
	case FileFsSizeInformation: return sizeof(FILE_FS_SIZE_INFORMATION);
	case FileFsDeviceInformation: return sizeof(FILE_FS_DEVICE_INFORMATION);
	case FileFsAttributeInformation: return sizeof(FILE_FS_ATTRIBUTE_INFORMATION);
	case FileFsFullSizeInformation: return sizeof(FILE_FS_FULL_SIZE_INFORMATION);
	default: return 0;
	}
}

static NTSTATUS volume_query(CF *t, const char *tag, cf_file f, ULONG c, void *buffer,
	ULONG length, ULONG *got)
{
	NTSTATUS status;

	memset(buffer, 0, length);
	status = t->b->query_volume(t->b, f, c, buffer, length, got);
	if (c >= FileFsMaximumInformation)
		cf_status_xd(t, status, CF_XD_WINE_VOLUME_CHECKS, STATUS_INVALID_PARAMETER,
			STATUS_INVALID_INFO_CLASS, "%s: query volume class %lu", tag, (unsigned long)c);
	else if (length < (ULONG)volume_class_size(c))
		cf_status_xd(t, status, CF_XD_WINE_VOLUME_CHECKS, STATUS_BUFFER_TOO_SMALL,
			STATUS_INFO_LENGTH_MISMATCH, "%s: query volume class %lu", tag, (unsigned long)c);
	else if (c == FileFsLabelInformation || c == FileFsControlInformation ||
		 c == FileFsObjectIdInformation)
		cf_status_xd(t, status, CF_XD_VOLUME_CLASSES, CF_WHEN_ANY, STATUS_INVALID_PARAMETER,
			"%s: query volume class %lu", tag, (unsigned long)c);
	else
		cf_status(t, status, "%s: query volume class %lu", tag, (unsigned long)c);
	return status;
}

/* Free space: a fixed figure (the mirror's 0.6.0 defaults), or whatever the files of the
 * file system leave of its limit (memfs; its own e2e test checks the figure). */
static void record_free_units(CF *t, ULONGLONG units, const char *label)
{
	if (cf_fs->free_varies)
		cf_any_xd(t, units, cf_fs->size_xd, "%s", label);
	else
		cf_u64_xd(t, units, cf_fs->size_xd, cf_fs->free_units, "%s", label);
}

static void vol_volume(CF *t)
{
	BYTE buffer[512];
	FILE_FS_VOLUME_INFORMATION *v = (FILE_FS_VOLUME_INFORMATION *)buffer;
	ULONG got = 0;

	if (!NT_SUCCESS(volume_query(t, "volume", open_folder(t), FileFsVolumeInformation, buffer,
			sizeof(buffer), &got)))
		return;
	cf_u64_xd(t, v->VolumeSerialNumber, cf_fs->identity_xd, cf_fs->serial, "serial");
	cf_text_xd(t, v->VolumeLabel, v->VolumeLabelLength / 2, cf_fs->identity_xd, cf_fs->label,
		"label");
	cf_u64_xd(t, v->SupportsObjects, cf_fs->identity_xd, 0, "SupportsObjects");
	cf_any_xd(t, (ULONGLONG)v->VolumeCreationTime.QuadPart, cf_fs->identity_xd,
		"VolumeCreationTime");
}

static void vol_size(CF *t)
{
	FILE_FS_SIZE_INFORMATION s = { 0 };
	ULONG got = 0;

	if (!NT_SUCCESS(volume_query(t, "size", open_folder(t), FileFsSizeInformation, &s, sizeof(s),
			&got)))
		return;
	cf_u64(t, got, "bytes");
	cf_u64_xd(t, (ULONGLONG)s.TotalAllocationUnits.QuadPart, cf_fs->size_xd, cf_fs->total_units,
		"TotalAllocationUnits");
	record_free_units(t, (ULONGLONG)s.AvailableAllocationUnits.QuadPart,
		"AvailableAllocationUnits");
	cf_u64_xd(t, s.SectorsPerAllocationUnit, cf_fs->size_xd, 1, "SectorsPerAllocationUnit");
	cf_u64_xd(t, s.BytesPerSector, cf_fs->size_xd, 512, "BytesPerSector");
}

static void vol_full_size(CF *t)
{
	FILE_FS_FULL_SIZE_INFORMATION s = { 0 };
	ULONG got = 0;

	if (!NT_SUCCESS(volume_query(t, "full size", open_folder(t), FileFsFullSizeInformation, &s,
			sizeof(s), &got)))
		return;
	cf_u64(t, got, "bytes");
	cf_u64_xd(t, (ULONGLONG)s.TotalAllocationUnits.QuadPart, cf_fs->size_xd, cf_fs->total_units,
		"TotalAllocationUnits");
	record_free_units(t, (ULONGLONG)s.CallerAvailableAllocationUnits.QuadPart,
		"CallerAvailableAllocationUnits");
	record_free_units(t, (ULONGLONG)s.ActualAvailableAllocationUnits.QuadPart,
		"ActualAvailableAllocationUnits");
	cf_u64_xd(t, s.SectorsPerAllocationUnit, cf_fs->size_xd, 1, "SectorsPerAllocationUnit");
	cf_u64_xd(t, s.BytesPerSector, cf_fs->size_xd, 512, "BytesPerSector");
}

static void vol_device(CF *t)
{
	FILE_FS_DEVICE_INFORMATION d = { 0 };
	ULONG got = 0;

	if (!NT_SUCCESS(volume_query(t, "device", open_folder(t), FileFsDeviceInformation, &d,
			sizeof(d), &got)))
		return;
	cf_u64_xd(t, d.DeviceType, CF_XD_VOLUME_DEVICE, FILE_DEVICE_DISK, "DeviceType");
	cf_any_xd(t, d.Characteristics, CF_XD_VOLUME_DEVICE, "Characteristics");
}

static void vol_attribute(CF *t)
{
	BYTE buffer[512];
	FILE_FS_ATTRIBUTE_INFORMATION *a = (FILE_FS_ATTRIBUTE_INFORMATION *)buffer;
	ULONG got = 0;

	if (!NT_SUCCESS(volume_query(t, "attribute", open_folder(t), FileFsAttributeInformation,
			buffer, sizeof(buffer), &got)))
		return;
	cf_u64_xd(t, a->FileSystemAttributes, cf_fs->identity_xd, cf_fs->attributes,
		"FileSystemAttributes");
	cf_u64_xd(t, a->MaximumComponentNameLength, cf_fs->identity_xd, cf_fs->max_component,
		"MaximumComponentNameLength");
	cf_text_xd(t, a->FileSystemName, a->FileSystemNameLength / 2, cf_fs->identity_xd,
		cf_fs->fs_name, "FileSystemName");
}

static void vol_small_buffer(CF *t)
{
	BYTE buffer[64];
	ULONG got = 0;
	cf_file d = open_folder(t);

	volume_query(t, "volume in 16 bytes", d, FileFsVolumeInformation, buffer, 16, &got);
	cf_u64(t, got, "bytes");
	volume_query(t, "attribute in 8 bytes", d, FileFsAttributeInformation, buffer, 8, &got);
	cf_u64(t, got, "bytes");
	volume_query(t, "size in 8 bytes", d, FileFsSizeInformation, buffer, 8, &got);
	cf_u64(t, got, "bytes");
}

static void vol_label_truncated(CF *t)
{
	BYTE buffer[64];
	ULONG got = 0;

	volume_query(t, "volume, 2 label characters", open_folder(t),
		FileFsVolumeInformation, buffer, offsetof(FILE_FS_VOLUME_INFORMATION, VolumeLabel) + 4,
		&got);

	cf_u64(t, got, "bytes");
}

static void vol_class(CF *t, ULONG c)
{
	BYTE buffer[512];
	ULONG got = 0;

	volume_query(t, "class", open_folder(t), c, buffer, sizeof(buffer), &got);
}

static void vol_label_class(CF *t) { vol_class(t, FileFsLabelInformation); }
static void vol_control_class(CF *t) { vol_class(t, FileFsControlInformation); }
static void vol_object_id_class(CF *t) { vol_class(t, FileFsObjectIdInformation); }
static void vol_sector_size_class(CF *t) { vol_class(t, 11 /* FileFsSectorSizeInformation */); }
static void vol_class_99(CF *t) { vol_class(t, 99); }

static void vol_from_file(CF *t)
{
	FILE_FS_SIZE_INFORMATION s = { 0 };
	ULONG got = 0;

	volume_query(t, "size on a file handle", cf_open_existing(t, "file", L"file.txt", FILE_READ_DATA),
		FileFsSizeInformation, &s, sizeof(s), &got);
	cf_u64_xd(t, s.BytesPerSector, cf_fs->size_xd, 512, "BytesPerSector");
}

CF_CASES_DEFINE(volume,
	{ "vol_volume", vol_volume, 0 },
	{ "vol_size", vol_size, 0 },
	{ "vol_full_size", vol_full_size, 0 },
	{ "vol_device", vol_device, 0 },
	{ "vol_attribute", vol_attribute, 0 },
	{ "vol_small_buffer", vol_small_buffer, 0 },
	{ "vol_label_truncated", vol_label_truncated, 0 },
	{ "vol_label_class", vol_label_class, 0 },
	{ "vol_control_class", vol_control_class, 0 },
	{ "vol_object_id_class", vol_object_id_class, 0 },
	{ "vol_sector_size_class", vol_sector_size_class, 0 },
	{ "vol_class_99", vol_class_99, 0 },
	{ "vol_from_file", vol_from_file, 0 },
)
