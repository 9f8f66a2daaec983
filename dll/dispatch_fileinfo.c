/* SPDX-License-Identifier: LGPL-3.0-or-later
 * dispatch_fileinfo.c - IRP_MJ_QUERY_INFORMATION, answered from GetFileInformation's
 * BY_HANDLE_FILE_INFORMATION (docs/behaviour.md, "Query information"). */
#include "dk_ntinfo.h"

static void dk_fill_basic(DK_FILE_BASIC_INFORMATION *out, const BY_HANDLE_FILE_INFORMATION *in)
{
	out->CreationTime = dk_li_from_filetime(in->ftCreationTime);
	out->LastAccessTime = dk_li_from_filetime(in->ftLastAccessTime);
	out->LastWriteTime = dk_li_from_filetime(in->ftLastWriteTime);
	out->ChangeTime = out->LastWriteTime; /* no change time in BY_HANDLE_FILE_INFORMATION */
	out->FileAttributes = in->dwFileAttributes;
}

static void dk_fill_standard(DK_FILE_STANDARD_INFORMATION *out, const BY_HANDLE_FILE_INFORMATION *in)
{
	out->EndOfFile = dk_li_from_parts(in->nFileSizeHigh, in->nFileSizeLow);
	out->AllocationSize = out->EndOfFile;
	out->NumberOfLinks = in->nNumberOfLinks;
	out->DeletePending = FALSE;
	out->Directory = (in->dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) ? TRUE : FALSE;
}

static void dk_fill_network_open(DK_FILE_NETWORK_OPEN_INFORMATION *out, const BY_HANDLE_FILE_INFORMATION *in)
{
	DK_FILE_BASIC_INFORMATION basic;
	dk_fill_basic(&basic, in);
	out->CreationTime = basic.CreationTime;
	out->LastAccessTime = basic.LastAccessTime;
	out->LastWriteTime = basic.LastWriteTime;
	out->ChangeTime = basic.ChangeTime;
	out->EndOfFile = dk_li_from_parts(in->nFileSizeHigh, in->nFileSizeLow);
	out->AllocationSize = out->EndOfFile;
	out->FileAttributes = in->dwFileAttributes;
}

/* FileAllInformation: the name is truncated with STATUS_BUFFER_OVERFLOW if short; the
 * index is filled in, unlike 0.6.0 (docs/differences.md D43). */
