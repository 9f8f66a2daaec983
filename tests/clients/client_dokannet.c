// SPDX-License-Identifier: LGPL-3.0-or-later
// client_dokannet.c - a client shaped like the DokanNet .NET binding
// (docs/behaviour.md, "Bundled-client expectations"), with its
// own declarations of the ABI as the binding marshals them:
//   - functions looked up by plain name, stdcall (DllImport's default);
//   - DOKAN_OPTIONS and DOKAN_FILE_INFO with pack 4 (ThreadCount at offset 2, MountPoint at
//     16), handed over as temporary copies that live only for the DokanMain call;
//   - 25 stdcall callbacks with FindFilesWithPattern, GetFileSecurity and SetFileSecurity NULL;
//   - Context holds the binding's own id per open (0 after CloseFile), IsDirectory read as == 1;
//   - GetFileInformation fills only attributes, times and size (the rest must arrive zeroed);
//   - GetVolumeInformation copies min(size, bytes) of the names without a terminator;
//   - ReadFile writes the whole requested length; DokanResetTimeout gets a fresh
//     DOKAN_FILE_INFO in which only DokanContext is set;
//   - DokanRemoveMountPoint(L"n:\\") unmounts.
// Usage: client_dokannet serve | stop
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include "client_files.h"

#if defined(__i386__)
#define NET_API __stdcall
#else
#define NET_API
#endif
#define NET_MOUNT_POINT L"n:\\"
#define NET_LETTER L'N'
#define NET_LABEL L"DokanNet"

#pragma pack(push, 4)
typedef struct NET_OPTIONS {
	USHORT Version;
	USHORT ThreadCount;
	ULONG Options;
	ULONG64 GlobalContext;
	LPCWSTR MountPoint;
} NET_OPTIONS;

typedef struct NET_FILE_INFO {
	ULONG64 Context;
	ULONG64 DokanContext;
	NET_OPTIONS *DokanOptions;
	ULONG ProcessId;
	UCHAR IsDirectory;
	UCHAR DeleteOnClose, PagingIo, SynchronousIo, Nocache, WriteToEndOfFile;
} NET_FILE_INFO;
#pragma pack(pop)

_Static_assert(offsetof(NET_OPTIONS, ThreadCount) == 2, "ThreadCount at 2");
_Static_assert(offsetof(NET_OPTIONS, MountPoint) == 16, "MountPoint at 16");
_Static_assert(offsetof(NET_FILE_INFO, ProcessId) == (sizeof(void *) == 8 ? 24 : 20), "ProcessId");

typedef int (NET_API *NET_FILL)(WIN32_FIND_DATAW *, NET_FILE_INFO *);
typedef int (NET_API *NET_NAME_OP)(LPCWSTR, NET_FILE_INFO *);

typedef struct NET_OPERATIONS {
	int (NET_API *create_file)(LPCWSTR, DWORD, DWORD, DWORD, DWORD, NET_FILE_INFO *);
	NET_NAME_OP open_directory, create_directory, cleanup, close_file;
	int (NET_API *read_file)(LPCWSTR, LPVOID, DWORD, LPDWORD, LONGLONG, NET_FILE_INFO *);
	int (NET_API *write_file)(LPCWSTR, LPCVOID, DWORD, LPDWORD, LONGLONG, NET_FILE_INFO *);
	NET_NAME_OP flush_file_buffers;
	int (NET_API *get_file_information)(LPCWSTR, LPBY_HANDLE_FILE_INFORMATION, NET_FILE_INFO *);
	int (NET_API *find_files)(LPCWSTR, NET_FILL, NET_FILE_INFO *);
	void *find_files_with_pattern; /* left NULL by the binding */
	void *set_file_attributes, *set_file_time;
	NET_NAME_OP delete_file, delete_directory;
	void *move_file, *set_end_of_file, *set_allocation_size, *lock_file, *unlock_file;
	int (NET_API *get_disk_free_space)(PULONGLONG, PULONGLONG, PULONGLONG, NET_FILE_INFO *);
	int (NET_API *get_volume_information)(LPWSTR, DWORD, LPDWORD, LPDWORD, LPDWORD, LPWSTR, DWORD, NET_FILE_INFO *);
	int (NET_API *unmount)(NET_FILE_INFO *);
	void *get_file_security, *set_file_security; /* left NULL by the binding */
} NET_OPERATIONS;
_Static_assert(sizeof(NET_OPERATIONS) == 25 * sizeof(void *), "25 slots");

