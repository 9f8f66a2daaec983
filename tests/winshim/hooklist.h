// SPDX-License-Identifier: LGPL-3.0-or-later
/* hooklist.h - the ntdll services the shim patches, one X(name, required) each. Shared by
 * the shim (which patches them) and test_host.c (which checks them in the real ntdll.dll
 * files). A required one missing or of an unknown layout makes the shim refuse to load;
 * an optional one is skipped when ntdll does not export it. */
#ifndef WINSHIM_HOOKLIST_H_
#define WINSHIM_HOOKLIST_H_

#define SHIM_REQUIRED 1
#define SHIM_OPTIONAL 0

#define SHIM_HOOKS(X) \
	X(NtCreateFile, SHIM_REQUIRED) \
	X(NtOpenFile, SHIM_REQUIRED) \
	X(NtClose, SHIM_REQUIRED) \
	X(NtDuplicateObject, SHIM_REQUIRED) \
	X(NtReadFile, SHIM_REQUIRED) \
	X(NtWriteFile, SHIM_REQUIRED) \
	X(NtFlushBuffersFile, SHIM_REQUIRED) \
	X(NtQueryInformationFile, SHIM_REQUIRED) \
	X(NtSetInformationFile, SHIM_REQUIRED) \
	X(NtQueryDirectoryFile, SHIM_REQUIRED) \
	X(NtQueryDirectoryFileEx, SHIM_OPTIONAL) \
	X(NtQueryAttributesFile, SHIM_REQUIRED) \
	X(NtQueryFullAttributesFile, SHIM_REQUIRED) \
	X(NtDeleteFile, SHIM_REQUIRED) \
	X(NtFsControlFile, SHIM_REQUIRED) \
	X(NtLockFile, SHIM_REQUIRED) \
	X(NtUnlockFile, SHIM_REQUIRED) \
	X(NtNotifyChangeDirectoryFile, SHIM_REQUIRED) \
	X(NtQuerySecurityObject, SHIM_REQUIRED) \
	X(NtSetSecurityObject, SHIM_REQUIRED) \
	X(NtQueryVolumeInformationFile, SHIM_REQUIRED) \
	X(NtSetVolumeInformationFile, SHIM_REQUIRED) \
	X(NtQueryObject, SHIM_REQUIRED) \
	X(NtCreateUserProcess, SHIM_REQUIRED)

#endif
