"""The CISA KEV catalog: the shared 2025.08.25 release, its diff to 2025.07.01, bad input."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from rempart.formats.kev import KevFormatError, read_kev


@pytest.fixture(scope="module")
def kev_dir(shared_data: Path) -> Path:
    return shared_data / "advisories" / "kev"


def test_shared_catalog(kev_dir: Path) -> None:
    result = read_kev((kev_dir / "known_exploited_vulnerabilities.json").read_bytes())
    catalog = result.catalog
    assert (catalog.version, len(catalog), result.skipped) == ("2025.08.25", 1404, ())
    assert catalog.released == datetime(2025, 8, 25, 17, 4, 19, 979600, tzinfo=UTC)
    entry = catalog.get("cve-2025-48384")
    assert entry is not None
    assert (entry.date_added, entry.due_date, entry.vendor) == (
        date(2025, 8, 25),
        date(2025, 9, 15),
        "Git",
    )
    assert sum(e.known_ransomware_use for e in catalog.entries.values()) == 293


def test_catalog_update_diff(kev_dir: Path) -> None:
    new = read_kev((kev_dir / "known_exploited_vulnerabilities.json").read_bytes()).catalog
    old = read_kev(
        (kev_dir / "known_exploited_vulnerabilities-2025.07.01.json").read_bytes()
    ).catalog
    change = new.changes_since(old)
    # advisories/kev/SOURCES.md: 31 added, none removed, 2 changed
    assert (len(change.added), change.removed, len(change.changed)) == (31, (), 2)
    assert "CVE-2025-48384" in change.added


BAD_ENTRIES = {
    "catalogVersion": "1",
    "dateReleased": "2025-01-01T00:00:00Z",
    "vulnerabilities": [
        {
            "cveID": "CVE-2021-44228",
            "dateAdded": "2021-12-10",
            "dueDate": "2021-12-24",
            "knownRansomwareCampaignUse": "Known",
        },
        {"cveID": "not-a-cve", "dateAdded": "2021-12-10"},
        {"cveID": "CVE-2021-1", "dateAdded": "2021-12-10"},
        {"cveID": "CVE-2022-0001", "dateAdded": "10/12/2021"},
    ],
}


def test_bad_entries_refuse_the_catalog_with_their_locations() -> None:
    with pytest.raises(KevFormatError) as refused:
        read_kev(json.dumps(BAD_ENTRIES).encode())
    assert [p.field for p in refused.value.problems] == [
        "/vulnerabilities/1/cveID",
        "/vulnerabilities/2/cveID",
        "/vulnerabilities/3/dateAdded",
    ]
    assert "refused whole" in refused.value.message


def test_lenient_reading_skips_bad_entries() -> None:
    result = read_kev(json.dumps(BAD_ENTRIES).encode(), strict=False)
    assert list(result.catalog.entries) == ["CVE-2021-44228"]
    assert result.catalog.entries["CVE-2021-44228"].known_ransomware_use
    assert [p.field for p in result.skipped] == [
        "/vulnerabilities/1/cveID",
        "/vulnerabilities/2/cveID",
        "/vulnerabilities/3/dateAdded",
    ]


@pytest.mark.parametrize("data", [b"{", b"[]", b'{"vulnerabilities": 3}'])
def test_not_a_catalog(data: bytes) -> None:
    with pytest.raises(KevFormatError):
        read_kev(data)


def _catalog(*entries: object, **fields: object) -> bytes:
    return json.dumps({"catalogVersion": "1", **fields, "vulnerabilities": list(entries)}).encode()


GOOD = {"cveID": "CVE-2021-44228", "dateAdded": "2021-12-10"}


@pytest.mark.parametrize(
    ("entry", "where"),
    [
        ({**GOOD, "dateAdded": 20211210}, "/vulnerabilities/1/dateAdded"),  # an int, not a date
        ({**GOOD, "dateAdded": "2021-02-30"}, "/vulnerabilities/1/dateAdded"),
        ({**GOOD, "dateAdded": "2021W01"}, "/vulnerabilities/1/dateAdded"),  # ISO, not YYYY-MM-DD
        ({**GOOD, "dueDate": ["2021-12-24"]}, "/vulnerabilities/1/dueDate"),
        ({**GOOD, "vendorProject": 7}, "/vulnerabilities/1/vendorProject"),
        ({**GOOD, "cwes": "CWE-79"}, "/vulnerabilities/1/cwes"),
        ({**GOOD, "cveID": ["CVE-2021-44228"]}, "/vulnerabilities/1/cveID"),
        ({**GOOD, "product": "log\u00004j"}, "/vulnerabilities/1/product"),
        # an unpaired surrogate escape is refused by the JSON reader, before the entries
        ({**GOOD, "notes": "\ud800"}, "(document)"),
        ("CVE-2021-44228", "/vulnerabilities/1"),
    ],
)
def test_each_invalid_entry_is_located(entry: object, where: str) -> None:
    with pytest.raises(KevFormatError) as refused:
        read_kev(_catalog(GOOD, entry))
    assert refused.value.problems[0].field == where


def test_count_that_does_not_match_refuses() -> None:
    with pytest.raises(KevFormatError) as refused:
        read_kev(_catalog(GOOD, count=2))
    assert refused.value.problems[0].field == "/count"
    assert len(read_kev(_catalog(GOOD, count=1)).catalog) == 1


@pytest.mark.parametrize("version", ["x" * 101, "1\u0000", {"v": 1}])
def test_catalog_version_follows_the_text_rules(version: object) -> None:
    with pytest.raises(KevFormatError) as refused:
        read_kev(_catalog(GOOD, catalogVersion=version))
    assert refused.value.problems[0].field == "/catalogVersion"


def test_many_problems_are_capped_in_the_refusal() -> None:
    entries = [{"cveID": f"bad-{i}", "dateAdded": "2021-12-10"} for i in range(500)]
    with pytest.raises(KevFormatError) as refused:
        read_kev(_catalog(*entries))
    assert len(refused.value.problems) == 51
    assert refused.value.problems[-1].message == "450 more not shown"
    assert refused.value.message.startswith("500 of 500 KEV entries are invalid")


def test_truncated_json_is_located() -> None:
    with pytest.raises(KevFormatError) as refused:
        read_kev(_catalog(GOOD)[:-10])
    assert refused.value.problems[0].field.startswith("line 1, column")
