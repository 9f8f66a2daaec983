/* SPDX-License-Identifier: MIT */
/* tree.c - memfs nodes, the folders' hash tables and the namespace (see memfs.h for the
 * locking scheme). */
#include "memfs.h"

#include <stdlib.h>
#include <string.h>

#define FIRST_BUCKET_COUNT 8

static SRWLOCK g_tree = SRWLOCK_INIT;
static MEMFS_NODE *g_root;
static volatile LONG64 g_next_index = 1;

void memfs_tree_lock_shared(void)
{
	AcquireSRWLockShared(&g_tree);
}
void memfs_tree_unlock_shared(void)
{
	ReleaseSRWLockShared(&g_tree);
}
void memfs_tree_lock_exclusive(void)
{
	AcquireSRWLockExclusive(&g_tree);
}
void memfs_tree_unlock_exclusive(void)
{
	ReleaseSRWLockExclusive(&g_tree);
}

MEMFS_NODE *memfs_root(void)
{
	return g_root;
}

FILETIME memfs_now(void)
{
	FILETIME now;

	GetSystemTimeAsFileTime(&now);
	return now;
}

static LONG64 filetime_value(FILETIME time)
{
	return (LONG64)(((ULONGLONG)time.dwHighDateTime << 32) | time.dwLowDateTime);
}

FILETIME memfs_last_access(MEMFS_NODE *node)
{
	ULONGLONG value = (ULONGLONG)InterlockedCompareExchange64(&node->last_access, 0, 0);
	FILETIME time;

	time.dwLowDateTime = (DWORD)value;
	time.dwHighDateTime = (DWORD)(value >> 32);
	return time;
}

void memfs_set_last_access(MEMFS_NODE *node, FILETIME time)
{
	InterlockedExchange64(&node->last_access, filetime_value(time));
}

void memfs_touch_folder(MEMFS_NODE *folder)
{
	AcquireSRWLockExclusive(&folder->lock);
	folder->last_write = memfs_now();
	ReleaseSRWLockExclusive(&folder->lock);
}

/* ---- names ---- */

/* The upper case of a name with the file-system casing rules of the invariant locale, so
 * "a.txt" and "A.TXT" are one name, as on NTFS. */
static BOOL upcase(LPCWSTR name, size_t length, WCHAR *out)
{
	if (length == 0)
		return TRUE;
	return LCMapStringW(LOCALE_INVARIANT, LCMAP_UPPERCASE, name, (int)length, out, (int)length) == (int)length;
}

/* FNV-1a over the UTF-16 units of an upper-cased name. */
static ULONG hash_key(LPCWSTR key, size_t length)
{
	ULONG hash = 2166136261u;
	size_t i;

	for (i = 0; i < length; i++) {
		hash ^= key[i];
		hash *= 16777619u;
	}
	return hash;
}

static WCHAR *copy_name(LPCWSTR name, size_t length)
{
	WCHAR *copy = malloc((length + 1) * sizeof(WCHAR));

	if (copy) {
		memcpy(copy, name, length * sizeof(WCHAR));
		copy[length] = 0;
	}
	return copy;
}

/* ---- a folder's table ---- */

static MEMFS_NODE **bucket_of(const MEMFS_TABLE *table, ULONG hash)
{
	return &table->buckets[hash & (table->bucket_count - 1)];
}

static MEMFS_NODE *table_find(const MEMFS_TABLE *table, LPCWSTR key, size_t length, ULONG hash)
{
	MEMFS_NODE *node;

	if (!table->buckets)
		return NULL;
	for (node = *bucket_of(table, hash); node; node = node->next_in_bucket)
		if (node->hash == hash && node->length == length && !memcmp(node->key, key, length * sizeof(WCHAR)))
			return node;
	return NULL;
}

/* Doubles the bucket count; entries keep their order within a chain. */
static BOOL table_grow(MEMFS_TABLE *table)
{
	ULONG count = table->bucket_count ? table->bucket_count * 2 : FIRST_BUCKET_COUNT;
	MEMFS_NODE **buckets = calloc(count, sizeof(*buckets));
	ULONG i;

	if (!buckets)
		return FALSE;
	for (i = 0; i < table->bucket_count; i++) {
		MEMFS_NODE *node = table->buckets[i], *next;
		for (; node; node = next) {
			MEMFS_NODE **chain = &buckets[node->hash & (count - 1)];
			next = node->next_in_bucket;
			node->next_in_bucket = *chain;
			*chain = node;
		}
	}
	free(table->buckets);
	table->buckets = buckets;
	table->bucket_count = count;
	return TRUE;
}

