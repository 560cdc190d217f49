"""Products and releases: stored rows ↔ core values."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q

from rempart.core.cra.support import SupportPolicy
from rempart.core.paging import Page, PageRequest
from rempart.core.product import Product as ProductValue
from rempart.core.product import Release as ReleaseValue
from rempart.store.models import Product, Release


def release_to_core(row: Release, product_slug: str) -> ReleaseValue:
    return ReleaseValue(
        id=row.pk,
        product_slug=product_slug,
        version=row.version,
        release_date=row.release_date,
        end_of_support=row.end_of_support,
        status=row.status,
        notes=row.notes,
        uuid=str(row.uuid),
    )


def to_core(row: Product, releases: Iterable[Release] = ()) -> ProductValue:
    return ProductValue(
        id=row.pk,
        slug=row.slug,
        name=row.name,
        organization_id=row.organization_id,
        description=row.description,
        intended_purpose=row.intended_purpose,
        scope_answers=dict(row.scope_answers),
        scope_outcome=row.scope_outcome,
        categories=tuple(row.categories),
        product_class=row.product_class,
        free_open_source_public_documentation=row.free_open_source_public_documentation,
        standards_applied=row.standards_applied,
        allowed_procedures=tuple(row.allowed_procedures),
        support=SupportPolicy(
            row.support_months, row.expected_use_months, row.support_justification
        ),
        catalog_version=row.catalog_version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        releases=tuple(release_to_core(r, row.slug) for r in releases),
    )


def _with_releases() -> Any:  # django-stubs types Prefetch by lookup string, not by model
    return Prefetch("releases", queryset=Release.objects.order_by("-release_date", "-id"))


def list_all() -> list[ProductValue]:
    rows = Product.objects.prefetch_related(_with_releases()).order_by("name")
    return [to_core(row, row.releases.all()) for row in rows]


def page(search: str, request: PageRequest) -> Page[ProductValue]:
    """One page of products by name (``search``: a part of the name or slug)."""
    query = Product.objects.all()
    if search:
        query = query.filter(Q(name__icontains=search) | Q(slug__icontains=search))
    total = query.count()
    rows = query.prefetch_related(_with_releases()).order_by("name", "pk")[
        request.offset : request.offset + request.limit
    ]
    return Page(tuple(to_core(row, row.releases.all()) for row in rows), total, request)


def get(slug: str, for_update: bool = False) -> ProductValue | None:
    query = Product.objects.filter(slug=slug)
    if for_update:
        query = query.select_for_update()
    row = query.prefetch_related(_with_releases()).first()
    return to_core(row, row.releases.all()) if row else None


def slug_exists(slug: str) -> bool:
    return Product.objects.filter(slug=slug).exists()


def create(organization_id: int, fields: dict[str, object], now: datetime) -> ProductValue:
    row = Product.objects.create(
        organization_id=organization_id, created_at=now, updated_at=now, **fields
    )
    return to_core(row)


def update(slug: str, fields: dict[str, object], now: datetime) -> ProductValue:
    row = Product.objects.select_for_update().get(slug=slug)
    for name, value in fields.items():
        setattr(row, name, value)
    row.updated_at = now
    row.save()
    return to_core(row, row.releases.all())


def release_exists(product_slug: str, version: str) -> bool:
    return Release.objects.filter(product__slug=product_slug, version=version).exists()


def add_release(product_slug: str, fields: dict[str, object], now: datetime) -> ReleaseValue:
    product = Product.objects.get(slug=product_slug)
    row = Release.objects.create(product=product, created_at=now, **fields)
    return release_to_core(row, product_slug)


def get_release(product_slug: str, version: str) -> ReleaseValue | None:
    row = Release.objects.filter(product__slug=product_slug, version=version).first()
    return release_to_core(row, product_slug) if row else None


def update_release(product_slug: str, version: str, fields: dict[str, object]) -> ReleaseValue:
    row = Release.objects.select_for_update().get(product__slug=product_slug, version=version)
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    return release_to_core(row, product_slug)
