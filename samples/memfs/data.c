/* SPDX-License-Identifier: MIT */
/* data.c - file contents, the volume's size limit and byte-range locks. Every function
 * here runs with the node's lock held by the caller (exclusively for changes). */
#include "memfs.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ERROR_INVALID_LOCK_RANGE_CODE 307 /* not in every SDK's winerror.h */

/* Bytes of file data in use, against the limit. Changed with interlocked operations:
 * writers of different files share it without a lock. */
static volatile LONG64 g_used;
static ULONGLONG g_limit;

void memfs_space_init(ULONGLONG limit)
{
	g_limit = limit;
}

ULONGLONG memfs_space_limit(void)
{
	return g_limit;
}

ULONGLONG memfs_space_used(void)
{
	return (ULONGLONG)InterlockedCompareExchange64(&g_used, 0, 0);
}

/* Takes bytes from the free space, or nothing when they are not there. */
static BOOL space_take(ULONGLONG bytes)
{
	LONG64 used, wanted;

	do {
		used = InterlockedCompareExchange64(&g_used, 0, 0);
		if (bytes > g_limit - (ULONGLONG)used)
			return FALSE;
		wanted = used + (LONG64)bytes;
	} while (InterlockedCompareExchange64(&g_used, wanted, used) != used);
	return TRUE;
}

static void space_give(ULONGLONG bytes)
{
	InterlockedExchangeAdd64(&g_used, -(LONG64)bytes);
}

/* ---- the buffer ---- */

/* Grows by half again at least, so a file written in small appends is copied O(log n)
 * times. */
static BOOL ensure_capacity(MEMFS_NODE *node, ULONGLONG size)
{
	ULONGLONG capacity = node->capacity + node->capacity / 2;
	BYTE *data;

	if (size <= node->capacity)
		return TRUE;
	if (size > SIZE_MAX)
		return FALSE;
	if (capacity < size || capacity > SIZE_MAX)
		capacity = size;
	data = realloc(node->data, (size_t)capacity);
	if (!data)
		return FALSE;
	node->data = data;
	node->capacity = capacity;
	return TRUE;
}

/* Returns memory after a large shrink; keeping it is correct, just wasteful. */
static void trim_capacity(MEMFS_NODE *node)
{
	BYTE *data;

	if (node->size == 0) {
		free(node->data);
		node->data = NULL;
		node->capacity = 0;
		return;
	}
	if (node->capacity / 2 <= node->size)
		return;
	data = realloc(node->data, (size_t)node->size);
	if (data) {
		node->data = data;
		node->capacity = node->size;
	}
}

int memfs_data_resize(MEMFS_NODE *node, ULONGLONG size)
{
	ULONGLONG old = node->size;

	if (size > old) {
		if (!space_take(size - old))
			return -ERROR_DISK_FULL;
		if (!ensure_capacity(node, size)) {
			space_give(size - old);
			return -ERROR_NOT_ENOUGH_MEMORY;
		}
		memset(node->data + old, 0, (size_t)(size - old));
	} else if (size < old) {
		space_give(old - size);
	}
	node->size = size;
	if (size < old)
		trim_capacity(node);
	return 0;
}

int memfs_data_read(MEMFS_NODE *node, void *buffer, DWORD length, ULONGLONG offset, DWORD *read)
{
	ULONGLONG available = offset < node->size ? node->size - offset : 0;

	*read = available < length ? (DWORD)available : length;
	if (*read)
		memcpy(buffer, node->data + offset, *read);
	return 0;
}

int memfs_data_write(MEMFS_NODE *node, const void *buffer, DWORD length, ULONGLONG offset, DWORD *written)
{
	ULONGLONG end = offset + length;
	int result;

	*written = 0;
	if (end < offset)
		return -ERROR_INVALID_PARAMETER;
	if (end > node->size) {
		result = memfs_data_resize(node, end);
		if (result != 0)
			return result;
	}
	memcpy(node->data + offset, buffer, length);
	*written = length;
	return 0;
}

void memfs_data_free(MEMFS_NODE *node)
{
	space_give(node->size);
	free(node->data);
	node->data = NULL;
	node->size = node->capacity = 0;
}

/* ---- byte-range locks ----
 * The 0.6.0 LockFile callback has no shared flag, so every lock is exclusive: it keeps
 * other opens from reading and writing the range, and no other lock may overlap it, not
 * even one of the same open. Overlap as MS-FSA defines it: a range covers offset through
 * offset + length - 1, so a range of length 0 at offset n overlaps a lock that holds both
 * byte n - 1 and byte n, and the range {0, 0} overlaps nothing. */

static BOOL overlaps(ULONGLONG offset, ULONGLONG length, const MEMFS_RANGE *range)
{
	if ((offset == 0 && length == 0) || (range->offset == 0 && range->length == 0))
		return FALSE;
	return offset <= range->offset + range->length - 1 && offset + length - 1 >= range->offset;
}

BOOL memfs_range_conflicts(const MEMFS_NODE *node, const void *owner, ULONGLONG offset, ULONGLONG length)
{
	const MEMFS_RANGE *range;

	for (range = node->ranges; range; range = range->next)
		if (range->owner != owner && overlaps(offset, length, range))
			return TRUE;
	return FALSE;
}

int memfs_range_lock(MEMFS_NODE *node, const void *owner, ULONGLONG offset, ULONGLONG length)
{
	const MEMFS_RANGE *existing;
	MEMFS_RANGE *range;

	if (length && offset + (length - 1) < offset)
		return -ERROR_INVALID_LOCK_RANGE_CODE;
	for (existing = node->ranges; existing; existing = existing->next)
		if (overlaps(offset, length, existing))
			return -ERROR_LOCK_VIOLATION;
	range = malloc(sizeof(*range));
	if (!range)
		return -ERROR_NOT_ENOUGH_MEMORY;
	range->owner = owner;
	range->offset = offset;
	range->length = length;
	range->next = node->ranges;
	node->ranges = range;
	return 0;
}

/* As on NTFS, only the exact range this open locked can be unlocked. */
int memfs_range_unlock(MEMFS_NODE *node, const void *owner, ULONGLONG offset, ULONGLONG length)
{
	MEMFS_RANGE **link, *range;

	for (link = &node->ranges; (range = *link) != NULL; link = &range->next)
		if (range->owner == owner && range->offset == offset && range->length == length) {
			*link = range->next;
			free(range);
			return 0;
		}
	return -ERROR_NOT_LOCKED;
}

void memfs_range_release_all(MEMFS_NODE *node, const void *owner)
{
	MEMFS_RANGE **link = &node->ranges, *range;

	while ((range = *link) != NULL) {
		if (range->owner == owner) {
			*link = range->next;
			free(range);
		} else {
			link = &range->next;
		}
	}
}
