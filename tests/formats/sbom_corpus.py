"""The shared SBOM corpus, parsed once per test session, and independent views of it.

Three readings of every file in shared/data/sboms, each cached so a session pays once:

- :func:`ours` — ``rempart.formats.sbom.parse_sbom`` (the result or the ``FormatError``);
- :func:`oracle` — the official libraries, element by element (SPDX 3: the generated
  bindings spdx-python-model read the whole document): cyclonedx-python-lib
  deserializes every component (``Component.from_json`` / ``from_xml``, the deserializer
  ``Bom.from_json`` applies to each entry, without the Bom's sorted sets that make it take
  seconds); spdx-tools parses the creation info and every package of SPDX JSON
  (``CreationInfoParser`` / ``PackageParser``, what its document parser calls, without the
  file and relationship parsing that takes seconds on big syft documents) and whole
  tag-value documents. Where the library refuses, the reason is recorded;
- :func:`plain_count` — a plain json / defusedxml walk counting components and packages,
  written without any of the code under test.
"""

from __future__ import annotations

import json
import re
import warnings
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

from cyclonedx.model import component as cdx_component
from defusedxml import ElementTree
from packageurl import PackageURL
from spdx_python_model import v3_0_1 as spdx3_model
from spdx_tools.spdx.parser.error import SPDXParsingError
from spdx_tools.spdx.parser.jsonlikedict import creation_info_parser, package_parser
from spdx_tools.spdx.parser.tagvalue import parser as tagvalue_parser

from rempart.core.component import SbomDocument
from rempart.core.errors import FormatError
from rempart.formats.sbom import parse_sbom
from tests.conftest import shared_dir

SBOM_DIR = shared_dir() / "data" / "sboms"
# the libraries are only partly typed; their classes stay Any here
CdxComponent: Any = cdx_component.Component
CreationInfoParser: Any = creation_info_parser.CreationInfoParser
PackageParser: Any = package_parser.PackageParser
TagValueParser: Any = tagvalue_parser.Parser
Triple = tuple[str, str | None, str | None]


@cache
def index() -> dict[str, tuple[str, str, int]]:
    """INDEX.md: relative path -> (format, spec, component count)."""
    rows: dict[str, tuple[str, str, int]] = {}
    text = (SBOM_DIR / "INDEX.md").read_text(encoding="utf-8") if SBOM_DIR.is_dir() else ""
    for line in text.splitlines():
        match = re.match(r"^\| `([^`]+)` \| [\d.]+ \| ([^|]+) \| ([^|]+) \| (\d+) \|", line)
        if match:
            rows[match.group(1)] = (
                match.group(2).strip(),
                match.group(3).strip(),
                int(match.group(4)),
            )
    return rows


@cache
def ours(relative: str) -> SbomDocument | FormatError:
    try:
        return parse_sbom((SBOM_DIR / relative).read_bytes())
    except FormatError as error:
        return error


def triples(document: SbomDocument) -> Counter[Triple]:
    """(name, version, purl) of every component and the root."""
    everything = [*document.components, *([document.root] if document.root else [])]
    return Counter((c.name, c.version, c.purl) for c in everything)


def _canonical(purl: object) -> str | None:
    if purl is None or purl == "":
        return None
    try:
        return str(PackageURL.from_string(str(purl)).to_string())
    except ValueError:
        return None


def _cdx_flatten(component: Any, found: Counter[Triple]) -> None:
    purl = component.purl.to_string() if component.purl else None
    found[(component.name, component.version or None, purl)] += 1
    for child in component.components:
        _cdx_flatten(child, found)


@cache
def oracle(relative: str) -> tuple[Counter[Triple] | None, str | None]:
    """The official library's (name, version, purl) multiset (``None`` if it cannot read the
    components), and why it refuses the document (``None`` if it does not)."""
    path = SBOM_DIR / relative
    found: Counter[Triple] = Counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the libraries warn about deprecated fields
        try:
            if index()[relative][1].startswith("3."):
                return _spdx3(path), None
            if relative.startswith("spdx") and path.suffix == ".spdx":
                _spdx(TagValueParser().parse(path.read_text(encoding="utf-8")).packages, found)
            elif relative.startswith("spdx"):
                return _spdx_json(json.loads(path.read_bytes()))
            elif path.suffix == ".json":
                data = json.loads(path.read_bytes())
                for entry in [
                    data.get("metadata", {}).get("component"),
                    *data.get("components", []),
                ]:
                    if entry:
                        _cdx_flatten(CdxComponent.from_json(entry), found)
            else:
                _cdx_xml(path, found)
        except Exception as error:
            return None, f"{type(error).__name__}: {error}"
    return found, None


