"""The SDK v2 writers and a reader, behind `recordlint convert` and `recordlint export`.

No record is encoded or decoded in Python: the features go to `recordlint convert - --from npy
--dtype auto` as a `.npy` stream on its standard input (numpy writes the array's buffer to the
pipe, no copy into Python objects), and `recordlint export --to npy` decodes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from typing import IO, Optional, Tuple, Union

import numpy as np

from recordlint._check import RecordLintError
from recordlint._find_recordlint import find_recordlint_bin

FileOrPath = Union[str, "os.PathLike[str]", IO[bytes]]


def _resolve_type(dtype: np.dtype) -> None:
    # SDK v2's _resolve_type: int (int64 here) -> Int32Tensor, float64 -> Float64Tensor,
    # float32 -> Float32Tensor; `convert --dtype auto` applies the same rule.
    if dtype not in (np.dtype(int), np.dtype(float), np.dtype("float32")):
        raise ValueError("Unsupported dtype {} on array".format(dtype))


def _validate(array: np.ndarray, labels: Optional[np.ndarray]) -> None:
    # SDK v2's checks and messages. One difference: the SDK accepts labels as long as either
    # dimension of the array (and then fails with IndexError, or writes some rows unlabelled);
    # here labels must have one value per row.
    if not len(array.shape) == 2:
        raise ValueError("Array must be a Matrix")
    if labels is not None:
        if not len(labels.shape) == 1:
            raise ValueError("Labels must be a Vector")
        if labels.shape[0] != array.shape[0]:
            raise ValueError("Label shape {} not compatible with array shape {}".format(labels.shape, array.shape))
        _resolve_type(labels.dtype)
    _resolve_type(array.dtype)


def _write_npy(pipe: IO[bytes], array: np.ndarray) -> None:
    """`np.save` to a pipe (where `tofile` fails: it needs a file position): the header, then the
    array's own buffer, with no copy."""
    # Format version 2.0: recordlint reads the 12 bytes of a 2.0 prefix before the header text,
    # and a 1.0 header (10 bytes) from a stream makes `convert -` trap (it would need to read
    # back), as of the convert branch merged here.
    np.lib.format.write_array_header_2_0(pipe, np.lib.format.header_data_from_array_1_0(array))
    pipe.write(memoryview(array).cast("B"))


def _run(command: list, scratch: str, stdin_array: Optional[np.ndarray] = None) -> None:
    with open(os.path.join(scratch, "out.txt"), "w+b") as out, open(os.path.join(scratch, "err.txt"), "w+b") as err:
        process = subprocess.Popen(command, stdin=subprocess.PIPE if stdin_array is not None else subprocess.DEVNULL,
                                   stdout=out, stderr=err)
        broken = False
        if stdin_array is not None:
            assert process.stdin is not None
            try:
                _write_npy(process.stdin, stdin_array)
            except BrokenPipeError:
                broken = True  # it stopped reading; its status and message say why
            finally:
                try:
                    process.stdin.close()
                except BrokenPipeError:
                    broken = True
        status = process.wait()
        if status != 0 or broken:
            out.seek(0)
            err.seek(0)
            message = (out.read() + err.read()).decode("utf-8", "replace").strip()
            if status in (1, 64):  # rows it refuses (NaN, ±Inf: findings), or arguments it refuses
                raise ValueError(message)
            raise RecordLintError(f"recordlint {command[1]} failed (exit {status}): {message}")


def write_numpy_to_dense_tensor(file: FileOrPath, array: np.ndarray, labels: Optional[np.ndarray] = None) -> None:
    """Writes `array`'s rows as dense records (and `labels`, one per row), the bytes SDK v2's
    `sagemaker.amazon.common.write_numpy_to_dense_tensor` writes; `file` is a path or a binary file."""
    array = np.asarray(array)
    if labels is not None:
        labels = np.asarray(labels)
    _validate(array, labels)
    with tempfile.TemporaryDirectory(prefix="recordlint-") as scratch:
        command = [find_recordlint_bin(), "convert", "-", "--from", "npy", "--dtype", "auto"]
        if labels is not None:
            labels_path = os.path.join(scratch, "labels.npy")
            np.save(labels_path, labels, allow_pickle=False)
            command += ["--labels", labels_path]
        to_path = isinstance(file, (str, os.PathLike))
        output = os.fspath(file) if to_path else os.path.join(scratch, "records.pbr")  # type: ignore[arg-type]
        _run(command + ["-o", output], scratch, np.ascontiguousarray(array))
        if not to_path:
            with open(output, "rb") as records:
                shutil.copyfileobj(records, file)  # type: ignore[arg-type]


def read_numpy(path: Union[str, "os.PathLike[str]"]) -> Tuple[np.ndarray, Optional[np.ndarray]]:
    """`(features, labels)` of a recordio-protobuf file: a 2-D array (sparse records made dense;
    dtype from the tensor type: Float32 -> float32, Float64 -> float64, Int32 -> int64) and the
    labels (None when the records have none), what SDK v2's `read_records` plus numpy give."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(2, "No such file or directory", path)
    with tempfile.TemporaryDirectory(prefix="recordlint-") as scratch:
        features_path = os.path.join(scratch, "features.npy")
        labels_path = os.path.join(scratch, "labels.npy")
        _run([find_recordlint_bin(), "export", path, "--to", "npy", "-o", features_path,
              "--labels-out", labels_path], scratch)
        features = np.load(features_path, allow_pickle=False)
        labels = np.load(labels_path, allow_pickle=False) if os.path.exists(labels_path) else None
    if labels is not None and labels.shape[0] == 0 and features.shape[0] > 0:
        labels = None
    return features, labels
