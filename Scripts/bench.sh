#!/usr/bin/env bash
# make bench: throughput of recordlint against `cat`, a plain C loop over protobuf-c, and the
# SageMaker Python SDK reader, side by side in one run, on files generated once into bench-data/
# (ignored by git). Each figure is the best of RUNS runs with the file in the page cache.
# BEFORE=path/to/an/older/recordlint times that binary too, in the same run (its lines say "before").
# Scripts/bench-writing.sh then measures convert, export and filter beside what they replace.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
DATA=bench-data
BIN=.build/release/recordlint
GEN=.build/release/recordlint-gen
mkdir -p "$DATA"
if [ ! -x /usr/bin/time ]; then  # peak memory is read with GNU time
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq time >/dev/null
fi
[ -x "$GEN" ] || swift build -c release --product recordlint-gen
[ -f "$DATA/dense.rec" ] || "$GEN" dense "$DATA/dense.rec"
[ -f "$DATA/sparse.rec" ] || "$GEN" sparse "$DATA/sparse.rec"
[ -f "$DATA/dense-3g.rec" ] || "$GEN" repeat "$DATA/dense.rec" "$DATA/dense-3g.rec" 10
[ -f "$DATA/sparse-3g.rec" ] || "$GEN" repeat "$DATA/sparse.rec" "$DATA/sparse-3g.rec" 11
cc -O2 -o "$DATA/cloop" -I Sources/CRecordProto/include Scripts/bench/cloop.c Sources/CRecordProto/*.c -lprotobuf-c -lm
Scripts/peer-venv.sh
export SAGEMAKER_SUPPRESS_V2_WARNING=1
cores=$(nproc)

now() { date +%s.%N; }
# best_seconds CMD...: the fastest wall time of RUNS runs.
best_seconds() {
    local best="" start end t
    for _ in $(seq "$RUNS"); do
        start=$(now); "$@" >/dev/null; end=$(now)
        t=$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')
        best=$(awk -v t="$t" -v b="${best:-0}" 'BEGIN { print (b == 0 || t < b) ? t : b }')
    done
    echo "$best"
}
sdk_seconds() {
    local best="" t
    for _ in $(seq "$RUNS"); do
        t=$(.venv-peers/bin/python Scripts/bench/sdk_reader.py "$1" "$2" 2>/dev/null | tail -1 | cut -d' ' -f1)
        best=$(awk -v t="$t" -v b="${best:-0}" 'BEGIN { print (b == 0 || t < b) ? t : b }')
    done
    echo "$best"
}
mbs() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%d", n / 1000000 / t }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b / a }'; }  # how many times faster the first time is than the second

# run_file NAME FILE FEATURE_DIM [sdk|no-sdk]: the SDK reader is left out on the 3 GB files (minutes per run).
run_file() {
    local name=$1 file=$2 dim=$3 peers=${4:-sdk} size
    size=$(stat -L -c %s "$file")
    cat "$file" >/dev/null
    local t_cat t_one t_all t_c t_sdk t_before_one="" t_before_all=""
    t_cat=$(best_seconds cat "$file")  # best_seconds sends standard output to /dev/null
    t_one=$(best_seconds "$BIN" check "$file" --feature-dim "$dim" --jobs 1 --quiet)
    t_all=$(best_seconds "$BIN" check "$file" --feature-dim "$dim" --jobs "$cores" --quiet)
    if [ -n "${BEFORE:-}" ]; then
        t_before_one=$(best_seconds "$BEFORE" check "$file" --feature-dim "$dim" --jobs 1 --quiet)
        t_before_all=$(best_seconds "$BEFORE" check "$file" --feature-dim "$dim" --jobs "$cores" --quiet)
    fi
    t_c=$(best_seconds "$DATA/cloop" "$file" "$dim")
    if [ "$peers" = sdk ]; then t_sdk=$(sdk_seconds "$file" "$dim"); else t_sdk=""; fi
    echo
    echo "$name: $file, $(mbs "$size" 1) MB"
    printf '  %-34s %8s MB/s\n' "cat FILE > /dev/null" "$(mbs "$size" "$t_cat")" \
        "recordlint --jobs 1" "$(mbs "$size" "$t_one")" \
        "recordlint --jobs $cores" "$(mbs "$size" "$t_all")" \
        "plain C loop (protobuf-c, arena)" "$(mbs "$size" "$t_c")"
    [ -z "$t_sdk" ] || printf '  %-34s %8s MB/s\n' "SageMaker SDK reader (scan only)" "$(mbs "$size" "$t_sdk")"
    [ -z "$t_before_one" ] || printf '  %-34s %8s MB/s\n' "before: --jobs 1" "$(mbs "$size" "$t_before_one")" \
        "before: --jobs $cores" "$(mbs "$size" "$t_before_all")"
    echo "  ratios: all cores / cat = $(ratio "$t_all" "$t_cat"); --jobs $cores / --jobs 1 = $(ratio "$t_all" "$t_one");" \
        "--jobs 1 / C loop = $(ratio "$t_one" "$t_c")${t_sdk:+; all cores / SDK = $(ratio "$t_all" "$t_sdk")}"
    [ -z "$t_before_one" ] || echo "  against before: --jobs 1 $(ratio "$t_one" "$t_before_one") x, --jobs $cores $(ratio "$t_all" "$t_before_all") x"
}

echo "recordlint bench: $cores cores, best of $RUNS runs"
run_file dense "$DATA/dense.rec" 784
run_file sparse "$DATA/sparse.rec" 100000
# The 3 GB files: runs of 0.5 s and more vary least on a shared machine.
run_file dense-3g "$DATA/dense-3g.rec" 784 no-sdk
run_file sparse-3g "$DATA/sparse-3g.rec" 100000 no-sdk
# Every record flagged (dimension-mismatch): the clean-run loop takes none, and must not slow the walk down.
# flagged BIN: the check, whose exit status 1 (findings) is what is expected.
flagged() { "$1" check "$DATA/dense.rec" --feature-dim 783 --jobs "$cores" --quiet || [ $? -eq 1 ]; }
size=$(stat -L -c %s "$DATA/dense.rec")
t_flagged=$(best_seconds flagged "$BIN")
echo
echo "flagged: $DATA/dense.rec with --feature-dim 783 (every record a finding), all cores"
printf '  %-34s %8s MB/s\n' "recordlint --jobs $cores" "$(mbs "$size" "$t_flagged")"
if [ -n "${BEFORE:-}" ]; then
    t_before_flagged=$(best_seconds flagged "$BEFORE")
    printf '  %-34s %8s MB/s\n' "before: --jobs $cores" "$(mbs "$size" "$t_before_flagged")"
fi
echo
for file in dense-3g:784 sparse-3g:100000; do
    size=$(stat -L -c %s "$DATA/${file%:*}.rec")
    peak=$( { /usr/bin/time -f '%M' "$BIN" check "$DATA/${file%:*}.rec" --feature-dim "${file#*:}" --quiet >/dev/null; } 2>&1 | tail -1)
    echo "peak resident memory, all cores, $(mbs "$size" 1) MB ${file%-3g:*} file: $((peak / 1024)) MiB"
    if [ -n "${BEFORE:-}" ]; then
        peak=$( { /usr/bin/time -f '%M' "$BEFORE" check "$DATA/${file%:*}.rec" --feature-dim "${file#*:}" --quiet >/dev/null; } 2>&1 | tail -1)
        echo "  before: $((peak / 1024)) MiB"
    fi
done
Scripts/bench-writing.sh
echo
Scripts/bench-output-memory.sh
