// SPDX-License-Identifier: LGPL-3.0-or-later
/* cf_ops.c - building blocks of case bodies: open/stat/content/listing with recording. */
#include "cf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

void cf_fill(BYTE *buffer, ULONG size, ULONG seed)
{
	ULONG x = seed * 2654435761u + 12345u, i;

	for (i = 0; i < size; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buffer[i] = (BYTE)(x >> 8);
	}
}

static ULONGLONG fnv64(const BYTE *data, ULONG size, ULONGLONG h)
{
	ULONG i;

	for (i = 0; i < size; i++) {
		h ^= data[i];
		h *= 1099511628211ull;
	}
	return h;
}

NTSTATUS cf_open_ex(CF *t, const char *tag, const CF_OPEN *args, cf_file *file)
{
	ULONG_PTR info = 0;
	NTSTATUS status = t->b->open(t->b, args, file, &info);

	cf_status(t, status, "%s: open", tag);
	if (NT_SUCCESS(status))
		cf_u64(t, info, "%s: open information", tag);
	return status;
}

NTSTATUS cf_open_xd(CF *t, const char *tag, const CF_OPEN *args, cf_file *file, CF_XD xd,
	NTSTATUS when, NTSTATUS alt)
{
	ULONG_PTR info = 0;
	NTSTATUS status = t->b->open(t->b, args, file, &info);

	cf_status_xd(t, status, xd, when, alt, "%s: open", tag);
	/* with an expected difference the two sides may go on differently */
	if (NT_SUCCESS(status) && xd == CF_XD_NONE)
		cf_u64(t, info, "%s: open information", tag);
	return status;
}

NTSTATUS cf_open(CF *t, const char *tag, const WCHAR *path, ULONG access, ULONG share,
	ULONG disposition, ULONG options, cf_file *file)
{
	CF_OPEN o = { 0 };

	o.path = path;
	o.access = access;
	o.share = share;
	o.disposition = disposition;
	o.options = options;
	return cf_open_ex(t, tag, &o, file);
}

/* An existing entry, opened synchronously with full sharing (the cases' usual handle). */
cf_file cf_open_existing(CF *t, const char *tag, const WCHAR *path, ULONG access)
{
	cf_file f = 0;

	cf_open(t, tag, path, access | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN, CF_SYNC, &f);
	return f;
}

cf_file cf_open_quiet(CF *t, const WCHAR *path, ULONG access, ULONG disposition, ULONG options)
{
	CF_OPEN o = { 0 };
	cf_file file = 0;
	ULONG_PTR info;

	o.path = path;
	o.access = access | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = disposition;
	o.options = options | CF_SYNC;
	if (!NT_SUCCESS(t->b->open(t->b, &o, &file, &info)))
		return 0;
	return file;
}

void cf_close(CF *t, const char *tag, cf_file file)
{
	cf_status(t, t->b->close(t->b, file), "%s: close", tag);
}

void cf_record_basic(CF *t, const char *tag, const FILE_BASIC_INFORMATION *basic)
{
	cf_creation_time(t, basic->CreationTime.QuadPart, basic->LastWriteTime.QuadPart,
		"%s: CreationTime", tag);
	cf_time(t, basic->LastAccessTime.QuadPart, "%s: LastAccessTime", tag);
	cf_time(t, basic->LastWriteTime.QuadPart, "%s: LastWriteTime", tag);
	cf_time_xd(t, basic->ChangeTime.QuadPart, CF_XD_CHANGE_TIME_IS_WRITE,
		basic->LastWriteTime.QuadPart, "%s: ChangeTime", tag);
	cf_attributes(t, basic->FileAttributes, "%s: FileAttributes", tag);
}

void cf_record_standard(CF *t, const char *tag, const FILE_STANDARD_INFORMATION *standard)
{
	cf_u64_xd(t, (ULONGLONG)standard->AllocationSize.QuadPart, CF_XD_ALLOCATION_IS_EOF,
		(ULONGLONG)standard->EndOfFile.QuadPart, "%s: AllocationSize", tag);
	cf_u64(t, (ULONGLONG)standard->EndOfFile.QuadPart, "%s: EndOfFile", tag);
	cf_u64(t, standard->NumberOfLinks, "%s: NumberOfLinks", tag);
	cf_u64(t, standard->DeletePending, "%s: DeletePending", tag);
	cf_u64(t, standard->Directory, "%s: Directory", tag);
}

void cf_query_basic(CF *t, const char *tag, cf_file file)
{
	FILE_BASIC_INFORMATION basic = { 0 };
	ULONG got;
	NTSTATUS status = t->b->query_info(t->b, file, FileBasicInformation, &basic,
		sizeof(basic), &got);

	cf_status(t, status, "%s: query basic", tag);
	if (NT_SUCCESS(status))
		cf_record_basic(t, tag, &basic);
}

