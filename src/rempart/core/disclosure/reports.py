"""Vulnerability reports from outside: what a submission must hold, and how it is handled (core).

A report moves through a small state machine; every move the team makes is checked here so the
web page, the API and the CLI refuse the same illegal transitions with the same message.
The reporter sees only the public part (reference, product, status, dates), never notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from rempart.core.errors import Conflict, InvalidInput, ProblemCollector

# Why these limits: a report is prose, not a file drop; large bodies are refused before parsing.
MAX_SUMMARY = 200
MAX_DETAILS = 20_000
MAX_VERSIONS = 500
MAX_CONTACT = 320
MAX_NOTE = 10_000
MAX_DECISION = 2_000
# Crockford base32: no I, L, O, U, so references survive being read aloud or retyped.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE = re.compile(r"^VR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ReportStatus(StrEnum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    TRIAGED = "triaged"
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"
    FIXED = "fixed"


S = ReportStatus
# new -> acknowledged -> triaged -> accepted -> fixed; duplicate/rejected close a report at any
# point before acceptance and may be reopened to triaged when new information arrives.
TRANSITIONS: dict[ReportStatus, frozenset[ReportStatus]] = {
    S.NEW: frozenset({S.ACKNOWLEDGED, S.DUPLICATE, S.REJECTED}),
    S.ACKNOWLEDGED: frozenset({S.TRIAGED, S.DUPLICATE, S.REJECTED}),
    S.TRIAGED: frozenset({S.ACCEPTED, S.DUPLICATE, S.REJECTED}),
    S.ACCEPTED: frozenset({S.FIXED, S.REJECTED}),
    S.DUPLICATE: frozenset({S.TRIAGED}),
    S.REJECTED: frozenset({S.TRIAGED}),
    S.FIXED: frozenset(),
}
# Closing or accepting a report is a decision the reporter is owed a reason for.
NEEDS_DECISION = frozenset({S.ACCEPTED, S.DUPLICATE, S.REJECTED, S.FIXED})
PUBLIC_LABELS: dict[ReportStatus, str] = {
    S.NEW: "Received, waiting for acknowledgement",
    S.ACKNOWLEDGED: "Acknowledged by the security team",
    S.TRIAGED: "Being analysed",
    S.ACCEPTED: "Confirmed as a vulnerability; a fix is being prepared",
    S.DUPLICATE: "Already known (duplicate)",
    S.REJECTED: "Closed: not a vulnerability in this product",
    S.FIXED: "Fixed",
}


@dataclass(frozen=True, slots=True)
class Submission:
    """What a reporter sends. Product is the slug chosen from the published list."""

    product: str
    summary: str
    details: str
    affected_versions: str = ""
    reporter_contact: str = ""
    wants_credit: bool = False


def _text(problems: ProblemCollector, name: str, value: str, limit: int, required: bool) -> str:
    cleaned = value.strip()
    if required and not cleaned:
        problems.add(name, "is required")
    elif len(cleaned) > limit:
        problems.add(name, f"is longer than {limit} characters ({len(cleaned)})")
    elif _CONTROL.search(cleaned):
        problems.add(name, "contains control characters")
    return cleaned


def validate_submission(submission: Submission, published: frozenset[str]) -> Submission:
    """The cleaned submission, or ``InvalidInput`` naming every bad field."""
    problems = ProblemCollector()
    if submission.product not in published:
        problems.add("product", "choose a product from the published list", "AI-P2-6")
    summary = _text(problems, "summary", submission.summary, MAX_SUMMARY, True)
    if "\n" in summary:
        problems.add("summary", "must be a single line")
    details = _text(problems, "details", submission.details, MAX_DETAILS, True)
    versions = _text(
        problems, "affected_versions", submission.affected_versions, MAX_VERSIONS, False
    )
    contact = _text(problems, "reporter_contact", submission.reporter_contact, MAX_CONTACT, False)
    if contact and ("\n" in contact or ("@" not in contact and ":" not in contact)):
        problems.add("reporter_contact", "give an e-mail address or a URI, or leave it empty")
    problems.raise_if_any("the report was not accepted")
    return Submission(
        submission.product, summary, details, versions, contact, submission.wants_credit
    )


def make_reference(random_bytes: bytes) -> str:
    """``VR-XXXX-XXXX-XXXX`` from 60 random bits: unguessable, so it can open the status page."""
    if len(random_bytes) < 8:
        raise ValueError("a reference needs at least 8 random bytes")
    number = int.from_bytes(random_bytes[:8], "big") >> 4
    chars = "".join(ALPHABET[(number >> (5 * i)) & 31] for i in range(12))
    return f"VR-{chars[0:4]}-{chars[4:8]}-{chars[8:12]}"


def check_reference(value: str) -> str:
    cleaned = value.strip().upper()
    if not REFERENCE.match(cleaned):
        raise InvalidInput.single("reference", "not a report reference (VR-XXXX-XXXX-XXXX)")
    return cleaned


def parse_status(value: str) -> ReportStatus:
    try:
        return ReportStatus(value)
    except ValueError:
        allowed = ", ".join(s.value for s in ReportStatus)
        raise InvalidInput.single("status", f"{value!r} is not one of {allowed}") from None


def check_transition(current: ReportStatus, target: ReportStatus, decision: str) -> str:
    """The cleaned decision text; ``Conflict`` for an illegal move, ``InvalidInput`` for text."""
    if target not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[current])) or "none (closed)"
        raise Conflict(f"a {current.value} report cannot become {target.value}; allowed: {allowed}")
    problems = ProblemCollector()
    cleaned = _text(problems, "decision", decision, MAX_DECISION, target in NEEDS_DECISION)
    problems.raise_if_any(f"moving the report to {target.value} needs a decision")
    return cleaned


def check_note(text: str) -> str:
    problems = ProblemCollector()
    cleaned = _text(problems, "note", text, MAX_NOTE, True)
    problems.raise_if_any("the note was not saved")
    return cleaned
