#!/usr/bin/env bash
# The SARIF tests validate against the OASIS schema with Python's jsonschema (and
# rfc3986-validator for uri-reference). When python3 lacks them, this makes .venv-tests
# with both (from PyPI); the tests use .venv-tests/bin/python3 when it is there.
set -euo pipefail
cd "$(dirname "$0")/.."
check='import jsonschema, rfc3986_validator'
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: the SARIF schema tests will be skipped" >&2; exit 0; }
python3 -c "$check" 2>/dev/null && exit 0
[ -x .venv-tests/bin/python3 ] && .venv-tests/bin/python3 -c "$check" 2>/dev/null && exit 0
echo "installing jsonschema and rfc3986-validator into .venv-tests" >&2
if ! { python3 -m venv .venv-tests && .venv-tests/bin/pip install -q jsonschema rfc3986-validator; }; then
    echo "could not install jsonschema: the SARIF schema tests will be skipped" >&2
fi
