"""Reading OSV records: JSON, YAML, lists, archives, directories, and bad records skipped."""

from __future__ import annotations

import io
import json
import logging
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from rempart.core.advisory import SeverityLabel
from rempart.core.errors import FormatError
from rempart.core.versions.purls import PackageKey
from rempart.core.versions.ranges import EventKind, RangeType
from rempart.formats.osv import InvalidOsvRecord, SkipReason, parse_record, read_osv, read_osv_path

from .osv_corpus import ARCHIVES, load_archive

RECORD: dict[str, Any] = {
    "schema_version": "1.6.0",
    "id": "GHSA-test-0001",
    "modified": "2024-03-01T10:00:00.123456Z",
    "published": "2024-02-01T00:00:00Z",
    "aliases": ["CVE-2024-0001"],
    "summary": "Bad thing",
    "details": "More",
    "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
    "affected": [
        {
            "package": {"ecosystem": "PyPI", "name": "Example_Pkg", "purl": "pkg:pypi/example-pkg"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.10"}]}],
            "versions": ["1.0", "1.9"],
        }
    ],
    "references": [{"type": "ADVISORY", "url": "https://example.org/a"}],
}


def _bytes(record: dict[str, Any]) -> bytes:
    return json.dumps(record).encode()


def _with(**changes: Any) -> dict[str, Any]:
    return {**RECORD, **changes}


def test_a_json_record_is_read_field_by_field() -> None:
    (vulnerability,) = read_osv(_bytes(RECORD)).vulnerabilities
    assert vulnerability.id == "GHSA-test-0001"
    assert vulnerability.aliases == ("CVE-2024-0001",)
    assert vulnerability.modified == datetime(2024, 3, 1, 10, 0, 0, 123456, tzinfo=UTC)
    assert vulnerability.severity_label is SeverityLabel.CRITICAL
    (affected,) = vulnerability.affected
    assert affected.package.identity() == ("PyPI", None, "example-pkg")
    (the_range,) = affected.ranges
    assert the_range.type is RangeType.ECOSYSTEM
    assert the_range.versions_of(EventKind.FIXED) == ("1.10",)
    assert affected.versions == ("1.0", "1.9")
    assert vulnerability.references[0].url == "https://example.org/a"


def test_yaml_versions_stay_strings() -> None:
    yaml_record = b"""id: PYSEC-2099-1
modified: 2024-01-01T00:00:00Z
affected:
- package: {ecosystem: PyPI, name: thing}
  ranges:
  - type: ECOSYSTEM
    events: [{introduced: "0"}, {fixed: 1.10}]
  versions: [1.0, 1.9]
"""
    (vulnerability,) = read_osv(yaml_record, name="PYSEC-2099-1.yaml").vulnerabilities
    assert vulnerability.affected[0].fixed_versions == ("1.10",)  # not the float 1.1
    assert vulnerability.affected[0].versions == ("1.0", "1.9")
    assert vulnerability.modified == datetime(2024, 1, 1, tzinfo=UTC)


def test_go_zero_time_means_unknown_and_naive_times_are_utc() -> None:
    record = parse_record(_with(modified="0001-01-01T00:00:00Z", published="2024-01-02T03:04:05"))
    assert record.modified is None
    assert record.published == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_lists_and_api_responses() -> None:
    listed = read_osv(json.dumps([RECORD, _with(id="GHSA-test-0002")]).encode())
    assert [v.id for v in listed.vulnerabilities] == ["GHSA-test-0001", "GHSA-test-0002"]
    api = read_osv(json.dumps({"vulns": [RECORD]}).encode())
    assert len(api.vulnerabilities) == 1


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (b"{not json", SkipReason.MALFORMED),
        (b'"a string"', SkipReason.MALFORMED),
        (_bytes(_with(id="")), SkipReason.MISSING_ID),
        (_bytes({k: v for k, v in RECORD.items() if k != "id"}), SkipReason.MISSING_ID),
        (_bytes(_with(aliases="CVE-1")), SkipReason.BAD_FIELD),
        (_bytes(_with(modified="yesterday")), SkipReason.BAD_FIELD),
        (_bytes(_with(affected=[{"package": {"ecosystem": "PyPI"}}])), SkipReason.BAD_FIELD),
        (
            _bytes(
                _with(
                    affected=[
                        {
                            "package": {"ecosystem": "PyPI", "name": "x"},
                            "ranges": [{"type": "WEIRD", "events": [{"introduced": "0"}]}],
                        }
                    ]
                )
            ),
            SkipReason.UNKNOWN_RANGE_TYPE,
        ),
        (
            _bytes(
                _with(
                    affected=[
                        {
                            "package": {"ecosystem": "PyPI", "name": "x"},
                            "ranges": [
                                {"type": "ECOSYSTEM", "events": [{"introduced": "0", "fixed": "1"}]}
                            ],
                        }
                    ]
                )
            ),
            SkipReason.BAD_RANGE,
        ),
        (
            _bytes(
                _with(
                    affected=[
                        {
                            "package": {"ecosystem": "PyPI", "name": "x"},
                            "ranges": [{"type": "ECOSYSTEM", "events": [{"fixed": "1"}]}],
                        }
                    ]
                )
            ),
            SkipReason.BAD_RANGE,
        ),
        (
            _bytes(
                _with(
                    affected=[
                        {
                            "package": {"ecosystem": "PyPI", "name": "x"},
                            "ranges": [
                                {
                                    "type": "ECOSYSTEM",
                                    "events": [{"introduced": "0"}, {"fixed": "2019 09 12"}],
                                }
                            ],
                        }
                    ]
                )
            ),
            SkipReason.INVALID_VERSION,
        ),
    ],
)
def test_bad_records_are_skipped_with_a_reason(document: bytes, reason: SkipReason) -> None:
    result = read_osv(document, name="bad.json")
    assert result.vulnerabilities == ()
    assert result.skip_counts == {reason: 1}
    assert result.skipped[0].detail


