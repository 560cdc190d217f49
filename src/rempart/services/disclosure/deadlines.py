"""Deadlines from the disclosure records, for reminders (services layer).

The CVD policy (``AI-P2-5``) promises acknowledgement and triage within stated days; the
security.txt contact (``AI-P2-6``) stops being valid at its Expires. Listed in
``services/notifications/deadlines.py``; reads only.
"""

from __future__ import annotations

from datetime import timedelta

from rempart.core.deadlines import Deadline
from rempart.core.links import PageRef
from rempart.services.context import ServiceContext
from rempart.services.disclosure.settings import current_settings
from rempart.store.repositories import disclosure as repo
from rempart.store.repositories import organizations


def deadlines(ctx: ServiceContext) -> list[Deadline]:  # noqa: ARG001
    if organizations.first() is None:
        return []
    settings = current_settings()
    found: list[Deadline] = []
    if settings.expires_at is not None:
        found.append(
            Deadline(
                "security-txt:expires",
                "security.txt expires: review the disclosure settings",
                settings.expires_at,
                False,
                "AI-P2-6",
                PageRef("disclosure"),
            )
        )
    for status in ("new", "acknowledged"):
        for report in repo.list_reports(status, limit=1000):
            link = PageRef("vulnerability-report", (report.reference,))
            found.append(
                Deadline(
                    f"report:{report.reference}:acknowledge",
                    f"Acknowledge {report.reference} ({report.product_name})",
                    report.received_at + timedelta(days=settings.acknowledge_days),
                    report.acknowledged_at is not None,
                    "AI-P2-5",
                    link,
                )
            )
            found.append(
                Deadline(
                    f"report:{report.reference}:triage",
                    f"Triage {report.reference} ({report.product_name})",
                    report.received_at + timedelta(days=settings.triage_days),
                    False,
                    "AI-P2-5",
                    link,
                )
            )
    return found
