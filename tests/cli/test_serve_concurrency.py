"""``rempart serve`` with 2 workers: 32 concurrent authenticated requests right after start.

Real processes against a real database (a fresh PostgreSQL database in the PostgreSQL pass, a
fresh SQLite file otherwise): the master runs the migrations, so before the fix its open
connection was inherited by both workers, which then interleaved each other's queries (500s,
"lost synchronization with server", one user's page rendered for another).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

USERS = 32

SETUP = """
import json, os
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "rempart.settings"
django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from rempart.services.accounts import users
from rempart.services.context import Actor, ServiceContext
ctx = ServiceContext(Actor.operator("test"), settings=settings.SERVICE_SETTINGS)
cookies = {}
for number in range(%(users)d):
    name = f"user-{number:02d}"
    users.create_user(ctx, name, "admin" if number %% 2 else "viewer", None)
    client = Client()
    client.force_login(get_user_model().objects.get(username=name))
    cookies[name] = client.cookies["sessionid"].value
print(json.dumps(cookies))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, cookie: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


@pytest.mark.database
def test_32_concurrent_requests_right_after_start(tmp_path: Path, fresh_database_url: str) -> None:
    env = {
        **os.environ,
        "REMPART_DATA_DIR": str(tmp_path / "data"),
        "REMPART_DATABASE_URL": fresh_database_url,
        "REMPART_SECRET_KEY": "serve-test-" + "k" * 40,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    init = [sys.executable, "-m", "rempart.cli", "init", "--organization", "Serve Test"]
    subprocess.run(init, env=env, check=True, capture_output=True, timeout=300)
    made = subprocess.run(
        [sys.executable, "-c", SETUP % {"users": USERS}],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    cookies: dict[str, str] = json.loads(made.stdout.strip().splitlines()[-1])
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "rempart.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # the socket, not a page: no request warms it up
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert server.poll() is None, "rempart serve exited"
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}/"
        with ThreadPoolExecutor(max_workers=USERS) as pool:
            answers = dict(
                zip(
                    cookies,
                    pool.map(lambda name: _get(url, cookies[name]), cookies),
                    strict=True,
                )
            )
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=60)
    statuses = {name: status for name, (status, _) in answers.items()}
    assert set(statuses.values()) == {200}, (statuses, errors.decode(errors="replace")[-3000:])
    for name, (_, body) in answers.items():
        role = "admin" if int(name[-2:]) % 2 else "viewer"
        assert f"{name}</a> · {role}" in body  # each request saw its own user
        others = [other for other in cookies if other != name and f"{other}</a> ·" in body]
        assert not others
