// SPDX-License-Identifier: LGPL-3.0-or-later
/* stubs.h - recognising Wine's ntdll system-call stubs and building the jumps that replace
 * them. Plain C without Windows headers, so the host's compiler can test it against the
 * real ntdll.dll files (test_host.c). */
#ifndef WINSHIM_STUBS_H_
#define WINSHIM_STUBS_H_

#include <stddef.h>
#include <stdint.h>

/* x64: every Nt* service of Wine 8.0's ntdll is one 32-byte stub (README, "Wine facts").
 * It addresses only absolute locations and jumps inside itself, so a copy of it anywhere
 * still works: the copy is the trampoline that reaches Wine. */
#define SHIM_X64_STUB_BYTES  32
#define SHIM_X64_PATCH_BYTES 14   /* jmp [rip+0]; .quad target */

/* i386: mov eax,N; mov edx,dispatcher; call edx; ret N. Also position-independent. */
#define SHIM_I386_STUB_BYTES  15
#define SHIM_I386_PATCH_BYTES 5   /* jmp rel32 */

/* True when code (at least SHIM_*_STUB_BYTES readable bytes) is exactly that layout;
 * only the service number, the dispatcher address and the stack bytes popped may vary. */
int shim_is_x64_stub(const uint8_t *code);
int shim_is_i386_stub(const uint8_t *code);

/* The service number loaded into eax (only meaningful on a recognised stub). */
uint32_t shim_x64_stub_service(const uint8_t *code);
uint32_t shim_i386_stub_service(const uint8_t *code);
/* The bytes of arguments the i386 stub pops (ret N). */
uint16_t shim_i386_stub_arg_bytes(const uint8_t *code);

/* The bytes that make the stub jump to target. i386: at is the stub's own address. */
void shim_x64_jump(uint8_t out[SHIM_X64_PATCH_BYTES], uint64_t target);
void shim_i386_jump(uint8_t out[SHIM_I386_PATCH_BYTES], uint32_t at, uint32_t target);

#endif