static struct {
	int (NET_API *Main)(NET_OPTIONS *, NET_OPERATIONS *);
	int (NET_API *RemoveMountPoint)(LPCWSTR); /* BOOL, used as int */
	ULONG (NET_API *Version)(void);
	ULONG (NET_API *DriverVersion)(void);
	BOOL (NET_API *ResetTimeout)(ULONG, NET_FILE_INFO *);
} g_dokan;

/* The binding's per-open objects; Context holds the id (index + 1000). */
#define NET_OPENS 256
#define NET_ID_BASE 1000
static const CLIENT_FILE *g_opens[NET_OPENS];
static CRITICAL_SECTION g_lock;
static volatile LONG g_reset_ok, g_unmount_calls, g_zeroed_ok;

static ULONG64 net_open(const CLIENT_FILE *file)
{
	ULONG64 id = 0;
	int i;
	EnterCriticalSection(&g_lock);
	for (i = 0; i < NET_OPENS && !id; i++)
		if (!g_opens[i])
			g_opens[i] = file, id = NET_ID_BASE + i;
	LeaveCriticalSection(&g_lock);
	return id;
}

static const CLIENT_FILE *net_lookup(NET_FILE_INFO *info, LPCWSTR name)
{
	const CLIENT_FILE *file = NULL;
	ULONG64 i = info->Context - NET_ID_BASE;
	EnterCriticalSection(&g_lock);
	if (info->Context >= NET_ID_BASE && i < NET_OPENS)
		file = g_opens[i];
	LeaveCriticalSection(&g_lock);
	if (!file || _wcsicmp(file->Path, name) != 0)
		client_fail("dokannet: Context %llu does not name %ls", (unsigned long long)info->Context, name);
	else if ((info->IsDirectory == 1) != (file->Directory != 0))
		client_fail("dokannet: IsDirectory is %u for %ls", info->IsDirectory, name);
	return file;
}

static int NET_API net_create_file(LPCWSTR name, DWORD access, DWORD share, DWORD disposition, DWORD flags,
	NET_FILE_INFO *info)
{
	const CLIENT_FILE *file = client_lookup(name);
	if (!file)
		return disposition == OPEN_EXISTING ? -ERROR_FILE_NOT_FOUND : -ERROR_ACCESS_DENIED;
	info->Context = net_open(file);
	info->IsDirectory = file->Directory ? 1 : 0;
	return 0;
}

static int NET_API net_open_directory(LPCWSTR name, NET_FILE_INFO *info)
{
	const CLIENT_FILE *file = client_lookup(name);
	if (!file || !file->Directory)
		return -ERROR_PATH_NOT_FOUND;
	info->Context = net_open(file);
	info->IsDirectory = 1;
	return 0;
}

static int NET_API net_refuse(LPCWSTR name, NET_FILE_INFO *info)
{
	return -ERROR_ACCESS_DENIED;
}

static int NET_API net_cleanup(LPCWSTR name, NET_FILE_INFO *info)
{
	net_lookup(info, name);
	return 0;
}

static int NET_API net_close_file(LPCWSTR name, NET_FILE_INFO *info)
{
	if (net_lookup(info, name)) {
		EnterCriticalSection(&g_lock);
		g_opens[info->Context - NET_ID_BASE] = NULL;
		LeaveCriticalSection(&g_lock);
	}
	info->Context = 0;
	return 0;
}

/* As the binding: a new DOKAN_FILE_INFO with only DokanContext copied. */
static void net_reset_timeout(NET_FILE_INFO *info)
{
	NET_FILE_INFO fresh;
	ZeroMemory(&fresh, sizeof(fresh));
	fresh.DokanContext = info->DokanContext;
	if (g_dokan.ResetTimeout(30000, &fresh))
		InterlockedExchange(&g_reset_ok, 1);
	else
		client_fail("dokannet: DokanResetTimeout with a fresh DOKAN_FILE_INFO returned FALSE");
}

