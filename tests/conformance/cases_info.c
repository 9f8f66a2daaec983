// SPDX-License-Identifier: LGPL-3.0-or-later
/* cases_info.c - IRP_MJ_QUERY_INFORMATION: every class a file system answers, buffer
 * sizes, classes it does not know. */
#include "cf.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static cf_file open_attr(CF *t, const WCHAR *path)
{
	cf_file f = 0;

	cf_open(t, "open", path, FILE_READ_ATTRIBUTES | FILE_READ_DATA | SYNCHRONIZE, CF_SHARE_ALL,
		FILE_OPEN, CF_SYNC, &f);
	return f;
}

static cf_file open_dir(CF *t, const WCHAR *path)
{
	cf_file f = 0;

	cf_open(t, "open dir", path, FILE_READ_ATTRIBUTES | FILE_LIST_DIRECTORY | SYNCHRONIZE,
		CF_SHARE_ALL, FILE_OPEN, CF_SYNC | FILE_DIRECTORY_FILE, &f);
	return f;
}

/* One query of class c; records status and size, returns the status. For classes with
 * a name the size is counted without the folder prefix (the trees differ there). */
static NTSTATUS query(CF *t, const char *tag, cf_file f, ULONG c, void *buffer, ULONG length)
{
	ULONG got = 0, prefix = 0;
	NTSTATUS status;

	memset(buffer, 0, length);
	status = t->b->query_info(t->b, f, c, buffer, length, &got);
	cf_status(t, status, "%s: query class %lu", tag, (unsigned long)c);
	if (c == FileNameInformation || c == FileAllInformation)
		prefix = (ULONG)wcslen(t->b->name_prefix) * sizeof(WCHAR);
	cf_u64(t, got >= prefix ? got - prefix : got, "%s: bytes returned%s", tag,
		prefix ? " beyond the prefix" : "");
	return status;
}

/* Classes Windows' I/O manager answers itself: through iohost they reach the file system,
 * which never sees them on Windows; any status is fine. */
static NTSTATUS query_io_manager_class(CF *t, const char *tag, cf_file f, ULONG c, void *buffer,
	ULONG length)
{
	ULONG got = 0;
	NTSTATUS status;

	memset(buffer, 0, length);
	status = t->b->query_info(t->b, f, c, buffer, length, &got);
	cf_any_xd(t, (ULONG)status, CF_XD_IO_MANAGER_CLASS, "%s: query class %lu status", tag,
		(unsigned long)c);
	return status;
}

static void basic(CF *t, const WCHAR *path, BOOL directory)
{
	cf_file f = directory ? open_dir(t, path) : open_attr(t, path);

	cf_query_basic(t, "basic", f);
}

static void info_basic_file(CF *t)
{
	basic(t, L"file.txt", FALSE);
}

static void info_basic_dir(CF *t)
{
	basic(t, L"dir", TRUE);
}

static void info_basic_readonly(CF *t)
{
	basic(t, L"ro.txt", FALSE);
}

static void info_standard_file(CF *t)
{
	cf_query_standard(t, "standard", open_attr(t, L"file.txt"));
}

static void info_standard_dir(CF *t)
{
	cf_query_standard(t, "standard", open_dir(t, L"dir"));
}

static void info_standard_empty(CF *t)
{
	cf_query_standard(t, "standard", open_attr(t, L"empty.bin"));
}

static void info_standard_big(CF *t)
{
	cf_query_standard(t, "standard", open_attr(t, L"big.bin"));
}

static LONGLONG index_of(CF *t, const char *tag, cf_file f)
{
	FILE_INTERNAL_INFORMATION i = { 0 };

	query(t, tag, f, FileInternalInformation, &i, sizeof(i));
	return i.IndexNumber.QuadPart;
}

/* Index numbers differ between the two trees; what must hold is the relation. */
static void info_internal(CF *t)
{
	LONGLONG a = index_of(t, "first handle", open_attr(t, L"file.txt"));
	LONGLONG b = index_of(t, "second handle", open_attr(t, L"file.txt"));
	LONGLONG c = index_of(t, "other file", open_attr(t, L"ab.c"));
	LONGLONG d = index_of(t, "directory", open_dir(t, L"dir"));

	cf_bool(t, a != 0, "index is not 0");
	cf_bool(t, a == b, "same file, same index");
	cf_bool(t, a != c, "other file, other index");
	cf_bool(t, a != d && c != d, "directory has its own index");
}

