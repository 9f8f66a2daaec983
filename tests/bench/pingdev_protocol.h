// SPDX-License-Identifier: LGPL-3.0-or-later
/* pingdev_protocol.h - IOCTLs of pingdev.sys, the bare inverted call (no file system, no
 * Dokan): a bench-only device that measures what Wine's kernel IPC costs when a user
 * thread parked in an IOCTL is woken by a completion and answers with its next IOCTL.
 *
 *   PING_NOW    the driver answers at once (in: 8 bytes, out: the same 8 bytes)
 *   PING_RELAY  a client's request: handed to a parked server thread; the IRP completes
 *               when that server answers (in: 8 bytes, out: the server's 8 bytes)
 *   PING_SERVE  a server thread: in, optionally, the answer to the oldest relayed request;
 *               out, the next request (the IRP waits for one)
 *
 * One RELAY is the pattern of a Dokan request (a client IRP pended while a worker parked
 * in TRANSACT is completed, and the worker's next TRANSACT completes it), without the
 * event, the reply checks and the callbacks. */
#ifndef PINGDEV_PROTOCOL_H_
#define PINGDEV_PROTOCOL_H_

#define PINGDEV_DEVICE_NAME L"\\Device\\DokanBenchPing"
#define PINGDEV_LINK_NAME   L"\\DosDevices\\DokanBenchPing"
#define PINGDEV_WIN32_NAME  L"\\\\.\\DokanBenchPing"
#define PINGDEV_SERVICE     L"DokanBenchPing"

/* CTL_CODE(FILE_DEVICE_UNKNOWN, function, METHOD_BUFFERED, FILE_ANY_ACCESS) */
#define PINGDEV_CTL(function) ((0x22u << 16) | ((function) << 2))
#define IOCTL_PING_NOW   PINGDEV_CTL(0x901u)
#define IOCTL_PING_RELAY PINGDEV_CTL(0x902u)
#define IOCTL_PING_SERVE PINGDEV_CTL(0x903u)

#define PINGDEV_MESSAGE_BYTES 8u

#endif /* PINGDEV_PROTOCOL_H_ */
