"""Advisory sources as a page shows them, and imports and syncs run as background jobs.

A person asks for a job (an uploaded OSV/KEV/EPSS file, or a sync of the configured feeds);
the job is a row a worker claims (:func:`run_pending`, called by the ``run-advisory-jobs``
task) and carries out through the same services as ``rempart advisories import`` and
``sync`` (:mod:`.feeds`), writing its progress as it goes so the page can poll it.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.db import transaction

from rempart.core.errors import InvalidInput, NotFound, RempartError
from rempart.core.matching import DEFAULT_MAX_SOURCE_AGE
from rempart.formats.limits import ADVISORY_UPLOAD_MAX_BYTES
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.vulnerabilities import advisories, feeds
from rempart.store.repositories import advisory_jobs as repo
from rempart.store.repositories.advisory_jobs import JobView

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
#: a running job not finished after this long lost its worker: another worker takes it over
STALE_AFTER = timedelta(hours=6)


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One loaded source: what it is, how many records, the data's own date, fresh or stale."""

    name: str
    kind: str
    records: int
    as_of: datetime | None
    as_of_basis: str  # data | retrieval
    retrieved_at: datetime
    location: str
    fresh: bool
    age_days: int | None


def sources(ctx: ServiceContext, max_age: timedelta = DEFAULT_MAX_SOURCE_AGE) -> list[SourceRow]:
    """The workspace's advisory sources; fresh when the data's own date is within ``max_age``
    (the bound a scan uses, :data:`rempart.core.matching.DEFAULT_MAX_SOURCE_AGE`)."""
    now = ctx.clock.now()
    rows = []
    for s in advisories.list_sources(ctx):
        age = max(now - s.as_of, timedelta(0)) if s.as_of else None
        rows.append(
            SourceRow(
                s.name,
                s.kind,
                s.record_count,
                s.as_of,
                s.as_of_basis,
                s.retrieved_at,
                s.location,
                age is not None and age <= max_age,
                age.days if age is not None else None,
            )
        )
    return rows


def upload_limit(ctx: ServiceContext) -> int:  # noqa: ARG001 (one cap for every workspace)
    return ADVISORY_UPLOAD_MAX_BYTES


def safe_filename(name: str) -> str:
    """The upload's base name with only safe characters (it names the OSV source)."""
    base = _SAFE.sub("-", Path(name.replace("\\", "/")).name).strip(".-")
    return base[:120] or "upload"


def request_import(ctx: ServiceContext, filename: str, data: bytes) -> JobView:
    """Queue the import of an uploaded advisory file (OSV JSON or ZIP, KEV JSON, EPSS CSV)."""
    require(ctx, Action.WRITE)
    if not data:
        raise InvalidInput.single("file", "the file is empty")
    if len(data) > ADVISORY_UPLOAD_MAX_BYTES:
        raise InvalidInput.single("file", f"larger than {ADVISORY_UPLOAD_MAX_BYTES:,} bytes")
    name = safe_filename(filename)
    with transaction.atomic():
        job = repo.create("import", ctx.actor.name, ctx.clock.now(), name, data)
        audit.record(
            ctx,
            "advisories.import.request",
            "advisory_job",
            str(job.id),
            {"file": name, "size": len(data)},
        )
    return job


def request_sync(ctx: ServiceContext) -> JobView:
    """Queue a sync of the configured feeds (one at a time: an open sync is returned)."""
    require(ctx, Action.WRITE)
    with transaction.atomic():
        running = repo.open_sync(ctx.clock.now(), STALE_AFTER)
        if running is not None:
            return running
        job = repo.create("sync", ctx.actor.name, ctx.clock.now())
        audit.record(ctx, "advisories.sync.request", "advisory_job", str(job.id), {})
    return job


def get_job(ctx: ServiceContext, job_id: int) -> JobView:
    require(ctx, Action.READ)
    job = repo.get(job_id)
    if job is None:
        raise NotFound(f"no advisory job {job_id}")
    return job


def recent_jobs(ctx: ServiceContext, limit: int = 10) -> list[JobView]:
    require(ctx, Action.READ)
    return repo.recent(limit)


def pending(ctx: ServiceContext) -> int:
    require(ctx, Action.READ)
    return repo.pending_count()


def _run_import(ctx: ServiceContext, job: JobView, payload: bytes) -> list[dict[str, Any]]:
    repo.progress(job.id, 0, 2, f"reading {job.filename}")
    with tempfile.TemporaryDirectory(prefix="rempart-upload-") as folder:
        path = Path(folder) / job.filename
        path.write_bytes(payload)
        repo.progress(job.id, 1, 2, f"importing {job.filename} and rescanning what it touches")
        origin = f"upload: {job.filename} (by {job.requested_by})"
        result = feeds.import_file(ctx, path, rescan=True, location=origin)
    return [result.as_dict()]


def _run_sync(ctx: ServiceContext, job: JobView) -> list[dict[str, Any]]:
    def report(done: int, total: int, stage: str) -> None:
        repo.progress(job.id, done, total, stage)

    return [r.as_dict() for r in feeds.sync_feeds(ctx, progress=report)]


def run_pending(ctx: ServiceContext, worker: str) -> list[JobView]:
    """Claim and run every pending job, one after the other; a failure is recorded on its job."""
    require(ctx, Action.WRITE)
    ran = []
    while (claimed := repo.claim_next(worker, ctx.clock.now(), STALE_AFTER)) is not None:
        job, payload = claimed
        try:
            if job.kind == "import":
                result = _run_import(ctx, job, payload or b"")
            else:
                result = _run_sync(ctx, job)
        except (RempartError, OSError) as error:
            message = getattr(error, "message", None) or str(error)
            repo.finish(job.id, ctx.clock.now(), [], message or type(error).__name__)
        else:
            repo.finish(job.id, ctx.clock.now(), result)
        ran.append(repo.get(job.id) or job)
    return ran
