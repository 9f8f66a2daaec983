// SPDX-License-Identifier: LGPL-3.0-or-later
/* check.h - the one check harness of the test programs (docs/testing.md, "Shared harnesses").
 *
 * Header only, so a test is one C file and the host tests (tests/unit/host, Linux cc)
 * use it too: it needs nothing beyond the C library. Each program has one pass/fail
 * count; the counters are atomic because some tests check from several threads.
 *
 *   CHECK(ok, fmt, ...)            counts; on failure prints "FAIL <message> [file:line]"
 *   CHECK_STATUS(got, want, fmt, ...)  an NTSTATUS compared, both printed by name
 *   CK_FAIL(fmt, ...)              a failure no condition stands for
 *   ck_verbose = 1                 passes print "ok: <message>" too (tests that narrate)
 *   ck_status_name(s)              "STATUS_ACCESS_DENIED", or NULL for a value not listed
 *   CK_ST(s)                       "%s" of a status: "STATUS_ACCESS_DENIED (0xC0000022)"
 *   ck_hexdump(label, data, size)  16 bytes a line, for a reply that did not match
 *   ck_summary(name)               prints "<name>: P passed, F failed"; the exit code
 */
#ifndef DOKAN_TESTS_CHECK_H
#define DOKAN_TESTS_CHECK_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

static long ck_passed_count, ck_failed_count;

/* "dir/test_x.c" -> "test_x.c": a failure line names the file, not the build's path. */
static inline const char *ck_base(const char *file)
{
	const char *base = file;

	for (; *file; file++)
		if (*file == '/' || *file == '\\')
			base = file + 1;
	return base;
}
static int ck_verbose;

static inline long ck_passed(void) { return __atomic_load_n(&ck_passed_count, __ATOMIC_SEQ_CST); }
static inline long ck_failed(void) { return __atomic_load_n(&ck_failed_count, __ATOMIC_SEQ_CST); }

/* A failure that no CHECK saw (a helper gave up early): counted, printed as given. */
static inline void ck_fail(const char *file, int line, const char *format, ...)
	__attribute__((format(printf, 3, 4)));
static inline void ck_fail(const char *file, int line, const char *format, ...)
{
	va_list args;

	__atomic_add_fetch(&ck_failed_count, 1, __ATOMIC_SEQ_CST);
	printf("FAIL ");
	va_start(args, format);
	vprintf(format, args);
	va_end(args);
	printf(" [%s:%d]\n", ck_base(file), line);
	fflush(stdout);
}

static inline int ck_check(const char *file, int line, int ok, const char *format, ...)
	__attribute__((format(printf, 4, 5)));
static inline int ck_check(const char *file, int line, int ok, const char *format, ...)
{
	va_list args;

	if (ok)
		__atomic_add_fetch(&ck_passed_count, 1, __ATOMIC_SEQ_CST);
	else
		__atomic_add_fetch(&ck_failed_count, 1, __ATOMIC_SEQ_CST);
	if (ok && !ck_verbose)
		return ok;
	printf(ok ? "ok: " : "FAIL ");
	va_start(args, format);
	vprintf(format, args);
	va_end(args);
	if (ok)
		printf("\n");
	else
		printf(" [%s:%d]\n", ck_base(file), line);
	fflush(stdout);
	return ok;
}

#define CHECK(ok, ...) ck_check(__FILE__, __LINE__, (ok) ? 1 : 0, __VA_ARGS__)
#define CK_FAIL(...) ck_fail(__FILE__, __LINE__, __VA_ARGS__)

