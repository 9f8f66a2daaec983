/* SPDX-License-Identifier: LGPL-3.0-or-later
 * share.c - share-access rules (see share.h). The rules are the I/O manager's: read
 * access is FILE_READ_DATA or FILE_EXECUTE, write access FILE_WRITE_DATA or
 * FILE_APPEND_DATA, delete access DELETE; an open that asks for one of them conflicts
 * when an earlier open did not share it, or when it does not share what an earlier open
 * holds. */
#include "share.h"

#define DK_FILE_READ_DATA       0x0001u
#define DK_FILE_WRITE_DATA      0x0002u
#define DK_FILE_APPEND_DATA     0x0004u
#define DK_FILE_EXECUTE         0x0020u
#define DK_DELETE               0x00010000u
#define DK_MAXIMUM_ALLOWED      0x02000000u
#define DK_GENERIC_ALL          0x10000000u
#define DK_GENERIC_EXECUTE      0x20000000u
#define DK_GENERIC_WRITE        0x40000000u
#define DK_GENERIC_READ         0x80000000u
#define DK_FILE_ALL_ACCESS      0x001F01FFu
#define DK_FILE_GENERIC_READ    0x00120089u
#define DK_FILE_GENERIC_WRITE   0x00120116u
#define DK_FILE_GENERIC_EXECUTE 0x001200A0u

#define DK_FILE_SHARE_READ   0x1u
#define DK_FILE_SHARE_WRITE  0x2u
#define DK_FILE_SHARE_DELETE 0x4u

uint32_t DkShareMapAccess(uint32_t access)
{
	if (access & DK_GENERIC_READ)
		access |= DK_FILE_GENERIC_READ;
	if (access & DK_GENERIC_WRITE)
		access |= DK_FILE_GENERIC_WRITE;
	if (access & DK_GENERIC_EXECUTE)
		access |= DK_FILE_GENERIC_EXECUTE;
	if (access & (DK_GENERIC_ALL | DK_MAXIMUM_ALLOWED))
		access |= DK_FILE_ALL_ACCESS;
	return access & ~(DK_GENERIC_READ | DK_GENERIC_WRITE | DK_GENERIC_EXECUTE | DK_GENERIC_ALL | DK_MAXIMUM_ALLOWED);
}

DK_SHARE_GRANT DkShareGrantFor(uint32_t desiredAccess, uint32_t shareMode)
{
	uint32_t access = DkShareMapAccess(desiredAccess);
	DK_SHARE_GRANT grant = { 0 };

	grant.Read = (access & (DK_FILE_READ_DATA | DK_FILE_EXECUTE)) != 0;
	grant.Write = (access & (DK_FILE_WRITE_DATA | DK_FILE_APPEND_DATA)) != 0;
	grant.Delete = (access & DK_DELETE) != 0;
	grant.SharedRead = (shareMode & DK_FILE_SHARE_READ) != 0;
	grant.SharedWrite = (shareMode & DK_FILE_SHARE_WRITE) != 0;
	grant.SharedDelete = (shareMode & DK_FILE_SHARE_DELETE) != 0;
	return grant;
}

static int DkShareAsksAnything(const DK_SHARE_GRANT *grant)
{
	return grant->Read || grant->Write || grant->Delete;
}

int DkShareConflicts(const DK_SHARE *share, const DK_SHARE_GRANT *grant)
{
	if (!DkShareAsksAnything(grant))
		return 0;
	/* what this open wants, but an earlier open did not share */
	if ((grant->Read && share->SharedRead < share->OpenCount) ||
		(grant->Write && share->SharedWrite < share->OpenCount) ||
		(grant->Delete && share->SharedDelete < share->OpenCount))
		return 1;
	/* what an earlier open holds, but this open does not share */
	return (share->Readers && !grant->SharedRead) || (share->Writers && !grant->SharedWrite) ||
	       (share->Deleters && !grant->SharedDelete);
}

void DkShareAdd(DK_SHARE *share, DK_SHARE_GRANT *grant)
{
	grant->Counted = (uint8_t)DkShareAsksAnything(grant);
	if (!grant->Counted)
		return;
	share->OpenCount++;
	share->Readers += grant->Read;
	share->Writers += grant->Write;
	share->Deleters += grant->Delete;
	share->SharedRead += grant->SharedRead;
	share->SharedWrite += grant->SharedWrite;
	share->SharedDelete += grant->SharedDelete;
}

void DkShareRemove(DK_SHARE *share, DK_SHARE_GRANT *grant)
{
	if (!grant->Counted)
		return;
	grant->Counted = 0;
	share->OpenCount--;
	share->Readers -= grant->Read;
	share->Writers -= grant->Write;
	share->Deleters -= grant->Delete;
	share->SharedRead -= grant->SharedRead;
	share->SharedWrite -= grant->SharedWrite;
	share->SharedDelete -= grant->SharedDelete;
}

int DkShareCheckInvariant(const DK_SHARE *share)
{
	uint32_t n = share->OpenCount;
	return share->Readers > n || share->Writers > n || share->Deleters > n || share->SharedRead > n ||
	       share->SharedWrite > n || share->SharedDelete > n;
}
