"""Severity scoring and alias merging of vulnerability records."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rempart.core.advisory import (
    AffectedPackage,
    Package,
    SeverityLabel,
    Vulnerability,
    label_for_score,
    merge_vulnerabilities,
    parse_severity,
)
from rempart.core.versions.ranges import AffectedRange, Event, EventKind, RangeType


def _when(day: int) -> datetime:
    return datetime(2024, 1, day, tzinfo=UTC)


def _pkg(name: str, fixed: str, ecosystem: str = "PyPI") -> AffectedPackage:
    events = (Event(EventKind.INTRODUCED, "0"), Event(EventKind.FIXED, fixed))
    return AffectedPackage(Package(ecosystem, name), (AffectedRange(RangeType.ECOSYSTEM, events),))


@pytest.mark.parametrize(
    ("kind", "vector", "score", "label"),
    [
        ("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, SeverityLabel.CRITICAL),
        ("CVSS_V3", "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 5.9, SeverityLabel.MEDIUM),
        (
            "CVSS_V4",
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N",
            5.1,
            SeverityLabel.MEDIUM,
        ),
        ("CVSS_V2", "AV:N/AC:L/Au:N/C:C/I:C/A:C", 10.0, SeverityLabel.HIGH),
        ("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0, SeverityLabel.NONE),
    ],
)
def test_cvss_vectors_are_scored(
    kind: str, vector: str, score: float, label: SeverityLabel
) -> None:
    severity = parse_severity(kind, vector)
    assert severity.score == score
    assert severity.label is label


def test_unreadable_vectors_and_other_types_do_not_raise() -> None:
    assert parse_severity("CVSS_V3", "garbage").label is SeverityLabel.UNKNOWN
    assert parse_severity("Ubuntu", "negligible").label is SeverityLabel.LOW
    assert parse_severity("Other", "7").label is SeverityLabel.UNKNOWN


def test_rating_bands() -> None:
    assert [label_for_score(s) for s in (9.0, 7.0, 4.0, 0.1, 0.0)] == [
        SeverityLabel.CRITICAL,
        SeverityLabel.HIGH,
        SeverityLabel.MEDIUM,
        SeverityLabel.LOW,
        SeverityLabel.NONE,
    ]


def test_aliases_merge_and_the_newest_record_wins() -> None:
    pysec = Vulnerability(
        "PYSEC-2024-1",
        _when(5),
        aliases=("CVE-2024-1", "GHSA-aaaa"),
        summary="old",
        affected=(_pkg("foo", "1.1"),),
    )
    ghsa = Vulnerability(
        "GHSA-aaaa",
        _when(9),
        aliases=("CVE-2024-1",),
        summary="new",
        affected=(_pkg("Foo", "1.2"),),
    )
    go = Vulnerability(
        "GO-2024-9",
        _when(1),
        aliases=("CVE-2024-1",),
        affected=(_pkg("example.com/foo", "1.0.0", "Go"),),
    )
    (merged,) = merge_vulnerabilities([pysec, go, ghsa])
    assert merged.id == "GHSA-aaaa"
    assert merged.aliases == ("CVE-2024-1", "GO-2024-9", "PYSEC-2024-1")
    assert merged.summary == "new"
    # foo (PyPI) comes from the newest record only; the Go package from the Go record
    assert [a.fixed_versions for a in merged.affected] == [("1.2",), ("1.0.0",)]
    assert merged.cve_ids == ("CVE-2024-1",)


def test_records_linked_only_through_a_third_id_keep_their_own_ranges() -> None:
    # PYSEC-2021-88 (CVE-2021-32633) and PYSEC-2021-104 (CVE-2021-32674) share a GHSA alias
    older = Vulnerability(
        "PYSEC-2021-88", _when(1), aliases=("GHSA-5pr9",), affected=(_pkg("zope", "4.6"),)
    )
    newer = Vulnerability(
        "PYSEC-2021-104", _when(2), aliases=("GHSA-5pr9",), affected=(_pkg("zope", "4.6.1"),)
    )
    (merged,) = merge_vulnerabilities([older, newer])
    assert merged.id == "PYSEC-2021-104"
    assert [a.fixed_versions for a in merged.affected] == [("4.6.1",), ("4.6",)]


def test_merge_is_independent_of_input_order() -> None:
    a = Vulnerability("A-1", _when(2), aliases=("B-1",))
    b = Vulnerability("B-1", _when(2))
    assert merge_vulnerabilities([a, b]) == merge_vulnerabilities([b, a])
    assert merge_vulnerabilities([a, b])[0].id == "A-1"  # tie on modified: smallest id


def test_withdrawn_records_are_dropped() -> None:
    live = Vulnerability("X-1", _when(1))
    gone = Vulnerability("X-2", _when(2), withdrawn=_when(3))
    assert [v.id for v in merge_vulnerabilities([live, gone])] == ["X-1"]


def test_a_newer_withdrawn_copy_removes_the_older_live_one() -> None:
    live = Vulnerability("X-1", _when(1))
    withdrawn = Vulnerability("X-1", _when(2), withdrawn=_when(2))
    assert merge_vulnerabilities([live, withdrawn]) == ()
    assert merge_vulnerabilities([withdrawn, live]) == ()


def test_copies_of_one_id_keep_the_newest() -> None:
    old = Vulnerability("X-1", _when(1), summary="old")
    new = Vulnerability("X-1", _when(2), summary="new")
    (merged,) = merge_vulnerabilities([new, old])
    assert merged.summary == "new"
    assert merged.aliases == ()


def test_worst_severity_across_record_and_packages() -> None:
    low = parse_severity("CVSS_V3", "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N")
    high = parse_severity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N")
    pkg = AffectedPackage(Package("PyPI", "x"), severity=(high,))
    vulnerability = Vulnerability("X-1", None, severity=(low,), affected=(pkg,))
    assert (
        vulnerability.severity_label is SeverityLabel.CRITICAL
        or vulnerability.worst_severity == high
    )
    assert Vulnerability("X-2", None).severity_label is SeverityLabel.UNKNOWN
