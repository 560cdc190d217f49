"""Real local receivers for notifications: an SMTP server (aiosmtpd) and an HTTP webhook
receiver (stdlib ``http.server``) that verifies Rempart's HMAC signature like a user would."""

from __future__ import annotations

import email
import email.policy
import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class SmtpInbox:
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)


class _Handler:
    def __init__(self, inbox: SmtpInbox) -> None:
        self.inbox = inbox

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: ARG002
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.inbox.messages.append(parsed)
        self.inbox.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


@pytest.fixture(name="smtp_server")
def smtp_server_fixture(settings: Any) -> Iterator[SmtpInbox]:
    """A real SMTP server on a free local port; Django's SMTP backend pointed at it."""
    from aiosmtpd.controller import Controller

    inbox = SmtpInbox(free_port())
    controller = Controller(_Handler(inbox), hostname="127.0.0.1", port=inbox.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = inbox.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    settings.DEFAULT_FROM_EMAIL = "rempart@test.example"
    settings.SERVICE_SETTINGS = replace(
        settings.SERVICE_SETTINGS, mail_sender="rempart@test.example"
    )
    try:
        yield inbox
    finally:
        controller.stop()


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    signature_valid: bool

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class WebhookReceiver:
    """``mode`` decides the answer: ok | error (500) | slow (sleeps past the timeout) | redirect."""

    secret: str
    port: int = 0
    mode: str = "ok"
    received: list[Received] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/rempart"

    def verify(self, headers: dict[str, str], body: bytes) -> bool:
        """What a receiver does: recompute the HMAC over "<timestamp>.<body>", compare in constant time."""
        stamp = headers.get("X-Rempart-Timestamp", "")
        given = headers.get("X-Rempart-Signature", "")
        expected = (
            "sha256="
            + hmac.new(
                self.secret.encode(), stamp.encode() + b"." + body, hashlib.sha256
            ).hexdigest()
        )
        # A real receiver also refuses stale timestamps (replay); the tests run on a fixed clock.
        return stamp.isdigit() and hmac.compare_digest(given, expected)


def _handler_for(receiver: WebhookReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            headers = dict(self.headers.items())
            receiver.received.append(
                Received(self.path, headers, body, receiver.verify(headers, body))
            )
            if receiver.mode == "slow":
                time.sleep(3)
            if receiver.mode == "redirect":
                self.send_response(307)
                self.send_header("Location", f"http://127.0.0.1:{receiver.port}/elsewhere")
                self.end_headers()
                return
            status = 500 if receiver.mode == "error" else 204
            self.send_response(status)
            self.end_headers()

    return Handler


@pytest.fixture(name="webhook_receiver")
def webhook_receiver_fixture(settings: Any) -> Iterator[WebhookReceiver]:
    """A real HTTP server in a thread; private addresses allowed as REMPART_WEBHOOK_ALLOW_PRIVATE=1 does."""
    receiver = WebhookReceiver(secret="s3cret-signing-key-0123456789")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(receiver))
    server.daemon_threads = True
    receiver.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SERVICE_SETTINGS = replace(
        settings.SERVICE_SETTINGS, webhook_allow_private=True, webhook_timeout=1.0
    )
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
