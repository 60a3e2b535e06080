#!/usr/bin/env bash
# Runs `swift test` with TMPDIR pointing at a fresh folder, then fails if the
# tests left anything in it: every test cleans up after itself, also when it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d "${TMPDIR:-/tmp}/recordlint-test-run.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
status=0
TMPDIR="$scratch" ${SWIFT:-swift} test "$@" || status=$?
# The tests name everything they make recordlint-*; SwiftPM itself leaves other things there
# (TemporaryDirectory.*, swift-generated-sources, *.lock), which are not the tests' to clean.
left=$(find "$scratch" -mindepth 1 -maxdepth 1 -name 'recordlint*' | head -5)
if [ -n "$left" ]; then
    echo "run-tests: the tests left files in TMPDIR:" >&2
    echo "$left" >&2
    [ $status -ne 0 ] || status=1
fi
exit $status
