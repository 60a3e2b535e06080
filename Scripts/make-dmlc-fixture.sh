#!/usr/bin/env bash
# Writes Tests/RecordLintTests/Fixtures/mxnet-multipart.rec: SDK-encoded records written with
# MXNet 1.9.1's mxnet.recordio.MXRecordIO, whose dmlc writer splits a payload into parts at every
# aligned magic word. Needs .venv-peers (Scripts/peer-venv.sh) and a virtualenv with
# `pip install mxnet==1.9.1 "numpy<1.24"` at $MXNET_VENV (default .venv-mxnet).
set -euo pipefail
cd "$(dirname "$0")/.."
MXNET_VENV=${MXNET_VENV:-.venv-mxnet}
payloads=$(mktemp)
trap 'rm -f "$payloads"' EXIT
# Step 1, the SageMaker SDK: records whose float32 values include the magic's bit pattern.
SAGEMAKER_SUPPRESS_V2_WARNING=1 .venv-peers/bin/python - "$payloads" <<'PY' 2>/dev/null
import struct, sys
import numpy as np
from sagemaker.amazon.record_pb2 import Record
magic = struct.unpack("<f", struct.pack("<I", 0xCED7230A))[0]
out = []
for row in range(12):
    values = np.linspace(0, 1, 8, dtype=np.float32)
    if row % 3 == 0:
        values[row % 8] = magic          # one magic word: two parts
    if row % 4 == 1:
        values[2] = values[3] = magic    # two in a row: an empty middle part
    record = Record()
    record.features["values"].float32_tensor.values.extend(values)
    record.label["values"].float32_tensor.values.extend([float(row % 2)])
    out.append(record.SerializeToString())
with open(sys.argv[1], "wb") as f:
    for payload in out:
        f.write(struct.pack("<I", len(payload)) + payload)
PY
# Step 2, MXNet: write them with dmlc's RecordIOWriter and read them back.
"$MXNET_VENV"/bin/python - "$payloads" Tests/RecordLintTests/Fixtures/mxnet-multipart.rec <<'PY' 2>/dev/null
import struct, sys
import mxnet.recordio
payloads = []
with open(sys.argv[1], "rb") as f:
    data = f.read()
position = 0
while position < len(data):
    (length,) = struct.unpack("<I", data[position:position + 4])
    payloads.append(data[position + 4:position + 4 + length])
    position += 4 + length
writer = mxnet.recordio.MXRecordIO(sys.argv[2], "w")
for payload in payloads:
    writer.write(payload)
writer.close()
reader = mxnet.recordio.MXRecordIO(sys.argv[2], "r")
read = []
while True:
    item = reader.read()
    if item is None:
        break
    read.append(item)
assert read == payloads, "MXNet reads back what it wrote"
print(f"{len(payloads)} records written and read back by MXNet")
PY
