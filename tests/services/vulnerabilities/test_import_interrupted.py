"""An advisory import that dies after its commit, before its rescan: the rescan is not lost.

The import records which packages it touched as a scan request in its own transaction, so the
next worker tick (``enqueue_requested_scans``) finds the request and brings the findings up to
date, instead of leaving them stale until the nightly rescan.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rempart.jobs import scheduler
from rempart.jobs.tasks import run_scan_requests
from rempart.services.vulnerabilities import feeds, scanning
from rempart.store.models import Finding, ScanRequest

ADVISORY = {
    "id": "RUSTSEC-2099-0001",
    "modified": "2026-11-20T00:00:00Z",
    "summary": "Invented advisory for the interrupted-import test",
    "affected": [
        {
            "package": {"ecosystem": "crates.io", "name": "smallvec"},
            "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.6.1"}]}],
        }
    ],
}


class Killed(BaseException):
    """The process dies here: nothing after this point runs."""


def _die(*_args: object, **_kwargs: object) -> None:
    raise Killed


def test_an_import_killed_before_its_rescan_is_rescanned_by_the_next_worker(
    gateway, operator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    advisory = tmp_path / "update.json"
    advisory.write_text(json.dumps([ADVISORY]))
    new = Finding.objects.filter(vulnerability_id="RUSTSEC-2099-0001")
    assert not new.exists()
    pending_before = ScanRequest.objects.count()

    # The import commits, then the process dies where the rescan would start.
    monkeypatch.setattr(scanning, "run_requested_scans", _die)
    with pytest.raises(Killed):
        feeds.import_file(operator, advisory, "osv:update")
    monkeypatch.undo()

    assert not new.exists()  # stale for now ...
    assert ScanRequest.objects.count() > pending_before  # ... but the rescan is on record
    assert scanning.pending_scan_requests(operator) >= 1
    # The worker's next tick sees the request and queues the task; the task runs it.
    assert scheduler.enqueue_requested_scans() is True
    outcome = run_scan_requests.call()
    assert outcome["releases"] >= 1
    found = new.get()
    assert (found.package, found.component_version) == ("smallvec", "1.6.0")
    assert scanning.pending_scan_requests(operator) == 0
