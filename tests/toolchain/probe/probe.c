/* SPDX-License-Identifier: LGPL-3.0-or-later
 * probe.c - the smallest driver that needs the DDK's file-system header. */
#include <ntifs.h>

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registryPath)
{
	(void)driver;
	(void)registryPath;
	return STATUS_UNSUCCESSFUL;
}