static void info_ea(CF *t)
{
	FILE_EA_INFORMATION e = { 0 };

	query(t, "ea", open_attr(t, L"file.txt"), FileEaInformation, &e, sizeof(e));
	cf_u64(t, e.EaSize, "EaSize");
}

static void name_query(CF *t, const WCHAR *path, BOOL directory)
{
	BYTE buffer[2048];
	FILE_NAME_INFORMATION *n = (FILE_NAME_INFORMATION *)buffer;
	cf_file f = directory ? open_dir(t, path) : open_attr(t, path);

	if (NT_SUCCESS(query(t, "name", f, FileNameInformation, buffer, sizeof(buffer))))
		cf_record_fs_name(t, "name", n->FileName, n->FileNameLength);
}

static void info_name_file(CF *t)
{
	name_query(t, L"file.txt", FALSE);
}

static void info_name_dir(CF *t)
{
	name_query(t, L"dir\\sub", TRUE);
}

/* Dokan knows only the name the file was opened with; Wine gives the stored case. */
static void info_name_case_as_opened(CF *t)
{
	BYTE buffer[2048];
	FILE_NAME_INFORMATION *n = (FILE_NAME_INFORMATION *)buffer;
	ULONG prefix = (ULONG)wcslen(t->b->name_prefix), chars;

	if (!NT_SUCCESS(query(t, "name", open_attr(t, L"MIXED case.txt"), FileNameInformation, buffer,
			sizeof(buffer))))
		return;
	chars = n->FileNameLength / 2;
	if (chars >= prefix)
		cf_text_xd(t, n->FileName + prefix, chars - prefix, CF_XD_NAME_AS_OPENED,
			L"\\MIXED case.txt", "name");
}

/* A buffer that holds the folder prefix and 5 more characters. */
static void info_name_small_buffer(CF *t)
{
	BYTE buffer[2048];
	FILE_NAME_INFORMATION *n = (FILE_NAME_INFORMATION *)buffer;
	ULONG prefix = (ULONG)wcslen(t->b->name_prefix), got = 0;
	ULONG length = (ULONG)offsetof(FILE_NAME_INFORMATION, FileName) + (prefix + 5) * 2;
	cf_file f = open_attr(t, L"file.txt");
	NTSTATUS status;

	memset(buffer, 0, sizeof(buffer));
	status = t->b->query_info(t->b, f, FileNameInformation, buffer, length, &got);
	cf_status(t, status, "small buffer: query");
	cf_u64(t, got >= prefix * 2 ? got - prefix * 2 : got, "bytes returned beyond the prefix");
	cf_u64(t, n->FileNameLength >= prefix * 2 ? n->FileNameLength - prefix * 2 : 0,
		"FileNameLength beyond the prefix");
	if (got > offsetof(FILE_NAME_INFORMATION, FileName) + prefix * 2)
		cf_record_fs_name(t, "partial name", n->FileName,
			got - (ULONG)offsetof(FILE_NAME_INFORMATION, FileName));
}

static void info_name_header_only(CF *t)
{
	FILE_NAME_INFORMATION n = { 0 };
	ULONG got = 0;
	ULONG prefix = (ULONG)wcslen(t->b->name_prefix);
	NTSTATUS status = t->b->query_info(t->b, open_attr(t, L"file.txt"), FileNameInformation, &n,
		offsetof(FILE_NAME_INFORMATION, FileName), &got);

	cf_status(t, status, "header-only buffer");
	cf_u64(t, got, "bytes returned");
	cf_u64(t, n.FileNameLength >= prefix * 2 ? n.FileNameLength - prefix * 2 : 0,
		"FileNameLength beyond the prefix");
}

static void info_name_tiny_buffer(CF *t)
{
	BYTE buffer[8];

	query(t, "2-byte buffer", open_attr(t, L"file.txt"), FileNameInformation, buffer, 2);
}

