"""Where the official CycloneDX schemas live, and validators built from them (adapter layer).

cyclonedx-python-lib ships the JSON schemas and XSDs of every CycloneDX version (plus the
SPDX licence list, JSF and cryptography definitions they reference) inside its
``cyclonedx/schema/_res`` folder. The folder is private to that library, so this module
is the one place that knows its layout.

JSON is validated with jsonschema-rs, not with the library's own validator: the library's
``uniqueItems`` and IRI format checks are quadratic / slow (65 s for 5,000 components, see
docs/decisions/0002-sbom-ingest.md); jsonschema-rs checks 5,000 components in ~30 ms.
The ``retriever`` serves referenced schemas from the same folder and refuses every other
URI, so validation never touches the network.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema_rs
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.xml import XmlValidator

from rempart.core.errors import Problem

#: CycloneDX versions we read, oldest first
CYCLONEDX_VERSIONS = ("1.2", "1.3", "1.4", "1.5", "1.6", "1.7")

_SCHEMA_DIR = Path(str(files("cyclonedx.schema") / "_res"))
_REFERENCED = ("spdx", "jsf-0.82", "cryptography-defs")


def cyclonedx_json_schema_path(version: str) -> Path:
    """Path of the JSON schema that cyclonedx-python-lib ships for ``version``."""
    return _SCHEMA_DIR / f"bom-{version}.SNAPSHOT.schema.json"


def _retrieve(uri: str) -> Any:
    """Serve the schemas the CycloneDX schema references; refuse everything else."""
    name = uri.rsplit("/", 1)[-1].removesuffix(".schema.json").removesuffix(".SNAPSHOT")
    if name in _REFERENCED:
        return json.loads((_SCHEMA_DIR / f"{name}.SNAPSHOT.schema.json").read_bytes())
    raise ValueError(f"schema {uri} is not bundled; refusing to fetch it")


@cache
def cyclonedx_json_validator(version: str) -> jsonschema_rs.Validator:
    """A compiled jsonschema-rs validator for CycloneDX ``version`` (cached per process)."""
    schema = json.loads(cyclonedx_json_schema_path(version).read_bytes())
    return jsonschema_rs.validator_for(schema, retriever=_retrieve, validate_formats=True)


def cyclonedx_json_problems(document: object, version: str, limit: int = 50) -> list[Problem]:
    """Schema violations of a parsed CycloneDX JSON document, each at its JSON pointer."""
    problems: list[Problem] = []
    for error in cyclonedx_json_validator(version).iter_errors(document):
        pointer = "/" + "/".join(str(part) for part in error.instance_path)
        problems.append(Problem(pointer, _short(error.message), f"CycloneDX {version} JSON schema"))
        if len(problems) >= limit:
            break
    return problems


def _short(message: str, limit: int = 240) -> str:
    """jsonschema-rs quotes the whole offending value; keep messages readable."""
    return message if len(message) <= limit else message[: limit - 1] + "…"


@cache
def _xml_validator(version: str) -> XmlValidator:
    return XmlValidator(SchemaVersion.from_version(version))


def cyclonedx_xml_problems(text: str, version: str, limit: int = 50) -> list[Problem]:
    """XSD violations of a CycloneDX XML document (lxml, hardened parser), with line numbers.

    Only call this on input that :func:`rempart.formats.limits.parse_xml` accepted: the
    library's lxml parser refuses entities too, but by raising, not by reporting.
    """
    errors = _xml_validator(version).validate_str(text, all_errors=True)
    if errors is None:
        return []
    problems: list[Problem] = []
    for error in errors:
        entry = error.data
        where = f"line {entry.line}, column {entry.column + 1}"
        problems.append(Problem(where, _short(entry.message), f"CycloneDX {version} XSD"))
        if len(problems) >= limit:
            break
    return problems
