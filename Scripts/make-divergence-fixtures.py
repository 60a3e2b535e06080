#!/usr/bin/env python3
"""Writes Tests/RecordLintTests/Fixtures/divergence/: one-record files whose payloads protobuf-c
(recordlint's decoder) and protobuf (the SageMaker SDK's reader, and the algorithms') read
differently, or not at all, and sdk-readings.json: what the SDK v2 made of each.

The payloads are written byte by byte (no protobuf serializer writes them); each file is framed as
the SDK frames records (_write_recordio). Every file is then read back with the SDK's own
read_records (Record.ParseFromString) under protobuf's default implementation (upb) and under its
pure-Python one, and the JSON records, per implementation, whether the record parsed and what its
features["values"] and label["values"] hold. recordlint's tests (DivergenceTests) hold recordlint
to that reading.

Run it in the SDK's virtualenv (Scripts/peer-venv.sh makes .venv-peers):
    .venv-peers/bin/python Scripts/make-divergence-fixtures.py
The files are committed; this script says how each was made.
"""
import io
import json
import os
import struct
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "Tests", "RecordLintTests", "Fixtures", "divergence")


def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def tag(number, wire):
    return varint(number << 3 | wire)


def ld(number, data):
    """A length-delimited field."""
    return tag(number, 2) + varint(len(data)) + data


def floats(*values):
    return struct.pack("<%df" % len(values), *values)


def f32(values=(), keys=(), shape=()):
    """A Float32Tensor's bytes (each field packed, omitted when empty)."""
    out = b""
    if values:
        out += ld(1, floats(*values))
    if keys:
        out += ld(2, b"".join(varint(k) for k in keys))
    if shape:
        out += ld(3, b"".join(varint(s) for s in shape))
    return out


def entry(key, *values):
    """A map entry: the key, then each of `values` (a Value's bytes) as a field 2."""
    return ld(1, key) + b"".join(ld(2, v) for v in values)


def value_f32(tensor):
    return ld(2, tensor)


LABEL = ld(2, entry(b"values", value_f32(f32([1.0]))))
FEATURES = ld(1, entry(b"values", value_f32(f32([0.5, 0.25]))))


def group(number, inner=b""):
    """A group of field `number` (wire types 3 and 4) around `inner`."""
    return tag(number, 3) + inner + tag(number, 4)


def nested(levels, number=6):
    """`levels` groups of field `number`, one inside the other."""
    out = b""
    for _ in range(levels):
        out = group(number, out)
    return out


def in_tensor(extra):
    """The features tensor with `extra` after its values."""
    return ld(1, entry(b"values", value_f32(f32([0.5, 0.25]) + extra))) + LABEL

