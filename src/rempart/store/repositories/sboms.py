"""SBOMs of releases: stored rows ↔ core components and documents."""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection

from rempart.core.component import (
    Component,
    ComponentScope,
    Hash,
    SbomDocument,
)
from rempart.core.versions.purls import PackageRef, identify_purl
from rempart.store.models import Component as ComponentRow
from rempart.store.models import DependencyEdge, Release, Sbom, SbomContent

BATCH = 2000


@dataclass(frozen=True, slots=True)
class SbomView:
    """A stored SBOM document without its bytes and components."""

    id: int
    product_slug: str
    release_version: str
    label: str
    filename: str
    sha256: str
    size: int
    format: str
    spec_version: str
    encoding: str
    component_count: int
    edge_count: int
    quality_score: int
    quality: dict[str, Any]
    warnings: tuple[str, ...]
    uploaded_at: datetime
    uploaded_by: str
    channel: str = ""
    superseded_by: int | None = None
    superseded_at: datetime | None = None
    upload_token: uuid.UUID | None = None

    @property
    def current(self) -> bool:
        """Whether this SBOM is part of the release's view (not replaced by a later upload)."""
        return self.superseded_at is None


def _view(row: Sbom) -> SbomView:
    return SbomView(
        id=row.pk,
        product_slug=row.release.product.slug,
        release_version=row.release.version,
        label=row.label,
        filename=row.filename,
        sha256=row.sha256,
        size=row.size,
        format=row.format,
        spec_version=row.spec_version,
        encoding=row.encoding,
        component_count=row.component_count,
        edge_count=row.edge_count,
        quality_score=row.quality_score,
        quality=dict(row.quality),
        warnings=tuple(row.warnings),
        uploaded_at=row.uploaded_at,
        uploaded_by=row.uploaded_by,
        channel=row.channel,
        superseded_by=row.superseded_by_id,
        superseded_at=row.superseded_at,
        upload_token=row.upload_token,
    )


def component_json(component: Component) -> dict[str, Any]:
    """A component as plain JSON (for the SBOM's root, stored on the SBOM row)."""
    return {
        "bom_ref": component.bom_ref,
        "name": component.name,
        "type": component.type,
        "version": component.version,
        "group": component.group,
        "purl": component.purl,
        "cpe": component.cpe,
        "supplier": component.supplier,
        "author": component.author,
        "hashes": [[h.algorithm, h.value] for h in component.hashes],
        "licenses": component.licenses,
        "scope": component.scope.value if component.scope else None,
        "description": component.description,
        "filename": component.filename,
        "properties": [list(p) for p in component.properties],
        "external_references": [list(r) for r in component.external_references],
        "supplier_contact": component.supplier_contact,
    }


def component_from_json(data: dict[str, Any]) -> Component:
    return Component(
        bom_ref=data["bom_ref"],
        name=data["name"],
        type=data["type"],
        version=data["version"],
        group=data["group"],
        purl=data["purl"],
        cpe=data["cpe"],
        supplier=data["supplier"],
        author=data["author"],
        hashes=tuple(Hash(a, v) for a, v in data["hashes"]),
        licenses=data["licenses"],
        scope=ComponentScope(data["scope"]) if data["scope"] else None,
        description=data["description"],
        filename=data["filename"],
        properties=tuple((k, v) for k, v in data["properties"]),
        external_references=tuple((k, v) for k, v in data["external_references"]),
        supplier_contact=data.get("supplier_contact"),
    )


@functools.lru_cache(maxsize=65536)
def index_key(purl: str | None) -> tuple[str, str]:
    """(ecosystem, package) as the advisory index keys it, or empty strings."""
    if not purl:
        return "", ""
    found = identify_purl(purl)
    if not isinstance(found, PackageRef):
        return "", ""
    eco = f"{found.key.ecosystem}:{found.key.release}" if found.key.release else found.key.ecosystem
    return eco, found.key.name


COMPONENT_COLUMNS = (
    "sbom_id",
    "release_id",
    "bom_ref",
    "type",
    "name",
    "version",
    "group",
    "purl",
    "cpe",
    "ecosystem",
    "package",
    "supplier",
    "supplier_contact",
    "author",
    "licenses",
    "scope",
    "description",
    "filename",
    "hashes",
    "properties",
    "external_references",
    "direct",
)
EDGE_COLUMNS = ("sbom_id", "ref", "depends_on", "kind")


def _component_values(
    component: Component, sbom_id: int, release_pk: int, direct: bool
) -> tuple[object, ...]:
    ecosystem, package = index_key(component.purl)
    return (
        sbom_id,
        release_pk,
        component.bom_ref,
        component.type,
        component.name,
        component.version or "",
        component.group or "",
        component.purl or "",
        component.cpe or "",
        ecosystem,
        package,
        component.supplier or "",
        component.supplier_contact or "",
        component.author or "",
        component.licenses or "",
        component.scope.value if component.scope else "",
        component.description or "",
        component.filename or "",
        json.dumps([[h.algorithm, h.value] for h in component.hashes]),
        json.dumps([list(p) for p in component.properties]),
        json.dumps([list(r) for r in component.external_references]),
        direct,
    )


def _insert(table: str, columns: Sequence[str], rows: Iterable[tuple[object, ...]]) -> None:
    """Insert many rows fast: COPY on PostgreSQL, executemany on SQLite.

    The ORM's bulk_create spends most of a 10,000-component import compiling and adapting
    parameters; these two paths keep the same transaction and the same column values.
    """
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(
                f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({marks})"  # noqa: S608 - names are ours
            batch: list[Any] = []
            for row in rows:
                batch.append(row)
                if len(batch) == BATCH:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)


