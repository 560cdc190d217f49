"""Advisory imports and syncs as jobs: requested by a person, run by a worker, progress kept."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from rempart.core.errors import InvalidInput, PermissionDenied
from rempart.services.context import Actor
from rempart.services.vulnerabilities import advisory_jobs as jobs

pytestmark = pytest.mark.database

DEMO = Path(__file__).resolve().parents[3] / "src" / "rempart" / "demo_data" / "advisories"


def test_an_uploaded_osv_file_is_imported_by_the_worker(organization, operator) -> None:
    data = (DEMO / "osv-sample.json").read_bytes()
    job = jobs.request_import(operator, "../../etc/osv sample.json", data)
    assert job.status == "pending"
    assert job.filename == "osv-sample.json"  # only the base name, safe characters
    assert job.size == len(data)
    assert jobs.pending(operator) == 1
    assert jobs.sources(operator) == []

    (ran,) = jobs.run_pending(operator, "test-worker")

    assert ran.id == job.id
    assert ran.status == "done"
    assert ran.percent == 100
    assert ran.result[0]["source"] == "osv:osv-sample.json"
    assert ran.result[0]["records"] > 0
    (source,) = jobs.sources(operator)
    assert source.name == "osv:osv-sample.json"
    assert source.records == ran.result[0]["records"]
    assert source.as_of_basis == "data"
    assert source.location == "upload: osv-sample.json (by cli:tester)"  # not a temporary path
    assert jobs.pending(operator) == 0
    assert jobs.run_pending(operator, "test-worker") == []  # nothing left to claim


def test_a_kev_upload_and_its_freshness(organization, operator) -> None:
    jobs.request_import(operator, "kev.json", (DEMO / "kev-sample.json").read_bytes())
    (ran,) = jobs.run_pending(operator, "w")
    assert ran.status == "done"
    (source,) = jobs.sources(operator)
    assert source.kind == "kev"
    assert source.age_days is not None
    # fresh means the data's own date is at most 7 days before now
    assert source.fresh == (source.age_days <= 7)


def test_a_broken_catalog_fails_its_job_with_the_reason(organization, operator) -> None:
    jobs.request_import(operator, "kev.json", b'{"catalogVersion": "1", "vulnerabilities": 7')
    (ran,) = jobs.run_pending(operator, "w")
    assert ran.status == "failed"
    assert ran.error
    assert ran.finished
    assert jobs.sources(operator) == []


def test_a_malformed_osv_record_is_skipped_and_counted_not_fatal(organization, operator) -> None:
    good = json.loads((DEMO / "osv-sample.json").read_bytes())
    records = good if isinstance(good, list) else [good]
    broken = {"id": "X", "affected": "not a list"}
    jobs.request_import(operator, "mixed.json", json.dumps([*records, broken]).encode())
    (ran,) = jobs.run_pending(operator, "w")
    assert ran.status == "done"
    assert ran.result[0]["records"] == len(records)
    assert sum(ran.result[0]["skipped"].values()) == 1


def test_a_file_with_nothing_readable_fails_its_job(organization, operator) -> None:
    """A truncated file is refused whole (the feed guards): the job fails with the reason."""
    jobs.request_import(operator, "broken.json", b'{"id": "X", "affected": "not a list"')
    (ran,) = jobs.run_pending(operator, "w")
    assert ran.status == "failed"
    assert ran.error
    assert jobs.sources(operator) == []


def test_empty_and_oversized_uploads_are_refused(organization, operator, monkeypatch) -> None:
    with pytest.raises(InvalidInput, match="empty"):
        jobs.request_import(operator, "x.json", b"")
    monkeypatch.setattr(jobs, "ADVISORY_UPLOAD_MAX_BYTES", 10)
    with pytest.raises(InvalidInput, match="larger than"):
        jobs.request_import(operator, "x.json", b"{" + b" " * 20 + b"}")
    assert jobs.recent_jobs(operator) == []


def test_a_viewer_may_look_but_not_import_or_sync(organization, operator) -> None:
    viewer = replace(operator, actor=Actor.for_user("vera", "viewer", 99))
    assert jobs.sources(viewer) == []
    with pytest.raises(PermissionDenied):
        jobs.request_import(viewer, "x.json", b"{}")
    with pytest.raises(PermissionDenied):
        jobs.request_sync(viewer)


def test_one_sync_at_a_time(organization, operator) -> None:
    first = jobs.request_sync(operator)
    assert jobs.request_sync(operator).id == first.id
    assert [job.kind for job in jobs.recent_jobs(operator)] == ["sync"]


def test_a_sync_job_reports_each_feed_and_records_the_outcome(
    organization, operator, monkeypatch
) -> None:
    from rempart.store.repositories import advisory_jobs as repo
    from tests.net.test_client import FeedServer

    files = {"/known_exploited_vulnerabilities.json": (DEMO / "kev-sample.json").read_bytes()}
    with FeedServer(files) as server:
        urls = (f"{server.url}/known_exploited_vulnerabilities.json", f"{server.url}/gone/all.zip")
        ctx = replace(operator, settings=replace(operator.settings, feeds=urls))
        seen: list[tuple[int, int, str]] = []
        original = repo.progress

        def spy(job_id: int, done: int, total: int, stage: str) -> None:
            seen.append((done, total, stage))
            original(job_id, done, total, stage)

        job = jobs.request_sync(ctx)
        monkeypatch.setattr(repo, "progress", spy)  # records what the page would poll
        (ran,) = jobs.run_pending(ctx, "w")
    assert ran.id == job.id
    assert ran.status == "done"  # a failed feed is reported, the job itself ran
    assert [r["status"] for r in ran.result] == ["imported", "failed"]
    assert [(d, t) for d, t, _ in seen] == [(0, 2), (1, 2), (2, 2)]
    assert seen[0][2] == f"fetching {urls[0]}"
    assert [s.kind for s in jobs.sources(ctx)] == ["kev"]


def test_a_job_whose_worker_died_is_taken_over(organization, operator) -> None:
    from datetime import timedelta

    from rempart.core.clock import FixedClock
    from rempart.store.repositories import advisory_jobs as repo

    job = jobs.request_sync(operator)
    now = operator.clock.now()
    claimed = repo.claim_next("dead-worker", now, jobs.STALE_AFTER)
    assert claimed is not None
    assert repo.claim_next("other", now, jobs.STALE_AFTER) is None  # it is running
    assert jobs.request_sync(operator).id == job.id  # one sync at a time
    later = replace(operator, clock=FixedClock(now + jobs.STALE_AFTER + timedelta(minutes=1)))
    assert jobs.request_sync(later).id != job.id  # the dead one no longer blocks a new sync
    taken = repo.claim_next("other", later.clock.now(), jobs.STALE_AFTER)
    assert taken is not None
    assert taken[0].id == job.id
