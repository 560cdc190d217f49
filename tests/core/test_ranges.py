"""OSV range evaluation (ossf/osv-schema docs/schema.md, "Evaluation"), event by event."""

from __future__ import annotations

import pytest

from rempart.core.versions.golang import GO
from rempart.core.versions.pep440 import PEP440
from rempart.core.versions.ranges import (
    AffectedRange,
    Event,
    EventKind,
    InvalidRange,
    RangeType,
    compile_range,
    compile_versions,
)
from rempart.core.versions.scheme import VersionScheme
from rempart.core.versions.semver import NPM

INTRO, F, L, X = EventKind.INTRODUCED, EventKind.FIXED, EventKind.LAST_AFFECTED, EventKind.LIMIT


def _range(*events: tuple[EventKind, str], kind: RangeType = RangeType.ECOSYSTEM) -> AffectedRange:
    return AffectedRange(kind, tuple(Event(k, v) for k, v in events))


def _affected(scheme: VersionScheme, affected_range: AffectedRange, version: str) -> bool:
    return compile_range(affected_range, scheme).contains(scheme.parse(version))


@pytest.mark.parametrize(
    ("version", "expected"), [("0.0.1", True), ("1.0.1", True), ("1.0.2", False), ("9.9.9", False)]
)
def test_introduced_zero_and_fixed(version: str, expected: bool) -> None:
    assert _affected(NPM, _range((INTRO, "0"), (F, "1.0.2")), version) is expected


def test_unfixed_vulnerability_affects_everything() -> None:
    unfixed = _range((INTRO, "0"))
    assert all(_affected(NPM, unfixed, v) for v in ("0.0.0-0", "1.0.0", "99.0.0"))


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("0.9.0", False),
        ("1.0.0", True),
        ("1.0.1", True),
        ("1.0.2", False),
        ("2.0.0", False),
        ("3.0.0", True),
        ("3.2.4", True),
        ("3.2.5", False),
    ],
)
def test_multiple_introduced_events_give_several_intervals(version: str, expected: bool) -> None:
    ranges = _range((INTRO, "1.0.0"), (F, "1.0.2"), (INTRO, "3.0.0"), (F, "3.2.5"))
    assert _affected(NPM, ranges, version) is expected


def test_unsorted_events_are_sorted_before_replay() -> None:
    ordered = _range((INTRO, "1.0.0"), (F, "1.0.2"), (INTRO, "3.0.0"), (F, "3.2.5"))
    shuffled = _range((F, "3.2.5"), (INTRO, "3.0.0"), (F, "1.0.2"), (INTRO, "1.0.0"))
    for version in ("0.1.0", "1.0.0", "1.0.2", "2.5.0", "3.1.0", "3.2.5", "4.0.0"):
        assert _affected(NPM, ordered, version) == _affected(NPM, shuffled, version), version


@pytest.mark.parametrize(
    ("version", "expected"),
    [("1.0.0", True), ("1.4.0", True), ("1.4.1", False), ("1.4.0-rc.1", True)],
)
def test_last_affected_is_inclusive(version: str, expected: bool) -> None:
    assert _affected(NPM, _range((INTRO, "1.0.0"), (L, "1.4.0")), version) is expected


@pytest.mark.parametrize(
    ("version", "expected"), [("1.0.0", True), ("1.9.9", True), ("2.0.0", False), ("3.0.0", False)]
)
def test_limit_bounds_the_range(version: str, expected: bool) -> None:
    assert _affected(NPM, _range((INTRO, "0"), (X, "2.0.0")), version) is expected


def test_limit_star_is_infinity_and_several_limits_are_alternatives() -> None:
    assert _affected(NPM, _range((INTRO, "0"), (X, "*")), "99.0.0")
    several = _range((INTRO, "0"), (X, "2.0.0"), (X, "5.0.0"))
    assert _affected(NPM, several, "4.0.0")
    assert not _affected(NPM, several, "5.0.0")


