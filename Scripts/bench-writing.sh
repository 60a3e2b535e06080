#!/usr/bin/env bash
# The writing commands side by side with what they replace, in one run (called by bench.sh; runs
# alone too): convert CSV vs the SDK v2 pipeline (np.loadtxt + write_numpy_to_dense_tensor) and
# vs pandas.read_csv alone, on 10,000 x 784 MNIST-like rows; export to .npy vs SDK v2
# read_records + np.array; filter vs check on bench-data/dense.rec. recordlint figures are
# whole-process wall times (each output written to a new name), the Python ones in-process
# (start-up not counted); best of RUNS.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
DATA=bench-data
BIN=.build/release/recordlint
GEN=.build/release/recordlint-gen
PY=.venv-peers/bin/python
mkdir -p "$DATA"
Scripts/peer-venv.sh
export SAGEMAKER_SUPPRESS_V2_WARNING=1
[ -x "$BIN" ] || swift build -c release --static-swift-stdlib
[ -x "$GEN" ] || swift build -c release --product recordlint-gen
[ -f "$DATA/mnist.csv" ] || "$PY" Scripts/bench/writing_peers.py make-csv "$DATA/mnist.csv"
[ -f "$DATA/dense.rec" ] || "$GEN" dense "$DATA/dense.rec"

now() { date +%s.%N; }
best_seconds() {
    local best="" start end t
    for _ in $(seq "$RUNS"); do
        start=$(now); "$@" >/dev/null 2>&1; end=$(now)
        t=$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')
        best=$(awk -v t="$t" -v b="${best:-0}" 'BEGIN { print (b == 0 || t < b) ? t : b }')
    done
    echo "$best"
}
# best_python MODE FILE [LABEL]: the fastest in-process time a writing_peers.py mode prints for LABEL.
best_python() {
    local best="" t
    for _ in $(seq "$RUNS"); do
        t=$("$PY" Scripts/bench/writing_peers.py "$1" "$2" 2>/dev/null | awk -v l="${3:-total}" '$2 == l { print $1 }')
        best=$(awk -v t="$t" -v b="${best:-0}" 'BEGIN { print (b == 0 || t < b) ? t : b }')
    done
    echo "$best"
}
# best_seconds_new OUT CMD...: as best_seconds, OUT removed (untimed) before each run, so that no run pays
# for freeing the last run's output (replacing a 318 MB file costs ext4 up to 0.4 s, and varies).
best_seconds_new() {
    local out=$1 best="" start end t
    shift
    for _ in $(seq "$RUNS"); do
        rm -f "$out"
        start=$(now); "$@" >/dev/null 2>&1; end=$(now)
        t=$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')
        best=$(awk -v t="$t" -v b="${best:-0}" 'BEGIN { print (b == 0 || t < b) ? t : b }')
    done
    rm -f "$out"
    echo "$best"
}
mbs() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%d", n / 1000000 / t }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b / a }'; }

csv="$DATA/mnist.csv"
pbr="$DATA/mnist.pbr"
csv_size=$(stat -c %s "$csv")
cat "$csv" >/dev/null
t_convert=$(best_seconds_new "$pbr" "$BIN" convert "$csv" -o "$pbr")
"$BIN" convert "$csv" -o "$pbr" 2>/dev/null
t_sdk=$(best_python sdk-convert "$csv")
t_loadtxt=$(best_python sdk-convert "$csv" np.loadtxt)
t_pandas=$(best_python pandas "$csv")
echo
echo "convert: $csv, $(mbs "$csv_size" 1) MB of CSV (10,000 x 784 + label)"
printf '  %-48s %7.3f s %6s MB/s\n' \
    "recordlint convert (whole process)" "$t_convert" "$(mbs "$csv_size" "$t_convert")" \
    "SDK pipeline: np.loadtxt + write_numpy_to_dense" "$t_sdk" "$(mbs "$csv_size" "$t_sdk")" \
    "  of which np.loadtxt" "$t_loadtxt" "$(mbs "$csv_size" "$t_loadtxt")" \
    "pandas.read_csv alone" "$t_pandas" "$(mbs "$csv_size" "$t_pandas")"
echo "  ratios: convert / SDK pipeline = $(ratio "$t_convert" "$t_sdk") x (target 20); convert / pandas = $(ratio "$t_convert" "$t_pandas") x (target 5)"

pbr_size=$(stat -c %s "$pbr")
t_export=$(best_seconds "$BIN" export "$pbr" --to npy -o "$DATA/mnist.npy" --labels-out "$DATA/mnist-labels.npy")
t_read=$(best_python sdk-export "$pbr")
echo
echo "export: $pbr, $(mbs "$pbr_size" 1) MB"
printf '  %-48s %7.3f s %6s MB/s\n' \
    "recordlint export --to npy (whole process)" "$t_export" "$(mbs "$pbr_size" "$t_export")" \
    "SDK read_records + np.array" "$t_read" "$(mbs "$pbr_size" "$t_read")"
echo "  ratio: export / SDK = $(ratio "$t_export" "$t_read") x (target 10)"

dense="$DATA/dense.rec"
dense_size=$(stat -c %s "$dense")
cat "$dense" >/dev/null
t_check=$(best_seconds "$BIN" check "$dense" --feature-dim 784 --quiet)
t_filter=$(best_seconds_new "$DATA/dense-clean.rec" "$BIN" filter "$dense" --feature-dim 784 --quiet --out "$DATA/dense-clean.rec")
# The floor under any filter of a clean file: writing its copy (cp uses the kernel's copy_file_range).
t_cp=$(best_seconds_new "$DATA/dense-copy.rec" cp "$dense" "$DATA/dense-copy.rec")
echo
echo "filter: $dense, $(mbs "$dense_size" 1) MB"
printf '  %-48s %7.3f s %6s MB/s\n' \
    "recordlint check" "$t_check" "$(mbs "$dense_size" "$t_check")" \
    "recordlint filter" "$t_filter" "$(mbs "$dense_size" "$t_filter")" \
    "cp FILE NEW (the write alone)" "$t_cp" "$(mbs "$dense_size" "$t_cp")"
echo "  ratios: filter / check throughput = $(awk -v f="$t_filter" -v c="$t_check" 'BEGIN { printf "%.2f", c / f }') (target 0.5);" \
    "filter / cp = $(awk -v f="$t_filter" -v c="$t_cp" 'BEGIN { printf "%.2f", c / f }')"
rm -f "$DATA/dense-clean.rec"
