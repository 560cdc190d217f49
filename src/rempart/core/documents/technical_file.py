"""The technical documentation: every Annex VII item, and its retention date (core layer).

Art. 31(1)–(2) (``ART31-1``, ``ART31-2``): the technical documentation holds at least the
Annex VII elements, is drawn up before placing on the market and kept up to date during the
support period; Art. 13(13) (``ART13-13``): it is kept for ten years after placing on the market
or for the support period, whichever is longer. Each section names the files of the bundle
that serve it (SBOMs, the risk assessment, the Annex I assessment, test records, the
declaration and the user information), so an auditor can go from the annex to the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rempart.core.cra.catalog import Catalog
from rempart.core.cra.support import documentation_retained_until
from rempart.core.documents.labels import Labels
from rempart.core.documents.model import (
    Document,
    DocumentKind,
    Facts,
    Rule,
    SectionDraft,
    build_document,
    format_date,
)
from rempart.core.product import Release


def _general(s: SectionDraft, f: Facts) -> None:  # AVII-1
    s.value(s.labels.field("product_name"), f.product.name, required=True, field_name="name")
    s.value(
        s.labels.field("description"),
        f.product.description,
        required=True,
        field_name="description",
    )


def _purpose(s: SectionDraft, f: Facts) -> None:  # AVII-1a
    s.value(
        s.labels.field("intended_purpose"),
        f.product.intended_purpose,
        required=True,
        field_name="intended_purpose",
    )


def _versions(s: SectionDraft, f: Facts) -> None:  # AVII-1b
    lines = tuple(_release_line(s.labels, r) for r in f.product.releases)
    s.value(s.labels.doc("releases"), lines, required=True, field_name="releases")


def _release_line(labels: Labels, release: Release) -> str:
    parts = [release.version, release.status]
    if release.release_date:
        parts.append(f"{labels.doc('released_on')} {format_date(labels, release.release_date)}")
    if release.end_of_support:
        end = release.end_of_support
        parts.append(f"{labels.doc('end_of_support')}: {labels.month_year(end.month, end.year)}")
    return " · ".join(parts)


def _hardware(s: SectionDraft, f: Facts) -> None:  # AVII-1c ("where … a hardware product")
    if not f.record.flag("hardware_product"):
        s.say("not_hardware")
        return
    s.field(f.record, "hardware_illustrations", required=True)


def _depends_on(kind: DocumentKind) -> Rule:
    """AVII-1d and AVII-7 hold another document: complete when that document is."""

    def rule(s: SectionDraft, f: Facts) -> None:
        missing = f.documents_missing.get(kind.value)
        if missing is None:
            s.need(kind.value, f"the {kind.value} was not drawn up")
        elif missing:
            s.need(kind.value, f"the {kind.value} is incomplete ({missing} missing)")
        s.say("see_technical_file")

    return rule


def _heading(s: SectionDraft, f: Facts) -> None:  # noqa: ARG001  AVII-2: its points follow
    return None


def _design(s: SectionDraft, f: Facts) -> None:  # AVII-2a
    s.field(f.record, "design_description", required=True)
    _sbom_lines(s, f, required=False)


def _sbom_lines(s: SectionDraft, f: Facts, *, required: bool) -> None:
    lines = tuple(
        f"{b.label}: {b.format} {b.spec_version}, {b.component_count} components, "
        f"SHA-256 {b.sha256}"
        for b in f.sboms
    )
    s.value(s.labels.doc("sbom"), lines, required=required, field_name="sbom")


def _vulnerability_handling(s: SectionDraft, f: Facts) -> None:  # AVII-2b
    _sbom_lines(s, f, required=True)
    s.value(s.labels.doc("cvd_policy"), f.policy_url, required=True, field_name="disclosure.policy")
    s.value(
        s.labels.field("contact_point"),
        f.contact_points,
        required=True,
        field_name="disclosure.contacts",
    )
    s.field(f.record, "update_distribution", required=True)
    if f.vulnerability_summary:
        s.value(
            s.labels.doc("vulnerabilities"),
            f.vulnerability_summary,
            required=False,
            field_name="findings",
        )


def _production(s: SectionDraft, f: Facts) -> None:  # AVII-2c
    s.field(f.record, "production_monitoring", required=True)


def _risk(s: SectionDraft, f: Facts) -> None:  # AVII-3
    s.value(
        s.labels.doc("risk_assessment"),
        f.risk_summary or "",
        required=True,
        field_name="risk_assessment",
    )
    part_i = [r for r in f.requirements if r.id.startswith("AI-P1-")]
    lines = tuple(
        f"{r.id}: {r.status if r.applicable else s.labels.doc('not_applicable')}"
        + (f" ({r.justification})" if not r.applicable and r.justification else "")
        for r in part_i
    )
    s.value(s.labels.doc("annex_i"), lines, required=True, field_name="annex_i")
    for r in part_i:
        if r.status == "not-started":
            s.need(f"annex_i.{r.id}", f"{r.id}: applicability and status not assessed yet")


def _support(s: SectionDraft, f: Facts) -> None:  # AVII-4
    policy = f.product.support
    doc = s.labels.doc
    s.value(
        doc("support_period"),
        f"{policy.support_months} {doc('months_unit')}",
        required=True,
        field_name="support_months",
    )
    if policy.expected_use_months:
        s.value(
            doc("expected_use"),
            f"{policy.expected_use_months} {doc('months_unit')}",
            required=False,
            field_name="expected_use_months",
        )
    s.value(
        doc("justification"),
        policy.justification,
        required=True,
        field_name="support_justification",
    )


def _standards(s: SectionDraft, f: Facts) -> None:  # AVII-5
    applied = False
    for name in ("harmonised_standards", "common_specifications", "certifications"):
        entries = f.record.entries(name)
        applied = applied or bool(entries)
        s.value(s.labels.field(name), entries, required=False, field_name=name)
    if not applied:
        s.say("no_standards")
    s.field(f.record, "other_solutions", required=not applied)


def _tests(s: SectionDraft, f: Facts) -> None:  # AVII-6
    s.value(s.labels.doc("tests"), f.tests, required=True, field_name="security_tests")


def _sbom_on_request(s: SectionDraft, f: Facts) -> None:  # AVII-8
    _sbom_lines(s, f, required=True)


TECHNICAL_FILE_RULES: dict[str, Rule] = {
    "AVII-1": _general,
    "AVII-1a": _purpose,
    "AVII-1b": _versions,
    "AVII-1c": _hardware,
    "AVII-1d": _depends_on(DocumentKind.USER_INFORMATION),
    "AVII-2": _heading,
    "AVII-2a": _design,
    "AVII-2b": _vulnerability_handling,
    "AVII-2c": _production,
    "AVII-3": _risk,
    "AVII-4": _support,
    "AVII-5": _standards,
    "AVII-6": _tests,
    "AVII-7": _depends_on(DocumentKind.DECLARATION),
    "AVII-8": _sbom_on_request,
}


def technical_file(catalog: Catalog, labels: Labels, facts: Facts) -> Document:
    """The Annex VII technical documentation in ``labels``' language.

    ``facts.documents_missing`` gives, per document kind, how many items the declaration and
    the user information still miss (AVII-7, AVII-1d).
    """
    return build_document(catalog, DocumentKind.TECHNICAL_FILE, labels, facts, TECHNICAL_FILE_RULES)


@dataclass(frozen=True, slots=True)
class Retention:
    """How long the technical documentation is kept (Art. 13(13)) and from what."""

    until: date | None
    placed_on_market: date | None
    end_of_support: date | None
    citations: tuple[str, ...]


def retention(catalog: Catalog, release: Release | None) -> Retention:
    """The later of ten years after placing on the market and the end of the support period.

    The release date stands for placing on the market; without it (or without an end of
    support) no date can be given, and ``until`` is ``None`` rather than a guess.
    """
    rule = catalog.rules.support
    placed = release.release_date if release else None
    end = release.end_of_support if release else None
    until = documentation_retained_until(catalog, placed, end) if placed and end else None
    return Retention(until, placed, end, tuple(rule.documentation_retention_citations))
