#!/usr/bin/env bash
# Makes .venv-peers with the SageMaker Python SDK v2 (the reference writer and
# reader recordlint is compared with), scikit-learn (load_svmlight_file) and
# pandas (read_csv, in the bench) unless it is there already.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv-peers/bin/python ] || ! .venv-peers/bin/python -c "import sagemaker.amazon.common, scipy, sklearn, pandas" 2>/dev/null; then
    python3 -m venv .venv-peers
    .venv-peers/bin/pip install -q "sagemaker<3" scipy scikit-learn pandas
fi
