"""Severity and exploitation from every source: CVE records imported or synced, resolved by tier."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from rempart.core.errors import InvalidInput
from rempart.services.vulnerabilities import enrichment, workbench
from rempart.services.vulnerabilities.workbench import FindingQuery
from rempart.store.models import CveRecord, Finding, VulnerabilityEnrichment

CVE = "advisories/cve/vulnrichment-subset.tar.gz"


def test_cve_records_of_the_shared_subset(operator, organization, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    outcome = enrichment.import_cve_path(operator, shared_data / CVE)
    assert (outcome.records, outcome.added, outcome.skipped) == (1013, 1013, 0)
    assert CveRecord.objects.exclude(ratings=[]).count() == 887  # SOURCES.md: 887 with CVSS
    assert CveRecord.objects.filter(exploitation="active").count() == 210
    again = enrichment.import_cve_path(operator, shared_data / CVE)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1013)


def test_go_findings_get_severity_from_cve_records(gateway, operator) -> None:  # type: ignore[no-untyped-def]
    page = workbench.find(
        operator, FindingQuery(product_slug=gateway, vulnerability="GO-2024-3005")
    )
    docker = page.rows[0]
    assert docker.severity == "critical"
    assert docker.severity_source == "CVE-2024-41110 (CVE record (CNA), CVSS_V3)"
    # The finding row itself was not rewritten: enrichment is joined when reading.
    assert Finding.objects.get(pk=docker.id).severity == "unknown"


def test_unknown_sorts_with_the_worst(gateway, operator) -> None:  # type: ignore[no-untyped-def]
    rows = workbench.find(operator, FindingQuery(product_slug=gateway, per_page=500)).rows
    order = [r.severity for r in rows if not r.exploited]
    ranks = {"critical": 0, "unknown": 1, "high": 2, "medium": 3, "low": 4, "none": 5}
    assert order == sorted(order, key=ranks.__getitem__)
    assert order.index("unknown") < order.index("high")


def test_enrichment_update_needs_no_rescan(gateway, operator) -> None:  # type: ignore[no-untyped-def]
    before = {f.pk: f.last_seen for f in Finding.objects.all()}
    VulnerabilityEnrichment.objects.all().delete()
    added, _updated, _removed = enrichment.refresh_all(operator)
    assert added > 0
    assert {f.pk: f.last_seen for f in Finding.objects.all()} == before


class _Records(BaseHTTPRequestHandler):
    body = b""
    requests: list[str] = []  # noqa: RUF012

    def do_GET(self) -> None:
        type(self).requests.append(self.headers.get("If-None-Match", ""))
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *_args: object) -> None:
        return


@pytest.fixture
def cve_server(shared_data: Path) -> Iterator[str]:
    _Records.body = (shared_data / CVE).read_bytes()
    _Records.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Records)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/cves.tar.gz"
    server.shutdown()
    server.server_close()


def test_sync_from_a_configured_url(operator, organization, cve_server: str) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    ctx = replace(operator, settings=replace(operator.settings, cve_records_url=cve_server))
    first = enrichment.sync_cve(ctx)
    assert first is not None
    assert first.records == 1013
    assert enrichment.sync_cve(ctx) is None  # unchanged: one conditional request, no import
    assert _Records.requests[-1] == '"v1"'  # (the client also asks for a .sha256 file)


def test_no_url_and_no_records_are_refused(operator, organization, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput):
        enrichment.sync_cve(operator)
    empty = tmp_path / "empty.json"
    empty.write_text('{"dataType": "something else"}')
    with pytest.raises(InvalidInput):
        enrichment.import_cve_path(operator, empty)
    assert CveRecord.objects.count() == 0
