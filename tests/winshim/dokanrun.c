// SPDX-License-Identifier: LGPL-3.0-or-later
/* dokanrun.exe - runs a program with dokanshim.dll loaded, so it sees the Dokan drives.
 *
 *   dokanrun.exe [--cd DIR] [--] program [args...]
 *       starts the program suspended, loads the shim of its architecture into it, lets it
 *       run, waits, and exits with its exit code. DIR (or DOKANSHIM_CWD when set) becomes
 *       its working directory once the shim is in (Wine cannot start a program in a folder
 *       of a Dokan drive). The rest of the command line is passed on unchanged.
 *   dokanrun.exe --attach PID
 *       loads this architecture's shim into the suspended process PID (how a shim of the
 *       other architecture hands over a child); exit code 0 or the Win32 error.
 *
 * Exit code 125: dokanrun itself failed (message on standard error). */
#include "inject.h"

#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#define LAUNCH_FAILED 125
#define CWD_VARIABLE L"DOKANSHIM_CWD"

static int fail(const WCHAR *what, DWORD error)
{
	fwprintf(stderr, L"dokanrun: %ls (error %lu)\n", what, error);
	return LAUNCH_FAILED;
}

static const WCHAR *skip_blanks(const WCHAR *at)
{
	while (*at == L' ' || *at == L'\t')
		at++;
	return at;
}

/* One argument of the command line into out (quotes removed), returns what follows. */
static const WCHAR *next_token(const WCHAR *at, WCHAR *out, size_t room)
{
	BOOL quoted = FALSE;
	size_t n = 0;

	at = skip_blanks(at);
	for (; *at && (quoted || (*at != L' ' && *at != L'\t')); at++) {
		if (*at == L'"')
			quoted = !quoted;
		else if (n + 1 < room)
			out[n++] = *at;
	}
	out[n] = 0;
	return at;
}

/* This executable's folder, where its shim lives. */
static BOOL own_folder(WCHAR *folder, size_t room)
{
	DWORD got = GetModuleFileNameW(NULL, folder, (DWORD)room);
	WCHAR *slash;

	if (!got || got >= room || !(slash = wcsrchr(folder, L'\\')))
		return FALSE;
	*slash = 0;
	return TRUE;
}

static int attach(const WCHAR *pid_text, const WCHAR *folder)
{
	DWORD pid = wcstoul(pid_text, NULL, 10), error;
	HANDLE process = OpenProcess(PROCESS_ALL_ACCESS, FALSE, pid);

	if (!process)
		return (int)GetLastError();
	error = dokan_inject_shim(process, folder);
	CloseHandle(process);
	return (int)error;
}

/* The child's standard handles are ours: inheritable, so the child gets the same ones. */
static void pass_std_handles(STARTUPINFOW *startup)
{
	startup->dwFlags |= STARTF_USESTDHANDLES;
	startup->hStdInput = GetStdHandle(STD_INPUT_HANDLE);
	startup->hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
	startup->hStdError = GetStdHandle(STD_ERROR_HANDLE);
	SetHandleInformation(startup->hStdInput, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
	SetHandleInformation(startup->hStdOutput, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
	SetHandleInformation(startup->hStdError, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
}

static int run(WCHAR *command, const WCHAR *folder)
{
	STARTUPINFOW startup = { .cb = sizeof(startup) };
	PROCESS_INFORMATION child;
	DWORD error, code = LAUNCH_FAILED;

	pass_std_handles(&startup);
	if (!CreateProcessW(NULL, command, NULL, NULL, TRUE, CREATE_SUSPENDED, NULL, NULL, &startup, &child))
		return fail(L"cannot start the program", GetLastError());
	error = dokan_inject_shim(child.hProcess, folder);
	if (error) {
		/* never run a program without its shim: it would not see the Dokan drives */
		TerminateProcess(child.hProcess, LAUNCH_FAILED);
		CloseHandle(child.hThread);
		CloseHandle(child.hProcess);
		return fail(L"cannot load dokanshim.dll into the program", error);
	}
	ResumeThread(child.hThread);
	CloseHandle(child.hThread);
	WaitForSingleObject(child.hProcess, INFINITE);
	GetExitCodeProcess(child.hProcess, &code);
	CloseHandle(child.hProcess);
	return (int)code;
}

static int usage(void)
{
	fwprintf(stderr, L"usage: dokanrun.exe [--cd DIR] [--] program [args...]\n"
		L"       dokanrun.exe --attach PID\n");
	return LAUNCH_FAILED;
}

int wmain(void)
{
	WCHAR folder[MAX_PATH], token[MAX_PATH + 1];
	const WCHAR *rest = next_token(GetCommandLineW(), token, MAX_PATH + 1); /* our own name */
	const WCHAR *after;

	if (!own_folder(folder, MAX_PATH))
		return fail(L"cannot find its own folder", GetLastError());
	for (;;) {
		after = next_token(rest, token, MAX_PATH + 1);
		if (!wcscmp(token, L"--attach")) {
			next_token(after, token, MAX_PATH + 1);
			return token[0] ? attach(token, folder) : usage();
		}
		if (!wcscmp(token, L"--cd")) {
			rest = next_token(after, token, MAX_PATH + 1);
			if (!token[0] || !SetEnvironmentVariableW(CWD_VARIABLE, token))
				return usage();
			continue;
		}
		if (!wcscmp(token, L"--"))
			rest = after;
		break;
	}
	rest = skip_blanks(rest);
	if (!*rest)
		return usage();
	return run(_wcsdup(rest), folder);
}
