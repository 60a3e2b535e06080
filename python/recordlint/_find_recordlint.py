"""Where the `recordlint` binary the wheel installed is (after ruff's `_find_ruff.py`)."""

from __future__ import annotations

import os
import sys
import sysconfig


class BinaryNotFound(FileNotFoundError):
    pass


def find_recordlint_bin() -> str:
    """The path of the `recordlint` executable that came with this package."""
    exe = "recordlint" + (sysconfig.get_config_var("EXE") or "")
    override = os.environ.get("RECORDLINT_BINARY")
    if override:
        return override
    targets = [
        sysconfig.get_path("scripts"),
        sysconfig.get_path("scripts", vars={"base": sys.base_prefix}),
    ]
    # pip install --user
    user_scheme = f"{os.name}_user" if sys.version_info < (3, 10) else sysconfig.get_preferred_scheme("user")
    targets.append(sysconfig.get_path("scripts", scheme=user_scheme))
    # pip install --target DIR: DIR/recordlint/.. is DIR, the scripts are in DIR/bin
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    targets.append(os.path.join(package_parent, "bin"))
    seen = []
    for directory in targets:
        if not directory or directory in seen:
            continue
        seen.append(directory)
        candidate = os.path.join(directory, exe)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    raise BinaryNotFound(f"the recordlint binary is not installed; looked in {', '.join(seen)}")
