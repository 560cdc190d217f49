"""How large a request body may be, decided from the path and the caller (core, pure).

The numbers live here once: the body-limit middleware refuses a larger body from its
``Content-Length`` before anything reads it, ``settings.py`` gives Django the same cap for
authenticated requests, and the public endpoints state theirs in their documentation.

- public endpoints (the vulnerability report intake in the API and on the web, the login
  form, the public product pages): :data:`PUBLIC_REQUEST_MAX_BYTES`, 64 KiB;
- any request without credentials (no session user, no API token header): the same 64 KiB,
  so an anonymous client cannot make any endpoint buffer more;
- authenticated requests: :func:`upload_request_max_bytes` of the configured upload limit
  (an SBOM may arrive base64-encoded in JSON, Dependency-Track's ``PUT /api/v1/bom``, which
  is 4/3 of its size, plus 1 MiB for the form fields and the multipart framing).
"""

from __future__ import annotations

PUBLIC_REQUEST_MAX_BYTES = 64 * 1024

#: paths whose requests are capped at the public limit, whoever sends them
PUBLIC_BODY_PREFIXES: tuple[str, ...] = (
    "/api/v1/public/",
    "/report/",
    "/login/",
    "/security/",
    "/security.txt",
    "/.well-known/",
    "/product-info/",
)


def upload_request_max_bytes(upload_max_bytes: int) -> int:
    """The largest authenticated request body for an upload limit of ``upload_max_bytes``."""
    return upload_max_bytes * 4 // 3 + 1024 * 1024


def body_limit(path: str, *, authenticated: bool, upload_max_bytes: int) -> int:
    """The largest body a request to ``path`` may carry."""
    if path.startswith(PUBLIC_BODY_PREFIXES) or not authenticated:
        return PUBLIC_REQUEST_MAX_BYTES
    return upload_request_max_bytes(upload_max_bytes)


def describe(size: int) -> str:
    """``65536`` -> ``"64 KiB"``, ``104857600`` -> ``"100 MiB"`` (for refusals)."""
    for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale and size % scale == 0:
            return f"{size // scale} {unit}"
    return f"{size} bytes"
