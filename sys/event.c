/* SPDX-License-Identifier: LGPL-3.0-or-later
 * event.c - the event a request carries to user mode: where its extra data starts, the
 * flags that describe its file, and the path it names. */
#include "dk.h"

ULONG DkEventExtraOffset(DK_REQUEST *request)
{
	DK_EVENT *event = request->Event;
	return (sizeof(DK_EVENT) + event->FileNameLength + sizeof(WCHAR) + 7u) & ~7u;
}

PVOID DkEventExtra(DK_REQUEST *request)
{
	return (PUCHAR)request->Event + DkEventExtraOffset(request);
}

ULONG DkEventFileFlags(PIRP irp, DK_CCB *ccb)
{
	PFILE_OBJECT file = IoGetCurrentIrpStackLocation(irp)->FileObject;
	ULONG flags = 0;

	if (ccb && ccb->Fcb && (ccb->Fcb->Flags & DK_FCB_DIRECTORY))
		flags |= DK_FILE_DIRECTORY;
	if (ccb && (ccb->Flags & DK_CCB_DELETE_ON_CLOSE))
		flags |= DK_FILE_DELETE_ON_CLOSE;
	if (irp->Flags & IRP_PAGING_IO)
		flags |= DK_FILE_PAGING_IO;
	if (irp->Flags & IRP_NOCACHE)
		flags |= DK_FILE_NOCACHE;
	if (file && (file->Flags & FO_SYNCHRONOUS_IO))
		flags |= DK_FILE_SYNCHRONOUS_IO;
	return flags;
}

/* The path an event carries: the FCB's path when the request was made. It stays valid
 * while the request lives, whatever a concurrent rename does to the FCB. */
void DkEventPath(const DK_EVENT *event, UNICODE_STRING *path)
{
	path->Buffer = (PWCH)((PUCHAR)event + event->FileNameOffset);
	path->Length = path->MaximumLength = (USHORT)event->FileNameLength;
}
