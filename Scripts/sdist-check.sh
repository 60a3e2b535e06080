#!/usr/bin/env bash
# The sdist, as a user without a matching wheel gets it: `python -m build --sdist`, then
#  1. building a wheel from it with no `swift` on PATH stops with the message that says what to install;
#  2. building a wheel from it with Swift runs `swift build` (hatch_build.py) in the unpacked sdist, and that
#     wheel, installed in a fresh virtualenv, checks SampleData and writes records from Python.
# Uses .venv-build (hatchling, build; `make wheel` makes it). Everything happens in a scratch folder.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
python=$root/.venv-build/bin/python
swift=$(command -v "${SWIFT:-swift}") || { echo "sdist-check: no swift on PATH (step 2 builds from source)" >&2; exit 1; }
scratch=$(mktemp -d "${TMPDIR:-/tmp}/recordlint-sdist.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/empty-bin"  # a PATH with no swift on it, wherever swift is installed

"$python" -m build --sdist --no-isolation --outdir "$scratch/dist" >/dev/null
sdist=$(ls "$scratch"/dist/recordlint-*.tar.gz)
tar -tzf "$sdist" >"$scratch/members"
for member in Package.swift Sources/recordlint/Check.swift Sources/CRecordProto/record.pb-c.c Proto/record.proto \
    Tests/TestSupport/Scratch.swift python/recordlint/__init__.py hatch_build.py; do
    grep -qx "recordlint-[^/]*/$member" "$scratch/members" || { echo "sdist-check: $member is not in $sdist" >&2; exit 1; }
done
tar -xzf "$sdist" -C "$scratch"
unpacked=$(ls -d "$scratch"/recordlint-*/)

# 1. No swift on PATH: a clear message, no traceback to decode.
if env PATH="$scratch/empty-bin" "$python" -m build --wheel --no-isolation --outdir "$scratch/none" "$unpacked" \
    >"$scratch/no-swift.log" 2>&1; then
    echo "sdist-check: the wheel built without swift on PATH" >&2; exit 1
fi
grep -q "building from source needs Swift 6" "$scratch/no-swift.log" \
    || { echo "sdist-check: no message naming Swift:" >&2; tail -5 "$scratch/no-swift.log" >&2; exit 1; }

# 2. With Swift: the hook builds the binary from the sdist's sources.
env PATH="$(dirname "$swift"):/usr/bin:/bin" "$python" -m build --wheel --no-isolation --outdir "$scratch/wheel" "$unpacked" \
    >"$scratch/build.log" 2>&1 || { tail -20 "$scratch/build.log" >&2; exit 1; }
[ -x "$unpacked/.build/release/recordlint" ] || { echo "sdist-check: the hook built no binary" >&2; exit 1; }
"$python" -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install -q "$scratch"/wheel/recordlint-*.whl
env PATH="$scratch/venv/bin:/usr/bin:/bin" recordlint check "$root/SampleData/clean-dense.rec" --feature-dim 784 >/dev/null
"$scratch/venv/bin/python" - "$scratch/x.pbr" <<'PY'
import sys, numpy as np, recordlint
recordlint.write_numpy_to_dense_tensor(sys.argv[1], np.ones((3, 4), dtype=np.float32), np.zeros(3, dtype=np.float32))
features, labels = recordlint.read_numpy(sys.argv[1])
assert features.shape == (3, 4) and labels.tolist() == [0, 0, 0]
assert recordlint.check(sys.argv[1], feature_dim=4).ok
PY
echo "sdist-check: $(basename "$sdist") builds with Swift ($(basename "$scratch"/wheel/*.whl)) and says what to install without it"
