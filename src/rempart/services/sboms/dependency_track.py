"""Uploads through the Dependency-Track compatible endpoint (services layer).

Dependency-Track clients (its GitHub Action, its Jenkins plugin, API client libraries) name
the target either by *project UUID* or by *project name and version*. Here a project is a
product and a project version one of its releases; every release has a stable UUID
(shown on its page and in the API). This module resolves those names, then stores the SBOM
as Dependency-Track does: an upload to a release **replaces** the SBOM that earlier uploads
through this endpoint put there. The earlier ones stay stored and listed as superseded (the
history an auditor needs), but leave the release's current view; SBOMs uploaded by other
means are not touched.

Labels are ``dependency-track upload N`` with ``N`` taken from the release's upload
sequence under a row lock, so parallel uploads to one release are serialized and never
collide (issue 17, item 5).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from rempart.core.errors import InvalidInput, NotFound
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.products import register as products
from rempart.services.sboms.check import check_sbom
from rempart.services.sboms.release_sboms import (
    SbomView,
    StoreRequest,
    store_checked,
    strict_by_policy,
    upload_limit,
)
from rempart.store.repositories import sboms as repo

CHANNEL = "dependency-track"


@dataclass(frozen=True, slots=True)
class BomUpload:
    """What a Dependency-Track client sends besides the document itself."""

    project: str | None = None  # a release UUID
    project_name: str | None = None  # a product's slug or name
    project_version: str | None = None
    auto_create: bool = False  # create the release (never the product: it needs its CRA scope)


@dataclass(frozen=True, slots=True)
class UploadReceipt:
    """The stored SBOM, the token the client may poll, and what it replaced."""

    token: uuid.UUID
    sbom: SbomView
    superseded: tuple[int, ...]
    project_uuid: str  # the release's UUID


@dataclass(frozen=True, slots=True)
class Project:
    """A release as Dependency-Track clients see it: a project version with a UUID."""

    uuid: str
    slug: str
    name: str
    version: str


def upload_bom(
    ctx: ServiceContext, upload: BomUpload, data: bytes, *, strict: bool = False
) -> UploadReceipt:
    """Store ``data`` as the release's current Dependency-Track SBOM (see the module docstring)."""
    require(ctx, Action.WRITE)
    slug, version, create = _resolve(ctx, upload)
    checked = check_sbom(data, upload_limit(ctx), strict=strict or strict_by_policy(ctx))
    token = uuid.uuid4()
    stored = store_checked(
        ctx,
        StoreRequest(slug, version, "bom", create, CHANNEL, token),
        checked,
        data,
        lambda number: f"dependency-track upload {number}",
    )
    superseded = tuple(
        view.id for view in repo.for_release(slug, version) if view.superseded_by == stored.id
    )
    release_pk = repo.release_id(slug, version)
    project_uuid = str(repo.release_uuid(release_pk)) if release_pk is not None else ""
    return UploadReceipt(token, stored, superseded, project_uuid)


def check_token(ctx: ServiceContext, token: str) -> None:
    """Refuse a token no upload answered with (uploads finish before the answer)."""
    require(ctx, Action.READ)
    try:
        value = uuid.UUID(token)
    except ValueError as exc:
        raise InvalidInput.single("uuid", "not a UUID") from exc
    if not repo.upload_token_known(value):
        raise NotFound(f"no upload answered with the token {value}")


def projects(ctx: ServiceContext) -> list[Project]:
    """Every release of every product, as a Dependency-Track project."""
    require(ctx, Action.READ)
    return _releases(ctx)


def _releases(ctx: ServiceContext) -> list[Project]:
    return [
        Project(release.uuid, product.slug, product.name, release.version)
        for product in products.list_products(ctx)
        for release in product.releases
    ]


def _resolve(ctx: ServiceContext, upload: BomUpload) -> tuple[str, str, bool]:
    """(product slug, release version, create the release?) named by the upload."""
    if upload.project:
        try:
            value = uuid.UUID(upload.project.strip())
        except ValueError as exc:
            raise InvalidInput.single("project", "not a UUID") from exc
        found = repo.release_by_uuid(value)
        if found is None:
            raise NotFound(
                f"no release has the UUID {value}; each release shows its UUID on its page "
                "and in GET /api/v1/products/{slug}/releases"
            )
        return found[0], found[1], False
    if not upload.project_name:
        raise InvalidInput.single("projectName", "give project (a release UUID) or projectName")
    if not upload.project_version:
        raise InvalidInput.single("projectVersion", "projectVersion is required with projectName")
    return _product_slug(ctx, upload.project_name), upload.project_version, upload.auto_create


def _product_slug(ctx: ServiceContext, name: str) -> str:
    """The product whose slug or name (any case) is ``name``."""
    wanted = name.strip()
    for product in products.list_products(ctx):
        if wanted == product.slug or wanted.casefold() == product.name.casefold():
            return product.slug
    raise NotFound(
        f"no product named {wanted!r}; register it first (Rempart needs its CRA scope and "
        "class), autoCreate only creates releases"
    )
