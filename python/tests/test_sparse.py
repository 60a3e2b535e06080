"""write_spmatrix_to_sparse_tensor and read_numpy's CSR: SDK v2's bytes and errors, through
`convert --from csr` and `export --to csr`."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any, Optional

import numpy as np
import pytest
import scipy.sparse as sp

import recordlint

SDK_WRITE = """
import sys, numpy as np, scipy.sparse as sp
from sagemaker.amazon.common import write_spmatrix_to_sparse_tensor
parts = np.load(sys.argv[1])
matrix = sp.csr_matrix((parts["data"], parts["indices"], parts["indptr"]), shape=tuple(parts["shape"]))
labels = np.load(sys.argv[2]) if len(sys.argv) > 3 else None
try:
    with open(sys.argv[-1], "wb") as out:
        write_spmatrix_to_sparse_tensor(out, matrix, labels)
except (ValueError, TypeError) as error:
    print("SDK-ERROR:" + type(error).__name__ + ":" + str(error))
"""


def sdk_run(sdk_python: str, tmp_path: Path, matrix: Any, labels: Optional[np.ndarray]) -> tuple:
    """What SDK v2 writes for `matrix` (sent as its CSR arrays, so the SDK sees the same order): (bytes, error)."""
    csr = matrix.tocsr()
    np.savez(tmp_path / "m.npz", data=csr.data, indices=csr.indices, indptr=csr.indptr, shape=np.array(csr.shape))
    args = [str(tmp_path / "m.npz")]
    if labels is not None:
        np.save(tmp_path / "l.npy", labels)
        args.append(str(tmp_path / "l.npy"))
    out = tmp_path / "sdk.pbr"
    done = subprocess.run([sdk_python, "-c", SDK_WRITE, *args, str(out)], check=True, capture_output=True, text=True)
    error = "".join(line[len("SDK-ERROR:"):] for line in done.stdout.splitlines() if line.startswith("SDK-ERROR:"))
    return (None if error else out.read_bytes()), error


rng = np.random.default_rng(20261203)


def random_csr(rows: int, columns: int, dtype: Any, density: float = 0.2) -> sp.csr_matrix:
    matrix = sp.random(rows, columns, density=density, random_state=7, format="csr", dtype=np.float64)
    if np.dtype(dtype).kind == "i":
        matrix.data = rng.integers(-50, 50, matrix.nnz)
    return matrix.astype(dtype)


def with_quirks(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """An all-zero row, explicit zeros, and one row's entries stored out of column order."""
    matrix = matrix.tolil()
    matrix[2, :] = 0
    matrix = matrix.tocsr()
    matrix.data[::5] = 0
    start, end = matrix.indptr[4], matrix.indptr[5]
    matrix.indices[start:end] = matrix.indices[start:end][::-1].copy()
    matrix.data[start:end] = matrix.data[start:end][::-1].copy()
    matrix.has_sorted_indices = False
    return matrix


CASES = {
    "float32, float32 labels": (with_quirks(random_csr(40, 30, np.float32)), rng.random(40, dtype=np.float32)),
    "float64, integer labels": (with_quirks(random_csr(30, 1000, np.float64, 0.01)), rng.integers(0, 2, 30)),
    "integers, no labels": (with_quirks(random_csr(20, 12, np.int64)), None),
    "float32 from COO with duplicates": (
        sp.coo_matrix((np.array([1.5, 2.5, 4.0], dtype=np.float32), (np.array([0, 0, 1]), np.array([3, 3, 0]))),
                      shape=(3, 5)),
        np.array([1.0, 0.0, 1.0], dtype=np.float64)),
    "one-hot CSC": (sp.identity(16, dtype=np.float32, format="csc"), None),
}


