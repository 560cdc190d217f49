"""The product register: products and releases (services layer).

Each function: authorize, validate with the core (every problem named with its field),
store in one transaction, append the audit event in that same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.db import IntegrityError, transaction

from rempart.core.cra.support import (
    Retention,
    SupportStatus,
    end_of_support,
    retention,
    support_status,
    validate_release_dates,
)
from rempart.core.errors import Conflict, NotFound, ProblemCollector
from rempart.core.paging import Page, PageRequest
from rempart.core.product import Product, Release, validate_version
from rempart.core.register import ProductAssessment, ProductDraft, assess, policy_of
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.store.repositories import organizations
from rempart.store.repositories import products as repo

RELEASE_STATUSES = ("planned", "released", "withdrawn")


@dataclass(frozen=True, slots=True)
class ReleaseDraft:
    version: str
    release_date: date | None = None
    end_of_support: date | None = None  # default: release date + the product's support period
    status: str = "released"
    notes: str = ""


def assess_draft(ctx: ServiceContext, draft: ProductDraft) -> ProductAssessment:
    """Decide scope, class, route and support for a draft without storing anything."""
    require(ctx, Action.READ)
    return assess(ctx.catalog, draft)


def assess_product(ctx: ServiceContext, product: Product) -> ProductAssessment:
    """The decisions for a registered product, to show it (rules it predates are warnings)."""
    require(ctx, Action.READ)
    return assess(ctx.catalog, draft_from_product(product), registered=True)


def draft_from_product(product: Product) -> ProductDraft:
    """The draft that reproduces a stored product (to re-assess it or prefill a form)."""
    return ProductDraft(
        name=product.name,
        slug=product.slug,
        description=product.description,
        intended_purpose=product.intended_purpose,
        scope_answers=dict(product.scope_answers),
        categories=product.categories,
        free_open_source_public_documentation=product.free_open_source_public_documentation,
        standards_applied=product.standards_applied,
        support_months=product.support.support_months,
        expected_use_months=product.support.expected_use_months,
        support_justification=product.support.justification,
    )


def list_products(ctx: ServiceContext) -> list[Product]:
    """Every product (for pickers and exports; lists on screen use :func:`product_page`)."""
    require(ctx, Action.READ)
    return repo.list_all()


def product_page(
    ctx: ServiceContext, search: str = "", page: PageRequest | None = None
) -> Page[Product]:
    """One page of products by name, optionally those whose name or slug contains ``search``."""
    require(ctx, Action.READ)
    return repo.page(search.strip()[:200], page or PageRequest())


def get_product(ctx: ServiceContext, slug: str) -> Product:
    require(ctx, Action.READ)
    product = repo.get(slug)
    if product is None:
        raise NotFound(f"no product with slug {slug!r}")
    return product


def _fields(
    ctx: ServiceContext, draft: ProductDraft, decided: ProductAssessment
) -> dict[str, object]:
    return {
        "name": draft.name.strip(),
        "description": draft.description.strip(),
        "intended_purpose": draft.intended_purpose.strip(),
        "scope_answers": dict(decided.scope.answers),
        "scope_outcome": decided.scope.outcome.value,
        "categories": [c.id for c in decided.classification.categories],
        "product_class": decided.classification.product_class.id,
        "free_open_source_public_documentation": draft.free_open_source_public_documentation,
        "standards_applied": draft.standards_applied,
        "allowed_procedures": [p.procedure_id for p in decided.classification.allowed_procedures],
        "support_months": draft.support_months,
        "expected_use_months": draft.expected_use_months,
        "support_justification": draft.support_justification.strip(),
        "catalog_version": ctx.catalog.version,
    }


def _fields_of(product: Product) -> dict[str, object]:
    return {
        "name": product.name,
        "description": product.description,
        "intended_purpose": product.intended_purpose,
        "scope_answers": dict(product.scope_answers),
        "scope_outcome": product.scope_outcome,
        "categories": list(product.categories),
        "product_class": product.product_class,
        "free_open_source_public_documentation": product.free_open_source_public_documentation,
        "standards_applied": product.standards_applied,
        "allowed_procedures": list(product.allowed_procedures),
        "support_months": product.support.support_months,
        "expected_use_months": product.support.expected_use_months,
        "support_justification": product.support.justification,
        "catalog_version": product.catalog_version,
    }


def _audit_data(fields: dict[str, object], decided: ProductAssessment) -> dict[str, object]:
    return {
        **fields,
        "scope_citations": [c.id for c in decided.scope.citations],
        "route_citation": decided.classification.matrix_row.id,
    }


def create_product(ctx: ServiceContext, draft: ProductDraft) -> Product:
    require(ctx, Action.WRITE)
    decided = assess(ctx.catalog, draft)
    slug = draft.effective_slug
    fields = _fields(ctx, draft, decided)
    with transaction.atomic():
        organization = organizations.first()
        if organization is None:
            raise NotFound("no organization is set up yet; run `rempart init`")
        if repo.slug_exists(slug):
            raise Conflict(f"a product with slug {slug!r} exists already", [])
        try:
            product = repo.create(organization.id, {"slug": slug, **fields}, ctx.clock.now())
        except IntegrityError as exc:  # a concurrent create won the race for the slug
            raise Conflict(f"a product with slug {slug!r} exists already") from exc
        audit.record(ctx, "product.create", "product", slug, _audit_data(fields, decided))
    return product


def update_product(ctx: ServiceContext, slug: str, draft: ProductDraft) -> Product:
    """Replace a product's register entry (the slug stays)."""
    require(ctx, Action.WRITE)
    decided = assess(ctx.catalog, draft)
    fields = _fields(ctx, draft, decided)
    with transaction.atomic():
        before = repo.get(slug, for_update=True)
        if before is None:
            raise NotFound(f"no product with slug {slug!r}")
        product = repo.update(slug, fields, ctx.clock.now())
        old = _fields_of(before)
        changed = sorted(k for k, v in fields.items() if old.get(k) != v)
        audit.record(
            ctx,
            "product.update",
            "product",
            slug,
            {**_audit_data(fields, decided), "changed": changed},
        )
    return product


