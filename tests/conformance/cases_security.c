// SPDX-License-Identifier: LGPL-3.0-or-later
/* cases_security.c - security descriptors: query and set, as memfs documents them (sys/security.c). */
#include "cf.h"

#include <stdlib.h>
#include <string.h>

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
	query_default_sd(t, "file", cf_open_existing(t, "file", L"file.txt", READ_CONTROL), SEC_OGD, 4096);
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
	cf_file f = cf_open_existing(t, "file", L"file.txt", READ_CONTROL);

	query_default_sd(t, "no buffer", f, SEC_OGD, 0);
	query_default_sd(t, "8 bytes", f, SEC_OGD, 8);
	query_default_sd(t, "40 bytes", f, SEC_OGD, 40);
}

static void sec_query_owner_only(CF *t)
{
	query_default_sd(t, "owner", cf_open_existing(t, "file", L"file.txt", READ_CONTROL),
		OWNER_SECURITY_INFORMATION, 4096);
}

static void sec_query_nothing(CF *t)
{
	query_default_sd(t, "nothing", cf_open_existing(t, "file", L"file.txt", READ_CONTROL), 0, 4096);
}

static void sec_query_sacl(CF *t)
{
	query_sd(t, "sacl", cf_open_existing(t, "file", L"file.txt", READ_CONTROL),
		SACL_SECURITY_INFORMATION, 4096);
}

static void sec_query_without_access(CF *t)
{
	query_sd(t, "no READ_CONTROL", cf_open_existing(t, "file", L"file.txt", FILE_READ_DATA), SEC_OGD,
		4096);
}

/* A DACL granting Everyone read and write, set and read back. */
static void sec_set_dacl(CF *t)
{
	cf_file f = cf_open_existing(t, "file", L"file.txt", READ_CONTROL | WRITE_DAC);
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
	cf_file f = cf_open_existing(t, "file", L"file.txt", READ_CONTROL);
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
	cf_file f = cf_open_existing(t, "file", L"file.txt", READ_CONTROL | WRITE_OWNER);
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

CF_CASES_DEFINE(security,
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
)
