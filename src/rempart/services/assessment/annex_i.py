"""The Annex I assessment of a product: read it, record a requirement (services layer).

Every change is checked by the core (:mod:`rempart.core.cra.assessment`), stored with a
history row and its audit event in one transaction. Automatic evidence comes from the
providers in :mod:`rempart.services.assessment.providers`; it is shown, never turned into "met".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from django.db import transaction

from rempart.core.cra.assessment import (
    AnnexRequirement,
    EntryDraft,
    Readiness,
    RequirementStatus,
    annex_i_requirements,
    parse_status,
    readiness,
    requirement,
    validate_entry,
)
from rempart.core.errors import InvalidInput, NotFound, ProblemCollector
from rempart.core.evidence import AutoEvidence
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.assessment import providers as evidence_registry
from rempart.services.context import ServiceContext
from rempart.services.products import register as products
from rempart.services.risk import assessment as risk
from rempart.store.repositories import assessments as repo
from rempart.store.repositories.assessments import ChangeView, EntryView, EvidenceView


@dataclass(frozen=True, slots=True)
class RequirementView:
    """One requirement with what was recorded, the evidence and the automatic evidence."""

    requirement: AnnexRequirement
    entry: EntryView | None
    evidence: tuple[EvidenceView, ...]
    automatic: tuple[AutoEvidence, ...]

    @property
    def applicable(self) -> bool:
        return self.entry.applicable if self.entry else True

    @property
    def status(self) -> RequirementStatus:
        return RequirementStatus(self.entry.status) if self.entry else RequirementStatus.NOT_STARTED


@dataclass(frozen=True, slots=True)
class ProductAssessmentView:
    product_slug: str
    product_name: str
    requirements: tuple[RequirementView, ...]
    readiness: Readiness
    # Evidence whose requirement IDs name no assessable Annex I requirement (e.g. Annex II
    # points): shown apart, never dropped.
    other_evidence: tuple[AutoEvidence, ...] = ()


def _product(slug: str) -> int:
    pk = repo.product_pk(slug)
    if pk is None:
        raise NotFound(f"no product with slug {slug!r}")
    return pk


def user_names(ctx: ServiceContext) -> list[str]:
    """Who can own or review a requirement."""
    require(ctx, Action.READ)
    return repo.user_names()


def automatic_evidence(ctx: ServiceContext, slug: str) -> list[AutoEvidence]:
    """Every registered provider's evidence for the product, live."""
    require(ctx, Action.READ)
    return evidence_registry.collect(ctx, _product(slug))


def readiness_of(entries: dict[str, tuple[bool, str]], ids: list[str]) -> Readiness:
    return readiness(ids, {k: (a, RequirementStatus(s)) for k, (a, s) in entries.items()})


def get_assessment(ctx: ServiceContext, slug: str) -> ProductAssessmentView:
    require(ctx, Action.READ)
    product = products.get_product(ctx, slug)
    entries = repo.entries(product.id)
    evidence = repo.evidence_of(product.id)
    automatic = evidence_registry.collect(ctx, product.id)
    rows = tuple(
        RequirementView(
            item,
            entries.get(item.id),
            tuple(evidence.get(item.id, ())),
            tuple(a for a in automatic if item.id in a.requirement_ids),
        )
        for item in annex_i_requirements(ctx.catalog)
    )
    figure = readiness(
        [r.requirement.id for r in rows],
        {r.requirement.id: (r.applicable, r.status) for r in rows},
    )
    assessed = {r.requirement.id for r in rows}
    others = tuple(a for a in automatic if not assessed.intersection(a.requirement_ids))
    return ProductAssessmentView(product.slug, product.name, rows, figure, others)


def get_requirement(ctx: ServiceContext, slug: str, requirement_id: str) -> RequirementView:
    view = get_assessment(ctx, slug)
    requirement(ctx.catalog, requirement_id)  # NotFound for an unknown ID
    return next(r for r in view.requirements if r.requirement.id == requirement_id)


def history(ctx: ServiceContext, slug: str, requirement_id: str) -> list[ChangeView]:
    require(ctx, Action.READ)
    requirement(ctx.catalog, requirement_id)
    return repo.history(_product(slug), requirement_id)


def draft_of(entry: EntryView | None) -> EntryDraft:
    """The current entry as a draft, so an edge can change only the fields it was given."""
    if entry is None:
        return EntryDraft()
    return EntryDraft(
        applicable=entry.applicable,
        justification=entry.justification,
        status=RequirementStatus(entry.status),
        how_met=entry.how_met,
        links=entry.links,
        owner=entry.owner,
        reviewed_on=entry.reviewed_on,
        reviewer=entry.reviewer,
    )


