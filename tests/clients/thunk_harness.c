// SPDX-License-Identifier: LGPL-3.0-or-later
// thunk_harness.c - a freestanding i386 Linux program (no libc) that runs the bytes of
// dokan.dll's callback thunk, copied from the built DLL by thunk_exec.sh into
// thunk_bytes.S, on real i386 semantics (qemu-i386 where the kernel runs no 32-bit
// programs). It calls a cdecl and a stdcall callee with the argument shapes of ReadFile
// (a LONGLONG in the middle) many times and checks the arguments, the result, the stack
// pointer and the callee-saved registers afterwards. Exit code: number of failures.
typedef unsigned int u32;
typedef long long i64;

static volatile u32 seen_bad_args;

#define CHECK_ARGS(a, b, c, d, off, last) \
	if ((a) != 0x11111111u || (b) != 0x22222222u || (c) != 0x33333333u || (d) != 0x44444444u || \
		(off) != 0x5555555566666666ll || (last) != 0x77777777u) seen_bad_args++

__attribute__((cdecl, noinline)) static int callee_cdecl(u32 a, u32 b, u32 c, u32 d, i64 off, u32 last)
{
	CHECK_ARGS(a, b, c, d, off, last);
	return 41;
}

__attribute__((stdcall, noinline)) static int callee_stdcall(u32 a, u32 b, u32 c, u32 d, i64 off, u32 last)
{
	CHECK_ARGS(a, b, c, d, off, last);
	return 42;
}

/* check_call(fn, expected): in assembly, so that nothing but the thunk touches the
 * registers between the marks and the checks. Pushes the 7 argument words of a ReadFile
 * shape, calls the thunk, pops its own 9 words (cdecl caller) and returns 1 when the result
 * is `expected`, ESP is back where it was and EBX/ESI/EDI still hold their marks. */
int check_call(void (*fn)(void), int expected);
u32 saved_esp; /* used from the assembly below */
__asm__(
	".text\n"
	"check_call:\n"
	"	pushl %ebp\n"
	"	movl %esp, %ebp\n"
	"	pushl %ebx\n"
	"	pushl %esi\n"
	"	pushl %edi\n"
	"	movl $0xB0B0B0B0, %ebx\n"
	"	movl $0x51515151, %esi\n"
	"	movl $0xD1D1D1D1, %edi\n"
	"	movl %esp, saved_esp\n"
	"	pushl $0x77777777\n"
	"	pushl $0x55555555\n"
	"	pushl $0x66666666\n"
	"	pushl $0x44444444\n"
	"	pushl $0x33333333\n"
	"	pushl $0x22222222\n"
	"	pushl $0x11111111\n"
	"	pushl $7\n"
	"	pushl 8(%ebp)\n"
	"	call dk_thunk\n"
	"	addl $36, %esp\n"
	"	xorl %ecx, %ecx\n"
	"	cmpl saved_esp, %esp\n"
	"	jne 1f\n"
	"	cmpl $0xB0B0B0B0, %ebx\n"
	"	jne 1f\n"
	"	cmpl $0x51515151, %esi\n"
	"	jne 1f\n"
	"	cmpl $0xD1D1D1D1, %edi\n"
	"	jne 1f\n"
	"	cmpl 12(%ebp), %eax\n"
	"	jne 1f\n"
	"	incl %ecx\n"
	"1:	movl %ecx, %eax\n"
	"	movl saved_esp, %esp\n"
	"	popl %edi\n"
	"	popl %esi\n"
	"	popl %ebx\n"
	"	popl %ebp\n"
	"	ret\n");

static void sys_exit(int code)
{
	__asm__ volatile("int $0x80" :: "a"(1), "b"(code));
	for (;;) {}
}

void harness_main(void)
{
	int failures = 0, i;
	for (i = 0; i < 1000; i++) {
		failures += !check_call((void (*)(void))callee_cdecl, 41);
		failures += !check_call((void (*)(void))callee_stdcall, 42);
	}
	sys_exit(failures + (int)seen_bad_args);
}

/* Entry: align the stack as a compiler expects, then run. */
__asm__(".globl _start\n_start:\n\tandl $-16, %esp\n\tcall harness_main\n");
