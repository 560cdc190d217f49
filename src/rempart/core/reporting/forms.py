"""What each report must contain, prefilled from the case, and the checks on what is entered (core layer).

The fields of a stage are exactly the content items the catalog lists for it (``RPT-*`` rows,
Art. 14(2)(a)–(c), 14(4)(a)–(c); ``SRP-FIELDS``: no other authoritative field list exists) plus,
for the user notice and the intermediate report, the items of ``reporting.toml`` (Art. 14(8),
14(6)). An item is required when the article says "at least"; "as available", "where
available", "where applicable" and "where necessary" items may stay empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from rempart.core.cra.catalog import Catalog
from rempart.core.errors import ProblemCollector
from rempart.core.reporting.case import check_member_states
from rempart.core.reporting.data import ReportingData

VALUE_MAX = 20_000
MALICIOUS_CHOICES = ("yes", "no", "not yet known")


class FieldKind(StrEnum):
    TEXT = "text"
    MEMBER_STATES = "member-states"
    CHOICE = "choice"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    key: str  # the content item's catalog ID, e.g. "RPT-AEV-VN-NATURE"
    label: str
    qualifier: str  # "at least", "as available", "where applicable", …
    citation: str
    kind: FieldKind = FieldKind.TEXT
    choices: tuple[str, ...] = ()

    @property
    def required(self) -> bool:
        return self.qualifier == "at least"


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What Rempart knows about a case, from the register and the findings."""

    reference: str
    kind: str
    title: str
    manufacturer: str
    products: tuple[str, ...]  # "Gridlink Gateway (releases 3.0.0)"
    vulnerability_id: str = ""
    aliases: tuple[str, ...] = ()
    summary: str = ""
    severity: str = ""
    fixed_versions: tuple[str, ...] = ()
    known_exploited: str = ""  # "Listed in CISA KEV since 2023-09-13"
    member_states: tuple[str, ...] = ()
    measure: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)


def _kind_of(key: str) -> tuple[FieldKind, tuple[str, ...]]:
    if key.endswith("-MS"):
        return FieldKind.MEMBER_STATES, ()
    if key.endswith("-MALICIOUS"):
        return FieldKind.CHOICE, MALICIOUS_CHOICES
    return FieldKind.TEXT, ()


def stage_fields(
    catalog: Catalog, data: ReportingData, stage: str, contents: Sequence[str]
) -> tuple[FieldSpec, ...]:
    specs: list[FieldSpec] = []
    for content_id in contents:
        row = catalog.content_item(content_id)
        kind, choices = _kind_of(content_id)
        specs.append(FieldSpec(content_id, row.item, row.qualifier, content_id, kind, choices))
    specs.extend(
        FieldSpec(extra.key, extra.label, extra.qualifier, extra.citation)
        for extra in data.extra_field
        if extra.stage == stage
    )
    return tuple(specs)


def _identity(facts: CaseFacts) -> str:
    names = ", ".join((facts.vulnerability_id, *facts.aliases)) if facts.vulnerability_id else ""
    return f"{names}: {facts.summary}".strip(": ") if names else facts.summary or facts.title


def _fix_text(facts: CaseFacts) -> str:
    parts = [facts.measure] if facts.measure else []
    if facts.fixed_versions:
        parts.append("Fixed component versions: " + ", ".join(facts.fixed_versions) + ".")
    return "\n".join(parts)


def prefill(specs: Sequence[FieldSpec], facts: CaseFacts) -> dict[str, object]:
    """Proposed values from the register and findings; people review and complete them."""
    severity = f" Severity: {facts.severity}." if facts.severity else ""
    kev = f" {facts.known_exploited}." if facts.known_exploited else ""
    by_suffix: dict[str, object] = {
        "-MS": list(facts.member_states),
        "-PRODUCT": f"{'; '.join(facts.products)} — manufacturer {facts.manufacturer}",
        "-NATURE": _identity(facts) + kev,
        "-MEASURES": facts.measure,
        "-USERMEASURES": (
            f"Update the affected component to a fixed version ({', '.join(facts.fixed_versions)})."
            if facts.fixed_versions
            else ""
        ),
        "-DESC": _identity(facts) + severity,
        "-FIX": _fix_text(facts),
        "-MITIGATION": facts.measure,
        "USR-WHAT": f"{facts.title}. {_identity(facts)}".strip(),
        "USR-MEASURES": _fix_text(facts),
        "USR-AUDIENCE": "Users of " + "; ".join(facts.products),
    }
    values: dict[str, object] = {}
    for spec in specs:
        for suffix, value in by_suffix.items():
            if spec.key.endswith(suffix):
                values[spec.key] = value
                break
        else:
            values[spec.key] = [] if spec.kind is FieldKind.MEMBER_STATES else ""
        if spec.key in facts.extra:
            values[spec.key] = facts.extra[spec.key]
    return values


def clean_values(
    specs: Sequence[FieldSpec], values: Mapping[str, object], *, final: bool
) -> dict[str, object]:
    """Check entered values field by field. ``final``: a submission, so required items must be there."""
    problems = ProblemCollector()
    known = {spec.key: spec for spec in specs}
    for key in values:
        if key not in known:
            problems.add(key, "is not a field of this report")
    cleaned: dict[str, object] = {}
    for spec in specs:
        raw = values.get(spec.key)
        if spec.kind is FieldKind.MEMBER_STATES:
            items = raw if isinstance(raw, list | tuple) else ([] if raw in (None, "") else None)
            if items is None:
                problems.add(spec.key, "must be a list of Member State codes", spec.citation)
                continue
            cleaned[spec.key] = list(
                check_member_states([str(i) for i in items], problems, spec.key)
            )
            continue
        if raw is None:
            raw = ""
        if not isinstance(raw, str):
            problems.add(spec.key, "must be text", spec.citation)
            continue
        text = raw.strip()
        if len(text) > VALUE_MAX:
            problems.add(spec.key, f"at most {VALUE_MAX} characters", spec.citation)
        if spec.choices and text and text not in spec.choices:
            problems.add(spec.key, f"must be one of {', '.join(spec.choices)}", spec.citation)
        if final and spec.required and not text:
            problems.add(
                spec.key, f"required: the article asks for “{spec.label}” at least", spec.citation
            )
        cleaned[spec.key] = text
    problems.raise_if_any("the report is incomplete or invalid")
    return cleaned
