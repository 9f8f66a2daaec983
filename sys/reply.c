/* SPDX-License-Identifier: LGPL-3.0-or-later
 * reply.c - the one place where a reply from user mode is judged before it completes an
 * IRP. The file system may be buggy or hostile, so a reply must carry a status the
 * request kind allows, an Information within that kind's bounds, and data whose inner
 * lengths and offsets stay inside the data. Anything else is a protocol error: the IRP
 * ends with DK_STATUS_PROTOCOL_ERROR and the reply's contents never reach the caller.
 *
 * Statuses: STATUS_SUCCESS and errors (severity 3) pass for every kind; warnings only
 * where the kind defines them (BUFFER_OVERFLOW on the queries, NO_MORE_FILES on
 * listings); every other success code (STATUS_PENDING, STATUS_REPARSE, ...) and every
 * informational or customer (private) status is refused: the I/O manager would treat
 * them as instructions, and a file system of the 0.6.0 interface cannot mean any. */
#include "dk.h"

#define DK_STATUS_CUSTOMER_BIT 0x20000000u
#define DK_SEVERITY(status)    ((ULONG)(status) >> 30)
#define DK_SEVERITY_WARNING    2u
#define DK_SEVERITY_ERROR      3u

/* The largest self-relative descriptor: header, owner and group SIDs of at most 15 sub-
 * authorities (68 bytes), and two ACLs of at most 64 KiB each. */
#define DK_MAX_SECURITY_BYTES   (sizeof(SECURITY_DESCRIPTOR_RELATIVE) + 2u * 68u + 2u * 0xFFFFu)
#define DK_ID_INFORMATION_BYTES 24u /* FILE_ID_INFORMATION: mingw's headers lack it */

typedef enum DK_WARNINGS {
	DK_ALLOW_NONE = 0,
	DK_ALLOW_OVERFLOW = 1,     /* STATUS_BUFFER_OVERFLOW */
	DK_ALLOW_NO_MORE_FILES = 2 /* STATUS_NO_MORE_FILES */
} DK_WARNINGS;

static const char *DkCheckStatus(NTSTATUS status, ULONG warnings)
{
	if ((ULONG)status & DK_STATUS_CUSTOMER_BIT)
		return "a private (customer) status";
	if (status == STATUS_SUCCESS || DK_SEVERITY(status) == DK_SEVERITY_ERROR)
		return NULL;
	if (status == STATUS_BUFFER_OVERFLOW && (warnings & DK_ALLOW_OVERFLOW))
		return NULL;
	if (status == STATUS_NO_MORE_FILES && (warnings & DK_ALLOW_NO_MORE_FILES))
		return NULL;
	return "a status this request cannot end with";
}

/* Data travels only with success or a BUFFER_OVERFLOW, and never beyond the caller's
 * buffer. */
static const char *DkCheckDataAllowed(const DK_REPLY *reply, ULONG bufferLength)
{
	if (!reply->DataLength)
		return NULL;
	if (reply->Status != STATUS_SUCCESS && reply->Status != STATUS_BUFFER_OVERFLOW)
		return "data on a failure";
	if (reply->DataLength > bufferLength)
		return "more data than the caller's buffer holds";
	return NULL;
}

static const char *DkCheckNoData(const DK_REPLY *reply)
{
	return reply->DataLength ? "data on a reply that carries none" : NULL;
}

/* ---- create ---- */

static const char *DkCheckCreate(const DK_REPLY *reply)
{
	const char *bad = DkCheckStatus(reply->Status, DK_ALLOW_NONE);
	if (!bad)
		bad = DkCheckNoData(reply);
	/* what the open did: FILE_SUPERSEDED .. FILE_DOES_NOT_EXIST */
	if (!bad && reply->Status == STATUS_SUCCESS && reply->Information > FILE_DOES_NOT_EXIST)
		bad = "a create Information that is no FILE_* result";
	return bad;
}

/* ---- read and write ---- */

static const char *DkCheckRead(const DK_EVENT *event, const DK_REPLY *reply)
{
	const char *bad = DkCheckStatus(reply->Status, DK_ALLOW_NONE);
	if (!bad)
		bad = DkCheckDataAllowed(reply, event->Params.Rw.Length);
	return bad;
}

static const char *DkCheckWrite(const DK_EVENT *event, const DK_REPLY *reply)
{
	const char *bad = DkCheckStatus(reply->Status, DK_ALLOW_NONE);
	if (!bad)
		bad = DkCheckNoData(reply);
	if (!bad && reply->Status == STATUS_SUCCESS && reply->Information > event->Params.Rw.Length)
		bad = "more bytes written than were given";
	return bad;
}

/* ---- directory listings ---- */

