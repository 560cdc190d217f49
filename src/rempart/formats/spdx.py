"""SPDX 2.2 / 2.3 JSON (fast path) and tag-value (via spdx-tools) onto the core model.

Packages become components; the package the document DESCRIBES becomes the root;
relationships become edges with the direction the SPDX 2.3 specification (§11) gives them:

=========================================  ==================================
SPDX relationship ``A <type> B``           edge
=========================================  ==================================
``DEPENDS_ON``, ``HAS_PREREQUISITE``,       ``A depends_on B``
``STATIC_LINK``, ``DYNAMIC_LINK``
``DEPENDENCY_OF`` and every                ``B depends_on A``
``*_DEPENDENCY_OF``, ``PREREQUISITE_FOR``
``CONTAINS``                               ``A contains B``
``CONTAINED_BY``                           ``B contains A``
``DESCRIBES`` / ``DESCRIBED_BY``           marks the root (not an edge)
=========================================  ==================================

Other relationship types (``GENERATED_FROM``, ``COPY_OF``, ...) say nothing about what a
product is built from and are not edges. Relationships that touch files, snippets or other
documents are skipped quietly; ones that name an SPDXID the document lacks are dropped with
a located warning. ``A DEPENDS_ON NONE`` states that A has no dependencies.

JSON is not validated against the SPDX JSON schema (no installed library ships it); the
structural checks here cover every field this reader uses, with JSON-pointer locations.
spdx-tools' own validation is quadratic (30 s for 5,000 packages) and is used only in tests.
"""

from __future__ import annotations

import re
from typing import Any

from rempart.core.component import (
    Component,
    Dependency,
    DependencyKind,
    Encoding,
    SbomDocument,
    SbomFormat,
)
from rempart.core.errors import Problem
from rempart.formats.errors import (
    InconsistentDocument,
    SchemaViolation,
    UnsupportedVersion,
    WarningLog,
)
from rempart.formats.identity import canonical_purl, checked_cpe, checked_license, normalized_hash
from rempart.formats.sbom_text import (
    SPDX_KEYS,
    check_component,
    check_counts,
    check_document_fields,
)

Json = dict[str, Any]
SPDX_VERSIONS = ("SPDX-2.2", "SPDX-2.3")

_FORWARD = {"DEPENDS_ON", "HAS_PREREQUISITE", "STATIC_LINK", "DYNAMIC_LINK"}
_BACKWARD = {"DEPENDENCY_OF", "PREREQUISITE_FOR"}
_ACTOR = re.compile(r"^\s*(Person|Organization|Tool)\s*:\s*(.*?)\s*(?:\((.*)\))?\s*$")
_PURPOSE_TO_TYPE = {
    "APPLICATION": "application",
    "FRAMEWORK": "framework",
    "LIBRARY": "library",
    "CONTAINER": "container",
    "OPERATING-SYSTEM": "operating-system",
    "DEVICE": "device",
    "FIRMWARE": "firmware",
    "FILE": "file",
    "ARCHIVE": "file",
    "SOURCE": "file",
    "INSTALL": "application",
}
_UNSTATED = ("NOASSERTION", "NONE", "")


def parse_spdx_json(document: Json, encoding: Encoding = Encoding.JSON) -> SbomDocument:
    """Check the structure of an SPDX 2.2/2.3 JSON document and map it onto the core model."""
    version = document.get("spdxVersion")
    if version not in SPDX_VERSIONS:
        raise UnsupportedVersion.at(
            "/spdxVersion",
            f"SPDX version {version!r} is not supported (supported: SPDX-2.2, SPDX-2.3)",
        )
    check_counts(
        len(_items(document.get("packages"))),
        len(_items(document.get("relationships"))),
        ("/packages", "/relationships"),
    )
    _check_structure(document, str(version))
    log = WarningLog()
    packages = document.get("packages") or []
    components = _components(packages, log)
    graph = _Graph(document, {c.bom_ref for c in components}, log)
    root = next((c for c in components if c.bom_ref == graph.root_ref), None)
    creation: Json = document.get("creationInfo") or {}
    return check_document_fields(
        SbomDocument(
            format=SbomFormat.SPDX,
            spec_version=str(version).removeprefix("SPDX-"),
            encoding=encoding,
            components=tuple(c for c in components if c is not root),
            dependencies=tuple(graph.edges),
            root=root,
            serial_number=document.get("documentNamespace"),
            created=creation.get("created"),
            creators=tuple(str(creator) for creator in creation.get("creators") or ()),
            name=document.get("name"),
            warnings=tuple(str(problem) for problem in log.problems()),
            problems=log.problems(),
            dependencies_stated=frozenset(graph.stated),
            vulnerability_count=sum(
                1
                for p in packages
                for ref in p.get("externalRefs") or ()
                if ref.get("referenceType") == "advisory"
            ),
        )
    )


