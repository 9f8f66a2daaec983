// SPDX-License-Identifier: LGPL-3.0-or-later
/* test_share.c - host unit test of sys/share.c: every pair of opens from a table of
 * access masks x every share mode, against an independent statement of the rules; hand
 * cases from NTFS's documented behaviour; counts taken back out. Built with the host's
 * cc by run-host-test.sh (no Windows, no Wine). */
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "share.h"

#define expect(ok, what, a1, s1, a2, s2) \
	CHECK(ok, "%s: first access 0x%08x share %u, second access 0x%08x share %u", what, (unsigned)(a1), \
		(unsigned)(s1), (unsigned)(a2), (unsigned)(s2))

/* what an access mask asks for, stated directly from the FILE_* bit values */
struct wants { int read, write, del; };

static struct wants wants_of(unsigned access)
{
	struct wants w;
	int all = (access & 0x10000000u) || (access & 0x02000000u); /* GENERIC_ALL, MAXIMUM_ALLOWED */
	w.read = all || (access & (0x80000000u | 0x20000000u | 0x1u | 0x20u)) != 0;
	w.write = all || (access & (0x40000000u | 0x2u | 0x4u)) != 0;
	w.del = all || (access & 0x10000u) != 0;
	return w;
}

/* two opens conflict when either asks for something the other does not share, and both
 * ask for data or delete access */
static int model_conflict(unsigned a1, unsigned s1, unsigned a2, unsigned s2)
{
	struct wants w1 = wants_of(a1), w2 = wants_of(a2);
	int asks1 = w1.read || w1.write || w1.del, asks2 = w2.read || w2.write || w2.del;

	if (!asks1 || !asks2)
		return 0;
	return (w2.read && !(s1 & 1)) || (w2.write && !(s1 & 2)) || (w2.del && !(s1 & 4)) ||
	       (w1.read && !(s2 & 1)) || (w1.write && !(s2 & 2)) || (w1.del && !(s2 & 4));
}

static const unsigned accesses[] = {
	0x00000080u, /* FILE_READ_ATTRIBUTES */
	0x00100000u, /* SYNCHRONIZE */
	0x00000100u | 0x00020000u, /* FILE_WRITE_ATTRIBUTES | READ_CONTROL */
	0x00000001u, /* FILE_READ_DATA / FILE_LIST_DIRECTORY */
	0x00000002u, /* FILE_WRITE_DATA */
	0x00000004u, /* FILE_APPEND_DATA */
	0x00000020u, /* FILE_EXECUTE / FILE_TRAVERSE */
	0x00010000u, /* DELETE */
	0x00010080u, /* DELETE | FILE_READ_ATTRIBUTES (DeleteFileW, RemoveDirectoryW) */
	0x80000000u, /* GENERIC_READ */
	0x40000000u, /* GENERIC_WRITE */
	0x20000000u, /* GENERIC_EXECUTE */
	0x10000000u, /* GENERIC_ALL */
	0x02000000u, /* MAXIMUM_ALLOWED */
	0xC0000000u, /* GENERIC_READ | GENERIC_WRITE */
	0x001F01FFu, /* FILE_ALL_ACCESS */
};

static int try_open(DK_SHARE *share, DK_SHARE_GRANT *grant, unsigned access, unsigned mode)
{
	*grant = DkShareGrantFor(access, mode);
	if (DkShareConflicts(share, grant))
		return 0;
	DkShareAdd(share, grant);
	return 1;
}

static void pair_matrix(void)
{
	size_t i, j;
	unsigned s1, s2;

	for (i = 0; i < sizeof(accesses) / sizeof(accesses[0]); i++)
		for (j = 0; j < sizeof(accesses) / sizeof(accesses[0]); j++)
			for (s1 = 0; s1 < 8; s1++)
				for (s2 = 0; s2 < 8; s2++) {
					DK_SHARE share;
					DK_SHARE_GRANT g1, g2;
					int opened;

					memset(&share, 0, sizeof(share));
					expect(try_open(&share, &g1, accesses[i], s1), "first open", accesses[i], s1, 0, 0);
					opened = try_open(&share, &g2, accesses[j], s2);
					expect(opened == !model_conflict(accesses[i], s1, accesses[j], s2), "matrix",
						accesses[i], s1, accesses[j], s2);
					if (opened)
						DkShareRemove(&share, &g2);
					DkShareRemove(&share, &g1);
					expect(!memcmp(&share, &(DK_SHARE){ 0 }, sizeof(share)), "all counts back to 0",
						accesses[i], s1, accesses[j], s2);
				}
}