@pytest.mark.parametrize("name", CASES)
def test_sparse_bytes_equal_sdk_v2(name: str, tmp_path: Path, sdk_python: str) -> None:
    matrix, labels = CASES[name]
    expected, error = sdk_run(sdk_python, tmp_path, matrix, labels)
    assert not error
    recordlint.write_spmatrix_to_sparse_tensor(str(tmp_path / "ours.pbr"), matrix, labels)
    assert (tmp_path / "ours.pbr").read_bytes() == expected
    buffer = io.BytesIO()
    recordlint.write_spmatrix_to_sparse_tensor(buffer, matrix, labels)
    assert buffer.getvalue() == expected


@pytest.mark.parametrize("name", CASES)
def test_read_numpy_gives_the_csr_back(name: str, tmp_path: Path) -> None:
    matrix, labels = CASES[name]
    recordlint.write_spmatrix_to_sparse_tensor(tmp_path / "r.pbr", matrix, labels)
    features, got_labels = recordlint.read_numpy(tmp_path / "r.pbr")
    csr = matrix.tocsr()
    assert sp.isspmatrix_csr(features)
    assert features.shape == csr.shape
    assert features.dtype == (np.int64 if csr.dtype.kind == "i" else csr.dtype)
    np.testing.assert_array_equal(features.indptr, csr.indptr)
    np.testing.assert_array_equal(features.indices, csr.indices)  # stored order, explicit zeros kept
    np.testing.assert_array_equal(features.data, csr.data)
    if labels is None:
        assert got_labels is None
    else:
        np.testing.assert_array_equal(got_labels, labels)
    dense, _ = recordlint.read_numpy(tmp_path / "r.pbr", sparse=False)
    assert isinstance(dense, np.ndarray)
    np.testing.assert_array_equal(dense, csr.toarray())


def test_dense_records_stay_dense_unless_asked(sample: Path) -> None:
    features, _ = recordlint.read_numpy(sample / "clean-dense.rec")
    assert isinstance(features, np.ndarray)
    as_csr, _ = recordlint.read_numpy(sample / "clean-dense.rec", sparse=True)
    assert sp.isspmatrix_csr(as_csr)
    np.testing.assert_array_equal(as_csr.toarray(), features)


def test_read_numpy_equals_sdk_read_records_on_an_sdk_file(tmp_path: Path, sdk_python: str) -> None:
    matrix, labels = CASES["float32, float32 labels"]
    written, _ = sdk_run(sdk_python, tmp_path, matrix, labels)
    path = tmp_path / "sdk-written.pbr"
    path.write_bytes(written)
    script = (
        "import sys, numpy as np\n"
        "from sagemaker.amazon.common import read_records\n"
        "rows, cols, vals = [], [], []\n"
        "for i, r in enumerate(read_records(open(sys.argv[1], 'rb'))):\n"
        "    t = r.features['values'].float32_tensor\n"
        "    rows += [i] * len(t.keys); cols += list(t.keys); vals += list(t.values)\n"
        "np.savez(sys.argv[2], rows=rows, cols=cols, vals=np.array(vals, dtype=np.float32))\n"
    )
    subprocess.run([sdk_python, "-c", script, str(path), str(tmp_path / "sdk.npz")], check=True)
    sdk = np.load(tmp_path / "sdk.npz")
    features, _ = recordlint.read_numpy(path)
    assert sp.isspmatrix_csr(features)
    coo = features.tocoo()
    np.testing.assert_array_equal(coo.row, sdk["rows"])
    np.testing.assert_array_equal(coo.col, sdk["cols"])
    np.testing.assert_array_equal(coo.data, sdk["vals"])


def test_a_key_past_the_shape_is_refused_not_dropped(sample: Path, tmp_path: Path) -> None:
    for sparse in (True, False):
        with pytest.raises(recordlint.RecordLintError, match="record 30 .* has key 1000 past its shape"):
            recordlint.read_numpy(sample / "sparse-out-of-range.rec", sparse=sparse)


