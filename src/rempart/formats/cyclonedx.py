"""CycloneDX 1.2–1.7 JSON (and, via :mod:`cyclonedx_xml`, XML) onto the core model.

The fast path (docs/decisions/0002-sbom-ingest.md): the parsed JSON dict is checked
against the official schema with jsonschema-rs, then mapped field by field straight onto
:class:`rempart.core.component.Component` — no cyclonedx-python-lib model objects, whose
sorted sets make ``Bom.from_json`` take seconds per thousand components. A test compares
the result with ``cyclonedx-python-lib`` on every SBOM of the shared corpus.

Mapping notes (CycloneDX 1.6 §components):

- Nested ``components`` are flattened, in document order, and each becomes a ``contains``
  edge from its parent; components nested in ``metadata.component`` hang off the root.
- A component without ``bom-ref`` gets its JSON pointer (``/components/3``) as bom-ref.
- Several ``licenses`` entries are joined with ``AND``: the schema leaves the combination
  open, and for obligations the conservative reading is that all apply.
- ``supplier`` is ``supplier.name`` (else ``manufacturer.name``, 1.6); ``supplier_contact``
  the first e-mail or URL of the supplier, manufacturer or authors (BSI TR-03183-2 §5.2.2).
"""

from __future__ import annotations

from typing import Any

from rempart.core.component import (
    Component,
    ComponentScope,
    Dependency,
    DependencyKind,
    Encoding,
    SbomDocument,
    SbomFormat,
)
from rempart.core.errors import Problem
from rempart.formats.errors import (
    InconsistentDocument,
    InputTooLarge,
    SchemaViolation,
    UnsupportedVersion,
    WarningLog,
    schema_verdict,
)
from rempart.formats.identity import (
    canonical_purl,
    checked_cpe,
    checked_license,
    license_ref,
    normalized_hash,
)
from rempart.formats.limits import MAX_NESTING
from rempart.formats.sbom_text import (
    CYCLONEDX_KEYS,
    check_component,
    check_counts,
    check_document_fields,
)
from rempart.formats.schemas import CYCLONEDX_VERSIONS, cyclonedx_json_problems

Json = dict[str, Any]
#: tolerated schema violations kept per document (the rest are counted in the audit event)
WARNING_CAP = 500
_SCOPES = frozenset(scope.value for scope in ComponentScope)


def parse_cyclonedx_json(document: Json, *, strict: bool = False) -> SbomDocument:
    """Validate a parsed CycloneDX JSON document and map it onto the core model.

    Violations of value formats only are tolerated unless ``strict`` (module
    :mod:`rempart.formats.schemas`, "Lenient reading"); structural faults are refused.
    """
    version = check_spec_version(document.get("specVersion"), "/specVersion")
    check_counts(*count_graph(document), ("/components", "/dependencies"))
    if not isinstance(document.get("vulnerabilities", []), list):  # 1.2/1.3 schemas allow any
        raise SchemaViolation.at("/vulnerabilities", "expected an array of vulnerabilities")
    values = cyclonedx_json_problems(document, version, limit=WARNING_CAP)
    structural = cyclonedx_json_problems(document, version, structural=True) if values else []
    tolerated = schema_verdict(f"CycloneDX {version} document", structural, values, strict=strict)
    return map_cyclonedx(document, version, Encoding.JSON, tolerated)


def count_graph(document: Json) -> tuple[int, int]:
    """(components, edges) a CycloneDX dict states, counted without trusting its types:
    nested components (each also a ``contains`` edge) and ``dependsOn`` targets."""
    components = edges = 0
    metadata = document.get("metadata")
    root = metadata.get("component") if isinstance(metadata, dict) else None
    pending: list[tuple[object, bool]] = [(document.get("components"), False)]
    if isinstance(root, dict):
        pending.append((root.get("components"), True))
    while pending:
        entries, nested = pending.pop()
        if isinstance(entries, list):
            components += len(entries)
            edges += len(entries) if nested else 0
            pending.extend((e.get("components"), True) for e in entries if isinstance(e, dict))
    dependencies = document.get("dependencies")
    for entry in dependencies if isinstance(dependencies, list) else ():
        targets = entry.get("dependsOn") if isinstance(entry, dict) else None
        edges += len(targets) if isinstance(targets, list) else 0
    return components, edges


def check_spec_version(value: object, location: str) -> str:
    """The spec version, if it is one we read; else a located :class:`UnsupportedVersion`."""
    if isinstance(value, str) and value in CYCLONEDX_VERSIONS:
        return value
    supported = f"{CYCLONEDX_VERSIONS[0]}–{CYCLONEDX_VERSIONS[-1]}"
    hint = ""
    if value in ("1.0", "1.1"):
        hint = (
            "; convert it to CycloneDX 1.6 with the CycloneDX CLI (`cyclonedx convert "
            "--input-file bom.xml --output-file bom.json --output-format json "
            "--output-version v1_6`) or regenerate it with a current CycloneDX tool"
        )
    raise UnsupportedVersion.at(
        location,
        f"CycloneDX spec version {value!r} is not supported (supported: {supported}, JSON "
        f"and XML){hint}",
    )


