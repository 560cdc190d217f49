"""Background tasks (django-tasks, database backend): each calls exactly one service (jobs layer)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_tasks import task

from rempart.services.context import Actor, ServiceContext
from rempart.services.vulnerabilities import feeds, scanning


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
def rescan_all() -> int:
    """Scan every release that has an SBOM."""
    return scanning.scan_all(_ctx())


@task()
def rescan_packages(pairs: list[list[str]]) -> dict[str, int]:
    """Recompute the findings of these (ecosystem, package) pairs wherever they appear."""
    outcome = scanning.rescan_touched(
        _ctx(), {(ecosystem, package) for ecosystem, package in pairs}
    )
    return {"releases": outcome.releases, "findings": outcome.findings, "new": outcome.new_findings}


@task()
def send_reminders() -> dict[str, object]:
    """Deliver the reminders of deadlines that are due now (never raises for one failure)."""
    from rempart.services.notifications import reminders

    return reminders.send_due_reminders(_ctx()).as_dict()


@task()
def propose_cases() -> dict[str, object]:
    """Propose Art. 14 cases for KEV-listed findings in released releases (support ended or not)."""
    from rempart.services.reporting import cases as reporting

    outcome = reporting.propose_from_findings(_ctx())
    return {"created": list(outcome.created), "extended": list(outcome.extended)}


TASKS: dict[str, Any] = {"sync-advisories": sync_advisories, "rescan-all": rescan_all}
TASKS["send-reminders"] = send_reminders
TASKS["propose-cases"] = propose_cases
