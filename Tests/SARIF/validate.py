#!/usr/bin/env python3
"""Validates the SARIF log on standard input against sarif-schema-2.1.0.json.

Exit 0: valid. 1: invalid (the errors on standard output). 3: jsonschema or a
uri-reference format checker (rfc3986-validator) is missing, so nothing was checked.
"""
import json
import pathlib
import sys

try:
    import jsonschema
    import rfc3986_validator  # noqa: F401  (jsonschema checks uri-reference with it)
except ImportError as error:
    print(f"cannot validate SARIF: {error}")
    sys.exit(3)

schema = json.loads((pathlib.Path(__file__).parent / "sarif-schema-2.1.0.json").read_text())
checker = jsonschema.FormatChecker()
if "uri-reference" not in checker.checkers:
    print("cannot validate SARIF: jsonschema has no uri-reference format checker")
    sys.exit(3)
log = json.load(sys.stdin)
errors = sorted(jsonschema.Draft4Validator(schema, format_checker=checker).iter_errors(log), key=lambda e: list(e.path))
for error in errors:
    print("/".join(str(part) for part in error.path) + ": " + error.message)
sys.exit(1 if errors else 0)
