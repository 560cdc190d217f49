"""SPDX 3.0.1 JSON-LD onto the core model (adapter layer).

An SPDX 3 document is a flat ``@graph`` of elements that name each other by ``spdxId``.
This reader walks the parsed JSON once, as the CycloneDX and SPDX 2 readers do, so every
refusal and warning carries a JSON pointer (``/@graph/12/software_packageVersion``). The
official generated bindings, **spdx-python-model**, then read the same document to judge
it against the SPDX 3.0.1 model: their refusals are the schema violations that lenient
reading tolerates and strict reading refuses (docs/decisions/0008-spdx3-jsonld.md says why
the bindings are the validator and not the reader).

Mapping (SPDX 3.0.1 Core and Software profiles), chosen to read like SPDX 2.3:

==============================================  ========================================
SPDX 3                                          core model
==============================================  ========================================
``software_Package`` (and its subclasses        a component; ``software_packageVersion``,
``ai_AIPackage``, ``dataset_DatasetPackage``)   ``software_primaryPurpose`` → type
``software_packageUrl``, ``externalIdentifier`` purl, CPE
(``packageUrl``, ``cpe23``, ``cpe22``)
``verifiedUsing`` ``Hash``                      hashes
``suppliedBy`` / ``originatedBy`` agents        supplier (with an e-mail identifier as
                                                contact) / author
``hasConcludedLicense`` / ``hasDeclaredLicense`` the licence (concluded first, as SPDX 2)
``dependsOn``, ``hasStaticLink``,               ``depends_on`` edges (``from`` → each ``to``)
``hasDynamicLink``, ``hasPrerequisite``
``contains``                                    ``contains`` edges
``rootElement`` of the ``SpdxDocument`` (via    the root (the product)
a ``software_Sbom``), or ``describes``
``CreationInfo`` ``created``, ``createdBy``,    timestamp and creators
``createdUsing``
==============================================  ========================================

Files and snippets are not components (as in SPDX 2); relationships that touch them are
skipped quietly. A relationship naming an element the document lacks is dropped with a
located warning.
"""

from __future__ import annotations

from collections.abc import Iterable
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
from rempart.formats.errors import WarningLog, schema_verdict
from rempart.formats.identity import canonical_purl, checked_cpe, checked_license, normalized_hash
from rempart.formats.sbom_text import (
    SPDX3_KEYS,
    check_component,
    check_counts,
    check_document_fields,
)

Json = dict[str, Any]
SPEC_VERSION = "3.0.1"
CITATION = "SPDX 3.0.1 model (spdx-python-model)"

_PACKAGES = frozenset({"software_Package", "ai_AIPackage", "dataset_DatasetPackage"})
_DEPENDS = frozenset({"dependsOn", "hasStaticLink", "hasDynamicLink", "hasPrerequisite"})
_UNSTATED = ("NOASSERTION", "NONE", "")
_NO_ELEMENT = ("NoneElement", "NoAssertionElement", "NoneLicense", "NoAssertionLicense")
_PURPOSE_TO_TYPE = {
    "application": "application",
    "framework": "framework",
    "library": "library",
    "container": "container",
    "operatingSystem": "operating-system",
    "device": "device",
    "firmware": "firmware",
    "file": "file",
    "archive": "file",
    "source": "file",
    "install": "application",
    "model": "machine-learning-model",
    "data": "data",
}


def parse_spdx3_json(document: Json, *, strict: bool = False) -> SbomDocument:
    """Check the structure of an SPDX 3 JSON-LD document, judge it, map it onto the model."""
    graph = _graph(document)
    packages = sum(1 for _where, element in graph if element["type"] in _PACKAGES)
    edges = sum(len(e["to"]) for _where, e in graph if isinstance(e.get("to"), list))
    check_counts(packages, edges, ("/@graph", "/@graph"))  # before the slow model check
    tolerated = schema_verdict(
        f"SPDX {SPEC_VERSION} document", [], _model_problems(document), strict=strict
    )
    return check_document_fields(_Reader(graph, tolerated).document())


