// SPDX-License-Identifier: LGPL-3.0-or-later
/* handles.h - what the shim knows about a handle value: an open-addressing hash table
 * (every shimmed call looks its handle up, so no linear scan). Plain C without Windows
 * headers and without locking (the caller locks), testable on the host. */
#ifndef WINSHIM_HANDLES_H_
#define WINSHIM_HANDLES_H_

#include <stddef.h>
#include <stdint.h>

enum shim_handle_kind {
	SHIM_HANDLE_FOREIGN = 1, /* checked: not a handle bound to a Dokan file */
	SHIM_HANDLE_BOUND = 2,   /* an iohost device handle bound to a Dokan file */
};

typedef struct shim_handle_info {
	uint32_t file_id;        /* iohost's id of the bound file */
	uint8_t kind;            /* enum shim_handle_kind */
	uint8_t synchronous;     /* FILE_SYNCHRONOUS_IO_*: reads and writes use the position */
	uint16_t letter;         /* drive letter it was opened through, 0 when unknown */
} shim_handle_info;

typedef struct shim_handle_slot {
	uintptr_t key;           /* 0: never used; SHIM_SLOT_DEAD: removed */
	shim_handle_info info;
} shim_handle_slot;

typedef struct shim_handle_table {
	shim_handle_slot *slots;
	size_t capacity;         /* a power of two, or 0 before the first insert */
	size_t live;
	size_t dead;
	void *(*alloc)(size_t bytes);   /* zeroed memory, NULL when out of memory */
	void (*release)(void *memory);
} shim_handle_table;

void shim_handles_init(shim_handle_table *table, void *(*alloc)(size_t), void (*release)(void *));
/* Inserts or replaces; 0 when memory ran out (the table is unchanged then). Key 0 and
 * the reserved value ~0 are refused (0). */
int shim_handles_put(shim_handle_table *table, uintptr_t key, const shim_handle_info *info);
/* 1 and *info when known, else 0. */
int shim_handles_get(const shim_handle_table *table, uintptr_t key, shim_handle_info *info);
/* 1 when it was there. */
int shim_handles_remove(shim_handle_table *table, uintptr_t key);
void shim_handles_free(shim_handle_table *table);

#endif
