"""The Annex I assessment of one product: requirements, entries, readiness (core layer).

Art. 13(1)–(2) require that each product meets the essential requirements of Annex I Part I
and that the manufacturer's processes meet Part II; Art. 13(3) says the risk assessment
decides *whether* the Part I point (2) properties apply, and *how* Part I point (1) and Part II
are applied; Art. 13(4) requires a clear justification for every requirement found not
applicable. This module turns those rules into checks on what a person records. It never
decides that a requirement is met: only a person does.

Readiness rule (documented in docs/assessment.md and shown next to the figure):
``readiness = met ÷ applicable``, where *applicable* is every assessed requirement not
marked not applicable, and every requirement that is not started, in progress or not met
counts as not met. Rounded down to a whole per cent; with no applicable requirement the
figure is 0 % (nothing was shown to be met).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from urllib.parse import urlsplit

from rempart.core.cra.catalog import Catalog
from rempart.core.errors import NotFound, ProblemCollector
from rempart.core.links import PageRef

PART_I_GROUP = "annex-i-part-i"
PART_II_GROUP = "annex-i-part-ii"
# Annex I Part I point (2) chapeau: "On the basis of the cybersecurity risk assessment ... and
# where applicable". It introduces (a)–(m) and is shown as their legal context, not assessed.
CHAPEAU_ID = "AI-P1-2"
POINT_2_PREFIX = "AI-P1-2"
# Where the law says which requirements may be found not applicable, and that a justification
# is then required (cra.md §6: Art. 13(3) and 13(4), with FAQ 4.1.3 in the ART13-4 note).
APPLICABILITY_CITATIONS = ("ART13-3", "ART13-4")
JUSTIFICATION_CITATION = "ART13-4"
ALWAYS_APPLICABLE_CITATION = "ART13-3"
FULL_APPLICATION_DATE_ID = "DATE-FULL"
REPORTING_DATE_ID = "DATE-ART14"

MAX_TEXT = 10_000
MAX_LINKS = 20
MAX_URL = 2_000

READINESS_RULE = (
    "readiness = met ÷ applicable requirements (rounded down); not started, in progress and "
    "not met all count as not met; requirements justified as not applicable are left out"
)


class RequirementStatus(StrEnum):
    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    MET = "met"
    NOT_MET = "not-met"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class AnnexRequirement:
    """One assessable Annex I requirement, with the legal text it quotes."""

    id: str
    part: str  # "I" or "II"
    ref: str
    summary: str
    text: str
    may_be_not_applicable: bool  # only Part I point (2)(a)–(m), on the risk assessment

    @property
    def applicability_note(self) -> str:
        if self.may_be_not_applicable:
            return (
                "Applies on the basis of the cybersecurity risk assessment and where applicable; "
                "if not applicable, a clear justification is required."
            )
        if self.part == "I":
            return "Applies to every product: the risk assessment says how, not whether."
        return "Applies to the manufacturer's processes for the whole support period."


def annex_i_requirements(catalog: Catalog) -> tuple[AnnexRequirement, ...]:
    """Part I (1), Part I (2)(a)–(m) and Part II (1)–(8), in the order of the Annex."""
    found: list[AnnexRequirement] = []
    for group_id, part in ((PART_I_GROUP, "I"), (PART_II_GROUP, "II")):
        for _group, provision in catalog.requirements(group_id):
            if provision.id == CHAPEAU_ID:
                continue
            found.append(
                AnnexRequirement(
                    id=provision.id,
                    part=part,
                    ref=provision.ref,
                    summary=provision.summary,
                    text=provision.text or provision.summary,
                    may_be_not_applicable=provision.id.startswith(POINT_2_PREFIX),
                )
            )
    return tuple(found)


def requirement(catalog: Catalog, requirement_id: str) -> AnnexRequirement:
    for item in annex_i_requirements(catalog):
        if item.id == requirement_id:
            return item
    raise NotFound(
        f"{requirement_id!r} is not an assessable Annex I requirement "
        "(use AI-P1-1, AI-P1-2a … AI-P1-2m or AI-P2-1 … AI-P2-8)"
    )


@dataclass(frozen=True, slots=True)
class EntryDraft:
    """What a person records for one requirement (every field, as it should be after saving)."""

    applicable: bool = True
    justification: str = ""
    status: RequirementStatus = RequirementStatus.NOT_STARTED
    how_met: str = ""
    links: tuple[str, ...] = ()
    owner: str | None = None  # user name
    reviewed_on: date | None = None
    reviewer: str | None = None  # user name


def check_url(url: str, field_name: str, problems: ProblemCollector) -> None:
    """Only absolute http(s) URLs with a host: no javascript:, data:, file: or relative paths."""
    parts = urlsplit(url)
    if len(url) > MAX_URL:
        problems.add(field_name, f"at most {MAX_URL} characters")
    elif parts.scheme not in ("http", "https") or not parts.hostname:
        problems.add(field_name, f"{url[:80]!r} is not an http:// or https:// URL")
    elif any(ch.isspace() or ord(ch) < 32 for ch in url):
        problems.add(field_name, "must not contain spaces or control characters")


def validate_entry(item: AnnexRequirement, draft: EntryDraft, known_users: Iterable[str]) -> None:
    """Refuse an entry that breaks a rule, naming every field at once."""
    problems = ProblemCollector()
    users = set(known_users)
    if not draft.applicable:
        if not item.may_be_not_applicable:
            problems.add(
                "applicable",
                f"{item.id} ({item.ref}) cannot be found not applicable: only Part I point (2) "
                "requirements depend on the risk assessment",
                ALWAYS_APPLICABLE_CITATION,
            )
        if not draft.justification.strip():
            problems.add(
                "justification",
                "a requirement found not applicable needs a clear justification "
                "(it goes into the technical documentation)",
                JUSTIFICATION_CITATION,
            )
    if not isinstance(draft.status, RequirementStatus):
        problems.add("status", f"must be one of {', '.join(RequirementStatus)}")
    for name, value in (("justification", draft.justification), ("how_met", draft.how_met)):
        if len(value) > MAX_TEXT:
            problems.add(name, f"at most {MAX_TEXT:,} characters")
    if len(draft.links) > MAX_LINKS:
        problems.add("links", f"at most {MAX_LINKS} links")
    for number, link in enumerate(draft.links):
        check_url(link, f"links[{number}]", problems)
    for name, user in (("owner", draft.owner), ("reviewer", draft.reviewer)):
        if user is not None and user not in users:
            problems.add(name, f"no user called {user!r}")
    if (draft.reviewed_on is None) != (draft.reviewer is None):
        problems.add("reviewed_on", "record the review date and the reviewer together")
    problems.raise_if_any(f"the assessment of {item.id} is invalid")


def parse_status(value: str) -> RequirementStatus:
    try:
        return RequirementStatus(value)
    except ValueError:
        problems = ProblemCollector()
        problems.add("status", f"{value!r}: use one of {', '.join(RequirementStatus)}")
        problems.raise_if_any("invalid status")
        raise  # pragma: no cover - raise_if_any raised


@dataclass(frozen=True, slots=True)
class Readiness:
    met: int
    not_met: int  # recorded as not met
    in_progress: int
    not_started: int  # unassessed
    not_applicable: int

    @property
    def applicable(self) -> int:
        return self.met + self.not_met + self.in_progress + self.not_started

    @property
    def total(self) -> int:
        return self.applicable + self.not_applicable

    @property
    def percent(self) -> int:
        return (100 * self.met) // self.applicable if self.applicable else 0

    @property
    def explanation(self) -> str:
        return f"{self.met} met ÷ {self.applicable} applicable = {self.percent} %"


def readiness(
    requirement_ids: Sequence[str], entries: Mapping[str, tuple[bool, RequirementStatus]]
) -> Readiness:
    """Apply the readiness rule; a requirement without an entry is not started."""
    counts = dict.fromkeys(("met", "not_met", "in_progress", "not_started", "na"), 0)
    for requirement_id in requirement_ids:
        applicable, status = entries.get(requirement_id, (True, RequirementStatus.NOT_STARTED))
        if not applicable:
            counts["na"] += 1
        elif status is RequirementStatus.MET:
            counts["met"] += 1
        elif status is RequirementStatus.NOT_MET:
            counts["not_met"] += 1
        elif status is RequirementStatus.IN_PROGRESS:
            counts["in_progress"] += 1
        else:
            counts["not_started"] += 1
    return Readiness(
        counts["met"],
        counts["not_met"],
        counts["in_progress"],
        counts["not_started"],
        counts["na"],
    )


@dataclass(frozen=True, slots=True)
class ApplicableDeadline:
    date_id: str
    on: date
    what: str


def applicable_deadlines(catalog: Catalog) -> tuple[ApplicableDeadline, ...]:
    """The dates from Art. 71(2): reporting first, then everything else (``DATE-*`` IDs)."""
    return (
        ApplicableDeadline(
            REPORTING_DATE_ID,
            catalog.date_of(REPORTING_DATE_ID),
            "Reporting obligations of Art. 14 apply",
        ),
        ApplicableDeadline(
            FULL_APPLICATION_DATE_ID,
            catalog.date_of(FULL_APPLICATION_DATE_ID),
            "Annex I requirements (and the rest of the Regulation) apply",
        ),
    )


def record_link(record: str) -> PageRef | None:
    """The page of a referenced Rempart record (``kind:identifier``), where it has one."""
    kind, _, ident = record.partition(":")
    if kind == "product":
        return PageRef("product", (ident,))
    if kind == "release" and "@" in ident:
        slug, _, version = ident.partition("@")
        return PageRef("release", (slug, version))
    if kind == "finding":
        return PageRef("vulnerability", query=(("id", ident),))
    if kind == "sbom" and ident.isdigit():
        return PageRef("sbom-tree", (ident,))
    return None  # risks, audit events, actions: linked once they have pages of their own


def validate_action(
    title: str,
    requirement_id: str | None,
    owner: str | None,
    status: str,
    known_requirements: Iterable[str],
    known_users: Iterable[str],
) -> None:
    problems = ProblemCollector()
    if not title.strip():
        problems.add("title", "say what must be done")
    elif len(title) > 300:
        problems.add("title", "at most 300 characters")
    if requirement_id and requirement_id not in set(known_requirements):
        problems.add("requirement", f"{requirement_id!r} is not an assessable Annex I requirement")
    if owner is not None and owner not in set(known_users):
        problems.add("owner", f"no user called {owner!r}")
    if status not in set(ActionStatus):
        problems.add("status", f"must be one of {', '.join(ActionStatus)}")
    problems.raise_if_any("the action is invalid")
