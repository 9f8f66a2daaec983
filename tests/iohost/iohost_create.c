// SPDX-License-Identifier: LGPL-3.0-or-later
/* iohost_create.c - IOCTL_IOH_CREATE: a new FILE_OBJECT and its IRP_MJ_CREATE, with the
 * argument checks and generic-access mapping NtCreateFile does before a file system sees
 * the request. */
#include "iohost.h"

static const struct {
	ULONG Option;
	ULONG FileObjectFlags;
} IohOptionFlags[] = {
	{ FILE_SYNCHRONOUS_IO_ALERT, FO_SYNCHRONOUS_IO | FO_ALERTABLE_IO },
	{ FILE_SYNCHRONOUS_IO_NONALERT, FO_SYNCHRONOUS_IO },
	{ FILE_NO_INTERMEDIATE_BUFFERING, FO_NO_INTERMEDIATE_BUFFERING },
	{ FILE_WRITE_THROUGH, FO_WRITE_THROUGH },
	{ FILE_SEQUENTIAL_ONLY, FO_SEQUENTIAL_ONLY },
	{ FILE_RANDOM_ACCESS, FO_RANDOM_ACCESS },
};

static ULONG IohFileObjectFlags(ULONG options, ULONG stack_flags)
{
	ULONG flags = (stack_flags & SL_CASE_SENSITIVE) ? FO_OPENED_CASE_SENSITIVE : 0;
	ULONG i;

	for (i = 0; i < sizeof(IohOptionFlags) / sizeof(IohOptionFlags[0]); i++)
		if (options & IohOptionFlags[i].Option)
			flags |= IohOptionFlags[i].FileObjectFlags;
	return flags;
}

static ACCESS_MASK IohMapGenericAccess(ACCESS_MASK access)
{
	if (access & GENERIC_READ)
		access |= FILE_GENERIC_READ;
	if (access & GENERIC_WRITE)
		access |= FILE_GENERIC_WRITE;
	if (access & GENERIC_EXECUTE)
		access |= FILE_GENERIC_EXECUTE;
	if (access & GENERIC_ALL)
		access |= FILE_ALL_ACCESS;
	return access & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL);
}

/* The handle's access once the open succeeded: what was asked for (a file system without
 * security grants it all), everything for MAXIMUM_ALLOWED. */
static ACCESS_MASK IohGrantedAccess(ACCESS_MASK access)
{
	if (access & MAXIMUM_ALLOWED)
		access = (access & ~MAXIMUM_ALLOWED) | FILE_ALL_ACCESS;
	return access;
}

static BOOLEAN IohDirectoryDispositionOk(ULONG disposition)
{
	return disposition == FILE_CREATE || disposition == FILE_OPEN || disposition == FILE_OPEN_IF;
}

/* The parameter checks of NtCreateFile, so the file system never sees impossible opens. */
static NTSTATUS IohCheckCreateArgs(const IOH_CREATE_REQUEST *rq, ACCESS_MASK access)
{
	const ULONG sync_bits = FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT;
	ULONG options = rq->CreateOptions, sync = options & sync_bits;

	if (rq->Disposition > FILE_MAXIMUM_DISPOSITION || (options & ~FILE_VALID_OPTION_FLAGS))
		return STATUS_INVALID_PARAMETER;
	if (sync == sync_bits || (sync && !(access & SYNCHRONIZE)))
		return STATUS_INVALID_PARAMETER;
	if ((options & FILE_DIRECTORY_FILE) &&
	    ((options & FILE_NON_DIRECTORY_FILE) || !IohDirectoryDispositionOk(rq->Disposition)))
		return STATUS_INVALID_PARAMETER;
	if ((options & FILE_DELETE_ON_CLOSE) && !(access & DELETE))
		return STATUS_INVALID_PARAMETER;
	return STATUS_SUCCESS;
}

static void IohFillCreate(IOH_CALL *call, const IOH_CREATE_REQUEST *rq, ACCESS_MASK access)
{
	PIO_STACK_LOCATION sp = IoGetNextIrpStackLocation(call->Irp);

	call->AccessState.OriginalDesiredAccess = access;
	call->AccessState.RemainingDesiredAccess = access;
	call->Security.AccessState = &call->AccessState;
	call->Security.DesiredAccess = access;
	call->Security.FullCreateOptions = rq->CreateOptions;
	sp->Flags = (UCHAR)rq->StackFlags;
	sp->Parameters.Create.SecurityContext = &call->Security;
	sp->Parameters.Create.Options = (rq->Disposition << 24) | (rq->CreateOptions & 0x00FFFFFF);
	sp->Parameters.Create.FileAttributes = (USHORT)(rq->FileAttributes & FILE_ATTRIBUTE_VALID_FLAGS);
	sp->Parameters.Create.ShareAccess = (USHORT)rq->ShareAccess;
	sp->Parameters.Create.EaLength = 0;
	call->Irp->Overlay.AllocationSize.QuadPart = rq->AllocationSize;
}