static void info_position_initial(CF *t)
{
	FILE_POSITION_INFORMATION p = { 0 };

	query(t, "position", open_attr(t, L"file.txt"), FilePositionInformation, &p, sizeof(p));
	cf_u64(t, (ULONGLONG)p.CurrentByteOffset.QuadPart, "CurrentByteOffset");
}

static void record_all(CF *t, const FILE_ALL_INFORMATION *a, ULONG prefix_chars, BOOL name)
{
	cf_record_basic(t, "all.basic", &a->BasicInformation);
	cf_record_standard(t, "all.standard", &a->StandardInformation);
	cf_any_xd(t, a->InternalInformation.IndexNumber.QuadPart != 0, CF_XD_ALL_INFO_ZERO_FIELDS,
		"all.internal: index is not 0");
	cf_u64(t, a->EaInformation.EaSize, "all.ea: EaSize");
	cf_u64_xd(t, a->AccessInformation.AccessFlags, CF_XD_ALL_INFO_ZERO_FIELDS, 0,
		"all.access: AccessFlags");
	cf_u64(t, (ULONGLONG)a->PositionInformation.CurrentByteOffset.QuadPart,
		"all.position: CurrentByteOffset");
	cf_u64_xd(t, a->ModeInformation.Mode, CF_XD_ALL_INFO_ZERO_FIELDS, 0, "all.mode: Mode");
	cf_u64_xd(t, a->AlignmentInformation.AlignmentRequirement, CF_XD_ALL_INFO_ZERO_FIELDS, 0,
		"all.alignment: AlignmentRequirement");
	cf_u64(t, a->NameInformation.FileNameLength >= prefix_chars * 2 ?
		a->NameInformation.FileNameLength - prefix_chars * 2 : 0,
		"all.name: FileNameLength beyond the prefix");
	if (name)
		cf_record_fs_name(t, "all.name", a->NameInformation.FileName,
			a->NameInformation.FileNameLength);
}

static void info_all_file(CF *t)
{
	BYTE buffer[4096];
	cf_file f = open_attr(t, L"file.txt");
	BYTE skip[7];
	ULONG got;

	/* a position that is not 0 */
	t->b->read(t->b, f, CF_FILE_POINTER, skip, sizeof(skip), &got);
	if (NT_SUCCESS(query(t, "all", f, FileAllInformation, buffer, sizeof(buffer))))
		record_all(t, (FILE_ALL_INFORMATION *)buffer, (ULONG)wcslen(t->b->name_prefix), TRUE);
}

static void info_all_dir(CF *t)
{
	BYTE buffer[4096];

	if (NT_SUCCESS(query(t, "all", open_dir(t, L"dir"), FileAllInformation, buffer, sizeof(buffer))))
		record_all(t, (FILE_ALL_INFORMATION *)buffer, (ULONG)wcslen(t->b->name_prefix), TRUE);
}

static void info_all_small(CF *t)
{
	BYTE buffer[4096];
	ULONG got = 0;
	NTSTATUS status;

	memset(buffer, 0, sizeof(buffer));
	status = t->b->query_info(t->b, open_attr(t, L"file.txt"), FileAllInformation, buffer,
		sizeof(FILE_ALL_INFORMATION), &got);
	cf_status(t, status, "all, no room for the name");
	cf_u64(t, got, "bytes returned");
	record_all(t, (FILE_ALL_INFORMATION *)buffer, (ULONG)wcslen(t->b->name_prefix), FALSE);
}

static void info_network_open(CF *t)
{
	FILE_NETWORK_OPEN_INFORMATION n = { 0 };

	if (!NT_SUCCESS(query(t, "network open", open_attr(t, L"file.txt"), FileNetworkOpenInformation,
			&n, sizeof(n))))
		return;
	cf_creation_time(t, n.CreationTime.QuadPart, n.LastWriteTime.QuadPart, "CreationTime");
	cf_time(t, n.LastAccessTime.QuadPart, "LastAccessTime");
	cf_time(t, n.LastWriteTime.QuadPart, "LastWriteTime");
	cf_time_xd(t, n.ChangeTime.QuadPart, CF_XD_CHANGE_TIME_IS_WRITE, n.LastWriteTime.QuadPart,
		"ChangeTime");
	cf_u64_xd(t, (ULONGLONG)n.AllocationSize.QuadPart, CF_XD_ALLOCATION_IS_EOF,
		(ULONGLONG)n.EndOfFile.QuadPart, "AllocationSize");
	cf_u64(t, (ULONGLONG)n.EndOfFile.QuadPart, "EndOfFile");
	cf_attributes(t, n.FileAttributes, "FileAttributes");
}

