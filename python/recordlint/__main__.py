"""`python -m recordlint ...` runs the command, where the environment's bin is not on PATH."""

from __future__ import annotations

import os
import subprocess
import sys

from recordlint._find_recordlint import find_recordlint_bin


def main() -> None:
    binary = find_recordlint_bin()
    if sys.platform == "win32":
        sys.exit(subprocess.run([binary, *sys.argv[1:]]).returncode)
    os.execvp(binary, [binary, *sys.argv[1:]])


if __name__ == "__main__":
    main()
