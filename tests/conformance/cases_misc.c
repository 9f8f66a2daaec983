// SPDX-License-Identifier: LGPL-3.0-or-later
/* cases_misc.c - byte-range locks, flush, security, volume information, change
 * notification and file-system controls. */
#include "cf.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <winioctl.h>

#define RW (FILE_GENERIC_READ | FILE_GENERIC_WRITE)

static cf_file open_file(CF *t, const char *tag, const WCHAR *path, ULONG access)
{
	cf_file f = 0;

	cf_open(t, tag, path, access | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN, CF_SYNC, &f);
	return f;
}

/* ---- locks ---- */

static NTSTATUS lock_xd(CF *t, const char *tag, cf_file f, LONGLONG offset, LONGLONG length,
	BOOLEAN exclusive, CF_XD xd, NTSTATUS when, NTSTATUS alt)
{
	NTSTATUS status = t->b->lock(t->b, f, offset, length, 0, TRUE, exclusive);

	cf_status_xd(t, status, xd, when, alt, "%s: lock %lld+%lld %s", tag, (long long)offset,
		(long long)length, exclusive ? "exclusive" : "shared");
	return status;
}

static NTSTATUS lock(CF *t, const char *tag, cf_file f, LONGLONG offset, LONGLONG length,
	BOOLEAN exclusive)
{
	return lock_xd(t, tag, f, offset, length, exclusive, CF_XD_WINE_LOCK_CONFLICT,
		STATUS_FILE_LOCK_CONFLICT, STATUS_LOCK_NOT_GRANTED);
}

static NTSTATUS unlock(CF *t, const char *tag, cf_file f, LONGLONG offset, LONGLONG length)
{
	NTSTATUS status = t->b->unlock(t->b, f, offset, length, 0);

	cf_status_xd(t, status, CF_XD_WINE_UNLOCK_STATUS, STATUS_FILE_LOCK_CONFLICT,
		STATUS_RANGE_NOT_LOCKED, "%s: unlock %lld+%lld", tag, (long long)offset,
		(long long)length);
	return status;
}

static void lock_exclusive(CF *t)
{
	cf_file f = open_file(t, "a", L"file.txt", RW);

	lock(t, "a", f, 0, 10, TRUE);
	unlock(t, "a", f, 0, 10);
}

static void lock_overlap_same_handle(CF *t)
{
	cf_file f = open_file(t, "a", L"file.txt", RW);

	lock(t, "a", f, 0, 10, TRUE);
	lock(t, "a again, overlapping", f, 5, 10, TRUE);
	lock(t, "a again, disjoint", f, 20, 5, TRUE);
}

static void lock_conflict_other_handle(CF *t)
{
	cf_file a = open_file(t, "a", L"file.txt", RW), b = open_file(t, "b", L"file.txt", RW);

	lock(t, "a", a, 0, 10, TRUE);
	lock(t, "b, same range", b, 0, 10, TRUE);
	lock(t, "b, overlapping", b, 9, 10, FALSE);
	lock(t, "b, after", b, 10, 10, TRUE);
}

static void lock_shared_shared(CF *t)
{
	cf_file a = open_file(t, "a", L"file.txt", RW), b = open_file(t, "b", L"file.txt", RW);

	lock(t, "a", a, 0, 10, FALSE);
	lock_xd(t, "b", b, 0, 10, FALSE, CF_XD_LOCKS_EXCLUSIVE, STATUS_SUCCESS,
		STATUS_LOCK_NOT_GRANTED);
	lock(t, "b exclusive", b, 0, 10, TRUE);
}

static void unlock_then_other(CF *t)
{
	cf_file a = open_file(t, "a", L"file.txt", RW), b = open_file(t, "b", L"file.txt", RW);

	lock(t, "a", a, 0, 10, TRUE);
	unlock(t, "a", a, 0, 10);
	lock(t, "b", b, 0, 10, TRUE);
}

static void unlock_not_locked(CF *t)
{
	cf_file f = open_file(t, "a", L"file.txt", RW);

	unlock(t, "never locked", f, 0, 10);
	lock(t, "a", f, 0, 10, TRUE);
	unlock(t, "other range", f, 0, 5);
}

static void unlock_by_other_handle(CF *t)
{
	cf_file a = open_file(t, "a", L"file.txt", RW), b = open_file(t, "b", L"file.txt", RW);

	lock(t, "a", a, 0, 10, TRUE);
	unlock(t, "b", b, 0, 10);
	lock(t, "b", b, 0, 10, TRUE);
}

