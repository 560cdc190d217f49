"""One component view of a release built from several SBOMs (core layer).

A release often ships more than one SBOM — firmware and app, image and SDK. :func:`merge_sboms`
combines them:

- **Deduplication.** Components with a purl are the same component when their canonical
  purls (which carry the version and qualifiers) are equal; the merged component takes the
  purl as bom-ref. Components without a purl are never merged with anything: their bom-ref
  is namespaced ``<label>:<bom-ref>``, because two documents' ``SPDXRef-Package-1`` have
  nothing to do with each other.
- **Conflicts.** When deduplicated components disagree, the first document (in the order
  given) wins, hashes are united, and a warning names the field and both documents.
- **Edges** are kept, rewritten to the merged bom-refs and deduplicated.
- **Roots.** Each document's root becomes an ordinary component; when a release ``root`` is
  given, it contains each document root, so the merged view keeps its top level.
- **Provenance.** ``origins`` maps each merged bom-ref to every (label, original bom-ref)
  it came from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from rempart.core.component import (
    Component,
    Dependency,
    DependencyKind,
    Encoding,
    SbomDocument,
    SbomFormat,
)
from rempart.core.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class SbomPart:
    """One SBOM of a release, with a label unique within the release (e.g. its file name)."""

    label: str
    document: SbomDocument


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a merged component came from: the part's label and its bom-ref there."""

    label: str
    bom_ref: str


@dataclass(frozen=True, slots=True)
class MergedSbom:
    """The release's merged component view."""

    components: tuple[Component, ...]
    dependencies: tuple[Dependency, ...]
    root: Component | None
    origins: Mapping[str, tuple[Origin, ...]]
    dependencies_stated: frozenset[str] = frozenset()
    creators: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def as_document(self, name: str | None = None) -> SbomDocument:
        """The view as an :class:`SbomDocument`, as it will be exported (CycloneDX 1.6 JSON)."""
        return SbomDocument(
            format=SbomFormat.CYCLONEDX,
            spec_version="1.6",
            encoding=Encoding.JSON,
            components=self.components,
            dependencies=self.dependencies,
            root=self.root,
            creators=self.creators,
            name=name or (self.root.name if self.root else None),
            warnings=self.warnings,
            dependencies_stated=self.dependencies_stated,
        )


def merge_sboms(parts: Sequence[SbomPart], *, root: Component | None = None) -> MergedSbom:
    """Merge the SBOMs of one release; ``root`` (the product) contains each part's root."""
    labels = [part.label for part in parts]
    if len(set(labels)) != len(labels):
        raise InvalidInput.single("parts", f"part labels must be unique, got {labels}")
    state = _MergeState()
    for part in parts:
        state.add_part(part)
    edges = list(state.edges)
    if root is not None:
        if root.bom_ref in state.by_ref:
            raise InvalidInput.single(
                "root", f"release root bom-ref {root.bom_ref!r} is already used"
            )
        edges.extend(
            Dependency(root.bom_ref, part_root, DependencyKind.CONTAINS)
            for part_root in state.part_roots
        )
    return MergedSbom(
        components=tuple(state.by_ref.values()),
        dependencies=tuple(edges),
        root=root,
        origins={ref: tuple(origins) for ref, origins in state.origins.items()},
        dependencies_stated=frozenset(state.stated | ({root.bom_ref} if root else set())),
        creators=tuple(dict.fromkeys(c for part in parts for c in part.document.creators)),
        warnings=tuple(state.warnings),
    )


class _MergeState:
    def __init__(self) -> None:
        self.by_ref: dict[str, Component] = {}
        self.first_label: dict[str, str] = {}
        self.origins: dict[str, list[Origin]] = {}
        self.edges: dict[Dependency, None] = {}
        self.stated: set[str] = set()
        self.part_roots: list[str] = []
        self.warnings: list[str] = []

    def add_part(self, part: SbomPart) -> None:
        """Add one document's root, components and edges under merged bom-refs."""
        document = part.document
        mapping: dict[str, str] = {}
        if document.root is None:
            self.warnings.append(f"{part.label}: no root component; its top level is unknown")
        for component in (*((document.root,) if document.root else ()), *document.components):
            mapping[component.bom_ref] = self._add(part.label, component)
        if document.root is not None:
            self.part_roots.append(mapping[document.root.bom_ref])
        for edge in document.dependencies:
            source, target = mapping.get(edge.ref), mapping.get(edge.depends_on)
            if source is not None and target is not None and source != target:
                self.edges[Dependency(source, target, edge.kind)] = None
        self.stated.update(mapping[ref] for ref in document.dependencies_stated if ref in mapping)

    def _add(self, label: str, component: Component) -> str:
        """Add or deduplicate one component; return its merged bom-ref."""
        ref = component.purl or self._unique(f"{label}:{component.bom_ref}")
        self.origins.setdefault(ref, []).append(Origin(label, component.bom_ref))
        first = self.by_ref.get(ref)
        if first is None:
            self.by_ref[ref] = replace(component, bom_ref=ref)
            self.first_label[ref] = label
            return ref
        for name in ("licenses", "supplier", "cpe"):
            ours, theirs = getattr(first, name), getattr(component, name)
            if theirs is not None and ours != theirs:
                self.warnings.append(
                    f"{ref}: {name} differs between {self.first_label[ref]} ({ours!r}) and {label} "
                    f"({theirs!r}); kept {self.first_label[ref]}'s"
                )
        hashes = tuple(dict.fromkeys((*first.hashes, *component.hashes)))
        if hashes != first.hashes:
            self.by_ref[ref] = replace(first, hashes=hashes)
        return ref

    def _unique(self, ref: str) -> str:
        candidate, number = ref, 1
        while candidate in self.by_ref:
            number += 1
            candidate = f"{ref}#{number}"
        return candidate