def _spdx_json(document: dict[str, Any]) -> tuple[Counter[Triple] | None, str | None]:
    refusal = None
    try:
        CreationInfoParser().parse_creation_info(document)
    except SPDXParsingError as error:
        refusal = f"creation info: {_messages(error)}"
    parser = PackageParser()
    try:
        packages = [parser.parse_package(package) for package in document.get("packages", [])]
    except SPDXParsingError as error:
        return None, f"{refusal}; package: {_messages(error)}"
    found: Counter[Triple] = Counter()
    _spdx(packages, found)
    return found, refusal


def _cdx_xml(path: Path, found: Counter[Triple]) -> None:
    root = ElementTree.fromstring(path.read_bytes())
    namespace = root.tag.split("}")[0].strip("{")
    entries = root.findall(f"{{{namespace}}}metadata/{{{namespace}}}component")
    entries += root.findall(f"{{{namespace}}}components/{{{namespace}}}component")
    for entry in entries:
        _cdx_flatten(CdxComponent.from_xml(entry, default_namespace=namespace), found)


def _spdx3(path: Path) -> Counter[Triple]:
    """(name, version, purl) of every package, as the official SPDX 3 bindings read them."""
    objects = spdx3_model.SHACLObjectSet()
    with path.open("rb") as stream:
        spdx3_model.JSONLDDeserializer().read(stream, objects)
    found: Counter[Triple] = Counter()
    for package in objects.foreach_type(spdx3_model.software_Package):
        purl = package.software_packageUrl
        for identifier in package.externalIdentifier:
            if purl is None and str(identifier.externalIdentifierType).endswith("/packageUrl"):
                purl = identifier.identifier
        found[(package.name, package.software_packageVersion or None, _canonical(purl))] += 1
    return found


def _messages(error: Any) -> list[str]:
    return list(error.get_messages())


def _spdx(packages: Any, found: Counter[Triple]) -> None:
    for package in packages:
        purls = [r.locator for r in package.external_references if r.reference_type == "purl"]
        found[(package.name, package.version or None, _canonical(purls[0]) if purls else None)] += 1


@cache
def plain_count(relative: str) -> tuple[int, int]:
    """(components listed under components/packages incl. nested, components nested in the root)."""
    path = SBOM_DIR / relative
    if path.suffix == ".xml":
        root = ElementTree.fromstring(path.read_bytes())
        namespace = root.tag.split("}")[0] + "}"
        listed = root.find(f"{namespace}components")
        meta = root.find(f"{namespace}metadata/{namespace}component")
        count = 0 if listed is None else len(list(listed.iter(f"{namespace}component")))
        nested = 0 if meta is None else len(list(meta.iter(f"{namespace}component"))) - 1
        return count, nested
    if path.suffix == ".spdx":
        text = path.read_text(encoding="utf-8")
        return len(re.findall(r"^PackageName:", text, re.MULTILINE)), 0
    data = json.loads(path.read_bytes())
    if "@graph" in data:  # SPDX 3: packages, AI packages and data sets are all packages
        kinds = ("software_Package", "ai_AIPackage", "dataset_DatasetPackage")
        return sum(1 for element in data["@graph"] if element.get("type") in kinds), 0
    if "packages" in data or "spdxVersion" in data:
        return len(data.get("packages", [])), 0

    def walk(components: list[dict[str, Any]]) -> int:
        return sum(1 + walk(c.get("components", [])) for c in components)

    meta = data.get("metadata", {}).get("component") or {}
    return walk(data.get("components", [])), walk(meta.get("components", []))


def corpus() -> list[str]:
    """Relative paths of every SBOM file in the shared data (README/INDEX files excluded)."""
    if not SBOM_DIR.is_dir():
        return []
    return sorted(
        str(path.relative_to(SBOM_DIR))
        for path in SBOM_DIR.rglob("*")
        if path.is_file() and path.suffix != ".md"
    )
