// SPDX-License-Identifier: LGPL-3.0-or-later
/* cf_pending.c - cases that still fail because parts of the stack are not finished or have
 * a reported bug. They run and are compared strictly like every other case, but a failure
 * is reported as "SKIPPED <case>: <reason>" and does not fail the suite; when one passes
 * the runner says so and it counts as passed. Remove entries as the fixes land. */
#include "cf_internal.h"

#define OPEN_IF_DIR "bug: FILE_OPEN_IF + FILE_DIRECTORY_FILE only calls CreateDirectory, whose " \
	"ERROR_ALREADY_EXISTS becomes OBJECT_NAME_COLLISION (NTFS opens an existing folder, " \
	"answers NOT_A_DIRECTORY for a file)"
#define NON_DIR "bug: FILE_NON_DIRECTORY_FILE is not honoured when the name is a folder " \
	"(NTFS: STATUS_FILE_IS_A_DIRECTORY)"
#define NAMES "bug: a name NTFS rejects (OBJECT_NAME_INVALID) reaches the mirror, whose Win32 " \
	"CreateFileW normalises it and opens the file"
#define CLASS "decision 5: an unknown class gets Wine's status (NOT_IMPLEMENTED, " \
	"INVALID_INFO_CLASS, or an answer); Dokan says INVALID_PARAMETER"

const CF_PENDING cf_pending[] = {
	{ "create_openif_dir_exists", OPEN_IF_DIR },
	{ "create_openif_dir_on_file", OPEN_IF_DIR },
	{ "create_dir_with_nondir_option", NON_DIR },
	{ "create_supersede_nondir_on_dir", NON_DIR },
	{ "create_trailing_backslash_file", NAMES " ('file.txt\\': the driver strips the backslash)" },
	{ "create_double_backslash", NAMES " ('dir\\\\inner.txt')" },
	{ "create_dot_component", NAMES " ('dir\\.\\inner.txt')" },
	{ "create_dotdot_component", NAMES " ('dir\\..\\file.txt')" },
	{ "create_dotdot_escape", NAMES " - security: M:\\case\\..\\..\\a\\case\\file.txt opens a "
		"file outside the mirrored folder" },
	{ "info_hard_link", CLASS },
	{ "info_normalized_name", CLASS },
	{ "info_id", CLASS },
	{ "info_stat", CLASS },
	{ "info_pipe", CLASS },
	{ "set_unknown_class", CLASS },
	{ "dir_no_match_then_more", "bug: the query after a first NO_SUCH_FILE answers NO_SUCH_FILE "
		"again (the index is still 0); NTFS: NO_MORE_FILES" },
	{ "dir_query_on_file", "bug: a directory query on a file handle reaches FindFiles "
		"(NO_SUCH_FILE); NTFS: INVALID_PARAMETER" },
	{ "valid_data_length", "bug, data loss: FileValidDataLengthInformation calls SetEndOfFile "
		"and truncates the file; Wine leaves it (NTFS: needs SeManageVolumePrivilege)" },
};
const size_t cf_pending_count = sizeof(cf_pending) / sizeof(cf_pending[0]);
