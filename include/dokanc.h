/* SPDX-License-Identifier: LGPL-3.0-or-later
 * dokanc.h - control interface of the Dokan 0.6.0 compatible library: services, the
 * mounter pipe, driver debug level. Used by dokanctl and mounter. */
#ifndef DOKANC_H_
#define DOKANC_H_

#include "dokan.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DOKAN_MOUNT_POINT_SUPPORTED_VERSION 600
#define DOKAN_SECURITY_SUPPORTED_VERSION    600

#define DOKAN_GLOBAL_DEVICE_NAME L"\\\\.\\Dokan"
#define DOKAN_CONTROL_PIPE       L"\\\\.\\pipe\\DokanMounter"

#define DOKAN_MOUNTER_SERVICE L"DokanMounter"
#define DOKAN_DRIVER_SERVICE  L"Dokan"

/* DOKAN_CONTROL.Type */
#define DOKAN_CONTROL_MOUNT   1
#define DOKAN_CONTROL_UNMOUNT 2
#define DOKAN_CONTROL_CHECK   3
#define DOKAN_CONTROL_FIND    4
#define DOKAN_CONTROL_LIST    5

#define DOKAN_CONTROL_OPTION_FORCE_UNMOUNT 1

#define DOKAN_CONTROL_SUCCESS 1
#define DOKAN_CONTROL_FAIL    0

#define DOKAN_SERVICE_START  1
#define DOKAN_SERVICE_STOP   2
#define DOKAN_SERVICE_DELETE 3

#define DOKAN_KEEPALIVE_TIME 3000 /* ms between keep-alive pings */
#define DOKAN_MAX_THREAD     15   /* worker threads + the keep-alive thread */

/* One request to the DokanMounter service, and its reply (660 bytes). */
typedef struct _DOKAN_CONTROL {
	ULONG Type; /* DOKAN_CONTROL_* */
	WCHAR MountPoint[MAX_PATH];
	WCHAR DeviceName[64]; /* e.g. \Volume{D6CC17C5-1734-4085-BCE7-964F1E9F5DE9} */
	ULONG Option;         /* LIST: index; UNMOUNT: DOKAN_CONTROL_OPTION_FORCE_UNMOUNT */
	ULONG Status;         /* reply: DOKAN_CONTROL_SUCCESS or DOKAN_CONTROL_FAIL */
} DOKAN_CONTROL, *PDOKAN_CONTROL;

BOOL DOKANAPI DokanServiceInstall(LPCWSTR ServiceName, DWORD ServiceType, LPCWSTR ServiceFullPath);
BOOL DOKANAPI DokanServiceDelete(LPCWSTR ServiceName);
BOOL DOKANAPI DokanNetworkProviderInstall(void);
BOOL DOKANAPI DokanNetworkProviderUninstall(void);
BOOL DOKANAPI DokanSetDebugMode(ULONG Mode);
BOOL DOKANAPI DokanMountControl(PDOKAN_CONTROL Control);

/* Debug helpers for tools, under 0.6.0's names (DokanDbgPrint, DokanDbgPrintW, DbgPrint,
 * DbgPrintW). These two flags are not exported by dokan.dll: a program that uses the
 * helpers defines them itself. */
extern BOOL g_DebugMode;
extern BOOL g_UseStdErr;

#include <stdio.h>
#include <stdarg.h>

static inline void DokanDbgPrint(LPCSTR format, ...)
{
	char text[512];
	va_list args;
	va_start(args, format);
	_vsnprintf(text, sizeof(text) - 1, format, args);
	text[sizeof(text) - 1] = '\0';
	va_end(args);
	if (g_UseStdErr)
		fputs(text, stderr);
	else
		OutputDebugStringA(text);
}

static inline void DokanDbgPrintW(LPCWSTR format, ...)
{
	WCHAR text[512];
	va_list args;
	va_start(args, format);
	_vsnwprintf(text, sizeof(text) / sizeof(WCHAR) - 1, format, args);
	text[sizeof(text) / sizeof(WCHAR) - 1] = L'\0';
	va_end(args);
	if (g_UseStdErr)
		fputws(text, stderr);
	else
		OutputDebugStringW(text);
}

#ifndef DOKANC_NO_DBGPRINT
#define DbgPrint(...)                               \
	do {                                        \
		if (g_DebugMode)                    \
			DokanDbgPrint(__VA_ARGS__); \
	} while (0)
#define DbgPrintW(...)                               \
	do {                                         \
		if (g_DebugMode)                     \
			DokanDbgPrintW(__VA_ARGS__); \
	} while (0)
#endif

#ifdef __cplusplus
}
#endif

#endif /* DOKANC_H_ */
