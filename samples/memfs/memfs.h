/* SPDX-License-Identifier: MIT */
/* memfs.h - an in-memory file system on the Dokan 0.6.0 interface.
 *
 * The tree is made of nodes (files and folders). Every folder keeps its entries in a hash
 * table keyed on the upper-cased name, so names are case-insensitive and case-preserving
 * as on NTFS and a lookup costs O(1) per path component.
 *
 * Locking (the whole scheme; nothing else is shared between Dokan's worker threads):
 *  - g_tree (memfs_tree_*): one reader/writer lock for the namespace: which node is where
 *    (parent, name, the folders' tables, whether a node is still linked) and the handle
 *    state of each node (open handles, delete pending). Opens, lookups and listings hold
 *    it shared; create, rename and cleanup (which may delete) hold it exclusively.
 *  - node->lock: one reader/writer lock per node for what the node holds: data, size,
 *    attributes, times, security descriptor and byte-range locks.
 *  - Order: the tree lock before a node lock, and never more than one node lock at a time.
 *    Nobody takes the tree lock while holding a node lock, and neither lock is taken twice
 *    by one thread (SRW locks are not recursive), so no cycle can form. Reads and writes
 *    reach their node through the open (DOKAN_FILE_INFO.Context) and take only its lock,
 *    so data transfers never wait for the namespace.
 *  - Three counters are interlocked instead: a node's open handles (opens sharing the tree
 *    lock add to it), its last access time (reads sharing the node lock record it) and the
 *    bytes in use against the size limit (g_used, shared by all writers).
 *  - Lifetime: a node counts its references (one for being linked in its folder, one per
 *    open); the last one frees it, so an open survives the deletion or renaming of its
 *    node, and the used bytes go back to the free space. */
#ifndef MEMFS_H_
#define MEMFS_H_

#include <windows.h>
#include "dokan.h"

/* Longest name of one component, as NTFS. */
#define MEMFS_MAX_NAME 255

typedef struct MEMFS_NODE MEMFS_NODE;

/* A folder's entries: chained hash table, bucket count a power of two. */
typedef struct MEMFS_TABLE {
	MEMFS_NODE **buckets;
	ULONG bucket_count;
	ULONG count;
} MEMFS_TABLE;

/* One byte-range lock; the owner is the open that took it. */
typedef struct MEMFS_RANGE {
	struct MEMFS_RANGE *next;
	const void *owner;
	ULONGLONG offset;
	ULONGLONG length;
} MEMFS_RANGE;

struct MEMFS_NODE {
	/* namespace, guarded by the tree lock */
	MEMFS_NODE *parent;
	MEMFS_NODE *next_in_bucket;
	WCHAR *name;   /* as created: the case is preserved */
	WCHAR *key;    /* upper-cased name: hashed and compared */
	size_t length; /* of name and key, in characters */
	ULONG hash;
	BOOL linked;                /* FALSE once deleted */
	BOOL delete_pending;        /* a delete-on-close handle closed while others were open */
	volatile LONG open_handles; /* opens not yet cleaned up (interlocked: opens share the lock) */
	MEMFS_TABLE children;

	/* fixed for the node's life */
	BOOL is_directory;
	ULONGLONG index; /* file id */
	volatile LONG references;

	/* content, guarded by lock */
	SRWLOCK lock;
	DWORD attributes;
	FILETIME creation, last_write;
	volatile LONG64 last_access; /* FILETIME; interlocked, so readers sharing lock update it */
	BYTE *data;
	ULONGLONG size, capacity;
	PSECURITY_DESCRIPTOR security; /* self-relative */
	ULONG security_length;
	MEMFS_RANGE *ranges;
};

/* What DOKAN_FILE_INFO.Context points to: one per successful open. */
typedef struct MEMFS_OPEN {
	MEMFS_NODE *node;
	BOOL cleaned_up; /* Cleanup came: no longer counted in node->open_handles */
} MEMFS_OPEN;

/* ---- settings (main.c) ---- */
extern BOOL g_debug;
void memfs_debug(LPCWSTR format, ...);

