"""Files written with the SageMaker Python SDK v2's own writer, shared by make-sample-data.py
and peer-check.sh."""
import numpy as np
from sagemaker.amazon.common import write_numpy_to_dense_tensor


def mnist_like(rows, seed):
    """Rows of 784 float32 'pixels' (mostly 0, some in (0, 1]) and 0/1 labels."""
    rng = np.random.default_rng(seed)
    pixels = np.where(rng.random((rows, 784)) < 0.2, rng.random((rows, 784)), 0).astype(np.float32)
    labels = (rng.random(rows) < 0.5).astype(np.float32)
    return pixels, labels


def write_dense_with_label_column(path, rows, bad_rows, seed):
    """Dense rows; in bad_rows the label was left in the features as a 785th value."""
    pixels, labels = mnist_like(rows, seed)
    with open(path, "wb") as f:
        start = 0
        for bad in sorted(bad_rows) + [rows]:
            if bad > start:
                write_numpy_to_dense_tensor(f, pixels[start:bad], labels[start:bad])
            if bad < rows:
                row = np.append(pixels[bad], labels[bad]).astype(np.float32).reshape(1, 785)
                write_numpy_to_dense_tensor(f, row, labels[bad:bad + 1])
            start = bad + 1
