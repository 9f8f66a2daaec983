// SPDX-License-Identifier: LGPL-3.0-or-later
/* cases_fscontrol.c - file-system controls (sys/fscontrol.c). */
#include "cf.h"

#include <string.h>
#include <winioctl.h>

#define RW (FILE_GENERIC_READ | FILE_GENERIC_WRITE)

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
	fsctl(t, "get reparse point", cf_open_existing(t, "file", L"file.txt", FILE_READ_DATA),
		FSCTL_GET_REPARSE_POINT, 1024);
}

static void fsctl_is_volume_mounted(CF *t)
{
	fsctl(t, "is volume mounted", cf_open_existing(t, "file", L"file.txt", FILE_READ_DATA),
		FSCTL_IS_VOLUME_MOUNTED, 0);
}

static void fsctl_unknown(CF *t)
{
	fsctl(t, "unknown", cf_open_existing(t, "file", L"file.txt", FILE_READ_DATA),
		CTL_CODE(FILE_DEVICE_FILE_SYSTEM, 0x7f0, METHOD_BUFFERED, FILE_ANY_ACCESS), 16);
}

static void fsctl_set_sparse(CF *t)
{
	fsctl(t, "set sparse", cf_open_existing(t, "file", L"file.txt", RW), FSCTL_SET_SPARSE, 0);
}

static void fsctl_get_object_id(CF *t)
{
	fsctl(t, "get object id", cf_open_existing(t, "file", L"file.txt", FILE_READ_DATA),
		FSCTL_GET_OBJECT_ID, 64);
}

CF_CASES_DEFINE(fscontrol,
	{ "fsctl_get_reparse_point", fsctl_get_reparse_point, 0 },
	{ "fsctl_is_volume_mounted", fsctl_is_volume_mounted, 0 },
	{ "fsctl_unknown", fsctl_unknown, 0 },
	{ "fsctl_set_sparse", fsctl_set_sparse, 0 },
	{ "fsctl_get_object_id", fsctl_get_object_id, 0 },
)
