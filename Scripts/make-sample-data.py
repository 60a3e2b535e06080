#!/usr/bin/env python3
"""Writes SampleData/ and the SDK fixtures of the tests with the SageMaker Python SDK v2's
own writer (write_numpy_to_dense_tensor, write_spmatrix_to_sparse_tensor, _write_recordio).

Run it in a virtualenv with `pip install "sagemaker<3" scipy` (Scripts/peer-venv.sh makes one):
    python Scripts/make-sample-data.py
The files are committed; this script says how each was made.
"""
import io
import os

import numpy as np
import scipy.sparse
from sagemaker.amazon.common import (
    write_numpy_to_dense_tensor, write_spmatrix_to_sparse_tensor, _write_recordio)
from sagemaker.amazon.record_pb2 import Record, Value

from sdk_files import mnist_like, write_dense_with_label_column

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SAMPLE = os.path.join(ROOT, "SampleData")
FIXTURES = os.path.join(ROOT, "Tests", "RecordLintTests", "Fixtures")


def _varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def main():
    os.makedirs(SAMPLE, exist_ok=True)
    os.makedirs(FIXTURES, exist_ok=True)

    # SampleData: what a user meets.
    pixels, labels = mnist_like(50, seed=1)
    with open(os.path.join(SAMPLE, "clean-dense.rec"), "wb") as f:
        write_numpy_to_dense_tensor(f, pixels, labels)

    write_dense_with_label_column(os.path.join(SAMPLE, "mnist-785.rec"), 40, [7, 23], seed=2)

    rng = np.random.default_rng(3)
    matrix = scipy.sparse.random(30, 1000, density=0.02, format="csr", random_state=4, dtype=np.float32)
    with open(os.path.join(SAMPLE, "sparse-out-of-range.rec"), "wb") as f:
        write_spmatrix_to_sparse_tensor(f, matrix, (rng.random(30) < 0.5).astype(np.float32))
        # One more row built with the SDK's own Record class: key 1000 is past the 1000 columns.
        record = Record()
        tensor = record.features["values"].float32_tensor
        tensor.values.extend([0.5, 0.25])
        tensor.keys.extend([3, 1000])
        tensor.shape.extend([1000])
        record.label["values"].float32_tensor.values.extend([1.0])
        _write_recordio(f, record.SerializeToString())

    whole = io.BytesIO()
    pixels, labels = mnist_like(10, seed=5)
    write_numpy_to_dense_tensor(whole, pixels, labels)
    data = whole.getvalue()
    with open(os.path.join(SAMPLE, "truncated.rec"), "wb") as f:
        f.write(data[: len(data) - 1000])  # an upload cut off inside record 9's payload

    pixels, labels = mnist_like(20, seed=6)
    pixels[4, 100] = np.nan
    pixels[12, 5] = np.inf
    with open(os.path.join(SAMPLE, "nan-values.rec"), "wb") as f:
        write_numpy_to_dense_tensor(f, pixels, labels)

    # A writer that streams each row's tensor as two Values' bytes back to back (392 pixels, then
    # 392): protobuf parses the second into the first, so the SDK reads 784 values; protobuf-c
    # keeps only the last 392.
    pixels, labels = mnist_like(10, seed=7)
    with open(os.path.join(SAMPLE, "chunked-tensor.rec"), "wb") as f:
        for row, label in zip(pixels, labels):
            halves = []
            for half in (row[:392], row[392:]):
                value = Value()
                value.float32_tensor.values.extend(half)
                halves.append(value.SerializeToString())
            entry = b"\x0a\x06values" + b"\x12" + _varint(len(halves[0] + halves[1])) + halves[0] + halves[1]
            record = Record()
            record.label["values"].float32_tensor.values.extend([label])
            payload = b"\x0a" + _varint(len(entry)) + entry + record.SerializeToString()
            parsed = Record()
            parsed.ParseFromString(payload)
            assert len(parsed.features["values"].float32_tensor.values) == 784
            _write_recordio(f, payload)

    # Test fixtures: small files the writer's bytes are compared with.
    dense = (np.arange(18, dtype=np.float32).reshape(3, 6) - 4.5) / 2
    with open(os.path.join(FIXTURES, "sdk-dense-float32.rec"), "wb") as f:
        write_numpy_to_dense_tensor(f, dense, np.array([0, 1, 1], dtype=np.float32))
    with open(os.path.join(FIXTURES, "sdk-dense-float64-int-labels.rec"), "wb") as f:
        write_numpy_to_dense_tensor(f, dense.astype(np.float64), np.array([0, 1, 2], dtype=np.int64))
    sparse = scipy.sparse.csr_matrix(np.array(
        [[0, 1.5, 0, 0, 2.0, 0], [0, 0, 0, 0, 0, 0], [3.25, 0, 0, 0, 0, -1]], dtype=np.float32))
    with open(os.path.join(FIXTURES, "sdk-sparse-float32.rec"), "wb") as f:
        write_spmatrix_to_sparse_tensor(f, sparse, np.array([1, 0, 1], dtype=np.float32))


if __name__ == "__main__":
    main()
