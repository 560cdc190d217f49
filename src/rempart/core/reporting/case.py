"""Reporting cases: what a case is, its reference, and the checks on what people enter (core layer).

A case is an actively exploited vulnerability or a severe incident (Art. 14(1), (3)) in one or
more products. Two times are kept apart: when Rempart *detected* a signal (a KEV-listed finding,
a manual entry, a CVD report) and when the manufacturer *became aware* — the time the Art. 14
clocks run from, which only a person records.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from rempart.core.clock import ensure_utc
from rempart.core.errors import InvalidInput, ProblemCollector
from rempart.core.product import EU_MEMBER_STATES
from rempart.core.reporting.clocks import CaseKind

TITLE_MAX = 300
TEXT_MAX = 20_000
REASON_MAX = 2_000
VULN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{1,199}$")
REFERENCE = re.compile(r"^CASE-\d{4}-\d{4,}$")

# The rule the awareness time feeds, per kind of case: named in every refusal about it.
AWARENESS_CITATION = {CaseKind.VULNERABILITY: "ART14-2a", CaseKind.INCIDENT: "ART14-4a"}


class CaseStatus(StrEnum):
    PROPOSED = "proposed"  # a signal suggests a case; nobody confirmed awareness yet
    OPEN = "open"  # awareness confirmed: the clocks run
    DISMISSED = "dismissed"  # a person decided it is not reportable, with a reason
    CLOSED = "closed"  # every required report submitted


class CaseSource(StrEnum):
    KEV_FINDING = "kev-finding"
    SSVC_FINDING = "ssvc-finding"  # CISA's SSVC "Exploitation: active" on a finding's CVE
    FINDING = "finding"  # opened by a person from a finding
    MANUAL = "manual"
    CVD_REPORT = "cvd-report"


@dataclass(frozen=True, slots=True)
class ReleaseRef:
    product_slug: str
    version: str


@dataclass(frozen=True, slots=True)
class CaseDraft:
    """A case as proposed by a signal or entered by a person (``open_case``)."""

    kind: str
    title: str
    products: tuple[str, ...]  # product slugs
    releases: tuple[ReleaseRef, ...] = ()
    vulnerability_id: str = ""
    aliases: tuple[str, ...] = ()
    summary: str = ""
    source: str = CaseSource.MANUAL.value
    source_ref: str = ""  # e.g. the CVD report's ID
    member_states: tuple[str, ...] = ()
    aware_at: datetime | None = None  # a manual entry may confirm awareness at once
    aware_reason: str = ""
    detected_at: datetime | None = (
        None  # when the signal arrived (a CVD report's receipt); default now
    )
    extra: dict[str, str] = field(default_factory=dict)
    findings: tuple[int, ...] = ()  # finding IDs the case covers (e.g. the detection signal)
    vulnerability_reports: tuple[str, ...] = ()  # CVD report references the case covers


def case_reference(year: int, number: int) -> str:
    return f"CASE-{year:04d}-{number:04d}"


def check_reference(reference: str) -> str:
    reference = reference.strip().upper()
    if not REFERENCE.match(reference):
        raise InvalidInput.single(
            "case", f"{reference!r} is not a case reference like CASE-2026-0001"
        )
    return reference


def parse_kind(value: str, problems: ProblemCollector, field_name: str = "kind") -> CaseKind | None:
    try:
        return CaseKind(value)
    except ValueError:
        problems.add(field_name, "must be 'vulnerability' (Art. 14(1)) or 'incident' (Art. 14(3))")
        return None


def check_member_states(
    codes: Sequence[str], problems: ProblemCollector, field_name: str
) -> tuple[str, ...]:
    cleaned: list[str] = []
    for code in codes:
        upper = str(code).strip().upper()
        if upper not in EU_MEMBER_STATES:
            problems.add(field_name, f"{code!r} is not the ISO code of an EU Member State")
        elif upper not in cleaned:
            cleaned.append(upper)
    return tuple(sorted(cleaned))


def check_awareness(
    kind: CaseKind,
    aware_at: datetime,
    detected_at: datetime,
    now: datetime,
    reason: str,
    problems: ProblemCollector,
) -> None:
    """Awareness is never in the future, and never before detection unless the person says why."""
    citation = AWARENESS_CITATION[kind]
    if aware_at.tzinfo is None or aware_at.utcoffset() is None:
        problems.add(
            "aware_at", "a time zone is required (e.g. 2026-11-23T10:00:00+01:00)", citation
        )
        return
    aware_at = ensure_utc(aware_at, "aware_at")
    if aware_at > now:
        problems.add("aware_at", f"is in the future ({aware_at:%Y-%m-%d %H:%M} UTC)", citation)
    if aware_at < detected_at and not reason.strip():
        problems.add(
            "aware_reason",
            f"the awareness time is before Rempart detected the signal "
            f"({detected_at:%Y-%m-%d %H:%M} UTC); say how the manufacturer became aware earlier",
            citation,
        )
    if len(reason) > REASON_MAX:
        problems.add("aware_reason", f"at most {REASON_MAX} characters")


def check_draft(draft: CaseDraft, detected_at: datetime, now: datetime) -> CaseKind:
    """Every problem of a draft at once; returns the kind when the draft is acceptable."""
    problems = ProblemCollector()
    kind = parse_kind(draft.kind, problems)
    if not draft.title.strip():
        problems.add("title", "a short title is required")
    elif len(draft.title) > TITLE_MAX:
        problems.add("title", f"at most {TITLE_MAX} characters")
    if len(draft.summary) > TEXT_MAX:
        problems.add("summary", f"at most {TEXT_MAX} characters")
    if not draft.products and not draft.releases:
        problems.add("products", "name at least one product concerned")
    for name in (draft.vulnerability_id, *draft.aliases):
        if name and not VULN_ID.match(name):
            problems.add("vulnerability_id", f"{name[:60]!r} is not a vulnerability identifier")
    try:
        CaseSource(draft.source)
    except ValueError:
        problems.add("source", f"unknown source {draft.source!r}")
    check_member_states(draft.member_states, problems, "member_states")
    if draft.detected_at is not None and (
        draft.detected_at.tzinfo is None or ensure_utc(draft.detected_at, "detected_at") > now
    ):
        problems.add("detected_at", "must be a past time with a time zone")
    if kind is not None and draft.aware_at is not None:
        check_awareness(kind, draft.aware_at, detected_at, now, draft.aware_reason, problems)
    problems.raise_if_any("the case is invalid")
    assert kind is not None  # noqa: S101 - raise_if_any refused a missing kind
    return kind


def check_reason(reason: str, field_name: str = "reason") -> str:
    problems = ProblemCollector()
    if not reason.strip():
        problems.add(field_name, "a reason is required, for the audit trail")
    elif len(reason) > REASON_MAX:
        problems.add(field_name, f"at most {REASON_MAX} characters")
    problems.raise_if_any("refused")
    return reason.strip()
