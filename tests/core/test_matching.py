"""The matcher: findings, coverage, "not assessed" reasons, KEV/EPSS, subset rescans."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from rempart.core.advisory import AffectedPackage, Package, Vulnerability
from rempart.core.component import Component
from rempart.core.finding import EpssScore, EpssTable, KevCatalog, KevEntry, MatchBasis
from rempart.core.index import AdvisoryIndex, AdvisorySource
from rempart.core.matching import (
    NotAssessedReason,
    match_components,
    package_key_of,
    packages_touched,
    source_status,
)
from rempart.core.versions.purls import PackageKey
from rempart.core.versions.ranges import AffectedRange, Event, EventKind, RangeType

NOW = datetime(2026, 8, 25, tzinfo=UTC)
FRESH = NOW - timedelta(days=1)


def _affected(
    ecosystem: str, name: str, *events: tuple[str, str], versions: tuple[str, ...] = ()
) -> AffectedPackage:
    ranges = (
        (AffectedRange(RangeType.ECOSYSTEM, tuple(Event(EventKind(k), v) for k, v in events)),)
        if events
        else ()
    )
    return AffectedPackage(Package(ecosystem, name), ranges, versions)


def _vuln(vid: str, *affected: AffectedPackage, aliases: tuple[str, ...] = ()) -> Vulnerability:
    return Vulnerability(vid, FRESH, aliases=aliases, summary=f"{vid} summary", affected=affected)


def _index(
    *records: Vulnerability,
    ecosystems: tuple[str, ...] = ("PyPI", "Go", "Maven", "Debian", "npm"),
    **kw: object,
) -> AdvisoryIndex:
    source = AdvisorySource("test", frozenset(ecosystems), len(records), FRESH, FRESH)
    return AdvisoryIndex.build(records, [source], **kw)  # type: ignore[arg-type]


def _c(purl: str | None, ref: str | None = None) -> Component:
    return Component(bom_ref=ref or purl or "x", name="n", purl=purl)


JINJA = _vuln(
    "PYSEC-2021-66",
    _affected("PyPI", "Jinja2", ("introduced", "0"), ("fixed", "2.11.3"), versions=("2.11.2",)),
    aliases=("CVE-2020-28493", "GHSA-g3rq-g295-4j3m"),
)


def test_a_version_inside_a_range_is_a_finding_with_fix_and_evidence() -> None:
    result = match_components([_c("pkg:pypi/jinja2@2.11.2")], _index(JINJA), now=NOW)
    (finding,) = result.findings
    assert finding.vulnerability.id == "PYSEC-2021-66"
    assert finding.basis is MatchBasis.RANGE
    assert finding.matched_range is not None
    assert finding.matched_range.describe() == "introduced 0, fixed 2.11.3"
    assert finding.fixed_versions == ("2.11.3",)
    assert finding.package == PackageKey("PyPI", None, "jinja2")
    assert not result.clean


def test_fixed_version_is_clean_when_everything_was_assessed() -> None:
    result = match_components([_c("pkg:pypi/Jinja2@2.11.3")], _index(JINJA), now=NOW)
    assert result.findings == ()
    assert result.coverage.assessed == 1
    assert result.clean


def test_nothing_to_check_is_not_clean() -> None:
    result = match_components([], _index(JINJA), now=NOW)
    assert not result.clean
    assert not result.coverage.complete


@pytest.mark.parametrize(
    ("component", "reason"),
    [
        (_c(None, "no-purl"), NotAssessedReason.NO_PURL),
        (_c("pkg:/broken"), NotAssessedReason.INVALID_PURL),
        (_c("pkg:generic/zlib@1.2.13"), NotAssessedReason.UNKNOWN_ECOSYSTEM),
        (_c("pkg:pub/http@0.13.0"), NotAssessedReason.UNSUPPORTED_ECOSYSTEM),
        (_c("pkg:deb/debian/curl@7.74.0-1.3"), NotAssessedReason.UNKNOWN_RELEASE),
        # Red Hat advisories name product streams no purl distro maps to: not assessed, said so
        (
            _c("pkg:rpm/redhat/openssl@3.0.7-18.el9?distro=rhel-9"),
            NotAssessedReason.UNKNOWN_RELEASE,
        ),
        (_c("pkg:pypi/jinja2"), NotAssessedReason.NO_VERSION),
        (_c("pkg:pypi/jinja2@1.0%20beta"), NotAssessedReason.UNPARSABLE_VERSION),
        (_c("pkg:cargo/tokio@1.19.2"), NotAssessedReason.NO_SOURCE),
    ],
)
def test_components_that_cannot_be_checked_are_not_assessed(
    component: Component, reason: NotAssessedReason
) -> None:
    result = match_components([component], _index(JINJA), now=NOW)
    assert [n.reason for n in result.coverage.not_assessed] == [reason]
    assert result.coverage.not_assessed[0].detail
    assert not result.clean


def test_unparsable_versions_still_match_listed_strings() -> None:
    odd = _vuln("PYSEC-1", _affected("PyPI", "oldpkg", versions=("1.0 beta",)))
    result = match_components([_c("pkg:pypi/oldpkg@1.0%20beta")], _index(odd), now=NOW)
    assert [f.basis for f in result.findings] == [MatchBasis.LISTED_VERSION]
    assert [n.reason for n in result.coverage.not_assessed] == [
        NotAssessedReason.UNPARSABLE_VERSION
    ]


def test_legacy_pypi_versions_are_ordered_and_the_finding_is_marked() -> None:
    legacy = _vuln(
        "PYSEC-2", _affected("PyPI", "oldpkg", ("introduced", "0"), ("fixed", "0.7.10p2"))
    )
    result = match_components([_c("pkg:pypi/oldpkg@0.7.10p1")], _index(legacy), now=NOW)
    (finding,) = result.findings
    assert finding.basis is MatchBasis.RANGE
    assert finding.legacy_ordering
    assert result.coverage.not_assessed == ()
    modern = match_components([_c("pkg:pypi/jinja2@2.11.2")], _index(JINJA), now=NOW)
    assert not modern.findings[0].legacy_ordering


def test_stale_source_keeps_findings_but_never_says_clean() -> None:
    old = AdvisorySource("old", frozenset({"PyPI"}), 1, NOW - timedelta(days=30))
    index = AdvisoryIndex.build([JINJA], [old])
    vulnerable = match_components([_c("pkg:pypi/jinja2@2.11.2")], index, now=NOW)
    assert len(vulnerable.findings) == 1
    fixed = match_components([_c("pkg:pypi/jinja2@3.0.0")], index, now=NOW)
    assert [n.reason for n in fixed.coverage.not_assessed] == [NotAssessedReason.STALE_SOURCE]
    assert not fixed.clean
    relaxed = match_components(
        [_c("pkg:pypi/jinja2@3.0.0")], index, now=NOW, max_source_age=timedelta(days=60)
    )
    assert relaxed.clean


def test_source_of_unknown_age_is_stale() -> None:
    unknown = AdvisorySource("go", frozenset({"Go"}), 10, newest_modified=None)
    status = source_status(unknown, NOW, timedelta(days=7))
    assert not status.fresh
    assert status.age is None
    assert source_status(
        AdvisorySource("go", frozenset({"Go"}), 10, None, FRESH), NOW, timedelta(days=7)
    ).fresh


def test_unreadable_advisory_marks_its_package_not_assessed() -> None:
    key = PackageKey("PyPI", None, "steam")
    result = match_components(
        [_c("pkg:pypi/steam@1.0")], _index(JINJA, unreadable={key: ["PYSEC-2019-125"]}), now=NOW
    )
    (problem,) = result.coverage.not_assessed
    assert problem.reason is NotAssessedReason.UNREADABLE_ADVISORY
    assert "PYSEC-2019-125" in problem.detail


def test_kev_and_epss_are_attached_through_cve_aliases() -> None:
    kev = KevCatalog(
        "2025.08.25",
        NOW,
        {"CVE-2020-28493": KevEntry("CVE-2020-28493", date(2025, 1, 2), date(2025, 1, 23), True)},
    )
    epss = EpssTable(
        "v2025.03.14",
        NOW,
        {"CVE-2020-28493": EpssScore("CVE-2020-28493", 0.25, 0.9)},
    )
    result = match_components(
        [_c("pkg:pypi/jinja2@2.11.2")], _index(JINJA, kev=kev, epss=epss), now=NOW
    )
    (finding,) = result.findings
    assert finding.known_exploited.kev
    assert finding.known_exploited.date_added == date(2025, 1, 2)
    assert finding.known_exploited.ransomware
    assert finding.epss == EpssScore("CVE-2020-28493", 0.25, 0.9)
    names = [s.source.name for s in result.coverage.sources]
    assert names == ["test", "CISA KEV", "FIRST EPSS"]


def test_aliases_give_one_finding_not_two() -> None:
    ghsa = _vuln(
        "GHSA-g3rq-g295-4j3m",
        _affected("PyPI", "jinja2", ("introduced", "0"), ("fixed", "2.11.3")),
        aliases=("CVE-2020-28493",),
    )
    result = match_components([_c("pkg:pypi/jinja2@2.11.2")], _index(JINJA, ghsa), now=NOW)
    assert len(result.findings) == 1


def test_release_scoped_advisories_match_only_their_release() -> None:
    deb12 = _vuln(
        "DSA-1",
        _affected("Debian:12", "openssl", ("introduced", "0"), ("fixed", "3.0.11-1~deb12u2")),
    )
    anydeb = _vuln(
        "DEBIAN-2", _affected("Debian", "openssl", ("introduced", "0"), ("fixed", "3.0.0"))
    )
    index = _index(deb12, anydeb)
    on12 = "pkg:deb/debian/libssl3@3.0.11-1~deb12u1?upstream=openssl&distro=debian-12"
    on11 = "pkg:deb/debian/libssl3@1.1.1n-0+deb11u5?upstream=openssl&distro=debian-11"
    assert [f.vulnerability.id for f in match_components([_c(on12)], index, now=NOW).findings] == [
        "DSA-1"
    ]
    assert [f.vulnerability.id for f in match_components([_c(on11)], index, now=NOW).findings] == [
        "DEBIAN-2"
    ]


def test_go_package_paths_fall_back_to_their_module() -> None:
    net = _vuln(
        "GO-2023-2102",
        _affected("Go", "golang.org/x/net", ("introduced", "0"), ("fixed", "0.17.0")),
    )
    index = _index(net)
    package = "pkg:golang/golang.org/x/net/http2@v0.7.0?type=package"
    assert len(match_components([_c(package)], index, now=NOW).findings) == 1
    module = "pkg:golang/golang.org/x/net/http2@v0.7.0"  # a module path: no fallback
    assert match_components([_c(module)], index, now=NOW).findings == ()


def test_go_module_paths_match_case_insensitively() -> None:
    wasm = _vuln(
        "GO-2025-3448",
        _affected("Go", "github.com/CosmWasm/wasmvm/v2", ("introduced", "0"), ("fixed", "2.2.2")),
    )
    lowered = "pkg:golang/github.com/cosmwasm/wasmvm/v2@v2.1.0"
    assert len(match_components([_c(lowered)], _index(wasm), now=NOW).findings) == 1


def test_maven_release_alias_end_to_end() -> None:
    spring = _vuln(
        "GHSA-36p3",
        _affected(
            "Maven", "org.springframework:spring-beans", ("introduced", "0"), ("fixed", "5.3.18")
        ),
    )
    index = _index(spring)
    hit = match_components(
        [_c("pkg:maven/org.springframework/spring-beans@5.3.17.RELEASE")], index, now=NOW
    )
    miss = match_components(
        [_c("pkg:maven/org.springframework/spring-beans@5.3.18.RELEASE")], index, now=NOW
    )
    assert len(hit.findings) == 1
    assert miss.findings == ()


def test_subset_rescan_with_packages_touched() -> None:
    components = [_c("pkg:pypi/jinja2@2.11.2"), _c("pkg:pypi/flask@1.0"), _c(None, "nopurl")]
    touched = packages_touched([JINJA])
    assert touched == frozenset({PackageKey("PyPI", None, "jinja2")})
    assert package_key_of(components[0]) in touched
    assert package_key_of(components[2]) is None
    result = match_components(components, _index(JINJA), now=NOW, only=touched)
    assert result.coverage.components == 1
    assert len(result.findings) == 1


def test_coverage_counts() -> None:
    components = [
        _c("pkg:pypi/jinja2@2.11.2"),
        _c("pkg:pypi/flask@1.0"),
        _c("pkg:generic/x@1"),
        _c(None, "y"),
    ]
    coverage = match_components(components, _index(JINJA), now=NOW).coverage
    assert (coverage.components, coverage.identified, coverage.assessed) == (4, 2, 2)
    assert len(coverage.not_assessed) == 2


def test_index_lookup_and_sources_from_records() -> None:
    source = AdvisorySource.from_records("osv", [JINJA], retrieved_at=FRESH)
    assert source.ecosystems == frozenset({"PyPI"})
    assert source.record_count == 1
    assert source.as_of == FRESH
    index = AdvisoryIndex.build(
        [JINJA, _vuln("X-1", _affected("Pub", "http", ("introduced", "0")))], [source]
    )
    assert index.entry_count == 1
    assert index.ignored == {"unsupported ecosystem": 1}
    assert [e.vulnerability.id for e in index.lookup(PackageKey("PyPI", None, "jinja2"))] == [
        "PYSEC-2021-66"
    ]


def test_a_memo_gives_the_same_result_and_forgets_when_freshness_changes() -> None:
    from rempart.core.matching import MatchMemo

    old = AdvisorySource("old", frozenset({"PyPI"}), 1, NOW - timedelta(days=30))
    index = AdvisoryIndex.build([JINJA], [old])
    components = [
        _c("pkg:pypi/jinja2@2.11.2", "a"),
        _c("pkg:pypi/jinja2@2.11.2", "b"),  # the same purl under another bom-ref
        _c("pkg:pypi/jinja2@3.0.0", "c"),
        _c("pkg:npm/left-pad@1.0.0", "d"),
        _c(None, "e"),
    ]
    memo = MatchMemo()
    plain = match_components(components, index, now=NOW)
    for _ in range(2):  # the second run is served from the memo
        remembered = match_components(components, index, now=NOW, memo=memo)
        assert remembered == plain
    assert [f.component.bom_ref for f in remembered.findings] == ["a", "b"]
    # A longer allowed age makes the source fresh: the memo must not answer "stale".
    relaxed = match_components(
        components, index, now=NOW, max_source_age=timedelta(days=60), memo=memo
    )
    assert relaxed == match_components(
        components, index, now=NOW, max_source_age=timedelta(days=60)
    )
    assert NotAssessedReason.STALE_SOURCE not in {n.reason for n in relaxed.coverage.not_assessed}


def test_a_memo_forgets_when_the_index_is_replaced_even_at_the_same_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A new index may live where the freed one lived; the memo must not answer for it."""
    from rempart.core import matching
    from rempart.core.matching import MatchMemo

    # CPython hands a freed object's address to a later one: every index "at one address".
    monkeypatch.setattr(matching, "id", lambda _obj: 1, raising=False)
    memo = MatchMemo()
    components = [_c("pkg:pypi/jinja2@2.11.2", "a")]
    first = match_components(components, _index(JINJA), now=NOW, memo=memo)
    assert [f.vulnerability.id for f in first.findings] == ["PYSEC-2021-66"]
    # The update narrows the range: 2.11.2 is no longer affected.
    narrowed = _vuln("PYSEC-2021-66", _affected("PyPI", "Jinja2", ("introduced", "3.0")))
    assert not match_components(components, _index(narrowed), now=NOW, memo=memo).findings
