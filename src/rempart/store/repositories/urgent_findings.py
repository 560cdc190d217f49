"""A product's open findings an assessor must see first: exploited or critical (store layer)."""

from __future__ import annotations

from django.db.models import F, Q

from rempart.store.models import Finding
from rempart.store.repositories.reporting import LinkedFinding, linked_finding


def open_exploited_or_critical(
    product_slug: str, limit: int = 200
) -> tuple[list[LinkedFinding], int]:
    """(the first ``limit`` findings, KEV-listed first then by score, and how many there are)."""
    query = Finding.objects.filter(
        release__product__slug=product_slug, status=Finding.Status.OPEN
    ).filter(Q(known_exploited=True) | Q(severity="critical"))
    total = query.count()
    rows = query.select_related("release__product").order_by(
        "-known_exploited", F("score").desc(nulls_last=True), "vulnerability_id", "pk"
    )[:limit]
    return [linked_finding(r) for r in rows], total