def _jsonable(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _typed(changes: dict[str, Any]) -> dict[str, Any]:
    """Check the type of every given value, so hostile input is named, never stored."""
    problems = ProblemCollector()
    typed = dict(changes)
    if "applicable" in typed and not isinstance(typed["applicable"], bool):
        problems.add("applicable", "must be true or false")
    for name in ("justification", "how_met"):
        if name in typed and not isinstance(typed[name], str):
            problems.add(name, "must be text")
    if "status" in typed:
        if isinstance(typed["status"], RequirementStatus | str):
            typed["status"] = parse_status(str(typed["status"]))
        else:
            problems.add("status", "must be text")
    if "links" in typed:
        links = typed["links"]
        if isinstance(links, list | tuple) and all(isinstance(x, str) for x in links):
            typed["links"] = tuple(x.strip() for x in links if x.strip())
        else:
            problems.add("links", "must be a list of URLs")
    for name in ("owner", "reviewer"):
        if name in typed:
            value = typed[name]
            if value is not None and not isinstance(value, str):
                problems.add(name, "must be a user name")
            else:
                typed[name] = value.strip() or None if value else None
    if "reviewed_on" in typed and not (
        typed["reviewed_on"] is None or isinstance(typed["reviewed_on"], date)
    ):
        problems.add("reviewed_on", "must be a date")
    problems.raise_if_any("the assessment entry is invalid")
    return typed


# A "not applicable" justification rests on the risk assessment (Art. 13(4)); the risks it names
# by their stable identifier must exist, or the justification points at nothing.
_RISK_REFERENCE = re.compile(r"\bR-(\d+)\b")


def _check_risk_references(ctx: ServiceContext, product_id: int, justification: str) -> None:
    problems = ProblemCollector()
    for number in sorted(set(_RISK_REFERENCE.findall(justification)), key=int):
        if risk.find_risk(ctx, product_id, f"R-{number}") is None:
            problems.add(
                "justification",
                f"names R-{number}, but no risk assessment of this product holds that risk",
                "ART13-4",
            )
    problems.raise_if_any("the justification names unknown risks")


@dataclass(frozen=True, slots=True)
class NamedRisk:
    """A risk a justification names, as the newest assessment holding it states it."""

    identifier: str
    title: str
    rating: str
    release_version: str


def risks_named(ctx: ServiceContext, slug: str, text: str) -> list[NamedRisk]:
    """The risks ``text`` names by identifier (``R-3``), to link a justification to them."""
    require(ctx, Action.READ)
    wanted = [f"R-{n}" for n in sorted(set(_RISK_REFERENCE.findall(text)), key=int)]
    if not wanted:
        return []
    found: dict[str, NamedRisk] = {}
    for assessment in risk.list_assessments(ctx, slug):  # newest release first
        for item in assessment.risks:
            if item.identifier in wanted and item.identifier not in found:
                found[item.identifier] = NamedRisk(
                    item.identifier, item.title, item.rating, assessment.release_version
                )
    return [found[identifier] for identifier in wanted if identifier in found]


def set_requirement(
    ctx: ServiceContext, slug: str, requirement_id: str, changes: dict[str, Any]
) -> EntryView:
    """Change the named fields of a requirement's entry (others stay as they are)."""
    require(ctx, Action.WRITE)
    item = requirement(ctx.catalog, requirement_id)
    unknown = set(changes) - {f.name for f in fields(EntryDraft)}
    if unknown:
        raise InvalidInput.single(sorted(unknown)[0], "not a field of an assessment entry")
    changes = _typed(changes)
    with transaction.atomic():
        product = _product(slug)
        before = repo.entry(product, requirement_id, for_update=True)
        old = draft_of(before)
        new = replace(old, **changes)
        if not new.applicable:
            new = replace(new, justification=new.justification.strip())
        validate_entry(item, new, repo.user_names())
        if not new.applicable:
            _check_risk_references(ctx, product, new.justification)
        diff = {
            f.name: [_jsonable(getattr(old, f.name)), _jsonable(getattr(new, f.name))]
            for f in fields(EntryDraft)
            if getattr(old, f.name) != getattr(new, f.name)
        }
        stored = repo.save_entry(
            product,
            requirement_id,
            {f.name: getattr(new, f.name) for f in fields(EntryDraft)},
            ctx.clock.now(),
            ctx.actor.name,
        )
        if diff or before is None:
            summary = ", ".join(
                f"{name}: {values[0]} → {values[1]}"
                if name in ("status", "applicable")
                else f"{name} changed"
                for name, values in diff.items()
            )
            repo.add_change(stored.id, ctx.clock.now(), ctx.actor.name, summary or "recorded", diff)
            audit.record(
                ctx,
                "assessment.update",
                "assessment",
                f"{slug}:{requirement_id}",
                {"requirement": requirement_id, "changes": diff},
            )
    return stored


__all__ = [
    "ProductAssessmentView",
    "RequirementView",
    "automatic_evidence",
    "draft_of",
    "get_assessment",
    "get_requirement",
    "history",
    "readiness_of",
    "set_requirement",
    "user_names",
]