def _release_problems(draft: ReleaseDraft) -> None:
    problems = ProblemCollector()
    if draft.status not in RELEASE_STATUSES:
        problems.add("status", f"must be one of {', '.join(RELEASE_STATUSES)}")
    if draft.status == "released" and draft.release_date is None:
        problems.add("release_date", "a released release needs its release date")
    if len(draft.notes) > 10_000:
        problems.add("notes", "at most 10,000 characters")
    problems.raise_if_any("the release is invalid")


def add_release(ctx: ServiceContext, slug: str, draft: ReleaseDraft) -> Release:
    require(ctx, Action.WRITE)
    validate_version(draft.version)
    _release_problems(draft)
    with transaction.atomic():
        product = repo.get(slug, for_update=True)
        if product is None:
            raise NotFound(f"no product with slug {slug!r}")
        version = draft.version.strip()
        if repo.release_exists(slug, version):
            raise Conflict(f"{product.name} already has a release {version!r}")
        eos = draft.end_of_support
        if eos is None and draft.release_date is not None:
            eos = end_of_support(draft.release_date, product.support)
        validate_release_dates(ctx.catalog, draft.release_date, eos, product.support)
        fields: dict[str, object] = {
            "version": version,
            "release_date": draft.release_date,
            "end_of_support": eos,
            "status": draft.status,
            "notes": draft.notes.strip(),
        }
        release = repo.add_release(slug, fields, ctx.clock.now())
        audit.record(ctx, "release.create", "release", f"{slug}@{version}", _jsonable(fields))
    return release


def update_release(ctx: ServiceContext, slug: str, version: str, draft: ReleaseDraft) -> Release:
    require(ctx, Action.WRITE)
    _release_problems(draft)
    with transaction.atomic():
        product = repo.get(slug, for_update=True)
        release = repo.get_release(slug, version) if product else None
        if product is None or release is None:
            raise NotFound(f"no release {version!r} of product {slug!r}")
        eos = draft.end_of_support or release.end_of_support
        if eos is None and draft.release_date is not None:
            eos = end_of_support(draft.release_date, product.support)
        validate_release_dates(ctx.catalog, draft.release_date, eos, product.support)
        fields: dict[str, object] = {
            "release_date": draft.release_date,
            "end_of_support": eos,
            "status": draft.status,
            "notes": draft.notes.strip(),
        }
        updated = repo.update_release(slug, version, fields)
        audit.record(ctx, "release.update", "release", f"{slug}@{version}", _jsonable(fields))
    return updated


def release_support_status(ctx: ServiceContext, release: Release) -> SupportStatus:
    if release.status == "withdrawn":
        return SupportStatus.ENDED
    return support_status(
        ctx.catalog, release.release_date, release.end_of_support, ctx.clock.now().date()
    )


def release_retention(ctx: ServiceContext, release: Release) -> Retention | None:
    """How long this release's documentation, information and update must stay available
    (Art. 13(9), (13), (18)); None for a release not placed on the market or without dates."""
    if release.status == "planned":
        return None
    return retention(ctx.catalog, release.release_date, release.end_of_support)


def product_retention(ctx: ServiceContext, product: Product) -> Retention | None:
    """The latest of the product's release retention dates: until when records are kept."""
    found = [r for r in (release_retention(ctx, x) for x in product.releases) if r is not None]
    if not found:
        return None
    return replace(
        found[0],
        documentation_until=max(r.documentation_until for r in found),
        user_information_until=max(r.user_information_until for r in found),
        security_updates_until=max(r.security_updates_until for r in found),
    )


def _jsonable(fields: dict[str, object]) -> dict[str, object]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in fields.items()}


__all__ = [
    "ReleaseDraft",
    "add_release",
    "assess_draft",
    "assess_product",
    "create_product",
    "draft_from_product",
    "get_product",
    "list_products",
    "policy_of",
    "product_retention",
    "release_retention",
    "release_support_status",
    "update_product",
    "update_release",
]
