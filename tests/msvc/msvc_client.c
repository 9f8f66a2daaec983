/* SPDX-License-Identifier: LGPL-3.0-or-later
 * msvc_client.c - a Dokan client built the way an MSVC user builds one: clang in MSVC mode,
 * linked by lld-link against dokan.lib (run_msvc_link.sh). No C runtime is linked (there is
 * no MSVC CRT on this machine), so it writes its output with WriteFile and ends with
 * ExitProcess; it imports only kernel32.dll and dokan.dll. */
#include <windows.h>
#include "dokan.h"

static void write_text(const char *text)
{
	DWORD written;

	WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), text, (DWORD)lstrlenA(text), &written, NULL);
}

/* The decimal digits of value, in buffer; returns where they start. */
static const char *decimal(ULONG value, char buffer[16])
{
	char *digit = buffer + 15;

	*digit = '\0';
	do {
		*--digit = (char)('0' + value % 10);
		value /= 10;
	} while (value != 0);
	return digit;
}

static void print_number(const char *label, ULONG value)
{
	char digits[16];

	write_text(label);
	write_text(decimal(value, digits));
	write_text("\r\n");
}

/* The entry point lld-link is told about (/entry): no CRT start-up code runs before it. */
void __cdecl client_entry(void)
{
	ULONG version = DokanVersion();

	print_number("DokanVersion() = ", version);
	/* 0 when no driver answers, which is all right here: the call itself must link. */
	print_number("DokanDriverVersion() = ", DokanDriverVersion());
	ExitProcess(version == DOKAN_VERSION ? 0 : 1);
}
