"""Correctness of version semantics on the real OSV data (docs/version-correctness.md).

For every record of the shared archives (PyPI, Go, crates.io):

- *listed*: where an ``affected[]`` entry lists explicit ``versions``, each listed
  (package, version) must be matched by the matcher, and each ``fixed`` version of each of
  that entry's ranges must not be;
- *boundaries* (every record, including those without a ``versions`` list, which is every Go
  and crates.io record): each ``introduced`` (except "0") and ``last_affected`` version must
  be matched and each ``fixed`` version must not be.

Each record goes through the real matcher (purl -> ecosystem -> index -> ranges) with an index
of that record alone, so alias merging (tests/core/test_advisory.py) does not blur what one
record says. Every miss must appear in ``KNOWN`` with a reason, and the reason is *verified*
against the record; the test fails on an unexplained miss, on a reason that does not hold, and
on a listed miss that no longer happens. ``pytest -s`` prints the per-ecosystem table.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from packageurl import PackageURL

from rempart.core.advisory import Vulnerability
from rempart.core.component import Component
from rempart.core.index import AdvisoryIndex, AdvisorySource
from rempart.core.matching import match_components
from rempart.core.versions.ecosystems import ecosystem as lookup_ecosystem
from rempart.core.versions.ranges import EventKind, RangeType

from .osv_corpus import ARCHIVES, load_archive

NOW = datetime(2026, 8, 25, tzinfo=UTC)

# Reasons a record contradicts itself; each is checked by ``_holds`` below.
OTHER_ENTRY = "another affected[] entry of the record for the same package covers the version"
LISTED = "the record's own versions list contains its fixed version"
REINTRODUCED = "the range fixes the version, then introduces it again later in record order"
FIXED_AT_ONCE = "the range introduces the version, then fixes it at the same version"

KNOWN: dict[tuple[str, str, str], str] = {
    ("GO-2023-2185", "fixed", "1.20.11"): OTHER_ENTRY,
    ("GO-2023-2185", "fixed", "1.21.4"): OTHER_ENTRY,
    ("GO-2025-3442", "fixed", "0.38.17"): OTHER_ENTRY,
    ("GO-2025-3448", "fixed", "2.0.6"): OTHER_ENTRY,
    ("GO-2025-3448", "fixed", "2.1.5"): OTHER_ENTRY,
    ("GO-2025-3540", "fixed", "9.5.5"): OTHER_ENTRY,
    ("GO-2025-3642", "fixed", "1.41.0"): OTHER_ENTRY,
    ("GO-2025-3642", "fixed", "8.0.0-20250218121836-2b5275d87136"): OTHER_ENTRY,
    ("GO-2025-3643", "fixed", "1.41.0"): OTHER_ENTRY,
    ("GO-2025-3643", "fixed", "8.0.0-20250218121836-2b5275d87136"): OTHER_ENTRY,
    ("GO-2025-3644", "fixed", "1.41.0"): OTHER_ENTRY,
    ("GO-2025-3644", "fixed", "8.0.0-20250218121836-2b5275d87136"): OTHER_ENTRY,
    ("GO-2025-3648", "fixed", "0.2.1"): OTHER_ENTRY,
    ("GO-2025-3648", "fixed", "0.4.4"): OTHER_ENTRY,
    ("GO-2025-3648", "fixed", "0.5.13"): OTHER_ENTRY,
    ("GO-2025-3825", "fixed", "2.12.4-rc1+incompatible"): OTHER_ENTRY,
    ("GO-2025-3825", "fixed", "2.13.1-rc1+incompatible"): OTHER_ENTRY,
    ("PYSEC-2021-114", "fixed", "2.11.6"): LISTED,
    ("PYSEC-2022-236", "fixed", "3.1.1"): REINTRODUCED,
    ("PYSEC-2022-42972", "introduced", "0.13.0"): FIXED_AT_ONCE,
    ("PYSEC-2023-177", "fixed", "23.9.0"): LISTED,
    ("PYSEC-2023-72", "fixed", "3.1.1"): REINTRODUCED,
    ("PYSEC-2023-72", "introduced", "3.2.0"): FIXED_AT_ONCE,
    ("RUSTSEC-2022-0012", "introduced", "0.10.0"): FIXED_AT_ONCE,
    ("RUSTSEC-2023-0039", "introduced", "1.2.0"): FIXED_AT_ONCE,
    ("RUSTSEC-2024-0399", "introduced", "0.23.0"): FIXED_AT_ONCE,
}


@dataclass(frozen=True)
class Check:
    ecosystem: str
    mode: str  # listed | boundaries
    record: Vulnerability
    entry: int  # index into record.affected
    kind: str  # listed | fixed | introduced | last_affected
    version: str
    expect_match: bool

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.record.id, self.kind, self.version)


def _purl(ecosystem: str, name: str, version: str) -> str:
    if ecosystem == "Go":
        namespace, _, short = name.rpartition("/")
        version = version if version.startswith("v") else f"v{version}"
        return PackageURL("golang", namespace or None, short, version).to_string()
    purl_type = {"PyPI": "pypi", "crates.io": "cargo"}[ecosystem]
    return PackageURL(purl_type, None, name, version).to_string()


def _checks(ecosystem: str, record: Vulnerability, mode: str) -> list[Check]:
    found: list[Check] = []
    for index, affected in enumerate(record.affected):
        if mode == "listed":
            if not affected.versions:
                continue
            found += [
                Check(ecosystem, mode, record, index, "listed", v, True) for v in affected.versions
            ]
        for affected_range in affected.ranges:
            if affected_range.type is RangeType.GIT:
                continue
            for event in affected_range.events:
                if event.kind is EventKind.FIXED:
                    found.append(
                        Check(ecosystem, mode, record, index, "fixed", event.version, False)
                    )
                elif (
                    mode == "boundaries"
                    and event.kind is not EventKind.LIMIT
                    and event.version != "0"
                ):
                    found.append(
                        Check(ecosystem, mode, record, index, event.kind.value, event.version, True)
                    )
    return found


def _matched(ecosystem: str, record: Vulnerability, checks: list[Check]) -> set[int]:
    """Indexes of ``checks`` whose (package, version) the matcher finds affected by ``record``."""
    source = AdvisorySource("record", frozenset({ecosystem}), 1, NOW, NOW)
    index = AdvisoryIndex.build([record], [source])
    components = [
        Component(
            bom_ref=str(i),
            name="x",
            purl=_purl(ecosystem, record.affected[c.entry].package.name, c.version),
        )
        for i, c in enumerate(checks)
    ]
    return {int(f.component.bom_ref) for f in match_components(components, index, now=NOW).findings}


def _holds(reason: str, check: Check) -> bool:
    """Verify that the stated reason is true of the record."""
    entry = check.record.affected[check.entry]
    eco = lookup_ecosystem(check.ecosystem)
    assert eco is not None
    assert eco.scheme is not None
    scheme = eco.scheme
    if reason == OTHER_ENTRY:
        others = [
            a
            for i, a in enumerate(check.record.affected)
            if i != check.entry and a.package.identity() == entry.package.identity()
        ]
        return any(
            _matched(
                check.ecosystem, replace(check.record, affected=(other,)), [replace(check, entry=0)]
            )
            for other in others
        )
    if reason == LISTED:
        return any(
            scheme.is_valid(v) and scheme.compare(v, check.version) == 0 for v in entry.versions
        )
    for affected_range in entry.ranges:
        kinds = [e.kind for e in affected_range.events if e.version == check.version]
        if reason == REINTRODUCED and kinds[:2] == [EventKind.FIXED, EventKind.INTRODUCED]:
            return True
        if reason == FIXED_AT_ONCE and kinds[:2] == [EventKind.INTRODUCED, EventKind.FIXED]:
            return True
    return False


@dataclass
class Outcome:
    checks: Counter[tuple[str, str]]
    misses: list[Check]
    skipped: dict[str, list[str]]


@pytest.fixture(scope="module")
def outcome(shared_data: Path) -> Outcome:
    checks: Counter[tuple[str, str]] = Counter()
    misses: list[Check] = []
    skipped: dict[str, list[str]] = {}
    for archive, (ecosystem, _when) in ARCHIVES.items():
        result = load_archive(shared_data, archive)
        skipped[ecosystem] = sorted(s.record_id or s.name for s in result.skipped)
        for record in result.vulnerabilities:
            if record.withdrawn is not None:
                continue
            for mode in ("listed", "boundaries"):
                batch = _checks(ecosystem, record, mode)
                checks[(ecosystem, mode)] += len(batch)
                matched = _matched(ecosystem, record, batch) if batch else set()
                misses += [c for i, c in enumerate(batch) if (i in matched) != c.expect_match]
    _print_table(checks, misses, skipped)
    return Outcome(checks, misses, skipped)


def _print_table(
    checks: Counter[tuple[str, str]], misses: list[Check], skipped: dict[str, list[str]]
) -> None:
    lines = [
        "",
        "Version correctness on the shared OSV data",
        f"{'ecosystem':<10} {'check':<11} {'checks':>8} {'passed':>8} {'share':>9}",
    ]
    for (ecosystem, mode), total in sorted(checks.items()):
        failed = sum(1 for c in misses if (c.ecosystem, c.mode) == (ecosystem, mode))
        share = f"{100 * (total - failed) / total:.3f} %" if total else "n/a"
        lines.append(f"{ecosystem:<10} {mode:<11} {total:>8} {total - failed:>8} {share:>9}")
    lines += [
        f"skipped records ({eco}): {', '.join(ids) or 'none'}"
        for eco, ids in sorted(skipped.items())
    ]
    lines += [
        f"miss [{c.mode}] {c.record.id} {c.kind} {c.version}: {KNOWN.get(c.key, 'UNEXPLAINED')}"
        for c in misses
    ]
    print("\n".join(lines))  # noqa: T201


def test_every_miss_has_a_verified_reason(outcome: Outcome) -> None:
    unexplained = sorted({c.key for c in outcome.misses} - set(KNOWN))
    assert unexplained == [], "misses without a reason in KNOWN (see docs/version-correctness.md)"
    wrong = [c.key for c in outcome.misses if not _holds(KNOWN[c.key], c)]
    assert wrong == [], "stated reasons that the record does not bear out"
    assert sorted(set(KNOWN) - {c.key for c in outcome.misses}) == [], (
        "KNOWN lists misses that no longer happen"
    )


def test_all_records_are_checked(outcome: Outcome) -> None:
    assert outcome.checks[("PyPI", "listed")] > 140_000
    assert outcome.checks[("Go", "boundaries")] > 4_500
    assert outcome.checks[("crates.io", "boundaries")] > 1_500
    assert outcome.skipped == {
        "PyPI": [],  # PYSEC-2019-125 and PYSEC-2021-371 read with legacy ordering since issue 12
        "Go": [],
        "crates.io": [],
    }
