/* SPDX-License-Identifier: LGPL-3.0-or-later
 * dispatch.c - the one door of every IRP: the device is classified once, entry and exit
 * are traced with symbolic names at the driver's debug level, and (checked builds,
 * DOKAN_CHECKED) the return contract is asserted: a family routine returns STATUS_PENDING
 * if and only if it marked the IRP pending, and otherwise completed it exactly once
 * before returning. The check never touches the IRP after the routine returns (another
 * thread may have completed and freed a pended one): completions and pend marks are
 * recorded in a per-thread dispatch context (nested dispatches, e.g. a completion routine
 * that sends a CLOSE, stack their contexts). */
#include "dk.h"

static const char *const DkMajorNames[IRP_MJ_MAXIMUM_FUNCTION + 1] = {
	"CREATE",
	"CREATE_NAMED_PIPE",
	"CLOSE",
	"READ",
	"WRITE",
	"QUERY_INFORMATION",
	"SET_INFORMATION",
	"QUERY_EA",
	"SET_EA",
	"FLUSH_BUFFERS",
	"QUERY_VOLUME_INFORMATION",
	"SET_VOLUME_INFORMATION",
	"DIRECTORY_CONTROL",
	"FILE_SYSTEM_CONTROL",
	"DEVICE_CONTROL",
	"INTERNAL_DEVICE_CONTROL",
	"SHUTDOWN",
	"LOCK_CONTROL",
	"CLEANUP",
	"CREATE_MAILSLOT",
	"QUERY_SECURITY",
	"SET_SECURITY",
	"POWER",
	"SYSTEM_CONTROL",
	"DEVICE_CHANGE",
	"QUERY_QUOTA",
	"SET_QUOTA",
	"PNP",
};

static const char *DkKindName(const DK_DEVICE_EXTENSION *ext)
{
	if (!ext)
		return "foreign";
	return ext->Kind == DK_DEVICE_CONTROL ? "control" : ext->Kind == DK_DEVICE_DISK ? "disk" : "volume";
}

static const char *DkStatusName(NTSTATUS status)
{
	switch (status) {
	case STATUS_SUCCESS:
		return "SUCCESS";
	case STATUS_PENDING:
		return "PENDING";
	case STATUS_BUFFER_OVERFLOW:
		return "BUFFER_OVERFLOW";
	case STATUS_NO_MORE_FILES:
		return "NO_MORE_FILES";
	case STATUS_INVALID_PARAMETER:
		return "INVALID_PARAMETER";
	case STATUS_INVALID_DEVICE_REQUEST:
		return "INVALID_DEVICE_REQUEST";
	case STATUS_ACCESS_DENIED:
		return "ACCESS_DENIED";
	case STATUS_OBJECT_NAME_NOT_FOUND:
		return "OBJECT_NAME_NOT_FOUND";
	case STATUS_OBJECT_NAME_INVALID:
		return "OBJECT_NAME_INVALID";
	case STATUS_SHARING_VIOLATION:
		return "SHARING_VIOLATION";
	case STATUS_DELETE_PENDING:
		return "DELETE_PENDING";
	case STATUS_NO_SUCH_DEVICE:
		return "NO_SUCH_DEVICE";
	case STATUS_INSUFFICIENT_RESOURCES:
		return "INSUFFICIENT_RESOURCES";
	default:
		return "";
	}
}

#ifdef DOKAN_CHECKED

#define DK_DISPATCH_SLOTS 32

typedef struct DK_DISPATCH_CONTEXT {
	struct DK_DISPATCH_CONTEXT *Outer; /* the dispatch this one is nested in, same thread */
	HANDLE Thread;
	PIRP Irp;
	LONG Completions;
	BOOLEAN MarkedPending;
} DK_DISPATCH_CONTEXT;

static KSPIN_LOCK DkContextLock;
static DK_DISPATCH_CONTEXT *DkContexts[DK_DISPATCH_SLOTS]; /* innermost per thread */

void DkDispatchInitialize(void)
{
	KeInitializeSpinLock(&DkContextLock);
}

static ULONG DkSlotOfLocked(HANDLE thread, BOOLEAN allocate)
{
	ULONG i, free = DK_DISPATCH_SLOTS;
	for (i = 0; i < DK_DISPATCH_SLOTS; i++) {
		if (DkContexts[i] && DkContexts[i]->Thread == thread)
			return i;
		if (!DkContexts[i] && free == DK_DISPATCH_SLOTS)
			free = i;
	}
	return allocate ? free : DK_DISPATCH_SLOTS;
}

static void DkContextPush(DK_DISPATCH_CONTEXT *context)
{
	KIRQL irql;
	ULONG slot;

	KeAcquireSpinLock(&DkContextLock, &irql);
	slot = DkSlotOfLocked(context->Thread, TRUE);
	if (slot < DK_DISPATCH_SLOTS) {
		context->Outer = DkContexts[slot];
		DkContexts[slot] = context;
	} else {
		context->Thread = NULL; /* more dispatching threads than slots: not checked */
	}
	KeReleaseSpinLock(&DkContextLock, irql);
}

static void DkContextPop(DK_DISPATCH_CONTEXT *context)
{
	KIRQL irql;
	ULONG slot;

	if (!context->Thread)
		return;
	KeAcquireSpinLock(&DkContextLock, &irql);
	slot = DkSlotOfLocked(context->Thread, FALSE);
	DK_ASSERT(slot < DK_DISPATCH_SLOTS && DkContexts[slot] == context);
	if (slot < DK_DISPATCH_SLOTS)
		DkContexts[slot] = context->Outer;
	KeReleaseSpinLock(&DkContextLock, irql);
}