/* Where an entry's name and its length field are, per listing class; FALSE for a class
 * the driver cannot check (then no data may come back). */
static BOOLEAN DkDirectoryLayout(ULONG infoClass, ULONG *nameOffset, ULONG *lengthOffset)
{
	*lengthOffset = FIELD_OFFSET(FILE_DIRECTORY_INFORMATION, FileNameLength);
	switch (infoClass) {
	case FileDirectoryInformation:
		*nameOffset = FIELD_OFFSET(FILE_DIRECTORY_INFORMATION, FileName);
		return TRUE;
	case FileFullDirectoryInformation:
		*nameOffset = FIELD_OFFSET(FILE_FULL_DIR_INFORMATION, FileName);
		return TRUE;
	case FileBothDirectoryInformation:
		*nameOffset = FIELD_OFFSET(FILE_BOTH_DIR_INFORMATION, FileName);
		return TRUE;
	case FileIdBothDirectoryInformation:
		*nameOffset = FIELD_OFFSET(FILE_ID_BOTH_DIR_INFORMATION, FileName);
		return TRUE;
	case FileIdFullDirectoryInformation:
		*nameOffset = FIELD_OFFSET(FILE_ID_FULL_DIR_INFORMATION, FileName);
		return TRUE;
	case FileNamesInformation:
		*nameOffset = FIELD_OFFSET(FILE_NAMES_INFORMATION, FileName);
		*lengthOffset = FIELD_OFFSET(FILE_NAMES_INFORMATION, FileNameLength);
		return TRUE;
	default:
		return FALSE;
	}
}

/* The 8.3 name of the "both" classes: at most 12 characters, inside its array. */
static BOOLEAN DkShortNameFits(ULONG infoClass, const UCHAR *entry)
{
	CCHAR bytes;
	if (infoClass == FileBothDirectoryInformation)
		bytes = ((const FILE_BOTH_DIR_INFORMATION *)entry)->ShortNameLength;
	else if (infoClass == FileIdBothDirectoryInformation)
		bytes = ((const FILE_ID_BOTH_DIR_INFORMATION *)entry)->ShortNameLength;
	else
		return TRUE;
	return bytes >= 0 && (ULONG)bytes <= 12u * sizeof(WCHAR) && !(bytes & 1);
}

/* One entry at `offset`: its header and name inside the data, an aligned link to a next
 * entry that starts after this one's name and inside the data, or 0 for the last. */
static const char *DkCheckDirectoryEntry(ULONG infoClass, ULONG nameOffset, ULONG lengthOffset, const UCHAR *data,
	ULONG length, ULONG offset, ULONG *next)
{
	ULONG nameBytes, link;
	const UCHAR *entry = data + offset;

	if (offset & 7u)
		return "a misaligned directory entry";
	if (nameOffset > length - offset)
		return "a directory entry header beyond the data";
	nameBytes = *(const ULONG *)(entry + lengthOffset);
	if (nameBytes > length - offset - nameOffset || (nameBytes & 1))
		return "a directory entry name beyond the data";
	if (!DkShortNameFits(infoClass, entry))
		return "a short name beyond its entry";
	link = *(const ULONG *)entry;
	if (link == 0) {
		*next = 0;
		return NULL;
	}
	if ((link & 7u) || link < nameOffset + nameBytes || link >= length - offset)
		return "a NextEntryOffset outside the data";
	*next = offset + link;
	return NULL;
}

static const char *DkCheckDirectoryData(ULONG infoClass, const DK_REPLY *reply)
{
	const UCHAR *data = (const UCHAR *)(reply + 1);
	ULONG nameOffset, lengthOffset, offset = 0, next;
	const char *bad;

	if (!reply->DataLength)
		return reply->Status == STATUS_SUCCESS ? "a successful listing without entries" : NULL;
	if (!DkDirectoryLayout(infoClass, &nameOffset, &lengthOffset))
		return "entries of a listing class the driver does not know";
	for (;;) {
		bad = DkCheckDirectoryEntry(infoClass, nameOffset, lengthOffset, data, reply->DataLength, offset, &next);
		if (bad || next == 0)
			return bad;
		offset = next; /* strictly increasing, so the walk ends */
	}
}

static const char *DkCheckDirectory(const DK_EVENT *event, const DK_REPLY *reply)
{
	const char *bad = DkCheckStatus(reply->Status, DK_ALLOW_OVERFLOW | DK_ALLOW_NO_MORE_FILES);
	if (!bad)
		bad = DkCheckDataAllowed(reply, event->Params.Directory.BufferLength);
	if (!bad && reply->Status == STATUS_BUFFER_OVERFLOW && reply->DataLength)
		bad = "entries with BUFFER_OVERFLOW (no entry fitted)";
	if (!bad)
		bad = DkCheckDirectoryData(event->Params.Directory.InformationClass, reply);
	return bad;
}