static void unlock_all(CF *t)
{
	cf_file a = open_file(t, "a", L"file.txt", RW), b = open_file(t, "b", L"file.txt", RW);

	lock(t, "a", a, 0, 5, TRUE);
	lock(t, "a", a, 20, 5, TRUE);
	cf_status_xd(t, t->b->unlock_all(t->b, a), CF_XD_UNLOCK_ALL, STATUS_SUCCESS,
		STATUS_NOT_IMPLEMENTED, "a: unlock all");
	lock_xd(t, "b first range", b, 0, 5, TRUE, CF_XD_UNLOCK_ALL, STATUS_SUCCESS,
		STATUS_LOCK_NOT_GRANTED);
	lock_xd(t, "b second range", b, 20, 5, TRUE, CF_XD_UNLOCK_ALL, STATUS_SUCCESS,
		STATUS_LOCK_NOT_GRANTED);
}

static void lock_read_conflict(CF *t)
{
	cf_file a = open_file(t, "a", L"file.txt", RW), b = open_file(t, "b", L"file.txt", RW);
	BYTE buffer[16];
	ULONG got = 0, done = 0;

	lock(t, "a", a, 0, 10, TRUE);
	cf_status_wine(t, t->b->read(t->b, b, 0, buffer, 8, &got), CF_XD_WINE_IO_IGNORES_LOCKS,
		STATUS_FILE_LOCK_CONFLICT, "b reads the locked range");
	cf_status(t, t->b->read(t->b, b, 20, buffer, 8, &got), "b reads elsewhere");
	cf_status_wine(t, t->b->write(t->b, b, 2, "zz", 2, &done), CF_XD_WINE_IO_IGNORES_LOCKS,
		STATUS_FILE_LOCK_CONFLICT, "b writes the locked range");
	cf_status(t, t->b->read(t->b, a, 0, buffer, 8, &got), "a reads its own range");
	cf_status(t, t->b->write(t->b, a, 0, "OK", 2, &done), "a writes its own range");
}

static void lock_shared_write_conflict(CF *t)
{
	cf_file a = open_file(t, "a", L"file.txt", RW), b = open_file(t, "b", L"file.txt", RW);
	BYTE buffer[16];
	ULONG got = 0, done = 0;

	lock(t, "a", a, 0, 10, FALSE);
	/* Dokan's locks are exclusive (the owner may write, nobody else read) */
	cf_status_xd(t, t->b->read(t->b, b, 0, buffer, 8, &got), CF_XD_LOCKS_EXCLUSIVE,
		STATUS_SUCCESS, STATUS_FILE_LOCK_CONFLICT, "b reads a shared-locked range");
	cf_status_wine(t, t->b->write(t->b, b, 0, "zz", 2, &done), CF_XD_WINE_IO_IGNORES_LOCKS,
		STATUS_FILE_LOCK_CONFLICT, "b writes a shared-locked range");
	cf_status(t, t->b->write(t->b, a, 0, "zz", 2, &done), "a writes its shared-locked range");
}

static void lock_beyond_eof(CF *t)
{
	cf_file a = open_file(t, "a", L"file.txt", RW), b = open_file(t, "b", L"file.txt", RW);

	lock(t, "a beyond eof", a, 1000, 1000, TRUE);
	lock(t, "b beyond eof", b, 1500, 10, TRUE);
}

static void lock_zero_length(CF *t)
{
	cf_file a = open_file(t, "a", L"file.txt", RW), b = open_file(t, "b", L"file.txt", RW);

	lock(t, "a zero length", a, 5, 0, TRUE);
	lock(t, "b over it", b, 0, 10, TRUE);
	unlock(t, "a zero length", a, 5, 0);
}

static void lock_released_on_close(CF *t)
{
	cf_file a = open_file(t, "a", L"file.txt", RW), b = open_file(t, "b", L"file.txt", RW);

	lock(t, "a", a, 0, 10, TRUE);
	cf_close(t, "a", a);
	lock(t, "b after a closed", b, 0, 10, TRUE);
}

static void lock_huge_range(CF *t)
{
	cf_file f = open_file(t, "a", L"file.txt", RW);

	lock(t, "a whole range", f, 0, 0x7FFFFFFFFFFFFFFFLL, TRUE);
	unlock(t, "a whole range", f, 0, 0x7FFFFFFFFFFFFFFFLL);
}

/* ---- flush ---- */

static void flush_file(CF *t)
{
	cf_file f = open_file(t, "rw", L"file.txt", RW);
	ULONG done;

	cf_status(t, t->b->write(t->b, f, 0, "F", 1, &done), "write");
	cf_status(t, t->b->flush(t->b, f), "flush");
}

static void flush_read_only_handle(CF *t)
{
	cf_status(t, t->b->flush(t->b, open_file(t, "ro", L"file.txt", FILE_READ_DATA)), "flush");
}

static void flush_directory(CF *t)
{
	cf_file d = 0;

	cf_open(t, "dir", L"dir", FILE_LIST_DIRECTORY | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN,
		CF_SYNC | FILE_DIRECTORY_FILE, &d);
	cf_status(t, t->b->flush(t->b, d), "flush");
}

/* ---- security ---- */

#define SEC_OGD (OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | \
	DACL_SECURITY_INFORMATION)

/* What a query must return on a file system with descriptors of its own, and the
 * expected difference that explains where Wine returns something else. */
