// SPDX-License-Identifier: LGPL-3.0-or-later
// client_pyfs.c - a client shaped like the 2010 pyfilesystem ctypes binding
// (docs/behaviour.md, "Bundled-client expectations"),
// with its own declarations of the ABI, as ctypes has them:
//   - dokan.dll loaded by name, every function looked up by its plain name (windll);
//   - the legacy 16-byte DOKAN_OPTIONS (drive letter first) and a 23-slot DOKAN_OPERATIONS,
//     each placed at the very end of a page followed by a PAGE_NOACCESS page, so reading
//     past either (MountPoint, the security slots) kills the process;
//   - callbacks cdecl (CFUNCTYPE) while the library calls them stdcall: on x86 they return
//     without popping their arguments (docs/differences.md D15); PFillFindData called stdcall;
//   - DokanResetTimeout(300000, info) from a helper thread while a slow callback runs;
//   - DokanUnmount(L'Q') from another thread to end DokanMain.
// Usage: client_pyfs serve   (serves Q: until `client_pyfs stop`)
//        client_pyfs stop
#include <stdio.h>
#include <stddef.h>
#include "client_files.h"

#if defined(__i386__)
#define PY_CFUNC __cdecl
#define PY_STDCALL __stdcall
#else
#define PY_CFUNC
#define PY_STDCALL
#endif

#define PY_LETTER L'Q'

typedef struct PY_OPTIONS {
	WCHAR DriveLetter;
	USHORT ThreadCount;
	ULONG Options;
	ULONG64 GlobalContext;
} PY_OPTIONS;

typedef struct PY_FILE_INFO {
	ULONG64 Context;
	ULONG64 DokanContext;
	PY_OPTIONS *DokanOptions;
	ULONG ProcessId;
	UCHAR IsDirectory;
	UCHAR DeleteOnClose, PagingIo, SynchronousIo, Nocache, WriteToEndOfFile;
} PY_FILE_INFO;

typedef int (PY_STDCALL *PY_FILL)(WIN32_FIND_DATAW *, PY_FILE_INFO *);

typedef struct PY_OPERATIONS {
	int (PY_CFUNC *create_file)(LPCWSTR, DWORD, DWORD, DWORD, DWORD, PY_FILE_INFO *);
	int (PY_CFUNC *open_directory)(LPCWSTR, PY_FILE_INFO *);
	int (PY_CFUNC *create_directory)(LPCWSTR, PY_FILE_INFO *);
	int (PY_CFUNC *cleanup)(LPCWSTR, PY_FILE_INFO *);
	int (PY_CFUNC *close_file)(LPCWSTR, PY_FILE_INFO *);
	int (PY_CFUNC *read_file)(LPCWSTR, LPVOID, DWORD, LPDWORD, LONGLONG, PY_FILE_INFO *);
	int (PY_CFUNC *write_file)(LPCWSTR, LPCVOID, DWORD, LPDWORD, LONGLONG, PY_FILE_INFO *);
	int (PY_CFUNC *flush_file_buffers)(LPCWSTR, PY_FILE_INFO *);
	int (PY_CFUNC *get_file_information)(LPCWSTR, LPBY_HANDLE_FILE_INFORMATION, PY_FILE_INFO *);
	int (PY_CFUNC *find_files)(LPCWSTR, PY_FILL, PY_FILE_INFO *);
	void *find_files_with_pattern;
	void *set_file_attributes;
	void *set_file_time;
	void *delete_file;
	void *delete_directory;
	void *move_file;
	void *set_end_of_file;
	void *set_allocation_size;
	void *lock_file;
	void *unlock_file;
	void *get_disk_free_space;
	int (PY_CFUNC *get_volume_information)(LPWSTR, DWORD, LPDWORD, LPDWORD, LPDWORD, LPWSTR, DWORD, PY_FILE_INFO *);
	int (PY_CFUNC *unmount)(PY_FILE_INFO *);
} PY_OPERATIONS;

_Static_assert(sizeof(PY_OPTIONS) == 16, "legacy DOKAN_OPTIONS is 16 bytes");
_Static_assert(sizeof(PY_OPERATIONS) == 23 * sizeof(void *), "a legacy table has 23 slots");

