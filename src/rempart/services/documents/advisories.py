"""The published security advisories a product's public page lists (services layer).

One function, :func:`published_advisories`, is the only place the public page asks for
advisories: the product's CSAF advisories published from Rempart (``services.advisories``) with
TLP:CLEAR (WHITE in CSAF 2.0), newest first, never drafts, each with its URL in the provider
directory. The page also shows the CSAF provider metadata URLs configured in the disclosure
settings (RFC 9116 ``CSAF`` field) for advisories published elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rempart.core.product import Product
from rempart.services.context import ServiceContext


@dataclass(frozen=True, slots=True)
class PublishedAdvisory:
    """What a public page shows of one published advisory: nothing internal."""

    tracking_id: str  # the CSAF document's /document/tracking/id
    title: str
    published: date
    severity: str  # the aggregate severity text, e.g. "High"
    url: str  # where the CSAF JSON document is published


def published_advisories(ctx: ServiceContext, product: Product) -> list[PublishedAdvisory]:
    """The product's published TLP:CLEAR (WHITE) CSAF advisories, newest first (never drafts)."""
    from rempart.services.advisories import directory

    return [
        PublishedAdvisory(a.tracking_id, a.title, a.published_at.date(), a.severity, a.url)
        for a in directory.public_advisories(ctx, product.slug)
    ]
