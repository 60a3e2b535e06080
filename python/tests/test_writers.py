"""write_numpy_to_dense_tensor and read_numpy: SDK v2's bytes and errors, through convert/export."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Optional

import numpy as np
import pytest

import recordlint

SDK_WRITE = """
import sys, numpy as np
from sagemaker.amazon.common import write_numpy_to_dense_tensor
features = np.load(sys.argv[1])
labels = np.load(sys.argv[2]) if len(sys.argv) > 3 else None
with open(sys.argv[-1], "wb") as out:
    write_numpy_to_dense_tensor(out, features, labels)
"""

SDK_ERROR = """
import sys, io, numpy as np
from sagemaker.amazon.common import write_numpy_to_dense_tensor
features = np.load(sys.argv[1])
labels = np.load(sys.argv[2]) if len(sys.argv) > 2 else None
try:
    write_numpy_to_dense_tensor(io.BytesIO(), features, labels)
except ValueError as error:
    print("VALUE-ERROR:" + str(error))
"""


def sdk_bytes(sdk_python: str, tmp_path: Path, features: np.ndarray, labels: Optional[np.ndarray]) -> bytes:
    np.save(tmp_path / "f.npy", features)
    args = [str(tmp_path / "f.npy")]
    if labels is not None:
        np.save(tmp_path / "l.npy", labels)
        args.append(str(tmp_path / "l.npy"))
    subprocess.run([sdk_python, "-c", SDK_WRITE, *args, str(tmp_path / "sdk.pbr")], check=True)
    return (tmp_path / "sdk.pbr").read_bytes()


def sdk_error(sdk_python: str, tmp_path: Path, features: np.ndarray, labels: Optional[np.ndarray]) -> str:
    np.save(tmp_path / "f.npy", features)
    args = [str(tmp_path / "f.npy")]
    if labels is not None:
        np.save(tmp_path / "l.npy", labels)
        args.append(str(tmp_path / "l.npy"))
    done = subprocess.run([sdk_python, "-c", SDK_ERROR, *args], check=True, capture_output=True, text=True)
    return "".join(line[len("VALUE-ERROR:"):] for line in done.stdout.splitlines() if line.startswith("VALUE-ERROR:"))


rng = np.random.default_rng(20261202)
CASES = {
    "float32 with float32 labels": (rng.random((50, 17), dtype=np.float32), rng.random(50, dtype=np.float32)),
    "float64, no labels": (rng.standard_normal((40, 9)) * 1e6, None),
    "float32 with integer labels": (rng.random((30, 784), dtype=np.float32), rng.integers(0, 10, 30)),
    "integers with float64 labels": (rng.integers(-1000, 1000, (25, 5)), rng.standard_normal(25)),
    "zeros and negative zero": (np.array([[0.0, -0.0, 1.5], [-2.5, 0.0, 3.0]], dtype=np.float32), None),
}


@pytest.mark.parametrize("name", CASES)
def test_dense_bytes_equal_sdk_v2(name: str, tmp_path: Path, sdk_python: str) -> None:
    features, labels = CASES[name]
    expected = sdk_bytes(sdk_python, tmp_path, features, labels)
    recordlint.write_numpy_to_dense_tensor(str(tmp_path / "ours.pbr"), features, labels)
    assert (tmp_path / "ours.pbr").read_bytes() == expected
    buffer = io.BytesIO()
    recordlint.write_numpy_to_dense_tensor(buffer, features, labels)
    assert buffer.getvalue() == expected


@pytest.mark.parametrize("name", CASES)
def test_read_numpy_round_trips(name: str, tmp_path: Path) -> None:
    features, labels = CASES[name]
    recordlint.write_numpy_to_dense_tensor(tmp_path / "r.pbr", features, labels)
    got_features, got_labels = recordlint.read_numpy(tmp_path / "r.pbr")
    expected_dtype = np.int64 if features.dtype.kind == "i" else features.dtype
    assert got_features.dtype == expected_dtype
    np.testing.assert_array_equal(got_features, features)
    if labels is None:
        assert got_labels is None
    else:
        np.testing.assert_array_equal(got_labels, labels)


def test_a_non_contiguous_array_writes_its_values(tmp_path: Path, sdk_python: str) -> None:
    features = rng.random((20, 12), dtype=np.float32)[:, ::2]
    expected = sdk_bytes(sdk_python, tmp_path, np.ascontiguousarray(features), None)
    recordlint.write_numpy_to_dense_tensor(tmp_path / "ours.pbr", features)
    assert (tmp_path / "ours.pbr").read_bytes() == expected


@pytest.mark.parametrize(
    "features, labels",
    [
        (np.arange(5, dtype=np.float32), None),
        (np.ones((3, 2), dtype=np.float32), np.ones((3, 1), dtype=np.float32)),
        (np.ones((3, 2), dtype=np.float32), np.ones(4, dtype=np.float32)),
        (np.ones((3, 2), dtype=np.float16), None),
    ],
    ids=["1-D array", "2-D labels", "labels of the wrong length", "float16"],
)
def test_errors_are_the_sdks(features: np.ndarray, labels: Optional[np.ndarray], tmp_path: Path, sdk_python: str) -> None:
    message = sdk_error(sdk_python, tmp_path, features, labels)
    assert message, "the SDK raised no ValueError"
    with pytest.raises(ValueError) as raised:
        recordlint.write_numpy_to_dense_tensor(io.BytesIO(), features, labels)
    assert str(raised.value) == message


def test_non_finite_values_are_refused_with_the_row(tmp_path: Path) -> None:
    features = np.ones((4, 3), dtype=np.float32)
    features[2, 1] = np.nan
    with pytest.raises(ValueError, match="row 2 column 1 is nan"):
        recordlint.write_numpy_to_dense_tensor(tmp_path / "nan.pbr", features)
    assert not (tmp_path / "nan.pbr").exists()


def test_read_numpy_of_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        recordlint.read_numpy(tmp_path / "nope.rec")


def test_read_numpy_equals_sdk_read_records(sample: Path, tmp_path: Path, sdk_python: str) -> None:
    script = (
        "import sys, numpy as np\n"
        "from sagemaker.amazon.common import read_records\n"
        "records = read_records(open(sys.argv[1], 'rb'))\n"
        "np.save(sys.argv[2], np.array([r.features['values'].float32_tensor.values for r in records], dtype=np.float32))\n"
        "np.save(sys.argv[3], np.array([r.label['values'].float32_tensor.values[0] for r in records], dtype=np.float32))\n"
    )
    path = sample / "clean-dense.rec"
    subprocess.run([sdk_python, "-c", script, str(path), str(tmp_path / "f.npy"), str(tmp_path / "l.npy")], check=True)
    features, labels = recordlint.read_numpy(path)
    np.testing.assert_array_equal(features, np.load(tmp_path / "f.npy"))
    np.testing.assert_array_equal(labels, np.load(tmp_path / "l.npy"))
