#!/usr/bin/env python3
"""Exit 1 unless every assembly named carries ReadyToRun code: its CLI header's ManagedNativeHeader points at a
READYTORUN_HEADER (signature 'RTR'). Used by .ci/run on the packed tool (README "Install as a .NET tool")."""
import struct
import sys


def rva_to_offset(sections, rva):
    for virtual_address, virtual_size, raw_offset in sections:
        if virtual_address <= rva < virtual_address + virtual_size:
            return rva - virtual_address + raw_offset
    raise ValueError(f"RVA {rva:#x} is in no section")


def is_ready_to_run(path):
    data = open(path, "rb").read()
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    sections_count = struct.unpack_from("<H", data, pe + 6)[0]
    optional_size = struct.unpack_from("<H", data, pe + 20)[0]
    optional = pe + 24
    magic = struct.unpack_from("<H", data, optional)[0]
    directories = optional + (96 if magic == 0x10B else 112)
    cli_rva = struct.unpack_from("<I", data, directories + 14 * 8)[0]
    table = optional + optional_size
    # Each section header: name (8 bytes), virtual size, virtual address, raw size, raw offset.
    headers = [struct.unpack_from("<8xIIII", data, table + 40 * i) for i in range(sections_count)]
    sections = [(address, size, raw_offset) for size, address, _, raw_offset in headers]
    cli = rva_to_offset(sections, cli_rva)
    native_rva, native_size = struct.unpack_from("<II", data, cli + 64)
    if native_rva == 0 or native_size == 0:
        return False
    return data[rva_to_offset(sections, native_rva):][:4] == b"RTR\0"


missing = [path for path in sys.argv[1:] if not is_ready_to_run(path)]
for path in missing:
    print(f"{path}: no ReadyToRun code")
sys.exit(1 if missing or not sys.argv[1:] else 0)