/* Keeps at most one entry per bucket on average, so lookups stay O(1). */
static BOOL table_insert(MEMFS_TABLE *table, MEMFS_NODE *node)
{
	MEMFS_NODE **chain;

	if (table->count >= table->bucket_count && !table_grow(table))
		return FALSE;
	chain = bucket_of(table, node->hash);
	node->next_in_bucket = *chain;
	*chain = node;
	table->count++;
	return TRUE;
}

static void table_remove(MEMFS_TABLE *table, MEMFS_NODE *node)
{
	MEMFS_NODE **link = bucket_of(table, node->hash);

	while (*link && *link != node)
		link = &(*link)->next_in_bucket;
	if (*link) {
		*link = node->next_in_bucket;
		node->next_in_bucket = NULL;
		table->count--;
	}
}

/* ---- nodes ---- */

static MEMFS_NODE *node_new(LPCWSTR name, size_t length, BOOL is_directory, DWORD attributes,
	PSECURITY_DESCRIPTOR security)
{
	MEMFS_NODE *node = calloc(1, sizeof(*node));
	ULONG security_length = security ? GetSecurityDescriptorLength(security) : 0;

	if (!node)
		return NULL;
	node->name = copy_name(name, length);
	node->key = copy_name(name, length);
	node->security = security_length ? malloc(security_length) : NULL;
	if (!node->name || !node->key || (security_length && !node->security) || !upcase(name, length, node->key)) {
		free(node->name);
		free(node->key);
		free(node->security);
		free(node);
		return NULL;
	}
	if (security_length) {
		memcpy(node->security, security, security_length);
		node->security_length = security_length;
	}
	node->hash = hash_key(node->key, length);
	node->length = length;
	node->is_directory = is_directory;
	node->index = (ULONGLONG)InterlockedIncrement64(&g_next_index);
	node->references = 1;
	InitializeSRWLock(&node->lock);
	node->attributes = attributes;
	node->creation = node->last_write = memfs_now();
	node->last_access = filetime_value(node->creation);
	return node;
}

static void node_free(MEMFS_NODE *node)
{
	MEMFS_RANGE *range, *next;

	for (range = node->ranges; range; range = next) {
		next = range->next;
		free(range);
	}
	memfs_data_free(node);
	free(node->children.buckets);
	free(node->security);
	free(node->name);
	free(node->key);
	free(node);
}

void memfs_node_ref(MEMFS_NODE *node)
{
	InterlockedIncrement(&node->references);
}

void memfs_node_unref(MEMFS_NODE *node)
{
	if (InterlockedDecrement(&node->references) == 0)
		node_free(node);
}

void memfs_tree_init(void)
{
	ULONG length = 0;
	PSECURITY_DESCRIPTOR security = memfs_security_default(&length);

	g_root = node_new(L"", 0, TRUE, FILE_ATTRIBUTE_DIRECTORY, security);
	LocalFree(security);
	if (g_root)
		g_root->linked = TRUE;
}

/* ---- lookups ---- */

static MEMFS_NODE *find_child(const MEMFS_NODE *folder, LPCWSTR name, size_t length)
{
	WCHAR key[MEMFS_MAX_NAME];

	if (!upcase(name, length, key))
		return NULL;
	return table_find(&folder->children, key, length, hash_key(key, length));
}

/* The next component of a path: skips backslashes, returns its length (0 at the end). */
static size_t next_component(LPCWSTR *cursor)
{
	LPCWSTR start;

	while (**cursor == L'\\')
		(*cursor)++;
	start = *cursor;
	while (**cursor && **cursor != L'\\')
		(*cursor)++;
	return (size_t)(*cursor - start);
}

