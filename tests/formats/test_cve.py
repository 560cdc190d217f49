"""CVE JSON 5 records: the shared subset, the CVE list's zip-in-zip releases, bad records."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from rempart.formats.cve import read_cve_path, read_cve_records
from rempart.formats.errors import MalformedDocument


def _record(
    cve_id: str, vector: str = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
) -> dict[str, object]:
    return {
        "dataType": "CVE_RECORD",
        "cveMetadata": {"cveId": cve_id, "state": "PUBLISHED", "dateUpdated": "2026-01-01T00:00:00Z"},
        "containers": {
            "cna": {"metrics": [{"cvssV3_1": {"vectorString": vector}}],
                    "problemTypes": [{"descriptions": [{"cweId": "CWE-79", "description": "CWE-79 Improper Neutralization"}]}]},
            "adp": [{"providerMetadata": {"shortName": "CISA-ADP"}, "metrics": [
                {"other": {"type": "ssvc", "content": {"options": [{"Exploitation": "active"}, {"Automatable": "yes"}]}}}]}],
        },
    }  # fmt: skip


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_shared_subset(shared_data: Path) -> None:
    imported = read_cve_path(shared_data / "advisories/cve/vulnrichment-subset.tar.gz")
    assert len(imported.records) == 1013
    assert sum(1 for r in imported.records if r.ratings) == 887
    assert sum(1 for r in imported.records if r.ssvc and r.ssvc.exploitation == "active") == 210


def test_cve_list_release_zip_in_zip() -> None:
    inner = _zip({
        "cves/2026/0xxx/CVE-2026-0001.json": json.dumps(_record("CVE-2026-0001")).encode(),
        "cves/2026/0xxx/CVE-2026-0002.json": json.dumps(_record("CVE-2026-0002", "bad")).encode(),
        "cves/delta.json": b'{"fetchTime": "x"}',
    })  # fmt: skip
    imported = read_cve_records(
        _zip({"cves.zip": inner}), name="2026-01-01_all_CVEs_at_midnight.zip"
    )
    first, second = imported.records
    assert (
        first.cve_id,
        first.ratings[0].label,
        first.ssvc.exploitation if first.ssvc else "",
    ) == ("CVE-2026-0001", "critical", "active")
    assert first.weaknesses[0].name == "Improper Neutralization"
    assert second.ratings[0].label == "unknown"  # an unreadable vector is unknown, not an error
    assert imported.skipped == (("2026-01-01_all_CVEs_at_midnight.zip!cves.zip!cves/delta.json",
                                 "not a CVE record (dataType is not CVE_RECORD)"),)  # fmt: skip


def test_broken_json_is_located() -> None:
    with pytest.raises(MalformedDocument) as caught:
        read_cve_records(_zip({"CVE-2026-1.json": b"{"}), name="x.zip")
    assert caught.value.location == "x.zip!CVE-2026-1.json"
