#!/usr/bin/env python3
"""Validate a cramplog FHIR export with an independent FHIR model library.

Usage: scripts/validate_fhir.py BUNDLE.json   (or "-" for standard input)

Parses the bundle with the `fhir.resources` package's R4B models (which agree with R4 for
Bundle, Patient, Observation and MedicationStatement), then checks what the models leave
open: the required-binding codes cramplog uses, unique fullUrls, and that every reference
points at an entry of the bundle.

Exit codes: 0 valid, 1 invalid, 3 the package is missing (pip install "fhir.resources>=7").
"""

import json
import sys

try:
    from fhir.resources.R4B.bundle import Bundle
except ImportError as e:  # pragma: no cover - depends on the machine
    print(f"SKIP: fhir.resources is not installed ({e}); pip install 'fhir.resources>=7'", file=sys.stderr)
    sys.exit(3)

REQUIRED_CODES = {
    ("Bundle", "type"): {"document", "message", "transaction", "transaction-response", "batch",
                         "batch-response", "history", "searchset", "collection"},
    ("Observation", "status"): {"registered", "preliminary", "final", "amended", "corrected",
                                "cancelled", "entered-in-error", "unknown"},
    ("MedicationStatement", "status"): {"active", "completed", "entered-in-error", "intended",
                                        "stopped", "on-hold", "unknown", "not-taken"},
    ("Patient", "gender"): {"male", "female", "other", "unknown"},
}


def parse(text):
    """Pydantic v2 (fhir.resources >= 7) or v1 (older) API."""
    if hasattr(Bundle, "model_validate_json"):
        return Bundle.model_validate_json(text)
    return Bundle.parse_raw(text)


def references(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from references(value)
    elif isinstance(node, list):
        for item in node:
            yield from references(item)


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    text = sys.stdin.read() if argv[1] == "-" else open(argv[1], encoding="utf-8").read()
    try:
        bundle = parse(text)
    except Exception as e:  # the library's validation error, whatever its class
        print(f"INVALID: {e}", file=sys.stderr)
        return 1
    raw = json.loads(text)
    problems = []

    def code(resource_type, field, value):
        allowed = REQUIRED_CODES[(resource_type, field)]
        if value is not None and value not in allowed:
            problems.append(f"{resource_type}.{field} '{value}' is not one of {sorted(allowed)}")

    code("Bundle", "type", raw.get("type"))
    urls = set()
    kinds = {}
    for i, entry in enumerate(raw.get("entry", [])):
        url = entry.get("fullUrl")
        if not url:
            problems.append(f"entry[{i}] has no fullUrl")
        elif url in urls:
            problems.append(f"entry[{i}] repeats fullUrl {url}")
        urls.add(url)
        resource = entry.get("resource", {})
        rt = resource.get("resourceType")
        kinds[rt] = kinds.get(rt, 0) + 1
        for (t, field) in REQUIRED_CODES:
            if t == rt:
                code(t, field, resource.get(field))
    for ref in references(raw):
        if ref not in urls:
            problems.append(f"reference {ref} points outside the bundle")
    if problems:
        for p in problems:
            print(f"INVALID: {p}", file=sys.stderr)
        return 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    print(f"valid FHIR R4B Bundle ({bundle.type}): {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