@pytest.mark.parametrize(
    "matrix, labels",
    [
        (sp.random(4, 3, density=0.5, random_state=1, format="csr", dtype=np.float32), np.ones((4, 1), dtype=np.float32)),
        (sp.random(4, 3, density=0.5, random_state=1, format="csr", dtype=np.float32), np.ones(5, dtype=np.float32)),
        (sp.random(4, 3, density=0.5, random_state=1, format="csr", dtype=np.float32).astype(np.int32), None),
    ],
    ids=["2-D labels", "labels of the wrong length", "int32"],
)
def test_errors_are_the_sdks(matrix: Any, labels: Optional[np.ndarray], tmp_path: Path, sdk_python: str) -> None:
    _, error = sdk_run(sdk_python, tmp_path, matrix, labels)
    assert error, "the SDK raised nothing"
    kind, message = error.split(":", 1)
    with pytest.raises(ValueError) as raised:
        recordlint.write_spmatrix_to_sparse_tensor(io.BytesIO(), matrix, labels)
    assert kind == "ValueError" and str(raised.value) == message


def test_a_dense_array_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="Array must be sparse"):
        recordlint.write_spmatrix_to_sparse_tensor(io.BytesIO(), np.ones((2, 2), dtype=np.float32))


def test_nan_is_refused_with_the_row(tmp_path: Path) -> None:
    matrix = sp.csr_matrix(np.array([[1.0, 0.0], [0.0, np.nan]], dtype=np.float32))
    with pytest.raises(ValueError, match="row 1 column 1 is nan"):
        recordlint.write_spmatrix_to_sparse_tensor(tmp_path / "nan.pbr", matrix)
    assert not (tmp_path / "nan.pbr").exists()


def test_without_scipy_read_numpy_is_dense_and_the_sparse_writer_says_why(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "sys.modules['scipy'] = None; sys.modules['scipy.sparse'] = None\n"
        "import numpy as np, recordlint\n"
        "recordlint.write_numpy_to_dense_tensor(sys.argv[1], np.ones((2, 3), dtype=np.float32))\n"
        "features, _ = recordlint.read_numpy(sys.argv[1])\n"
        "assert isinstance(features, np.ndarray) and features.shape == (2, 3), type(features)\n"
        "try:\n"
        "    recordlint.write_spmatrix_to_sparse_tensor(sys.argv[1] + '.sparse', None)\n"
        "except ImportError as error:\n"
        "    print(error)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "x.pbr")],
                          check=True, capture_output=True, text=True)
    assert "needs scipy" in done.stdout


@pytest.mark.parametrize("shape", [(0, 5), (3, 0), (0, 0)], ids=["no rows", "no columns", "empty"])
def test_empty_matrices_are_the_sdks(shape: tuple, tmp_path: Path, sdk_python: str) -> None:
    matrix = sp.csr_matrix(shape, dtype=np.float32)
    expected, error = sdk_run(sdk_python, tmp_path, matrix, None)
    assert not error
    recordlint.write_spmatrix_to_sparse_tensor(tmp_path / "ours.pbr", matrix)
    assert (tmp_path / "ours.pbr").read_bytes() == expected


def test_int64_indices_and_csr_array_write_the_same_bytes(tmp_path: Path, sdk_python: str) -> None:
    matrix = random_csr(10, 7, np.float32)
    wide = sp.csr_matrix((matrix.data, matrix.indices.astype(np.int64), matrix.indptr.astype(np.int64)), shape=matrix.shape)
    expected, _ = sdk_run(sdk_python, tmp_path, matrix, None)
    recordlint.write_spmatrix_to_sparse_tensor(tmp_path / "wide.pbr", wide)
    assert (tmp_path / "wide.pbr").read_bytes() == expected
    if hasattr(sp, "csr_array"):
        recordlint.write_spmatrix_to_sparse_tensor(tmp_path / "array.pbr", sp.csr_array(matrix))
        assert (tmp_path / "array.pbr").read_bytes() == expected


def test_findings_name_the_array_not_a_scratch_folder() -> None:
    matrix = sp.csr_matrix(np.array([[1.0, 0.0, np.inf]], dtype=np.float32))
    with pytest.raises(ValueError) as raised:
        recordlint.write_spmatrix_to_sparse_tensor(io.BytesIO(), matrix)
    assert str(raised.value).startswith("array:1:3: error: row 0 column 2 is inf"), str(raised.value)