/* ---- nodes and the namespace (tree.c) ---- */
void memfs_tree_init(void);
void memfs_tree_lock_shared(void);
void memfs_tree_unlock_shared(void);
void memfs_tree_lock_exclusive(void);
void memfs_tree_unlock_exclusive(void);
MEMFS_NODE *memfs_root(void);

void memfs_node_ref(MEMFS_NODE *node);
void memfs_node_unref(MEMFS_NODE *node);

/* A path taken apart: the folder holding its last component, that component (not
 * terminated) and the node of that name if there is one. The root has no folder. */
typedef struct MEMFS_PATH {
	MEMFS_NODE *folder;
	LPCWSTR name;
	size_t length;
	MEMFS_NODE *node;
} MEMFS_PATH;

/* Path lookups; the caller holds the tree lock (shared is enough). resolve fails with
 * -ERROR_PATH_NOT_FOUND when a folder on the way is missing or is a file, and with
 * -ERROR_INVALID_NAME for a component longer than MEMFS_MAX_NAME. */
int memfs_resolve(LPCWSTR path, MEMFS_PATH *out);
MEMFS_NODE *memfs_find(LPCWSTR path);

/* Namespace changes; the caller holds the tree lock exclusively. */
int memfs_link_new(MEMFS_NODE *folder, LPCWSTR name, size_t length, BOOL is_directory, DWORD attributes,
	PSECURITY_DESCRIPTOR security, MEMFS_NODE **created);
void memfs_unlink(MEMFS_NODE *node);
/* Renames node to folder\name; replaced (or NULL) is what stood there and goes. */
int memfs_move(MEMFS_NODE *node, MEMFS_NODE *folder, LPCWSTR name, size_t length, MEMFS_NODE *replaced);
BOOL memfs_is_ancestor(const MEMFS_NODE *ancestor, const MEMFS_NODE *node);

/* Calls visit for every entry of folder (tree lock held shared); stops when it fails. */
typedef int (*MEMFS_VISIT)(MEMFS_NODE *entry, void *context);
int memfs_for_each_sorted(MEMFS_NODE *folder, MEMFS_VISIT visit, void *context);

/* ---- times ---- */
FILETIME memfs_now(void);
FILETIME memfs_last_access(MEMFS_NODE *node);
void memfs_set_last_access(MEMFS_NODE *node, FILETIME time);
/* Marks a folder's content changed (an entry came, went or was renamed). */
void memfs_touch_folder(MEMFS_NODE *folder);

/* ---- data, space and byte-range locks (data.c); node->lock held by the caller ---- */
void memfs_space_init(ULONGLONG limit);
ULONGLONG memfs_space_limit(void);
ULONGLONG memfs_space_used(void);
int memfs_data_resize(MEMFS_NODE *node, ULONGLONG size);
int memfs_data_read(MEMFS_NODE *node, void *buffer, DWORD length, ULONGLONG offset, DWORD *read);
int memfs_data_write(MEMFS_NODE *node, const void *buffer, DWORD length, ULONGLONG offset, DWORD *written);
void memfs_data_free(MEMFS_NODE *node);

BOOL memfs_range_conflicts(const MEMFS_NODE *node, const void *owner, ULONGLONG offset, ULONGLONG length);
int memfs_range_lock(MEMFS_NODE *node, const void *owner, ULONGLONG offset, ULONGLONG length);
int memfs_range_unlock(MEMFS_NODE *node, const void *owner, ULONGLONG offset, ULONGLONG length);
void memfs_range_release_all(MEMFS_NODE *node, const void *owner);

/* ---- security descriptors (security.c) ---- */
BOOL memfs_security_init(void);
/* A copy of the default descriptor for a new node (LocalFree it), or NULL. */
PSECURITY_DESCRIPTOR memfs_security_default(ULONG *length);
/* node->lock held shared. */
int memfs_security_get(const MEMFS_NODE *node, SECURITY_INFORMATION what, PSECURITY_DESCRIPTOR buffer, ULONG length,
	ULONG *needed);
/* node->lock held exclusively. */
int memfs_security_set(MEMFS_NODE *node, SECURITY_INFORMATION what, PSECURITY_DESCRIPTOR change, ULONG length);

/* ---- the Dokan callbacks (callbacks.c) ---- */
void memfs_fill_operations(PDOKAN_OPERATIONS operations);

#endif
