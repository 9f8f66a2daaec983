/* SPDX-License-Identifier: LGPL-3.0-or-later
 * nt_host.h - the few NT types a pure driver module uses (sys/names.h), for compiling it
 * with the build machine's cc (DK_HOST_BUILD). Same sizes as the DDK's: WCHAR is UTF-16,
 * not the host's 32-bit wchar_t, so tests write names as u"..." literals. */
#ifndef NT_HOST_H_
#define NT_HOST_H_

#include <stdint.h>

typedef uint16_t WCHAR;
typedef WCHAR *PWCH;
typedef uint16_t USHORT;
typedef uint32_t ULONG;
typedef uint8_t BOOLEAN;
typedef int32_t NTSTATUS;

typedef struct _UNICODE_STRING {
	USHORT Length;        /* bytes, without a terminator */
	USHORT MaximumLength; /* bytes of Buffer */
	PWCH Buffer;
} UNICODE_STRING;

#define TRUE 1
#define FALSE 0
#define NTAPI

#endif /* NT_HOST_H_ */
