// SPDX-License-Identifier: LGPL-3.0-or-later
/* table.c - the process's handle table (handles.c) behind a reader/writer lock, and the
 * lazy check of handles the process did not open through the shim. */
#include "shim.h"

static shim_handle_table table;
static SRWLOCK table_lock = SRWLOCK_INIT;

static void *table_alloc(size_t bytes)
{
	return shim_alloc(bytes);
}

void shim_table_init(void)
{
	shim_handles_init(&table, table_alloc, shim_free);
}

static BOOL find(HANDLE handle, shim_handle_info *info)
{
	BOOL found;

	AcquireSRWLockShared(&table_lock);
	found = shim_handles_get(&table, (uintptr_t)handle, info);
	ReleaseSRWLockShared(&table_lock);
	return found;
}

/* Only when nothing is known yet: another thread may have closed the handle and opened a
 * bound one under the same value while this one was checking. */
static void remember_if_new(HANDLE handle, shim_handle_info *info)
{
	shim_handle_info known;

	AcquireSRWLockExclusive(&table_lock);
	if (shim_handles_get(&table, (uintptr_t)handle, &known))
		*info = known;
	else
		shim_handles_put(&table, (uintptr_t)handle, info);
	ReleaseSRWLockExclusive(&table_lock);
}

/* An inherited or duplicated-in handle: bound if its object is the iohost device and
 * iohost knows a file bound to it. An unbound iohost handle (a program using ioclient
 * itself) is left alone. */
static BOOL check_unknown(HANDLE handle, shim_handle_info *info)
{
	IOH_FILE_STATE state;

	info->kind = SHIM_HANDLE_FOREIGN;
	if (shim_is_iohost_object(handle) && NT_SUCCESS(shim_bound_state(handle, &state)) && state.FileId) {
		info->kind = SHIM_HANDLE_BOUND;
		info->file_id = state.FileId;
		info->synchronous = (state.FileObjectFlags & SHIM_FO_SYNCHRONOUS_IO) != 0;
	}
	return TRUE;
}

BOOL shim_lookup_bound(HANDLE handle, shim_handle_info *info)
{
	shim_handle_info found = { 0 };

	if (!handle || handle == INVALID_HANDLE_VALUE)
		return FALSE;
	if (!find(handle, &found)) {
		check_unknown(handle, &found);
		remember_if_new(handle, &found);
	}
	*info = found;
	return found.kind == SHIM_HANDLE_BOUND;
}

void shim_remember(HANDLE handle, const shim_handle_info *info)
{
	AcquireSRWLockExclusive(&table_lock);
	shim_handles_put(&table, (uintptr_t)handle, info);
	ReleaseSRWLockExclusive(&table_lock);
}

BOOL shim_forget(HANDLE handle, shim_handle_info *info)
{
	shim_handle_info found = { 0 };
	BOOL known;

	AcquireSRWLockExclusive(&table_lock);
	known = shim_handles_get(&table, (uintptr_t)handle, &found);
	if (known)
		shim_handles_remove(&table, (uintptr_t)handle);
	ReleaseSRWLockExclusive(&table_lock);
	if (info)
		*info = found;
	return known && found.kind == SHIM_HANDLE_BOUND;
}