static void IohFinishCreate(IOH_CALL *call)
{
	IOH_CREATE_RESULT *result = call->Client->AssociatedIrp.SystemBuffer;
	NTSTATUS status = call->Irp->IoStatus.Status;
	ULONG id = call->File->Id;

	if (call->Related)
		IohFileRelease(call->Related);
	IohFileCreated(call->File, status);
	result->Status = status;
	result->FileId = (NT_SUCCESS(status) && status != STATUS_REPARSE) ? id : 0;
	result->Information = call->Irp->IoStatus.Information;
	IohCompleteIrp(call->Client, STATUS_SUCCESS, sizeof(*result));
}

/* A relative open goes where its related file went; the name passes unchanged. */
static void IohVolumeOfFile(IOH_FILE *related, PCUNICODE_STRING name, IOH_VOLUME *volume)
{
	volume->Device = related->FileObject->DeviceObject;
	volume->Target = related->Target;
	volume->Vpb = related->FileObject->Vpb;
	volume->Rest = *name;
	ObReferenceObject(volume->Device);
	ObReferenceObject(volume->Target);
}

static NTSTATUS IohFindVolume(IOH_SESSION *session, const IOH_CREATE_REQUEST *rq,
	ACCESS_MASK access, IOH_FILE **related, IOH_VOLUME *volume)
{
	UNICODE_STRING name;

	name.Buffer = (PWCH)(rq + 1);
	name.Length = name.MaximumLength = (USHORT)rq->NameBytes;
	*related = NULL;
	if (!rq->RelatedFileId)
		return IohResolve(&name, rq->DriverName[0] ? rq->DriverName : IOH_DEFAULT_DRIVER,
			access, volume);
	*related = IohFileAcquire(session, rq->RelatedFileId);
	if (!*related && (rq->Flags & IOH_CREATE_BIND))
		*related = IohBoundAcquire(rq->RelatedFileId);
	if (!*related)
		return STATUS_INVALID_HANDLE;
	IohVolumeOfFile(*related, &name, volume);
	return STATUS_SUCCESS;
}

static NTSTATUS IohStartCreate(IOH_SESSION *session, PIRP client, const IOH_CREATE_REQUEST *rq)
{
	ACCESS_MASK access = IohMapGenericAccess(rq->DesiredAccess);
	IOH_FILE *related, *file;
	IOH_VOLUME volume;
	IOH_CALL *call;
	NTSTATUS status;

	status = IohCheckCreateArgs(rq, access);
	if (NT_SUCCESS(status))
		status = IohFindVolume(session, rq, access, &related, &volume);
	if (!NT_SUCCESS(status))
		return status;
	file = IohFileNew(session, volume.Device, volume.Target, volume.Vpb, &volume.Rest);
	IohVolumeRelease(&volume);
	status = file ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
	if (file && (rq->Flags & IOH_CREATE_BIND))
		status = IohBindClaim(session, file);
	call = NT_SUCCESS(status) ? IohCallNew(file, client, IRP_MJ_CREATE, 0, IohFinishCreate) : NULL;
	if (!call) {
		if (file)
			IohFileCreated(file, STATUS_INSUFFICIENT_RESOURCES);
		if (related)
			IohFileRelease(related);
		return NT_SUCCESS(status) ? STATUS_INSUFFICIENT_RESOURCES : status;
	}
	file->GrantedAccess = IohGrantedAccess(access);
	file->FileObject->Flags = IohFileObjectFlags(rq->CreateOptions, rq->StackFlags);
	file->FileObject->RelatedFileObject = related ? related->FileObject : NULL;
	call->Related = related;
	IohFillCreate(call, rq, access);
	return IohCallSend(call);
}

static BOOLEAN IohIsTerminated(const WCHAR *s, ULONG chars)
{
	ULONG i;

	for (i = 0; i < chars; i++)
		if (!s[i])
			return TRUE;
	return FALSE;
}

NTSTATUS IohHandleCreate(IOH_SESSION *session, PIRP client, PIO_STACK_LOCATION sp)
{
	const IOH_CREATE_REQUEST *rq = client->AssociatedIrp.SystemBuffer;
	ULONG in = sp->Parameters.DeviceIoControl.InputBufferLength;
	NTSTATUS status;

	if (in < sizeof(*rq) || rq->Size != sizeof(*rq) || (rq->NameBytes & 1) ||
	    rq->NameBytes > IOH_MAX_NAME_BYTES || in - sizeof(*rq) < rq->NameBytes ||
	    rq->StackFlags > 0xFF || (rq->Flags & ~IOH_CREATE_BIND) ||
	    sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(IOH_CREATE_RESULT) ||
	    !IohIsTerminated(rq->DriverName, IOH_DRIVER_NAME_CHARS))
		return STATUS_INVALID_PARAMETER;
	status = IohStartCreate(session, client, rq);
	if (status == STATUS_PENDING)
		return status;
	return IohReportStatus(client, sizeof(IOH_CREATE_RESULT), status);
}