typedef struct EXPECTED_SD {
	PSECURITY_DESCRIPTOR sd;   /* NULL: the native side is the reference */
	SECURITY_INFORMATION asked;
	CF_XD xd;                  /* for the parts asked for */
} EXPECTED_SD;

/* The descriptor memfs documents for a new file, as a query for `what` returns it. */
static EXPECTED_SD expect_default(SECURITY_INFORMATION what)
{
	EXPECTED_SD e = { cf_descriptor_parts(cf_fs_default_descriptor(), what), what,
		CF_XD_MEMFS_DEFAULT_SECURITY };
	return e;
}

typedef struct SD_PARTS {
	PSID owner, group;
	PACL dacl;
	BOOL present;
	SECURITY_DESCRIPTOR_CONTROL control;
} SD_PARTS;

static void parts_of(PSECURITY_DESCRIPTOR sd, SD_PARTS *p)
{
	BOOL defaulted;
	DWORD revision;

	memset(p, 0, sizeof(*p));
	if (!sd)
		return;
	GetSecurityDescriptorControl(sd, &p->control, &revision);
	p->control &= ~SE_SELF_RELATIVE;
	GetSecurityDescriptorOwner(sd, &p->owner, &defaulted);
	GetSecurityDescriptorGroup(sd, &p->group, &defaulted);
	GetSecurityDescriptorDacl(sd, &p->present, &p->dacl, &defaulted);
}

static ULONG sid_size(PSID sid)
{
	return sid ? GetLengthSid(sid) : 0;
}

/* A part Wine may answer differently: the expected difference of the parts asked for, or
 * Wine's unasked NULL DACL. */
static CF_XD part_xd(const EXPECTED_SD *e, SECURITY_INFORMATION part)
{
	return (e->asked & part) ? e->xd : CF_XD_WINE_UNASKED_DACL;
}

static void record_expected(CF *t, const char *tag, const SD_PARTS *got, const EXPECTED_SD *e)
{
	SD_PARTS want;

	parts_of(e->sd, &want);
	cf_u64_wine(t, got->control, part_xd(e, DACL_SECURITY_INFORMATION), want.control,
		"%s: control", tag);
	cf_bytes_wine(t, got->owner, sid_size(got->owner), part_xd(e, OWNER_SECURITY_INFORMATION),
		want.owner, sid_size(want.owner), "%s: owner", tag);
	cf_bytes_wine(t, got->group, sid_size(got->group), part_xd(e, GROUP_SECURITY_INFORMATION),
		want.group, sid_size(want.group), "%s: group", tag);
	cf_u64_wine(t, got->present, part_xd(e, DACL_SECURITY_INFORMATION), want.present,
		"%s: DACL present", tag);
	cf_bytes_wine(t, got->dacl, got->dacl ? got->dacl->AclSize : 0,
		part_xd(e, DACL_SECURITY_INFORMATION), want.dacl, want.dacl ? want.dacl->AclSize : 0,
		"%s: DACL", tag);
}

static void record_descriptor(CF *t, const char *tag, PSECURITY_DESCRIPTOR sd,
	const EXPECTED_SD *e)
{
	SD_PARTS got;

	parts_of(sd, &got);
	if (e && e->sd) {
		record_expected(t, tag, &got, e);
		return;
	}
	cf_u64(t, got.control, "%s: control", tag);
	cf_bytes(t, got.owner, sid_size(got.owner), "%s: owner", tag);
	cf_bytes(t, got.group, sid_size(got.group), "%s: group", tag);
	cf_bool(t, got.present, "%s: DACL present", tag);
	cf_bytes(t, got.dacl, got.dacl ? got.dacl->AclSize : 0, "%s: DACL", tag);
}

/* Queries `what` and records status, size and descriptor; e (or NULL) says what the file
 * system under test must return where Wine's file system is no reference. */
static NTSTATUS query_sd_expect(CF *t, const char *tag, cf_file f, SECURITY_INFORMATION what,
	ULONG length, const EXPECTED_SD *e)
{
	BYTE *buffer = calloc(1, length + 16);
	ULONG needed = 0;
	NTSTATUS status;

	if (!buffer)
		return STATUS_NO_MEMORY;
	status = t->b->query_security(t->b, f, what, buffer, length, &needed);
	cf_status(t, status, "%s: query security 0x%lx in %lu bytes", tag, (unsigned long)what,
		(unsigned long)length);
	if (e && e->sd)
		cf_u64_wine(t, needed, e->xd, GetSecurityDescriptorLength(e->sd), "%s: length", tag);
	else
		cf_u64(t, needed, "%s: length", tag);
	if (status == STATUS_SUCCESS)
		record_descriptor(t, tag, buffer, e);
	free(buffer);
	return status;
}

static NTSTATUS query_sd(CF *t, const char *tag, cf_file f, SECURITY_INFORMATION what,
	ULONG length)
{
	return query_sd_expect(t, tag, f, what, length, NULL);
}