typedef int (PY_STDCALL *PY_MAIN)(PY_OPTIONS *, PY_OPERATIONS *);
typedef BOOL (PY_STDCALL *PY_UNMOUNT)(WCHAR);
typedef ULONG (PY_STDCALL *PY_VERSION)(void);
typedef BOOL (PY_STDCALL *PY_RESET)(ULONG, PY_FILE_INFO *);
typedef BOOL (PY_STDCALL *PY_MATCH)(LPCWSTR, LPCWSTR, BOOL);

static struct {
	PY_MAIN Main;
	PY_UNMOUNT Unmount;
	PY_VERSION Version, DriverVersion;
	PY_RESET ResetTimeout;
	PY_MATCH IsNameInExpression;
} g_dokan;

/* Open handles: Context is an index into this table, as pyfilesystem keeps its own ids. */
#define PY_HANDLES 256
static const CLIENT_FILE *g_handles[PY_HANDLES];
static CRITICAL_SECTION g_lock;
static volatile LONG g_reset_ok, g_read_access_seen, g_fill_calls, g_unmount_calls;

static ULONG64 py_handle_new(const CLIENT_FILE *file)
{
	ULONG64 id = 0;
	int i;
	EnterCriticalSection(&g_lock);
	for (i = 1; i < PY_HANDLES && !id; i++)
		if (!g_handles[i])
			g_handles[i] = file, id = (ULONG64)i;
	LeaveCriticalSection(&g_lock);
	return id;
}

static const CLIENT_FILE *py_handle(PY_FILE_INFO *info, LPCWSTR name)
{
	const CLIENT_FILE *file = NULL;
	EnterCriticalSection(&g_lock);
	if (info->Context > 0 && info->Context < PY_HANDLES)
		file = g_handles[info->Context];
	LeaveCriticalSection(&g_lock);
	if (!file || _wcsicmp(file->Path, name) != 0)
		client_fail("pyfs: handle %llu does not name %ls", (unsigned long long)info->Context, name);
	return file;
}

static int PY_CFUNC py_create_file(LPCWSTR name, DWORD access, DWORD share, DWORD disposition, DWORD flags,
	PY_FILE_INFO *info)
{
	const CLIENT_FILE *file = client_lookup(name);
	if (!file)
		return disposition == OPEN_EXISTING || disposition == TRUNCATE_EXISTING ? -ERROR_FILE_NOT_FOUND
			: -ERROR_ACCESS_DENIED;
	if (disposition == CREATE_NEW)
		return -ERROR_ALREADY_EXISTS;
	if (access & FILE_READ_DATA)
		InterlockedExchange(&g_read_access_seen, 1);
	info->Context = py_handle_new(file);
	info->IsDirectory = file->Directory ? 1 : 0;
	return disposition == CREATE_ALWAYS || disposition == OPEN_ALWAYS ? ERROR_ALREADY_EXISTS : 0;
}

static int PY_CFUNC py_open_directory(LPCWSTR name, PY_FILE_INFO *info)
{
	const CLIENT_FILE *file = client_lookup(name);
	if (!file)
		return -ERROR_PATH_NOT_FOUND;
	if (!file->Directory)
		return -ERROR_DIRECTORY;
	info->Context = py_handle_new(file);
	info->IsDirectory = 1;
	return 0;
}

static int PY_CFUNC py_create_directory(LPCWSTR name, PY_FILE_INFO *info)
{
	return client_lookup(name) ? -ERROR_ALREADY_EXISTS : -ERROR_ACCESS_DENIED;
}

static int PY_CFUNC py_cleanup(LPCWSTR name, PY_FILE_INFO *info)
{
	py_handle(info, name);
	return 0;
}

static int PY_CFUNC py_close_file(LPCWSTR name, PY_FILE_INFO *info)
{
	if (py_handle(info, name)) {
		EnterCriticalSection(&g_lock);
		g_handles[info->Context] = NULL;
		LeaveCriticalSection(&g_lock);
	}
	info->Context = 0;
	return 0;
}

/* pyfilesystem's timeout thread: extends the running request while its callback works. */
static DWORD WINAPI py_keep_alive(LPVOID param)
{
	PY_FILE_INFO *info = param;
	Sleep(CLIENT_SLOW_MS / 3);
	if (g_dokan.ResetTimeout(300000, info))
		InterlockedExchange(&g_reset_ok, 1);
	else
		client_fail("pyfs: DokanResetTimeout(300000, info) from a helper thread returned FALSE");
	return 0;
}

