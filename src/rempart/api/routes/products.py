"""/api/v1/products: the product register (api layer)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from rempart.api.auth import context
from rempart.api.schemas.common import CitationOut, PageOut, ProblemOut, page_request
from rempart.api.schemas.products import (
    AssessmentOut,
    ProcedureOut,
    ProductIn,
    ProductOut,
    ReleaseIn,
    ReleaseOut,
    ReleaseUpdateIn,
    RetentionOut,
    ScopeReasonOut,
)
from rempart.core.cra.scope import ScopeReason
from rempart.core.cra.support import Retention, end_date_label
from rempart.core.paging import page_of
from rempart.core.product import Product, Release
from rempart.core.register import ProductAssessment, ProductDraft
from rempart.services.context import ServiceContext
from rempart.services.products import register as products

router = Router(tags=["products"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut, 422: ProblemOut}


def draft_of(payload: ProductIn) -> ProductDraft:
    return ProductDraft(**payload.dict())


def release_out(ctx: ServiceContext, release: Release) -> ReleaseOut:
    return ReleaseOut(
        version=release.version,
        uuid=release.uuid,
        release_date=release.release_date,
        end_of_support=release.end_of_support,
        end_of_support_label=end_date_label(release.end_of_support)
        if release.end_of_support
        else None,
        status=release.status,
        support_status=products.release_support_status(ctx, release).value,
        notes=release.notes,
        retention=retention_out(products.release_retention(ctx, release)),
    )


def retention_out(found: Retention | None) -> RetentionOut | None:
    if found is None:
        return None
    return RetentionOut(
        documentation_until=found.documentation_until,
        user_information_until=found.user_information_until,
        security_updates_until=found.security_updates_until,
        citations=[
            *found.documentation_citations,
            *found.user_information_citations,
            *found.security_update_citations,
        ],
    )


def product_out(ctx: ServiceContext, product: Product) -> ProductOut:
    return ProductOut(
        slug=product.slug,
        name=product.name,
        description=product.description,
        intended_purpose=product.intended_purpose,
        scope_outcome=product.scope_outcome,
        scope_answers=product.scope_answers,
        categories=list(product.categories),
        product_class=product.product_class,
        allowed_procedures=list(product.allowed_procedures),
        free_open_source_public_documentation=product.free_open_source_public_documentation,
        standards_applied=product.standards_applied,
        support_months=product.support.support_months,
        expected_use_months=product.support.expected_use_months,
        support_justification=product.support.justification,
        catalog_version=product.catalog_version,
        created_at=product.created_at,
        updated_at=product.updated_at,
        releases=[release_out(ctx, r) for r in product.releases],
        retention=retention_out(products.product_retention(ctx, product)),
    )


def _reason(reason: ScopeReason) -> ScopeReasonOut:
    return ScopeReasonOut(
        question_id=reason.question_id,
        message=reason.message,
        citations=[CitationOut.of(c) for c in reason.citations],
    )


def assessment_out(ctx: ServiceContext, decided: ProductAssessment) -> AssessmentOut:
    classification = decided.classification
    return AssessmentOut(
        scope_outcome=decided.scope.outcome.value,
        scope_reasons=[_reason(r) for r in decided.scope.reasons],
        scope_notes=[_reason(r) for r in decided.scope.notes],
        product_class=classification.product_class.id,
        product_class_label=classification.product_class.label,
        categories=[CitationOut.of(ctx.catalog.citation(c.id)) for c in classification.categories],
        route=CitationOut.of(classification.matrix_row),
        procedures=[
            ProcedureOut(
                id=p.procedure_id,
                label=p.label,
                allowed=p.allowed,
                notified_body=p.notified_body,
                reason=p.reason,
                citations=[CitationOut.of(c) for c in p.citations],
            )
            for p in classification.procedures
        ],
        warnings=list(decided.warnings),
        catalog_version=ctx.catalog.version,
    )


@router.get("", response={200: PageOut[ProductOut], **ERRORS}, summary="List products, one page")
def list_products(
    request: HttpRequest, q: str = "", offset: int = 0, limit: int = 50
) -> PageOut[ProductOut]:
    """Products by name; ``q`` keeps those whose name or slug contains it."""
    ctx = context(request)
    page = products.product_page(ctx, q, page_request(offset, limit))
    return PageOut[ProductOut].of(page, [product_out(ctx, p) for p in page])


@router.post("", response={201: ProductOut, **ERRORS}, summary="Register a product")
def create_product(request: HttpRequest, payload: ProductIn) -> Status[ProductOut]:
    ctx = context(request)
    return Status(201, product_out(ctx, products.create_product(ctx, draft_of(payload))))


@router.post(
    "/assess",
    response={200: AssessmentOut, **ERRORS},
    summary="Decide scope, class and route without storing",
)
def assess_product(request: HttpRequest, payload: ProductIn) -> AssessmentOut:
    ctx = context(request)
    return assessment_out(ctx, products.assess_draft(ctx, draft_of(payload)))


@router.get("/{slug}", response={200: ProductOut, **ERRORS}, summary="Show a product")
def get_product(request: HttpRequest, slug: str) -> ProductOut:
    ctx = context(request)
    return product_out(ctx, products.get_product(ctx, slug))


@router.put(
    "/{slug}", response={200: ProductOut, **ERRORS}, summary="Replace a product's register entry"
)
def update_product(request: HttpRequest, slug: str, payload: ProductIn) -> ProductOut:
    ctx = context(request)
    return product_out(ctx, products.update_product(ctx, slug, draft_of(payload)))


@router.get(
    "/{slug}/assessment",
    response={200: AssessmentOut, **ERRORS},
    summary="The stored product's decisions with citations",
)
def product_assessment(request: HttpRequest, slug: str) -> AssessmentOut:
    ctx = context(request)
    product = products.get_product(ctx, slug)
    return assessment_out(ctx, products.assess_product(ctx, product))


@router.get(
    "/{slug}/releases",
    response={200: PageOut[ReleaseOut], **ERRORS},
    summary="List releases, one page",
)
def list_releases(
    request: HttpRequest, slug: str, offset: int = 0, limit: int = 50
) -> PageOut[ReleaseOut]:
    ctx = context(request)
    page = page_of(products.get_product(ctx, slug).releases, page_request(offset, limit))
    return PageOut[ReleaseOut].of(page, [release_out(ctx, r) for r in page])


@router.post("/{slug}/releases", response={201: ReleaseOut, **ERRORS}, summary="Add a release")
def add_release(request: HttpRequest, slug: str, payload: ReleaseIn) -> Status[ReleaseOut]:
    ctx = context(request)
    draft = products.ReleaseDraft(**payload.dict())
    return Status(201, release_out(ctx, products.add_release(ctx, slug, draft)))


@router.put(
    "/{slug}/releases/{version}", response={200: ReleaseOut, **ERRORS}, summary="Change a release"
)
def update_release(
    request: HttpRequest, slug: str, version: str, payload: ReleaseUpdateIn
) -> ReleaseOut:
    ctx = context(request)
    draft = products.ReleaseDraft(version=version, **payload.dict())
    return release_out(ctx, products.update_release(ctx, slug, version, draft))