/* A query of a descriptor nobody changed: on memfs, its documented default. */
static NTSTATUS query_default_sd(CF *t, const char *tag, cf_file f, SECURITY_INFORMATION what,
	ULONG length)
{
	EXPECTED_SD e = expect_default(what);
	NTSTATUS status = query_sd_expect(t, tag, f, what, length, &e);

	free(e.sd);
	return status;
}

static void sec_query(CF *t)
{
	query_default_sd(t, "file", open_file(t, "file", L"file.txt", READ_CONTROL), SEC_OGD, 4096);
}

static void sec_query_dir(CF *t)
{
	cf_file d = 0;

	cf_open(t, "dir", L"dir", READ_CONTROL | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN,
		CF_SYNC | FILE_DIRECTORY_FILE, &d);
	query_default_sd(t, "dir", d, SEC_OGD, 4096);
}

static void sec_query_sizes(CF *t)
{
	cf_file f = open_file(t, "file", L"file.txt", READ_CONTROL);

	query_default_sd(t, "no buffer", f, SEC_OGD, 0);
	query_default_sd(t, "8 bytes", f, SEC_OGD, 8);
	query_default_sd(t, "40 bytes", f, SEC_OGD, 40);
}

static void sec_query_owner_only(CF *t)
{
	query_default_sd(t, "owner", open_file(t, "file", L"file.txt", READ_CONTROL),
		OWNER_SECURITY_INFORMATION, 4096);
}

static void sec_query_nothing(CF *t)
{
	query_default_sd(t, "nothing", open_file(t, "file", L"file.txt", READ_CONTROL), 0, 4096);
}

static void sec_query_sacl(CF *t)
{
	query_sd(t, "sacl", open_file(t, "file", L"file.txt", READ_CONTROL),
		SACL_SECURITY_INFORMATION, 4096);
}

static void sec_query_without_access(CF *t)
{
	query_sd(t, "no READ_CONTROL", open_file(t, "file", L"file.txt", FILE_READ_DATA), SEC_OGD,
		4096);
}

/* A DACL granting Everyone read and write, set and read back. */
static void sec_set_dacl(CF *t)
{
	cf_file f = open_file(t, "file", L"file.txt", READ_CONTROL | WRITE_DAC);
	SID_IDENTIFIER_AUTHORITY world = { SECURITY_WORLD_SID_AUTHORITY };
	BYTE acl_buffer[256];
	PACL acl = (PACL)acl_buffer;
	PSID everyone = NULL;
	SECURITY_DESCRIPTOR sd;
	BYTE relative[512];
	DWORD size = sizeof(relative);
	EXPECTED_SD e = { NULL, DACL_SECURITY_INFORMATION, CF_XD_WINE_SECURITY_NOT_STORED };

	AllocateAndInitializeSid(&world, 1, SECURITY_WORLD_RID, 0, 0, 0, 0, 0, 0, 0, &everyone);
	InitializeAcl(acl, sizeof(acl_buffer), ACL_REVISION);
	AddAccessAllowedAce(acl, ACL_REVISION, FILE_GENERIC_READ | FILE_GENERIC_WRITE | DELETE,
		everyone);
	InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION);
	SetSecurityDescriptorDacl(&sd, TRUE, acl, FALSE);
	MakeSelfRelativeSD(&sd, relative, &size);
	cf_status(t, t->b->set_security(t->b, f, DACL_SECURITY_INFORMATION, relative), "set DACL");
	/* NTFS returns what was set */
	if (cf_fs_default_descriptor())
		e.sd = cf_descriptor_parts(relative, DACL_SECURITY_INFORMATION);
	query_sd_expect(t, "after", f, DACL_SECURITY_INFORMATION, 4096, &e);
	free(e.sd);
	FreeSid(everyone);
}

static void sec_set_without_access(CF *t)
{
	cf_file f = open_file(t, "file", L"file.txt", READ_CONTROL);
	SECURITY_DESCRIPTOR sd;
	BYTE relative[256];
	DWORD size = sizeof(relative);

	InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION);
	SetSecurityDescriptorDacl(&sd, TRUE, NULL, FALSE);
	MakeSelfRelativeSD(&sd, relative, &size);
	cf_status(t, t->b->set_security(t->b, f, DACL_SECURITY_INFORMATION, relative),
		"set DACL without WRITE_DAC");
}

static void sec_set_owner_same(CF *t)
{
	cf_file f = open_file(t, "file", L"file.txt", READ_CONTROL | WRITE_OWNER);
	BYTE buffer[4096];
	ULONG needed = 0;
	NTSTATUS status = t->b->query_security(t->b, f, OWNER_SECURITY_INFORMATION, buffer,
		sizeof(buffer), &needed);

	cf_status(t, status, "query owner");
	if (status == STATUS_SUCCESS)
		cf_status(t, t->b->set_security(t->b, f, OWNER_SECURITY_INFORMATION, buffer),
			"set the same owner");
	query_default_sd(t, "after", f, OWNER_SECURITY_INFORMATION, 4096);
}