static int NET_API net_read_file(LPCWSTR name, LPVOID buffer, DWORD length, LPDWORD done, LONGLONG offset,
	NET_FILE_INFO *info)
{
	const CLIENT_FILE *file = net_lookup(info, name);
	if (!file)
		return -1;
	if (client_is_slow(file)) {
		net_reset_timeout(info);
		Sleep(CLIENT_SLOW_MS);
	}
	ZeroMemory(buffer, length); /* the marshaller copies the whole managed buffer back */
	*done = client_read(file, offset, buffer, length);
	return 0;
}

static int NET_API net_write_file(LPCWSTR name, LPCVOID buffer, DWORD length, LPDWORD done, LONGLONG offset,
	NET_FILE_INFO *info)
{
	return -ERROR_ACCESS_DENIED;
}

static int NET_API net_flush(LPCWSTR name, NET_FILE_INFO *info)
{
	return 0;
}

static BOOL net_is_zero(const void *memory, size_t length)
{
	const BYTE *bytes = memory;
	while (length--)
		if (*bytes++)
			return FALSE;
	return TRUE;
}

static int NET_API net_get_file_information(LPCWSTR name, LPBY_HANDLE_FILE_INFORMATION out, NET_FILE_INFO *info)
{
	const CLIENT_FILE *file = net_lookup(info, name);
	WIN32_FIND_DATAW data;
	if (!file)
		return -1;
	if (!net_is_zero(out, sizeof(*out)))
		client_fail("dokannet: GetFileInformation's buffer was not zeroed for %ls", name);
	else
		InterlockedExchange(&g_zeroed_ok, 1);
	client_find_data(file, &data);
	out->dwFileAttributes = data.dwFileAttributes;
	out->ftCreationTime = data.ftCreationTime;
	out->ftLastAccessTime = data.ftLastAccessTime;
	out->ftLastWriteTime = data.ftLastWriteTime;
	out->nFileSizeHigh = data.nFileSizeHigh;
	out->nFileSizeLow = data.nFileSizeLow;
	return 0;
}

static int NET_API net_find_files(LPCWSTR path, NET_FILL fill, NET_FILE_INFO *info)
{
	const CLIENT_FILE *file;
	WIN32_FIND_DATAW data;
	int i;
	net_lookup(info, path);
	for (i = 0; (file = client_entry(i)) != NULL; i++) {
		if (file->Parent && _wcsicmp(file->Parent, path) == 0) {
			client_find_data(file, &data);
			fill(&data, info); /* result ignored, as the binding does */
		}
	}
	return 0;
}

static int NET_API net_free_space(PULONGLONG available, PULONGLONG total, PULONGLONG free, NET_FILE_INFO *info)
{
	*available = *free = 512ull << 20;
	*total = 1ull << 30;
	return 0;
}

/* The binding treats the sizes as bytes and writes no terminator. */
static void net_copy_name(LPWSTR out, DWORD size, LPCWSTR name)
{
	DWORD bytes = (DWORD)(wcslen(name) * sizeof(WCHAR));
	memcpy(out, name, size < bytes ? size : bytes);
}

static int NET_API net_get_volume_information(LPWSTR label, DWORD labelSize, LPDWORD serial, LPDWORD maxComponent,
	LPDWORD flags, LPWSTR fsName, DWORD fsNameSize, NET_FILE_INFO *info)
{
	net_copy_name(label, labelSize, NET_LABEL);
	*serial = 0x0D0C0B0A;
	*maxComponent = 256;
	*flags = 7;
	net_copy_name(fsName, fsNameSize, L"NTFS");
	return 0;
}

static int NET_API net_unmount(NET_FILE_INFO *info)
{
	InterlockedIncrement(&g_unmount_calls);
	return 0;
}

