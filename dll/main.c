/* SPDX-License-Identifier: LGPL-3.0-or-later
 * main.c - DokanMain, the process-wide list of mounts, and debug output. */
#include <stdio.h>
#include <stdarg.h>
#include "dk_dll.h"
#include "mountctl.h"

/* The mount table: the only process-wide mutable state besides the debug flags. */
static CRITICAL_SECTION dk_instances_lock;
static DK_INSTANCE *dk_instances;
static volatile LONG dk_debug_mode = TRUE, dk_debug_stderr = FALSE;

void dk_debug(const char *format, ...)
{
	char text[512];
	va_list args;
	if (!dk_debug_mode)
		return;
	va_start(args, format);
	_vsnprintf(text, sizeof(text) - 1, format, args);
	va_end(args);
	text[sizeof(text) - 1] = 0;
	if (dk_debug_stderr)
		fputs(text, stderr);
	else
		OutputDebugStringA(text);
}

static void dk_instance_register(DK_INSTANCE *instance)
{
	EnterCriticalSection(&dk_instances_lock);
	instance->Next = dk_instances;
	dk_instances = instance;
	LeaveCriticalSection(&dk_instances_lock);
}

static void dk_instance_unregister(DK_INSTANCE *instance)
{
	DK_INSTANCE **link;
	EnterCriticalSection(&dk_instances_lock);
	for (link = &dk_instances; *link; link = &(*link)->Next) {
		if (*link == instance) {
			*link = instance->Next;
			break;
		}
	}
	LeaveCriticalSection(&dk_instances_lock);
}

const DOKAN_OPERATIONS *dk_user_operations(const DOKAN_OPTIONS *options)
{
	const DOKAN_OPERATIONS *user = NULL;
	DK_INSTANCE *instance;
	EnterCriticalSection(&dk_instances_lock);
	for (instance = dk_instances; instance && !user; instance = instance->Next) {
		if (instance->Options == options)
			user = &instance->User;
	}
	LeaveCriticalSection(&dk_instances_lock);
	return user;
}

/* Keeps this library loaded until the process ends, so that a program freeing it while a
 * DokanMain still serves (a binding that loads it with LoadLibrary) cannot unmap the
 * workers' code; DllMain then has nothing to clean up (docs/differences.md D45). */
static void dk_pin_library(void)
{
	HMODULE self;
	if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_PIN,
		    (LPCWSTR)(ULONG_PTR)dk_pin_library, &self))
		dk_debug(DKF_DEBUG_PREFIX "cannot pin the library (error %lu)\n", GetLastError());
}

BOOL WINAPI DllMain(HINSTANCE module, DWORD reason, LPVOID reserved)
{
	if (reason == DLL_PROCESS_ATTACH) {
		InitializeCriticalSection(&dk_instances_lock);
		DisableThreadLibraryCalls(module);
	} else if (reason == DLL_PROCESS_DETACH && reserved == NULL) {
		/* A FreeLibrary unload: DokanMain pins the library, so none has run. At process
		 * exit nothing is done at all; the driver sees the owner's handles close, tears the
		 * mount down and its notice lets the mounter remove the name. */
		DeleteCriticalSection(&dk_instances_lock);
	}
	return TRUE;
}

ULONG DOKANAPI DokanVersion(void)
{
	return DOKAN_VERSION;
}

static BOOL dk_is_drive_letter(WCHAR c)
{
	return (c >= L'd' && c <= L'z') || (c >= L'D' && c <= L'Z');
}

/* A legacy client (Dokan before 0.6.0) passes a 16-byte DOKAN_OPTIONS whose first field is
 * the drive letter: MountPoint must not even be read then (docs/differences.md D17). */
static BOOL dk_is_legacy(const DOKAN_OPTIONS *options)
{
	return options->Version < DOKAN_MOUNT_POINT_SUPPORTED_VERSION || options->MountPoint == NULL;
}

/* 0.6.0's mount-point rules (docs/behaviour.md, "The mount sequence", step 4); returns
 * DOKAN_SUCCESS or an error code. */
static int dk_check_mount_point(PDOKAN_OPTIONS options, WCHAR *mountPoint)
{
	const WCHAR *given;
	size_t length;
	HANDLE directory;

	if (dk_is_legacy(options)) {
		WCHAR letter = (WCHAR)options->Version;
		if (!dk_is_drive_letter(letter))
			return DOKAN_DRIVE_LETTER_ERROR;
		swprintf(mountPoint, MAX_PATH, L"%c:\\", letter);
		return DOKAN_SUCCESS;
	}
	given = options->MountPoint;
	length = wcslen(given);
	if (length == 0 || length >= MAX_PATH)
		return DOKAN_MOUNT_POINT_ERROR;
	wcscpy(mountPoint, given);
	if (length == 1 || (length == 2 && given[1] == L':') || (length == 3 && given[1] == L':' && given[2] == L'\\'))
		return dk_is_drive_letter(given[0]) ? DOKAN_SUCCESS : DOKAN_DRIVE_LETTER_ERROR;
	if (length <= 3)
		return DOKAN_MOUNT_POINT_ERROR;
	directory = CreateFileW(given, GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
		FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS, NULL);
	if (directory == INVALID_HANDLE_VALUE)
		return DOKAN_MOUNT_POINT_ERROR;
	CloseHandle(directory);
	return DOKAN_SUCCESS;
}