void cf_query_standard(CF *t, const char *tag, cf_file file)
{
	FILE_STANDARD_INFORMATION standard = { 0 };
	ULONG got;
	NTSTATUS status = t->b->query_info(t->b, file, FileStandardInformation, &standard,
		sizeof(standard), &got);

	cf_status(t, status, "%s: query standard", tag);
	if (NT_SUCCESS(status))
		cf_record_standard(t, tag, &standard);
}

BOOL cf_manage_volume_privilege(BOOL enable)
{
	TOKEN_PRIVILEGES tp = { 0 };
	HANDLE token;
	BOOL ok;

	if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES, &token))
		return FALSE;
	tp.PrivilegeCount = 1;
	tp.Privileges[0].Attributes = enable ? SE_PRIVILEGE_ENABLED : 0;
	ok = LookupPrivilegeValueW(NULL, SE_MANAGE_VOLUME_NAME, &tp.Privileges[0].Luid) &&
		AdjustTokenPrivileges(token, FALSE, &tp, 0, NULL, NULL) &&
		GetLastError() == ERROR_SUCCESS;
	CloseHandle(token);
	return ok;
}

void cf_stat_xd(CF *t, const char *tag, const WCHAR *path, CF_XD xd, NTSTATUS when,
	NTSTATUS alt)
{
	CF_OPEN o = { 0 };
	cf_file file = 0;
	ULONG_PTR info;

	o.path = path;
	o.access = FILE_READ_ATTRIBUTES | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = FILE_OPEN;
	o.options = CF_SYNC;
	cf_status_xd(t, t->b->open(t->b, &o, &file, &info), xd, when, alt, "%s: stat %ls", tag,
		path);
	/* the two sides may differ from here: nothing more is recorded */
	if (file)
		t->b->close(t->b, file);
}

void cf_stat_wine(CF *t, const char *tag, const WCHAR *path, CF_XD xd, NTSTATUS ntfs)
{
	CF_OPEN o = { 0 };
	cf_file file = 0;
	ULONG_PTR info;

	if (ntfs == STATUS_SUCCESS) {
		cf_stat(t, tag, path);
		return;
	}
	o.path = path;
	o.access = FILE_READ_ATTRIBUTES | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = FILE_OPEN;
	o.options = CF_SYNC;
	cf_status_wine(t, t->b->open(t->b, &o, &file, &info), xd, ntfs, "%s: stat %ls", tag, path);
	/* the two sides may differ from here: nothing more is recorded */
	if (file)
		t->b->close(t->b, file);
}

void cf_stat(CF *t, const char *tag, const WCHAR *path)
{
	FILE_STANDARD_INFORMATION standard = { 0 };
	FILE_BASIC_INFORMATION basic = { 0 };
	CF_OPEN o = { 0 };
	cf_file file = 0;
	ULONG_PTR info;
	ULONG got;
	NTSTATUS status;

	o.path = path;
	o.access = FILE_READ_ATTRIBUTES | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = FILE_OPEN;
	o.options = CF_SYNC;
	status = t->b->open(t->b, &o, &file, &info);
	cf_status(t, status, "%s: stat %ls", tag, path);
	if (!NT_SUCCESS(status))
		return;
	status = t->b->query_info(t->b, file, FileStandardInformation, &standard, sizeof(standard),
		&got);
	cf_status(t, status, "%s: stat standard", tag);
	if (NT_SUCCESS(status)) {
		cf_u64(t, standard.Directory, "%s: stat directory", tag);
		if (!standard.Directory)
			cf_u64(t, (ULONGLONG)standard.EndOfFile.QuadPart, "%s: stat size", tag);
	}
	status = t->b->query_info(t->b, file, FileBasicInformation, &basic, sizeof(basic), &got);
	cf_status(t, status, "%s: stat basic", tag);
	if (NT_SUCCESS(status))
		cf_attributes(t, basic.FileAttributes, "%s: stat attributes", tag);
	t->b->close(t->b, file);
}

