/* SPDX-License-Identifier: MIT
 * fuser_client.c - a program written against fuser.h only, linked to fuser.lib
 * (docs/behaviour.md, "The Fuser flavour"). It calls the driver-free exports and prepares
 * a FuserMain call without mounting: the Fuser names link and load from fuser.dll. */
#include <windows.h>
#include <stdio.h>
#include "fuser.h"

static int failures;

static void expect(BOOL ok, const char *what)
{
	if (!ok) {
		printf("FAIL %s\n", what);
		failures++;
	}
}

static int FUSER_CALLBACK get_volume_information(LPWSTR label, DWORD labelSize, LPDWORD serial,
	LPDWORD maxComponent, LPDWORD flags, LPWSTR fsName, DWORD fsNameSize, PFUSER_FILE_INFO info)
{
	return 0;
}

int main(void)
{
	FUSER_OPTIONS options = { FUSER_VERSION, 1, FUSER_OPTION_KEEP_ALIVE, 0, L"N" };
	FUSER_OPERATIONS operations = { 0 };
	FUSER_FILE_INFO info = { 0 };

	operations.GetVolumeInformation = get_volume_information;
	info.FuserOptions = &options;
	expect(FuserVersion() == FUSER_VERSION, "FuserVersion() == FUSER_VERSION");
	expect(FuserIsNameInExpression(L"*.TXT", L"readme.txt", TRUE), "FuserIsNameInExpression match");
	expect(!FuserIsNameInExpression(L"*.c", L"readme.txt", TRUE), "FuserIsNameInExpression mismatch");
	expect(info.FuserContext == 0 && operations.CreateFile == NULL, "zeroed structures");
	/* No driver is needed for the answer: an out-of-range result says "not installed". */
	printf("fuser_client: FuserVersion %lu, FuserDriverVersion 0x%lx\n", FuserVersion(),
	       FuserDriverVersion());
	if (failures)
		return 1;
	printf("fuser_client: ok\n");
	return 0;
}
