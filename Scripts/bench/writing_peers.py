"""The Python side of Scripts/bench-writing.sh: makes the MNIST-like CSV and times the SDK v2
pipelines recordlint's convert and export replace (in-process seconds, start-up not counted).
  make-csv PATH        10,000 x 784 MNIST-like rows, label first, no header
  sdk-convert CSV      np.loadtxt + astype(float32) + write_numpy_to_dense_tensor
  pandas CSV           pandas.read_csv alone
  sdk-export PBR       read_records + np.array of the features and labels
Each timing mode prints 'SECONDS label'."""
import io
import sys
import time

import numpy as np


def make_csv(path):
    rng = np.random.default_rng(784)
    pixels = np.where(rng.random((10000, 784)) < 0.2, rng.integers(1, 256, (10000, 784)) / 255, 0).astype(np.float32)
    labels = rng.integers(0, 10, 10000).astype(np.float32)
    np.savetxt(path, np.column_stack([labels, pixels]), delimiter=",", fmt="%.8g")


def main():
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "make-csv":
        return make_csv(path)
    start = time.perf_counter()
    if mode == "sdk-convert":
        from sagemaker.amazon.common import write_numpy_to_dense_tensor
        start = time.perf_counter()
        table = np.loadtxt(path, delimiter=",")
        loaded = time.perf_counter()
        buffer = io.BytesIO()
        write_numpy_to_dense_tensor(buffer, table[:, 1:].astype(np.float32), table[:, 0].astype(np.float32))
        with open("/dev/null", "wb") as f:
            f.write(buffer.getvalue())
        end = time.perf_counter()
        print(f"{loaded - start:.4f} np.loadtxt")
        print(f"{end - loaded:.4f} write_numpy_to_dense_tensor")
    elif mode == "pandas":
        import pandas
        start = time.perf_counter()
        pandas.read_csv(path, header=None)
        end = time.perf_counter()
    elif mode == "sdk-export":
        from sagemaker.amazon.common import read_records
        start = time.perf_counter()
        with open(path, "rb") as f:
            records = read_records(f)
        np.array([r.features["values"].float32_tensor.values for r in records], dtype=np.float32)
        np.array([r.label["values"].float32_tensor.values[0] for r in records], dtype=np.float32)
        end = time.perf_counter()
    print(f"{end - start:.4f} total")


if __name__ == "__main__":
    main()