void cf_content(CF *t, const char *tag, const WCHAR *path)
{
	ULONG chunk = 65536, got = 0, total = 0;
	BYTE *buffer = malloc(chunk);
	ULONGLONG hash = 14695981039346656037ull;
	CF_OPEN o = { 0 };
	cf_file file = 0;
	ULONG_PTR info;
	NTSTATUS status;
	BYTE head[64];

	o.path = path;
	o.access = FILE_READ_DATA | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = FILE_OPEN;
	o.options = CF_SYNC | FILE_NON_DIRECTORY_FILE;
	status = t->b->open(t->b, &o, &file, &info);
	cf_status(t, status, "%s: content open %ls", tag, path);
	if (!NT_SUCCESS(status) || !buffer) {
		free(buffer);
		return;
	}
	for (;;) {
		status = t->b->read(t->b, file, total, buffer, chunk, &got);
		if (status != STATUS_SUCCESS)
			break;
		if (total < sizeof(head))
			memcpy(head + total, buffer,
				got < sizeof(head) - total ? got : (ULONG)sizeof(head) - total);
		hash = fnv64(buffer, got, hash);
		total += got;
		if (got == 0)
			break;
	}
	cf_status(t, status, "%s: content end", tag);
	cf_u64(t, total, "%s: content size", tag);
	cf_bytes(t, head, total < sizeof(head) ? total : (ULONG)sizeof(head), "%s: content head", tag);
	cf_u64(t, hash, "%s: content hash", tag);
	t->b->close(t->b, file);
	free(buffer);
}

void cf_record_fs_name(CF *t, const char *tag, const WCHAR *name, ULONG bytes)
{
	size_t prefix = wcslen(t->b->name_prefix);
	ULONG chars = bytes / sizeof(WCHAR);

	if (chars >= prefix && !_wcsnicmp(name, t->b->name_prefix, prefix))
		cf_text(t, name + prefix, chars - (ULONG)prefix, "%s", tag);
	else
		cf_text(t, name, chars, "%s (without the folder prefix!)", tag);
}

/* ---- directory entries ---- */

typedef struct ENTRY {
	WCHAR name[300];
	ULONG name_chars;
	ULONG file_index;
	ULONG position;      /* 1-based order in which the FS returned it */
	LONGLONG times[4];
	LONGLONG eof, alloc;
	ULONG attributes;
	ULONG ea_size;
	WCHAR short_name[13];
	ULONG short_chars;
	LONGLONG file_id;
} ENTRY;

static BOOL has_times(ULONG c)
{
	return c != FileNamesInformation;
}

static BOOL has_ea(ULONG c)
{
	return c == FileFullDirectoryInformation || c == FileBothDirectoryInformation ||
		c == FileIdBothDirectoryInformation || c == FileIdFullDirectoryInformation;
}

static BOOL has_short(ULONG c)
{
	return c == FileBothDirectoryInformation || c == FileIdBothDirectoryInformation;
}

static BOOL has_id(ULONG c)
{
	return c == FileIdBothDirectoryInformation || c == FileIdFullDirectoryInformation;
}