def store(
    release_id: int,
    label: str,
    filename: str,
    data: bytes,
    sha256: str,
    document: SbomDocument,
    quality_score: int,
    quality: dict[str, Any],
    uploaded_at: datetime,
    uploaded_by: str,
    channel: str = "",
    upload_token: uuid.UUID | None = None,
) -> SbomView:
    """Store the document, its bytes, components and edges. Call inside a transaction."""
    sbom = Sbom.objects.create(
        release_id=release_id,
        label=label,
        filename=filename,
        sha256=sha256,
        size=len(data),
        format=document.format.value,
        spec_version=document.spec_version,
        encoding=document.encoding.value,
        serial_number=document.serial_number or "",
        document_name=document.name or "",
        document_created=document.created or "",
        creators=list(document.creators),
        root=component_json(document.root) if document.root else None,
        component_count=len(document.components),
        edge_count=len(document.dependencies),
        dependencies_stated=sorted(document.dependencies_stated),
        quality_score=quality_score,
        quality=quality,
        warnings=list(document.warnings),
        uploaded_at=uploaded_at,
        uploaded_by=uploaded_by,
        channel=channel,
        upload_token=upload_token,
    )
    SbomContent.objects.create(sbom=sbom, data=data)
    direct = document.direct_refs()
    _insert(
        ComponentRow._meta.db_table,
        COMPONENT_COLUMNS,
        (
            _component_values(c, sbom.pk, release_id, c.bom_ref in direct)
            for c in document.components
        ),
    )
    _insert(
        DependencyEdge._meta.db_table,
        EDGE_COLUMNS,
        ((sbom.pk, e.ref, e.depends_on, e.kind.value) for e in document.dependencies),
    )
    return _view(Sbom.objects.select_related("release__product").get(pk=sbom.pk))


def release_id(product_slug: str, version: str) -> int | None:
    return (
        Release.objects.filter(product__slug=product_slug, version=version)
        .values_list("pk", flat=True)
        .first()
    )


def label_exists(release_pk: int, label: str) -> bool:
    return Sbom.objects.filter(release_id=release_pk, label=label).exists()


def for_release(product_slug: str, version: str) -> list[SbomView]:
    """Every SBOM of the release, superseded ones included (``SbomView.current`` tells)."""
    rows = Sbom.objects.select_related("release__product").filter(
        release__product__slug=product_slug, release__version=version
    )
    return [_view(row) for row in rows]


def get(sbom_id: int) -> SbomView | None:
    row = Sbom.objects.select_related("release__product").filter(pk=sbom_id).first()
    return _view(row) if row else None


def content(sbom_id: int) -> bytes | None:
    row = SbomContent.objects.filter(sbom_id=sbom_id).first()
    return bytes(row.data) if row else None


def delete(sbom_id: int) -> None:
    Sbom.objects.filter(pk=sbom_id).delete()


def sbom_ids(release_pk: int) -> list[int]:
    """The release's current SBOMs (superseded ones left out), by label."""
    return list(
        Sbom.objects.filter(release_id=release_pk, superseded_at__isnull=True)
        .order_by("label")
        .values_list("pk", flat=True)
    )


def next_upload_number(release_pk: int) -> int:
    """Lock the release row and take its next upload number (call inside a transaction).

    The row lock (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions
    already hold the one write lock) serializes uploads to one release: the second waits
    until the first commits, so numbers never repeat and labels built from them never
    collide, even after a deletion.
    """
    row = Release.objects.select_for_update().only("pk", "sbom_upload_sequence").get(pk=release_pk)
    row.sbom_upload_sequence += 1
    row.save(update_fields=["sbom_upload_sequence"])
    return row.sbom_upload_sequence


def current_in_channel(release_pk: int, channel: str) -> list[int]:
    """The release's current SBOMs that arrived through ``channel``."""
    return list(
        Sbom.objects.filter(release_id=release_pk, channel=channel, superseded_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def supersede(ids: Sequence[int], by: int, at: datetime) -> None:
    """Mark SBOMs as replaced by ``by``: kept and listed, but out of the release's view."""
    Sbom.objects.filter(pk__in=ids).update(superseded_by_id=by, superseded_at=at)


def release_by_uuid(value: uuid.UUID) -> tuple[str, str] | None:
    """(product slug, version) of the release with this UUID."""
    row = Release.objects.filter(uuid=value).values_list("product__slug", "version").first()
    return (row[0], row[1]) if row else None


def release_uuid(release_pk: int) -> uuid.UUID:
    return Release.objects.values_list("uuid", flat=True).get(pk=release_pk)


def upload_token_known(token: uuid.UUID) -> bool:
    return Sbom.objects.filter(upload_token=token).exists()


def labels(ids: Sequence[int]) -> dict[int, str]:
    return dict(Sbom.objects.filter(pk__in=ids).values_list("pk", "label"))


def releases_with_sboms() -> list[tuple[str, str]]:
    """(product slug, version) of every release that has at least one SBOM."""
    rows = (
        Release.objects.filter(sboms__isnull=False).distinct().order_by("product__slug", "version")
    )
    return [(slug, version) for slug, version in rows.values_list("product__slug", "version")]


def release_ref(release_pk: int) -> tuple[str, str] | None:
    """(product slug, version) of a release id."""
    row = Release.objects.filter(pk=release_pk).values_list("product__slug", "version").first()
    return (str(row[0]), str(row[1])) if row else None
