// SPDX-License-Identifier: LGPL-3.0-or-later
/* stubs.c - see stubs.h. A layout is a list of byte values, ANY where the value differs
 * from stub to stub; nothing else is accepted, because patching a stub of another shape
 * would break the program in ways nobody could diagnose. */
#include "stubs.h"

#include <string.h>

#define ANY (-1)

static const int16_t x64_layout[SHIM_X64_STUB_BYTES] = {
	0x4c, 0x8b, 0xd1,                         /* mov r10, rcx */
	0xb8, ANY, ANY, ANY, ANY,                 /* mov eax, service */
	0xf6, 0x04, 0x25, 0x08, 0x03, 0xfe, 0x7f, 0x01, /* test byte [0x7ffe0308], 1 */
	0x75, 0x03,                               /* jne +3 */
	0x0f, 0x05,                               /* syscall */
	0xc3,                                     /* ret */
	0xeb, 0x01,                               /* jmp +1 */
	0xc3,                                     /* ret */
	0xff, 0x14, 0x25, 0x00, 0x10, 0xfe, 0x7f, /* call [0x7ffe1000] */
	0xc3,                                     /* ret */
};

static const int16_t i386_layout[SHIM_I386_STUB_BYTES] = {
	0xb8, ANY, ANY, ANY, ANY,                 /* mov eax, service */
	0xba, ANY, ANY, ANY, ANY,                 /* mov edx, dispatcher */
	0xff, 0xd2,                               /* call edx */
	0xc2, ANY, ANY,                           /* ret arg_bytes */
};

static int matches(const uint8_t *code, const int16_t *layout, size_t bytes)
{
	size_t i;

	for (i = 0; i < bytes; i++)
		if (layout[i] != ANY && code[i] != (uint8_t)layout[i])
			return 0;
	return 1;
}

static uint32_t read_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void write_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

int shim_is_x64_stub(const uint8_t *code)
{
	return matches(code, x64_layout, SHIM_X64_STUB_BYTES);
}

int shim_is_i386_stub(const uint8_t *code)
{
	return matches(code, i386_layout, SHIM_I386_STUB_BYTES);
}

uint32_t shim_x64_stub_service(const uint8_t *code)
{
	return read_u32(code + 4);
}

uint32_t shim_i386_stub_service(const uint8_t *code)
{
	return read_u32(code + 1);
}

uint16_t shim_i386_stub_arg_bytes(const uint8_t *code)
{
	return (uint16_t)(code[13] | code[14] << 8);
}

void shim_x64_jump(uint8_t out[SHIM_X64_PATCH_BYTES], uint64_t target)
{
	static const uint8_t jmp_rip[6] = { 0xff, 0x25, 0x00, 0x00, 0x00, 0x00 };

	memcpy(out, jmp_rip, sizeof(jmp_rip));
	write_u32(out + 6, (uint32_t)target);
	write_u32(out + 10, (uint32_t)(target >> 32));
}

/* rel32 counts from the end of the 5-byte instruction; wrap-around is what the CPU does. */
void shim_i386_jump(uint8_t out[SHIM_I386_PATCH_BYTES], uint32_t at, uint32_t target)
{
	out[0] = 0xe9;
	write_u32(out + 1, target - (at + SHIM_I386_PATCH_BYTES));
}
