"""Report submissions, references, the state machine, form tokens and the policy text."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest

from rempart.core.disclosure import form_token, policy
from rempart.core.disclosure.reports import (
    MAX_DETAILS,
    REFERENCE,
    TRANSITIONS,
    ReportStatus,
    Submission,
    check_reference,
    check_transition,
    make_reference,
    validate_submission,
)
from rempart.core.disclosure.settings import DisclosureSettings
from rempart.core.errors import Conflict, InvalidInput

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SECRET = b"test-secret"


def good(**changes: object) -> Submission:
    values: dict[str, object] = {
        "product": "router",
        "summary": "Stored XSS in the admin UI",
        "details": "Steps: ...",
        "affected_versions": "1.0-1.2",
        "reporter_contact": "mailto:me@example.org",
    }
    values.update(changes)
    return Submission(**values)  # type: ignore[arg-type]


def test_valid_submission_is_cleaned() -> None:
    cleaned = validate_submission(good(summary="  padded  "), frozenset({"router"}))
    assert cleaned.summary == "padded"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"product": "fridge"}, "product"),
        ({"summary": ""}, "summary"),
        ({"summary": "a\nb"}, "summary"),
        ({"summary": "x" * 201}, "summary"),
        ({"details": "x" * (MAX_DETAILS + 1)}, "details"),
        ({"details": "bell\x07"}, "details"),
        ({"reporter_contact": "just a name"}, "reporter_contact"),
    ],
)
def test_bad_submissions_name_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        validate_submission(good(**changes), frozenset({"router"}))
    assert [p.field for p in refused.value.problems] == [field]


def test_references_are_well_formed_and_distinct() -> None:
    refs = {make_reference(i.to_bytes(8, "big")) for i in range(0, 2**40, 2**34)}
    assert len(refs) == 64
    assert all(REFERENCE.match(r) for r in refs)
    assert check_reference(" vr-0000-0000-0001 ") == "VR-0000-0000-0001"
    with pytest.raises(InvalidInput):
        check_reference("VR-IIII-0000-0000")  # I is not in the alphabet
    with pytest.raises(ValueError, match="8 random bytes"):
        make_reference(b"short")


def test_state_machine_allows_the_path_and_refuses_shortcuts() -> None:
    path = [ReportStatus.NEW, ReportStatus.ACKNOWLEDGED, ReportStatus.TRIAGED]
    for current, target in itertools.pairwise(path):
        assert check_transition(current, target, "") == ""
    assert check_transition(ReportStatus.TRIAGED, ReportStatus.ACCEPTED, " confirmed ") == (
        "confirmed"
    )
    with pytest.raises(Conflict, match="a new report cannot become fixed"):
        check_transition(ReportStatus.NEW, ReportStatus.FIXED, "done")
    with pytest.raises(Conflict, match=r"allowed: none \(closed\)"):
        check_transition(ReportStatus.FIXED, ReportStatus.TRIAGED, "")
    with pytest.raises(InvalidInput) as refused:
        check_transition(ReportStatus.TRIAGED, ReportStatus.REJECTED, "  ")
    assert refused.value.problems[0].field == "decision"
    assert TRANSITIONS[ReportStatus.FIXED] == frozenset()
    assert set(TRANSITIONS) == set(ReportStatus)


def test_form_token_window_signature_and_format() -> None:
    token = form_token.issue(SECRET, "abc123", NOW)
    assert form_token.verify(SECRET, token, NOW + timedelta(seconds=5)) == "abc123"
    refusals = [
        (token, NOW, "too fast"),
        (token, NOW + timedelta(hours=3), "expired"),
        (form_token.issue(b"other", "abc123", NOW), NOW + timedelta(seconds=5), "not issued"),
        (token.replace("abc123", "abc124"), NOW + timedelta(seconds=5), "not issued"),
        ("garbage", NOW, "malformed"),
        ("x" * 500, NOW, "malformed"),
    ]
    for candidate, when, reason in refusals:
        with pytest.raises(InvalidInput, match=reason) as refused:
            form_token.verify(SECRET, candidate, when)
        assert refused.value.problems[0].field == "form_token"


def test_policy_states_the_commitments_and_cites_requirements() -> None:
    settings = DisclosureSettings(
        organization_name="ACME <GmbH>",
        contacts=("mailto:psirt@acme.example",),
        public_base_url="https://psirt.acme.example",
        acknowledge_days=3,
        disclosure_days=60,
        safe_harbour=False,
    )
    document = policy.build_policy(settings, ("Nimbus Router",), date(2026, 11, 23))
    markdown = policy.to_markdown(document)
    assert "# Vulnerability disclosure policy of ACME <GmbH>" in markdown
    assert "- Nimbus Router" in markdown
    assert "acknowledge your report within 3 days" in markdown
    assert "up to 60 days" in markdown
    assert "Safe harbour" not in markdown
    assert "Web form (no account needed): https://psirt.acme.example/report/" in markdown
    assert "AI-P2-5" in markdown
    assert "AI-P2-6" in markdown
    html = policy.to_html(document)
    assert "ACME &lt;GmbH&gt;" in html
    assert "<GmbH>" not in html
