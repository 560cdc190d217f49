"""``rempart worker``: run background tasks and the schedule (cli layer)."""

from __future__ import annotations

import os
import socket
import threading
from typing import Any

import click

from rempart.cli.bootstrap import setup_django
from rempart.cli.output import say


def _runner(queues: list[str], interval: float, batch: bool, worker_id: str) -> Any:
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=queues,
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=None,
        worker_id=worker_id[:64],
        excluded_queue_names=[],
    )


def _urgent_loop(runner: Any) -> None:
    from django.db import connection

    try:
        runner.run()
    finally:
        connection.close()


@click.command()
@click.option(
    "--interval",
    type=click.FloatRange(0.1, 3600),
    default=2.0,
    show_default=True,
    help="Seconds between polls for tasks.",
)
@click.option("--no-scheduler", is_flag=True, help="Only run tasks; do not enqueue scheduled jobs.")
@click.option("--batch", is_flag=True, help="Run the queued tasks, then exit (for cron and tests).")
def worker(interval: float, no_scheduler: bool, batch: bool) -> None:
    """Run queued tasks (advisory sync, rescans, reminders) and enqueue scheduled jobs.

    Several workers may run side by side, on one machine or several, against one database: a
    task is claimed by one worker only (SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL,
    exclusive transactions on SQLite), and a scheduled run is claimed once per slot. Each
    worker runs the urgent queue (deadline reminders, Art. 14 proposals) in a thread of its
    own, so a long rescan never delays them. Schedule: advisory sync hourly, full rescan
    daily (one task per release), reminders and proposals every 5 minutes
    (``rempart.core.schedule``); scans requested by imports are picked up within seconds.
    """
    setup_django()
    from rempart.core.clock import SystemClock
    from rempart.jobs.scheduler import (
        enqueue_advisory_jobs,
        enqueue_due,
        enqueue_requested_scans,
        run_scheduler,
    )
    from rempart.jobs.tasks import URGENT

    worker_id = f"{socket.gethostname()}:{os.getpid()}"
    stop = threading.Event()
    if not no_scheduler:
        if batch:
            enqueue_due(SystemClock(), worker_id)
        else:
            threading.Thread(
                target=run_scheduler,
                args=(SystemClock(), worker_id, stop),
                daemon=True,
                name="scheduler",
            ).start()
    if batch:
        enqueue_requested_scans()
        enqueue_advisory_jobs()
    say(f"Worker {worker_id} started ({'batch' if batch else 'continuous'}).")
    urgent = _runner([URGENT], interval, batch, f"{worker_id}:urgent")
    bulk = _runner(["default"], interval, batch, worker_id)
    try:
        if batch:
            urgent.run()
            bulk.run()
            urgent.run()  # anything the bulk tasks made urgent
            return
        thread = threading.Thread(target=_urgent_loop, args=(urgent,), daemon=True, name="urgent")
        thread.start()
        bulk.configure_signals()
        bulk.run()
    finally:
        urgent.running = False
        stop.set()


COMMANDS = [worker]