#: the type of every optional field this reader uses (a wrong one is a structural fault)
_DOCUMENT_FIELDS: dict[str, type] = {
    "name": str,
    "documentNamespace": str,
    "packages": list,
    "relationships": list,
    "documentDescribes": list,
    "files": list,
    "snippets": list,
}
_PACKAGE_FIELDS: dict[str, type] = {
    "versionInfo": str,
    "externalRefs": list,
    "checksums": list,
    "supplier": str,
    "originator": str,
    "licenseConcluded": str,
    "licenseDeclared": str,
    "primaryPackagePurpose": str,
    "description": str,
    "summary": str,
    "packageFileName": str,
    "downloadLocation": str,
    "homepage": str,
}
_JSON_TYPES = {dict: "object", list: "array", str: "string", int: "number", float: "number"}
_JSON_TYPES[bool] = "boolean"
_ITEM_FIELDS: dict[str, dict[str, type]] = {
    "externalRefs": {"referenceType": str, "referenceLocator": str},
    "checksums": {"algorithm": str, "checksumValue": str},
}


def _check_structure(document: Json, version: str) -> None:
    """Refuse a document whose fields this reader relies on have the wrong shape."""
    problems: list[Problem] = []
    citation = f"{version} JSON schema"

    def require(value: object, kind: type, where: str) -> bool:
        """Record a problem unless ``value`` is a ``kind`` (a bool is no number here)."""
        if isinstance(value, kind) and not (isinstance(value, bool) and kind is not bool):
            return True
        got = "missing" if value is None else _JSON_TYPES.get(type(value), type(value).__name__)
        want = _JSON_TYPES.get(kind, kind.__name__)
        problems.append(Problem(where, f"expected {want}, got {got}", citation))
        return False

    def optional(holder: Json, fields: dict[str, type], where: str) -> None:
        for key, kind in fields.items():
            if holder.get(key) is not None:
                require(holder[key], kind, f"{where}/{key}")

    require(document.get("SPDXID"), str, "/SPDXID")
    if require(document.get("creationInfo"), dict, "/creationInfo"):
        info = document["creationInfo"]
        optional(info, {"created": str, "creators": list}, "/creationInfo")
        for index, creator in enumerate(_items(info.get("creators"))):
            require(creator, str, f"/creationInfo/creators/{index}")
    optional(document, _DOCUMENT_FIELDS, "")
    for index, package in enumerate(_items(document.get("packages"))):
        where = f"/packages/{index}"
        if require(package, dict, where):
            require(package.get("SPDXID"), str, f"{where}/SPDXID")
            require(package.get("name"), str, f"{where}/name")
            optional(package, _PACKAGE_FIELDS, where)
            for key, fields in _ITEM_FIELDS.items():
                for position, item in enumerate(_items(package.get(key))):
                    if require(item, dict, f"{where}/{key}/{position}"):
                        optional(item, fields, f"{where}/{key}/{position}")
    for index, relation in enumerate(_items(document.get("relationships"))):
        if require(relation, dict, f"/relationships/{index}"):
            for key in ("spdxElementId", "relationshipType", "relatedSpdxElement"):
                require(relation.get(key), str, f"/relationships/{index}/{key}")
    for key in ("files", "snippets"):
        for index, element in enumerate(_items(document.get(key))):
            if require(element, dict, f"/{key}/{index}"):
                optional(element, {"SPDXID": str}, f"/{key}/{index}")
    for index, ref in enumerate(_items(document.get("documentDescribes"))):
        require(ref, str, f"/documentDescribes/{index}")
    if problems:
        raise SchemaViolation(f"not a valid {version} JSON document: {problems[0]}", problems)


def _items(value: object) -> list[Any]:
    """A JSON array as a list; anything else (reported by the caller) as empty."""
    return value if isinstance(value, list) else []


def _components(packages: list[Json], log: WarningLog) -> list[Component]:
    components: list[Component] = []
    seen: dict[str, tuple[int, Component]] = {}
    for index, package in enumerate(packages):
        component = map_package(package, f"/packages/{index}", log)
        first = seen.get(component.bom_ref)
        if first is None:
            seen[component.bom_ref] = (index, component)
            components.append(component)
            continue
        where = f"/packages/{index}/SPDXID"
        if first[1] != component:
            raise InconsistentDocument.at(
                where,
                f"SPDXID {component.bom_ref!r} names two different packages "
                f"(first at /packages/{first[0]})",
            )
        log.add(
            where,
            f"duplicate SPDXID {component.bom_ref!r} (also at /packages/{first[0]}); kept once",
        )
    return components


