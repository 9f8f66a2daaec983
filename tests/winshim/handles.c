// SPDX-License-Identifier: LGPL-3.0-or-later
/* handles.c - linear probing with tombstones; the table doubles (and drops its
 * tombstones) when live plus dead slots would pass half of it, so a probe stays short. */
#include "handles.h"

#define SHIM_SLOT_DEAD (~(uintptr_t)0)
#define FIRST_CAPACITY 64

void shim_handles_init(shim_handle_table *table, void *(*alloc)(size_t), void (*release)(void *))
{
	table->slots = NULL;
	table->capacity = table->live = table->dead = 0;
	table->alloc = alloc;
	table->release = release;
}

/* Handle values are multiples of 4; the multiplier spreads neighbours over the table. */
static size_t home_of(uintptr_t key, size_t capacity)
{
	uint64_t mixed = (uint64_t)(key >> 2) * UINT64_C(0x9E3779B97F4A7C15);

	return (size_t)(mixed >> 32) & (capacity - 1);
}

/* The slot holding key, or NULL. */
static shim_handle_slot *find(const shim_handle_table *table, uintptr_t key)
{
	size_t i, probes;

	if (!table->capacity)
		return NULL;
	i = home_of(key, table->capacity);
	for (probes = 0; probes < table->capacity; probes++) {
		shim_handle_slot *slot = &table->slots[i];
		if (slot->key == key)
			return slot;
		if (slot->key == 0)
			return NULL;
		i = (i + 1) & (table->capacity - 1);
	}
	return NULL;
}

/* Where a new key goes: the first tombstone or empty slot on its probe path. */
static shim_handle_slot *free_slot(shim_handle_table *table, uintptr_t key)
{
	size_t i = home_of(key, table->capacity);

	while (table->slots[i].key != 0 && table->slots[i].key != SHIM_SLOT_DEAD)
		i = (i + 1) & (table->capacity - 1);
	return &table->slots[i];
}

static int grow(shim_handle_table *table)
{
	size_t capacity = table->capacity ? table->capacity * 2 : FIRST_CAPACITY, i;
	shim_handle_slot *old = table->slots;
	size_t old_capacity = table->capacity;

	/* only tombstones to drop: rebuild at the same size */
	if (table->live * 4 < table->capacity)
		capacity = table->capacity;
	table->slots = table->alloc(capacity * sizeof(*table->slots));
	if (!table->slots) {
		table->slots = old;
		return 0;
	}
	table->capacity = capacity;
	table->dead = 0;
	for (i = 0; i < old_capacity; i++) {
		if (old[i].key != 0 && old[i].key != SHIM_SLOT_DEAD)
			*free_slot(table, old[i].key) = old[i];
	}
	if (old)
		table->release(old);
	return 1;
}

int shim_handles_put(shim_handle_table *table, uintptr_t key, const shim_handle_info *info)
{
	shim_handle_slot *slot;

	if (key == 0 || key == SHIM_SLOT_DEAD)
		return 0;
	slot = find(table, key);
	if (slot) {
		slot->info = *info;
		return 1;
	}
	if ((table->live + table->dead + 1) * 2 > table->capacity && !grow(table))
		return 0;
	slot = free_slot(table, key);
	if (slot->key == SHIM_SLOT_DEAD)
		table->dead--;
	slot->key = key;
	slot->info = *info;
	table->live++;
	return 1;
}

int shim_handles_get(const shim_handle_table *table, uintptr_t key, shim_handle_info *info)
{
	const shim_handle_slot *slot = key && key != SHIM_SLOT_DEAD ? find(table, key) : NULL;

	if (!slot)
		return 0;
	*info = slot->info;
	return 1;
}

int shim_handles_remove(shim_handle_table *table, uintptr_t key)
{
	shim_handle_slot *slot = key && key != SHIM_SLOT_DEAD ? find(table, key) : NULL;

	if (!slot)
		return 0;
	slot->key = SHIM_SLOT_DEAD;
	table->live--;
	table->dead++;
	return 1;
}

void shim_handles_free(shim_handle_table *table)
{
	if (table->slots)
		table->release(table->slots);
	shim_handles_init(table, table->alloc, table->release);
}
