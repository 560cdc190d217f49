"""Automatic evidence from Rempart's own records for the Annex I assessment (services layer).

Each provider reads only and says what is there *now* for the product's current release
(the latest release with status "released"); none ever marks a requirement met.

| key | requirement | source |
|---|---|---|
| ``sbom.current-release`` | ``AI-P2-1`` | SBOMs imported for the current release |
| ``findings.overdue`` | ``AI-P1-2a`` | open KEV or critical findings against the due-date rule |
| ``support.period`` | ``AI-P2-2`` (``ART13-8``) | the support period and the release's end of support |
| ``secure-defaults.recorded`` | ``AI-P1-2b`` | the recorded secure default configuration |
| ``advisories.fixed`` | ``AI-P2-4`` | fixed vulnerabilities against published CSAF advisories |
"""

from __future__ import annotations

from datetime import timedelta

from rempart.core.cra.support import end_date_label
from rempart.core.evidence import AutoEvidence, EvidenceState
from rempart.core.links import PageRef
from rempart.core.product import Product, Release
from rempart.core.remediation import RemediationWindows
from rempart.services.context import ServiceContext
from rempart.store.repositories import assessments as repo
from rempart.store.repositories import findings as findings_repo
from rempart.store.repositories import products as products_repo
from rempart.store.repositories import sboms as sbom_repo
from rempart.store.repositories import security_advisories as advisory_repo
from rempart.store.repositories import triage as triage_repo

EXPIRY_WARNING = timedelta(days=365)


def _product(product_id: int) -> Product | None:
    slug = repo.product_slug(product_id)
    return products_repo.get(slug) if slug else None


def _release_link(release: Release) -> PageRef:
    return PageRef("release", (release.product_slug, release.version))


def windows() -> RemediationWindows:
    """The organization's remediation policy (every severity window, read in one place)."""
    return triage_repo.remediation_windows()


def sbom_current_release(ctx: ServiceContext, product_id: int) -> list[AutoEvidence]:  # noqa: ARG001
    key, ids, title = "sbom.current-release", ("AI-P2-1",), "SBOM of the current release"
    product = _product(product_id)
    release = product.latest_release() if product else None
    if release is None:
        return [
            AutoEvidence(
                key, ids, title, EvidenceState.MISSING, "No released release: nothing to cover."
            )
        ]
    count = len(sbom_repo.sbom_ids(release.id))
    if count == 0:
        return [
            AutoEvidence(
                key,
                ids,
                title,
                EvidenceState.MISSING,
                f"No SBOM imported for release {release.version}; import one on its page.",
                _release_link(release),
            )
        ]
    return [
        AutoEvidence(
            key,
            ids,
            title,
            EvidenceState.PRESENT,
            f"{count} SBOM document(s) imported for release {release.version}.",
            _release_link(release),
        )
    ]


def overdue_findings(ctx: ServiceContext, product_id: int) -> list[AutoEvidence]:
    key, ids = "findings.overdue", ("AI-P1-2a",)
    title = "No known-exploited or critical finding past its due date"
    product = _product(product_id)
    release = product.latest_release() if product else None
    if release is None:
        return [AutoEvidence(key, ids, title, EvidenceState.MISSING, "No released release.")]
    link = _release_link(release)
    if findings_repo.latest_scan(release.id) is None:
        return [
            AutoEvidence(
                key,
                ids,
                title,
                EvidenceState.MISSING,
                f"Release {release.version} was never scanned: this is not assessed, not clean.",
                link,
            )
        ]
    rule = windows()
    today = ctx.clock.now().date()
    risky = repo.risky_open_findings(release.id)
    late = [f for f in risky if rule.overdue(f.first_seen.date(), f.known_exploited, today)]
    if late:
        names = ", ".join(sorted({f.vulnerability_id for f in late})[:5])
        return [
            AutoEvidence(
                key,
                ids,
                title,
                EvidenceState.ATTENTION,
                f"{len(late)} open KEV/critical finding(s) past their due date in "
                f"{release.version} ({names}); rule: {rule.rule}.",
                link,
            )
        ]
    return [
        AutoEvidence(
            key,
            ids,
            title,
            EvidenceState.PRESENT,
            f"None past due in {release.version} ({len(risky)} open within their window); "
            f"rule: {rule.rule}.",
            link,
        )
    ]