def map_package(package: Json, pointer: str, log: WarningLog) -> Component:
    """One SPDX package onto a :class:`Component`."""
    purl, cpe = _identifiers(package.get("externalRefs") or (), f"{pointer}/externalRefs", log)
    supplier, supplier_contact = _actor(package.get("supplier"))
    author, author_contact = _actor(package.get("originator"))
    concluded = str(package.get("licenseConcluded") or "")
    licence = concluded if concluded not in _UNSTATED else str(package.get("licenseDeclared") or "")
    component = Component(
        bom_ref=package["SPDXID"],
        name=package["name"],
        type=_PURPOSE_TO_TYPE.get(str(package.get("primaryPackagePurpose", "")), "library"),
        version=package.get("versionInfo") or None,
        purl=purl,
        cpe=cpe,
        supplier=supplier,
        author=author,
        hashes=tuple(
            h
            for i, item in enumerate(package.get("checksums") or ())
            if (
                h := normalized_hash(
                    str(item.get("algorithm", "")),
                    str(item.get("checksumValue", "")),
                    f"{pointer}/checksums/{i}",
                    log,
                )
            )
            is not None
        ),
        licenses=checked_license(licence, f"{pointer}/licenseConcluded", log),
        description=package.get("description") or package.get("summary") or None,
        filename=package.get("packageFileName") or None,
        external_references=_references(package),
        supplier_contact=supplier_contact or author_contact,
    )
    return check_component(component, pointer, SPDX_KEYS)


def _identifiers(refs: Any, pointer: str, log: WarningLog) -> tuple[str | None, str | None]:
    """The first purl and the first CPE among a package's ``externalRefs``."""
    purl = cpe = None
    for index, ref in enumerate(refs):
        kind = str(ref.get("referenceType", ""))
        locator = str(ref.get("referenceLocator", ""))
        where = f"{pointer}/{index}/referenceLocator"
        if kind == "purl" and purl is None:
            purl = canonical_purl(locator, where, log)
        elif kind in ("cpe23Type", "cpe22Type") and cpe is None:
            cpe = checked_cpe(locator, where, log)
    return purl, cpe


def _actor(value: object) -> tuple[str | None, str | None]:
    """``Organization: ACME (info@acme.example)`` → (``ACME``, ``info@acme.example``)."""
    match = _ACTOR.match(str(value or ""))
    if not match:
        return None, None
    return match.group(2) or None, (match.group(3) or "").strip() or None


def _references(package: Json) -> tuple[tuple[str, str], ...]:
    refs = []
    if str(package.get("downloadLocation", "")) not in _UNSTATED:
        refs.append(("distribution", str(package["downloadLocation"])))
    if str(package.get("homepage", "")) not in _UNSTATED:
        refs.append(("website", str(package["homepage"])))
    return tuple(refs)


class _Graph:
    """SPDX relationships → root and edges (see the table in the module docstring)."""

    def __init__(self, document: Json, packages: set[str], log: WarningLog) -> None:
        self.packages = packages
        self.log = log
        self.doc_id = str(document.get("SPDXID", "SPDXRef-DOCUMENT"))
        self.others = {
            str(f.get("SPDXID"))
            for f in (*(document.get("files") or ()), *(document.get("snippets") or ()))
        }
        self.edges: list[Dependency] = []
        self.stated: set[str] = set()
        self._seen: set[tuple[str, str, DependencyKind]] = set()
        described = [str(ref) for ref in document.get("documentDescribes") or ()]
        for index, relation in enumerate(document.get("relationships") or ()):
            described += self._relation(relation, f"/relationships/{index}")
        roots = [ref for ref in dict.fromkeys(described) if ref in packages]
        self.root_ref = roots[0] if roots else None
        if len(roots) > 1:
            log.add(
                "/relationships",
                f"document describes {len(roots)} packages; {roots[0]!r} is taken as root",
            )

    def _relation(self, relation: Json, pointer: str) -> list[str]:
        """Add the edge for one relationship; return what it says the document describes."""
        source, kind = relation["spdxElementId"], relation["relationshipType"]
        target = relation["relatedSpdxElement"]
        if kind == "DESCRIBES" and source == self.doc_id:
            return [target]
        if kind == "DESCRIBED_BY" and target == self.doc_id:
            return [source]
        if kind in _FORWARD:
            self._edge(source, target, DependencyKind.DEPENDS_ON, pointer)
        elif kind in _BACKWARD or kind.endswith("_DEPENDENCY_OF"):
            self._edge(target, source, DependencyKind.DEPENDS_ON, pointer)
        elif kind == "CONTAINS":
            self._edge(source, target, DependencyKind.CONTAINS, pointer)
        elif kind == "CONTAINED_BY":
            self._edge(target, source, DependencyKind.CONTAINS, pointer)
        return []

    def _edge(self, source: str, target: str, kind: DependencyKind, pointer: str) -> None:
        if source in self.packages and target in ("NONE", "NOASSERTION"):
            if target == "NONE":
                self.stated.add(source)
            return
        for ref in (source, target):
            if ref not in self.packages:
                if (
                    ref not in self.others
                    and ref != self.doc_id
                    and not ref.startswith("DocumentRef-")
                ):
                    self.log.add(pointer, f"relationship names unknown SPDXID {ref!r}; ignored")
                return
        self.stated.add(source)
        if (source, target, kind) not in self._seen:
            self._seen.add((source, target, kind))
            self.edges.append(Dependency(source, target, kind))
