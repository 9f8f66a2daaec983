/* SPDX-License-Identifier: MIT
 * dk_flavor.h - every name by which an install of this library is seen by Windows, for the
 * two flavours one source tree builds (docs/behaviour.md, "The Fuser flavour"): Dokan (the
 * default) and Fuser (compiled with DK_FLAVOR_FUSER). Private: programs use dokan.h or the
 * generated fuser.h. A Fuser install must share none of these with a Dokan install. */
#ifndef DK_FLAVOR_H_
#define DK_FLAVOR_H_

#ifdef DK_FLAVOR_FUSER
#define DKF_NAME               L"Fuser"
#define DKF_DEBUG_PREFIX       "fuser: "
#define DKF_DEBUG_PREFIX_W     L"fuser: "
#define DKF_DRIVER_SERVICE     L"Fuser"
#define DKF_DRIVER_FILE        L"fuser.sys"
#define DKF_DRIVER_PATH_SUFFIX L"\\drivers\\fuser.sys"
#define DKF_CONTROL_DEVICE     L"\\Device\\Fuser"
#define DKF_CONTROL_LINK       L"\\DosDevices\\Global\\Fuser"
#define DKF_CONTROL_LINK_LOCAL L"\\DosDevices\\Fuser"
#define DKF_GLOBAL_DEVICE      L"\\\\.\\Fuser"
#define DKF_VOLUME_DEVICE_BASE L"\\Device\\Fuser"
#define DKF_REDIRECTOR_BASE    L"\\FuserRedirector"
#define DKF_REDIRECTOR_DEVICE  L"\\Device\\FuserRedirector"
#define DKF_DEVICE_LIST_LOCK   L"\\BaseNamedObjects\\FuserDeviceListLock"
#define DKF_MOUNTER_SERVICE    L"FuserMounter"
#define DKF_CONTROL_PIPE       L"\\\\.\\pipe\\FuserMounter"
#define DKF_VOLUME_LABEL       L"FUSER"
#define DKF_FS_NAME            L"Fuser"
#define DKF_NP_PROVIDER        L"Fuser"
#define DKF_NP_NAME            L"FuserNP"
#define DKF_NP_KEY             L"System\\CurrentControlSet\\Services\\Fuser\\NetworkProvider"
#define DKF_NP_PATH            L"System32\\fusernp.dll"
#define DKF_CTL_NAME           L"fuserctl"
#define DKF_DLL_FILE           L"fuser.dll"
#define DKF_POOL_TAG           0x52535546u /* "FUSR" in pool dumps */
/* Volume GUIDs: 0.6.0's base GUID with the first group changed, so no \Volume{...} of
 * one flavour can be the other's. */
#define DKF_GUID_FIRST L"F05E17C5"
#else
#define DKF_NAME               L"Dokan"
#define DKF_DEBUG_PREFIX       "dokan: "
#define DKF_DEBUG_PREFIX_W     L"dokan: "
#define DKF_DRIVER_SERVICE     L"Dokan"
#define DKF_DRIVER_FILE        L"dokan.sys"
#define DKF_DRIVER_PATH_SUFFIX L"\\drivers\\dokan.sys"
#define DKF_CONTROL_DEVICE     L"\\Device\\Dokan"
#define DKF_CONTROL_LINK       L"\\DosDevices\\Global\\Dokan"
#define DKF_CONTROL_LINK_LOCAL L"\\DosDevices\\Dokan"
#define DKF_GLOBAL_DEVICE      L"\\\\.\\Dokan"
#define DKF_VOLUME_DEVICE_BASE L"\\Device\\Dokan"
#define DKF_REDIRECTOR_BASE    L"\\DokanRedirector"
#define DKF_REDIRECTOR_DEVICE  L"\\Device\\DokanRedirector"
#define DKF_DEVICE_LIST_LOCK   L"\\BaseNamedObjects\\DokanDeviceListLock"
#define DKF_MOUNTER_SERVICE    L"DokanMounter"
#define DKF_CONTROL_PIPE       L"\\\\.\\pipe\\DokanMounter"
#define DKF_VOLUME_LABEL       L"DOKAN"
#define DKF_FS_NAME            L"Dokan"
#define DKF_NP_PROVIDER        L"Dokan"
#define DKF_NP_NAME            L"DokanNP"
#define DKF_NP_KEY             L"System\\CurrentControlSet\\Services\\Dokan\\NetworkProvider"
#define DKF_NP_PATH            L"System32\\dokannp.dll"
#define DKF_CTL_NAME           L"dokanctl"
#define DKF_DLL_FILE           L"dokan.dll"
#define DKF_POOL_TAG           0x414B4F44u /* "DOKA" in pool dumps */
#define DKF_GUID_FIRST         L"D6CC17C5"
#endif

#endif
