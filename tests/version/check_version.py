#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""check_version.py <version> [--checked] <file|type|description>...

Reads the version resource back out of each built Windows binary (a PE resource reader of
our own: no Windows, no Wine) and checks what every binary we ship must carry: product
"Dokan", the build's version in VS_FIXEDFILEINFO and in the strings, the file type
(app, dll, or driver with subtype VFT2_DRV_SYSTEM), the description and the original file
name. --checked: the build is a checked one, so drivers must be flagged VS_FF_DEBUG.
Type "installer": an application made by NSIS, whose tool decides three fixed fields.
"""
import os
import struct
import sys

RT_VERSION = 16
FIXED_SIGNATURE = 0xFEEF04BD
FIXED_STRUC_VERSION = 0x00010000
VOS_NT_WINDOWS32 = 0x00040004
VS_FF_DEBUG = 0x1
VS_FFI_FILEFLAGSMASK = 0x3F
FILE_TYPES = {"app": (1, 0), "dll": (2, 0), "driver": (3, 7),  # (dwFileType, dwFileSubtype)
              "installer": (1, 0)}
# makensis writes these fixed fields its own way (OS VOS__WINDOWS32, no flags mask, and a
# zero structure version in 64-bit installers) and offers no directive to set them.
NSIS_OWN_FIELDS = ("struc_version", "flags_mask", "os")
FIXED_FIELDS = ("signature", "struc_version", "file_ms", "file_ls", "product_ms",
                "product_ls", "flags_mask", "flags", "os", "type", "subtype",
                "date_ms", "date_ls")


class PeError(Exception):
    pass


def u16(data, offset):
    return struct.unpack_from("<H", data, offset)[0]


def u32(data, offset):
    return struct.unpack_from("<I", data, offset)[0]


class PeImage:
    """Just enough of a PE file to find its resources."""

    def __init__(self, data):
        self.data = data
        if data[:2] != b"MZ":
            raise PeError("no MZ header")
        pe = u32(data, 0x3C)
        if data[pe:pe + 4] != b"PE\0\0":
            raise PeError("no PE signature")
        section_count = u16(data, pe + 6)
        optional_size = u16(data, pe + 20)
        optional = pe + 24
        magic = u16(data, optional)
        # The data directories follow the fixed part of the optional header, whose size
        # differs between PE32 and PE32+; the resource directory is entry 2.
        directories = optional + {0x10B: 96, 0x20B: 112}.get(magic, -1)
        if directories < optional:
            raise PeError("unknown optional header magic 0x%x" % magic)
        self.resource_rva = u32(data, directories + 2 * 8)
        self.sections = [struct.unpack_from("<IIII", data, optional + optional_size + 40 * i + 8)
                         for i in range(section_count)]

    def offset_of(self, rva):
        for virtual_size, virtual_address, raw_size, raw_pointer in self.sections:
            if virtual_address <= rva < virtual_address + max(virtual_size, raw_size):
                return raw_pointer + rva - virtual_address
        raise PeError("RVA 0x%x is in no section" % rva)

    def resource_entries(self, directory_offset):
        """(id or None for a named entry, is_directory, offset below the root) pairs."""
        root = self.offset_of(self.resource_rva)
        start = root + directory_offset
        count = u16(self.data, start + 12) + u16(self.data, start + 14)
        for i in range(count):
            name, target = struct.unpack_from("<II", self.data, start + 16 + 8 * i)
            yield (None if name & 0x80000000 else name, bool(target & 0x80000000),
                   target & 0x7FFFFFFF)

    def version_resources(self):
        """The raw bytes of every RT_VERSION resource (any name, any language)."""
        if self.resource_rva == 0:
            return []
        root = self.offset_of(self.resource_rva)
        found = []
        for type_id, is_dir, names in self.resource_entries(0):
            if type_id != RT_VERSION or not is_dir:
                continue
            for _, name_is_dir, languages in self.resource_entries(names):
                if not name_is_dir:
                    continue
                for _, lang_is_dir, leaf in self.resource_entries(languages):
                    if lang_is_dir:
                        continue
                    rva, size = struct.unpack_from("<II", self.data, root + leaf)
                    offset = self.offset_of(rva)
                    found.append(self.data[offset:offset + size])
        return found


def align4(offset):
    return (offset + 3) & ~3


def parse_block(data, offset):
    """One node of the version tree: (key, value bytes, is_text, children, end offset)."""
    length, value_length, value_type = struct.unpack_from("<HHH", data, offset)
    end = offset + length
    key_end = offset + 6
    while data[key_end:key_end + 2] != b"\0\0":
        key_end += 2
    key = data[offset + 6:key_end].decode("utf-16-le")
    value_start = align4(key_end + 2)
    # A text value's length counts characters, a binary one's bytes.
    value_bytes = value_length * 2 if value_type == 1 else value_length
    value = data[value_start:min(value_start + value_bytes, end)]
    children = []
    child = align4(value_start + value_bytes)
    while child + 6 <= end:
        child_length = u16(data, child)
        if child_length == 0:
            break
        children.append(parse_block(data, child))
        child = align4(child + child_length)
    return key, value, value_type == 1, children, end


def text_of(value):
    return value.decode("utf-16-le").split("\0", 1)[0]


def read_version_info(resource):
    """(fixed fields dict, {table key: {name: text}}, [translation pairs])."""
    key, value, _, children, _ = parse_block(resource, 0)
    if key != "VS_VERSION_INFO":
        raise PeError("root key is %r" % key)
    if len(value) != 52:
        raise PeError("VS_FIXEDFILEINFO has %d bytes, not 52" % len(value))
    fixed = dict(zip(FIXED_FIELDS, struct.unpack("<13I", value)))
    tables, translations = {}, []
    for child_key, _, _, grandchildren, _ in children:
        if child_key == "StringFileInfo":
            for table_key, _, _, strings, _ in grandchildren:
                tables[table_key.lower()] = {name: text_of(text)
                                             for name, text, _, _, _ in strings}
        elif child_key == "VarFileInfo":
            for var_key, var_value, _, _, _ in grandchildren:
                if var_key == "Translation":
                    translations += [struct.unpack_from("<HH", var_value, i)
                                     for i in range(0, len(var_value) - 3, 4)]
    return fixed, tables, translations


class Checker:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, what, ok):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL " + what)


def expected_fixed(version, file_type, checked):
    major, minor, patch = (int(part) for part in version.split("."))
    type_code, subtype = FILE_TYPES[file_type]
    return {
        "signature": FIXED_SIGNATURE,
        "struc_version": FIXED_STRUC_VERSION,
        "file_ms": major << 16 | minor, "file_ls": patch << 16,
        "product_ms": major << 16 | minor, "product_ls": patch << 16,
        "flags_mask": VS_FFI_FILEFLAGSMASK,
        "flags": VS_FF_DEBUG if checked and file_type == "driver" else 0,
        "os": VOS_NT_WINDOWS32, "type": type_code, "subtype": subtype,
    }


def check_strings(checker, name, tables, translations, version, description):
    checker.check("%s: exactly one string table (got %s)" % (name, sorted(tables)),
                  len(tables) == 1)
    if len(tables) != 1:
        return
    table_key, strings = next(iter(tables.items()))
    declared = ["%04x%04x" % pair for pair in translations]
    checker.check("%s: VarFileInfo Translation %s names string table %s"
                  % (name, declared, table_key), declared == [table_key])
    expected = {"ProductName": "Dokan", "ProductVersion": version, "FileVersion": version,
                "FileDescription": description, "OriginalFilename": name}
    for field, value in expected.items():
        got = strings.get(field)
        checker.check("%s: %s is %r, expected %r" % (name, field, got, value), got == value)


def check_binary(checker, path, file_type, description, version, checked):
    name = os.path.basename(path)
    try:
        with open(path, "rb") as f:
            resources = PeImage(f.read()).version_resources()
    except (OSError, PeError) as error:
        checker.check("%s: readable PE file (%s)" % (path, error), False)
        return
    checker.check("%s: exactly one version resource (found %d)" % (name, len(resources)),
                  len(resources) == 1)
    if len(resources) != 1:
        return
    try:
        fixed, tables, translations = read_version_info(resources[0])
    except (PeError, struct.error, UnicodeDecodeError) as error:
        checker.check("%s: well-formed version resource (%s)" % (name, error), False)
        return
    for field, value in expected_fixed(version, file_type, checked).items():
        if file_type == "installer" and field in NSIS_OWN_FIELDS:
            continue
        checker.check("%s: VS_FIXEDFILEINFO %s is 0x%x, expected 0x%x"
                      % (name, field, fixed[field], value), fixed[field] == value)
    check_strings(checker, name, tables, translations, version, description)
    print("%s: %s %s, %r" % (name, file_type, version, description))


def main(argv):
    args = argv[1:]
    checked = "--checked" in args
    args = [arg for arg in args if arg != "--checked"]
    if len(args) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    version, entries = args[0], args[1:]
    checker = Checker()
    for entry in entries:
        path, file_type, description = entry.split("|", 2)
        if file_type not in FILE_TYPES:
            print("bad type %r in %r" % (file_type, entry), file=sys.stderr)
            return 2
        check_binary(checker, path, file_type, description, version, checked)
    print("version resources: %d binaries, %d checks passed, %d failed"
          % (len(entries), checker.passed, checker.failed))
    return 0 if checker.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