/* ---- volume ---- */

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

	volume_query(t, "size on a file handle", open_file(t, "file", L"file.txt", FILE_READ_DATA),
		FileFsSizeInformation, &s, sizeof(s), &got);
	cf_u64_xd(t, s.BytesPerSector, cf_fs->size_xd, 512, "BytesPerSector");
}

/* ---- change notification ---- */

/* The folder, opened for asynchronous I/O (no FILE_SYNCHRONOUS_IO_*). */
static cf_file open_watch(CF *t, const WCHAR *path)
{
	cf_file d = 0;

	cf_open(t, "watch", path, FILE_LIST_DIRECTORY | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN,
		FILE_DIRECTORY_FILE, &d);
	return d;
}

/* Records the FILE_NOTIFY_INFORMATION records: action and name of each. */
static void record_notify(CF *t, const char *tag, const BYTE *buffer, ULONG got)
{
	WCHAR text[2048], one[300], last[300];
	ULONG at = 0, used = 0, count = 0, repeats = 0;

	text[0] = last[0] = 0;
	while (at + sizeof(FILE_NOTIFY_INFORMATION) <= got + sizeof(WCHAR) && count < 32) {
		const FILE_NOTIFY_INFORMATION *n = (const FILE_NOTIFY_INFORMATION *)(buffer + at);
		_snwprintf(one, 300, L"%lu:%.*ls;", (unsigned long)n->Action,
			(int)(n->FileNameLength / 2 < 280 ? n->FileNameLength / 2 : 280), n->FileName);
		one[299] = 0;
		/* Wine may report one change twice in a row (one per Unix call): counted apart */
		if (!wcscmp(one, last)) {
			repeats++;
		} else {
			used += (ULONG)_snwprintf(text + used, 2048 - used, L"%ls", one);
			count++;
			wcscpy(last, one);
		}
		if (!n->NextEntryOffset)
			break;
		at += n->NextEntryOffset;
	}
	cf_u64(t, count, "%s: records", tag);
	cf_text(t, text, (ULONG)wcslen(text), "%s: actions", tag);
	cf_u64_xd(t, repeats, CF_XD_WINE_NOTIFY_REPEATS, 0, "%s: repeated records", tag);
}

/* Waits for a change (up to timeout), then records; on a timeout cancels and records. */
static void finish_notify(CF *t, const char *tag, CF_NOTIFY *n, DWORD timeout_ms)
{
	BYTE buffer[4096];
	ULONG got = 0;
	NTSTATUS status;

	if (!n)
		return;
	status = t->b->notify_end(t->b, n, timeout_ms, buffer, sizeof(buffer), &got);
	if (status == STATUS_TIMEOUT) {
		cf_status(t, status, "%s: nothing within %lu ms", tag, (unsigned long)timeout_ms);
		t->b->notify_cancel(t->b, n);
		status = t->b->notify_end(t->b, n, 5000, buffer, sizeof(buffer), &got);
		cf_status(t, status, "%s: after cancel", tag);
		return;
	}
	cf_status(t, status, "%s: completed", tag);
	if (status == STATUS_SUCCESS)
		record_notify(t, tag, buffer, got);
}

/* Where Wine's notification differs (xd): exactly two records, the final status (Dokan:
 * success) and the actions (Dokan: expected). */
static void finish_notify_xd(CF *t, const char *tag, CF_NOTIFY *n, DWORD timeout_ms, CF_XD xd,
	const WCHAR *expected)
{
	BYTE buffer[4096];
	WCHAR text[2048];
	ULONG got = 0, at = 0, used = 0;
	NTSTATUS status = CF_STATUS_NO_HANDLE;

	text[0] = 0;
	if (n) {
		status = t->b->notify_end(t->b, n, timeout_ms, buffer, sizeof(buffer), &got);
		if (status == STATUS_TIMEOUT) {
			t->b->notify_cancel(t->b, n);
			t->b->notify_end(t->b, n, 5000, buffer, sizeof(buffer), &got);
			got = 0;
		}
	}
	while (status == STATUS_SUCCESS && at + sizeof(FILE_NOTIFY_INFORMATION) <= got + 2) {
		const FILE_NOTIFY_INFORMATION *r = (const FILE_NOTIFY_INFORMATION *)(buffer + at);
		used += (ULONG)_snwprintf(text + used, 2048 - used, L"%lu:%.*ls;",
			(unsigned long)r->Action, (int)(r->FileNameLength / 2), r->FileName);
		if (!r->NextEntryOffset)
			break;
		at += r->NextEntryOffset;
	}
	cf_status_xd(t, status, xd, CF_WHEN_ANY, STATUS_SUCCESS, "%s: outcome", tag);
	cf_text_xd(t, text, (ULONG)wcslen(text), xd, expected, "%s: actions", tag);
}

