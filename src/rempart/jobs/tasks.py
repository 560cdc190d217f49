"""Background tasks (django-tasks, database backend): each calls exactly one service (jobs layer).

Two queues:

- ``urgent``: reminders of legal deadlines and Art. 14 case proposals. ``rempart worker`` runs
  this queue in a thread of its own, so they never wait behind bulk work;
- ``default``: bulk work — feed syncs, the nightly rescan (split into one task per release, so
  several workers share it), requested scans (after an SBOM import), history pruning.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django_tasks import task

from rempart.services.context import Actor, ServiceContext
from rempart.services.vulnerabilities import feeds, scanning

URGENT = "urgent"
QUEUES = ("default", URGENT)


def _ctx() -> ServiceContext:
    return ServiceContext(Actor.system("worker"), settings=settings.SERVICE_SETTINGS)


@task()
def sync_advisories() -> list[dict[str, Any]]:
    """Download the configured advisory feeds and import what changed (rescans follow); then
    the CVE records of ``REMPART_CVE_RECORDS_URL`` when one is configured (no rescan needed)."""
    ctx = _ctx()
    results = [result.as_dict() for result in feeds.sync_feeds(ctx)]
    if ctx.settings.cve_records_url:
        from rempart.core.errors import FormatError, NetError
        from rempart.services.vulnerabilities import enrichment

        entry: dict[str, Any] = {"url": ctx.settings.cve_records_url, "source": "cve"}
        try:
            outcome = enrichment.sync_cve(ctx)
        except (NetError, FormatError) as error:  # the previous records stay
            entry.update(status="failed", error=error.message)
        else:
            entry.update(status="not-modified" if outcome is None else "imported",
                         records=outcome.records if outcome else None)  # fmt: skip
        results.append(entry)
    return results


@task()
def run_advisory_jobs() -> list[dict[str, Any]]:
    """Run the advisory imports and syncs people asked for on the advisory sources page."""
    from rempart.services.vulnerabilities import advisory_jobs

    ran = advisory_jobs.run_pending(_ctx(), "worker")
    return [{"job": job.id, "status": job.status, "error": job.error} for job in ran]


@task()
def rescan_all() -> int:
    """Split the full rescan into one task per release (workers share them); return how many."""
    releases = scanning.releases_to_scan(_ctx())
    for product_slug, version in releases:
        scan_release.enqueue(product_slug, version, "schedule")
    return len(releases)


@task()
def scan_release(product_slug: str, version: str, trigger: str = "schedule") -> dict[str, Any]:
    """Scan one release; a failure is recorded on the release, the other tasks go on."""
    error = scanning.scan_or_record_failure(_ctx(), product_slug, version, trigger)
    return {"release": f"{product_slug}@{version}", "error": error}


@task()
def run_scan_requests() -> dict[str, int]:
    """Carry out the scans requested by imports (an SBOM import, an OSV update)."""
    outcome = scanning.run_requested_scans(_ctx(), "worker")
    return {"releases": outcome.releases, "findings": outcome.findings, "new": outcome.new_findings}


@task()
def rescan_packages(pairs: list[list[str]]) -> dict[str, int]:
    """Recompute the findings of these (ecosystem, package) pairs wherever they appear."""
    outcome = scanning.rescan_touched(
        _ctx(), {(ecosystem, package) for ecosystem, package in pairs}
    )
    return {"releases": outcome.releases, "findings": outcome.findings, "new": outcome.new_findings}


@task()
def prune_scans() -> int:
    """Delete scan records older than the retention setting (the latest of each release stays)."""
    ctx = _ctx()
    return scanning.prune_history(ctx, timedelta(days=ctx.settings.scan_retention_days))


@task(queue_name=URGENT)
def send_reminders() -> dict[str, object]:
    """Deliver the reminders of deadlines that are due now (never raises for one failure)."""
    from rempart.services.notifications import reminders

    return reminders.send_due_reminders(_ctx()).as_dict()


@task(queue_name=URGENT)
def propose_cases() -> dict[str, object]:
    """Propose Art. 14 cases for KEV-listed findings in released releases (support ended or not)."""
    from rempart.services.reporting import proposals

    outcome = proposals.propose_from_findings(_ctx())
    return {"created": list(outcome.created), "extended": list(outcome.extended)}


TASKS: dict[str, Any] = {"sync-advisories": sync_advisories, "rescan-all": rescan_all}
TASKS["send-reminders"] = send_reminders
TASKS["propose-cases"] = propose_cases
TASKS["prune-scans"] = prune_scans
