"""``rempart worker``: run background tasks and the schedule (cli layer)."""

from __future__ import annotations

import os
import socket
import threading

import click

from rempart.cli.bootstrap import setup_django
from rempart.cli.output import say


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
    """Run queued tasks (advisory sync, rescans) and enqueue scheduled jobs.

    Several workers may run side by side, on one machine or several: a task is claimed by
    one worker only (SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL, exclusive transactions on
    SQLite), and a scheduled run is claimed once per slot in the database. Schedule: advisory
    sync hourly, full rescan daily (``rempart.core.schedule``).
    """
    setup_django()
    from django_tasks_db.management.commands.db_worker import Worker

    from rempart.core.clock import SystemClock
    from rempart.jobs.scheduler import enqueue_due, run_scheduler

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
    say(f"Worker {worker_id} started ({'batch' if batch else 'continuous'}).")
    runner = Worker(
        queue_names=["default"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    try:
        if not batch:
            runner.configure_signals()
        runner.run()
    finally:
        stop.set()


COMMANDS = [worker]