def _graph(document: Json) -> list[tuple[str, Json]]:
    """(pointer, element) of every element; refuses the shapes the reader cannot use."""
    problems: list[Problem] = []
    citation = f"SPDX {SPEC_VERSION} JSON-LD serialization"
    raw = document.get("@graph")
    if not isinstance(raw, list):
        got = "missing" if raw is None else type(raw).__name__
        problems.append(Problem("/@graph", f"expected a list of elements, got {got}", citation))
        raw = []
    elements: list[tuple[str, Json]] = []
    for index, element in enumerate(raw):
        where = f"/@graph/{index}"
        if not isinstance(element, dict) or not isinstance(element.get("type"), str):
            problems.append(Problem(where, "expected an element object with a 'type'", citation))
            continue
        problems.extend(_element_problems(element, where, citation))
        elements.append((where, element))
    if problems:
        schema_verdict(f"SPDX {SPEC_VERSION} document", problems, [], strict=False)
    return elements


def _element_problems(element: Json, where: str, citation: str) -> Iterable[Problem]:
    """Wrong types in the fields this reader uses."""
    kind = element["type"]
    expected: dict[str, type] = {}
    if kind in _PACKAGES:
        expected = {"spdxId": str, "name": str, "software_packageVersion": str}
        expected |= {"externalIdentifier": list, "verifiedUsing": list, "originatedBy": list}
    elif kind in ("Relationship", "LifecycleScopedRelationship"):
        expected = {"from": str, "to": list, "relationshipType": str}
    elif kind in ("SpdxDocument", "software_Sbom"):
        expected = {"rootElement": list}
    for key, wanted in expected.items():
        value = element.get(key)
        required = key in ("spdxId", "from", "to", "relationshipType")
        if (value is None and required) or (value is not None and not isinstance(value, wanted)):
            got = "missing" if value is None else type(value).__name__
            yield Problem(f"{where}/{key}", f"expected {wanted.__name__}, got {got}", citation)


def _model_problems(document: Json) -> list[Problem]:
    """What the official bindings refuse in the document (empty: a valid SPDX 3.0.1 graph)."""
    # imported here: the generated module is large, and only SPDX 3 documents need it
    from spdx_python_model import v3_0_1 as model

    try:
        model.JSONLDDeserializer().deserialize_data(document, model.SHACLObjectSet())
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, RecursionError) as error:
        # the bindings raise plain Python errors; each is a judgement on the document
        message = str(error) or type(error).__name__
        return [Problem("/@graph", message[:240], CITATION)]
    return []


