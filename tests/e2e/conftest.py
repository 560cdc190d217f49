"""Browser tests: Debian's chromium driven by Playwright (never `playwright install`)."""

from __future__ import annotations

import os
import shutil
import threading
import time
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.servers.basehttp import WSGIServer
from django.core.signals import request_finished, request_started
from django.db import connection
from django.test.testcases import LiveServerThread

# Playwright's sync API runs an event loop in this thread; the test itself only talks to
# the live server over HTTP and to the database through fixtures, never from async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class _OneRequestAtATime(WSGIServer):
    """The live server without a thread per request (each answer says ``Connection: close``).

    With in-memory SQLite, pytest-django hands the test's one connection to the server; a
    thread per request then runs several queries on that one connection at once (a page's
    htmx fragments load together), which deadlocked CI. Serving in turn is what a single
    connection allows.
    """

    def __init__(self, *args: Any, connections_override: object = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override


# Django's test database for SQLite is in memory unless a TEST NAME says otherwise.
if connection.vendor == "sqlite" and not connection.settings_dict.get("TEST", {}).get("NAME"):
    LiveServerThread.server_class = _OneRequestAtATime  # type: ignore[assignment]


def chromium_path() -> str | None:
    configured = os.environ.get("REMPART_CHROMIUM")
    if configured:
        return configured
    for candidate in (
        "/usr/lib/chromium/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    path = chromium_path()
    if path is None:
        message = "BROWSER TESTS SKIPPED: no chromium found (apt-get install chromium, or set REMPART_CHROMIUM)"
        if os.environ.get("REMPART_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        warnings.warn(message, stacklevel=1)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": path,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


class _InFlight:
    """Requests the live server is still serving (a page's htmx fragments outlive the test)."""

    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    # Only the live server's threads: the test client serves in the main thread.
    def started(self, **_: object) -> None:
        if threading.current_thread() is not threading.main_thread():
            with self.lock:
                self.count += 1

    def finished(self, **_: object) -> None:
        if threading.current_thread() is not threading.main_thread():
            with self.lock:
                self.count -= 1


_in_flight = _InFlight()
request_started.connect(_in_flight.started, dispatch_uid="e2e-in-flight-started")
request_finished.connect(_in_flight.finished, dispatch_uid="e2e-in-flight-finished")


@pytest.fixture(autouse=True)
def _requests_done_before_flush(transactional_db: None) -> Iterator[None]:
    """Wait for the live server's last requests before the database is flushed.

    A test may end while a fragment it triggered is still being served; flushing under that
    request locks SQLite's tables ("database table is locked") and fails the next test.
    """
    yield
    deadline = time.monotonic() + 15
    while _in_flight.count > 0 and time.monotonic() < deadline:
        time.sleep(0.02)