static NTSTATUS dk_fill_all(BYTE *out, DWORD capacity, const BY_HANDLE_FILE_INFORMATION *in, const WCHAR *name,
	DWORD *length)
{
	DK_FILE_ALL_INFORMATION *all = (DK_FILE_ALL_INFORMATION *)out;
	DWORD header = offsetof(DK_FILE_ALL_INFORMATION, FileName);
	DWORD nameBytes = (DWORD)wcslen(name) * sizeof(WCHAR);
	DWORD copy = nameBytes;

	if (capacity < header)
		return STATUS_INFO_LENGTH_MISMATCH;
	ZeroMemory(all, header);
	dk_fill_basic(&all->Basic, in);
	dk_fill_standard(&all->Standard, in);
	all->IndexNumber = dk_li_from_parts(in->nFileIndexHigh, in->nFileIndexLow);
	all->FileNameLength = nameBytes;
	if (copy > capacity - header)
		copy = capacity - header;
	memcpy(all->FileName, name, copy);
	*length = header + copy;
	return copy < nameBytes ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

/* Fixed-size classes; returns the structure size, 0 for a class not handled here. */
static DWORD dk_fill_fixed(ULONG infoClass, BYTE *out, const BY_HANDLE_FILE_INFORMATION *in)
{
	switch (infoClass) {
	case DK_FileBasicInformation:
		dk_fill_basic((DK_FILE_BASIC_INFORMATION *)out, in);
		return sizeof(DK_FILE_BASIC_INFORMATION);
	case DK_FileStandardInformation:
		dk_fill_standard((DK_FILE_STANDARD_INFORMATION *)out, in);
		return sizeof(DK_FILE_STANDARD_INFORMATION);
	case DK_FileInternalInformation:
		*(LARGE_INTEGER *)out = dk_li_from_parts(in->nFileIndexHigh, in->nFileIndexLow);
		return sizeof(LARGE_INTEGER);
	case DK_FileEaInformation:
		*(ULONG *)out = 0;
		return sizeof(ULONG);
	case DK_FileNetworkOpenInformation:
		dk_fill_network_open((DK_FILE_NETWORK_OPEN_INFORMATION *)out, in);
		return sizeof(DK_FILE_NETWORK_OPEN_INFORMATION);
	case DK_FileIdInformation:
		((DK_FILE_ID_INFORMATION *)out)->VolumeSerialNumber = in->dwVolumeSerialNumber;
		((DK_FILE_ID_INFORMATION *)out)->FileId.QuadPart =
			dk_li_from_parts(in->nFileIndexHigh, in->nFileIndexLow).QuadPart;
		return sizeof(DK_FILE_ID_INFORMATION);
	case DK_FileAttributeTagInformation:
		((DK_FILE_ATTRIBUTE_TAG_INFORMATION *)out)->FileAttributes = in->dwFileAttributes;
		((DK_FILE_ATTRIBUTE_TAG_INFORMATION *)out)->ReparseTag = 0;
		return sizeof(DK_FILE_ATTRIBUTE_TAG_INFORMATION);
	default:
		return 0;
	}
}

/* Classes answered without data (docs/differences.md D5): the status Wine's own file
 * system gives, measured by the differential tests; NTFS's INVALID_PARAMETER for any
 * other. */
static NTSTATUS dk_unserved_class_status(ULONG infoClass)
{
	switch (infoClass) {
	case DK_FileAlternateNameInformation: /* 0.6.0 */
	case DK_FileCompressionInformation:   /* 0.6.0 */
	case DK_FileStreamInformation:        /* 0.6.0 */
	case DK_FilePipeInformation:
	case DK_FileHardLinkInformation:
	case DK_FileNormalizedNameInformation:
		return STATUS_NOT_IMPLEMENTED;
	case DK_FileStatInformation:
		return STATUS_INVALID_INFO_CLASS;
	default:
		return STATUS_INVALID_PARAMETER;
	}
}

static NTSTATUS dk_fill_class(ULONG infoClass, BYTE *out, DWORD capacity, const BY_HANDLE_FILE_INFORMATION *in,
	const WCHAR *name, DWORD *length)
{
	BYTE fixed[64];
	DWORD size;

	*length = 0;
	if (infoClass == DK_FileAllInformation)
		return dk_fill_all(out, capacity, in, name, length);
	ZeroMemory(fixed, sizeof(fixed));
	size = dk_fill_fixed(infoClass, fixed, in);
	if (size == 0)
		return dk_unserved_class_status(infoClass);
	if (capacity < size)
		return STATUS_INFO_LENGTH_MISMATCH;
	memcpy(out, fixed, size);
	*length = size;
	return STATUS_SUCCESS;
}

void dk_dispatch_query_information(DK_WORKER *worker, const DK_EVENT *event)
{
	PDOKAN_OPERATIONS ops = worker->Instance->Operations;
	DWORD capacity = event->Params.Info.BufferLength;
	DK_OPEN *open = dk_open_of(event);
	BY_HANDLE_FILE_INFORMATION bhfi;
	DOKAN_FILE_INFO info;
	NTSTATUS status;
	DWORD length = 0;
	int result;

	if (!dk_reply_begin(worker, event, capacity))
		return;
	/* bindings fill only some fields (docs/behaviour.md, "Bundled-client expectations") */
	ZeroMemory(&bhfi, sizeof(bhfi));
	dk_fileinfo_init(&info, worker->Instance, event, open);
	result = ops->GetFileInformation ? ops->GetFileInformation(dk_event_name(event), &bhfi, &info) : -1;
	dk_fileinfo_store(&info, open);
	if (result < 0)
		status = dk_status_from_result(result, STATUS_INVALID_PARAMETER);
	else
		status = dk_fill_class(event->Params.Info.InformationClass, (BYTE *)(worker->Reply + 1), capacity,
			&bhfi, dk_event_name(event), &length);
	dk_reply_finish(worker, status, length);
}
