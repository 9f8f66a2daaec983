/* SPDX-License-Identifier: LGPL-3.0-or-later
 * abi_layout.h - one list of the layout facts fuser_abi compares; the prefixes are
 * DOKAN_/Dokan in abi_dokan.c and FUSER_/Fuser in abi_fuser.c.
 * See docs/behaviour.md, "The Fuser flavour". dokan.h and fuser.h cannot share a
 * translation unit: both declare PFillFindData and the DbgPrint helpers. */
#include <stddef.h>

#define ABI_NAME(p, n) p##n /* pasted unexpanded: ERROR is a <wingdi.h> macro */
#define ABI_LAYOUT(P, C) { \
	sizeof(ABI_NAME(P, OPTIONS)), offsetof(ABI_NAME(P, OPTIONS), Version), \
	offsetof(ABI_NAME(P, OPTIONS), ThreadCount), offsetof(ABI_NAME(P, OPTIONS), Options), \
	offsetof(ABI_NAME(P, OPTIONS), GlobalContext), offsetof(ABI_NAME(P, OPTIONS), MountPoint), \
	sizeof(ABI_NAME(P, FILE_INFO)), offsetof(ABI_NAME(P, FILE_INFO), Context), \
	offsetof(ABI_NAME(P, FILE_INFO), ABI_NAME(C, Context)), \
	offsetof(ABI_NAME(P, FILE_INFO), ABI_NAME(C, Options)), \
	offsetof(ABI_NAME(P, FILE_INFO), ProcessId), offsetof(ABI_NAME(P, FILE_INFO), IsDirectory), \
	offsetof(ABI_NAME(P, FILE_INFO), DeleteOnClose), offsetof(ABI_NAME(P, FILE_INFO), PagingIo), \
	offsetof(ABI_NAME(P, FILE_INFO), SynchronousIo), offsetof(ABI_NAME(P, FILE_INFO), Nocache), \
	offsetof(ABI_NAME(P, FILE_INFO), WriteToEndOfFile), \
	sizeof(ABI_NAME(P, OPERATIONS)), offsetof(ABI_NAME(P, OPERATIONS), CreateFile), \
	offsetof(ABI_NAME(P, OPERATIONS), FindFiles), offsetof(ABI_NAME(P, OPERATIONS), GetVolumeInformation), \
	offsetof(ABI_NAME(P, OPERATIONS), Unmount), offsetof(ABI_NAME(P, OPERATIONS), GetFileSecurity), \
	offsetof(ABI_NAME(P, OPERATIONS), SetFileSecurity), sizeof(ABI_NAME(P, CONTROL)), \
	ABI_NAME(P, VERSION), ABI_NAME(P, OPTION_DEBUG), ABI_NAME(P, OPTION_STDERR), \
	ABI_NAME(P, OPTION_ALT_STREAM), ABI_NAME(P, OPTION_KEEP_ALIVE), ABI_NAME(P, OPTION_NETWORK), \
	ABI_NAME(P, OPTION_REMOVABLE), (size_t)ABI_NAME(P, SUCCESS), (size_t)ABI_NAME(P, ERROR), \
	(size_t)ABI_NAME(P, DRIVE_LETTER_ERROR), (size_t)ABI_NAME(P, DRIVER_INSTALL_ERROR), \
	(size_t)ABI_NAME(P, START_ERROR), (size_t)ABI_NAME(P, MOUNT_ERROR), \
	(size_t)ABI_NAME(P, MOUNT_POINT_ERROR), ABI_NAME(P, CONTROL_MOUNT), \
	ABI_NAME(P, CONTROL_UNMOUNT), ABI_NAME(P, CONTROL_LIST), ABI_NAME(P, CONTROL_SUCCESS) }
#define ABI_FACT_COUNT 43
extern const size_t dokan_layout[ABI_FACT_COUNT];
extern const size_t fuser_layout[ABI_FACT_COUNT];
