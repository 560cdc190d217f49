"""The Annex I assessment rules: which requirements, applicability, readiness (pure core)."""

from __future__ import annotations

from datetime import date

import pytest

from rempart.core.cra.assessment import (
    EntryDraft,
    RequirementStatus,
    annex_i_requirements,
    applicable_deadlines,
    readiness,
    requirement,
    validate_action,
    validate_entry,
)
from rempart.core.cra.catalog import load_catalog
from rempart.core.errors import InvalidInput, NotFound
from rempart.core.remediation import RemediationWindows

CATALOG = load_catalog()


def test_requirements_are_part_i_and_ii_from_the_catalog_without_the_chapeau() -> None:
    items = annex_i_requirements(CATALOG)
    ids = [i.id for i in items]
    assert ids[0] == "AI-P1-1"
    assert "AI-P1-2" not in ids
    assert [i for i in ids if i.startswith("AI-P1-2")] == [f"AI-P1-2{c}" for c in "abcdefghijklm"]
    assert [i for i in ids if i.startswith("AI-P2-")] == [f"AI-P2-{n}" for n in range(1, 9)]
    sbom = requirement(CATALOG, "AI-P2-1")
    assert sbom.text == CATALOG.provision("AI-P2-1").text
    assert sbom.ref == "Annex I, Part II, point (1)"
    assert not requirement(CATALOG, "AI-P1-1").may_be_not_applicable
    assert not requirement(CATALOG, "AI-P2-3").may_be_not_applicable
    assert requirement(CATALOG, "AI-P1-2c").may_be_not_applicable
    with pytest.raises(NotFound):
        requirement(CATALOG, "AI-P1-2")


def test_not_applicable_needs_a_justification_citing_art_13_4() -> None:
    item = requirement(CATALOG, "AI-P1-2c")
    with pytest.raises(InvalidInput) as refused:
        validate_entry(item, EntryDraft(applicable=False, justification="   "), [])
    assert [(p.field, p.citation) for p in refused.value.problems] == [("justification", "ART13-4")]
    validate_entry(item, EntryDraft(applicable=False, justification="No updates: see R-3"), [])


def test_part_i_point_1_and_part_ii_cannot_be_not_applicable() -> None:
    for requirement_id in ("AI-P1-1", "AI-P2-4"):
        with pytest.raises(InvalidInput) as refused:
            validate_entry(
                requirement(CATALOG, requirement_id),
                EntryDraft(applicable=False, justification="we think so"),
                [],
            )
        assert refused.value.problems[0].field == "applicable"
        assert refused.value.problems[0].citation == "ART13-3"


def test_links_users_and_review_are_checked_together() -> None:
    item = requirement(CATALOG, "AI-P2-1")
    draft = EntryDraft(
        links=("https://ok.example/doc", "javascript:alert(1)", "file:///etc/passwd", "/relative"),
        owner="mallory",
        reviewed_on=date(2026, 11, 1),
    )
    with pytest.raises(InvalidInput) as refused:
        validate_entry(item, draft, ["alice"])
    fields = [p.field for p in refused.value.problems]
    assert fields == ["links[1]", "links[2]", "links[3]", "owner", "reviewed_on"]


def test_readiness_follows_the_documented_rule() -> None:
    ids = ["A", "B", "C", "D", "E", "F"]
    figure = readiness(
        ids,
        {
            "A": (True, RequirementStatus.MET),
            "B": (True, RequirementStatus.MET),
            "C": (True, RequirementStatus.NOT_MET),
            "D": (True, RequirementStatus.IN_PROGRESS),
            "E": (False, RequirementStatus.NOT_STARTED),
            # F has no entry: not started, counted as not met
        },
    )
    assert (figure.met, figure.not_met, figure.in_progress, figure.not_started) == (2, 1, 1, 1)
    assert figure.not_applicable == 1
    assert figure.applicable == 5
    assert figure.percent == 40  # 2 ÷ 5
    assert figure.explanation == "2 met ÷ 5 applicable = 40 %"
    assert readiness(["A"], {"A": (False, RequirementStatus.MET)}).percent == 0
    assert readiness(ids[:3], dict.fromkeys(ids[:3], (True, RequirementStatus.MET))).percent == 100
    # 1 ÷ 3 rounds down
    assert readiness(ids[:3], {"A": (True, RequirementStatus.MET)}).percent == 33


def test_deadlines_come_from_the_catalog_dates() -> None:
    found = {d.date_id: d.on for d in applicable_deadlines(CATALOG)}
    assert found == {"DATE-ART14": date(2026, 9, 11), "DATE-FULL": date(2027, 12, 11)}


def test_remediation_due_date_rule() -> None:
    rule = RemediationWindows(kev_days=14, critical_days=30)
    seen = date(2026, 11, 1)
    assert rule.due(seen, known_exploited=True) == date(2026, 11, 15)
    assert rule.due(seen, known_exploited=False) == date(2026, 12, 1)
    assert not rule.overdue(seen, True, date(2026, 11, 15))
    assert rule.overdue(seen, True, date(2026, 11, 16))


def test_actions_are_validated() -> None:
    with pytest.raises(InvalidInput) as refused:
        validate_action(" ", "AI-P9-9", "nobody", "later", ["AI-P2-1"], ["alice"])
    assert [p.field for p in refused.value.problems] == ["title", "requirement", "owner", "status"]
    validate_action("Write SBOM", "AI-P2-1", "alice", "open", ["AI-P2-1"], ["alice"])


def test_record_links() -> None:
    from rempart.core.cra.assessment import record_link
    from rempart.core.links import PageRef

    assert record_link("release:router@1.8.2") == PageRef("release", ("router", "1.8.2"))
    finding = record_link("finding:CVE-2024-3094")
    assert finding == PageRef("vulnerability", query=(("id", "CVE-2024-3094"),))
    assert finding.complete("/vulnerabilities/") == "/vulnerabilities/?id=CVE-2024-3094"
    assert record_link("sbom:12") == PageRef("sbom-tree", ("12",))
    assert record_link("product:router") == PageRef("product", ("router",))
    assert record_link("risk:R-7") is None
    assert record_link("sbom:../../x") is None
