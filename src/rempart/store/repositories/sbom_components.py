"""Reading stored components back: documents, pages, the dependency tree (store layer).

The write path and SBOM-level records are in :mod:`rempart.store.repositories.sboms`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Q, QuerySet

from rempart.core.component import (
    Component,
    ComponentScope,
    Dependency,
    DependencyKind,
    Encoding,
    Hash,
    SbomDocument,
    SbomFormat,
)
from rempart.store.models import Component as ComponentRow
from rempart.store.models import DependencyEdge, Sbom
from rempart.store.repositories.sboms import BATCH, component_from_json


def _component(row: ComponentRow) -> Component:
    return Component(
        bom_ref=row.bom_ref,
        name=row.name,
        type=row.type,
        version=row.version or None,
        group=row.group or None,
        purl=row.purl or None,
        cpe=row.cpe or None,
        supplier=row.supplier or None,
        author=row.author or None,
        hashes=tuple(Hash(a, v) for a, v in row.hashes),
        licenses=row.licenses or None,
        scope=ComponentScope(row.scope) if row.scope else None,
        description=row.description or None,
        filename=row.filename or None,
        properties=tuple((k, v) for k, v in row.properties),
        external_references=tuple((k, v) for k, v in row.external_references),
        supplier_contact=row.supplier_contact or None,
    )


def document(sbom_id: int) -> SbomDocument:
    """Rebuild the normalized document of a stored SBOM."""
    row = Sbom.objects.get(pk=sbom_id)
    components = tuple(
        _component(c)
        for c in ComponentRow.objects.filter(sbom_id=sbom_id).order_by("pk").iterator(BATCH)
    )
    edges = tuple(
        Dependency(e.ref, e.depends_on, DependencyKind(e.kind))
        for e in DependencyEdge.objects.filter(sbom_id=sbom_id).order_by("pk").iterator(BATCH)
    )
    return SbomDocument(
        format=SbomFormat(row.format),
        spec_version=row.spec_version,
        encoding=Encoding(row.encoding),
        components=components,
        dependencies=edges,
        root=component_from_json(row.root) if row.root else None,
        serial_number=row.serial_number or None,
        created=row.document_created or None,
        creators=tuple(row.creators),
        name=row.document_name or None,
        warnings=tuple(row.warnings),
        dependencies_stated=frozenset(row.dependencies_stated),
    )


SORTABLE = {
    "name",
    "version",
    "purl",
    "licenses",
    "supplier",
    "type",
    "-name",
    "-version",
    "-purl",
    "-licenses",
    "-supplier",
    "-type",
}


def component_page(
    release_pk: int, search: str, sort: str, offset: int, limit: int
) -> tuple[int, list[tuple[int, str, Component, bool]]]:
    """One page of a release's components: (total, [(row id, sbom label, component, direct)])."""
    query: QuerySet[ComponentRow] = ComponentRow.objects.filter(
        release_id=release_pk, sbom__superseded_at__isnull=True
    )
    if search:
        query = query.filter(
            Q(name__icontains=search)
            | Q(purl__icontains=search)
            | Q(licenses__icontains=search)
            | Q(group__icontains=search)
        )
    total = query.count()
    order = sort if sort in SORTABLE else "name"
    rows = query.select_related("sbom").order_by(order, "pk")[offset : offset + limit]
    return total, [(r.pk, r.sbom.label, _component(r), r.direct) for r in rows]


def children(sbom_id: int, ref: str) -> list[tuple[str, Component | None, int]]:
    """The direct dependencies of ``ref`` in one SBOM: (bom-ref, component, their own child count)."""
    targets = list(
        DependencyEdge.objects.filter(sbom_id=sbom_id, ref=ref).values_list("depends_on", flat=True)
    )
    rows = {
        r.bom_ref: _component(r)
        for r in ComponentRow.objects.filter(sbom_id=sbom_id, bom_ref__in=targets)
    }
    counts: dict[str, int] = {}
    for source in DependencyEdge.objects.filter(sbom_id=sbom_id, ref__in=targets).values_list(
        "ref", flat=True
    ):
        counts[source] = counts.get(source, 0) + 1
    return [(t, rows.get(t), counts.get(t, 0)) for t in targets]


