"""The rules of what a case covers: default affected releases, consistency, the change told."""

from __future__ import annotations

from rempart.core.errors import ProblemCollector
from rempart.core.reporting.case_links import (
    CaseLinks,
    ReleaseFacts,
    check_links,
    default_releases,
    describe,
    describe_links,
    diff,
    finding_matches,
    vulnerability_names,
)


def test_default_releases_are_placed_on_the_market_and_have_a_matching_finding() -> None:
    releases = [
        ReleaseFacts("router", "1.0", "released", 2),
        ReleaseFacts("router", "0.9", "withdrawn", 1),  # on the market before its withdrawal
        ReleaseFacts("router", "2.0", "planned", 3),  # never placed on the market
        ReleaseFacts("router", "1.1", "released", 0),  # not affected as far as we know
    ]
    assert default_releases(releases) == [("router", "1.0"), ("router", "0.9")]


def test_findings_match_on_the_id_or_any_alias_ignoring_case() -> None:
    names = vulnerability_names("CVE-2026-1111", ["ghsa-aaaa-bbbb-cccc", " "])
    assert names == {"CVE-2026-1111", "GHSA-AAAA-BBBB-CCCC"}
    assert finding_matches(names, "GHSA-aaaa-bbbb-cccc", [])
    assert finding_matches(names, "RUSTSEC-2026-0001", ["cve-2026-1111"])
    assert not finding_matches(names, "CVE-2026-2222", [])
    assert not finding_matches(frozenset(), "CVE-2026-1111", [])  # no vulnerability named


def test_every_link_belongs_to_a_named_product() -> None:
    problems = ProblemCollector()
    check_links(
        ["router"],
        {"router 1.0": "router", "camera 2.0": "camera"},
        {"#4 CVE-1 in zlib 1.2 (camera 2.0)": "camera"},
        {"VR-2026-0001": "router"},
        problems,
    )
    assert [(p.field, p.message.split(" belongs")[0]) for p in problems.problems] == [
        ("releases", "camera 2.0"),
        ("findings", "#4 CVE-1 in zlib 1.2 (camera 2.0)"),
    ]
    empty = ProblemCollector()
    check_links([], {}, {}, {}, empty)
    assert empty.problems[0].field == "products"


def test_a_change_reads_as_what_was_added_and_removed() -> None:
    before = CaseLinks(("router",), ("router 1.0",), ("#1 CVE-1 in a 1 (router 1.0)",))
    after = CaseLinks(("camera", "router"), ("router 1.1",), before.findings, ("VR-2026-0002",))
    changes = diff(before, after)
    assert changes == {
        "products": {"added": ["camera"], "removed": []},
        "releases": {"added": ["router 1.1"], "removed": ["router 1.0"]},
        "vulnerability_reports": {"added": ["VR-2026-0002"], "removed": []},
    }
    assert describe(changes) == (
        "Products: added camera. Releases: added router 1.1; removed router 1.0. "
        "Vulnerability reports: added VR-2026-0002."
    )
    assert diff(before, before) == {}
    assert describe({}) == "No change."
    assert describe_links(before) == (
        "Products: router. Releases: router 1.0. Findings: #1 CVE-1 in a 1 (router 1.0)."
    )
