// SPDX-License-Identifier: LGPL-3.0-or-later
/* proc.c - child processes get the shim too: NtCreateUserProcess starts them suspended,
 * the shim of the child's architecture is loaded into them, and they run on. A child of
 * the other architecture gets it from that architecture's dokanrun.exe in attach mode
 * (inject.h).
 * A working directory on a Dokan drive travels in DOKANSHIM_CWD. */
#include "shim.h"
#include "inject.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#define PARAMS_NORMALIZED 0x1

/* RTL_USER_PROCESS_PARAMETERS as the kernel lays it out (mingw declares only a part). */
typedef struct shim_process_parameters {
	ULONG MaximumLength, Length, Flags, DebugFlags;
	HANDLE ConsoleHandle;
	ULONG ConsoleFlags;
	HANDLE StandardInput, StandardOutput, StandardError;
	UNICODE_STRING CurrentDirectoryPath;
	HANDLE CurrentDirectoryHandle;
	UNICODE_STRING DllPath, ImagePathName, CommandLine;
	WCHAR *Environment;
	ULONG StartingX, StartingY, CountX, CountY, CountCharsX, CountCharsY;
	ULONG FillAttribute, WindowFlags, ShowWindowFlags;
	UNICODE_STRING WindowTitle, DesktopInfo, ShellInfo, RuntimeData;
	struct {
		USHORT Flags, Length;
		ULONG TimeStamp;
		STRING DosPath;
	} CurrentDirectories[32];
	ULONG_PTR EnvironmentSize;
} shim_process_parameters;

static HMODULE shim_module;

/* ---- the working directory ---- */

static BOOL on_dokan_drive(const UNICODE_STRING *path)
{
	return path->Length >= 2 * sizeof(WCHAR) && shim_can_read(path->Buffer, path->Length) &&
		path->Buffer[1] == L':' && shim_is_dokan_letter(path->Buffer[0]);
}

static size_t environment_chars(const WCHAR *block)
{
	const WCHAR *at = block;

	while (*at)
		at += wcslen(at) + 1;
	return (size_t)(at - block) + 1;
}

/* A copy of block without DOKANSHIM_CWD, then DOKANSHIM_CWD=cwd. */
static WCHAR *environment_with_cwd(const WCHAR *block, const UNICODE_STRING *cwd, size_t *chars)
{
	static const WCHAR name[] = SHIM_CWD_VARIABLE L"=";
	size_t name_chars = wcslen(name), old_chars = environment_chars(block), cwd_chars = cwd->Length / sizeof(WCHAR);
	WCHAR *copy = shim_alloc((old_chars + name_chars + cwd_chars + 2) * sizeof(WCHAR)), *out = copy;
	const WCHAR *at;

	if (!copy)
		return NULL;
	for (at = block; *at; at += wcslen(at) + 1) {
		if (!_wcsnicmp(at, name, name_chars))
			continue;
		wcscpy(out, at);
		out += wcslen(at) + 1;
	}
	memcpy(out, name, name_chars * sizeof(WCHAR));
	memcpy(out + name_chars, cwd->Buffer, cwd_chars * sizeof(WCHAR));
	out += name_chars + cwd_chars;
	*out++ = 0;
	*out++ = 0;
	*chars = (size_t)(out - copy);
	return copy;
}

typedef struct environment_swap {
	WCHAR *original;
	ULONG_PTR original_size;
	WCHAR *replacement;
	UNICODE_STRING original_cwd;
	WCHAR windows[MAX_PATH + 1];
} environment_swap;

/* Wine resolves the child's directory before any DLL loads and, for a directory on a drive
 * only the shim knows, warns and starts it in the Windows directory. So the child starts
 * there on purpose, and its shim applies the real directory from the environment. */
static void begin_cwd_handover(shim_process_parameters *params, environment_swap *swap)
{
	UINT chars;
	size_t block_chars;

	memset(swap, 0, sizeof(*swap));
	if (!(params->Flags & PARAMS_NORMALIZED) || !params->Environment || !on_dokan_drive(&params->CurrentDirectoryPath))
		return;
	chars = GetWindowsDirectoryW(swap->windows, MAX_PATH);
	if (!chars || chars >= MAX_PATH)
		return;
	swap->replacement = environment_with_cwd(params->Environment, &params->CurrentDirectoryPath, &block_chars);
	if (!swap->replacement)
		return;
	swap->windows[chars++] = L'\\';
	swap->original = params->Environment;
	swap->original_size = params->EnvironmentSize;
	swap->original_cwd = params->CurrentDirectoryPath;
	params->Environment = swap->replacement;
	params->EnvironmentSize = block_chars * sizeof(WCHAR);
	params->CurrentDirectoryPath.Buffer = swap->windows;
	params->CurrentDirectoryPath.Length = (USHORT)(chars * sizeof(WCHAR));
	params->CurrentDirectoryPath.MaximumLength = (USHORT)sizeof(swap->windows);
}

