#!/usr/bin/env bash
# Issue 12's hostile inputs: regenerates each file (recordlint-gen hostile, from
# Tests/TestSupport/HostileInput.swift) into hostile-data/ and prints a table of
# exit status, peak RSS and wall time for the release binary, and beside it for
# BEFORE (another recordlint, e.g. an older build) when given:
#   Scripts/hostile-input.sh                         the after table
#   BEFORE=/path/to/old/recordlint Scripts/hostile-input.sh
# Every run is limited to LIMIT_SECONDS (60) and LIMIT_GB (12) of address space;
# a run stopped by either shows "timeout" or "killed". SCALE (1) multiplies the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/recordlint}
GEN=${GEN:-.build/release/recordlint-gen}
BEFORE=${BEFORE:-}
DATA=${DATA:-hostile-data}
LIMIT_SECONDS=${LIMIT_SECONDS:-60}
LIMIT_GB=${LIMIT_GB:-12}
SCALE=${SCALE:-1}
MB=1000000
[ -x "$GEN" ] || swift build -c release --product recordlint-gen
mkdir -p "$DATA"

# name  case  size  extra check arguments
CASES=(
    "keys-100MB          packed-varint-keys  $((100 * MB))  --jobs 1"
    "keys-400MB          packed-varint-keys  $((400 * MB))  --jobs 1"
    "unknown-100MB       unknown-fields      $((100 * MB))  --jobs 1"
    "map-entries-100MB   empty-map-entries   $((100 * MB))  --jobs 1"
    "oneof-100MB         oneof-bomb          $((100 * MB))  --jobs 1"
    "multipart-1GB       multipart-huge      $((1000 * MB)) --jobs 1"
    "shape-10MB          sparse-shape        $((10 * MB))   --jobs 1 --format json"
    "uid-50MB            huge-uid            $((50 * MB))   --jobs 1 --format json"
    "chain-1MB           continuation-chain  $((1 * MB))    --jobs 1"
    "chain-4MB           continuation-chain  $((4 * MB))    --jobs 1"
    "chain-16MB          continuation-chain  $((16 * MB))   --jobs 1"
    "chain-64MB-stdin    continuation-chain  $((64 * MB))   --stdin"
    "clean-256MB-jobs2   clean               $((256 * MB))  --jobs 2 --chunk-size 1M"
    "fake-256MB-jobs2    fake-headers        $((256 * MB))  --jobs 2 --chunk-size 1M"
    "forged-uid          forged-uid          0              --jobs 1"
    "nul-key             nul-key             0              --jobs 1 --algorithm linear-learner"
    "huge-keys           huge-keys           0              --jobs 1"
    "nonzero-padding     nonzero-padding     0              --jobs 1"
)

# Runs BINARY on the case; prints "exit peakMiB seconds outputBytes".
measure() {
    local binary=$1 file=$2 extra=$3 args status=0 out="$DATA/out.txt"
    read -r -a args <<<"$("$GEN" hostile-args "$4") $extra"
    local input=("$file") redirect=/dev/null
    local kept=() arg
    for arg in ${args[@]+"${args[@]}"}; do
        if [ "$arg" = --stdin ]; then
            input=(-)
            redirect=$file
        else
            kept+=("$arg")
        fi
    done
    args=(${kept[@]+"${kept[@]}"})
    (
        ulimit -v $((LIMIT_GB * 1024 * 1024))
        exec /usr/bin/time -f '%M %e' -o "$DATA/time.txt" timeout "$LIMIT_SECONDS" \
            "$binary" check "${input[@]}" ${args[@]+"${args[@]}"} <"$redirect" >"$out" 2>/dev/null
    ) || status=$?
    local kb=0 seconds=0
    read -r kb seconds < <(grep -E '^[0-9]+ [0-9.]+$' "$DATA/time.txt" | tail -1) || true
    local shown=$status
    [ "$status" = 124 ] && shown=timeout
    [ "$status" -ge 128 ] && [ "$status" != 124 ] && shown=killed
    echo "$shown $((kb / 1024)) $seconds $(wc -c <"$out")"
}

printf '| %-18s | %-10s | %-9s | %-8s | %-12s |' case exit "peak MiB" seconds "output bytes"
[ -n "$BEFORE" ] && printf ' %-11s | %-9s | %-8s | %-12s |' "before exit" "peak MiB" seconds "output bytes"
printf '\n|%s|%s|%s|%s|%s|' "--------------------" "------------" "-----------" "----------" "--------------"
[ -n "$BEFORE" ] && printf '%s|%s|%s|%s|' "-------------" "-----------" "----------" "--------------"
printf '\n'
for line in "${CASES[@]}"; do
    read -r name hostile size extra <<<"$line"
    file="$DATA/$name.rec"
    "$GEN" hostile "$hostile" "$file" $((size * SCALE))
    read -r status peak seconds output < <(measure "$BIN" "$file" "$extra" "$hostile")
    printf '| %-18s | %-10s | %9s | %8s | %12s |' "$name" "$status" "$peak" "$seconds" "$output"
    if [ -n "$BEFORE" ]; then
        read -r status peak seconds output < <(measure "$BEFORE" "$file" "$extra" "$hostile")
        printf ' %-11s | %9s | %8s | %12s |' "$status" "$peak" "$seconds" "$output"
    fi
    printf '\n'
    rm -f "$file"
done