/* Parses one query buffer; returns the number of entries appended (at most max). */
static ULONG parse_entries(ULONG c, const BYTE *buffer, ULONG bytes, ENTRY *out, ULONG max,
	ULONG first_position)
{
	ULONG at = 0, n = 0;

	while (at < bytes && n < max) {
		const BYTE *e = buffer + at;
		ENTRY *x = &out[n];
		ULONG next = *(const ULONG *)e, name_bytes = 0;
		const WCHAR *name = NULL;

		memset(x, 0, sizeof(*x));
		x->file_index = *(const ULONG *)(e + 4);
		x->position = first_position + n;
		switch (c) {
		case FileDirectoryInformation: {
			const FILE_DIRECTORY_INFORMATION *d = (const void *)e;
			x->times[0] = d->CreationTime.QuadPart;
			x->times[1] = d->LastAccessTime.QuadPart;
			x->times[2] = d->LastWriteTime.QuadPart;
			x->times[3] = d->ChangeTime.QuadPart;
			x->eof = d->EndOfFile.QuadPart;
			x->alloc = d->AllocationSize.QuadPart;
			x->attributes = d->FileAttributes;
			name_bytes = d->FileNameLength;
			name = d->FileName;
			break;
		}
		case FileFullDirectoryInformation: {
			const FILE_FULL_DIR_INFORMATION *d = (const void *)e;
			x->times[0] = d->CreationTime.QuadPart;
			x->times[1] = d->LastAccessTime.QuadPart;
			x->times[2] = d->LastWriteTime.QuadPart;
			x->times[3] = d->ChangeTime.QuadPart;
			x->eof = d->EndOfFile.QuadPart;
			x->alloc = d->AllocationSize.QuadPart;
			x->attributes = d->FileAttributes;
			x->ea_size = d->EaSize;
			name_bytes = d->FileNameLength;
			name = d->FileName;
			break;
		}
		case FileBothDirectoryInformation: {
			const FILE_BOTH_DIR_INFORMATION *d = (const void *)e;
			x->times[0] = d->CreationTime.QuadPart;
			x->times[1] = d->LastAccessTime.QuadPart;
			x->times[2] = d->LastWriteTime.QuadPart;
			x->times[3] = d->ChangeTime.QuadPart;
			x->eof = d->EndOfFile.QuadPart;
			x->alloc = d->AllocationSize.QuadPart;
			x->attributes = d->FileAttributes;
			x->ea_size = d->EaSize;
			x->short_chars = (BYTE)d->ShortNameLength / 2 > 12 ? 12 : (BYTE)d->ShortNameLength / 2;
			memcpy(x->short_name, d->ShortName, x->short_chars * 2);
			name_bytes = d->FileNameLength;
			name = d->FileName;
			break;
		}
		case FileIdBothDirectoryInformation: {
			const FILE_ID_BOTH_DIR_INFORMATION *d = (const void *)e;
			x->times[0] = d->CreationTime.QuadPart;
			x->times[1] = d->LastAccessTime.QuadPart;
			x->times[2] = d->LastWriteTime.QuadPart;
			x->times[3] = d->ChangeTime.QuadPart;
			x->eof = d->EndOfFile.QuadPart;
			x->alloc = d->AllocationSize.QuadPart;
			x->attributes = d->FileAttributes;
			x->ea_size = d->EaSize;
			x->short_chars = (BYTE)d->ShortNameLength / 2 > 12 ? 12 : (BYTE)d->ShortNameLength / 2;
			memcpy(x->short_name, d->ShortName, x->short_chars * 2);
			x->file_id = d->FileId.QuadPart;
			name_bytes = d->FileNameLength;
			name = d->FileName;
			break;
		}
		case FileIdFullDirectoryInformation: {
			const FILE_ID_FULL_DIR_INFORMATION *d = (const void *)e;
			x->times[0] = d->CreationTime.QuadPart;
			x->times[1] = d->LastAccessTime.QuadPart;
			x->times[2] = d->LastWriteTime.QuadPart;
			x->times[3] = d->ChangeTime.QuadPart;
			x->eof = d->EndOfFile.QuadPart;
			x->alloc = d->AllocationSize.QuadPart;
			x->attributes = d->FileAttributes;
			x->ea_size = d->EaSize;
			x->file_id = d->FileId.QuadPart;
			name_bytes = d->FileNameLength;
			name = d->FileName;
			break;
		}
		case FileNamesInformation: {
			const FILE_NAMES_INFORMATION *d = (const void *)e;
			name_bytes = d->FileNameLength;
			name = d->FileName;
			break;
		}
		default:
			return n;
		}
		if (name_bytes / 2 >= 300 || (const BYTE *)name + name_bytes > buffer + bytes)
			return n;
		x->name_chars = name_bytes / 2;
		memcpy(x->name, name, name_bytes);
		n++;
		if (!next)
			break;
		at += next;
	}
	return n;
}

static int compare_entries(const void *a, const void *b)
{
	const ENTRY *x = a, *y = b;
	int r = wcsncmp(x->name, y->name, x->name_chars < y->name_chars ? x->name_chars : y->name_chars);

	if (r)
		return r;
	return (int)x->name_chars - (int)y->name_chars;
}

static BOOL is_dot(const ENTRY *e)
{
	return (e->name_chars == 1 && e->name[0] == L'.') ||
		(e->name_chars == 2 && e->name[0] == L'.' && e->name[1] == L'.');
}

