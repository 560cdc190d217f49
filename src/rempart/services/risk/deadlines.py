"""Review dates of the current risk assessments, as deadlines for reminders (services layer).

Art. 13(3) asks that the risk assessment be updated as appropriate during the support period
(``ART13-3``); each current release's next review, and each risk's, becomes a
:class:`Deadline`. Listed in ``services/notifications/deadlines.py``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from rempart.core.deadlines import Deadline
from rempart.core.links import PageRef
from rempart.core.risk.scale import load_scale
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.store.repositories import products as products_repo
from rempart.store.repositories import risk as risk_repo


def _due(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def review_deadlines(ctx: ServiceContext) -> list[Deadline]:
    """Next reviews of each product's current (latest released) risk assessment."""
    require(ctx, Action.READ)
    found: list[Deadline] = []
    latest = [(p, p.latest_release()) for p in products_repo.list_all()]
    current_ids = [release.id for _, release in latest if release is not None]
    assessments = risk_repo.for_releases(current_ids, load_scale()) if current_ids else {}
    for product, current in latest:
        assessment = assessments.get(current.id) if current is not None else None
        if current is None or assessment is None:
            continue
        where = f"{product.slug}@{current.version}"
        link = PageRef("risk-assessment", (product.slug, current.version))
        if assessment.next_review_due is not None:
            found.append(
                Deadline(
                    f"risk-review:{where}",
                    f"Review the risk assessment of {product.name} {current.version}",
                    _due(assessment.next_review_due),
                    False,
                    "ART13-3",
                    link,
                )
            )
        found.extend(
            Deadline(
                f"risk-review:{where}:{r.identifier}",
                f"Review {r.identifier} ({r.title}) of {product.name} {current.version}",
                _due(r.next_review),
                False,
                "ART13-3",
                PageRef(link.route, link.args, fragment=f"risk-{r.identifier}"),
            )
            for r in assessment.risks
            if r.next_review is not None
        )
    return found
