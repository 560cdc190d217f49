"""The triage vocabulary: the one mapping table, decisions' rules, severity tiers."""

from __future__ import annotations

import pytest

from rempart.core.advisory import parse_severity
from rempart.core.errors import InvalidInput
from rempart.core.remediation import RemediationWindows
from rempart.core.severity import CveFacts, Rating, Tier, resolve, severity_rank
from rempart.core.triage import (
    JUSTIFICATIONS,
    Justification,
    TriageState,
    VexFormat,
    justification_from,
    justification_name,
    parse_decision,
    state_from,
    state_name,
)


def test_every_state_round_trips_in_every_format() -> None:
    for fmt in VexFormat:
        for state in TriageState:
            back = state_from(fmt, state_name(state, fmt))
            expected = (
                TriageState.NOT_AFFECTED
                if state is TriageState.FALSE_POSITIVE and fmt is not VexFormat.CYCLONEDX
                else state
            )
            assert back is expected, (fmt, state)


def test_native_justifications_round_trip() -> None:
    assert {row.value for row in JUSTIFICATIONS} == set(Justification)
    for row in JUSTIFICATIONS:
        if row.exact_openvex:
            assert (
                justification_from(
                    VexFormat.OPENVEX, justification_name(row.value, VexFormat.OPENVEX)
                )
                is row.value
            )
            assert (
                justification_from(VexFormat.CSAF, justification_name(row.value, VexFormat.CSAF))
                is row.value
            )
        if row.exact_cyclonedx:
            assert (
                justification_from(
                    VexFormat.CYCLONEDX, justification_name(row.value, VexFormat.CYCLONEDX)
                )
                is row.value
            )
    # every value of each vocabulary is read as something
    assert {row.openvex for row in JUSTIFICATIONS if row.exact_openvex} == {
        row.openvex for row in JUSTIFICATIONS
    }
    assert {row.cyclonedx for row in JUSTIFICATIONS if row.exact_cyclonedx} == {
        row.cyclonedx for row in JUSTIFICATIONS
    }


def test_decision_rules() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_decision("not_affected", responses=["bogus"])
    assert {p.field for p in caught.value.problems} == {"responses", "justification"}
    assert parse_decision("not_affected", impact_statement="never called").justification is None
    assert parse_decision("affected", responses=["update"]).state is TriageState.AFFECTED


def test_severity_tiers() -> None:
    ghsa = Rating.from_severity(
        Tier.ALIAS,
        "GHSA-x",
        parse_severity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N"),
    )
    cve = CveFacts("CVE-1", "PUBLISHED", None, ratings=(
        Rating.from_severity(Tier.CVE_CNA, "CVE-1", parse_severity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")),
    ))  # fmt: skip
    assert resolve("GO-1", [], [ghsa], [cve]).rating == ghsa  # the alias tier comes before CVE
    assert resolve("GO-1", [], [], [cve]).label == "critical"
    assert resolve("GO-1", [], [], []).label == "unknown"
    assert severity_rank("unknown") < severity_rank("high")


def test_remediation_windows() -> None:
    rule = RemediationWindows(14, 30)
    assert rule.days_for("unknown", False) == 30
    assert rule.days_for("low", True) == 14
    assert rule.days_for("none", False) is None