static int PY_CFUNC py_read_file(LPCWSTR name, LPVOID buffer, DWORD length, LPDWORD done, LONGLONG offset,
	PY_FILE_INFO *info)
{
	const CLIENT_FILE *file = py_handle(info, name);
	if (!file)
		return -ERROR_INVALID_HANDLE;
	if (client_is_slow(file)) {
		HANDLE helper = CreateThread(NULL, 0, py_keep_alive, info, 0, NULL);
		Sleep(CLIENT_SLOW_MS);
		if (helper) {
			WaitForSingleObject(helper, INFINITE);
			CloseHandle(helper);
		}
	}
	*done = client_read(file, offset, buffer, length);
	return 0;
}

static int PY_CFUNC py_write_file(LPCWSTR name, LPCVOID buffer, DWORD length, LPDWORD done, LONGLONG offset,
	PY_FILE_INFO *info)
{
	return -ERROR_ACCESS_DENIED;
}

static int PY_CFUNC py_flush(LPCWSTR name, PY_FILE_INFO *info)
{
	return 0;
}

static int PY_CFUNC py_get_file_information(LPCWSTR name, LPBY_HANDLE_FILE_INFORMATION out, PY_FILE_INFO *info)
{
	const CLIENT_FILE *file = client_lookup(name);
	WIN32_FIND_DATAW data;
	if (!file)
		return -ERROR_FILE_NOT_FOUND;
	client_find_data(file, &data);
	out->dwFileAttributes = data.dwFileAttributes;
	out->ftCreationTime = data.ftCreationTime;
	out->ftLastAccessTime = data.ftLastAccessTime;
	out->ftLastWriteTime = data.ftLastWriteTime;
	out->nFileSizeHigh = data.nFileSizeHigh;
	out->nFileSizeLow = data.nFileSizeLow;
	out->nNumberOfLinks = 1;
	return 0;
}

static int PY_CFUNC py_find_files(LPCWSTR path, PY_FILL fill, PY_FILE_INFO *info)
{
	const CLIENT_FILE *file;
	WIN32_FIND_DATAW data;
	int i;
	for (i = 0; (file = client_entry(i)) != NULL; i++) {
		if (!file->Parent || _wcsicmp(file->Parent, path) != 0)
			continue;
		client_find_data(file, &data);
		fill(&data, info);
		InterlockedIncrement(&g_fill_calls);
	}
	return 0;
}

static int PY_CFUNC py_get_volume_information(LPWSTR label, DWORD labelSize, LPDWORD serial, LPDWORD maxComponent,
	LPDWORD flags, LPWSTR fsName, DWORD fsNameSize, PY_FILE_INFO *info)
{
	wcscpy(label, L"pyfs"); /* the buffers hold 260 characters */
	*serial = 0x20100000;
	*maxComponent = 255;
	*flags = FILE_CASE_PRESERVED_NAMES | FILE_UNICODE_ON_DISK;
	wcscpy(fsName, L"Dokan");
	return 0;
}

static int PY_CFUNC py_unmount(PY_FILE_INFO *info)
{
	InterlockedIncrement(&g_unmount_calls);
	return 0;
}

