"""The scheduler loop of ``rempart worker``: claim due slots, enqueue their tasks (jobs layer)."""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections

from rempart.core.clock import Clock
from rempart.core.schedule import SCHEDULE, slot
from rempart.jobs.tasks import TASKS
from rempart.store.repositories import schedule

log = logging.getLogger(__name__)


def enqueue_due(clock: Clock, worker_id: str) -> list[str]:
    """Enqueue each job whose current slot this worker claims first; return their names."""
    now = clock.now()
    enqueued = []
    for job in SCHEDULE:
        current = slot(job, now)
        if current is not None and schedule.claim(job.name, current, worker_id, now):
            TASKS[job.name].enqueue()
            enqueued.append(job.name)
            log.info("scheduled %s for slot %s", job.name, current)
    return enqueued


def run_scheduler(
    clock: Clock, worker_id: str, stop: threading.Event, interval: float = 60.0
) -> None:
    """Check the schedule every ``interval`` seconds until ``stop`` is set."""
    while not stop.is_set():
        try:
            enqueue_due(clock, worker_id)
        except Exception:  # a scheduling error must not kill the worker; it retries next tick
            log.exception("scheduler tick failed")
        finally:
            close_old_connections()
        stop.wait(interval)