# name -> (payload, what it is)
CASES = {
    # a. A map entry with two Values, neither with a member set: protobuf-c fails to merge them.
    "empty-values-twice": (
        ld(1, entry(b"values", b"", b"")) + LABEL,
        'features["values"] given two empty Values in one entry',
    ),
    "empty-values-twice-other-key": (
        ld(1, entry(b"values", value_f32(f32([0.5, 0.25])))) + ld(1, entry(b"other", b"", b"")) + LABEL,
        'a features entry "other" with two empty Values beside a good "values" entry',
    ),
    "empty-value-then-tensor": (
        ld(1, entry(b"values", b"", value_f32(f32([0.5, 0.25])))) + LABEL,
        "an empty Value then a Value with a tensor in one entry (every reader takes the tensor)",
    ),
    # b. The same oneof member twice: protobuf merges (repeated fields concatenated), protobuf-c keeps the last.
    "oneof-twice-in-value": (
        ld(1, entry(b"values", value_f32(f32([0.5, 0.25])) + value_f32(f32([0.75])))) + LABEL,
        "one Value holding float32_tensor twice ([0.5, 0.25] then [0.75])",
    ),
    "oneof-twice-sparse": (
        ld(1, entry(b"values", value_f32(f32([0.5], [3], [10])) + value_f32(f32([0.25], [7], [10])))) + LABEL,
        "one Value holding a sparse float32_tensor twice (keys 3 then 7, shape [10] each)",
    ),
    "values-twice-in-entry": (
        ld(1, entry(b"values", value_f32(f32([0.5, 0.25])), value_f32(f32([0.75])))) + LABEL,
        "one features entry with two Values, each holding a float32_tensor",
    ),
    "values-twice-interleaved": (
        ld(1, entry(b"values", value_f32(f32([0.5])), ld(3, b"") + value_f32(f32([0.75, 0.25])))) + LABEL,
        "two Values in one entry: float32_tensor; then float64_tensor and float32_tensor (protobuf parses the"
        " second Value into the first: the float64 replaces the first tensor, the last replaces it)",
    ),
    "oneof-other-member-between": (
        ld(1, entry(b"values", value_f32(f32([0.5])) + ld(3, b"") + value_f32(f32([0.75])))) + LABEL,
        "float32_tensor, float64_tensor, float32_tensor in one Value (the last replaces: every reader agrees)",
    ),
    "oneof-empty-first": (
        ld(1, entry(b"values", value_f32(b"") + value_f32(f32([0.5, 0.25])))) + LABEL,
        "an empty float32_tensor then a full one in one Value (merging adds nothing: every reader agrees)",
    ),
    "label-oneof-twice": (
        ld(1, entry(b"values", value_f32(f32([0.5, 0.25])))) + ld(2, entry(b"values", value_f32(f32([1.0])) + value_f32(f32([0.0])))),
        "the label's Value holding float32_tensor twice ([1.0] then [0.0])",
    ),
    # c. Field numbers of 2^29 and above (a tag past 2^32): protobuf-c skips them, protobuf rejects the record.
    "field-2pow29-record": (
        ld(1, entry(b"values", value_f32(f32([0.5, 0.25])))) + LABEL + tag(1 << 29, 0) + b"\x01",
        "an unknown varint field numbered 2^29 in the record",
    ),
    "field-max-record": (
        ld(1, entry(b"values", value_f32(f32([0.5, 0.25])))) + LABEL + b"\xf8\xff\xff\xff\x7f\x01",
        "an unknown varint field numbered 2^32 - 1 in the record",
    ),
    "field-2pow29-tensor": (
        ld(1, entry(b"values", value_f32(f32([0.5, 0.25]) + tag(1 << 29, 0) + b"\x01"))) + LABEL,
        "an unknown varint field numbered 2^29 inside the features tensor",
    ),
    "field-2pow29-entry": (
        ld(1, entry(b"values", value_f32(f32([0.5, 0.25]))) + ld((1 << 29) + 1, b"x")) + LABEL,
        "an unknown length-delimited field numbered 2^29 + 1 in the features entry",
    ),
    "field-2pow29-minus-1": (
        ld(1, entry(b"values", value_f32(f32([0.5, 0.25])))) + LABEL + tag((1 << 29) - 1, 0) + b"\x01",
        "an unknown varint field numbered 2^29 - 1 (the largest there is) in the record: every reader skips it",
    ),
    "field-2pow29-in-unknown-bytes": (
        ld(1, entry(b"values", value_f32(f32([0.5, 0.25])))) + LABEL + ld(6, tag(1 << 29, 0) + b"\x01"),
        "an unknown field 6 whose bytes hold a tag of field 2^29: no reader parses inside it",
    ),
    "field-zero-overlong": (
        ld(1, entry(b"values", value_f32(f32([0.5, 0.25])))) + LABEL + b"\x80\x00\x01",
        "a varint field numbered 0, its tag written in two bytes (80 00)",
    ),
    # d. A known field with another wire type: protobuf keeps it as an unknown field, protobuf-c fails.
    "wire-type-record-features": (
        ld(1, entry(b"values", value_f32(f32([0.5, 0.25])))) + LABEL + tag(1, 0) + b"\x01",
        "a varint field 1 (features is a map: length-delimited) in the record",
    ),
    "wire-type-tensor-values": (
        ld(1, entry(b"values", value_f32(f32([0.5, 0.25]) + tag(1, 0) + b"\x07"))) + LABEL,
        "a varint field 1 (values are floats: fixed32 or packed) in the features tensor",
    ),
    "wire-type-value-member": (
        ld(1, entry(b"values", value_f32(f32([0.5, 0.25])) + tag(2, 0) + b"\x01")) + LABEL,
        "a varint field 2 (float32_tensor is a message) after the tensor in the features Value",
    ),
    "wire-type-entry-key": (
        ld(1, entry(b"values", value_f32(f32([0.5, 0.25]))) + tag(1, 5) + b"abcd") + LABEL,
        "a fixed32 field 1 (the key is a string) after the features entry's key",
    ),
    # d'. Any unknown field in a map entry: upb drops the entry, pure-Python protobuf (and C++, protobuf-c) keep it.
    "entry-unknown-field": (
        ld(1, entry(b"values", value_f32(f32([0.5, 0.25]))) + tag(3, 0) + b"\x01") + LABEL,
        "an unknown varint field 3 in the features entry (every reader takes the wire type)",
    ),
    "entry-unknown-label": (
        FEATURES + ld(2, entry(b"values", value_f32(f32([1.0]))) + ld(4, b"x")),
        "an unknown length-delimited field 4 in the label entry",
    ),
    "entry-unknown-other-key": (
        FEATURES + ld(1, entry(b"other", value_f32(f32([0.75]))) + tag(3, 0) + b"\x01") + LABEL,
        'an unknown field in a features entry "other" beside a good "values" entry (no reader reads "other")',
    ),
    "entry-unknown-then-values-again": (
        ld(1, entry(b"values", value_f32(f32([0.75]))) + tag(3, 0) + b"\x01") + FEATURES + LABEL,
        'a features "values" entry with an unknown field, then a good "values" entry (the last one wins for every reader)',
    ),
    "entry-unknown-values-last": (
        FEATURES + ld(1, entry(b"values", value_f32(f32([0.75]))) + tag(3, 0) + b"\x01") + LABEL,
        'a good features "values" entry, then one with an unknown field (upb keeps the first, the others the last)',
    ),
    # Groups (wire types 3 and 4): protobuf skips a well-formed one as an unknown field, protobuf-c rejects every one.
    "group-record": (
        FEATURES + LABEL + group(6, tag(1, 0) + b"\x01" + ld(2, b"ab")),
        "a group of field 6 (a varint and a length-delimited field in it) in the record",
    ),
    "group-record-known-number": (
        FEATURES + LABEL + group(1, tag(1, 0) + b"\x01"),
        "a group of field 1 (features: a map) in the record",
    ),
    "group-nested": (
        FEATURES + group(6, group(7, tag(1, 5) + b"abcd") + group(6)) + LABEL,
        "groups of fields 7 and 6 inside a group of field 6, between the features and the label",
    ),
    "group-value": (
        ld(1, entry(b"values", value_f32(f32([0.5, 0.25])) + group(5))) + LABEL,
        "an empty group of field 5 after the tensor in the features Value",
    ),
    "group-value-member-number": (
        ld(1, entry(b"values", group(2, ld(1, floats(0.75))) + value_f32(f32([0.5, 0.25])))) + LABEL,
        "a group of field 2 (float32_tensor is a message) before the tensor in the features Value",
    ),
    "group-tensor": in_tensor(group(4, tag(1, 0) + b"\x07")),
    "group-entry": (
        ld(1, entry(b"values", value_f32(f32([0.5, 0.25]))) + group(3)) + LABEL,
        "an empty group of field 3 in the features entry (upb drops the entry)",
    ),
    "group-mismatched-end": (
        FEATURES + LABEL + tag(6, 3) + tag(7, 4),
        "a group of field 6 closed by an end-group tag of field 7",
    ),
    "group-unterminated": (
        FEATURES + LABEL + tag(6, 3) + tag(1, 0) + b"\x01",
        "a group of field 6 that the record ends before closing",
    ),
    "group-stray-end": (
        FEATURES + LABEL + tag(6, 4),
        "an end-group tag of field 6 outside any group",
    ),
    "group-end-in-tensor": in_tensor(tag(4, 4)),
    "group-across-tensor-end": (
        ld(1, entry(b"values", value_f32(f32([0.5, 0.25]) + tag(4, 3)))) + tag(4, 4) + LABEL,
        "a group opened in the features tensor and closed after the features entry",
    ),
    # protobuf's nesting limit: upb counts messages and groups (100), pure-Python protobuf the groups (99).
    "group-depth-99-record": (FEATURES + LABEL + nested(99), "99 groups nested in the record"),
    "group-depth-100-record": (FEATURES + LABEL + nested(100), "100 groups nested in the record"),
    "group-depth-101-record": (FEATURES + LABEL + nested(101), "101 groups nested in the record"),
    "group-depth-97-tensor": (in_tensor(nested(97)), "97 groups nested in the features tensor"),
    "group-depth-98-tensor": (in_tensor(nested(98)), "98 groups nested in the features tensor"),
}
CASES["group-tensor"] = (CASES["group-tensor"], "a group of field 4 (a varint in it) after the values in the features tensor")
CASES["group-end-in-tensor"] = (CASES["group-end-in-tensor"], "an end-group tag of field 4 in the features tensor, no group open")


