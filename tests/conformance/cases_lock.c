// SPDX-License-Identifier: LGPL-3.0-or-later
/* cases_lock.c - byte-range locks: granted, conflicting and released ranges (sys/lock.c). */
#include "cf.h"


#define RW (FILE_GENERIC_READ | FILE_GENERIC_WRITE)

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
	cf_file f = cf_open_existing(t, "a", L"file.txt", RW);

	lock(t, "a", f, 0, 10, TRUE);
	unlock(t, "a", f, 0, 10);
}

static void lock_overlap_same_handle(CF *t)
{
	cf_file f = cf_open_existing(t, "a", L"file.txt", RW);

	lock(t, "a", f, 0, 10, TRUE);
	lock(t, "a again, overlapping", f, 5, 10, TRUE);
	lock(t, "a again, disjoint", f, 20, 5, TRUE);
}

static void lock_conflict_other_handle(CF *t)
{
	cf_file a = cf_open_existing(t, "a", L"file.txt", RW), b = cf_open_existing(t, "b", L"file.txt", RW);

	lock(t, "a", a, 0, 10, TRUE);
	lock(t, "b, same range", b, 0, 10, TRUE);
	lock(t, "b, overlapping", b, 9, 10, FALSE);
	lock(t, "b, after", b, 10, 10, TRUE);
}

static void lock_shared_shared(CF *t)
{
	cf_file a = cf_open_existing(t, "a", L"file.txt", RW), b = cf_open_existing(t, "b", L"file.txt", RW);

	lock(t, "a", a, 0, 10, FALSE);
	lock_xd(t, "b", b, 0, 10, FALSE, CF_XD_LOCKS_EXCLUSIVE, STATUS_SUCCESS,
		STATUS_LOCK_NOT_GRANTED);
	lock(t, "b exclusive", b, 0, 10, TRUE);
}

static void unlock_then_other(CF *t)
{
	cf_file a = cf_open_existing(t, "a", L"file.txt", RW), b = cf_open_existing(t, "b", L"file.txt", RW);

	lock(t, "a", a, 0, 10, TRUE);
	unlock(t, "a", a, 0, 10);
	lock(t, "b", b, 0, 10, TRUE);
}

static void unlock_not_locked(CF *t)
{
	cf_file f = cf_open_existing(t, "a", L"file.txt", RW);

	unlock(t, "never locked", f, 0, 10);
	lock(t, "a", f, 0, 10, TRUE);
	unlock(t, "other range", f, 0, 5);
}

static void unlock_by_other_handle(CF *t)
{
	cf_file a = cf_open_existing(t, "a", L"file.txt", RW), b = cf_open_existing(t, "b", L"file.txt", RW);

	lock(t, "a", a, 0, 10, TRUE);
	unlock(t, "b", b, 0, 10);
	lock(t, "b", b, 0, 10, TRUE);
}

static void unlock_all(CF *t)
{
	cf_file a = cf_open_existing(t, "a", L"file.txt", RW), b = cf_open_existing(t, "b", L"file.txt", RW);

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
	cf_file a = cf_open_existing(t, "a", L"file.txt", RW), b = cf_open_existing(t, "b", L"file.txt", RW);
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
	cf_file a = cf_open_existing(t, "a", L"file.txt", RW), b = cf_open_existing(t, "b", L"file.txt", RW);
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
	cf_file a = cf_open_existing(t, "a", L"file.txt", RW), b = cf_open_existing(t, "b", L"file.txt", RW);

	lock(t, "a beyond eof", a, 1000, 1000, TRUE);
	lock(t, "b beyond eof", b, 1500, 10, TRUE);
}

static void lock_zero_length(CF *t)
{
	cf_file a = cf_open_existing(t, "a", L"file.txt", RW), b = cf_open_existing(t, "b", L"file.txt", RW);

	lock(t, "a zero length", a, 5, 0, TRUE);
	lock(t, "b over it", b, 0, 10, TRUE);
	unlock(t, "a zero length", a, 5, 0);
}

static void lock_released_on_close(CF *t)
{
	cf_file a = cf_open_existing(t, "a", L"file.txt", RW), b = cf_open_existing(t, "b", L"file.txt", RW);

	lock(t, "a", a, 0, 10, TRUE);
	cf_close(t, "a", a);
	lock(t, "b after a closed", b, 0, 10, TRUE);
}

static void lock_huge_range(CF *t)
{
	cf_file f = cf_open_existing(t, "a", L"file.txt", RW);

	lock(t, "a whole range", f, 0, 0x7FFFFFFFFFFFFFFFLL, TRUE);
	unlock(t, "a whole range", f, 0, 0x7FFFFFFFFFFFFFFFLL);
}

CF_CASES_DEFINE(lock,
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
)
