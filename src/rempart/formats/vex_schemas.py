"""The bundled OpenVEX and CSAF 2.0 JSON schemas, compiled once (formats layer).

The files live in ``schema_data/`` (sources in its SOURCES.md). References between them (the
CSAF schema's CVSS schemas, the provider metadata's reference to the CSAF schema) are served
from that folder; any other URI is refused, so validation never touches the network.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

import jsonschema_rs

from rempart.core.errors import Problem

_DATA = files("rempart.formats") / "schema_data"
_BY_URI = {
    "https://www.first.org/cvss/cvss-v2.0.json": "cvss-v2.0.json",
    "https://www.first.org/cvss/cvss-v3.0.json": "cvss-v3.0.json",
    "https://www.first.org/cvss/cvss-v3.1.json": "cvss-v3.1.json",
    "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json": "csaf_json_schema.json",
}


def load(name: str) -> Any:
    return json.loads((_DATA / name).read_bytes())


def _retrieve(uri: str) -> Any:
    name = _BY_URI.get(uri.split("?", 1)[0].split("#", 1)[0])
    if name is None:
        raise ValueError(f"schema {uri} is not bundled; refusing to fetch it")
    return load(name)


@cache
def validator(name: str) -> jsonschema_rs.Validator:
    """A compiled validator for one bundled schema (``openvex_json_schema.json``, …)."""
    return jsonschema_rs.validator_for(load(name), retriever=_retrieve, validate_formats=False)


def problems(document: object, name: str, limit: int = 50) -> list[Problem]:
    """Schema violations, each located by its JSON pointer."""
    found: list[Problem] = []
    for error in validator(name).iter_errors(document):
        pointer = "/" + "/".join(str(part) for part in error.instance_path)
        found.append(Problem(pointer, error.message))
        if len(found) >= limit:
            break
    return found