static CF_NOTIFY *begin(CF *t, const char *tag, cf_file d, ULONG filter, BOOLEAN tree,
	ULONG length)
{
	CF_NOTIFY *n = NULL;
	NTSTATUS status = t->b->notify_begin(t->b, d, filter, tree, length, &n);

	cf_status(t, status, "%s: begin", tag);
	return n;
}

static void make_file(CF *t, const WCHAR *path)
{
	cf_file f = cf_open_quiet(t, path, FILE_GENERIC_WRITE, FILE_CREATE, 0);

	cf_bool(t, f != 0, "created %ls", path);
	t->b->close(t->b, f);
}

static void notify_added(CF *t)
{
	cf_file d = open_watch(t, L"");
	CF_NOTIFY *n = begin(t, "file name", d, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 4096);

	make_file(t, L"added.txt");
	finish_notify(t, "file name", n, 5000);
}

static void notify_removed(CF *t)
{
	cf_file d = open_watch(t, L""), f;
	CF_NOTIFY *n = begin(t, "file name", d, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 4096);

	f = cf_open_quiet(t, L"a.c", DELETE, FILE_OPEN, 0);
	cf_status(t, t->b->set_disposition(t->b, f, TRUE), "delete a.c");
	t->b->close(t->b, f);
	finish_notify(t, "file name", n, 5000);
}

static void notify_renamed(CF *t)
{
	cf_file d = open_watch(t, L""), f;
	CF_NOTIFY *n = begin(t, "file name", d, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 4096);

	BYTE buffer[4096];
	WCHAR text[1024];
	ULONG got = 0, used = 0, records = 0, round, at;
	NTSTATUS status = STATUS_SUCCESS;

	f = cf_open_quiet(t, L"a.c", DELETE, FILE_OPEN, 0);
	cf_status(t, t->b->rename(t->b, f, L"z.c", FALSE), "rename a.c to z.c");
	t->b->close(t->b, f);
	/* old and new name may come in one completion or in two */
	text[0] = 0;
	for (round = 0; round < 2 && records < 2 && n; round++) {
		if (round && t->b->notify_begin(t->b, d, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 4096, &n) !=
				STATUS_PENDING)
			n = NULL;
		if (!n)
			break;
		status = t->b->notify_end(t->b, n, 5000, buffer, sizeof(buffer), &got);
		if (status == STATUS_TIMEOUT) {
			t->b->notify_cancel(t->b, n);
			t->b->notify_end(t->b, n, 5000, buffer, sizeof(buffer), &got);
			break;
		}
		for (at = 0; status == STATUS_SUCCESS && at + 12 <= got;) {
			const FILE_NOTIFY_INFORMATION *r = (const FILE_NOTIFY_INFORMATION *)(buffer + at);
			used += (ULONG)_snwprintf(text + used, 1024 - used, L"%lu:%.*ls;",
				(unsigned long)r->Action, (int)(r->FileNameLength / 2), r->FileName);
			records++;
			if (!r->NextEntryOffset)
				break;
			at += r->NextEntryOffset;
		}
	}
	cf_status(t, status, "last completion");
	cf_text(t, text, (ULONG)wcslen(text), "actions");
}

static void notify_dir_name(CF *t)
{
	cf_file d = open_watch(t, L""), g;
	CF_NOTIFY *n = begin(t, "dir name", d, FILE_NOTIFY_CHANGE_DIR_NAME, FALSE, 4096);

	g = cf_open_quiet(t, L"newdir", FILE_LIST_DIRECTORY, FILE_CREATE, FILE_DIRECTORY_FILE);
	cf_bool(t, g != 0, "mkdir");
	t->b->close(t->b, g);
	finish_notify(t, "dir name", n, 5000);
}

static void notify_filter_mismatch(CF *t)
{
	cf_file d = open_watch(t, L"");
	CF_NOTIFY *n = begin(t, "dir names only", d, FILE_NOTIFY_CHANGE_DIR_NAME, FALSE, 4096);

	make_file(t, L"added.txt");
	finish_notify(t, "dir names only", n, 1000);
}

static void notify_watch_tree(CF *t)
{
	cf_file d = open_watch(t, L"");
	CF_NOTIFY *n = begin(t, "tree", d, FILE_NOTIFY_CHANGE_FILE_NAME, TRUE, 4096);

	make_file(t, L"dir\\sub\\deeper.txt");
	finish_notify_xd(t, "tree", n, 5000, CF_XD_WINE_NOTIFY_TREE, L"1:dir\\sub\\deeper.txt;");
}

static void notify_no_tree(CF *t)
{
	cf_file d = open_watch(t, L"");
	CF_NOTIFY *n = begin(t, "this folder only", d, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 4096);

	make_file(t, L"dir\\sub\\deeper.txt");
	finish_notify(t, "this folder only", n, 1000);
}

