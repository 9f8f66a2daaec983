/* SPDX-License-Identifier: LGPL-3.0-or-later
 * mountctl.h - internal helpers for talking to the DokanMounter service. */
#ifndef DOKAN_MOUNTCTL_H_
#define DOKAN_MOUNTCTL_H_

#include <windows.h>

/* Ask the mounter to make device_name (e.g. L"\\Volume{...}") visible under mount_point
 * ("M", "M:", "M:\" or a folder). TRUE iff the mounter replied success. */
BOOL dk_mounter_mount(LPCWSTR mount_point, LPCWSTR device_name);

/* Ask the mounter to remove mount_point (no force). The driver is not contacted.
 * TRUE iff the mounter replied success. */
BOOL dk_mounter_unmount(LPCWSTR mount_point);

#endif /* DOKAN_MOUNTCTL_H_ */