static BOOL net_load(void)
{
	HMODULE dll = LoadLibraryW(L"dokan.dll");
	if (!dll)
		return FALSE;
#define NET_BIND(field, name) (g_dokan.field = (__typeof__(g_dokan.field))(void (*)(void))GetProcAddress(dll, name))
	NET_BIND(Main, "DokanMain");
	NET_BIND(RemoveMountPoint, "DokanRemoveMountPoint");
	NET_BIND(Version, "DokanVersion");
	NET_BIND(DriverVersion, "DokanDriverVersion");
	NET_BIND(ResetTimeout, "DokanResetTimeout");
	return g_dokan.Main && g_dokan.RemoveMountPoint && g_dokan.Version && g_dokan.DriverVersion &&
		g_dokan.ResetTimeout;
}

static void net_fill_operations(NET_OPERATIONS *ops)
{
	ZeroMemory(ops, sizeof(*ops));
	ops->create_file = net_create_file;
	ops->open_directory = net_open_directory;
	ops->create_directory = net_refuse;
	ops->cleanup = net_cleanup;
	ops->close_file = net_close_file;
	ops->read_file = net_read_file;
	ops->write_file = net_write_file;
	ops->flush_file_buffers = net_flush;
	ops->get_file_information = net_get_file_information;
	ops->find_files = net_find_files;
	ops->delete_file = net_refuse;
	ops->delete_directory = net_refuse;
	ops->get_disk_free_space = net_free_space;
	ops->get_volume_information = net_get_volume_information;
	ops->unmount = net_unmount;
}

static DWORD WINAPI net_unmount_on_stop(LPVOID stop)
{
	WaitForSingleObject(stop, INFINITE);
	if (!g_dokan.RemoveMountPoint(NET_MOUNT_POINT))
		client_fail("dokannet: DokanRemoveMountPoint(n:\\) failed");
	return 0;
}

/* DokanMain on temporary copies, freed when it returns (as the marshaller does). */
static int net_main(void)
{
	NET_OPTIONS *options = calloc(1, sizeof(*options));
	NET_OPERATIONS *ops = calloc(1, sizeof(*ops));
	int result = -1; /* DOKAN_ERROR */
	if (options && ops) {
		options->Version = 600;
		options->ThreadCount = 5;
		options->MountPoint = NET_MOUNT_POINT;
		net_fill_operations(ops);
		result = g_dokan.Main(options, ops);
	}
	free(options);
	free(ops);
	return result;
}

static int net_serve(void)
{
	HANDLE stop = client_stop_event(NET_LETTER), stopper;
	int result;
	if (!stop || !net_load()) {
		printf("FAIL dokannet: setup (stop event or dokan.dll exports)\n");
		return 1;
	}
	if (g_dokan.Version() != 600 || !g_dokan.DriverVersion())
		client_fail("dokannet: DokanVersion %lu, DokanDriverVersion %lu", g_dokan.Version(), g_dokan.DriverVersion());
	InitializeCriticalSection(&g_lock);
	stopper = CreateThread(NULL, 0, net_unmount_on_stop, stop, 0, NULL);
	printf("dokannet: serving n:\\ (pack-4 structures, %u-byte options)\n", (unsigned)sizeof(NET_OPTIONS));
	fflush(stdout);
	result = net_main();
	SetEvent(stop);
	WaitForSingleObject(stopper, 10000);
	if (result != 0)
		client_fail("dokannet: DokanMain returned %d", result);
	if (!g_reset_ok || !g_zeroed_ok || g_unmount_calls != 1)
		client_fail("dokannet: reset timeout %ld, zeroed information %ld, Unmount calls %ld",
			g_reset_ok, g_zeroed_ok, g_unmount_calls);
	printf("dokannet: DokanMain %d, %ld failure(s)\n", result, client_failures());
	return client_failures() ? 1 : 0;
}

int wmain(int argc, WCHAR **argv)
{
	if (argc == 2 && wcscmp(argv[1], L"serve") == 0)
		return net_serve();
	if (argc == 2 && wcscmp(argv[1], L"stop") == 0)
		return client_send_stop(NET_LETTER);
	fprintf(stderr, "usage: client_dokannet serve|stop\n");
	return 2;
}
