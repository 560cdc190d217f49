"""The published security advisories a product's public page lists (services layer).

One function, :func:`published_advisories`, is the only place the public page asks for
advisories. Rempart does not store published CSAF advisories yet: the CSAF advisory work
(advisories per product, a provider directory with ``provider-metadata.json``) is being built
in parallel in the ``vulnerabilities`` package. Until it lands, this function returns no
advisory, and the page shows the CSAF provider metadata URLs the manufacturer configured in the
disclosure settings (RFC 9116 ``CSAF`` field) so users can still find the advisories published
elsewhere. When the advisory store lands, only this function changes: it will list the
product's advisories whose status is published (never drafts), newest first.
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


def published_advisories(ctx: ServiceContext, product: Product) -> list[PublishedAdvisory]:  # noqa: ARG001
    """The product's published advisories, newest first (none until the advisory store lands)."""
    return []
