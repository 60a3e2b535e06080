"""The suite runs against the *installed* wheel (`make pytest`): recordlint on PATH and the module
imported from the virtualenv, never from python/ in the repository.

Environment (set by `make pytest`): RECORDLINT_REPO (the repository, for SampleData and the hook
files), RECORDLINT_WHEEL (the wheel installed), RECORDLINT_AUDITWHEEL (an auditwheel command),
RECORDLINT_SDK_PYTHON (a Python with SageMaker SDK v2, the reference writer).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest


def _required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set; run the suite with `make pytest`", pytrace=False)
    return value


@pytest.fixture(scope="session")
def repo() -> Path:
    return Path(_required("RECORDLINT_REPO"))


@pytest.fixture(scope="session")
def sample(repo: Path) -> Path:
    return repo / "SampleData"


@pytest.fixture(scope="session")
def wheel() -> Path:
    return Path(_required("RECORDLINT_WHEEL"))


@pytest.fixture(scope="session")
def auditwheel() -> str:
    return _required("RECORDLINT_AUDITWHEEL")


@pytest.fixture(scope="session")
def sdk_python() -> str:
    return _required("RECORDLINT_SDK_PYTHON")


@pytest.fixture(scope="session")
def binary() -> str:
    found = shutil.which("recordlint")
    assert found, "recordlint is not on PATH"
    return found