int memfs_resolve(LPCWSTR path, MEMFS_PATH *out)
{
	LPCWSTR cursor = path, name;
	size_t length;

	ZeroMemory(out, sizeof(*out));
	out->node = g_root;
	for (;;) {
		length = next_component(&cursor);
		if (length == 0)
			return 0;
		name = cursor - length;
		if (length > MEMFS_MAX_NAME)
			return -ERROR_INVALID_NAME;
		if (!out->node || !out->node->is_directory)
			return -ERROR_PATH_NOT_FOUND;
		out->folder = out->node;
		out->name = name;
		out->length = length;
		out->node = find_child(out->folder, name, length);
	}
}

MEMFS_NODE *memfs_find(LPCWSTR path)
{
	MEMFS_PATH resolved;

	return memfs_resolve(path, &resolved) == 0 ? resolved.node : NULL;
}

BOOL memfs_is_ancestor(const MEMFS_NODE *ancestor, const MEMFS_NODE *node)
{
	for (; node; node = node->parent)
		if (node == ancestor)
			return TRUE;
	return FALSE;
}

/* ---- changes ---- */

int memfs_link_new(MEMFS_NODE *folder, LPCWSTR name, size_t length, BOOL is_directory, DWORD attributes,
	PSECURITY_DESCRIPTOR security, MEMFS_NODE **created)
{
	MEMFS_NODE *node = node_new(name, length, is_directory, attributes, security);

	*created = NULL;
	if (!node)
		return -ERROR_NOT_ENOUGH_MEMORY;
	if (!table_insert(&folder->children, node)) {
		node_free(node);
		return -ERROR_NOT_ENOUGH_MEMORY;
	}
	node->parent = folder;
	node->linked = TRUE;
	memfs_touch_folder(folder);
	*created = node;
	return 0;
}

/* Drops the folder's reference: the node lives on while opens hold it. */
void memfs_unlink(MEMFS_NODE *node)
{
	MEMFS_NODE *folder = node->parent;

	if (!node->linked || !folder)
		return;
	table_remove(&folder->children, node);
	node->parent = NULL;
	node->linked = FALSE;
	memfs_touch_folder(folder);
	memfs_node_unref(node);
}

/* Everything that can fail (memory) happens before anything changes, so a failed rename
 * leaves both names as they were. */
int memfs_move(MEMFS_NODE *node, MEMFS_NODE *folder, LPCWSTR name, size_t length, MEMFS_NODE *replaced)
{
	WCHAR *new_name = copy_name(name, length), *new_key = copy_name(name, length);
	MEMFS_NODE *old_folder = node->parent;
	BOOL grows = folder != old_folder && folder->children.count >= folder->children.bucket_count;

	if (!new_name || !new_key || !upcase(name, length, new_key) || (grows && !table_grow(&folder->children))) {
		free(new_name);
		free(new_key);
		return -ERROR_NOT_ENOUGH_MEMORY;
	}
	if (replaced)
		memfs_unlink(replaced);
	table_remove(&old_folder->children, node);
	free(node->name);
	free(node->key);
	node->name = new_name;
	node->key = new_key;
	node->length = length;
	node->hash = hash_key(new_key, length);
	table_insert(&folder->children, node); /* cannot fail: there is room */
	node->parent = folder;
	memfs_touch_folder(old_folder);
	if (folder != old_folder)
		memfs_touch_folder(folder);
	return 0;
}

/* ---- listing ---- */

static int compare_keys(const void *a, const void *b)
{
	return wcscmp((*(MEMFS_NODE *const *)a)->key, (*(MEMFS_NODE *const *)b)->key);
}

/* Entries in NTFS's order (by upper-cased name), whatever order the table holds them in. */
int memfs_for_each_sorted(MEMFS_NODE *folder, MEMFS_VISIT visit, void *context)
{
	const MEMFS_TABLE *table = &folder->children;
	MEMFS_NODE **entries, *node;
	ULONG i, count = 0;
	int result = 0;

	if (table->count == 0)
		return 0;
	entries = malloc(table->count * sizeof(*entries));
	if (!entries)
		return -ERROR_NOT_ENOUGH_MEMORY;
	for (i = 0; i < table->bucket_count; i++)
		for (node = table->buckets[i]; node; node = node->next_in_bucket)
			entries[count++] = node;
	qsort(entries, count, sizeof(*entries), compare_keys);
	for (i = 0; i < count && result == 0; i++)
		result = visit(entries[i], context);
	free(entries);
	return result;
}
