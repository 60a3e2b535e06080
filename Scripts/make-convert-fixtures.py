"""Writes the golden fixtures of `recordlint convert` with the SageMaker Python SDK v2:
small CSV, libsvm and .npy inputs, and the files the SDK pipeline writes from them
(np.loadtxt / sklearn's load_svmlight_file / np.load, astype, then
write_numpy_to_dense_tensor or write_spmatrix_to_sparse_tensor).
cases.json lists, for each case, the recordlint arguments and the files expected.
Run: Scripts/peer-venv.sh && .venv-peers/bin/python Scripts/make-convert-fixtures.py"""
import json
import os

import numpy as np
from sagemaker.amazon.common import write_numpy_to_dense_tensor, write_spmatrix_to_sparse_tensor
from sklearn.datasets import load_svmlight_file

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "recordlintTests", "ConvertFixtures")
cases = []


def path(name):
    return os.path.join(OUT, name)


def write_text(name, text):
    with open(path(name), "w", newline="") as f:
        f.write(text)


def dense(name, features, labels):
    with open(path(name), "wb") as f:
        write_numpy_to_dense_tensor(f, features, labels)


def sparse(name, matrix, labels):
    with open(path(name), "wb") as f:
        write_spmatrix_to_sparse_tensor(f, matrix, labels)


# Many number spellings: exponents, signs, integers, 17 significant digits, values that
# round differently as float32; CRLF line ends on some lines, and no final newline.
spellings = "\r\n".join([
    "1,0.1,-2.5e-3,+7,1E10,0.30000000000000004",
    "0,  3.4028235e38,-0,.5,5.,1.7976931348623157e30",
    "1,16777217,0.333333333333333314829616256247,-1e-45,1e-40,123456789012345678",
    "0,2.5e+2,-.75,1.00000001,9007199254740993,4.9e-324",
]) + "\n" + "1,0.7,0.2,0.3,100,-100"
write_text("spellings.csv", spellings)
table = np.loadtxt(path("spellings.csv"), delimiter=",")
dense("spellings-float32.pbr", table[:, 1:].astype(np.float32), table[:, 0].astype(np.float32))
dense("spellings-float64.pbr", table[:, 1:], table[:, 0])
cases += [
    {"name": "spellings float32", "args": ["spellings.csv"], "expected": ["spellings-float32.pbr"]},
    {"name": "spellings float64", "args": ["spellings.csv", "--dtype", "float64"], "expected": ["spellings-float64.pbr"]},
]

# Label last and no label; a header line; a semicolon delimiter.
write_text("label-last.csv", "a;b;c;label\n1.5;2;3;1\n-4;5e-1;6;0\n7;8;9.25;1\n")
table = np.loadtxt(path("label-last.csv"), delimiter=";", skiprows=1)
dense("label-last.pbr", table[:, :-1].astype(np.float32), table[:, -1].astype(np.float32))
write_text("label-none.csv", "0.5,1,2\n3,4,5.5\n")
table = np.loadtxt(path("label-none.csv"), delimiter=",")
dense("label-none.pbr", table.astype(np.float32), None)
cases += [
    {"name": "label last, header, semicolons",
     "args": ["label-last.csv", "--label-column", "last", "--header", "--delimiter", ";"], "expected": ["label-last.pbr"]},
    {"name": "no label", "args": ["label-none.csv", "--label-column", "none"], "expected": ["label-none.pbr"]},
]

# --records-per-file: 5 rows, 2 a file, as three SDK writes of slices.
write_text("five.csv", "".join(f"{i % 2},{i}.25,{-i}e-1\n" for i in range(5)))
table = np.loadtxt(path("five.csv"), delimiter=",").astype(np.float32)
for part, start in enumerate(range(0, 5, 2)):
    dense(f"five-{part:05d}.pbr", table[start:start + 2, 1:], table[start:start + 2, 0])
cases.append({"name": "records per file", "args": ["five.csv", "--records-per-file", "2"],
              "output": "five", "expected": [f"five-{part:05d}.pbr" for part in range(3)]})

# libsvm, 1-based and 0-based, as load_svmlight_file reads them: a comment, an explicit zero,
# a row with no features, a qid, exponents.
write_text("one-based.libsvm",
           "1 1:0.5 3:2.5e-1 7:-3\n# a comment line\n0 qid:3 2:1e3 4:0 5:+1.25\n1\n-1 1:0.1 6:17.000000000000001 # trailing\n")
X, y = load_svmlight_file(path("one-based.libsvm"), zero_based=False)
sparse("one-based-float32.pbr", X.astype(np.float32), y.astype(np.float32))
sparse("one-based-float64.pbr", X, y)
X, y = load_svmlight_file(path("one-based.libsvm"), zero_based=False, n_features=10)
sparse("one-based-dim10.pbr", X.astype(np.float32), y.astype(np.float32))
write_text("zero-based.svm", "1 0:1.5 2:2\n0 1:-0.5 4:3e2\n")
X, y = load_svmlight_file(path("zero-based.svm"), zero_based=True)
sparse("zero-based.pbr", X.astype(np.float32), y.astype(np.float32))
cases += [
    {"name": "libsvm 1-based float32", "args": ["one-based.libsvm"], "expected": ["one-based-float32.pbr"]},
    {"name": "libsvm 1-based float64", "args": ["one-based.libsvm", "--dtype", "float64"],
     "expected": ["one-based-float64.pbr"]},
    {"name": "libsvm feature-dim", "args": ["one-based.libsvm", "--feature-dim", "10"], "expected": ["one-based-dim10.pbr"]},
    {"name": "libsvm 0-based", "args": ["zero-based.svm", "--zero-based"], "expected": ["zero-based.pbr"]},
]