def map_cyclonedx(
    document: Json, version: str, encoding: Encoding, tolerated: tuple[Problem, ...] = ()
) -> SbomDocument:
    """Map a CycloneDX dict (from JSON, or XML converted) that is structurally schema-valid
    onto the core model; ``tolerated`` are its schema violations of value formats."""
    log = WarningLog()
    metadata: Json = document.get("metadata") or {}
    walker = _Walker(log)
    root = None
    if "component" in metadata:
        root = walker.set_root(metadata["component"], "/metadata/component")
    walker.walk(document.get("components") or [], "/components", parent=None)
    edges, stated = _dependencies(document.get("dependencies") or [], walker, log)
    vulnerabilities = document.get("vulnerabilities")
    return check_document_fields(
        SbomDocument(
            format=SbomFormat.CYCLONEDX,
            spec_version=version,
            encoding=encoding,
            components=tuple(walker.ordered),
            dependencies=tuple(walker.contains_edges + edges),
            root=root,
            serial_number=document.get("serialNumber"),
            document_version=document.get("version"),
            created=metadata.get("timestamp"),
            creators=_creators(metadata),
            name=root.name if root else None,
            warnings=tuple(str(p) for p in (*tolerated, *log.problems())),
            problems=log.problems(),
            dependencies_stated=frozenset(stated),
            vulnerability_count=len(vulnerabilities) if isinstance(vulnerabilities, list) else 0,
            schema_violations=tolerated,
        )
    )


class _Walker:
    """Flattens nested components in document order, keeping bom-refs unique."""

    def __init__(self, log: WarningLog) -> None:
        self.log = log
        self.root: Component | None = None
        self.by_ref: dict[str, Component] = {}
        self.where: dict[str, str] = {}
        self.ordered: list[Component] = []
        self.contains_edges: list[Dependency] = []
        self._edge_set: set[tuple[str, str]] = set()

    def set_root(self, entry: Json, pointer: str) -> Component:
        """The described product; components nested in it are contained by it."""
        root = map_component(entry, pointer, self.log)
        self.root = root
        self.where[root.bom_ref] = pointer
        self.walk(entry.get("components") or [], f"{pointer}/components", root.bom_ref, 1)
        return root

    def walk(self, entries: list[Json], pointer: str, parent: str | None, depth: int = 0) -> None:
        """Add every entry of a ``components`` array, and their nested components."""
        if depth > MAX_NESTING:
            raise InputTooLarge.at(pointer, f"components nest deeper than {MAX_NESTING} levels")
        for index, entry in enumerate(entries):
            here = f"{pointer}/{index}"
            component = map_component(entry, here, self.log)
            self._add(component, here)
            ref = component.bom_ref
            if parent is not None and (parent, ref) not in self._edge_set:
                self._edge_set.add((parent, ref))
                self.contains_edges.append(Dependency(parent, ref, DependencyKind.CONTAINS))
            self.walk(entry.get("components") or [], f"{here}/components", ref, depth + 1)

    def _add(self, component: Component, pointer: str) -> None:
        """Keep the first of two identical components; refuse one bom-ref for two components."""
        ref = component.bom_ref
        first = self.by_ref.get(ref)
        if first is None and (self.root is None or ref != self.root.bom_ref):
            self.by_ref[ref] = component
            self.where[ref] = pointer
            self.ordered.append(component)
            return
        first = first or self.root
        earlier = self.where[ref]
        if first != component:
            raise InconsistentDocument.at(
                f"{pointer}/bom-ref",
                f"bom-ref {ref!r} names two different components (first at {earlier}); "
                "bom-refs must be unique within a BOM (CycloneDX 1.6 §bom-ref)",
            )
        self.log.add(
            f"{pointer}/bom-ref", f"duplicate bom-ref {ref!r} (also at {earlier}); kept once"
        )

    def known_refs(self) -> set[str]:
        """Every bom-ref a dependency may name: the components and the root."""
        known = set(self.by_ref)
        if self.root is not None:
            known.add(self.root.bom_ref)
        return known


def map_component(entry: Json, pointer: str, log: WarningLog) -> Component:
    """One CycloneDX component object onto a :class:`Component` (nested ones not included)."""
    purl = entry.get("purl")
    cpe = entry.get("cpe")
    properties = tuple(
        (str(item.get("name", "")), str(item.get("value", "")))
        for item in entry.get("properties") or ()
    )
    scope = entry.get("scope")
    if scope and scope not in _SCOPES:  # tolerated enum violation: reported by the schema check
        scope = None
    component = Component(
        bom_ref=entry.get("bom-ref") or pointer,
        name=entry.get("name", ""),
        type=entry.get("type", "library"),
        version=entry.get("version") or None,
        group=entry.get("group") or None,
        purl=canonical_purl(purl, f"{pointer}/purl", log) if purl else None,
        cpe=checked_cpe(cpe, f"{pointer}/cpe", log) if cpe else None,
        supplier=_party_name(entry.get("supplier")) or _party_name(entry.get("manufacturer")),
        author=_author(entry),
        hashes=_hashes(entry.get("hashes") or (), f"{pointer}/hashes", log),
        licenses=_licenses(entry.get("licenses") or (), f"{pointer}/licenses", log),
        scope=ComponentScope(scope) if scope else None,
        description=entry.get("description") or None,
        filename=dict(properties).get("bsi:component:filename") or None,
        properties=properties,
        external_references=tuple(
            (str(ref.get("type", "other")), str(ref.get("url", "")))
            for ref in entry.get("externalReferences") or ()
        ),
        supplier_contact=_contact(entry),
    )
    return check_component(component, pointer, CYCLONEDX_KEYS)


