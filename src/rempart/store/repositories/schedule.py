"""Claiming scheduled job slots: exactly one claim per (job, slot) across all workers."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction

from rempart.store.models import ScheduledRun


def claim(job: str, slot: str, worker: str, at: datetime) -> bool:
    """True for the one worker whose insert wins; the unique constraint refuses the others."""
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(job=job, slot=slot, claimed_by=worker[:200], claimed_at=at)
    except IntegrityError:
        return False
    return True
