#!/usr/bin/env bash
# Installs what building recordlint needs when it is missing: libprotobuf-c-dev
# (the C library and headers), pkg-config (how SwiftPM finds it) and
# protobuf-c-compiler (protoc-c, to check the committed generated C), and
# libfast-float-dev (fast_float, the header-only number parser `convert` uses).
set -euo pipefail
missing=()
pkg-config --version >/dev/null 2>&1 || missing+=(pkg-config)
[ -f /usr/include/protobuf-c/protobuf-c.h ] || missing+=(libprotobuf-c-dev)
command -v protoc-c >/dev/null 2>&1 || missing+=(protobuf-c-compiler)
[ -f /usr/include/fast_float/fast_float.h ] || missing+=(libfast-float-dev)
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "missing: ${missing[*]}; install them with your package manager (brew install protobuf-c pkg-config fast_float)" >&2
    exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