static void notify_cancel(CF *t)
{
	cf_file d = open_watch(t, L"");
	CF_NOTIFY *n = begin(t, "cancelled", d, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 4096);
	BYTE buffer[64];
	ULONG got = 0;

	if (!n)
		return;
	cf_bool(t, NT_SUCCESS(t->b->notify_cancel(t->b, n)), "cancel asked");
	cf_status(t, t->b->notify_end(t->b, n, 5000, buffer, sizeof(buffer), &got), "ends with");
}

static void notify_on_file(CF *t)
{
	cf_file f = 0;
	CF_NOTIFY *n;

	NTSTATUS status;

	cf_open(t, "file", L"file.txt", FILE_READ_DATA | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN, 0, &f);
	/* the outcome: failed at once, or (through iohost) when the request ends */
	status = t->b->notify_begin(t->b, f, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 4096, &n);
	if (n) {
		BYTE buffer[64];
		ULONG got;
		status = t->b->notify_end(t->b, n, 1000, buffer, sizeof(buffer), &got);
		if (status == STATUS_TIMEOUT) {
			t->b->notify_cancel(t->b, n);
			t->b->notify_end(t->b, n, 5000, buffer, sizeof(buffer), &got);
			status = STATUS_PENDING;
		}
	}
	cf_status_xd(t, status, CF_XD_WINE_NOTIFY_ON_FILE, STATUS_OBJECT_TYPE_MISMATCH,
		STATUS_INVALID_PARAMETER, "on a file: outcome");
}

static void notify_attributes(CF *t)
{
	cf_file d = open_watch(t, L""), f;
	CF_NOTIFY *n = begin(t, "attributes", d, FILE_NOTIFY_CHANGE_ATTRIBUTES, FALSE, 4096);
	FILE_BASIC_INFORMATION b = { 0 };

	f = cf_open_quiet(t, L"file.txt", FILE_WRITE_ATTRIBUTES, FILE_OPEN, 0);
	b.FileAttributes = FILE_ATTRIBUTE_HIDDEN;
	cf_status(t, t->b->set_info(t->b, f, FileBasicInformation, &b, sizeof(b)), "set hidden");
	t->b->close(t->b, f);
	finish_notify(t, "attributes", n, 5000);
}

static void notify_size(CF *t)
{
	cf_file d = open_watch(t, L""), f;
	CF_NOTIFY *n = begin(t, "size", d, FILE_NOTIFY_CHANGE_SIZE, FALSE, 4096);
	FILE_END_OF_FILE_INFORMATION e;

	f = cf_open_quiet(t, L"file.txt", FILE_WRITE_DATA, FILE_OPEN, 0);
	e.EndOfFile.QuadPart = 5;
	cf_status(t, t->b->set_info(t->b, f, FileEndOfFileInformation, &e, sizeof(e)), "truncate");
	t->b->close(t->b, f);
	finish_notify(t, "size", n, 5000);
}

static void notify_small_buffer(CF *t)
{
	cf_file d = open_watch(t, L"");
	CF_NOTIFY *n = begin(t, "8-byte buffer", d, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 8);

	make_file(t, L"a-rather-long-name-that-does-not-fit.txt");
	finish_notify(t, "8-byte buffer", n, 5000);
}

static void notify_close_handle(CF *t)
{
	cf_file d = open_watch(t, L"");
	CF_NOTIFY *n = begin(t, "closed", d, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 4096);
	BYTE buffer[64];
	ULONG got = 0;

	if (!n)
		return;
	cf_close(t, "watch", d);
	cf_status_xd(t, t->b->notify_end(t->b, n, 5000, buffer, sizeof(buffer), &got),
		CF_XD_WINE_NOTIFY_CLEANUP, CF_WHEN_ANY, STATUS_NOTIFY_CLEANUP, "ends with");
}

static void notify_two_changes(CF *t)
{
	cf_file d = open_watch(t, L"");
	CF_NOTIFY *n = begin(t, "two", d, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 4096);

	make_file(t, L"one.txt");
	finish_notify(t, "first", n, 5000);
	n = begin(t, "again", d, FILE_NOTIFY_CHANGE_FILE_NAME, FALSE, 4096);
	make_file(t, L"two.txt");
	finish_notify(t, "second", n, 5000);
}

/* ---- file-system controls ---- */

static void fsctl(CF *t, const char *tag, cf_file f, ULONG code, ULONG out_length)
{
	BYTE out[1024];
	ULONG got = 0;

	NTSTATUS status;

	memset(out, 0, sizeof(out));
	status = t->b->fsctl(t->b, f, code, NULL, 0, out, out_length, &got);
	if (code == FSCTL_SET_SPARSE) {
		cf_status_xd(t, status, CF_XD_FSCTL_IN_DRIVER, CF_WHEN_ANY, STATUS_INVALID_DEVICE_REQUEST,
			"%s: fsctl 0x%lx", tag, (unsigned long)code);
		return;
	}
	/* Wine's CopyFileExW asks for object ids (issue 14): answered, or refused as a file
	 * system without object ids refuses */
	if (code == FSCTL_GET_OBJECT_ID) {
		cf_status_xd(t, status, CF_XD_NO_OBJECT_IDS, STATUS_SUCCESS, STATUS_INVALID_DEVICE_REQUEST,
			"%s: fsctl 0x%lx", tag, (unsigned long)code);
		return;
	}
	cf_status_xd(t, status, CF_XD_WINE_FSCTL_STATUS, STATUS_NOT_SUPPORTED,
		STATUS_INVALID_DEVICE_REQUEST, "%s: fsctl 0x%lx", tag, (unsigned long)code);
	cf_u64(t, got, "%s: bytes", tag);
}

