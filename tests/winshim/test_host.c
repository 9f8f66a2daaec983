// SPDX-License-Identifier: LGPL-3.0-or-later
/* test_host.c - the shim's pure parts on the build machine: the stub matcher against every
 * hooked export of Wine's real x64 and i386 ntdll.dll (the i386 one is checked here because
 * this machine may not run 32-bit programs), the jumps it writes, and the handle table.
 * Usage: test_host [x64-ntdll.dll [i386-ntdll.dll]] (defaults: Debian's wine paths). */
#include "handles.h"
#include "hooklist.h"
#include "stubs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"


/* ---- a minimal PE reader: file bytes, RVA -> bytes, export lookup ---- */

typedef struct pe_file {
	uint8_t *data;
	size_t size;
	uint32_t sections, section_table;
} pe_file;

static uint32_t u32(const pe_file *pe, size_t off)
{
	const uint8_t *p = pe->data + off;

	return off + 4 > pe->size ? 0 : (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t u16(const pe_file *pe, size_t off)
{
	return off + 2 > pe->size ? 0 : (uint16_t)(pe->data[off] | pe->data[off + 1] << 8);
}

/* The file offset of an RVA, or 0 when no section holds it. */
static size_t rva_offset(const pe_file *pe, uint32_t rva)
{
	uint32_t i;

	for (i = 0; i < pe->sections; i++) {
		size_t s = pe->section_table + i * 40u;
		uint32_t va = u32(pe, s + 12), raw_size = u32(pe, s + 16), raw = u32(pe, s + 20);
		if (rva >= va && rva < va + raw_size)
			return raw + (rva - va);
	}
	return 0;
}

static int pe_load(pe_file *pe, const char *path)
{
	FILE *f = fopen(path, "rb");
	uint32_t nt;

	memset(pe, 0, sizeof(*pe));
	if (!f)
		return 0;
	fseek(f, 0, SEEK_END);
	pe->size = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	pe->data = malloc(pe->size);
	if (!pe->data || fread(pe->data, 1, pe->size, f) != pe->size) {
		fclose(f);
		return 0;
	}
	fclose(f);
	nt = u32(pe, 0x3c);
	pe->sections = u16(pe, nt + 6);
	pe->section_table = nt + 24 + u16(pe, nt + 20);
	return u32(pe, nt) == 0x4550; /* "PE\0\0" */
}

/* The bytes of an exported function, or NULL. */
static const uint8_t *pe_export(const pe_file *pe, const char *name)
{
	uint32_t nt = u32(pe, 0x3c), opt = nt + 24;
	int plus = u16(pe, opt) == 0x20b;
	size_t dir = rva_offset(pe, u32(pe, opt + (plus ? 112 : 96)));
	uint32_t count, i;
	size_t names, ordinals, functions;

	if (!dir)
		return NULL;
	count = u32(pe, dir + 24);
	functions = rva_offset(pe, u32(pe, dir + 28));
	names = rva_offset(pe, u32(pe, dir + 32));
	ordinals = rva_offset(pe, u32(pe, dir + 36));
	for (i = 0; i < count; i++) {
		size_t at = rva_offset(pe, u32(pe, names + i * 4u));
		if (at && !strcmp((const char *)pe->data + at, name)) {
			size_t code = rva_offset(pe, u32(pe, functions + u16(pe, ordinals + i * 2u) * 4u));
			return code && code + SHIM_X64_STUB_BYTES <= pe->size ? pe->data + code : NULL;
		}
	}
	return NULL;
}

/* ---- the stub matcher on real files ---- */

typedef int (*matcher)(const uint8_t *code);

static void check_ntdll(const char *path, const char *arch, matcher is_stub)
{
	pe_file pe;
	int matched = 0;

	if (!pe_load(&pe, path)) {
		printf("skip: %s ntdll not readable at %s (install wine%s)\n", arch, path,
			strcmp(arch, "x64") ? "32:i386" : "64");
		free(pe.data);
		return;
	}
#define CHECK_ONE(name, required) { \
		const uint8_t *code = pe_export(&pe, #name); \
		if (!code) \
			CHECK(!(required), "%s: %s is not exported", arch, #name); \
		else { \
			CHECK(is_stub(code), "%s: %s is not a known stub", arch, #name); \
			matched += is_stub(code); \
		} }
	SHIM_HOOKS(CHECK_ONE)
#undef CHECK_ONE
	/* a function that is not a stub must be refused (RtlInitUnicodeString is real code) */
	CHECK(!pe_export(&pe, "RtlInitUnicodeString") || !is_stub(pe_export(&pe, "RtlInitUnicodeString")),
		"%s: RtlInitUnicodeString taken for a stub", arch);
	printf("ok: %s %s: %d hooked stubs recognised\n", arch, path, matched);
	free(pe.data);
}

/* ---- the matcher on the bytes recorded in shim-proto/ntdll-stubs.txt ---- */

static void check_recorded_bytes(void)
{
	uint8_t x64[SHIM_X64_STUB_BYTES] = {
		0x4c, 0x8b, 0xd1, 0xb8, 0x1d, 0x00, 0x00, 0x00, 0xf6, 0x04, 0x25, 0x08, 0x03, 0xfe, 0x7f, 0x01,
		0x75, 0x03, 0x0f, 0x05, 0xc3, 0xeb, 0x01, 0xc3, 0xff, 0x14, 0x25, 0x00, 0x10, 0xfe, 0x7f, 0xc3 };
	uint8_t i386[SHIM_I386_STUB_BYTES] = {
		0xb8, 0x1d, 0x00, 0x00, 0x00, 0xba, 0x20, 0xc6, 0xc0, 0x7b, 0xff, 0xd2, 0xc2, 0x2c, 0x00 };
	size_t i;

	CHECK(shim_is_x64_stub(x64), "recorded x64 NtCreateFile stub refused");
	CHECK(shim_x64_stub_service(x64) == 0x1d, "x64 service %u", shim_x64_stub_service(x64));
	CHECK(shim_is_i386_stub(i386), "recorded i386 NtCreateFile stub refused");
	CHECK(shim_i386_stub_service(i386) == 0x1d, "i386 service %u", shim_i386_stub_service(i386));
	CHECK(shim_i386_stub_arg_bytes(i386) == 44, "i386 arg bytes %u", shim_i386_stub_arg_bytes(i386));
	/* any change outside the variable fields is refused */
	for (i = 0; i < sizeof(x64); i++) {
		if (i >= 4 && i < 8)
			continue;
		x64[i] ^= 0x40;
		CHECK(!shim_is_x64_stub(x64), "x64 stub with byte %zu changed accepted", i);
		x64[i] ^= 0x40;
	}
	for (i = 0; i < sizeof(i386); i++) {
		if ((i >= 1 && i < 5) || (i >= 6 && i < 10) || i >= 13)
			continue;
		i386[i] ^= 0x40;
		CHECK(!shim_is_i386_stub(i386), "i386 stub with byte %zu changed accepted", i);
		i386[i] ^= 0x40;
	}
	/* a stub already patched (by us or another tool) is not a stub any more */
	shim_x64_jump(x64, 0x123456789abcdef0ull);
	CHECK(!shim_is_x64_stub(x64), "patched x64 stub accepted");
	printf("ok: recorded stub bytes\n");
}

static void check_jumps(void)
{
	static const uint8_t want64[SHIM_X64_PATCH_BYTES] = {
		0xff, 0x25, 0, 0, 0, 0, 0xf0, 0xde, 0xbc, 0x9a, 0x78, 0x56, 0x34, 0x12 };
	uint8_t out64[SHIM_X64_PATCH_BYTES], out32[SHIM_I386_PATCH_BYTES];

	shim_x64_jump(out64, 0x123456789abcdef0ull);
	CHECK(!memcmp(out64, want64, sizeof(want64)), "x64 jmp [rip] bytes");
	shim_i386_jump(out32, 0x7bc0b900u, 0x10001000u);
	CHECK(out32[0] == 0xe9, "i386 jmp opcode");
	/* target = at + 5 + rel32 (mod 2^32) */
	CHECK((uint32_t)(0x7bc0b905u + (uint32_t)(out32[1] | out32[2] << 8 | out32[3] << 16 | (uint32_t)out32[4] << 24)) == 0x10001000u,
		"i386 jmp rel32 does not reach its target");
	shim_i386_jump(out32, 0x10000000u, 0x7bc0b900u);
	CHECK((uint32_t)(0x10000005u + (uint32_t)(out32[1] | out32[2] << 8 | out32[3] << 16 | (uint32_t)out32[4] << 24)) == 0x7bc0b900u,
		"i386 forward jmp rel32");
	printf("ok: jump encodings\n");
}

/* ---- the handle table against a reference array ---- */

static size_t allocations;
static void *test_alloc(size_t n) { allocations++; return calloc(1, n); }
static void test_release(void *p) { allocations--; free(p); }

static void check_handles(void)
{
	enum { KEYS = 5000 };
	static int present[KEYS];
	shim_handle_table table;
	shim_handle_info info = { 0 }, got;
	unsigned seed = 12345;
	size_t i, live = 0;
	int step;

	shim_handles_init(&table, test_alloc, test_release);
	CHECK(!shim_handles_get(&table, 4, &got), "empty table finds a key");
	CHECK(!shim_handles_remove(&table, 4), "empty table removes a key");
	CHECK(!shim_handles_put(&table, 0, &info), "key 0 accepted");
	CHECK(!shim_handles_get(&table, 0, &got), "key 0 found");
	/* random puts and removes of handle-like values (multiples of 4), checked each time */
	for (step = 0; step < 200000; step++) {
		seed = seed * 1103515245u + 12345u;
		i = (seed >> 8) % KEYS;
		if ((seed >> 4) & 1) {
			info.file_id = (uint32_t)i * 7u + 1u;
			info.kind = SHIM_HANDLE_BOUND;
			CHECK(shim_handles_put(&table, (i + 1) * 4, &info), "put failed");
			live += !present[i];
			present[i] = 1;
		} else {
			CHECK(shim_handles_remove(&table, (i + 1) * 4) == present[i], "remove of %zu", i);
			live -= present[i];
			present[i] = 0;
		}
		if (ck_failed() > 10)
			break;
	}
	CHECK(table.live == live, "live count %zu, expected %zu", table.live, live);
	for (i = 0; i < KEYS; i++) {
		int found = shim_handles_get(&table, (i + 1) * 4, &got);
		CHECK(found == present[i], "key %zu found=%d present=%d", i, found, present[i]);
		CHECK(!found || got.file_id == (uint32_t)i * 7u + 1u, "key %zu has file id %u", i, got.file_id);
	}
	CHECK(table.capacity <= 4 * 8192, "table grew to %zu slots for at most %d keys", table.capacity, KEYS);
	shim_handles_free(&table);
	CHECK(allocations == 0, "%zu allocations left after free", allocations);
	printf("ok: handle table (200,000 random puts/removes, %zu live at the end)\n", live);
}

int main(int argc, char **argv)
{
	const char *x64 = argc > 1 ? argv[1] : "/usr/lib/x86_64-linux-gnu/wine/x86_64-windows/ntdll.dll";
	const char *i386 = argc > 2 ? argv[2] : "/usr/lib/i386-linux-gnu/wine/i386-windows/ntdll.dll";

	check_recorded_bytes();
	check_jumps();
	check_ntdll(x64, "x64", shim_is_x64_stub);
	check_ntdll(i386, "i386", shim_is_i386_stub);
	check_handles();
	return ck_summary("test_host");
}
