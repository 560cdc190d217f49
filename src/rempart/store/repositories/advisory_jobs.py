"""Advisory jobs: create, claim, report progress, finish, read back (store layer)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q

from rempart.store.models import AdvisoryJob


@dataclass(frozen=True, slots=True)
class JobView:
    id: int
    kind: str
    status: str
    filename: str
    size: int
    requested_by: str
    requested_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    stage: str
    done: int
    total: int
    result: list[dict[str, Any]]
    error: str

    @property
    def finished(self) -> bool:
        return self.status in (AdvisoryJob.Status.DONE, AdvisoryJob.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == AdvisoryJob.Status.DONE:
            return 100
        return round(100 * self.done / self.total) if self.total else 0


def _view(row: AdvisoryJob) -> JobView:
    return JobView(
        row.pk,
        row.kind,
        row.status,
        row.filename,
        row.size,
        row.requested_by,
        row.requested_at,
        row.started_at,
        row.finished_at,
        row.stage,
        row.done,
        row.total,
        list(row.result),
        row.error,
    )


_LIGHT = ("payload",)


def create(
    kind: str, requested_by: str, now: datetime, filename: str = "", payload: bytes | None = None
) -> JobView:
    row = AdvisoryJob.objects.create(
        kind=kind,
        filename=filename,
        size=len(payload or b""),
        payload=payload,
        requested_by=requested_by,
        requested_at=now,
        stage="waiting for a worker",
    )
    return _view(row)


def get(job_id: int) -> JobView | None:
    row = AdvisoryJob.objects.defer(*_LIGHT).filter(pk=job_id).first()
    return _view(row) if row else None


def recent(limit: int = 10) -> list[JobView]:
    return [_view(row) for row in AdvisoryJob.objects.defer(*_LIGHT)[:limit]]


def open_sync(now: datetime, stale_after: timedelta) -> JobView | None:
    """The sync that is waiting or running (not one a dead worker left behind)."""
    alive = Q(status=AdvisoryJob.Status.PENDING) | Q(
        status=AdvisoryJob.Status.RUNNING, started_at__gte=now - stale_after
    )
    row = AdvisoryJob.objects.defer(*_LIGHT).filter(alive, kind=AdvisoryJob.Kind.SYNC).first()
    return _view(row) if row else None


def pending_count() -> int:
    return AdvisoryJob.objects.filter(status=AdvisoryJob.Status.PENDING).count()


def claim_next(
    worker: str, now: datetime, stale_after: timedelta
) -> tuple[JobView, bytes | None] | None:
    """Mark the oldest pending job running for ``worker`` (or one whose worker has not finished
    it within ``stale_after``: it died); its payload comes with it."""
    waiting = Q(status=AdvisoryJob.Status.PENDING) | Q(
        status=AdvisoryJob.Status.RUNNING, started_at__lt=now - stale_after
    )
    with transaction.atomic():
        row = (
            AdvisoryJob.objects.select_for_update(skip_locked=True)
            .filter(waiting)
            .order_by("pk")
            .first()
        )
        if row is None:
            return None
        row.status = AdvisoryJob.Status.RUNNING
        row.claimed_by = worker[:200]
        row.started_at = now
        row.stage = "started"
        row.save(update_fields=["status", "claimed_by", "started_at", "stage"])
        payload = bytes(row.payload) if row.payload is not None else None
        return _view(row), payload


def progress(job_id: int, done: int, total: int, stage: str) -> None:
    AdvisoryJob.objects.filter(pk=job_id).update(done=done, total=total, stage=stage[:300])


def finish(job_id: int, now: datetime, result: list[dict[str, Any]], error: str = "") -> None:
    status = AdvisoryJob.Status.FAILED if error else AdvisoryJob.Status.DONE
    AdvisoryJob.objects.filter(pk=job_id).update(
        status=status,
        finished_at=now,
        result=result,
        error=error[:2000],
        payload=None,
        stage="failed" if error else "done",
    )