def frame(payload):
    """One record as the SDK's _write_recordio frames it."""
    pad = (4 - len(payload) % 4) % 4
    return struct.pack("<II", 0xCED7230A, len(payload)) + payload + b"\x00" * pad


READER = r"""
import io, json, sys
from google.protobuf.internal import api_implementation
from sagemaker.amazon.common import read_records

def entry(m):
    if "values" not in m:
        return None
    value = m["values"]
    kind = value.WhichOneof("value")
    if kind is None or kind == "bytes":
        return {"kind": kind}
    tensor = getattr(value, kind)
    return {"kind": kind, "values": list(tensor.values), "keys": list(tensor.keys), "shape": list(tensor.shape)}

out = {"implementation": api_implementation.Type(), "cases": {}}
for name, path in json.load(sys.stdin).items():
    try:
        with open(path, "rb") as f:
            (record,) = read_records(io.BytesIO(f.read()))
        out["cases"][name] = {"parses": True, "features": entry(record.features), "label": entry(record.label)}
    except Exception as error:
        out["cases"][name] = {"parses": False, "error": type(error).__name__ + ": " + str(error)}
print(json.dumps(out))
"""


def read_with(implementation, paths):
    env = dict(os.environ, SAGEMAKER_SUPPRESS_V2_WARNING="1")
    if implementation:
        env["PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION"] = implementation
    done = subprocess.run(
        [sys.executable, "-c", READER], input=json.dumps(paths), env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    os.makedirs(OUT, exist_ok=True)
    paths = {}
    for name, (payload, _) in CASES.items():
        path = os.path.join(OUT, name + ".rec")
        with open(path, "wb") as f:
            f.write(frame(payload))
        paths[name] = path
    readings = [read_with(None, paths), read_with("python", paths)]
    result = {
        "about": "What the SageMaker Python SDK v2 (read_records) reads from each file; written by "
        "Scripts/make-divergence-fixtures.py",
        "cases": {
            name: {"description": about, "payload": CASES[name][0].hex(), "readings": {
                r["implementation"]: r["cases"][name] for r in readings}}
            for name, (_, about) in CASES.items()
        },
    }
    with open(os.path.join(OUT, "sdk-readings.json"), "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
        f.write("\n")
    for name in CASES:
        print(name, json.dumps({k: v for k, v in result["cases"][name]["readings"].items()}))


if __name__ == "__main__":
    main()
