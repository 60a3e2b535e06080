"""The installed wheel: its binary, what the binary links, the tag."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import recordlint

ALLOWED = {"linux-vdso.so.1", "libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "ld-linux-x86-64.so.2"}


def test_module_and_binary_come_from_the_virtualenv(binary: str) -> None:
    prefix = Path(sys.prefix).resolve()
    assert prefix in Path(recordlint.__file__).resolve().parents
    assert Path(binary).resolve().parent == prefix / "bin"
    assert Path(recordlint.find_recordlint_bin()).resolve() == Path(binary).resolve()


def test_python_dash_m_runs_the_command() -> None:
    done = subprocess.run([sys.executable, "-m", "recordlint", "--version"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == metadata.version("recordlint")


def test_binary_links_only_glibc_and_the_cxx_runtime(binary: str) -> None:
    out = subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout
    libraries = {line.split()[0].rsplit("/", 1)[-1] for line in out.splitlines() if line.strip()}
    assert "protobuf" not in out and "swift" not in out.lower(), out
    assert libraries <= ALLOWED, libraries - ALLOWED


def test_glibc_floor_is_2_34(binary: str) -> None:
    out = subprocess.run(["objdump", "-T", binary], capture_output=True, text=True, check=True).stdout
    versions = {tuple(int(p) for p in v.split(".")) for v in re.findall(r"\bGLIBC_([0-9.]+)\b", out)}
    assert max(versions) <= (2, 34), sorted(versions)[-3:]
    assert not re.search(r"\bhypotf\b.*GLIBC_2\.35|GLIBC_2\.35.*\bhypotf\b", out)


def test_auditwheel_confirms_the_tag(wheel: Path, auditwheel: str) -> None:
    tag = wheel.name[: -len(".whl")].split("-")[-1]
    assert tag.startswith("manylinux_2_") and tag.endswith("_x86_64"), wheel.name
    done = subprocess.run([*auditwheel.split(), "show", str(wheel)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    said = " ".join(done.stdout.split())
    assert f'constrains the platform tag to "{tag}"' in said, said
    assert f'is consistent with the following platform tag: "{tag}"' in said, said


def test_check_on_sample_data(binary: str, sample: Path) -> None:
    clean = subprocess.run([binary, "check", str(sample / "clean-dense.rec"), "--feature-dim", "784"],
                           capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    bad = subprocess.run([binary, "check", str(sample / "mnist-785.rec"), "--feature-dim", "784"],
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert "mnist-785.rec: record 7 (offset 22288): error[dimension-mismatch]: has 785 feature values" in bad.stdout
    assert "mnist-785.rec: record 23 (offset 73236)" in bad.stdout, bad.stdout
