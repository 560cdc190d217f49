"""The scheduler loop of ``rempart worker``: claim due slots, enqueue their tasks (jobs layer).

Besides the schedule it watches for requested scans (written by imports in their own
transaction) and enqueues the task that carries them out, so an imported SBOM is scanned
within seconds when a worker runs.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django_tasks_db.models import DBTaskResult

from rempart.core.clock import Clock
from rempart.jobs.tasks import TASKS, run_advisory_jobs, run_scan_requests
from rempart.services.context import Actor, ServiceContext
from rempart.services.schedule import slots
from rempart.services.vulnerabilities import scanning

log = logging.getLogger(__name__)


def enqueue_due(clock: Clock, worker_id: str) -> list[str]:
    """Enqueue each job whose current slot this worker claims first; return their names."""
    enqueued = []
    for name, current in slots.claim_due(clock.now(), worker_id):
        TASKS[name].enqueue()
        enqueued.append(name)
        log.info("scheduled %s for slot %s", name, current)
    return enqueued


def _enqueue_if_waiting(task: Any, waiting: Callable[[ServiceContext], int | bool]) -> bool:
    """Enqueue ``task`` when work waits for it and no run of it is queued or running."""
    ctx = ServiceContext(Actor.system("worker"), settings=settings.SERVICE_SETTINGS)
    if not waiting(ctx):
        return False
    queued = DBTaskResult.objects.filter(
        task_path=task.module_path, status__in=("READY", "RUNNING")
    ).exists()
    if queued:
        return False
    task.enqueue()
    return True


def enqueue_requested_scans() -> bool:
    """Enqueue the requested-scans task when scans wait and no such task is queued."""
    return _enqueue_if_waiting(run_scan_requests, scanning.pending_scan_requests)


def enqueue_advisory_jobs() -> bool:
    """Enqueue the advisory-jobs task when a person's import or sync waits and none is queued."""
    from rempart.services.vulnerabilities import advisory_jobs

    return _enqueue_if_waiting(run_advisory_jobs, advisory_jobs.pending)


def run_scheduler(
    clock: Clock,
    worker_id: str,
    stop: threading.Event,
    interval: float = 60.0,
    poll: float = 2.0,
) -> None:
    """Check the schedule every ``interval`` s and for requested scans every ``poll`` s."""
    next_schedule = 0.0
    while not stop.is_set():
        try:
            if time.monotonic() >= next_schedule:
                enqueue_due(clock, worker_id)
                next_schedule = time.monotonic() + interval
            enqueue_requested_scans()
            enqueue_advisory_jobs()
        except Exception:  # a scheduling error must not kill the worker; it retries next tick
            log.exception("scheduler tick failed")
        finally:
            close_old_connections()
        stop.wait(poll)