static void fsctl_get_reparse_point(CF *t)
{
	fsctl(t, "get reparse point", open_file(t, "file", L"file.txt", FILE_READ_DATA),
		FSCTL_GET_REPARSE_POINT, 1024);
}

static void fsctl_is_volume_mounted(CF *t)
{
	fsctl(t, "is volume mounted", open_file(t, "file", L"file.txt", FILE_READ_DATA),
		FSCTL_IS_VOLUME_MOUNTED, 0);
}

static void fsctl_unknown(CF *t)
{
	fsctl(t, "unknown", open_file(t, "file", L"file.txt", FILE_READ_DATA),
		CTL_CODE(FILE_DEVICE_FILE_SYSTEM, 0x7f0, METHOD_BUFFERED, FILE_ANY_ACCESS), 16);
}

static void fsctl_set_sparse(CF *t)
{
	fsctl(t, "set sparse", open_file(t, "file", L"file.txt", RW), FSCTL_SET_SPARSE, 0);
}

static void fsctl_get_object_id(CF *t)
{
	fsctl(t, "get object id", open_file(t, "file", L"file.txt", FILE_READ_DATA),
		FSCTL_GET_OBJECT_ID, 64);
}

CF_CASES_DEFINE(misc,
	{ "lock_exclusive", lock_exclusive, 0 },
	{ "lock_overlap_same_handle", lock_overlap_same_handle, 0 },
	{ "lock_conflict_other_handle", lock_conflict_other_handle, 0 },
	{ "lock_shared_shared", lock_shared_shared, 0 },
	{ "lock_unlock_then_other", unlock_then_other, 0 },
	{ "lock_unlock_not_locked", unlock_not_locked, 0 },
	{ "lock_unlock_by_other_handle", unlock_by_other_handle, 0 },
	{ "lock_unlock_all", unlock_all, 0 },
	{ "lock_read_write_conflict", lock_read_conflict, 0 },
	{ "lock_shared_write_conflict", lock_shared_write_conflict, 0 },
	{ "lock_beyond_eof", lock_beyond_eof, 0 },
	{ "lock_zero_length", lock_zero_length, 0 },
	{ "lock_released_on_close", lock_released_on_close, 0 },
	{ "lock_huge_range", lock_huge_range, 0 },
	{ "flush_file", flush_file, 0 },
	{ "flush_read_only_handle", flush_read_only_handle, 0 },
	{ "flush_directory", flush_directory, 0 },
	{ "sec_query", sec_query, 0 },
	{ "sec_query_dir", sec_query_dir, 0 },
	{ "sec_query_sizes", sec_query_sizes, 0 },
	{ "sec_query_owner_only", sec_query_owner_only, 0 },
	{ "sec_query_nothing", sec_query_nothing, 0 },
	{ "sec_query_sacl", sec_query_sacl, 0 },
	{ "sec_query_without_access", sec_query_without_access, 0 },
	{ "sec_set_dacl", sec_set_dacl, 0 },
	{ "sec_set_without_access", sec_set_without_access, 0 },
	{ "sec_set_owner_same", sec_set_owner_same, 0 },
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
	{ "notify_added", notify_added, 0 },
	{ "notify_removed", notify_removed, 0 },
	{ "notify_renamed", notify_renamed, 0 },
	{ "notify_dir_name", notify_dir_name, 0 },
	{ "notify_filter_mismatch", notify_filter_mismatch, 0 },
	{ "notify_watch_tree", notify_watch_tree, 0 },
	{ "notify_no_tree", notify_no_tree, 0 },
	{ "notify_cancel", notify_cancel, 0 },
	{ "notify_on_file", notify_on_file, 0 },
	{ "notify_attributes", notify_attributes, 0 },
	{ "notify_size", notify_size, 0 },
	{ "notify_small_buffer", notify_small_buffer, 0 },
	{ "notify_close_handle", notify_close_handle, 0 },
	{ "notify_two_changes", notify_two_changes, 0 },
	{ "fsctl_get_reparse_point", fsctl_get_reparse_point, 0 },
	{ "fsctl_is_volume_mounted", fsctl_is_volume_mounted, 0 },
	{ "fsctl_unknown", fsctl_unknown, 0 },
	{ "fsctl_set_sparse", fsctl_set_sparse, 0 },
	{ "fsctl_get_object_id", fsctl_get_object_id, 0 },
)
