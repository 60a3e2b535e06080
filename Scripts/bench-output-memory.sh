#!/usr/bin/env bash
# Peak resident memory while listing every finding (--max-findings 0) of a file with
# ROWS findings (default 10 million: two-value records checked with --feature-dim 1),
# in every output format, written to /dev/null. Run by `make bench`; the file is
# generated once into bench-data/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-10000000}
DATA=bench-data
BIN=.build/release/recordlint
GEN=.build/release/recordlint-gen
mkdir -p "$DATA"
FILE="$DATA/tiny-$ROWS.rec"
[ -x "$GEN" ] || swift build -c release --product recordlint-gen
[ -f "$FILE" ] || "$GEN" tiny "$FILE" "$ROWS"
echo "listing $ROWS findings of $FILE ($(du -m "$FILE" | cut -f1) MB), --max-findings 0, output to /dev/null:"
printf '  %-8s %14s %10s %10s\n' format "peak RSS MiB" seconds "exit"
for format in text json jsonl github sarif; do
    for feature_dim in 1; do  # every record one dimension-mismatch
        status=0
        /usr/bin/time -f '%M %e' -o "$DATA/time.txt" \
            "$BIN" check "$FILE" --feature-dim "$feature_dim" --max-findings 0 --format "$format" >/dev/null || status=$?
        read -r kb seconds < <(tail -1 "$DATA/time.txt")
        printf '  %-8s %14d %10s %10s\n' "$format" $((kb / 1024)) "$seconds" "$status"
    done
done
