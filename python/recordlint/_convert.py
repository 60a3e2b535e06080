"""The SDK v2 writers and a reader, behind `recordlint convert` and `recordlint export`.

No record is encoded or decoded in Python: dense features go to `recordlint convert - --from npy
--dtype auto` as a `.npy` stream on its standard input (numpy writes the array's buffer to the
pipe, no copy into Python objects); a sparse matrix's CSR arrays are saved as `.npy` files
(`shape`, `indptr`, `indices`, `data`) for `recordlint convert --from csr`; and `recordlint
export --to npy` or `--to csr` decodes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from typing import IO, Any, Optional, Tuple, Union

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
        _write_output(file, command + _labels_option(labels, scratch), scratch, np.ascontiguousarray(array))


def _write_output(file: FileOrPath, command: list, scratch: str, stdin_array: Optional[np.ndarray] = None) -> None:
    """Runs `command -o OUT` with OUT the path `file` names, or a scratch file copied into `file`."""
    to_path = isinstance(file, (str, os.PathLike))
    output = os.fspath(file) if to_path else os.path.join(scratch, "records.pbr")  # type: ignore[arg-type]
    _run(command + ["-o", output], scratch, stdin_array)
    if not to_path:
        with open(output, "rb") as records:
            shutil.copyfileobj(records, file)  # type: ignore[arg-type]


def _labels_option(labels: Optional[np.ndarray], scratch: str) -> list:
    if labels is None:
        return []
    labels_path = os.path.join(scratch, "labels.npy")
    np.save(labels_path, labels, allow_pickle=False)
    return ["--labels", labels_path]


def write_spmatrix_to_sparse_tensor(file: FileOrPath, array: Any, labels: Optional[np.ndarray] = None) -> None:
    """Writes the rows of a scipy sparse matrix as sparse records (and `labels`, one per row), the
    bytes SDK v2's `sagemaker.amazon.common.write_spmatrix_to_sparse_tensor` writes: each row of
    `array.tocsr()` with its stored values and column keys, `shape` `[columns]`, the tensor type
    from the dtype; `file` is a path or a binary file. Needs scipy."""
    try:
        import scipy.sparse
    except ImportError as error:
        raise ImportError("write_spmatrix_to_sparse_tensor needs scipy (pip install 'recordlint[sparse]')") from error
    if not scipy.sparse.issparse(array):
        raise TypeError("Array must be sparse")
    if labels is not None:
        labels = np.asarray(labels)
    _validate(array, labels)
    matrix = array.tocsr()
    with tempfile.TemporaryDirectory(prefix="recordlint-") as scratch:
        arrays = os.path.join(scratch, "matrix")
        os.mkdir(arrays)
        np.save(os.path.join(arrays, "shape.npy"), np.array(matrix.shape, dtype=np.int64))
        for name in ("indptr", "indices", "data"):
            np.save(os.path.join(arrays, name + ".npy"), getattr(matrix, name), allow_pickle=False)
        command = [find_recordlint_bin(), "convert", arrays, "--from", "csr", "--dtype", "auto"]
        try:
            _write_output(file, command + _labels_option(labels, scratch), scratch)
        except ValueError as error:  # findings name the scratch folder: say "array" (line = 1-based row) instead
            raise ValueError(str(error).replace(arrays, "array")) from None


def _first_record_is_sparse(path: str) -> bool:
    done = subprocess.run([find_recordlint_bin(), "inspect", path, "--record", "0", "--format", "json"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if done.returncode != 0:
        return False  # no first record to look at: the export says what is wrong
    try:
        return bool(json.loads(done.stdout).get("sparse"))
    except ValueError:
        return False


def read_numpy(path: Union[str, "os.PathLike[str]"], sparse: Optional[bool] = None) -> Tuple[Any, Optional[np.ndarray]]:
    """`(features, labels)` of a recordio-protobuf file: the features (dtype from the tensor type:
    Float32 -> float32, Float64 -> float64, Int32 -> int64) and the labels (None when the records
    have none), what SDK v2's `read_records` plus numpy give.

    The features are a `scipy.sparse.csr_matrix` when `sparse` is true, or when it is None, scipy
    can be imported and the first record is sparse (its keys and values kept as stored); otherwise
    a 2-D numpy array (sparse records made dense)."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(2, "No such file or directory", path)
    scipy_sparse = None
    if sparse is not False:
        try:
            import scipy.sparse as scipy_sparse
        except ImportError as error:
            if sparse:
                raise ImportError("read_numpy(sparse=True) needs scipy (pip install 'recordlint[sparse]')") from error
    with tempfile.TemporaryDirectory(prefix="recordlint-") as scratch:
        as_csr = scipy_sparse is not None and (sparse or _first_record_is_sparse(path))
        features_path = os.path.join(scratch, "features")
        labels_path = os.path.join(scratch, "labels.npy")
        _run([find_recordlint_bin(), "export", path, "--to", "csr" if as_csr else "npy", "-o", features_path,
              "--labels-out", labels_path], scratch)
        features: Any
        if as_csr:
            assert scipy_sparse is not None
            parts = {name: np.load(os.path.join(features_path, name + ".npy"), allow_pickle=False)
                     for name in ("shape", "indptr", "indices", "data")}
            features = scipy_sparse.csr_matrix((parts["data"], parts["indices"], parts["indptr"]),
                                               shape=tuple(int(n) for n in parts["shape"]))
        else:
            features = np.load(features_path, allow_pickle=False)
        labels = np.load(labels_path, allow_pickle=False) if os.path.exists(labels_path) else None
    if labels is not None and labels.shape[0] == 0 and features.shape[0] > 0:
        labels = None
    return features, labels
