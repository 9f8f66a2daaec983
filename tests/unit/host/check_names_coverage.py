#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""check_names_coverage.py <test.c> <conformance dir>: every wide string literal (L"...") of
the conformance cases (cases_*.c) and fixture (cf_fixture.c) that could be a name (no
printf '%') must appear, written the same way as u"...", in the test: so a name added to the
conformance suite is judged by the host test of sys/names.c too. Prints the missing ones
and fails."""
import glob
import os
import sys


def literals(text, prefix):
    """The source text of every string literal with the given prefix, comments skipped."""
    found, i, n = [], 0, len(text)
    while i < n:
        if text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif text.startswith("/*", i):
            i = text.find("*/", i + 2)
            i = n if i < 0 else i + 2
        elif text[i] in "\"'":
            quote, start = text[i], i + 1
            i = start
            while i < n and text[i] != quote:
                i += 2 if text[i] == "\\" else 1
            is_prefixed = text[start - 1 - len(prefix):start - 1] == prefix and \
                not (text[start - 2 - len(prefix):start - 1 - len(prefix)].isalnum() or
                     text[start - 2 - len(prefix):start - 1 - len(prefix)] == "_")
            if quote == "\"" and is_prefixed:
                found.append(text[start:i])
            i += 1
        else:
            i += 1
    return found


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    sources = sorted(glob.glob(os.path.join(argv[2], "cases_*.c")))
    sources.append(os.path.join(argv[2], "cf_fixture.c"))
    with open(argv[1], encoding="utf-8") as f:
        judged = set(literals(f.read(), "u"))
    names = set()
    for path in sources:
        with open(path, encoding="utf-8") as f:
            names.update(s for s in literals(f.read(), "L") if "%" not in s)
    missing = sorted(names - judged)
    for name in missing:
        print(f'missing from {argv[1]}: u"{name}"')
    print(f"{len(names)} names of {len(sources)} files, {len(missing)} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
