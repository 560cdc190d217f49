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


def test_bad_entries_are_skipped_not_fatal() -> None:
    document = {
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
    result = read_kev(json.dumps(document).encode())
    assert list(result.catalog.entries) == ["CVE-2021-44228"]
    assert result.catalog.entries["CVE-2021-44228"].known_ransomware_use
    assert [p.field for p in result.skipped] == [
        "/vulnerabilities/1",
        "/vulnerabilities/2",
        "/vulnerabilities/3",
    ]


@pytest.mark.parametrize("data", [b"{", b"[]", b'{"vulnerabilities": 3}'])
def test_not_a_catalog(data: bytes) -> None:
    with pytest.raises(KevFormatError):
        read_kev(data)
