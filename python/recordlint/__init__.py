"""recordlint: checks SageMaker application/x-recordio-protobuf training data.

`check(paths, ...)` runs the `recordlint` binary that came with this package and returns its
report; `write_numpy_to_dense_tensor`, `write_spmatrix_to_sparse_tensor` and `read_numpy` write and read records
through `recordlint convert` and `recordlint export`; `python -m recordlint` runs the command itself.
"""

from recordlint._check import (
    CheckFailed,
    FileResult,
    Finding,
    RecordLintError,
    Report,
    Summary,
    UsageError,
    check,
)
from recordlint._convert import read_numpy, write_numpy_to_dense_tensor, write_spmatrix_to_sparse_tensor
from recordlint._find_recordlint import find_recordlint_bin

__all__ = [
    "CheckFailed",
    "FileResult",
    "Finding",
    "RecordLintError",
    "Report",
    "Summary",
    "UsageError",
    "check",
    "find_recordlint_bin",
    "read_numpy",
    "write_numpy_to_dense_tensor",
    "write_spmatrix_to_sparse_tensor",
]
