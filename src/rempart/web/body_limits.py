"""Request bodies are capped before anything reads them (web layer, serves the API too).

:class:`BodyLimitMiddleware` runs before CSRF checks, forms and django-ninja parse a body:

- a ``Content-Length`` above the path's limit (:func:`rempart.core.request_limits.body_limit`)
  is answered 413 at once, and the body is never read;
- a body without ``Content-Length`` (chunked; only an ASGI server passes one on) is measured
  when it is already buffered (ASGI spools it to a temporary file), else read through a
  stream that raises :class:`BodyTooLarge` one byte past the limit.

API paths get an RFC 9457 problem document, pages the error page.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rempart.core.clock import SystemClock
from rempart.core.errors import PermissionDenied
from rempart.core.request_limits import PUBLIC_REQUEST_MAX_BYTES, body_limit, describe
from rempart.services.accounts import users as accounts


class BodyTooLarge(RequestDataTooBig):
    """A body without ``Content-Length`` went past its limit while being read."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than {describe(limit)}")
        self.limit = limit


@dataclass(frozen=True, slots=True)
class _Refusal:
    message: str
    problems: tuple[object, ...] = field(default=())


class _CappedStream:
    """Reads through to ``inner`` and raises :class:`BodyTooLarge` past ``limit`` bytes."""

    def __init__(self, inner: IO[bytes], limit: int) -> None:
        self._inner = inner
        self._limit = limit
        self._seen = 0

    def _count(self, data: bytes) -> bytes:
        self._seen += len(data)
        if self._seen > self._limit:
            raise BodyTooLarge(self._limit)
        return data

    def read(self, size: int = -1) -> bytes:
        room = self._limit - self._seen + 1
        return self._count(self._inner.read(room if size is None or size < 0 else min(size, room)))

    def readline(self, size: int = -1) -> bytes:
        room = self._limit - self._seen + 1
        return self._count(self._inner.readline(room if size < 0 else min(size, room)))

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        self._inner.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _authenticated(request: HttpRequest) -> bool:
    """A logged-in session or a valid API token (checked here: a made-up header is no pass)."""
    user: Any = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    header = str(request.META.get("HTTP_AUTHORIZATION", ""))
    secret = header[7:].strip() if header[:7].lower() == "bearer " else ""
    secret = secret or str(request.META.get("HTTP_X_API_KEY", "")).strip()
    if not secret:
        return False
    try:
        accounts.authenticate_token(secret, SystemClock().now())
    except PermissionDenied:
        return False
    return True


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    """The 413 answer: a problem document for the API, the error page otherwise."""
    detail = f"the request body may be {describe(limit)} at most on this endpoint"
    if request.path.startswith("/api/"):
        body = {"type": "about:blank", "title": "Content too large", "status": 413}
        body |= {"detail": detail, "kind": "invalid", "limit_bytes": limit}
        return HttpResponse(json.dumps(body), status=413, content_type="application/problem+json")
    context = {"title": "Content too large", "error": _Refusal(detail)}
    return render(request, "rempart/error.html", context, status=413)


def _declared_length(request: HttpRequest) -> int | None:
    value = str(request.META.get("CONTENT_LENGTH") or "").strip()
    if not value:
        return None
    try:
        return max(int(value), 0)
    except ValueError:
        return None


class BodyLimitMiddleware:
    """Place after ``AuthenticationMiddleware`` (it needs ``request.user``), before the rest."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return self.get_response(request)
        declared = _declared_length(request)
        if declared is not None and declared <= PUBLIC_REQUEST_MAX_BYTES:
            return self.get_response(request)  # within every limit: no credential check needed
        limit = body_limit(
            request.path,
            authenticated=_authenticated(request),
            upload_max_bytes=settings.SERVICE_SETTINGS.upload_max_bytes,
        )
        if declared is not None:
            if declared > limit:
                return too_large(request, limit)
            return self.get_response(request)
        stream: Any = getattr(request, "_stream", None)
        if stream is not None and hasattr(stream, "seekable") and stream.seekable():
            size = stream.seek(0, os.SEEK_END)
            stream.seek(0)
            if size > limit:
                return too_large(request, limit)
        elif stream is not None:
            request._stream = _CappedStream(stream, limit)  # type: ignore[assignment]
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, BodyTooLarge):
            return too_large(request, exception.limit)
        return None
