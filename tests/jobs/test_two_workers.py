"""Two ``rempart worker`` processes against one database: every task runs once, no reminder twice.

Real processes (a fresh PostgreSQL database in the PostgreSQL pass, a fresh SQLite file
otherwise), as in a deployment with several worker machines: a confirmed Art. 14 case whose
reminder points are due, an e-mail channel writing to the outbox, and many reminder, proposal
and rescan tasks queued at once for both workers to race for.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SETUP = """
import os
from datetime import timedelta
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "rempart.settings"
django.setup()
from django.conf import settings
from rempart.core.reporting.case import CaseDraft
from rempart.services.context import Actor, ServiceContext
from rempart.services.notifications import channels
from rempart.services.reporting import cases
from rempart.core.cra.scope import default_in_scope_answers
from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.jobs.tasks import propose_cases, rescan_packages, send_reminders
ctx = ServiceContext(Actor.operator("test"), settings=settings.SERVICE_SETTINGS)
products.create_product(ctx, ProductDraft(name="Router", scope_answers=default_in_scope_answers(
    ctx.catalog), support_months=60, support_justification="Expected use time of comparable products."))
channels.add_email_channel(ctx, "psirt", ["psirt@test.example"])
aware = ctx.clock.now() - timedelta(hours=23)
cases.open_case(ctx, CaseDraft(kind="vulnerability", title="Exploited in the wild", products=("router",),
    vulnerability_id="CVE-2023-4863", aware_at=aware, aware_reason="test", detected_at=aware))
for number in range(15):
    send_reminders.enqueue()
    propose_cases.enqueue()
    rescan_packages.enqueue([["crates.io", f"pkg{number}"]])
"""

CHECK = """
import json, os
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "rempart.settings"
django.setup()
from django_tasks_db.models import DBTaskResult
from rempart.store.models import ReminderDelivery
rows = list(DBTaskResult.objects.values_list("status", "worker_ids", "queue_name"))
deliveries = list(ReminderDelivery.objects.values_list("key", "status", "attempts"))
print(json.dumps({"tasks": rows, "deliveries": deliveries}))
"""


def _python(script: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.database
def test_two_workers_run_each_task_once_and_send_each_reminder_once(
    tmp_path: Path, fresh_database_url: str
) -> None:
    env = {
        **os.environ,
        "REMPART_DATA_DIR": str(tmp_path / "data"),
        "REMPART_DATABASE_URL": fresh_database_url,
        "REMPART_SECRET_KEY": "workers-test-" + "k" * 40,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("REMPART_SMTP_HOST", None)  # e-mail goes to the outbox: every message is a file
    subprocess.run(
        [sys.executable, "-m", "rempart.cli", "init", "--organization", "Workers Test"],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    _python(SETUP, env)
    command = [sys.executable, "-m", "rempart.cli", "worker", "--batch", "--no-scheduler"]
    workers = [
        subprocess.Popen(
            [*command, "--interval", "0.1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for worker in workers:
        _, errors = worker.communicate(timeout=300)
        assert worker.returncode == 0, errors.decode(errors="replace")[-2000:]
    seen = json.loads(_python(CHECK, env).strip().splitlines()[-1])
    tasks = seen["tasks"]
    assert len(tasks) == 45
    assert {status for status, _, _ in tasks} == {"SUCCESSFUL"}
    assert all(len(worker_ids) == 1 for _, worker_ids, _ in tasks)  # each ran exactly once
    ran_by = {worker_ids[0].rsplit(":urgent", 1)[0] for _, worker_ids, _ in tasks}
    assert len(ran_by) >= 1
    assert {queue for _, _, queue in tasks} == {"urgent", "default"}
    deliveries = seen["deliveries"]
    assert deliveries, "the case's overdue reminder points produce at least one reminder"
    keys = [key for key, _, _ in deliveries]
    assert len(keys) == len(set(keys))  # one delivery row per reminder key …
    assert {(status, attempts) for _, status, attempts in deliveries} == {("sent", 1)}
    outbox = list((tmp_path / "data" / "outbox").glob("*"))
    assert len(outbox) == len(deliveries)  # … and exactly one message sent for each
