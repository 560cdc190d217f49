"""Feed guards in the services (issue 17): the text rules on both databases, sync refusals.

Every test here touches the database and runs on SQLite and PostgreSQL: before the text
rules, PostgreSQL refused a NUL or an over-long identifier (psycopg ``DataError``, the whole
import aborted) where SQLite stored them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rempart.cli import run
from rempart.core.errors import FormatError
from rempart.core.snapshots import SnapshotShrinks
from rempart.services.vulnerabilities import advisories, enrichment, feeds
from rempart.store.models import Advisory, AdvisorySource, CveRecord, EpssScore, KevEntry
from tests.net.test_client import FeedServer

HOSTILE = Path(__file__).resolve().parents[2] / "assets" / "hostile" / "advisories"
KEV = "advisories/kev/known_exploited_vulnerabilities.json"

pytestmark = pytest.mark.django_db


def test_one_bad_osv_record_never_aborts_the_import(organization, operator) -> None:
    result = feeds.import_file(operator, HOSTILE / "osv-text-rules.json", "osv:hostile")
    assert (result.records, result.added) == (1, 1)
    assert result.skipped == {"bad_text": 7, "bad_field": 1}
    assert list(Advisory.objects.values_list("osv_id", flat=True)) == ["GHSA-good-0000-0001"]
    source = AdvisorySource.objects.get(name="osv:hostile")
    assert source.skipped == {"bad_text": 7, "bad_field": 1}
    # the skipped record naming a readable package leaves it "not assessed", stored as JSON
    assert json.dumps(source.unreadable)


def test_every_stored_string_follows_the_text_rules(organization, operator) -> None:
    feeds.import_file(operator, HOSTILE / "osv-text-rules.json", "osv:hostile")
    for document in Advisory.objects.values_list("document", flat=True):
        assert "\\u0000" not in json.dumps(document)


def test_kev_with_a_nul_is_refused_before_the_database(
    organization, operator, shared_data: Path, tmp_path: Path
) -> None:
    document = json.loads((shared_data / KEV).read_bytes())
    document["vulnerabilities"][3]["vulnerabilityName"] = "x\u0000y"
    document["vulnerabilities"][4]["vendorProject"] = "v" * 10_000  # cut by the store, as before
    path = tmp_path / "kev.json"
    path.write_text(json.dumps(document))
    with pytest.raises(FormatError) as refused:
        feeds.import_file(operator, path)
    assert refused.value.problems[0].field == "/vulnerabilities/3/vulnerabilityName"
    assert not KevEntry.objects.exists()
    document["vulnerabilities"][3]["vulnerabilityName"] = "fine"
    path.write_text(json.dumps(document))
    assert feeds.import_file(operator, path).records == 1404
    assert len(KevEntry.objects.get(cve_id=document["vulnerabilities"][4]["cveID"]).vendor) == 300


def test_cve_records_breaking_the_text_rules_are_skipped(
    organization, operator, tmp_path: Path
) -> None:
    def record(cve_id: str, description: str) -> dict[str, object]:
        return {
            "dataType": "CVE_RECORD",
            "cveMetadata": {"cveId": cve_id, "state": "PUBLISHED"},
            "containers": {"cna": {"descriptions": [{"lang": "en", "value": description}]}},
        }

    path = tmp_path / "cves.json"
    records = [
        record("CVE-2024-0001", "fine"),
        record("CVE-2024-0002", "a\u0000b"),
        record("CVE-2024-" + "9" * 40, "id too long for the column"),
    ]
    path.write_text(json.dumps(records))
    outcome = enrichment.import_cve_path(operator, path)
    assert (outcome.records, outcome.skipped) == (1, 2)
    assert list(CveRecord.objects.values_list("cve_id", flat=True)) == ["CVE-2024-0001"]


def test_empty_epss_table_is_refused_by_the_service(organization, operator) -> None:
    from rempart.core.finding import EpssTable

    with pytest.raises(SnapshotShrinks):
        advisories.import_epss(
            operator, EpssTable("v1", None, {}), retrieved_at=operator.clock.now()
        )
    assert not AdvisorySource.objects.exists()
    assert not EpssScore.objects.exists()


def test_sync_refuses_a_shrinking_download_and_keeps_the_catalog(
    organization, operator, shared_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = (shared_data / KEV).read_bytes()
    small = json.loads(catalog)
    small["vulnerabilities"] = small["vulnerabilities"][:10]
    small["count"] = 10
    path = "/kev/known_exploited_vulnerabilities.json"
    with FeedServer({path: catalog}) as server:
        url = server.url + path
        (first,) = feeds.sync_feeds(operator, [url])
        assert (first.status, first.records) == ("imported", 1404)
        server.files[path] = json.dumps(small).encode()
        (refused,) = feeds.sync_feeds(operator, [url])
        assert (refused.status, refused.exit_code) == ("failed", 2)
        assert refused.error is not None
        assert "--allow-shrink" in refused.error
        assert KevEntry.objects.count() == 1404
        assert run(["advisories", "sync", "--url", url]) == 2  # the CLI says why, exit 2
        assert "1,394 of the 1,404" in " ".join(capsys.readouterr().out.split())
        server.files[path] = catalog[: len(catalog) // 3]  # truncated download
        (damaged,) = feeds.sync_feeds(operator, [url])
        assert (damaged.status, damaged.exit_code) == ("failed", 2)
        assert KevEntry.objects.count() == 1404
        server.files[path] = json.dumps(small).encode()
        (allowed,) = feeds.sync_feeds(operator, [url], allow_shrink=True)
        assert (allowed.status, allowed.records) == ("imported", 10)
    assert KevEntry.objects.count() == 10
