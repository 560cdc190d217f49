"""Triage of findings: states, justifications, responses and the VEX vocabularies (core layer).

A finding's *triage state* is what a person (or a supplier's VEX statement) says about it;
the scanner's ``open``/``resolved`` says only whether the advisory still matches. The states
and their names in the three VEX formats:

| Rempart         | OpenVEX 0.2         | CycloneDX 1.6 ``analysis.state`` | CSAF 2.0 ``product_status`` |
|-----------------|---------------------|----------------------------------|-----------------------------|
| in_triage       | under_investigation | in_triage                        | under_investigation         |
| affected        | affected            | exploitable                      | known_affected              |
| not_affected    | not_affected        | not_affected                     | known_not_affected          |
| fixed           | fixed               | resolved                         | fixed                       |
| false_positive  | not_affected        | false_positive                   | known_not_affected          |

"Not affected" needs a justification (or an impact statement, OpenVEX §4.2 / CSAF 6.1.27.9).
CycloneDX and OpenVEX/CSAF use two different justification vocabularies; :data:`JUSTIFICATIONS`
is the one table that maps them. Rempart keeps the union of both (12 values): each row names
the value written to each format, and :func:`justification_from` says which Rempart value a
format's value is read as. A value native to a format survives export and re-import in that
format unchanged; a value from the other vocabulary is written as its nearest equivalent
(the row's ``exact`` flag says which mappings are lossless).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from packageurl import PackageURL

from rempart.core.errors import ProblemCollector


class TriageState(StrEnum):
    IN_TRIAGE = "in_triage"
    AFFECTED = "affected"
    NOT_AFFECTED = "not_affected"
    FIXED = "fixed"
    FALSE_POSITIVE = "false_positive"


STATE_LABELS = {
    TriageState.IN_TRIAGE: "In triage",
    TriageState.AFFECTED: "Affected",
    TriageState.NOT_AFFECTED: "Not affected",
    TriageState.FIXED: "Fixed",
    TriageState.FALSE_POSITIVE: "False positive",
}

#: states in which a finding still needs work (it counts toward due dates)
OPEN_STATES = frozenset({TriageState.IN_TRIAGE, TriageState.AFFECTED})


class VexFormat(StrEnum):
    OPENVEX = "openvex"
    CYCLONEDX = "cyclonedx"
    CSAF = "csaf"


# state -> (OpenVEX status, CycloneDX analysis.state, CSAF product_status group)
STATE_NAMES: dict[TriageState, tuple[str, str, str]] = {
    TriageState.IN_TRIAGE: ("under_investigation", "in_triage", "under_investigation"),
    TriageState.AFFECTED: ("affected", "exploitable", "known_affected"),
    TriageState.NOT_AFFECTED: ("not_affected", "not_affected", "known_not_affected"),
    TriageState.FIXED: ("fixed", "resolved", "fixed"),
    TriageState.FALSE_POSITIVE: ("not_affected", "false_positive", "known_not_affected"),
}
_FORMAT_COLUMN = {VexFormat.OPENVEX: 0, VexFormat.CYCLONEDX: 1, VexFormat.CSAF: 2}

# Values of other formats' state vocabularies that are read as a Rempart state.
_STATE_ALIASES: dict[VexFormat, dict[str, TriageState]] = {
    # CycloneDX "resolved_with_pedigree": fixed, with the pedigree as evidence.
    VexFormat.CYCLONEDX: {"resolved_with_pedigree": TriageState.FIXED},
    # CSAF groups that say the same thing as a primary group.
    VexFormat.CSAF: {
        "first_fixed": TriageState.FIXED,
        "first_affected": TriageState.AFFECTED,
        "last_affected": TriageState.AFFECTED,
        "recommended": TriageState.FIXED,
    },
}


def state_name(state: TriageState, fmt: VexFormat) -> str:
    """How ``state`` is written in ``fmt``."""
    return STATE_NAMES[state][_FORMAT_COLUMN[fmt]]


def state_from(fmt: VexFormat, value: str) -> TriageState | None:
    """The Rempart state a format's status value is read as (``None``: not a status of it)."""
    column = _FORMAT_COLUMN[fmt]
    for state, names in STATE_NAMES.items():
        # OpenVEX/CSAF "not_affected" reads as not_affected, never false_positive.
        if names[column] == value and state is not TriageState.FALSE_POSITIVE:
            return state
    if fmt is VexFormat.CYCLONEDX and value == "false_positive":
        return TriageState.FALSE_POSITIVE
    return _STATE_ALIASES.get(fmt, {}).get(value)