static void record_entry_list(CF *t, const char *tag, ULONG c, ENTRY *entries, ULONG n)
{
	WCHAR *joined;
	ULONG i, used = 0;

	qsort(entries, n, sizeof(ENTRY), compare_entries);
	joined = malloc((n * 301 + 1) * sizeof(WCHAR));
	if (!joined)
		return;
	for (i = 0; i < n; i++) {
		if (i)
			joined[used++] = L'|';
		memcpy(joined + used, entries[i].name, entries[i].name_chars * sizeof(WCHAR));
		used += entries[i].name_chars;
	}
	cf_u64(t, n, "%s: entry count", tag);
	cf_text(t, joined, used, "%s: names", tag);
	free(joined);
	for (i = 0; i < n; i++) {
		const ENTRY *e = &entries[i];
		char label[160];
		_snprintf(label, sizeof(label), "%s: entry %.*ls", tag, (int)(e->name_chars > 40 ? 40 : e->name_chars),
			e->name);
		label[sizeof(label) - 1] = 0;
		cf_u64_xd(t, e->file_index, CF_XD_ENTRY_INDEX, e->position, "%s FileIndex", label);
		if (!has_times(c))
			continue;
		cf_attributes(t, e->attributes, "%s attributes", label);
		if (is_dot(e))
			continue; /* the folder and its parent: sizes and times of two different trees */
		cf_creation_time(t, e->times[0], e->times[2], "%s CreationTime", label);
		cf_time(t, e->times[1], "%s LastAccessTime", label);
		cf_time(t, e->times[2], "%s LastWriteTime", label);
		cf_time_xd(t, e->times[3], CF_XD_CHANGE_TIME_IS_WRITE, e->times[2], "%s ChangeTime",
			label);
		cf_u64(t, (ULONGLONG)e->eof, "%s EndOfFile", label);
		cf_u64_xd(t, (ULONGLONG)e->alloc, CF_XD_ALLOCATION_IS_EOF, (ULONGLONG)e->eof,
			"%s AllocationSize", label);
		if (has_ea(c))
			cf_u64(t, e->ea_size, "%s EaSize", label);
		if (has_short(c))
			cf_text_xd(t, e->short_name, e->short_chars, CF_XD_NO_SHORT_NAME, L"",
				"%s ShortName", label);
		if (has_id(c))
			cf_u64_xd(t, (ULONGLONG)e->file_id, CF_XD_DIR_FILE_ID_ZERO, 0, "%s FileId", label);
	}
}

ULONG cf_record_entries(CF *t, const char *tag, ULONG info_class, const BYTE *buffer,
	ULONG bytes, ULONG first_position)
{
	ULONG max = bytes / 64 + 2, n;
	ENTRY *entries = calloc(max, sizeof(ENTRY));

	if (!entries)
		return 0;
	n = parse_entries(info_class, buffer, bytes, entries, max, first_position);
	record_entry_list(t, tag, info_class, entries, n);
	free(entries);
	return n;
}

/* Positions restart at 1 per listing: Dokan numbers matching entries from the start. */
void cf_list(CF *t, const char *tag, const WCHAR *path, ULONG info_class, const WCHAR *pattern)
{
	ULONG capacity = 64, n = 0, got, length = 65536;
	ENTRY *entries = calloc(capacity, sizeof(ENTRY));
	BYTE *buffer = malloc(length);
	CF_OPEN o = { 0 };
	cf_file dir = 0;
	ULONG_PTR info;
	UCHAR flags = CF_RESTART_SCAN;
	NTSTATUS status;
	int rounds = 0;

	o.path = path;
	o.access = FILE_LIST_DIRECTORY | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = FILE_OPEN;
	o.options = FILE_DIRECTORY_FILE | CF_SYNC;
	status = t->b->open(t->b, &o, &dir, &info);
	cf_status(t, status, "%s: open folder %ls", tag, path);
	if (!NT_SUCCESS(status) || !entries || !buffer) {
		free(entries);
		free(buffer);
		return;
	}
	for (;;) {
		status = t->b->query_dir(t->b, dir, info_class, flags ? pattern : NULL, flags, 0, buffer,
			length, &got);
		flags = 0;
		if (status != STATUS_SUCCESS || ++rounds > 1000)
			break;
		for (;;) {
			ULONG room = capacity - n, added = parse_entries(info_class, buffer, got, entries + n,
				room, n + 1);
			if (added < room) {
				n += added;
				break;
			}
			/* the buffer may hold more: grow and parse it again */
			capacity *= 2;
			entries = realloc(entries, capacity * sizeof(ENTRY));
			if (!entries) {
				free(buffer);
				return;
			}
		}
	}
	cf_status(t, status, "%s: listing end", tag);
	record_entry_list(t, tag, info_class, entries, n);
	t->b->close(t->b, dir);
	free(entries);
	free(buffer);
}

void cf_put(CF *t, const char *tag, const WCHAR *path, const void *data, ULONG size)
{
	CF_OPEN o = { 0 };
	cf_file file = 0;
	ULONG_PTR info;
	ULONG done = 0;
	NTSTATUS status;

	o.path = path;
	o.access = FILE_GENERIC_WRITE | SYNCHRONIZE;
	o.share = CF_SHARE_ALL;
	o.disposition = FILE_OVERWRITE_IF;
	o.options = CF_SYNC | FILE_NON_DIRECTORY_FILE;
	status = t->b->open(t->b, &o, &file, &info);
	cf_status(t, status, "%s: put open %ls", tag, path);
	if (!NT_SUCCESS(status))
		return;
	if (size) {
		status = t->b->write(t->b, file, 0, data, size, &done);
		cf_status(t, status, "%s: put write", tag);
		cf_u64(t, done, "%s: put written", tag);
	}
	t->b->close(t->b, file);
}
