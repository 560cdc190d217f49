"""Background work: scheduled slots are claimed once; parallel workers never run a task twice."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from rempart.core.clock import FixedClock
from rempart.core.schedule import SCHEDULE, Job, Period, slot
from rempart.jobs.scheduler import enqueue_due


def test_slots() -> None:
    hourly = Job("x", Period.HOURLY, at_minute=5)
    assert slot(hourly, datetime(2026, 11, 23, 10, 4, tzinfo=UTC)) is None
    assert slot(hourly, datetime(2026, 11, 23, 10, 7, tzinfo=UTC)) == "2026-11-23T10"
    daily = Job("y", Period.DAILY, at_minute=120)
    assert slot(daily, datetime(2026, 11, 23, 1, 59, tzinfo=UTC)) is None
    assert slot(daily, datetime(2026, 11, 23, 2, 0, tzinfo=UTC)) == "2026-11-23"


def test_a_slot_is_enqueued_once_however_many_workers(db) -> None:
    from django_tasks_db.models import DBTaskResult

    clock = FixedClock(datetime(2026, 11, 23, 3, 10, tzinfo=UTC))
    first = enqueue_due(clock, "worker-a")
    second = enqueue_due(clock, "worker-b")
    assert first == [job.name for job in SCHEDULE]
    assert second == []
    assert DBTaskResult.objects.count() == len(SCHEDULE)


def test_two_worker_processes_share_the_queue(tmp_path: Path) -> None:
    env = {**os.environ, "REMPART_DATA_DIR": str(tmp_path)}
    env.pop("REMPART_DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    assert (
        subprocess.run(
            [sys.executable, "-m", "rempart.cli", "init"],
            env=env,
            check=False,
            capture_output=True,
            timeout=120,
        ).returncode
        == 0
    )
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='rempart.settings'; django.setup();"
        "from rempart.jobs.tasks import rescan_packages;"
        "[rescan_packages.enqueue([['crates.io', f'pkg{i}']]) for i in range(30)]"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=120)
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "rempart.cli",
                "worker",
                "--batch",
                "--no-scheduler",
                "--interval",
                "0.1",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(2)
    ]
    for worker in workers:
        worker.wait(timeout=120)
        if worker.stdout:
            worker.stdout.close()
    check = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='rempart.settings'; django.setup();"
        "from django_tasks_db.models import DBTaskResult;"
        "rows = list(DBTaskResult.objects.values_list('status', 'worker_ids'));"
        "print(len(rows), sum(1 for s, _ in rows if s == 'SUCCESSFUL'), max(len(w) for _, w in rows))"
    )
    out = subprocess.run(
        [sys.executable, "-c", check],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout.split()
    assert out == ["30", "30", "1"]  # every task ran, each by exactly one worker


def test_reminders_run_every_five_minutes() -> None:
    job = next(job for job in SCHEDULE if job.name == "send-reminders")
    assert slot(job, datetime(2026, 11, 23, 10, 4, tzinfo=UTC)) == "2026-11-23T10:00"
    assert slot(job, datetime(2026, 11, 23, 10, 5, tzinfo=UTC)) == "2026-11-23T10:05"
    assert slot(job, datetime(2026, 11, 23, 10, 59, tzinfo=UTC)) == "2026-11-23T10:55"


def test_the_reminder_task_runs_the_service(db, monkeypatch) -> None:
    from rempart.core.deadlines import Deadline
    from rempart.jobs.tasks import TASKS
    from rempart.services.notifications import deadlines as deadline_registry

    monkeypatch.setattr(
        deadline_registry,
        "SOURCES",
        {
            "job-test": lambda _ctx: [
                Deadline("d:1", "Done already", datetime(2026, 1, 1, tzinfo=UTC), True)
            ]
        },
    )
    result = TASKS["send-reminders"].call()
    assert result == {"deadlines": 1, "sent": 0, "failed": 0, "deliveries": [], "source_errors": {}}
