"""The webhook adapter: signature scheme, URL and address refusals, redirects, response cap."""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rempart.net.webhook import (
    MAX_RESPONSE_BYTES,
    WebhookFailed,
    WebhookRefused,
    check_url,
    post_json,
    resolve,
    signature,
)


def test_signature_is_hmac_sha256_over_timestamp_dot_body() -> None:
    body = b'{"event":"test"}'
    expected = hmac.new(b"k" * 16, b"1795424400." + body, hashlib.sha256).hexdigest()
    assert signature("k" * 16, "1795424400", body) == f"sha256={expected}"
    # Known answer, so a change of scheme cannot go unnoticed by receivers.
    assert signature("secret", "0", b"{}") == (
        "sha256=" + hmac.new(b"secret", b"0.{}", hashlib.sha256).hexdigest()
    )


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/x",
        "file:///etc/passwd",
        "gopher://example.com",
        "http://",
        "http://user:pw@example.com/",
        "http://example.com:99999/",
        "javascript:alert(1)",
    ],
)
def test_only_plain_http_urls(url: str) -> None:
    with pytest.raises(WebhookRefused):
        check_url(url)


def test_url_parts() -> None:
    assert check_url("https://hooks.example.com/a?b=1") == (
        "https",
        "hooks.example.com",
        443,
        "/a?b=1",
    )
    assert check_url("HTTP://h.example:8080") == ("http", "h.example", 8080, "/")


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "0.0.0.0",  # noqa: S104 - an address under test, not a bind
        "::1",
        "::ffff:127.0.0.1",
        "fd00::1",
        "fe80::1",
        "100.64.0.1",  # carrier-grade NAT
        "224.0.0.1",
        "localhost",
    ],
)
def test_non_public_addresses_are_refused_unless_allowed(host: str) -> None:
    with pytest.raises(WebhookRefused, match="REMPART_WEBHOOK_ALLOW_PRIVATE"):
        resolve(host, 80, allow_private=False)
    assert resolve(host, 80, allow_private=True)


def test_public_literals_pass() -> None:
    assert resolve("93.184.216.34", 443, allow_private=False) == "93.184.216.34"
    assert resolve("2606:2800:220:1::", 443, allow_private=False) == "2606:2800:220:1::"


class _Big(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Length", str(10 * MAX_RESPONSE_BYTES))
        self.end_headers()
        try:
            self.wfile.write(b"x" * (10 * MAX_RESPONSE_BYTES))
        except OSError:
            pass  # the client stopped reading at the cap and hung up


@pytest.fixture
def big_server() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Big)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


def test_a_large_answer_is_read_up_to_the_cap_only(big_server: int) -> None:
    result = post_json(
        f"http://127.0.0.1:{big_server}/",
        b"{}",
        event="test",
        delivery_id="d-1",
        secret="s" * 16,
        timestamp=0,
        timeout=5,
        allow_private=True,
    )
    assert result.status == 200
    assert len(result.body_excerpt) <= 500


def test_unresolvable_host_is_a_failure_not_a_crash() -> None:
    with pytest.raises(WebhookFailed):
        post_json(
            "http://no-such-host.invalid/",
            b"{}",
            event="test",
            delivery_id="d",
            secret="s" * 16,
            timestamp=0,
        )


def test_the_documented_verification_snippet_accepts_our_signature_only() -> None:
    import re
    import time
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "notifications.md").read_text()
    snippet = re.search(r"### Verifying a delivery.*?```python\n(.*?)```", doc, re.DOTALL)
    assert snippet is not None
    namespace: dict[str, object] = {}
    exec(snippet.group(1), namespace)  # noqa: S102 - our own documentation, under test
    verify = namespace["verify"]
    body = b'{"event":"test"}'
    stamp = str(int(time.time()))
    headers = {
        "X-Rempart-Timestamp": stamp,
        "X-Rempart-Signature": signature("s" * 20, stamp, body),
    }
    assert verify("s" * 20, headers, body) is True  # type: ignore[operator]
    assert verify("t" * 20, headers, body) is False  # type: ignore[operator]
    assert verify("s" * 20, headers, body + b" ") is False  # type: ignore[operator]
    stale = {**headers, "X-Rempart-Timestamp": str(int(stamp) - 3600)}
    assert verify("s" * 20, stale, body) is False  # type: ignore[operator]