def test_parse_record_raises_a_format_error_for_single_imports() -> None:
    with pytest.raises(InvalidOsvRecord) as caught:
        parse_record({"modified": "2024-01-01T00:00:00Z"})
    assert isinstance(caught.value, FormatError)
    assert caught.value.reason is SkipReason.MISSING_ID
    assert caught.value.problems[0].field == "missing_id"


def test_one_bad_record_does_not_abort_the_import(caplog: pytest.LogCaptureFixture) -> None:
    pairs = [
        ("good.json", _bytes(RECORD)),
        ("bad.json", b"{"),
        ("also-good.json", _bytes(_with(id="X-2"))),
    ]
    with caplog.at_level(logging.WARNING, logger="rempart.formats.osv"):
        result = read_osv(pairs)
    assert [v.id for v in result.vulnerabilities] == ["GHSA-test-0001", "X-2"]
    assert result.skip_counts == {SkipReason.MALFORMED: 1}
    assert "bad.json" in caplog.text


def test_skipped_records_name_their_packages_as_unreadable() -> None:
    broken = _with(
        id="PYSEC-BAD",
        affected=[
            {
                "package": {"ecosystem": "PyPI", "name": "Steam"},
                "ranges": [
                    {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "not pep 440"}]}
                ],
            }
        ],
    )
    result = read_osv(_bytes(broken))
    assert result.unreadable_packages() == {PackageKey("PyPI", None, "steam"): ("PYSEC-BAD",)}
    assert result.source("osv").ecosystems == frozenset({"PyPI"})


def test_unknown_and_unsupported_ecosystems_are_kept_unvalidated() -> None:
    record = _with(
        affected=[
            {
                "package": {"ecosystem": "Pub", "name": "http"},
                "ranges": [
                    {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "any string"}]}
                ],
            }
        ]
    )
    assert len(read_osv(_bytes(record)).vulnerabilities) == 1


def test_git_only_entries_without_package_are_dropped_not_fatal() -> None:
    record = _with(
        affected=[
            {"ranges": [{"type": "GIT", "repo": "https://x", "events": [{"introduced": "a" * 40}]}]}
        ]
    )
    (vulnerability,) = read_osv(_bytes(record)).vulnerabilities
    assert vulnerability.affected == ()


def test_zip_dump_and_ignored_files() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("GHSA-test-0001.json", _bytes(RECORD))
        archive.writestr("README.md", b"# hi")
    result = read_osv(buffer.getvalue(), name="all.zip")
    assert [v.id for v in result.vulnerabilities] == ["GHSA-test-0001"]
    assert result.ignored_files == ("all.zip!README.md",)


def test_directory_walk(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.json").write_bytes(_bytes(RECORD))
    (tmp_path / "b.yaml").write_text("id: X-9\nmodified: 2024-01-01T00:00:00Z\n")
    (tmp_path / "LICENSE").write_text("text")
    result = read_osv_path(tmp_path)
    assert sorted(v.id for v in result.vulnerabilities) == ["GHSA-test-0001", "X-9"]
    assert [Path(p).name for p in result.ignored_files] == ["LICENSE"]


@pytest.mark.parametrize("archive", sorted(ARCHIVES))
def test_shared_archives_load_with_counted_skips(shared_data: Path, archive: str) -> None:
    result = load_archive(shared_data, archive)
    expected = {
        "pypa-advisory-database-vulns.tar.gz": (2661, {}),
        "golang-vulndb-osv-2020-2025.tar.gz": (2494, {}),
        "rustsec-advisory-db-osv-2016-2025.tar.gz": (940, {}),
    }[archive]
    assert (len(result.vulnerabilities), dict(result.skip_counts)) == expected
    ecosystem = ARCHIVES[archive][0]
    assert result.source("x").ecosystems == frozenset({ecosystem})


def test_shared_pypi_legacy_records_are_read(shared_data: Path) -> None:
    """The two records with non-PEP 440 versions (unreadable before legacy ordering)."""
    result = load_archive(shared_data, "pypa-advisory-database-vulns.tar.gz")
    assert result.skipped == ()
    ids = {v.id for v in result.vulnerabilities}
    assert {"PYSEC-2019-125", "PYSEC-2021-371"} <= ids
    assert result.unreadable_packages() == {}