/* ---- file and volume information ---- */

/* A class whose answer is a structure ending in a counted name: the name's header and
 * where its byte count is. */
typedef struct DK_INFO_SHAPE {
	ULONG Size;       /* fixed classes: the exact size; named classes: the header */
	ULONG NameLength; /* named classes: offset of the name's byte count; 0 = fixed */
} DK_INFO_SHAPE;

static BOOLEAN DkFileInfoShape(ULONG infoClass, DK_INFO_SHAPE *shape)
{
	shape->NameLength = 0;
	switch (infoClass) {
	case FileBasicInformation:
		shape->Size = sizeof(FILE_BASIC_INFORMATION);
		return TRUE;
	case FileStandardInformation:
		shape->Size = sizeof(FILE_STANDARD_INFORMATION);
		return TRUE;
	case FileInternalInformation:
		shape->Size = sizeof(FILE_INTERNAL_INFORMATION);
		return TRUE;
	case FileEaInformation:
		shape->Size = sizeof(FILE_EA_INFORMATION);
		return TRUE;
	case FileNetworkOpenInformation:
		shape->Size = sizeof(FILE_NETWORK_OPEN_INFORMATION);
		return TRUE;
	case FileAttributeTagInformation:
		shape->Size = sizeof(FILE_ATTRIBUTE_TAG_INFORMATION);
		return TRUE;
	case FileIdInformation:
		shape->Size = DK_ID_INFORMATION_BYTES;
		return TRUE;
	case FileAllInformation:
		shape->Size = FIELD_OFFSET(FILE_ALL_INFORMATION, NameInformation.FileName);
		shape->NameLength = FIELD_OFFSET(FILE_ALL_INFORMATION, NameInformation.FileNameLength);
		return TRUE;
	default:
		return FALSE;
	}
}

static BOOLEAN DkVolumeInfoShape(ULONG infoClass, DK_INFO_SHAPE *shape)
{
	shape->NameLength = 0;
	switch (infoClass) {
	case FileFsSizeInformation:
		shape->Size = sizeof(FILE_FS_SIZE_INFORMATION);
		return TRUE;
	case FileFsFullSizeInformation:
		shape->Size = sizeof(FILE_FS_FULL_SIZE_INFORMATION);
		return TRUE;
	case FileFsVolumeInformation:
		shape->Size = FIELD_OFFSET(FILE_FS_VOLUME_INFORMATION, VolumeLabel);
		shape->NameLength = FIELD_OFFSET(FILE_FS_VOLUME_INFORMATION, VolumeLabelLength);
		return TRUE;
	case FileFsAttributeInformation:
		shape->Size = FIELD_OFFSET(FILE_FS_ATTRIBUTE_INFORMATION, FileSystemName);
		shape->NameLength = FIELD_OFFSET(FILE_FS_ATTRIBUTE_INFORMATION, FileSystemNameLength);
		return TRUE;
	default:
		return FALSE;
	}
}

/* Success: a fixed class exactly its size, a named class its header plus a name that
 * lies inside the reply. BUFFER_OVERFLOW (named classes only): nothing, or at least the
 * header, whose count then gives the full name's size. */
static const char *DkCheckShapedData(BOOLEAN known, const DK_INFO_SHAPE *shape, const DK_REPLY *reply)
{
	const UCHAR *data = (const UCHAR *)(reply + 1);
	ULONG nameBytes;

	if (!reply->DataLength)
		return reply->Status == STATUS_SUCCESS ? "a successful query without data" : NULL;
	if (!known)
		return "data for a class the driver does not know";
	if (reply->Status == STATUS_BUFFER_OVERFLOW) {
		if (!shape->NameLength)
			return "BUFFER_OVERFLOW on a fixed-size class";
		return reply->DataLength < shape->Size ? "a truncated header" : NULL;
	}
	if (!shape->NameLength)
		return reply->DataLength == shape->Size ? NULL : "a fixed-size class of the wrong size";
	if (reply->DataLength < shape->Size)
		return "a header shorter than its class";
	nameBytes = *(const ULONG *)(data + shape->NameLength);
	if (nameBytes > reply->DataLength - shape->Size || reply->DataLength - shape->Size - nameBytes >= 8u)
		return "a name length that does not match the reply";
	return NULL;
}

