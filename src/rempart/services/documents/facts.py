"""A product's facts for its documents, gathered from the register and every feature (services).

:func:`basic_facts` needs only the register and the disclosure settings (the public page uses
it without an account); :func:`gather` adds what the technical documentation cites: SBOMs, the
risk assessment, the Annex I assessment, security tests and audits, and known vulnerabilities.
Nothing here depends on the clock except what the features themselves report, so the same data
gives the same facts.
"""

from __future__ import annotations

from dataclasses import replace

from rempart.core.cra.catalog import Catalog
from rempart.core.disclosure.settings import DisclosureSettings
from rempart.core.documents.fields import DocumentationRecord
from rempart.core.documents.model import (
    Facts,
    RequirementFact,
    SbomFact,
    notified_body_procedures,
)
from rempart.core.errors import NotFound
from rempart.core.product import Organization, Product, Release
from rempart.services.assessment import annex_i
from rempart.services.context import ServiceContext
from rempart.services.disclosure import settings as disclosure
from rempart.services.documents.records import stored_record
from rempart.services.products import organization as organizations
from rempart.services.products import register as products
from rempart.services.risk import assessment as risk
from rempart.services.risk import selfassessment
from rempart.services.sboms import release_sboms
from rempart.services.vulnerabilities import scanning


def pick_release(product: Product, version: str | None) -> Release | None:
    """The named release, else the latest released one (``None`` when there is none)."""
    if version:
        for release in product.releases:
            if release.version == version:
                return release
        raise NotFound(f"no release {version!r} of product {product.slug!r}")
    return product.latest_release()


def contact_points(manufacturer: Organization, settings: DisclosureSettings) -> tuple[str, ...]:
    """The single point of contact for vulnerabilities (Art. 13(17), Annex II point 2)."""
    found = []
    if manufacturer.contact_point_email:
        found.append(f"mailto:{manufacturer.contact_point_email}")
    if manufacturer.contact_point_url:
        found.append(manufacturer.contact_point_url)
    found.extend(settings.contacts)
    return tuple(dict.fromkeys(found))


def basic_facts(
    catalog: Catalog,
    manufacturer: Organization,
    product: Product,
    release: Release | None,
    record: DocumentationRecord,
    settings: DisclosureSettings,
    sboms: tuple[SbomFact, ...] = (),
) -> Facts:
    return Facts(
        manufacturer=manufacturer,
        product=product,
        release=release,
        record=record,
        contact_points=contact_points(manufacturer, settings),
        policy_url=settings.policy_url(),
        sboms=sboms,
        notified_body_procedures=notified_body_procedures(catalog),
    )


def sbom_facts(ctx: ServiceContext, slug: str, release: Release | None) -> tuple[SbomFact, ...]:
    if release is None:
        return ()
    return tuple(
        SbomFact(s.label, s.format, s.spec_version, s.sha256, s.component_count)
        for s in release_sboms.list_sboms(ctx, slug, release.version)
    )


def gather(ctx: ServiceContext, slug: str, version: str | None = None) -> Facts:
    """Every fact the documents of ``slug`` (at ``version``, default the latest) draw on."""
    product = products.get_product(ctx, slug)
    release = pick_release(product, version)
    base = basic_facts(
        ctx.catalog,
        organizations.get_organization(ctx),
        product,
        release,
        stored_record(product.id),
        disclosure.get_settings(ctx),
        sbom_facts(ctx, slug, release),
    )
    view = annex_i.get_assessment(ctx, slug)
    requirements = tuple(
        RequirementFact(
            r.requirement.id,
            r.applicable,
            r.status.value,
            r.entry.justification if r.entry else "",
        )
        for r in view.requirements
    )
    return replace(
        base,
        requirements=requirements,
        risk_summary=_risk_summary(ctx, slug, release),
        tests=_tests(ctx, slug),
        vulnerability_summary=_vulnerabilities(ctx, slug, release),
    )


def _risk_summary(ctx: ServiceContext, slug: str, release: Release | None) -> str | None:
    if release is None:
        return None
    found = risk.get_assessment(ctx, slug, release.version)
    if found is None:
        return None
    treated = sum(1 for r in found.risks if r.treatment)
    reviewed = found.last_reviewed.isoformat() if found.last_reviewed else "never"
    return (
        f"Release {found.release_version}: {len(found.threats)} threats, {len(found.risks)} "
        f"risks ({treated} with a treatment), owner {found.owner or 'not named'}, "
        f"last reviewed {reviewed}"
    )


def _tests(ctx: ServiceContext, slug: str) -> tuple[str, ...]:
    shown = selfassessment.show(ctx, slug)
    lines = [
        f"{t.performed_on.isoformat()} {t.kind} by {t.tester}: {t.scope} "
        f"({len(t.findings)} findings, {len(t.open_blocking())} open high/critical)"
        for t in sorted(shown.tests, key=lambda t: (t.performed_on, t.id))
    ]
    lines.extend(
        f"{a.performed_on.isoformat()} third-party audit by {a.auditor}: {a.scope} ({a.result})"
        for a in sorted(shown.audits, key=lambda a: (a.performed_on, a.id))
    )
    return tuple(lines)


def _vulnerabilities(ctx: ServiceContext, slug: str, release: Release | None) -> str:
    if release is None:
        return ""
    scan = scanning.latest_scan(ctx, slug, release.version)
    if scan is None:
        return "not assessed: the release has not been scanned"
    findings = scanning.release_findings(ctx, slug, release.version)
    exploited = sum(1 for f in findings if f.known_exploited)
    gaps = f"; {len(scan.not_assessed)} components not assessed" if scan.not_assessed else ""
    return (
        f"{len(findings)} open findings ({exploited} known exploited) in the scan of "
        f"{scan.at.date().isoformat()} over {scan.components} components{gaps}"
    )