/* The statuses the tests meet, by name: a failure message then says what it means. */
static inline const char *ck_status_name(unsigned long status)
{
	static const struct {
		unsigned long value;
		const char *name;
	} names[] = {
		{ 0x00000000, "STATUS_SUCCESS" },
		{ 0x00000102, "STATUS_TIMEOUT" },
		{ 0x00000103, "STATUS_PENDING" },
		{ 0x0000010C, "STATUS_NOTIFY_CLEANUP" },
		{ 0x0000010D, "STATUS_NOTIFY_ENUM_DIR" },
		{ 0x80000005, "STATUS_BUFFER_OVERFLOW" },
		{ 0x80000006, "STATUS_NO_MORE_FILES" },
		{ 0x8000001A, "STATUS_NO_MORE_ENTRIES" },
		{ 0xC0000001, "STATUS_UNSUCCESSFUL" },
		{ 0xC0000002, "STATUS_NOT_IMPLEMENTED" },
		{ 0xC0000003, "STATUS_INVALID_INFO_CLASS" },
		{ 0xC0000004, "STATUS_INFO_LENGTH_MISMATCH" },
		{ 0xC0000005, "STATUS_ACCESS_VIOLATION" },
		{ 0xC0000008, "STATUS_INVALID_HANDLE" },
		{ 0xC000000D, "STATUS_INVALID_PARAMETER" },
		{ 0xC000000E, "STATUS_NO_SUCH_DEVICE" },
		{ 0xC000000F, "STATUS_NO_SUCH_FILE" },
		{ 0xC0000010, "STATUS_INVALID_DEVICE_REQUEST" },
		{ 0xC0000011, "STATUS_END_OF_FILE" },
		{ 0xC0000013, "STATUS_NO_MEDIA_IN_DEVICE" },
		{ 0xC0000017, "STATUS_NO_MEMORY" },
		{ 0xC0000022, "STATUS_ACCESS_DENIED" },
		{ 0xC0000023, "STATUS_BUFFER_TOO_SMALL" },
		{ 0xC0000024, "STATUS_OBJECT_TYPE_MISMATCH" },
		{ 0xC0000033, "STATUS_OBJECT_NAME_INVALID" },
		{ 0xC0000034, "STATUS_OBJECT_NAME_NOT_FOUND" },
		{ 0xC0000035, "STATUS_OBJECT_NAME_COLLISION" },
		{ 0xC0000039, "STATUS_OBJECT_PATH_INVALID" },
		{ 0xC000003A, "STATUS_OBJECT_PATH_NOT_FOUND" },
		{ 0xC000003B, "STATUS_OBJECT_PATH_SYNTAX_BAD" },
		{ 0xC0000043, "STATUS_SHARING_VIOLATION" },
		{ 0xC0000054, "STATUS_FILE_LOCK_CONFLICT" },
		{ 0xC0000055, "STATUS_LOCK_NOT_GRANTED" },
		{ 0xC0000056, "STATUS_DELETE_PENDING" },
		{ 0xC000007E, "STATUS_RANGE_NOT_LOCKED" },
		{ 0xC000007F, "STATUS_DISK_FULL" },
		{ 0xC000009A, "STATUS_INSUFFICIENT_RESOURCES" },
		{ 0xC00000BA, "STATUS_FILE_IS_A_DIRECTORY" },
		{ 0xC00000BB, "STATUS_NOT_SUPPORTED" },
		{ 0xC00000D4, "STATUS_NOT_SAME_DEVICE" },
		{ 0xC0000101, "STATUS_DIRECTORY_NOT_EMPTY" },
		{ 0xC0000103, "STATUS_NOT_A_DIRECTORY" },
		{ 0xC0000120, "STATUS_CANCELLED" },
		{ 0xC0000121, "STATUS_CANNOT_DELETE" },
		{ 0xC0000128, "STATUS_FILE_CLOSED" },
		{ 0xC000013B, "STATUS_LOCAL_DISCONNECT" },
		{ 0xC000019C, "STATUS_FILE_CORRUPT_ERROR" },
		{ 0xC00001A1, "STATUS_FILE_INVALID" },
		{ 0xC0000225, "STATUS_NOT_FOUND" },
		{ 0xC000022A, "STATUS_DUPLICATE_OBJECTID" },
		{ 0xC0000275, "STATUS_NOT_A_REPARSE_POINT" },
		{ 0xC00002F0, "STATUS_OBJECTID_NOT_FOUND" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].value == (status & 0xFFFFFFFFul))
			return names[i].name;
	return NULL;
}

/* A status as text, e.g. "STATUS_ACCESS_DENIED (0xC0000022)"; the array lives until the
 * end of the statement that asked for it, so CK_ST(s) goes straight into a printf. */
typedef struct {
	char text[64];
} CK_STATUS_TEXT;

static inline CK_STATUS_TEXT ck_status_text(unsigned long status)
{
	CK_STATUS_TEXT t;
	const char *name = ck_status_name(status);

	snprintf(t.text, sizeof(t.text), "%s (0x%08lX)", name ? name : "status", status & 0xFFFFFFFFul);
	return t;
}

#define CK_ST(s) (ck_status_text((unsigned long)(s)).text)

static inline int ck_check_status(const char *file, int line, unsigned long got, unsigned long want,
	const char *format, ...) __attribute__((format(printf, 5, 6)));
static inline int ck_check_status(const char *file, int line, unsigned long got, unsigned long want,
	const char *format, ...)
{
	char what[512];
	va_list args;

	va_start(args, format);
	vsnprintf(what, sizeof(what), format, args);
	va_end(args);
	if (got == want)
		return ck_check(file, line, 1, "%s: %s", what, CK_ST(got));
	return ck_check(file, line, 0, "%s: %s, expected %s", what, CK_ST(got), CK_ST(want));
}

#define CHECK_STATUS(got, want, ...) \
	ck_check_status(__FILE__, __LINE__, (unsigned long)(got), (unsigned long)(want), __VA_ARGS__)

/* For "%ls" of a name that may be NULL. */
static inline const wchar_t *ck_wstr(const wchar_t *s) { return s ? s : L""; }

static inline void ck_hexdump(const char *label, const void *data, size_t size)
{
	const unsigned char *bytes = data;
	size_t at, i;

	printf("     %s (%lu bytes):\n", label, (unsigned long)size);
	for (at = 0; at < size; at += 16) {
		printf("     %04lx:", (unsigned long)at);
		for (i = at; i < at + 16 && i < size; i++)
			printf(" %02x", bytes[i]);
		printf("\n");
	}
}

static inline int ck_summary(const char *name)
{
	printf("%s: %ld passed, %ld failed\n", name, ck_passed(), ck_failed());
	fflush(stdout);
	return ck_failed() ? 1 : 0;
}

#endif
