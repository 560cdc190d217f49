"""The normalized SBOM: components and their dependency graph (core layer).

CycloneDX and SPDX documents are both mapped (by ``rempart.formats``) onto these frozen
values, so everything downstream — quality checks, matching, VEX, diffs, exports — speaks
one model. Field meanings follow CycloneDX 1.6 where the two standards differ.

The graph: a :class:`Dependency` is one directed edge between two bom-refs of the same
document. ``kind`` says whether the source *depends on* the target (CycloneDX
``dependencies``, SPDX ``DEPENDS_ON`` and friends) or *contains* it (CycloneDX nested
``components``, SPDX ``CONTAINS``). BSI TR-03183-2 §5.2.2 counts both as "dependencies on
other components", and so do :meth:`SbomDocument.direct_refs` and
:meth:`SbomDocument.reachable_refs`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from rempart.core.errors import Problem


class ComponentScope(StrEnum):
    """CycloneDX component scope: is the component needed at run time?"""

    REQUIRED = "required"
    OPTIONAL = "optional"
    EXCLUDED = "excluded"


class SbomFormat(StrEnum):
    """The SBOM standard a document was written in."""

    CYCLONEDX = "CycloneDX"
    SPDX = "SPDX"


class Encoding(StrEnum):
    """How the document was serialized."""

    JSON = "json"
    XML = "xml"
    TAG_VALUE = "tag-value"


class DependencyKind(StrEnum):
    """How the source of an edge relates to its target."""

    DEPENDS_ON = "depends_on"
    CONTAINS = "contains"


@dataclass(frozen=True, slots=True)
class Hash:
    """One checksum of a component."""

    algorithm: str  # normalized upper-case with dash, e.g. "SHA-256", "SHA-512", "SHA3-256"
    value: str  # lower-case hex


@dataclass(frozen=True, slots=True)
class Component:
    """One component as the SBOM describes it.

    ``bom_ref`` is unique within one SBOM (CycloneDX ``bom-ref``; SPDX ``SPDXID``).
    ``purl`` is the canonical string form produced by packageurl-python, or ``None``.
    ``licenses`` is one SPDX license expression (``None`` when the SBOM states none).
    ``supplier_contact`` is an e-mail address or URL of the supplier (BSI TR-03183-2 asks
    for one); ``supplier`` is the supplier's name.
    """

    bom_ref: str
    name: str
    type: str = "library"
    version: str | None = None
    group: str | None = None
    purl: str | None = None
    cpe: str | None = None
    supplier: str | None = None
    author: str | None = None
    hashes: tuple[Hash, ...] = ()
    licenses: str | None = None
    scope: ComponentScope | None = None
    description: str | None = None
    filename: str | None = None
    properties: tuple[tuple[str, str], ...] = ()
    external_references: tuple[tuple[str, str], ...] = ()  # (type, url)
    supplier_contact: str | None = None

    @property
    def display_name(self) -> str:
        """``group/name@version`` for people."""
        base = f"{self.group}/{self.name}" if self.group else self.name
        return f"{base}@{self.version}" if self.version else base


@dataclass(frozen=True, slots=True)
class Dependency:
    """``ref`` depends on (or contains) ``depends_on`` (both bom-refs of the same SBOM)."""

    ref: str
    depends_on: str
    kind: DependencyKind = DependencyKind.DEPENDS_ON


@dataclass(frozen=True, slots=True)
class SbomDocument:
    """A parsed, normalized SBOM document."""

    format: SbomFormat
    spec_version: str
    encoding: Encoding
    components: tuple[Component, ...]
    dependencies: tuple[Dependency, ...] = ()
    # The described product (CycloneDX ``metadata.component``; SPDX DESCRIBES target). It is
    # not counted in ``components``; its direct dependencies are the top-level dependencies.
    root: Component | None = None
    serial_number: str | None = None
    document_version: int | None = None
    created: str | None = None  # ISO 8601 timestamp as written in the document
    creators: tuple[str, ...] = ()  # "Tool: x", "Organization: y (mail)", "Person: z (url)"
    name: str | None = None
    warnings: tuple[str, ...] = field(default=())
    # The same warnings, located: ``Problem.field`` is a JSON pointer, XML path or line.
    problems: tuple[Problem, ...] = ()
    # bom-refs whose dependencies the document states, even as "none" (an empty CycloneDX
    # ``dependsOn``); a component missing here has unknown dependencies.
    dependencies_stated: frozenset[str] = frozenset()
    # Vulnerability entries embedded in the SBOM (BSI TR-03183-2 §3.1 forbids them).
    vulnerability_count: int = 0
    # Violations of the format's official schema that were tolerated because they only judge
    # a value's spelling (an IRI, e-mail, date-time, pattern or enum); the values are kept
    # as written. Empty when the document is schema-valid (docs/sbom-quality.md).
    schema_violations: tuple[Problem, ...] = ()

    def by_ref(self) -> dict[str, Component]:
        """Components by bom-ref (the root not included)."""
        return {component.bom_ref: component for component in self.components}

    def direct_refs(self) -> frozenset[str]:
        """bom-refs the root depends on or contains directly: the top-level dependencies."""
        if self.root is None:
            return frozenset()
        return direct_refs(self.dependencies, self.root.bom_ref)

    def reachable_refs(self) -> frozenset[str]:
        """bom-refs reachable from the root over any edge (direct and transitive)."""
        if self.root is None:
            return frozenset()
        return reachable_refs(self.dependencies, self.root.bom_ref)

    def transitive_refs(self) -> frozenset[str]:
        """bom-refs reachable from the root, but not directly."""
        return self.reachable_refs() - self.direct_refs()


def direct_refs(edges: Iterable[Dependency], source: str) -> frozenset[str]:
    """Targets of the edges that leave ``source``."""
    return frozenset(edge.depends_on for edge in edges if edge.ref == source)


def reachable_refs(edges: Iterable[Dependency], source: str) -> frozenset[str]:
    """Every bom-ref reachable from ``source`` (breadth first, linear in the edge count)."""
    adjacency: dict[str, list[str]] = {}
    for edge in edges:
        adjacency.setdefault(edge.ref, []).append(edge.depends_on)
    seen: set[str] = set()
    queue = deque(adjacency.get(source, ()))
    while queue:
        ref = queue.popleft()
        if ref in seen or ref == source:
            continue
        seen.add(ref)
        queue.extend(adjacency.get(ref, ()))
    return frozenset(seen)
