"""init, demo and serve in real subprocesses on a real SQLite file."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def rempart(
    data_dir: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REMPART_DATA_DIR": str(data_dir)}
    env.pop("REMPART_DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "rempart.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_init_is_idempotent_and_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "ws"
    first = rempart(
        data_dir,
        "init",
        "--organization",
        "ACME",
        "--admin",
        "root-admin",
        "--password-stdin",
        stdin="a long enough password 123\n",
    )
    assert first.returncode == 0, first.stderr
    assert (data_dir / "rempart.sqlite3").is_file()
    assert oct((data_dir / "secret_key").stat().st_mode & 0o777) == "0o600"
    again = rempart(data_dir, "init")
    assert again.returncode == 0, again.stderr
    users = json.loads(rempart(data_dir, "user", "list", "--format", "json").stdout)
    assert users == [
        {"username": "root-admin", "email": "", "role": "admin", "active": True,
         "time_zone": None, "effective_time_zone": "UTC"},
    ]  # fmt: skip
    weak = rempart(data_dir, "createuser", "bob", "--password-stdin", stdin="123\n")
    assert weak.returncode == 2
    assert "password" in weak.stderr


def test_demo_creates_products_of_every_class(tmp_path: Path) -> None:
    data_dir = tmp_path / "demo"
    result = rempart(data_dir, "demo", "--no-serve")
    assert result.returncode == 0, result.stderr
    assert re.search(r"log in as demo / \S+", result.stdout)
    products = json.loads(rempart(data_dir, "product", "list", "--format", "json").stdout)
    classes = {p["product_class"] for p in products if p["scope_outcome"] == "in-scope"}
    assert classes == {"default", "important-class-i", "important-class-ii", "critical"}
    assert "excluded" in {p["scope_outcome"] for p in products}
    cases = json.loads(rempart(data_dir, "case", "list", "--format", "json").stdout)
    assert [(c["status"], c["vulnerability_id"]) for c in cases] == [("proposed", "CVE-2023-4863")]
    assert rempart(data_dir, "audit", "verify").returncode == 0
    refused = rempart(data_dir, "demo", "--no-serve")
    assert refused.returncode == 2
    assert "not empty" in refused.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_answers_on_localhost(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "REMPART_DATA_DIR": str(tmp_path / "srv")}
    env.pop("REMPART_DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "rempart.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/login/", timeout=2
                ) as response:
                    assert response.status == 200
                    assert b"Log in" in response.read()
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(
                        "server did not answer: "
                        + (server.stdout.read().decode() if server.stdout else "")
                    )
                time.sleep(0.3)
        with pytest.raises(urllib.error.HTTPError) as denied:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/products", timeout=5)
        assert denied.value.code == 401
    finally:
        server.terminate()
        server.wait(timeout=20)
        if server.stdout:
            server.stdout.close()
