/* SPDX-License-Identifier: LGPL-3.0-or-later
 * close.c - IRP_MJ_CLOSE: the file object goes away. Never pended; user mode is told
 * with a notice that needs no answer. */
#include "dk.h"

static void DkNotifyClose(DK_MOUNT *mount, DK_CCB *ccb)
{
	DK_REQUEST *notice = DkRequestForFile(mount, NULL, ccb, 0);
	if (!notice)
		return; /* the DLL then keeps its record until the mount ends */
	notice->Event->MajorFunction = IRP_MJ_CLOSE;
	notice->Event->ProcessId = DkRequestorProcessId(NULL);
	DkNoticeSubmit(notice);
}

NTSTATUS NTAPI DkDispatchClose(PDEVICE_OBJECT device, PIRP irp)
{
	PFILE_OBJECT file = IoGetCurrentIrpStackLocation(irp)->FileObject;
	DK_CCB *ccb = DkCcbOfFile(file);
	DK_MOUNT *mount = DkMountOfDevice(device);

	if (!ccb) {
		if (DkIsControlDevice(device))
			DkServiceFileClosed(file); /* Wine sends no CLEANUP */
		return DkCompleteIrp(irp, STATUS_SUCCESS, 0);
	}
	/* a rename target was answered in the driver: user mode never saw that open */
	if (ccb->Kind == DK_CCB_FILE && !(ccb->Flags & DK_CCB_RENAME_TARGET) && mount && mount->Mounted)
		DkNotifyClose(mount, ccb);
	file->FsContext = NULL;
	file->FsContext2 = NULL;
	file->SectionObjectPointer = NULL;
	DkCcbRelease(ccb);
	return DkCompleteIrp(irp, STATUS_SUCCESS, 0);
}