static void info_network_open_dir(CF *t)
{
	FILE_NETWORK_OPEN_INFORMATION n = { 0 };

	if (!NT_SUCCESS(query(t, "network open", open_dir(t, L"dir"), FileNetworkOpenInformation,
			&n, sizeof(n))))
		return;
	cf_time(t, n.LastWriteTime.QuadPart, "LastWriteTime");
	cf_u64(t, (ULONGLONG)n.EndOfFile.QuadPart, "EndOfFile");
	cf_attributes(t, n.FileAttributes, "FileAttributes");
}

static void info_attribute_tag(CF *t)
{
	FILE_ATTRIBUTE_TAG_INFORMATION a = { 0 };

	if (NT_SUCCESS(query(t, "attribute tag", open_attr(t, L"ro.txt"), FileAttributeTagInformation,
			&a, sizeof(a)))) {
		cf_attributes(t, a.FileAttributes, "FileAttributes");
		cf_u64(t, a.ReparseTag, "ReparseTag");
	}
}

/* Classes the I/O manager answers on Windows (Access, Mode, Alignment) and classes file
 * systems may or may not implement: status and the first bytes. */
static void class_probe(CF *t, ULONG c)
{
	BYTE buffer[1024];
	ULONG got = 0;
	NTSTATUS status;

	memset(buffer, 0, sizeof(buffer));
	status = t->b->query_info(t->b, open_attr(t, L"file.txt"), c, buffer, sizeof(buffer), &got);
	cf_status(t, status, "class %lu", (unsigned long)c);
	cf_u64(t, got, "bytes returned");
}

static void info_access(CF *t)
{
	FILE_ACCESS_INFORMATION a = { 0 };

	query_io_manager_class(t, "access", open_attr(t, L"file.txt"), FileAccessInformation, &a,
		sizeof(a));
	cf_any_xd(t, a.AccessFlags, CF_XD_IO_MANAGER_CLASS, "AccessFlags");
}

static void info_mode(CF *t)
{
	FILE_MODE_INFORMATION m = { 0 };

	query_io_manager_class(t, "mode", open_attr(t, L"file.txt"), FileModeInformation, &m,
		sizeof(m));
	cf_any_xd(t, m.Mode, CF_XD_IO_MANAGER_CLASS, "Mode");
}

static void info_alignment(CF *t)
{
	FILE_ALIGNMENT_INFORMATION a = { 0 };

	query_io_manager_class(t, "alignment", open_attr(t, L"file.txt"), FileAlignmentInformation,
		&a, sizeof(a));
	cf_any_xd(t, a.AlignmentRequirement, CF_XD_IO_MANAGER_CLASS, "AlignmentRequirement");
}

static void info_alternate_name(CF *t) { class_probe(t, FileAlternateNameInformation); }
static void info_stream(CF *t) { class_probe(t, FileStreamInformation); }
static void info_compression(CF *t) { class_probe(t, FileCompressionInformation); }
static void info_hard_link(CF *t) { class_probe(t, 46 /* FileHardLinkInformation */); }
static void info_normalized_name(CF *t) { class_probe(t, 48 /* FileNormalizedNameInformation */); }
static void info_id(CF *t) { class_probe(t, 59 /* FileIdInformation */); }
static void info_stat(CF *t) { class_probe(t, 68 /* FileStatInformation */); }
static void info_pipe(CF *t) { class_probe(t, FilePipeInformation); }
static void info_class_200(CF *t) { class_probe(t, 200); }
static void info_class_0(CF *t) { class_probe(t, 0); }

static void info_basic_short_buffer(CF *t)
{
	BYTE buffer[64];

	query(t, "basic in 8 bytes", open_attr(t, L"file.txt"), FileBasicInformation, buffer, 8);
}

