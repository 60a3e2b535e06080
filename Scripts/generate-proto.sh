#!/usr/bin/env bash
# Regenerates Sources/CRecordProto's protoc-c output from Proto/record.proto.
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
protoc-c --proto_path="$root/Proto" --c_out="$out" "$root/Proto/record.proto"
version="$(protoc-c --version | tr '\n' ' ' | sed 's/ *$//')"
if [ "${1:-}" = "--check" ]; then
    status=0
    diff -u "$target/record.pb-c.c" "$out/record.pb-c.c" || status=1
    diff -u "$target/include/record.pb-c.h" "$out/record.pb-c.h" || status=1
    if [ $status -ne 0 ]; then
        echo "generated C is stale: run Scripts/generate-proto.sh" >&2
    else
        echo "generated C is up to date ($version)"
    fi
    exit $status
fi
cp "$out/record.pb-c.c" "$target/record.pb-c.c"
cp "$out/record.pb-c.h" "$target/include/record.pb-c.h"
echo "$version" > "$target/GENERATED_BY"
echo "regenerated with $version"