class Justification(StrEnum):
    # OpenVEX 0.2 / CSAF 2.0 flags (the CISA VEX status justifications)
    COMPONENT_NOT_PRESENT = "component_not_present"
    VULNERABLE_CODE_NOT_PRESENT = "vulnerable_code_not_present"
    VULNERABLE_CODE_NOT_IN_EXECUTE_PATH = "vulnerable_code_not_in_execute_path"
    VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY = (
        "vulnerable_code_cannot_be_controlled_by_adversary"
    )
    INLINE_MITIGATIONS_ALREADY_EXIST = "inline_mitigations_already_exist"
    # CycloneDX 1.6 analysis.justification values without an exact OpenVEX/CSAF twin
    REQUIRES_CONFIGURATION = "requires_configuration"
    REQUIRES_DEPENDENCY = "requires_dependency"
    REQUIRES_ENVIRONMENT = "requires_environment"
    PROTECTED_BY_COMPILER = "protected_by_compiler"
    PROTECTED_AT_RUNTIME = "protected_at_runtime"
    PROTECTED_AT_PERIMETER = "protected_at_perimeter"
    PROTECTED_BY_MITIGATING_CONTROL = "protected_by_mitigating_control"


@dataclass(frozen=True, slots=True)
class JustificationRow:
    """One row of the mapping table: a Rempart justification and its name in each format."""

    value: Justification
    label: str
    openvex: str  # also the CSAF 2.0 flag label (CSAF §3.2.3.5 uses the same five values)
    cyclonedx: str
    exact_openvex: bool  # openvex/CSAF value means exactly this
    exact_cyclonedx: bool  # cyclonedx value means exactly this


J = Justification
#: The one mapping table between the CycloneDX and the OpenVEX/CSAF vocabularies.
JUSTIFICATIONS: tuple[JustificationRow, ...] = (
    JustificationRow(J.COMPONENT_NOT_PRESENT, "The vulnerable component is not present",
                     "component_not_present", "requires_dependency", True, False),
    JustificationRow(J.VULNERABLE_CODE_NOT_PRESENT, "The vulnerable code is not present",
                     "vulnerable_code_not_present", "code_not_present", True, True),
    JustificationRow(J.VULNERABLE_CODE_NOT_IN_EXECUTE_PATH,
                     "The vulnerable code is not in the execute path",
                     "vulnerable_code_not_in_execute_path", "code_not_reachable", True, True),
    JustificationRow(J.VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY,
                     "The vulnerable code cannot be controlled by an adversary",
                     "vulnerable_code_cannot_be_controlled_by_adversary",
                     "requires_environment", True, False),
    JustificationRow(J.INLINE_MITIGATIONS_ALREADY_EXIST, "Inline mitigations already exist",
                     "inline_mitigations_already_exist", "protected_by_mitigating_control",
                     True, False),
    JustificationRow(J.REQUIRES_CONFIGURATION,
                     "Exploitation requires a configuration that is not used",
                     "vulnerable_code_cannot_be_controlled_by_adversary",
                     "requires_configuration", False, True),
    JustificationRow(J.REQUIRES_DEPENDENCY,
                     "Exploitation requires a dependency that is not present",
                     "component_not_present", "requires_dependency", False, True),
    JustificationRow(J.REQUIRES_ENVIRONMENT,
                     "Exploitation requires an environment that is not used",
                     "vulnerable_code_cannot_be_controlled_by_adversary",
                     "requires_environment", False, True),
    JustificationRow(J.PROTECTED_BY_COMPILER, "Protected by the compiler",
                     "inline_mitigations_already_exist", "protected_by_compiler", False, True),
    JustificationRow(J.PROTECTED_AT_RUNTIME, "Protected at runtime",
                     "inline_mitigations_already_exist", "protected_at_runtime", False, True),
    JustificationRow(J.PROTECTED_AT_PERIMETER, "Protected at the perimeter",
                     "inline_mitigations_already_exist", "protected_at_perimeter", False, True),
    JustificationRow(J.PROTECTED_BY_MITIGATING_CONTROL, "Protected by a mitigating control",
                     "inline_mitigations_already_exist", "protected_by_mitigating_control",
                     False, True),
)  # fmt: skip
_ROWS = {row.value: row for row in JUSTIFICATIONS}


def justification_row(value: Justification) -> JustificationRow:
    return _ROWS[value]


def justification_name(value: Justification, fmt: VexFormat) -> str:
    """How ``value`` is written in ``fmt`` (OpenVEX and CSAF share one vocabulary)."""
    row = _ROWS[value]
    return row.cyclonedx if fmt is VexFormat.CYCLONEDX else row.openvex