def _party_name(party: Json | None) -> str | None:
    """The name of an organizational entity (its URLs and e-mails go to the contact)."""
    return (party or {}).get("name") or None


def _contact(entry: Json) -> str | None:
    """First e-mail or URL of the supplier, manufacturer or authors of a component."""
    for key in ("supplier", "manufacturer"):
        party = entry.get(key) or {}
        for contact in party.get("contact") or ():
            if contact.get("email"):
                return str(contact["email"])
        urls = party.get("url") or ()
        if urls:
            return str(urls[0])
    for author in entry.get("authors") or ():
        if author.get("email"):
            return str(author["email"])
    return None


def _author(entry: Json) -> str | None:
    """``author`` (string, ≤1.5) or the names of ``authors`` (1.6)."""
    if entry.get("author"):
        return str(entry["author"])
    names = [str(item["name"]) for item in entry.get("authors") or () if item.get("name")]
    return ", ".join(names) or None


def _hashes(entries: Any, pointer: str, log: WarningLog) -> tuple[Any, ...]:
    hashes = (
        normalized_hash(
            str(item.get("alg", "")), str(item.get("content", "")), f"{pointer}/{i}", log
        )
        for i, item in enumerate(entries)
    )
    return tuple(item for item in hashes if item is not None)


def _licenses(entries: Any, pointer: str, log: WarningLog) -> str | None:
    """One SPDX expression from CycloneDX ``licenses`` (ids, names or an expression)."""
    parts: list[str] = []
    for index, choice in enumerate(entries):
        if "expression" in choice:
            parts.append(str(choice["expression"]))
            continue
        license_ = choice.get("license") or {}
        if license_.get("id"):
            parts.append(str(license_["id"]))
        elif license_.get("name"):
            parts.append(license_ref(str(license_["name"])))
        else:
            log.add(f"{pointer}/{index}", "licence entry without id, name or expression ignored")
    if not parts:
        return None
    joined = parts[0] if len(parts) == 1 else " AND ".join(f"({part})" for part in parts)
    return checked_license(joined, pointer, log)


def _dependencies(
    entries: list[Json], walker: _Walker, log: WarningLog
) -> tuple[list[Dependency], set[str]]:
    """``dependencies`` onto edges; unknown refs are dropped with a located warning."""
    known = walker.known_refs()
    edges: list[Dependency] = []
    stated: set[str] = set()
    seen: set[tuple[str, str]] = set()
    for index, entry in enumerate(entries):
        ref = entry.get("ref", "")
        if ref not in known:
            log.add(f"/dependencies/{index}/ref", f"dependency of unknown bom-ref {ref!r} ignored")
            continue
        stated.add(ref)
        for position, target in enumerate(entry.get("dependsOn") or ()):
            if target not in known:
                where = f"/dependencies/{index}/dependsOn/{position}"
                log.add(where, f"{ref!r} depends on unknown bom-ref {target!r}; edge ignored")
            elif (ref, target) not in seen:
                seen.add((ref, target))
                edges.append(Dependency(ref, target))
    return edges, stated


def _creators(metadata: Json) -> tuple[str, ...]:
    """SPDX-style creator lines from ``metadata``: tools, authors, manufacturer, supplier."""
    creators: list[str] = []
    tools = metadata.get("tools") or []
    if isinstance(tools, dict):  # 1.5+: {"components": [...], "services": [...]}
        tools = [*tools.get("components", ()), *tools.get("services", ())]
    for tool in tools:
        label = " ".join(str(tool[k]) for k in ("vendor", "group", "name") if tool.get(k))
        version = f"-{tool['version']}" if tool.get("version") else ""
        creators.append(f"Tool: {label}{version}")
    creators.extend(
        _actor("Person", author.get("name"), author.get("email"))
        for author in metadata.get("authors") or ()
    )
    for key in ("manufacturer", "manufacture", "supplier"):
        party = metadata.get(key)
        if party:
            contact = next(
                (c.get("email") for c in party.get("contact") or () if c.get("email")), None
            )
            contact = contact or next(iter(party.get("url") or ()), None)
            creators.append(_actor("Organization", party.get("name"), contact))
    return tuple(creators)


def _actor(kind: str, name: object, contact: object) -> str:
    suffix = f" ({contact})" if contact else ""
    return f"{kind}: {name or 'unnamed'}{suffix}"
