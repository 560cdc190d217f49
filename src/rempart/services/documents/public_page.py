"""The public product page: Annex II information anyone can read (services layer).

Off by default: a product's page exists only once an admin switches it on
(``records.set_public_page``); an unknown product and a product whose page is off answer the
same "not found", so the page reveals nothing about unpublished products. Public by design, so
these functions skip ``require`` and defend themselves instead: a per-address rate limit
(:func:`throttle`, like the vulnerability report intake) and a strict choice of what is shown —
the Annex II information, the support period and its end, the security contact, the published
advisories and, when the manufacturer chose to publish it, the SBOM. No internal identifiers
(catalog IDs, database ids, user names, file paths) and nothing a visitor could not read in the
user information anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from rempart.core.documents.fields import DocumentationRecord, SbomAvailability
from rempart.core.documents.labels import labels_for
from rempart.core.documents.model import SbomFact
from rempart.core.documents.user_information import user_information
from rempart.core.errors import DomainError, InvalidInput, NotFound
from rempart.core.product import Product
from rempart.formats.sbom_export import write_cyclonedx_json, write_spdx_json
from rempart.services.context import Actor, ServiceContext
from rempart.services.disclosure import settings as disclosure
from rempart.services.documents import advisories, generation
from rempart.services.documents import facts as gathering
from rempart.services.sboms import release_sboms
from rempart.store.repositories import documents as repo
from rempart.store.repositories import organizations
from rempart.store.repositories import products as products_repo

# Sixty page views a minute per address is plenty for a person and a crawler; a flood waits.
RATE_LIMIT = 60
RATE_WINDOW = timedelta(minutes=1)
SCOPE = "public-product"


class PublicPageThrottled(DomainError):
    """Too many requests from one address (edges answer 429)."""

    kind = "throttled"


def throttle(ctx: ServiceContext, client: str) -> None:
    """Count one request of ``client``; refuse past :data:`RATE_LIMIT` per window."""
    now = ctx.clock.now()
    window = now - timedelta(seconds=now.second, microseconds=now.microsecond)
    repo.forget_windows_before(window - 10 * RATE_WINDOW)
    if repo.count_request(SCOPE, client, window) > RATE_LIMIT:
        raise PublicPageThrottled("too many requests from your address; try again in a minute")


def _published(slug: str) -> tuple[Product, DocumentationRecord]:
    product = products_repo.get(slug)
    record = repo.get_record(product.id) if product else None
    if product is None or record is None or not record.public_page:
        raise NotFound("no public page for this product")
    return product, record


def _reader(ctx: ServiceContext) -> ServiceContext:
    """Reads on behalf of the page, after the publication check: never used to change anything."""
    return ServiceContext(Actor.system("public-page"), ctx.clock, ctx.catalog, ctx.settings)


@dataclass(frozen=True, slots=True)
class PublicPage:
    slug: str
    language: str
    languages: tuple[str, ...]
    data: dict[str, Any]
    last_modified: datetime


def public_page(ctx: ServiceContext, slug: str, language: str | None = None) -> PublicPage:
    """What the public page of ``slug`` shows, in ``language`` (default: the first one)."""
    product, record = _published(slug)
    reader = _reader(ctx)
    chosen = language or record.languages[0]
    if chosen not in record.languages:
        raise InvalidInput.single("language", f"available: {', '.join(record.languages)}")
    release = product.latest_release()
    organization = organizations.first()
    if organization is None:
        raise NotFound("no public page for this product")
    settings = disclosure.current_settings()
    publish_sbom = record.sbom_availability is SbomAvailability.PUBLIC_PAGE
    sboms: tuple[SbomFact, ...] = ()
    if publish_sbom and release is not None:
        sboms = gathering.sbom_facts(reader, slug, release)
    facts = gathering.basic_facts(
        ctx.catalog, organization, product, release, record, settings, sboms
    )
    labels = labels_for(chosen)
    doc = user_information(ctx.catalog, labels, facts)
    data = generation.as_dict(ctx.catalog, doc)
    for section in data["sections"]:  # only what was entered; never the list of gaps
        section["entries"] = [
            {
                "label": e["label"],
                "values": [e["value"]] if isinstance(e["value"], str) else e["value"],
            }
            for e in section["entries"]
            if not e["missing"]
        ]
        del section["id"], section["legal_text"], section["files"], section["complete"]
    data.pop("missing")
    data["releases"] = [
        {
            "version": r.version,
            "released": r.release_date.isoformat() if r.release_date else None,
            "end_of_support": labels.month_year(r.end_of_support.month, r.end_of_support.year)
            if r.end_of_support
            else None,
        }
        for r in product.releases
        if r.status == "released"
    ]
    data["support_months"] = product.support.support_months
    data["manufacturer"] = organization.name
    data["contacts"] = list(facts.contact_points)
    data["policy_url"] = facts.policy_url
    data["csaf_providers"] = list(settings.csaf)
    data["advisories"] = [
        {
            "tracking_id": a.tracking_id,
            "title": a.title,
            "published": a.published.isoformat(),
            "severity": a.severity,
            "url": a.url,
        }
        for a in advisories.published_advisories(reader, product)
    ]
    data["sbom"] = bool(publish_sbom and sboms)
    data["title"] = labels.doc("public_page_title")
    changed = [product.updated_at, repo.updated_at(product.id) or product.updated_at]
    return PublicPage(slug, chosen, record.languages, data, max(changed))


def public_sbom(ctx: ServiceContext, slug: str, fmt: str) -> tuple[bytes, str]:
    """The latest release's merged SBOM, when the manufacturer publishes it on the page."""
    product, record = _published(slug)
    release = product.latest_release()
    if record.sbom_availability is not SbomAvailability.PUBLIC_PAGE:
        raise NotFound("the manufacturer does not publish the SBOM of this product here")
    if release is None:
        raise NotFound("no released version of this product")
    reader = _reader(ctx)
    views = release_sboms.list_sboms(reader, slug, release.version)
    if not views:
        raise NotFound("no SBOM for the current release")
    merged = release_sboms.merged_release(reader, slug, release.version)
    document = merged.as_document(name=f"{product.name} {release.version}")
    created = max(v.uploaded_at for v in views)
    if fmt == "cyclonedx":
        return write_cyclonedx_json(document, created=created), "application/vnd.cyclonedx+json"
    if fmt == "spdx":
        return write_spdx_json(document, created=created), "application/spdx+json"
    raise InvalidInput.single("format", "use cyclonedx or spdx")