def root_ref(sbom_id: int) -> str | None:
    root = Sbom.objects.filter(pk=sbom_id).values_list("root", flat=True).first()
    return str(root["bom_ref"]) if isinstance(root, dict) else None


def release_components(release_pk: int) -> list[Component]:
    """The components of a release's current SBOMs (superseded ones left out)."""
    return [
        _component(r)
        for r in ComponentRow.objects.filter(
            release_id=release_pk, sbom__superseded_at__isnull=True
        )
        .order_by("pk")
        .iterator(BATCH)
    ]


_SCAN_FIELDS = ("bom_ref", "name", "version", "purl", "type")


def _scan_component(bom_ref: str, name: str, version: str, purl: str, kind: str) -> Component:
    return Component(
        bom_ref=bom_ref, name=name, type=kind, version=version or None, purl=purl or None
    )


def scan_components(release_pk: int) -> list[Component]:
    """A release's components with just what matching and findings need (fast to read).

    One plain query: the ORM's per-row machinery costs more than the matching of a row.
    """
    table = connection.ops.quote_name(ComponentRow._meta.db_table)
    sboms = connection.ops.quote_name(Sbom._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _SCAN_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {table} WHERE release_id = %s AND sbom_id IN "  # noqa: S608
            f"(SELECT id FROM {sboms} WHERE superseded_at IS NULL) ORDER BY id",
            [release_pk],
        )
        return [_scan_component(*values) for values in cursor.fetchall()]


def components_with_packages(
    keys: Iterable[tuple[str, str]], module_ecosystems: frozenset[str] = frozenset({"Go"})
) -> dict[int, tuple[list[Component], set[tuple[str, str]]]]:
    """release id -> (its components of these (ecosystem, package) pairs, their pairs).

    For ecosystems whose packages live inside modules (Go), a touched module also selects
    the components whose package path lies inside it (``module/sub/pkg``): the matcher looks
    those up under their module, so a targeted rescan must see them too. Pairs are grouped
    by ecosystem so each query is one indexed ``IN`` per ecosystem.
    """
    by_ecosystem: dict[str, set[str]] = {}
    for ecosystem, package in keys:
        by_ecosystem.setdefault(ecosystem, set()).add(package)
    found: dict[int, tuple[list[Component], set[tuple[str, str]]]] = {}
    fields = ("pk", "release_id", "ecosystem", "package", *_SCAN_FIELDS)
    seen: set[int] = set()
    for ecosystem, packages in by_ecosystem.items():
        names = sorted(packages)
        inside = ecosystem.partition(":")[0] in module_ecosystems
        for start in range(0, len(names), 200):
            chunk = names[start : start + 200]
            condition = Q(package__in=chunk)
            if inside:
                for name in chunk:
                    condition |= Q(package__startswith=f"{name}/")
            rows = ComponentRow.objects.filter(
                condition, ecosystem=ecosystem, sbom__superseded_at__isnull=True
            )
            for pk, release_pk, eco, package, *values in (
                rows.order_by("release_id", "pk").values_list(*fields).iterator(BATCH)
            ):
                if pk in seen:
                    continue
                seen.add(pk)
                components, pairs = found.setdefault(release_pk, ([], set()))
                components.append(_scan_component(*values))
                pairs.add((eco, package))
    return found


def dependency_graphs(release_pk: int) -> list[tuple[int, str, str | None, list[tuple[str, str]]]]:
    """For each SBOM of a release: (id, label, root bom-ref, its dependency edges)."""
    graphs = []
    for sbom_id, label, root in (
        Sbom.objects.filter(release_id=release_pk).order_by("pk").values_list("pk", "label", "root")
    ):
        edges = list(
            DependencyEdge.objects.filter(sbom_id=sbom_id).values_list("ref", "depends_on")
        )
        root_ref = str(root["bom_ref"]) if isinstance(root, dict) and root.get("bom_ref") else None
        graphs.append((sbom_id, label, root_ref, edges))
    return graphs


def names(sbom_id: int, refs: Iterable[str]) -> dict[str, str]:
    """bom-ref -> "name version" for the given refs of one SBOM."""
    rows = ComponentRow.objects.filter(sbom_id=sbom_id, bom_ref__in=list(set(refs)))
    return {r.bom_ref: f"{r.name} {r.version}".strip() for r in rows}
