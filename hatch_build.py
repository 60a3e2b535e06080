"""Hatchling build hook: the recordlint binary goes into the wheel's scripts directory, and the
wheel is tagged for what that binary needs.

`make wheel` builds the static release binary first (`make build`), and the hook finds it. Built
from the sdist (`pip install recordlint-X.tar.gz`, or on a system with no matching wheel), the
hook runs `swift build` itself, so Swift 6 and libprotobuf-c-dev must be installed; it says so
when `swift` is missing.

The tag: a binary that needs only libraries on the manylinux allow-list gets
`manylinux_2_<N>_<arch>`, N the newest GLIBC_2.N symbol version it needs (read from its ELF
version-needs section, what `auditwheel show` reads too); any other binary (linked against
libprotobuf-c.so, or not ELF) gets the plain platform tag, so it installs only where it was built.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sysconfig
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BINARY = Path(".build/release/recordlint")
# What manylinux allows a wheel's binaries to link (PEP 600, auditwheel's policy).
MANYLINUX_LIBRARIES = {
    "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libutil.so.1",
    "libgcc_s.so.1", "libstdc++.so.6", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
}
ELF_MACHINES = {62: "x86_64", 183: "aarch64"}


def elf_needs(path: Path) -> tuple[str, list[str], list[str]] | None:
    """(architecture, DT_NEEDED libraries, version names needed), or None when not a 64-bit ELF."""
    data = path.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return None
    machine = struct.unpack_from("<H", data, 18)[0]
    shoff, = struct.unpack_from("<Q", data, 40)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 58)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]

    def string(table: tuple[int, ...], offset: int) -> str:
        start = table[4] + offset
        return data[start:data.index(b"\0", start)].decode()

    names = {string(sections[shstrndx], s[0]): s for s in sections}
    dynstr = names[".dynstr"]
    needed = []
    dynamic = names[".dynamic"]
    for offset in range(dynamic[4], dynamic[4] + dynamic[5], 16):
        tag, value = struct.unpack_from("<qQ", data, offset)
        if tag == 0:
            break
        if tag == 1:  # DT_NEEDED
            needed.append(string(dynstr, value))
    versions = []
    verneed = names.get(".gnu.version_r")
    offset = verneed[4] if verneed else 0
    while verneed:
        _, count, _, aux, next_entry = struct.unpack_from("<HHIII", data, offset)
        aux_offset = offset + aux
        for _ in range(count):
            _, _, _, name, next_aux = struct.unpack_from("<IHHII", data, aux_offset)
            versions.append(string(dynstr, name))
            aux_offset += next_aux
        if next_entry == 0:
            break
        offset += next_entry
    return ELF_MACHINES.get(machine, str(machine)), needed, versions


def platform_tag(binary: Path) -> str:
    plain = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    needs = elf_needs(binary)
    if needs is None:
        return plain
    arch, needed, versions = needs
    if not set(needed) <= MANYLINUX_LIBRARIES:
        return plain
    minors = [int(v.split(".")[1]) for v in versions if v.startswith("GLIBC_2.")]
    return f"manylinux_2_{max(minors, default=17)}_{arch}"


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        binary = Path(os.environ.get("RECORDLINT_BINARY", root / BINARY))
        if not binary.is_file():
            build_binary(root)
        build_data["pure_python"] = False
        build_data["tag"] = f"py3-none-{platform_tag(binary)}"
        build_data["shared_scripts"][str(binary)] = "recordlint"


def build_binary(root: Path) -> None:
    swift = shutil.which("swift")
    if swift is None:
        raise SystemExit(
            "recordlint: building from source needs Swift 6 (https://www.swift.org/install/) and "
            "libprotobuf-c and fast_float (apt-get install libprotobuf-c-dev libfast-float-dev pkg-config; brew install protobuf-c fast_float); "
            "`swift` is not on PATH. On x86_64 Linux with glibc 2.34 or later, "
            "`pip install recordlint` takes the prebuilt wheel instead."
        )
    subprocess.run([swift, "build", "-c", "release", "--static-swift-stdlib", "--product", "recordlint"],
                   cwd=root, check=True)