static void end_cwd_handover(shim_process_parameters *params, const environment_swap *swap)
{
	if (!swap->replacement)
		return;
	params->Environment = swap->original;
	params->EnvironmentSize = swap->original_size;
	params->CurrentDirectoryPath = swap->original_cwd;
	shim_free(swap->replacement);
}

/* In a new process: the directory the parent (or dokanrun) handed over. */
static void apply_handed_over_cwd(void)
{
	WCHAR cwd[MAX_PATH + 1], message[MAX_PATH + 96];
	DWORD chars = GetEnvironmentVariableW(SHIM_CWD_VARIABLE, cwd, MAX_PATH + 1);

	if (!chars || chars > MAX_PATH)
		return;
	SetEnvironmentVariableW(SHIM_CWD_VARIABLE, NULL); /* its own children get their own */
	if (!SetCurrentDirectoryW(cwd)) {
		_snwprintf(message, sizeof(message) / sizeof(WCHAR),
			L"dokanshim: cannot set the working directory %ls (error %lu)", cwd, GetLastError());
		shim_print_error(message);
	}
}

/* ---- loading the shim into a child ---- */

static BOOL module_folder(WCHAR *path, size_t chars)
{
	DWORD got = GetModuleFileNameW(shim_module, path, (DWORD)chars);
	WCHAR *slash;

	if (!got || got >= chars)
		return FALSE;
	slash = wcsrchr(path, L'\\');
	if (!slash)
		return FALSE;
	*slash = 0;
	return TRUE;
}

static DWORD inject_child(HANDLE process)
{
	WCHAR folder[MAX_PATH];

	if (!module_folder(folder, MAX_PATH))
		return ERROR_FILENAME_EXCED_RANGE;
	return dokan_inject_shim(process, folder);
}

/* dokanrun.exe loads the shim into its own child: its parent must not do it as well. */
static BOOL is_launcher(const shim_process_parameters *params)
{
	const UNICODE_STRING *image = &params->ImagePathName;
	size_t chars = image->Length / sizeof(WCHAR), name = wcslen(DOKAN_LAUNCHER);

	return chars >= name && shim_can_read(image->Buffer, image->Length) &&
		!_wcsnicmp(image->Buffer + chars - name, DOKAN_LAUNCHER, name) &&
		(chars == name || image->Buffer[chars - name - 1] == L'\\');
}

static void report_failed_child(DWORD error)
{
	WCHAR message[160];

	_snwprintf(message, sizeof(message) / sizeof(WCHAR),
		L"dokanshim: could not load the shim into a child process (error %lu); it was not started", error);
	shim_print_error(message);
}

NTSTATUS NTAPI hook_NtCreateUserProcess(PHANDLE process, PHANDLE thread, ACCESS_MASK process_access,
	ACCESS_MASK thread_access, POBJECT_ATTRIBUTES process_oa, POBJECT_ATTRIBUTES thread_oa,
	ULONG process_flags, ULONG thread_flags, PVOID parameters, PVOID create_info, PVOID attributes)
{
	SHIM_ENTER;
	shim_process_parameters *params = parameters;
	environment_swap swap;
	NTSTATUS status;
	DWORD error;

	if (!shim_can_read(params, sizeof(*params)) || is_launcher(params))
		SHIM_LEAVE(real_NtCreateUserProcess(process, thread, process_access, thread_access, process_oa,
			thread_oa, process_flags, thread_flags, parameters, create_info, attributes));
	begin_cwd_handover(params, &swap);
	status = real_NtCreateUserProcess(process, thread, process_access, thread_access, process_oa,
		thread_oa, process_flags, thread_flags | SHIM_THREAD_CREATE_SUSPENDED, parameters, create_info,
		attributes);
	end_cwd_handover(params, &swap);
	if (!NT_SUCCESS(status))
		SHIM_LEAVE(status);
	error = inject_child(*process);
	if (error) {
		/* a child without the shim would not see the Dokan drives: do not run it */
		NtTerminateProcess(*process, STATUS_DLL_INIT_FAILED);
		real_NtClose(*thread);
		real_NtClose(*process);
		report_failed_child(error);
		SHIM_LEAVE(STATUS_DLL_INIT_FAILED);
	}
	if (!(thread_flags & SHIM_THREAD_CREATE_SUSPENDED))
		NtResumeThread(*thread, NULL);
	SHIM_LEAVE(status);
}

BOOL shim_process_init(void)
{
	apply_handed_over_cwd();
	return TRUE;
}

void shim_set_module(HMODULE module)
{
	shim_module = module;
}