def justification_from(fmt: VexFormat, name: str) -> Justification | None:
    """The Rempart justification a format's value is read as; ``None`` if it is not one."""
    for row in JUSTIFICATIONS:
        if fmt is VexFormat.CYCLONEDX and row.cyclonedx == name and row.exact_cyclonedx:
            return row.value
        if fmt is not VexFormat.CYCLONEDX and row.openvex == name and row.exact_openvex:
            return row.value
    return None


class Response(StrEnum):
    """What the manufacturer does about an affected finding (CycloneDX ``analysis.response``)."""

    UPDATE = "update"
    WORKAROUND_AVAILABLE = "workaround_available"
    WILL_NOT_FIX = "will_not_fix"
    CAN_NOT_FIX = "can_not_fix"
    ROLLBACK = "rollback"


RESPONSE_LABELS = {
    Response.UPDATE: "Update to a fixed version",
    Response.WORKAROUND_AVAILABLE: "Workaround available",
    Response.WILL_NOT_FIX: "Will not fix",
    Response.CAN_NOT_FIX: "Cannot fix",
    Response.ROLLBACK: "Roll back to an unaffected version",
}
#: CSAF 2.0 remediation category (§3.2.3.12.1) per response
CSAF_REMEDIATION = {
    Response.UPDATE: "vendor_fix",
    Response.WORKAROUND_AVAILABLE: "workaround",
    Response.WILL_NOT_FIX: "no_fix_planned",
    Response.CAN_NOT_FIX: "none_available",
    Response.ROLLBACK: "vendor_fix",
}

TEXT_MAX = 10_000
_E = TypeVar("_E", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class Decision:
    """What a person decides about a finding (or what a VEX statement says)."""

    state: TriageState
    justification: Justification | None = None
    impact_statement: str = ""
    responses: tuple[Response, ...] = ()
    action_statement: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "state": self.state.value,
            "justification": self.justification.value if self.justification else None,
            "impact_statement": self.impact_statement,
            "responses": [r.value for r in self.responses],
            "action_statement": self.action_statement,
        }


def parse_decision(
    state: str,
    justification: str | None = None,
    impact_statement: str = "",
    responses: tuple[str, ...] | list[str] = (),
    action_statement: str = "",
) -> Decision:
    """Check a decision as entered; every problem is reported at once, located by field.

    Rules (OpenVEX 0.2 §4.2, CSAF 2.0 6.1.27.9/6.1.27.10): "not affected" needs a
    justification or an impact statement; "affected" needs an action statement or a response;
    a justification belongs only to "not affected".
    """
    problems = ProblemCollector()
    parsed_state = _enum(TriageState, state, "state", problems)
    parsed_justification = (
        _enum(Justification, justification, "justification", problems) if justification else None
    )
    parsed_responses = tuple(
        r for r in (_enum(Response, value, "responses", problems) for value in responses) if r
    )
    for name, text in (
        ("impact_statement", impact_statement),
        ("action_statement", action_statement),
    ):
        if len(text) > TEXT_MAX:
            problems.add(name, f"at most {TEXT_MAX} characters")
    impact, action = impact_statement.strip(), action_statement.strip()
    if parsed_state is TriageState.NOT_AFFECTED and not parsed_justification and not impact:
        problems.add("justification", "'not affected' needs a justification or an impact statement")
    if parsed_state is TriageState.AFFECTED and not action and not parsed_responses:
        problems.add("action_statement", "'affected' needs an action statement or a response")
    if parsed_justification and parsed_state not in (TriageState.NOT_AFFECTED, None):
        problems.add("justification", "a justification belongs only to 'not affected'")
    problems.raise_if_any("the triage decision is refused")
    assert parsed_state is not None  # noqa: S101 - a missing state was reported above
    return Decision(parsed_state, parsed_justification, impact, parsed_responses, action)


def _enum(
    kind: type[_E], value: str | None, field_name: str, problems: ProblemCollector
) -> _E | None:
    try:
        return kind(str(value or "").strip())
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        problems.add(field_name, f"{value!r} is not one of: {allowed}")
        return None


def component_key(purl: str, name: str, version: str) -> str:
    """A component's identity across releases: its purl without qualifiers and subpath.

    Two releases hold "the same, unchanged component" when these keys are equal (version
    included). Without a purl, ``name@version``.
    """
    if purl:
        try:
            parsed = PackageURL.from_string(purl)
        except ValueError:
            return purl.split("#", 1)[0].split("?", 1)[0][:2000]
        bare = PackageURL(parsed.type, parsed.namespace, parsed.name, parsed.version)
        return str(bare.to_string())[:2000]
    return f"{name}@{version}"[:2000]
