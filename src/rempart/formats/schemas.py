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

**Lenient reading** (docs/sbom-quality.md): besides the official schema, each version has a
*structural* schema derived from it by dropping the keywords that only judge a value's
spelling — ``format`` (IRI, e-mail, date-time), ``pattern``, ``enum``, ``uniqueItems``,
``minLength``/``maxLength`` and ``additionalProperties: false``. A document that breaks the
official schema but passes the structural one is imported, its violations reported; one
that breaks the structural schema too has a fault the reader cannot work around (a wrong
type, a missing required field) and is refused. For XML, :func:`xml_problem_is_structural`
draws the same line over libxml2's error codes.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema_rs
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.xml import XmlValidator
from lxml.etree import LxmlError  # type: ignore[import-untyped]

from rempart.core.errors import Problem
from rempart.formats.errors import WHOLE_DOCUMENT, MalformedDocument

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


#: keywords that judge only how a value is spelled, not whether the reader can use it
VALUE_KEYWORDS = frozenset({"format", "pattern", "enum", "uniqueItems", "minLength", "maxLength"})


def structural_schema(schema: Any) -> Any:
    """``schema`` without its value keywords and without ``additionalProperties: false``.

    ``properties``, ``definitions`` and ``$defs`` map names to schemas (a property may be
    *called* ``format`` or ``pattern``), so only keyword positions are stripped.
    """
    if isinstance(schema, list):
        return [structural_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    relaxed: dict[str, Any] = {}
    for key, value in schema.items():
        if key in VALUE_KEYWORDS or (key == "additionalProperties" and value is False):
            continue
        if key in ("properties", "definitions", "$defs", "patternProperties") and isinstance(
            value, dict
        ):
            relaxed[key] = {name: structural_schema(sub) for name, sub in value.items()}
        else:
            relaxed[key] = structural_schema(value)
    return relaxed


def _retrieve_structural(uri: str) -> Any:
    return structural_schema(_retrieve(uri))


@cache
def cyclonedx_json_validator(version: str) -> jsonschema_rs.Validator:
    """A compiled jsonschema-rs validator for CycloneDX ``version`` (cached per process)."""
    schema = json.loads(cyclonedx_json_schema_path(version).read_bytes())
    return jsonschema_rs.validator_for(schema, retriever=_retrieve, validate_formats=True)


@cache
def cyclonedx_structural_validator(version: str) -> jsonschema_rs.Validator:
    """A validator for the structural schema of CycloneDX ``version`` (see the module docstring)."""
    schema = structural_schema(json.loads(cyclonedx_json_schema_path(version).read_bytes()))
    return jsonschema_rs.validator_for(schema, retriever=_retrieve_structural)


def cyclonedx_json_problems(
    document: object, version: str, limit: int = 50, *, structural: bool = False
) -> list[Problem]:
    """Schema violations of a parsed CycloneDX JSON document, each at its JSON pointer.

    With ``structural``, only the faults the reader cannot work around (see the module
    docstring); without, every violation of the official schema.
    """
    problems: list[Problem] = []
    validator = (
        cyclonedx_structural_validator(version) if structural else cyclonedx_json_validator(version)
    )
    for error in validator.iter_errors(document):
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


def cyclonedx_xml_problems(
    text: str, version: str, limit: int = 500
) -> tuple[list[Problem], list[Problem]]:
    """XSD violations of a CycloneDX XML document (lxml, hardened parser), with line numbers:
    (structural faults, violations of value formats only).

    Only call this on input that :func:`rempart.formats.limits.parse_xml` accepted: the
    library's lxml parser refuses entities too, but by raising, not by reporting.
    """
    try:
        errors = _xml_validator(version).validate_str(text, all_errors=True)
    except LxmlError as failure:  # parse_xml refuses what libxml2 cannot read; kept as a guard
        raise MalformedDocument.at(WHOLE_DOCUMENT, f"invalid XML: {failure}") from failure
    structural: list[Problem] = []
    values: list[Problem] = []
    for error in errors or ():
        entry = error.data
        where = f"line {entry.line}, column {entry.column + 1}"
        problem = Problem(where, _short(entry.message), f"CycloneDX {version} XSD")
        target = structural if xml_problem_is_structural(entry.type_name, entry.message) else values
        if len(target) < limit:
            target.append(problem)
    return structural, values


#: libxml2 schema-validity errors about a value's spelling only
_XML_VALUE_ERRORS = frozenset(
    {
        "SCHEMAV_CVC_PATTERN_VALID",
        "SCHEMAV_CVC_ENUMERATION_VALID",
        "SCHEMAV_CVC_LENGTH_VALID",
        "SCHEMAV_CVC_MINLENGTH_VALID",
        "SCHEMAV_CVC_MAXLENGTH_VALID",
        "SCHEMAV_CVC_DATATYPE_VALID_1_2_1",
        "SCHEMAV_CVC_DATATYPE_VALID_1_2_2",
        "SCHEMAV_CVC_DATATYPE_VALID_1_2_3",
    }
)
#: XSD types whose values the reader converts (a bad one is a structural fault)
_XML_NUMERIC = re.compile(r"type 'xs:(?:\w*[Ii]nteger|int|long|short|decimal|boolean)'")


def xml_problem_is_structural(type_name: str, message: str) -> bool:
    """Whether an XSD error is a fault the reader cannot work around (see the module docstring).

    Value facets (pattern, enumeration, length) and malformed values of text types (IRI,
    date-time, token, union) are not; malformed numbers and booleans are, as is every error
    about the elements themselves (missing, unexpected or misplaced elements, attributes).
    """
    return type_name not in _XML_VALUE_ERRORS or bool(_XML_NUMERIC.search(message))