static void info_standard_exact_buffer(CF *t)
{
	FILE_STANDARD_INFORMATION s;

	if (NT_SUCCESS(query(t, "exact", open_attr(t, L"file.txt"), FileStandardInformation, &s,
			sizeof(s))))
		cf_record_standard(t, "exact", &s);
}

static void info_after_write(CF *t)
{
	cf_file f = 0;
	BYTE data[100];
	ULONG done;

	cf_fill(data, sizeof(data), 5);
	cf_open(t, "rw", L"file.txt", FILE_GENERIC_READ | FILE_GENERIC_WRITE, CF_SHARE_ALL,
		FILE_OPEN, CF_SYNC, &f);
	cf_status(t, t->b->write(t->b, f, 0, data, sizeof(data), &done), "write");
	cf_query_standard(t, "after write", f);
	cf_query_basic(t, "after write", f);
}

/* FileBasicInformation needs FILE_READ_ATTRIBUTES on the handle (Windows' I/O manager). */
static void info_basic_without_access(CF *t)
{
	FILE_BASIC_INFORMATION b = { 0 };
	cf_file f = 0;
	ULONG got;

	cf_open(t, "open", L"file.txt", FILE_WRITE_ATTRIBUTES | SYNCHRONIZE, CF_SHARE_ALL, FILE_OPEN,
		CF_SYNC, &f);
	cf_status_xd(t, t->b->query_info(t->b, f, FileBasicInformation, &b, sizeof(b), &got),
		CF_XD_WINE_NO_ACCESS_CHECK, STATUS_SUCCESS, STATUS_ACCESS_DENIED,
		"query basic without FILE_READ_ATTRIBUTES");
}

static void info_two_handles_same_data(CF *t)
{
	cf_file a = open_attr(t, L"file.txt"), b = open_attr(t, L"file.txt");

	cf_query_basic(t, "first", a);
	cf_query_basic(t, "second", b);
}

CF_CASES_DEFINE(info,
	{ "info_basic_file", info_basic_file, 0 },
	{ "info_basic_dir", info_basic_dir, 0 },
	{ "info_basic_readonly", info_basic_readonly, 0 },
	{ "info_standard_file", info_standard_file, 0 },
	{ "info_standard_dir", info_standard_dir, 0 },
	{ "info_standard_empty", info_standard_empty, 0 },
	{ "info_standard_big", info_standard_big, CF_FIX_BIG },
	{ "info_internal", info_internal, 0 },
	{ "info_ea", info_ea, 0 },
	{ "info_name_file", info_name_file, 0 },
	{ "info_name_dir", info_name_dir, 0 },
	{ "info_name_case_as_opened", info_name_case_as_opened, 0 },
	{ "info_name_small_buffer", info_name_small_buffer, 0 },
	{ "info_name_header_only", info_name_header_only, 0 },
	{ "info_name_tiny_buffer", info_name_tiny_buffer, 0 },
	{ "info_position_initial", info_position_initial, 0 },
	{ "info_all_file", info_all_file, 0 },
	{ "info_all_dir", info_all_dir, 0 },
	{ "info_all_small_buffer", info_all_small, 0 },
	{ "info_network_open", info_network_open, 0 },
	{ "info_network_open_dir", info_network_open_dir, 0 },
	{ "info_attribute_tag", info_attribute_tag, 0 },
	{ "info_access", info_access, 0 },
	{ "info_mode", info_mode, 0 },
	{ "info_alignment", info_alignment, 0 },
	{ "info_alternate_name", info_alternate_name, 0 },
	{ "info_stream", info_stream, 0 },
	{ "info_compression", info_compression, 0 },
	{ "info_hard_link", info_hard_link, 0 },
	{ "info_normalized_name", info_normalized_name, 0 },
	{ "info_id", info_id, 0 },
	{ "info_stat", info_stat, 0 },
	{ "info_pipe", info_pipe, 0 },
	{ "info_class_200", info_class_200, 0 },
	{ "info_class_0", info_class_0, 0 },
	{ "info_basic_short_buffer", info_basic_short_buffer, 0 },
	{ "info_standard_exact_buffer", info_standard_exact_buffer, 0 },
	{ "info_after_write", info_after_write, 0 },
	{ "info_two_handles", info_two_handles_same_data, 0 },
	{ "info_basic_without_access", info_basic_without_access, 0 },
)
