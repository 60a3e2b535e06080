"""The SageMaker Python SDK's reader with the same checks recordlint does on the
benchmark files: read_recordio + Record.ParseFromString, the dimension check for
dense rows, and a finiteness check over the values (the fastest found: the sum of the
values is NaN or ±Inf when any value is; numpy's isfinite made the scan twice as slow, as
converting the repeated field to an array dominates).  Prints the scan's seconds
(the time after Python and the SDK have started), then records and counts.
    python sdk_reader.py FILE FEATURE_DIM
"""
import sys
import math
import time

from sagemaker.amazon.common import read_recordio
from sagemaker.amazon.record_pb2 import Record


def main():
    path, feature_dim = sys.argv[1], int(sys.argv[2])
    started = time.perf_counter()
    records = bad_dimension = non_finite = 0
    with open(path, "rb") as f:
        for payload in read_recordio(f):
            record = Record()
            record.ParseFromString(payload)
            records += 1
            tensor = record.features["values"].float32_tensor
            if len(tensor.keys) == 0 and len(tensor.values) != feature_dim:
                bad_dimension += 1
            if not math.isfinite(sum(tensor.values)):
                non_finite += 1
    print(f"{time.perf_counter() - started:.4f} {records} {bad_dimension} {non_finite}")


if __name__ == "__main__":
    main()
