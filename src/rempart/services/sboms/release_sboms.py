"""SBOMs per release: check, import, remove, merge, diff, export (services layer).

Import reads the bytes with ``rempart.formats`` (size cap, hardened parsers, schema check)
and judges them with the core's quality rules *before* anything is stored; then the original
bytes, the components and the edges go into the database in one transaction with the audit
event. A rejected document changes nothing.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from rempart.core.component import Component
from rempart.core.errors import Conflict, InvalidInput, NotFound
from rempart.core.sbom_diff import SbomDiff, diff_components
from rempart.core.sbom_merge import MergedSbom, SbomPart, merge_sboms
from rempart.formats.sbom_export import write_cyclonedx_json, write_spdx_json
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.sboms.check import CheckedSbom, check_sbom, quality_summary
from rempart.services.vulnerabilities import scanning
from rempart.store.repositories import organizations
from rempart.store.repositories import sbom_components as component_repo
from rempart.store.repositories import sboms as repo
from rempart.store.repositories.sboms import SbomView as SbomView

MAX_LABEL = 200


def upload_limit(ctx: ServiceContext) -> int:
    """The configured largest upload (``REMPART_UPLOAD_MAX_BYTES``)."""
    return ctx.settings.upload_max_bytes


def import_sbom(
    ctx: ServiceContext,
    product_slug: str,
    version: str,
    data: bytes,
    filename: str = "",
    label: str | None = None,
    create_release: bool = False,
    strict: bool = False,
) -> SbomView:
    """Attach an SBOM document to a release; ``label`` names it within the release.

    ``strict`` refuses any schema violation (value formats included); the organization's
    strict setting turns it on for every import (a client cannot turn it off).
    """
    require(ctx, Action.WRITE)
    checked = check_sbom(data, upload_limit(ctx), strict=strict or strict_by_policy(ctx))
    label = (label or filename or checked.document.name or "sbom").strip()[:MAX_LABEL]
    if not label:
        raise InvalidInput.single("label", "give the SBOM a label (e.g. firmware, app)")
    return store_checked(
        ctx, StoreRequest(product_slug, version, filename, create_release), checked, data, label
    )


def strict_by_policy(ctx: ServiceContext) -> bool:
    """Whether the organization refuses every SBOM with a schema violation."""
    require(ctx, Action.READ)
    organization = organizations.first()
    return bool(organization and organization.sbom_strict_schema)


@dataclass(frozen=True, slots=True)
class StoreRequest:
    """Where a checked SBOM goes, and how it arrived."""

    product_slug: str
    version: str
    filename: str = ""
    create_release: bool = False
    channel: str = ""  # "dependency-track": replaces the release's earlier uploads of that channel
    upload_token: uuid.UUID | None = None


def store_checked(
    ctx: ServiceContext,
    request: StoreRequest,
    checked: CheckedSbom,
    data: bytes,
    label: str | Callable[[int], str],
) -> SbomView:
    """Store a checked SBOM in one transaction with its audit event.

    ``label`` may be a function of the release's next upload number, taken under a lock
    on the release row: uploads to one release are serialized and such labels are unique
    by construction. With a ``channel``, the release's current SBOMs of that channel are
    marked superseded by the new one (kept and listed, out of the release's view).
    """
    slug, version = request.product_slug, request.version
    with transaction.atomic():
        release_pk = repo.release_id(slug, version)
        if release_pk is None and request.create_release:
            from rempart.services.products import register as products

            products.add_release(ctx, slug, products.ReleaseDraft(version, None, status="planned"))
            release_pk = repo.release_id(slug, version)
        if release_pk is None:
            raise NotFound(f"no release {version!r} of product {slug!r}")
        number = repo.next_upload_number(release_pk)
        text = (label(number) if callable(label) else label)[:MAX_LABEL]
        if repo.label_exists(release_pk, text):
            raise Conflict(
                f"release {version} of {slug} already has an SBOM labelled {text!r}; "
                "remove it first or choose another label"
            )
        replaced = repo.current_in_channel(release_pk, request.channel) if request.channel else []
        stored = repo.store(
            release_pk,
            text,
            request.filename[:255],
            data,
            checked.sha256,
            checked.document,
            checked.quality.score,
            quality_summary(checked.quality),
            ctx.clock.now(),
            ctx.actor.name,
            channel=request.channel,
            upload_token=request.upload_token,
        )
        if replaced:
            repo.supersede(replaced, stored.id, ctx.clock.now())
        audit.record(
            ctx,
            "sbom.import",
            "release",
            f"{slug}@{version}",
            _audit_detail(stored, checked, request.channel, replaced),
        )
        # Scanned at once by a worker; requested in this transaction so it cannot be lost.
        scanning.request_release_scan(release_pk, "import", ctx.clock.now())
    return stored


def _audit_detail(
    stored: SbomView, checked: CheckedSbom, channel: str, replaced: list[int]
) -> dict[str, object]:
    detail: dict[str, object] = {
        "sbom": stored.id,
        "label": stored.label,
        "sha256": checked.sha256,
        "size": checked.size,
        "format": stored.format,
        "spec_version": stored.spec_version,
        "components": stored.component_count,
        "quality_score": stored.quality_score,
        "schema_violations": len(checked.document.schema_violations),
    }
    if channel:
        detail["channel"] = channel
        detail["supersedes"] = replaced
    return detail


def list_sboms(ctx: ServiceContext, product_slug: str, version: str) -> list[SbomView]:
    require(ctx, Action.READ)
    if repo.release_id(product_slug, version) is None:
        raise NotFound(f"no release {version!r} of product {product_slug!r}")
    return repo.for_release(product_slug, version)


def count_for_release(ctx: ServiceContext, product_slug: str, version: str) -> int:
    require(ctx, Action.READ)
    release_pk = repo.release_id(product_slug, version)
    return len(repo.sbom_ids(release_pk)) if release_pk is not None else 0


def get_sbom(ctx: ServiceContext, sbom_id: int) -> SbomView:
    require(ctx, Action.READ)
    found = repo.get(sbom_id)
    if found is None:
        raise NotFound(f"no SBOM {sbom_id}")
    return found


def original_bytes(ctx: ServiceContext, sbom_id: int) -> tuple[SbomView, bytes]:
    """The document exactly as uploaded, verified against its stored SHA-256."""
    view = get_sbom(ctx, sbom_id)
    data = repo.content(sbom_id) or b""
    if hashlib.sha256(data).hexdigest() != view.sha256:
        raise Conflict(f"SBOM {sbom_id}: stored bytes do not match their SHA-256")
    return view, data


def remove_sbom(ctx: ServiceContext, sbom_id: int) -> None:
    require(ctx, Action.WRITE)
    with transaction.atomic():
        view = get_sbom(ctx, sbom_id)
        repo.delete(sbom_id)
        audit.record(
            ctx,
            "sbom.remove",
            "release",
            f"{view.product_slug}@{view.release_version}",
            {"sbom": sbom_id, "label": view.label, "sha256": view.sha256},
        )
        release_pk = repo.release_id(view.product_slug, view.release_version)
        if release_pk is not None:  # its components' findings resolve with the next scan
            scanning.request_release_scan(release_pk, "sbom-removed", ctx.clock.now())


def merged_release(ctx: ServiceContext, product_slug: str, version: str) -> MergedSbom:
    """The release's SBOMs merged into one component view, under a root for the product."""
    require(ctx, Action.READ)
    release_pk = repo.release_id(product_slug, version)
    if release_pk is None:
        raise NotFound(f"no release {version!r} of product {product_slug!r}")
    ids = repo.sbom_ids(release_pk)
    labels = repo.labels(ids)
    parts = [SbomPart(labels[i], component_repo.document(i)) for i in ids]
    root = Component(
        bom_ref=f"rempart:{product_slug}@{version}",
        name=product_slug,
        type="application",
        version=version,
    )
    return merge_sboms(parts, root=root)


def diff_releases(ctx: ServiceContext, product_slug: str, old: str, new: str) -> SbomDiff:
    require(ctx, Action.READ)
    ids = []
    for version in (old, new):
        release_pk = repo.release_id(product_slug, version)
        if release_pk is None:
            raise NotFound(f"no release {version!r} of product {product_slug!r}")
        ids.append(release_pk)
    return diff_components(
        component_repo.release_components(ids[0]), component_repo.release_components(ids[1])
    )


def export_release(ctx: ServiceContext, product_slug: str, version: str, fmt: str) -> bytes:
    """The merged SBOM as CycloneDX 1.6 JSON (``cyclonedx``) or SPDX 2.3 JSON (``spdx``)."""
    merged = merged_release(ctx, product_slug, version)
    if not merged.components:
        raise NotFound(f"release {version} of {product_slug} has no SBOM to export")
    document = merged.as_document(name=f"{product_slug} {version}")
    if fmt == "cyclonedx":
        return write_cyclonedx_json(document, created=ctx.clock.now())
    if fmt == "spdx":
        return write_spdx_json(document, created=ctx.clock.now())
    raise InvalidInput.single("format", "must be cyclonedx or spdx")


def component_page(
    ctx: ServiceContext,
    product_slug: str,
    version: str,
    search: str = "",
    sort: str = "name",
    page: int = 1,
    per_page: int = 50,
) -> tuple[int, list[tuple[int, str, Component, bool]]]:
    require(ctx, Action.READ)
    release_pk = repo.release_id(product_slug, version)
    if release_pk is None:
        raise NotFound(f"no release {version!r} of product {product_slug!r}")
    per_page = max(1, min(per_page, 500))
    return component_repo.component_page(
        release_pk, search.strip()[:200], sort, (max(page, 1) - 1) * per_page, per_page
    )


def sbom_root_ref(ctx: ServiceContext, sbom_id: int) -> str | None:
    """The bom-ref of the product an SBOM describes, where the tree starts."""
    get_sbom(ctx, sbom_id)
    return component_repo.root_ref(sbom_id)


def dependency_children(
    ctx: ServiceContext, sbom_id: int, ref: str
) -> list[tuple[str, Component | None, int]]:
    get_sbom(ctx, sbom_id)
    return component_repo.children(sbom_id, ref)
