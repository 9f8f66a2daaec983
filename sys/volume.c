/* SPDX-License-Identifier: LGPL-3.0-or-later
 * volume.c - IRP_MJ_QUERY/SET_VOLUME_INFORMATION. */
#include "dk.h"

static NTSTATUS DkAnswerDeviceInformation(PIRP irp, DK_MOUNT *mount, ULONG length)
{
	PFILE_FS_DEVICE_INFORMATION info = irp->AssociatedIrp.SystemBuffer;
	if (length < sizeof(*info))
		return DkCompleteIrp(irp, STATUS_BUFFER_TOO_SMALL, 0);
	/* also in network mode, as 0.6.0 (docs/behaviour.md, "Volume information") */
	info->DeviceType = FILE_DEVICE_DISK;
	info->Characteristics = DkMountCharacteristics(mount);
	return DkCompleteIrp(irp, STATUS_SUCCESS, sizeof(*info));
}

static BOOLEAN DkIsForwardedVolumeClass(FS_INFORMATION_CLASS infoClass)
{
	return infoClass == FileFsVolumeInformation || infoClass == FileFsSizeInformation ||
	       infoClass == FileFsAttributeInformation || infoClass == FileFsFullSizeInformation;
}

static void DkQueryVolumeComplete(DK_REQUEST *request, const DK_REPLY *reply, NTSTATUS failure)
{
	PIRP irp = request->Irp;
	ULONG length = IoGetCurrentIrpStackLocation(irp)->Parameters.QueryVolume.Length;
	DkCompleteWithData(irp, reply, failure, irp->AssociatedIrp.SystemBuffer, length);
}

NTSTATUS NTAPI DkDispatchQueryVolumeInformation(PDEVICE_OBJECT device, PIRP irp)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	FS_INFORMATION_CLASS infoClass = stack->Parameters.QueryVolume.FsInformationClass;
	ULONG length = stack->Parameters.QueryVolume.Length;
	DK_MOUNT *mount = DkMountOfDevice(device);
	DK_CCB *ccb = DkCcbOfFile(stack->FileObject);
	DK_REQUEST *request;

	if (!mount)
		return DkCompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
	if (!mount->Mounted)
		return DkCompleteIrp(irp, STATUS_VOLUME_DISMOUNTED, 0);
	if (!irp->AssociatedIrp.SystemBuffer)
		return DkCompleteIrp(irp, STATUS_INVALID_USER_BUFFER, 0);
	if (infoClass == FileFsDeviceInformation)
		return DkAnswerDeviceInformation(irp, mount, length);
	if (!DkIsForwardedVolumeClass(infoClass))
		return DkCompleteIrp(irp, STATUS_INVALID_PARAMETER, 0);
	request = DkRequestAllocate(mount, irp, ccb && ccb->Mount == mount ? ccb : NULL, NULL, 0);
	if (request) {
		/* volume queries carry no open (docs/behaviour.md, "Common rules for every request") */
		request->Event->Context = 0;
		request->Event->Params.Info.InformationClass = infoClass;
		request->Event->Params.Info.BufferLength = length;
	}
	return DkForward(request, irp, DkQueryVolumeComplete);
}

NTSTATUS NTAPI DkDispatchSetVolumeInformation(PDEVICE_OBJECT device, PIRP irp)
{
	/* the label cannot be changed (docs/behaviour.md, "Volume information") */
	return DkCompleteIrp(irp, STATUS_INVALID_PARAMETER, 0);
}