/* Memory for `size` bytes that end where a PAGE_NOACCESS page starts. */
static void *py_end_of_page(SIZE_T size)
{
	SYSTEM_INFO system;
	BYTE *base;
	DWORD old;
	GetSystemInfo(&system);
	base = VirtualAlloc(NULL, 2 * system.dwPageSize, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
	if (!base || !VirtualProtect(base + system.dwPageSize, system.dwPageSize, PAGE_NOACCESS, &old))
		return NULL;
	if (!IsBadReadPtr(base + system.dwPageSize, 1))
		client_fail("pyfs: the guard page is readable");
	return base + system.dwPageSize - size;
}

static BOOL py_load(void)
{
	HMODULE dll = LoadLibraryW(L"dokan.dll");
	if (!dll)
		return FALSE;
	g_dokan.Main = (PY_MAIN)(void (*)(void))GetProcAddress(dll, "DokanMain");
	g_dokan.Unmount = (PY_UNMOUNT)(void (*)(void))GetProcAddress(dll, "DokanUnmount");
	g_dokan.Version = (PY_VERSION)(void (*)(void))GetProcAddress(dll, "DokanVersion");
	g_dokan.DriverVersion = (PY_VERSION)(void (*)(void))GetProcAddress(dll, "DokanDriverVersion");
	g_dokan.ResetTimeout = (PY_RESET)(void (*)(void))GetProcAddress(dll, "DokanResetTimeout");
	g_dokan.IsNameInExpression = (PY_MATCH)(void (*)(void))GetProcAddress(dll, "DokanIsNameInExpression");
	return g_dokan.Main && g_dokan.Unmount && g_dokan.Version && g_dokan.DriverVersion &&
		g_dokan.ResetTimeout && g_dokan.IsNameInExpression;
}

static DWORD WINAPI py_unmount_on_stop(LPVOID stop)
{
	WaitForSingleObject(stop, INFINITE);
	if (!g_dokan.Unmount(PY_LETTER))
		client_fail("pyfs: DokanUnmount(L'Q') returned FALSE");
	return 0;
}

static void py_fill_operations(PY_OPERATIONS *ops)
{
	ZeroMemory(ops, sizeof(*ops));
	ops->create_file = py_create_file;
	ops->open_directory = py_open_directory;
	ops->create_directory = py_create_directory;
	ops->cleanup = py_cleanup;
	ops->close_file = py_close_file;
	ops->read_file = py_read_file;
	ops->write_file = py_write_file;
	ops->flush_file_buffers = py_flush;
	ops->get_file_information = py_get_file_information;
	ops->find_files = py_find_files;
	ops->get_volume_information = py_get_volume_information;
	ops->unmount = py_unmount;
}

static void py_check_after(int result)
{
	if (result != 0)
		client_fail("pyfs: DokanMain returned %d", result);
	if (!g_reset_ok)
		client_fail("pyfs: the slow read never ran DokanResetTimeout successfully");
	if (!g_read_access_seen)
		client_fail("pyfs: no CreateFile carried FILE_READ_DATA in DesiredAccess");
	if (!g_fill_calls)
		client_fail("pyfs: FindFiles never called PFillFindData");
	if (g_unmount_calls != 1)
		client_fail("pyfs: the Unmount callback ran %ld times (expected 1)", g_unmount_calls);
}

static int py_serve(void)
{
	PY_OPTIONS *options = py_end_of_page(sizeof(PY_OPTIONS));
	PY_OPERATIONS *ops = py_end_of_page(sizeof(PY_OPERATIONS));
	HANDLE stop = client_stop_event(PY_LETTER), stopper;
	int result;

	if (!options || !ops || !stop || !py_load()) {
		printf("FAIL pyfs: setup (memory, stop event or dokan.dll exports)\n");
		return 1;
	}
	if (g_dokan.Version() < 392 || !g_dokan.DriverVersion() ||
		!g_dokan.IsNameInExpression(L"*.txt", L"HELLO.TXT", TRUE))
		client_fail("pyfs: DokanVersion/DokanDriverVersion/DokanIsNameInExpression");
	InitializeCriticalSection(&g_lock);
	ZeroMemory(options, sizeof(*options));
	options->DriveLetter = PY_LETTER;
	options->ThreadCount = 3;
	py_fill_operations(ops);
	stopper = CreateThread(NULL, 0, py_unmount_on_stop, stop, 0, NULL);
	printf("pyfs: serving Q: with a legacy %u-byte DOKAN_OPTIONS and %u slots\n",
		(unsigned)sizeof(*options), (unsigned)(sizeof(*ops) / sizeof(void *)));
	fflush(stdout);
	result = g_dokan.Main(options, ops);
	SetEvent(stop);
	WaitForSingleObject(stopper, 10000);
	py_check_after(result);
	printf("pyfs: DokanMain %d, %ld failure(s)\n", result, client_failures());
	return client_failures() ? 1 : 0;
}

int wmain(int argc, WCHAR **argv)
{
	if (argc == 2 && wcscmp(argv[1], L"serve") == 0)
		return py_serve();
	if (argc == 2 && wcscmp(argv[1], L"stop") == 0)
		return client_send_stop(PY_LETTER);
	fprintf(stderr, "usage: client_pyfs serve|stop\n");
	return 2;
}
