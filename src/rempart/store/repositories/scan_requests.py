"""Scans that must happen: written with the change that needs them, claimed once (store layer).

See :class:`rempart.store.models.ScanRequest`. A claim is its own committed transaction (so a
release page can say "running"); the request is deleted in the transaction that stores the
scan's findings, so a request is either still there or its result is.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q

from rempart.store.models import ScanRequest


@dataclass(frozen=True, slots=True)
class RequestView:
    id: int
    release_id: int | None
    packages: tuple[tuple[str, str], ...]
    trigger: str
    requested_at: datetime


def add_release(release_pk: int, trigger: str, now: datetime) -> None:
    """Ask for a full scan of one release (call inside the transaction that changed it)."""
    ScanRequest.objects.create(release_id=release_pk, trigger=trigger[:32], requested_at=now)


def add_packages(pairs: Collection[tuple[str, str]], trigger: str, now: datetime) -> None:
    """Ask for a targeted rescan of these (ecosystem, package) pairs wherever they appear."""
    if pairs:
        ScanRequest.objects.create(
            packages=[list(p) for p in sorted(pairs)], trigger=trigger[:32], requested_at=now
        )


def claim(
    worker: str,
    now: datetime,
    stale_after: timedelta,
    release_pk: int | None = None,
    packages_only: bool = False,
) -> RequestView | None:
    """Claim the oldest unclaimed (or abandoned) request; ``None`` when there is none."""
    with transaction.atomic():
        query = ScanRequest.objects.filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - stale_after)
        )
        if release_pk is not None:
            query = query.filter(release_id=release_pk)
        if packages_only:
            query = query.filter(release__isnull=True)
        row = query.select_for_update(skip_locked=True).order_by("pk").first()
        if row is None:
            return None
        row.claimed_at, row.claimed_by = now, worker[:200]
        row.save(update_fields=["claimed_at", "claimed_by"])
    return RequestView(
        row.pk,
        row.release_id,
        tuple((str(e), str(p)) for e, p in row.packages),
        row.trigger,
        row.requested_at,
    )


def finish(request_id: int, release_pk: int | None, before: datetime) -> None:
    """Drop the request, and unclaimed requests for the same release made before ``before``."""
    ScanRequest.objects.filter(pk=request_id).delete()
    if release_pk is not None:
        ScanRequest.objects.filter(
            release_id=release_pk, claimed_at__isnull=True, requested_at__lte=before
        ).delete()


def pending(release_pk: int | None = None) -> int:
    query = ScanRequest.objects.all()
    if release_pk is not None:
        query = query.filter(release_id=release_pk)
    return query.count()
