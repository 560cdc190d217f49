"""The scheduler loop of ``rempart worker``: claim due slots, enqueue their tasks (jobs layer)."""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections

from rempart.core.clock import Clock
from rempart.jobs.tasks import TASKS
from rempart.services.schedule import slots

log = logging.getLogger(__name__)


def enqueue_due(clock: Clock, worker_id: str) -> list[str]:
    """Enqueue each job whose current slot this worker claims first; return their names."""
    enqueued = []
    for name, current in slots.claim_due(clock.now(), worker_id):
        TASKS[name].enqueue()
        enqueued.append(name)
        log.info("scheduled %s for slot %s", name, current)
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
