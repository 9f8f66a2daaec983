/* SPDX-License-Identifier: LGPL-3.0-or-later
 * openrec.c - the library's per-open record and the DOKAN_FILE_INFO built from it. */
#include "dk_dll.h"

DK_OPEN *dk_open_create(DK_INSTANCE *instance)
{
	DK_OPEN *open = calloc(1, sizeof(DK_OPEN));
	if (!open)
		return NULL;
	open->Instance = instance;
	InitializeCriticalSection(&open->Lock);
	return open;
}

void dk_open_free(DK_OPEN *open)
{
	if (!open)
		return;
	free(open->Find.Entries);
	free(open->FileName);
	DeleteCriticalSection(&open->Lock);
	free(open);
}

DK_OPEN *dk_open_of(const DK_EVENT *event)
{
	return (DK_OPEN *)(ULONG_PTR)event->Context;
}

void dk_fileinfo_init(DOKAN_FILE_INFO *info, DK_INSTANCE *instance, const DK_EVENT *event, DK_OPEN *open)
{
	ULONG flags = event->FileFlags;
	ZeroMemory(info, sizeof(*info));
	info->DokanOptions = instance->Options;
	info->ProcessId = event->ProcessId;
	info->DeleteOnClose = (flags & DK_FILE_DELETE_ON_CLOSE) ? 1 : 0;
	info->PagingIo = (flags & DK_FILE_PAGING_IO) ? 1 : 0;
	info->SynchronousIo = (flags & DK_FILE_SYNCHRONOUS_IO) ? 1 : 0;
	info->Nocache = (flags & DK_FILE_NOCACHE) ? 1 : 0;
	info->WriteToEndOfFile = (flags & DK_FILE_WRITE_TO_EOF) ? 1 : 0;
	if (!open)
		return;
	EnterCriticalSection(&open->Lock);
	info->Context = open->Context;
	info->IsDirectory = open->IsDirectory;
	open->CurrentSerial = (LONG)event->Serial;
	open->CurrentMajor = event->MajorFunction;
	open->CurrentThreadId = event->ThreadId;
	open->CurrentProcessId = event->ProcessId;
	open->CurrentWorker = GetCurrentThreadId();
	LeaveCriticalSection(&open->Lock);
	info->DokanContext = (ULONG64)(ULONG_PTR)open;
}

/* The file system may change Context in any callback; the last value is kept. */
void dk_fileinfo_store(const DOKAN_FILE_INFO *info, DK_OPEN *open)
{
	if (!open)
		return;
	EnterCriticalSection(&open->Lock);
	open->Context = info->Context;
	if (open->CurrentWorker == GetCurrentThreadId())
		dk_open_clear_current(open);
	LeaveCriticalSection(&open->Lock);
}

/* Under open->Lock. */
void dk_open_clear_current(DK_OPEN *open)
{
	open->CurrentSerial = 0;
	open->CurrentMajor = 0;
	open->CurrentThreadId = 0;
	open->CurrentProcessId = 0;
	open->CurrentWorker = 0;
}

/* What DokanResetTimeout and DokanOpenRequestorToken may use of the open's current
 * request; FALSE when no callback is running on it. */
BOOL dk_open_current(DK_OPEN *open, DK_CURRENT_REQUEST *current)
{
	EnterCriticalSection(&open->Lock);
	current->Serial = (ULONG)open->CurrentSerial;
	current->Major = open->CurrentMajor;
	current->ThreadId = open->CurrentThreadId;
	current->ProcessId = open->CurrentProcessId;
	LeaveCriticalSection(&open->Lock);
	return current->Serial != 0;
}
