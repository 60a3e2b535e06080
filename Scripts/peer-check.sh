#!/usr/bin/env bash
# The foundation issue's acceptance check against the real SageMaker SDK: a 2,000-record
# MNIST-like file written by write_numpy_to_dense_tensor where records 17 and 1503 carry the
# label as a 785th value. recordlint must list exactly those two (expected 784, actual 785)
# with the label hint; the SDK's read_records must agree on which records have 785 values.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/peer-venv.sh
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
SAGEMAKER_SUPPRESS_V2_WARNING=1 PYTHONPATH=Scripts .venv-peers/bin/python - "$out/mnist2000.rec" <<'PY' 2>/dev/null | grep -v INFO
import sys
from sagemaker.amazon.common import read_records
from sdk_files import write_dense_with_label_column
write_dense_with_label_column(sys.argv[1], 2000, [17, 1503], seed=0)
with open(sys.argv[1], "rb") as f:
    records = read_records(f)
odd = [i for i, r in enumerate(records) if len(r.features["values"].float32_tensor.values) != 784]
print(f"SDK read_records: {len(records)} records, with 785 values: {odd}")
PY
status=0
.build/release/recordlint check "$out/mnist2000.rec" --feature-dim 784 --format json > "$out/report.json" || status=$?
python3 - "$out/report.json" "$status" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
found = [(f["record"], f["expected"], f["actual"], f["rule"]) for f in report["findings"]]
print(f"recordlint: exit {sys.argv[2]}, findings {found}")
print(f"recordlint hints: {report['hints']}")
assert found == [(17, 784, 785, "dimension-mismatch"), (1503, 784, 785, "dimension-mismatch")], "wrong findings"
assert any("feature_dim + 1" in hint for hint in report["hints"]), "no label hint"
assert sys.argv[2] == "1", "exit status should be 1"
print("peer check passed")
PY