# .npy float32, float64 and int64 features; labels of each kind; --dtype auto is the SDK's own rule.
rng = np.random.default_rng(9)
f32 = (rng.standard_normal((4, 5)) * 100).astype(np.float32)
f64 = rng.standard_normal((4, 5)) / 3
i64 = rng.integers(-1000, 1000, (4, 5), dtype=np.int64)
labels_f32 = np.array([0, 1, 1, 0], dtype=np.float32)
labels_i64 = np.array([3, 0, 2, 1], dtype=np.int64)
np.save(path("f32.npy"), f32)
np.save(path("f64.npy"), f64)
np.save(path("i64.npy"), i64)
np.save(path("labels-f32.npy"), labels_f32)
np.save(path("labels-i64.npy"), labels_i64)
dense("f32-auto.pbr", f32, labels_f32)
dense("f64-auto.pbr", f64, labels_i64)
dense("i64-auto.pbr", i64, None)
dense("f64-float32.pbr", f64.astype(np.float32), labels_i64.astype(np.float32))
cases += [
    {"name": "npy float32 auto", "args": ["f32.npy", "--labels", "labels-f32.npy", "--dtype", "auto"],
     "expected": ["f32-auto.pbr"]},
    {"name": "npy float64 auto, int64 labels", "args": ["f64.npy", "--labels", "labels-i64.npy", "--dtype", "auto"],
     "expected": ["f64-auto.pbr"]},
    {"name": "npy int64 auto", "args": ["i64.npy", "--dtype", "auto"], "expected": ["i64-auto.pbr"]},
    {"name": "npy float64 as float32", "args": ["f64.npy", "--labels", "labels-i64.npy"], "expected": ["f64-float32.pbr"]},
]

# A scipy CSR matrix as a directory of .npy files (convert --from csr): an all-zero row, an explicit
# zero, a row stored out of column order; float32 with int64 labels, and int64 (Int32 tensors).
import scipy.sparse as sp  # noqa: E402


def csr_directory(name, matrix):
    os.makedirs(path(name), exist_ok=True)
    np.save(os.path.join(path(name), "shape.npy"), np.array(matrix.shape, dtype=np.int64))
    for member in ("indptr", "indices", "data"):
        np.save(os.path.join(path(name), member + ".npy"), getattr(matrix, member))


quirks = sp.csr_matrix((np.array([1.5, 0.0, -2.25, 3e-7, 8.0, 1e30], dtype=np.float32),
                        np.array([4, 0, 2, 6, 1, 3], dtype=np.int32), np.array([0, 2, 2, 5, 6])), shape=(4, 8))
csr_directory("quirks-f32.csr", quirks)
sparse("quirks-f32.pbr", quirks, labels_i64)
integer_csr = sp.csr_matrix((np.array([7, -3, 12], dtype=np.int64), np.array([2, 0, 5], dtype=np.int32),
                             np.array([0, 1, 1, 3])), shape=(3, 6))
csr_directory("quirks-i64.csr", integer_csr)
sparse("quirks-i64.pbr", integer_csr, None)
cases += [
    {"name": "csr float32, int64 labels", "args": ["quirks-f32.csr", "--from", "csr", "--labels", "labels-i64.npy",
                                                   "--dtype", "auto"], "expected": ["quirks-f32.pbr"]},
    {"name": "csr int64 auto", "args": ["quirks-i64.csr", "--from", "csr", "--dtype", "auto"],
     "expected": ["quirks-i64.pbr"]},
]

with open(path("cases.json"), "w") as f:
    json.dump(cases, f, indent=1)
    f.write("\n")

# export: the arrays SDK v2's read_records + numpy give for some of the files above.
from sagemaker.amazon.common import read_records  # noqa: E402

DTYPES = {"float32_tensor": np.float32, "float64_tensor": np.float64, "int32_tensor": np.int64}


def sdk_arrays(name):
    """(features, labels or None) of a file, dense, sparse rows placed at their keys."""
    with open(path(name), "rb") as f:
        records = read_records(f)
    rows, labels = [], []
    for record in records:
        value = record.features["values"]
        kind = value.WhichOneof("value")
        tensor = getattr(value, kind)
        if len(tensor.keys) or len(tensor.shape):
            row = np.zeros(tensor.shape[0], dtype=DTYPES[kind])
            row[np.array(tensor.keys, dtype=np.int64)] = np.array(tensor.values, dtype=DTYPES[kind])
        else:
            row = np.array(tensor.values, dtype=DTYPES[kind])
        rows.append(row)
        if "values" in record.label:
            label = record.label["values"]
            labels.append(np.array(getattr(label, label.WhichOneof("value")).values, dtype=DTYPES[label.WhichOneof("value")])[0])
    return np.array(rows), (np.array(labels) if labels else None)


exports = []
for name in ["spellings-float32.pbr", "spellings-float64.pbr", "one-based-float32.pbr", "f64-auto.pbr", "i64-auto.pbr",
             "label-none.pbr"]:
    features, labels = sdk_arrays(name)
    stem = name[:-4]
    np.save(path(f"export-{stem}.npy"), features)
    entry = {"input": name, "features": f"export-{stem}.npy"}
    if labels is not None:
        np.save(path(f"export-{stem}-labels.npy"), labels)
        entry["labels"] = f"export-{stem}-labels.npy"
    exports.append(entry)
with open(path("exports.json"), "w") as f:
    json.dump(exports, f, indent=1)
    f.write("\n")
