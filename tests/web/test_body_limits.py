"""Request bodies are refused before they are read: public and anonymous at 64 KiB, the rest
at the upload limit (Content-Length checked first; a body without one is measured or capped)."""

from __future__ import annotations

import http.client
import io
import json
import tempfile
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from rempart.core.request_limits import (
    PUBLIC_REQUEST_MAX_BYTES,
    body_limit,
    describe,
    upload_request_max_bytes,
)
from rempart.services.accounts import users as accounts
from rempart.services.context import Actor, ServiceContext
from rempart.web.body_limits import BodyLimitMiddleware, BodyTooLarge

HUNDRED_MB = 100 * 1000 * 1000


class LazyBody(io.RawIOBase):
    """``size`` bytes of JSON-looking text, produced on demand; counts what was read."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def read(self, n: int | None = -1) -> bytes:
        left = self.size - self.consumed
        take = left if n is None or n < 0 else min(n, left)
        self.consumed += take
        return b"x" * take

    def readline(self, n: int | None = -1) -> bytes:
        return self.read(n)


def _send(client: Client, path: str, body: LazyBody, **extra: Any) -> Any:
    return client.generic(
        "POST",
        path,
        data=b"{}",  # replaced below: the real body is the lazy stream
        content_type="application/json",
        CONTENT_LENGTH=str(body.size),
        **{"wsgi.input": body},
        **extra,
    )


def test_the_limits() -> None:
    assert PUBLIC_REQUEST_MAX_BYTES == 65536
    up = 100 * 1024 * 1024
    assert body_limit("/api/v1/public/reports", authenticated=True, upload_max_bytes=up) == 65536
    assert body_limit("/report/", authenticated=False, upload_max_bytes=up) == 65536
    assert body_limit("/api/v1/products", authenticated=False, upload_max_bytes=up) == 65536
    assert body_limit("/api/v1/products", authenticated=True, upload_max_bytes=up) == (
        upload_request_max_bytes(up)
    )
    assert upload_request_max_bytes(up) > up
    assert describe(65536) == "64 KiB"


def test_an_anonymous_100_mb_report_is_refused_unread(client: Client) -> None:
    body = LazyBody(HUNDRED_MB)
    response = _send(client, "/api/v1/public/reports", body)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 413
    assert "64 KiB" in problem["detail"]
    assert body.consumed == 0


def test_the_web_report_form_and_login_refuse_a_large_body_unread(client: Client) -> None:
    for path in ("/report/", "/login/"):
        body = LazyBody(HUNDRED_MB)
        response = _send(client, path, body)
        assert response.status_code == 413, path
        assert "64 KiB" in response.content.decode()
        assert body.consumed == 0


def test_anonymous_requests_elsewhere_get_the_public_limit(db, client: Client) -> None:
    body = LazyBody(PUBLIC_REQUEST_MAX_BYTES + 1)
    assert _send(client, "/api/v1/products", body).status_code == 413
    assert body.consumed == 0
    # A made-up token is no pass to the larger limit: it is checked before the body is read.
    for header in ("HTTP_AUTHORIZATION", "HTTP_X_API_KEY"):
        value = "rmp_0123abcd_" + "x" * 40
        forged = LazyBody(PUBLIC_REQUEST_MAX_BYTES + 1)
        extra = {header: f"Bearer {value}" if header == "HTTP_AUTHORIZATION" else value}
        assert _send(client, "/api/v1/products", forged, **extra).status_code == 413
        assert forged.consumed == 0
    # Within the limit the request goes on and is refused for what it is: no credentials.
    assert client.post("/api/v1/products", "{}", content_type="application/json").status_code == 401


def test_authenticated_uploads_get_the_upload_limit(
    client: Client, make_user, service_settings
) -> None:  # type: ignore[no-untyped-def]
    make_user("uploader", "editor")
    admin = ServiceContext(Actor.operator("t"), settings=service_settings)
    secret = accounts.create_token(admin, "ci", ["read", "write"], username="uploader").secret
    limit = upload_request_max_bytes(service_settings.upload_max_bytes)
    path = "/api/v1/products/nowhere/releases/1.0/sboms"
    over = LazyBody(limit + 1)
    refused = _send(client, path, over, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert refused.status_code == 413
    assert over.consumed == 0
    # 200 KB is past the public limit but well within the upload limit: it reaches the view.
    files = {"file": io.BytesIO(b"{" + b" " * 200_000 + b"}")}
    allowed = client.post(path, files, HTTP_AUTHORIZATION=f"Bearer {secret}")
    # The body was read and parsed: the format layer answers for what it contains.
    assert allowed.status_code == 422
    assert "neither CycloneDX" in allowed.json()["detail"]


def _bare_request(stream: Any) -> HttpRequest:
    request = RequestFactory().post("/api/v1/public/reports", b"", content_type="application/json")
    request.META.pop("CONTENT_LENGTH", None)
    request._stream = stream  # type: ignore[attr-defined]
    request.user = AnonymousUser()
    return request


def _reads_body(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(len(request.body)))


def test_a_buffered_body_without_length_is_measured_unread() -> None:
    # What an ASGI server hands Django for a chunked body: a spooled temporary file.
    spooled = tempfile.SpooledTemporaryFile(max_size=1024)
    spooled.write(b"x" * (PUBLIC_REQUEST_MAX_BYTES + 1))
    spooled.seek(0)
    response = BodyLimitMiddleware(_reads_body)(_bare_request(spooled))
    assert response.status_code == 413
    assert spooled.tell() == 0
    spooled.close()


def test_a_streamed_body_without_length_stops_one_byte_past_the_limit() -> None:
    body = LazyBody(HUNDRED_MB)
    middleware = BodyLimitMiddleware(_reads_body)
    request = _bare_request(body)
    with pytest.raises(BodyTooLarge) as raised:
        middleware(request)
    assert body.consumed <= PUBLIC_REQUEST_MAX_BYTES + 1
    answer = middleware.process_exception(request, raised.value)
    assert answer is not None
    assert answer.status_code == 413
    small = LazyBody(100)
    assert BodyLimitMiddleware(_reads_body)(_bare_request(small)).content == b"100"


def test_a_live_server_answers_413_without_waiting_for_the_body(live_server: Any) -> None:
    address = urlsplit(live_server.url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=60)
    connection.putrequest("POST", "/api/v1/public/reports")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(HUNDRED_MB))
    connection.endheaders()
    connection.send(b'{"summary": "' + b"x" * 1024)  # the first KiB of 100 MB; no more comes
    response = connection.getresponse()
    assert response.status == 413
    assert json.loads(response.read())["status"] == 413
    connection.close()