def test_ties_keep_record_order_an_adjacent_pair_is_an_empty_interval() -> None:
    # RUSTSEC-2022-0012 (arrow2): "introduced 0.10.0, fixed 0.10.0" closes the list
    arrow2 = _range((INTRO, "0.0.0-0"), (F, "0.9.2"), (INTRO, "0.10.0"), (F, "0.10.0"))
    assert not _affected(NPM, arrow2, "0.10.0")
    assert not _affected(NPM, arrow2, "0.10.1")
    assert _affected(NPM, arrow2, "0.9.1")


def test_fix_and_reintroduction_at_one_version_leave_it_affected() -> None:
    # PYSEC-2022-236: [0, 3.1.1) + [3.2.0, 3.2.2) + [3.1.1, 3.1.3), unsorted
    record = _range(
        (INTRO, "0"), (F, "3.1.1"), (INTRO, "3.2.0"), (F, "3.2.2"), (INTRO, "3.1.1"), (F, "3.1.3")
    )
    assert _affected(PEP440, record, "3.1.1")
    assert _affected(PEP440, record, "3.1.2")
    assert not _affected(PEP440, record, "3.1.3")
    assert _affected(PEP440, record, "3.2.1")


def test_pre_releases_below_introduced_are_not_affected() -> None:
    pypi = _range((INTRO, "2.0"), (F, "2.1"))
    assert not _affected(PEP440, pypi, "2.0rc1")
    assert _affected(PEP440, pypi, "2.1.dev0")  # dev releases of 2.1 precede 2.1
    assert not _affected(PEP440, pypi, "2.1")


def test_semver_ranges_in_a_non_semver_ecosystem_use_semver_precedence() -> None:
    # PEP 440 would read 1.0.0-rc.1 as 1.0.0rc1 too, but 1.0.0-foo is not PEP 440 at all
    compiled = compile_range(
        _range((INTRO, "1.0.0-foo"), (F, "2.0.0"), kind=RangeType.SEMVER), PEP440
    )
    assert compiled.contains_version("v1.5.0")
    assert compiled.contains_version("not a version") is None


def test_go_ranges_accept_v_prefixed_component_versions() -> None:
    compiled = compile_range(_range((INTRO, "0"), (F, "0.17.0"), kind=RangeType.SEMVER), GO)
    assert compiled.contains_version("v0.7.0")
    assert compiled.contains_version("v0.0.0-20220722155237-a158d28d115b")
    assert not compiled.contains_version("v0.17.0")


@pytest.mark.parametrize(
    ("events", "message"),
    [
        (((F, "1.0"),), "introduced"),
        (((INTRO, "0"), (F, "1.0"), (L, "0.9")), "both fixed and last_affected"),
    ],
)
def test_ranges_that_break_the_schema_are_refused(
    events: tuple[tuple[EventKind, str], ...], message: str
) -> None:
    with pytest.raises(InvalidRange, match=message):
        compile_range(_range(*events), PEP440)


def test_unparsable_event_versions_are_refused_with_the_field() -> None:
    with pytest.raises(InvalidRange) as caught:
        compile_range(_range((INTRO, "0"), (F, "2019 09 12")), PEP440)
    assert caught.value.problems[0].field == "fixed"


def test_git_ranges_are_not_evaluated() -> None:
    git = AffectedRange(RangeType.GIT, (Event(INTRO, "a" * 40),), repo="https://example.org/x.git")
    with pytest.raises(InvalidRange, match="GIT"):
        compile_range(git, PEP440)


def test_listed_versions_match_equal_versions_and_exact_strings() -> None:
    listed = compile_versions(["1.0.0", "1.1", "0.7.10p1"], PEP440)
    assert listed.contains("1.0", PEP440.try_parse("1.0"))
    assert listed.contains("1.1.0", PEP440.try_parse("1.1.0"))
    assert listed.contains("0.7.10p1", None)  # legacy, unparsable: exact string only
    assert not listed.contains("1.2", PEP440.try_parse("1.2"))
    assert not listed.contains("0.7.10P1", None)


def test_describe_keeps_record_order() -> None:
    record = _range((INTRO, "0"), (F, "1.2.3"))
    assert record.describe() == "introduced 0, fixed 1.2.3"
    assert record.versions_of(F) == ("1.2.3",)