class _Reader:
    """The element index and the mapping of one document."""

    def __init__(self, graph: list[tuple[str, Json]], tolerated: tuple[Problem, ...]) -> None:
        self.graph = graph
        self.tolerated = tolerated
        self.log = WarningLog()
        self.by_id: dict[str, Json] = {}
        for _where, element in graph:
            key = element.get("spdxId") or element.get("@id")
            if isinstance(key, str):
                self.by_id.setdefault(key, element)
        # elements of other documents this one imports (ExternalMap): known, not components
        self.external = {
            str(entry.get("externalSpdxId"))
            for _where, element in graph
            if element["type"] == "SpdxDocument"
            for entry in _list(element.get("import"))
            if isinstance(entry, dict)
        }
        self.licences = self._licences()

    def document(self) -> SbomDocument:
        """The whole document as an :class:`SbomDocument`."""
        spdx_document = next((e for _w, e in self.graph if e["type"] == "SpdxDocument"), {})
        components: list[Component] = []
        seen: set[str] = set()
        for where, element in self.graph:
            if element["type"] in _PACKAGES and element["spdxId"] not in seen:
                seen.add(element["spdxId"])
                components.append(self._component(element, where))
        refs = {c.bom_ref for c in components}
        edges, stated = self._edges(refs)
        root_ref = self._root(spdx_document, refs)
        root = next((c for c in components if c.bom_ref == root_ref), None)
        created, creators = self._creation(spdx_document)
        return SbomDocument(
            format=SbomFormat.SPDX,
            spec_version=SPEC_VERSION,
            encoding=Encoding.JSON,
            components=tuple(c for c in components if c is not root),
            dependencies=tuple(edges),
            root=root,
            serial_number=_text(spdx_document.get("spdxId")),
            created=created,
            creators=creators,
            name=_text(spdx_document.get("name")),
            warnings=tuple(str(p) for p in (*self.tolerated, *self.log.problems())),
            problems=self.log.problems(),
            dependencies_stated=frozenset(stated),
            schema_violations=self.tolerated,
        )

    def _component(self, element: Json, where: str) -> Component:
        purl, cpe = self._identifiers(element, where)
        supplier, contact = self._agent(element.get("suppliedBy"))
        authors = [self._agent(ref)[0] for ref in element.get("originatedBy") or ()]
        spdx_id = element["spdxId"]
        component = Component(
            bom_ref=spdx_id,
            name=element.get("name") or "",
            type=_PURPOSE_TO_TYPE.get(str(element.get("software_primaryPurpose")), "library"),
            version=element.get("software_packageVersion") or None,
            purl=purl,
            cpe=cpe,
            supplier=supplier,
            author=", ".join(str(a) for a in authors if a) or None,
            hashes=self._hashes(element.get("verifiedUsing") or (), f"{where}/verifiedUsing"),
            licenses=self.licences.get(spdx_id),
            description=_text(element.get("description")) or _text(element.get("summary")),
            external_references=_references(element),
            supplier_contact=contact,
        )
        return check_component(component, where, SPDX3_KEYS)

    def _identifiers(self, element: Json, where: str) -> tuple[str | None, str | None]:
        purl = cpe = None
        raw = element.get("software_packageUrl")
        if isinstance(raw, str) and raw:
            purl = canonical_purl(raw, f"{where}/software_packageUrl", self.log)
        for index, identifier in enumerate(_list(element.get("externalIdentifier"))):
            if not isinstance(identifier, dict):
                continue
            kind = identifier.get("externalIdentifierType")
            value = str(identifier.get("identifier", ""))
            at = f"{where}/externalIdentifier/{index}/identifier"
            if kind == "packageUrl" and purl is None:
                purl = canonical_purl(value, at, self.log)
            elif kind in ("cpe23", "cpe22") and cpe is None:
                cpe = checked_cpe(value, at, self.log)
        return purl, cpe

    def _hashes(self, entries: Iterable[Any], where: str) -> tuple[Any, ...]:
        found = []
        for index, entry in enumerate(entries):
            if isinstance(entry, dict) and entry.get("type") == "Hash":
                algorithm = str(entry.get("algorithm", ""))
                value = str(entry.get("hashValue", ""))
                item = normalized_hash(algorithm, value, f"{where}/{index}", self.log)
                if item is not None:
                    found.append(item)
        return tuple(found)

    def _agent(self, ref: object) -> tuple[str | None, str | None]:
        """(name, e-mail) of an agent named by ``spdxId`` (or given inline)."""
        agent = ref if isinstance(ref, dict) else self.by_id.get(str(ref or ""))
        if not agent:
            return None, None
        contact = next(
            (
                str(i.get("identifier"))
                for i in _list(agent.get("externalIdentifier"))
                if isinstance(i, dict) and i.get("externalIdentifierType") == "email"
            ),
            None,
        )
        return _text(agent.get("name")), contact

    def _relationships(self) -> Iterable[tuple[str, Json]]:
        for where, element in self.graph:
            if element["type"] in ("Relationship", "LifecycleScopedRelationship"):
                yield where, element

    def _licences(self) -> dict[str, str]:
        """Package id → its licence: the concluded one, else the declared one."""
        concluded: dict[str, str] = {}
        declared: dict[str, str] = {}
        for where, relation in self._relationships():
            kind = relation["relationshipType"]
            target = {"hasConcludedLicense": concluded, "hasDeclaredLicense": declared}.get(kind)
            if target is None:
                continue
            texts = [self._licence_text(str(ref)) for ref in relation["to"]]
            text = " AND ".join(t for t in texts if t)
            if text:
                checked = checked_license(text, f"{where}/to", self.log)
                if checked:
                    target.setdefault(relation["from"], checked)
        return {**declared, **concluded}

    def _licence_text(self, ref: str) -> str | None:
        """The SPDX expression a licence element stands for (``None``: no assertion)."""
        if ref.endswith(_NO_ELEMENT):
            return None
        element = self.by_id.get(ref)
        if element is None:
            return ref.rsplit("/", 1)[-1] if "spdx.org/licenses/" in ref else None
        kind = element["type"]
        if kind == "simplelicensing_LicenseExpression":
            text = str(element.get("simplelicensing_licenseExpression", "")).strip()
            return None if text in _UNSTATED else text
        if kind == "expandedlicensing_ListedLicense":
            return str(element.get("name") or ref.rsplit("/", 1)[-1])
        name = str(element.get("name") or ref.rsplit("/", 1)[-1])
        return name if name.startswith("LicenseRef-") else f"LicenseRef-{name.replace(' ', '-')}"

    def _edges(self, refs: set[str]) -> tuple[list[Dependency], set[str]]:
        edges: list[Dependency] = []
        stated: set[str] = set()
        seen: set[tuple[str, str, DependencyKind]] = set()
        for where, relation in self._relationships():
            kind = relation["relationshipType"]
            if kind in _DEPENDS:
                edge_kind = DependencyKind.DEPENDS_ON
            elif kind == "contains":
                edge_kind = DependencyKind.CONTAINS
            else:
                continue
            source = relation["from"]
            if source not in refs:
                self._unknown(source, where)
                continue
            stated.add(source)
            for position, raw in enumerate(relation["to"]):
                target = str(raw)
                if target not in refs:
                    self._unknown(target, f"{where}/to/{position}")
                elif (source, target, edge_kind) not in seen:
                    seen.add((source, target, edge_kind))
                    edges.append(Dependency(source, target, edge_kind))
        return edges, stated

    def _unknown(self, ref: str, where: str) -> None:
        """Warn about a relationship end that is neither a package nor another known element."""
        if ref not in self.by_id and ref not in self.external and not ref.endswith(_NO_ELEMENT):
            self.log.add(where, f"relationship names unknown element {ref!r}; ignored")

    def _root(self, spdx_document: Json, refs: set[str]) -> str | None:
        """The package the document is about: its root element (through an SBOM), else the
        target of a ``describes`` relationship."""
        pending = list(_list(spdx_document.get("rootElement")))
        visited: set[str] = set()
        while pending:
            ref = str(pending.pop(0))
            if ref in refs:
                return ref
            element = self.by_id.get(ref)
            if element is not None and ref not in visited:
                visited.add(ref)
                pending.extend(_list(element.get("rootElement")))
        for _where, relation in self._relationships():
            if relation["relationshipType"] == "describes":
                for ref in relation["to"]:
                    if ref in refs:
                        return str(ref)
        return None

    def _creation(self, spdx_document: Json) -> tuple[str | None, tuple[str, ...]]:
        """The document's creation time and its creators as SPDX 2-style lines."""
        info = spdx_document.get("creationInfo")
        if isinstance(info, str):
            info = self.by_id.get(info)
        if not isinstance(info, dict):
            return None, ()
        creators: list[str] = []
        for ref in _list(info.get("createdBy")):
            agent = self.by_id.get(str(ref)) or {}
            kind = "Organization" if agent.get("type") == "Organization" else "Person"
            name, contact = self._agent(ref)
            creators.append(f"{kind}: {name or 'unnamed'}" + (f" ({contact})" if contact else ""))
        creators.extend(
            f"Tool: {self._agent(ref)[0] or 'unnamed'}" for ref in _list(info.get("createdUsing"))
        )
        created = info.get("created")
        return (created if isinstance(created, str) else None), tuple(creators)


def _list(value: object) -> list[Any]:
    """A JSON array as a list; anything else (absent or the wrong type) as empty."""
    return value if isinstance(value, list) else []


def _text(value: object) -> str | None:
    """A non-empty JSON string, else ``None``."""
    return value if isinstance(value, str) and value else None


def _references(element: Json) -> tuple[tuple[str, str], ...]:
    refs = []
    for key, kind in (
        ("software_downloadLocation", "distribution"),
        ("software_homePage", "website"),
    ):
        value = element.get(key)
        if isinstance(value, str) and value not in _UNSTATED:
            refs.append((kind, value))
    return tuple(refs)