/* A file or volume information reply; `shapeOf` is the family's table of classes. */
static const char *DkCheckInfo(const DK_EVENT *event, const DK_REPLY *reply,
	BOOLEAN (*shapeOf)(ULONG infoClass, DK_INFO_SHAPE *shape))
{
	DK_INFO_SHAPE shape;
	BOOLEAN known = shapeOf(event->Params.Info.InformationClass, &shape);
	const char *bad = DkCheckStatus(reply->Status, DK_ALLOW_OVERFLOW);
	if (!bad)
		bad = DkCheckDataAllowed(reply, event->Params.Info.BufferLength);
	if (!bad)
		bad = DkCheckShapedData(known, &shape, reply);
	return bad;
}

static const char *DkCheckFileInfo(const DK_EVENT *event, const DK_REPLY *reply)
{
	return DkCheckInfo(event, reply, DkFileInfoShape);
}

static const char *DkCheckVolumeInfo(const DK_EVENT *event, const DK_REPLY *reply)
{
	return DkCheckInfo(event, reply, DkVolumeInfoShape);
}

/* ---- security ---- */

/* Success: nothing (0.6.0's answer of a file system that gave no descriptor) or one
 * valid self-relative descriptor that fills the data. BUFFER_OVERFLOW: no data and the
 * size needed, which must be one a descriptor can have. */
static const char *DkCheckQuerySecurity(const DK_EVENT *event, const DK_REPLY *reply)
{
	PSECURITY_DESCRIPTOR descriptor = (PSECURITY_DESCRIPTOR)(reply + 1);
	const char *bad = DkCheckStatus(reply->Status, DK_ALLOW_OVERFLOW);

	if (!bad)
		bad = DkCheckDataAllowed(reply, event->Params.Security.BufferLength);
	if (bad)
		return bad;
	if (reply->Status == STATUS_BUFFER_OVERFLOW) {
		if (reply->DataLength)
			return "descriptor data with BUFFER_OVERFLOW";
		if (reply->Information < sizeof(SECURITY_DESCRIPTOR_RELATIVE) ||
			reply->Information > DK_MAX_SECURITY_BYTES)
			return "a BUFFER_OVERFLOW size no descriptor can have";
		return NULL;
	}
	if (!reply->DataLength)
		return NULL;
	if (reply->DataLength < sizeof(SECURITY_DESCRIPTOR_RELATIVE) ||
		!RtlValidRelativeSecurityDescriptor(descriptor, reply->DataLength, 0))
		return "a descriptor that is not valid and self-relative";
	if (RtlLengthSecurityDescriptor(descriptor) > reply->DataLength)
		return "a descriptor longer than the data";
	return NULL;
}

/* ---- requests answered by a status alone ---- */

static const char *DkCheckStatusOnly(const DK_REPLY *reply)
{
	const char *bad = DkCheckStatus(reply->Status, DK_ALLOW_NONE);
	if (!bad)
		bad = DkCheckNoData(reply);
	return bad;
}

static const char *DkCheckByKind(const DK_EVENT *event, const DK_REPLY *reply)
{
	switch (event->MajorFunction) {
	case IRP_MJ_CREATE:
		return DkCheckCreate(reply);
	case IRP_MJ_READ:
		return DkCheckRead(event, reply);
	case IRP_MJ_WRITE:
		return DkCheckWrite(event, reply);
	case IRP_MJ_DIRECTORY_CONTROL:
		return DkCheckDirectory(event, reply);
	case IRP_MJ_QUERY_INFORMATION:
		return DkCheckFileInfo(event, reply);
	case IRP_MJ_QUERY_VOLUME_INFORMATION:
		return DkCheckVolumeInfo(event, reply);
	case IRP_MJ_QUERY_SECURITY:
		return DkCheckQuerySecurity(event, reply);
	default:
		return DkCheckStatusOnly(reply);
	}
}

/* The framing of a reply as it arrives: the header and its data length must agree with
 * the number of bytes actually received. */
NTSTATUS DkValidateReply(const DK_REPLY *reply, ULONG inputLength)
{
	if (!reply || inputLength < sizeof(DK_REPLY))
		return STATUS_INVALID_PARAMETER;
	if (reply->Length != inputLength)
		return STATUS_INVALID_PARAMETER;
	if (reply->DataLength != inputLength - sizeof(DK_REPLY))
		return STATUS_INVALID_PARAMETER;
	return STATUS_SUCCESS;
}

BOOLEAN DkReplyIsAcceptable(const DK_REQUEST *request, const DK_REPLY *reply)
{
	const char *bad = DkCheckByKind(request->Event, reply);
	if (!bad)
		return TRUE;
	DK_DEBUG("protocol error: reply to serial %lu (major 0x%x) has %s (status 0x%08lx, information 0x%I64x, "
		 "%lu data bytes)\n",
		reply->Serial, request->Event->MajorFunction, bad, (ULONG)reply->Status, reply->Information,
		reply->DataLength);
	return FALSE;
}