/* Hand cases, each a fact about NTFS that the pair model could share a mistake with. */
static void hand_cases(void)
{
	DK_SHARE share = { 0 };
	DK_SHARE_GRANT list, del, reader, writer, again;

	/* a folder listed with share read|write: RemoveDirectoryW's DELETE open conflicts */
	expect(try_open(&share, &list, 0x00100001u, 3), "listing open", 0x00100001u, 3, 0, 0);
	expect(!try_open(&share, &del, 0x00110080u, 7), "delete of a folder in use", 0x00100001u, 3, 0x00110080u, 7);
	DkShareRemove(&share, &list);
	expect(try_open(&share, &del, 0x00110080u, 7), "delete after the listing closed", 0, 0, 0x00110080u, 7);
	DkShareRemove(&share, &del);

	/* CopyFileW(f, f): source for read sharing read, destination for write -> conflict */
	expect(try_open(&share, &reader, 0x80100080u, 1), "copy source", 0x80100080u, 1, 0, 0);
	expect(!try_open(&share, &writer, 0x40100080u, 0), "copy destination", 0x80100080u, 1, 0x40100080u, 0);
	/* an attributes-only open never conflicts, even sharing nothing */
	expect(try_open(&share, &again, 0x00000080u, 0), "attributes open", 0x80100080u, 1, 0x80u, 0);
	expect(!again.Counted, "attributes open is not counted", 0x80u, 0, 0, 0);
	DkShareRemove(&share, &again);
	/* a second reader is let in: it asks only read, which the first shares */
	expect(try_open(&share, &again, 0x80000000u, 3), "second reader", 0x80100080u, 1, 0x80000000u, 3);
	DkShareRemove(&share, &again);
	/* a writer that shares read is still refused: the reader did not share write */
	expect(!try_open(&share, &again, 0x40000000u, 7), "writer after reader", 0x80100080u, 1, 0x40000000u, 7);
	DkShareRemove(&share, &reader);
	expect(!DkShareCheckInvariant(&share) && share.OpenCount == 0, "empty again", 0, 0, 0, 0);

	/* removing twice changes nothing (cleanup after a failed open's release) */
	expect(try_open(&share, &reader, 0x1u, 0), "exclusive reader", 0x1u, 0, 0, 0);
	DkShareRemove(&share, &reader);
	DkShareRemove(&share, &reader);
	expect(share.OpenCount == 0 && share.Readers == 0, "double remove", 0x1u, 0, 0, 0);
}

/* Three opens: the conflict test is against all earlier opens together. */
static void three_opens(void)
{
	DK_SHARE share = { 0 };
	DK_SHARE_GRANT a, b, c;

	expect(try_open(&share, &a, 0x1u, 7), "reader sharing all", 0x1u, 7, 0, 0);
	expect(try_open(&share, &b, 0x2u, 3), "writer sharing read|write", 0x1u, 7, 0x2u, 3);
	expect(!try_open(&share, &c, 0x10000u, 7), "delete: the writer did not share delete", 0x2u, 3, 0x10000u, 7);
	DkShareRemove(&share, &b);
	expect(try_open(&share, &c, 0x10000u, 7), "delete once the writer closed", 0x1u, 7, 0x10000u, 7);
	DkShareRemove(&share, &c);
	DkShareRemove(&share, &a);
	expect(share.OpenCount == 0 && !DkShareCheckInvariant(&share), "three opens undone", 0, 0, 0, 0);
}

int main(void)
{
	pair_matrix();
	hand_cases();
	three_opens();
	return ck_summary("test_share");
}