def support_period(ctx: ServiceContext, product_id: int) -> list[AutoEvidence]:
    key, ids = "support.period", ("AI-P2-2",)
    title = "Support period and end-of-support date (ART13-8)"
    product = _product(product_id)
    release = product.latest_release() if product else None
    if product is None or release is None or release.end_of_support is None:
        return [
            AutoEvidence(
                key,
                ids,
                title,
                EvidenceState.MISSING,
                "No released release with an end-of-support date.",
                PageRef("product", (product.slug,)) if product else None,
            )
        ]
    today = ctx.clock.now().date()
    months = product.support.support_months
    eos = release.end_of_support
    detail = f"{months} months; release {release.version} supported until {end_date_label(eos)}."
    if eos < today:
        state, detail = EvidenceState.ATTENTION, f"Support ended {end_date_label(eos)}. {detail}"
    elif eos - today < EXPIRY_WARNING:
        state, detail = EvidenceState.ATTENTION, f"Support ends within a year. {detail}"
    else:
        state = EvidenceState.PRESENT
    return [AutoEvidence(key, ids, title, state, detail, PageRef("product", (product.slug,)))]


def secure_defaults(ctx: ServiceContext, product_id: int) -> list[AutoEvidence]:  # noqa: ARG001
    key, ids, title = "secure-defaults.recorded", ("AI-P1-2b",), "Secure default configuration"
    items = repo.secure_defaults(product_id)
    slug = repo.product_slug(product_id)
    link = PageRef("assessment-requirement", (slug, "AI-P1-2b")) if slug else None
    if not items:
        return [
            AutoEvidence(
                key,
                ids,
                title,
                EvidenceState.MISSING,
                "No secure default settings recorded; record them on the requirement's page.",
                link,
            )
        ]
    return [
        AutoEvidence(
            key,
            ids,
            title,
            EvidenceState.PRESENT,
            f"{len(items)} secure default setting(s) recorded.",
            link,
        )
    ]


def fixed_vulnerability_advisories(ctx: ServiceContext, product_id: int) -> list[AutoEvidence]:  # noqa: ARG001
    """AI-P2-4: fixed vulnerabilities are publicly disclosed: published advisories cover them."""
    key, ids = "advisories.fixed", ("AI-P2-4",)
    title = "Advisories for fixed vulnerabilities"
    published = advisory_repo.fixed_advisory_vulnerabilities(product_id)
    covered = {v.upper() for _, _, names in published for v in names}
    fixed = repo.resolved_findings(product_id)
    missing = [v for v in fixed if v.upper() not in covered]
    link = PageRef("advisories", ())
    names = ", ".join(tracking for tracking, _, _ in published[:5])
    if missing:
        shown = ", ".join(missing[:5]) + ("…" if len(missing) > 5 else "")
        return [
            AutoEvidence(
                key, ids, title, EvidenceState.ATTENTION,
                f"{len(missing)} fixed vulnerabilit{'y' if len(missing) == 1 else 'ies'} ({shown}) "
                f"without a published advisory; {len(published)} advisory(ies) published{f' ({names})' if names else ''}.",
                link,
            )
        ]  # fmt: skip
    if published:
        return [
            AutoEvidence(
                key, ids, title, EvidenceState.PRESENT,
                f"{len(published)} published CSAF advisory(ies) ({names}) cover the product's fixed "
                f"vulnerabilities ({len(fixed)}).",
                link,
            )
        ]  # fmt: skip
    return [
        AutoEvidence(
            key, ids, title, EvidenceState.MISSING,
            "No fixed vulnerability and no published advisory yet: nothing disclosed.", link,
        )
    ]  # fmt: skip


PROVIDERS = {
    "assess.sbom": sbom_current_release,
    "assess.findings": overdue_findings,
    "assess.support": support_period,
    "assess.secure-defaults": secure_defaults,
    "assess.advisories": fixed_vulnerability_advisories,
}
