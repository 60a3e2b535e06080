#!/usr/bin/env bash
# Regenerates Sources/CRecordProto's protoc-c output from Proto/record.proto and from
# Proto/record_fast.proto (the fast path's wire-compatible view, see that file).
#   Scripts/generate-proto.sh          rewrite the committed files
#   Scripts/generate-proto.sh --check  fail (exit 1) when the committed files are stale
# The protoc-c version that made the committed output is in Sources/CRecordProto/GENERATED_BY.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target="$root/Sources/CRecordProto"
if ! command -v protoc-c >/dev/null; then
    echo "protoc-c is not installed (apt-get install protobuf-c-compiler)" >&2
    exit 2
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
schemas="record record_fast"
for schema in $schemas; do
    protoc-c --proto_path="$root/Proto" --c_out="$out" "$root/Proto/$schema.proto"
done
version="$(protoc-c --version | tr '\n' ' ' | sed 's/ *$//')"
if [ "${1:-}" = "--check" ]; then
    status=0
    for schema in $schemas; do
        diff -u "$target/$schema.pb-c.c" "$out/$schema.pb-c.c" || status=1
        diff -u "$target/include/$schema.pb-c.h" "$out/$schema.pb-c.h" || status=1
    done
    if [ $status -ne 0 ]; then
        echo "generated C is stale: run Scripts/generate-proto.sh" >&2
    else
        echo "generated C is up to date ($version)"
    fi
    exit $status
fi
for schema in $schemas; do
    cp "$out/$schema.pb-c.c" "$target/$schema.pb-c.c"
    cp "$out/$schema.pb-c.h" "$target/include/$schema.pb-c.h"
done
echo "$version" > "$target/GENERATED_BY"
echo "regenerated with $version"