static ULONG dk_start_flags(const DOKAN_OPTIONS *options)
{
	ULONG flags = 0;
	if (options->Options & DOKAN_OPTION_ALT_STREAM)
		flags |= DK_MOUNT_ALT_STREAM;
	if (options->Options & DOKAN_OPTION_KEEP_ALIVE)
		flags |= DK_MOUNT_KEEP_ALIVE;
	if (options->Options & DOKAN_OPTION_REMOVABLE)
		flags |= DK_MOUNT_REMOVABLE;
	if (options->Options & DOKAN_OPTION_NETWORK)
		flags |= DK_MOUNT_NETWORK;
	return flags;
}

static void dk_apply_debug_options(const DOKAN_OPTIONS *options)
{
	BOOL toStderr = (options->Options & DOKAN_OPTION_STDERR) != 0;
	InterlockedExchange(&dk_debug_stderr, toStderr);
	InterlockedExchange(&dk_debug_mode, toStderr || (options->Options & DOKAN_OPTION_DEBUG) != 0);
}

/* DOKAN_OPTION_DEBUG (or STDERR) also turns on the driver's DbgPrint output. It is only
 * raised, never lowered: the level is global and other mounts may want it. */
static void dk_apply_driver_debug(HANDLE control, const DOKAN_OPTIONS *options)
{
	ULONG level = 1;
	if (!(options->Options & (DOKAN_OPTION_DEBUG | DOKAN_OPTION_STDERR)))
		return;
	if (!dk_ioctl(control, IOCTL_DOKAN_SET_DEBUG_MODE, &level, sizeof(level), NULL, 0, NULL))
		dk_debug(DKF_DEBUG_PREFIX "the driver refused its debug level (error %lu)\n", GetLastError());
}

/* Runs the worker threads (and the keep-alive thread) until the mount goes away. */
static void dk_serve(DK_INSTANCE *instance)
{
	HANDLE threads[DK_MAX_THREADS + 1];
	DWORD count = 0, i;

	instance->Stopped = CreateEventW(NULL, TRUE, FALSE, NULL);
	if (instance->Options->Options & DOKAN_OPTION_KEEP_ALIVE)
		threads[count] = CreateThread(NULL, 0, dk_keepalive_thread, instance, 0, NULL),
		count += threads[count] != NULL;
	for (i = 0; i < instance->Options->ThreadCount; i++)
		threads[count] = CreateThread(NULL, 0, dk_worker_thread, instance, 0, NULL),
		count += threads[count] != NULL;
	if (count)
		WaitForMultipleObjects(count, threads, TRUE, INFINITE);
	for (i = 0; i < count; i++)
		CloseHandle(threads[i]);
	if (instance->Stopped)
		CloseHandle(instance->Stopped);
}

static int dk_mount_and_serve(DK_INSTANCE *instance, HANDLE control)
{
	DK_MOUNT_INFO info;

	if (!dk_start_mount(control, dk_start_flags(instance->Options), &info)) {
		dk_debug(DKF_DEBUG_PREFIX "the driver refused to start a mount (error %lu)\n", GetLastError());
		return DOKAN_START_ERROR;
	}
	info.DeviceName[DK_DEVICE_NAME_CHARS - 1] = 0;
	wcscpy(instance->DeviceName, info.DeviceName);
	instance->MountId = info.MountId;
	dk_debug(DKF_DEBUG_PREFIX "mount %lu is %ls, assigning %ls\n", instance->MountId, instance->DeviceName,
		instance->MountPoint);
	if (!dk_mounter_mount(instance->MountPoint, instance->DeviceName)) {
		dk_debug(DKF_DEBUG_PREFIX "the mounter could not assign %ls\n", instance->MountPoint);
		dk_release_mount(instance->DeviceName);
		return DOKAN_MOUNT_ERROR;
	}
	dk_serve(instance);
	dk_call_unmount(instance);
	if (!InterlockedExchange(&instance->Released, 1))
		dk_release_mount(instance->DeviceName); /* e.g. every worker failed to start */
	return DOKAN_SUCCESS;
}

int DOKANAPI DokanMain(PDOKAN_OPTIONS options, PDOKAN_OPERATIONS operations)
{
	DK_INSTANCE *instance;
	HANDLE control;
	int result;

	if (!options || !operations)
		return DOKAN_ERROR;
	dk_apply_debug_options(options);
	if (options->ThreadCount == 0)
		options->ThreadCount = DK_DEFAULT_THREADS;
	else if (options->ThreadCount > DK_MAX_THREADS)
		options->ThreadCount = DK_MAX_THREADS;
	instance = calloc(1, sizeof(DK_INSTANCE));
	if (!instance)
		return DOKAN_ERROR;
	dk_pin_library();
	instance->Options = options;
	dk_callbacks_prepare(instance, operations);
	result = dk_check_mount_point(options, instance->MountPoint);
	if (result != DOKAN_SUCCESS) {
		free(instance);
		return result;
	}
	control = dk_open_control_device();
	if (control == INVALID_HANDLE_VALUE) {
		dk_debug(DKF_DEBUG_PREFIX "cannot open the driver's control device (error %lu)\n", GetLastError());
		free(instance);
		return DOKAN_DRIVER_INSTALL_ERROR;
	}
	dk_apply_driver_debug(control, options);
	dk_instance_register(instance);
	result = dk_mount_and_serve(instance, control);
	dk_instance_unregister(instance);
	CloseHandle(control);
	free(instance);
	return result;
}