/* The context of the dispatch of `irp` running on this thread, if any. */
static DK_DISPATCH_CONTEXT *DkContextOfLocked(PIRP irp)
{
	ULONG slot = DkSlotOfLocked(PsGetCurrentThreadId(), FALSE);
	DK_DISPATCH_CONTEXT *context = slot < DK_DISPATCH_SLOTS ? DkContexts[slot] : NULL;
	while (context && context->Irp != irp)
		context = context->Outer;
	return context;
}

/* Notes a completion (or a pend mark) of `irp` in the dispatch of it on this thread. */
static void DkDispatchNote(PIRP irp, BOOLEAN pended)
{
	DK_DISPATCH_CONTEXT *context;
	KIRQL irql;

	KeAcquireSpinLock(&DkContextLock, &irql);
	context = DkContextOfLocked(irp);
	if (context && pended)
		context->MarkedPending = TRUE;
	else if (context)
		context->Completions++;
	KeReleaseSpinLock(&DkContextLock, irql);
}

void DkDispatchNoteCompletion(PIRP irp)
{
	DkDispatchNote(irp, FALSE);
}

void DkMarkIrpPending(PIRP irp)
{
	DkDispatchNote(irp, TRUE);
	IoMarkIrpPending(irp);
}

static NTSTATUS DkCallChecked(PDRIVER_DISPATCH routine, PDEVICE_OBJECT device, PIRP irp)
{
	DK_DISPATCH_CONTEXT context = { NULL, PsGetCurrentThreadId(), irp, 0, FALSE };
	NTSTATUS status;

	DkContextPush(&context);
	status = routine(device, irp);
	DkContextPop(&context);
	if (context.Thread && status == STATUS_PENDING)
		DK_ASSERT(context.MarkedPending);
	else if (context.Thread)
		DK_ASSERT(!context.MarkedPending && context.Completions == 1);
	return status;
}

static void DkCopyText(CHAR *out, ULONG capacity, const char *text)
{
	ULONG i;
	for (i = 0; i + 1 < capacity && text[i]; i++)
		out[i] = text[i];
	out[i] = 0;
}

void DkAssertFailed(const char *expression, const char *file, int line)
{
	if (InterlockedIncrement(&g_DkGlobal.AssertFailures) == 1) {
		DK_ASSERT_INFO *first = &g_DkGlobal.FirstAssert;
		DkCopyText(first->File, sizeof(first->File), file);
		DkCopyText(first->Expression, sizeof(first->Expression), expression);
		first->Line = (ULONG)line;
	}
	DbgPrint(DKF_DEBUG_PREFIX "ASSERTION FAILED: %s (%s:%d)\n", expression, file, line);
}

#else

void DkDispatchInitialize(void)
{
}

void DkMarkIrpPending(PIRP irp)
{
	IoMarkIrpPending(irp);
}

static NTSTATUS DkCallChecked(PDRIVER_DISPATCH routine, PDEVICE_OBJECT device, PIRP irp)
{
	return routine(device, irp);
}

#endif /* DOKAN_CHECKED */

static NTSTATUS NTAPI DkDispatchUnsupported(PDEVICE_OBJECT device, PIRP irp)
{
	return DkCompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}

static PDRIVER_DISPATCH DkFamilyOf(UCHAR major)
{
	switch (major) {
	case IRP_MJ_CREATE:
		return DkDispatchCreate;
	case IRP_MJ_CLEANUP:
		return DkDispatchCleanup;
	case IRP_MJ_CLOSE:
		return DkDispatchClose;
	case IRP_MJ_READ:
		return DkDispatchRead;
	case IRP_MJ_WRITE:
		return DkDispatchWrite;
	case IRP_MJ_QUERY_INFORMATION:
		return DkDispatchQueryInformation;
	case IRP_MJ_SET_INFORMATION:
		return DkDispatchSetInformation;
	case IRP_MJ_DIRECTORY_CONTROL:
		return DkDispatchDirectoryControl;
	case IRP_MJ_QUERY_VOLUME_INFORMATION:
		return DkDispatchQueryVolumeInformation;
	case IRP_MJ_SET_VOLUME_INFORMATION:
		return DkDispatchSetVolumeInformation;
	case IRP_MJ_FLUSH_BUFFERS:
		return DkDispatchFlush;
	case IRP_MJ_LOCK_CONTROL:
		return DkDispatchLockControl;
	case IRP_MJ_QUERY_SECURITY:
		return DkDispatchQuerySecurity;
	case IRP_MJ_SET_SECURITY:
		return DkDispatchSetSecurity;
	case IRP_MJ_FILE_SYSTEM_CONTROL:
		return DkDispatchFileSystemControl;
	case IRP_MJ_DEVICE_CONTROL:
		return DkDispatchDeviceControl;
	case IRP_MJ_SHUTDOWN:
		return DkDispatchShutdown;
	case IRP_MJ_PNP:
		return DkDispatchPnp;
	default:
		return DkDispatchUnsupported;
	}
}

NTSTATUS NTAPI DkDispatch(PDEVICE_OBJECT device, PIRP irp)
{
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
	UCHAR major = stack->MajorFunction, minor = stack->MinorFunction;
	const char *majorName = major <= IRP_MJ_MAXIMUM_FUNCTION ? DkMajorNames[major] : "?";
	const char *kind = DkKindName(DkExtension(device));
	NTSTATUS status;

	DK_DEBUG("> %s/%u %s irp %p\n", majorName, minor, kind, irp);
	status = DkCallChecked(DkFamilyOf(major), device, irp);
	/* the IRP may be gone now: only names and the status are printed */
	DK_DEBUG("< %s/%u %s irp %p: 0x%08lx %s\n", majorName, minor, kind, irp, (unsigned long)status,
		DkStatusName(status));
	return status;
}
