/* SPDX-License-Identifier: LGPL-3.0-or-later
 * share.h - the share-access rules of the Windows I/O manager (IoCheckShareAccess and
 * friends), kept by the driver per FCB because Wine's versions of those routines are
 * stubs and because a Dokan file system cannot be trusted to enforce sharing itself
 * (0.6.0 left it to the file system: a file system that ignored the share mode let a
 * folder in use be deleted). Pure C with no kernel header, so that tests/unit/host can
 * compile it natively; callers serialise access to a DK_SHARE (the mount lock). */
#ifndef DK_SHARE_H_
#define DK_SHARE_H_

#include <stdint.h>

/* What every handle that asked for data or delete access holds on its FCB. */
typedef struct DK_SHARE {
	uint32_t OpenCount; /* handles counted below */
	uint32_t Readers, Writers, Deleters;
	uint32_t SharedRead, SharedWrite, SharedDelete;
} DK_SHARE;

/* What one handle added to its FCB's DK_SHARE; Counted is 0 when it added nothing
 * (an open for attributes or synchronisation only never conflicts, as on NTFS). */
typedef struct DK_SHARE_GRANT {
	uint8_t Counted;
	uint8_t Read, Write, Delete;
	uint8_t SharedRead, SharedWrite, SharedDelete;
} DK_SHARE_GRANT;

/* Generic rights mapped to file rights (GENERIC_READ -> FILE_GENERIC_READ, ...);
 * MAXIMUM_ALLOWED counts as every right. */
uint32_t DkShareMapAccess(uint32_t desiredAccess);

/* The grant an open with these rights and share mode would take (not yet counted). */
DK_SHARE_GRANT DkShareGrantFor(uint32_t desiredAccess, uint32_t shareMode);

/* 1 when the grant conflicts with the handles already counted in share. */
int DkShareConflicts(const DK_SHARE *share, const DK_SHARE_GRANT *grant);

/* Counts the grant (no-op when it asks for nothing); sets grant->Counted accordingly. */
void DkShareAdd(DK_SHARE *share, DK_SHARE_GRANT *grant);

/* Takes a counted grant back out (cleanup, or a failed open); idempotent. */
void DkShareRemove(DK_SHARE *share, DK_SHARE_GRANT *grant);

/* 0 when the share is consistent (no count above OpenCount); for asserts and tests. */
int DkShareCheckInvariant(const DK_SHARE *share);

#endif /* DK_SHARE_H_ */
