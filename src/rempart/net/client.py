"""The one HTTP client of Rempart: timeouts, size caps, conditional and resumable downloads.

Only ``rempart.net`` talks to the network. :class:`HttpClient` wraps ``urllib`` with:

- a timeout on every request and a cap on every body (a response larger than ``max_bytes``
  is abandoned with :class:`DownloadTooLarge`);
- conditional requests (``If-None-Match`` / ``If-Modified-Since``): an unchanged feed costs
  one round trip and no download;
- resumable downloads: bytes already received are kept in ``<partial dir>/<digest>.part``
  and the next attempt asks for the rest with ``Range`` + ``If-Range`` (a server that ignores
  it sends the whole body again, which is accepted);
- checksum verification when the server offers ``<url>.sha256``.

The opener is injectable (tests and proxies); redirects are followed only to http(s).
"""

from __future__ import annotations

import hashlib
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from rempart.core.errors import NetError

CHUNK = 1 << 16
USER_AGENT = "Rempart (+https://github.com/rempart-cra/rempart)"


class DownloadFailed(NetError):
    kind = "network"


class DownloadTooLarge(NetError):
    kind = "network"


class ChecksumMismatch(NetError):
    kind = "network"


@dataclass(frozen=True, slots=True)
class Download:
    url: str
    status: str  # "downloaded" | "not-modified"
    data: bytes = b""
    etag: str = ""
    last_modified: str = ""
    sha256: str = ""
    resumed_from: int = 0
    checksum_verified: bool = False


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if not newurl.lower().startswith(("http://", "https://")):
            raise DownloadFailed(f"{req.full_url}: refusing a redirect to {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class HttpClient:
    def __init__(
        self,
        *,
        timeout: float = 60.0,
        max_bytes: int = 1 << 30,
        partial_dir: Path | None = None,
        opener: urllib.request.OpenerDirector | None = None,
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.partial_dir = partial_dir
        self.opener = opener or urllib.request.build_opener(_HttpOnlyRedirects())

    def _check_url(self, url: str) -> None:
        if not re.match(r"^https?://", url, re.IGNORECASE):
            raise DownloadFailed(f"{url}: only http and https URLs are fetched")

    def fetch(
        self, url: str, *, etag: str = "", last_modified: str = "", verify_checksum: bool = True
    ) -> Download:
        """GET ``url`` unless unchanged since (``etag``, ``last_modified``); resume partial bodies."""
        self._check_url(url)
        partial = self._partial_path(url)
        have = partial.stat().st_size if partial and partial.exists() else 0
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 - scheme checked
        if etag:
            request.add_header("If-None-Match", etag)
        if last_modified:
            request.add_header("If-Modified-Since", last_modified)
        if have and partial is not None:
            request.add_header("Range", f"bytes={have}-")
            validator = partial.with_suffix(".validator")
            if validator.exists():
                request.add_header("If-Range", validator.read_text().strip())
        try:
            response = self.opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            if error.code == 304:
                return Download(url, "not-modified", etag=etag, last_modified=last_modified)
            if error.code == 416 and partial is not None:
                partial.unlink(missing_ok=True)  # our partial file does not fit: start over
                return self.fetch(
                    url, etag=etag, last_modified=last_modified, verify_checksum=verify_checksum
                )
            raise DownloadFailed(f"{url}: HTTP {error.code} {error.reason}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise DownloadFailed(f"{url}: {getattr(error, 'reason', error)}") from error
        with response:
            resumed = have if response.status == 206 else 0
            new_etag = response.headers.get("ETag", "")
            new_modified = response.headers.get("Last-Modified", "")
            data = self._body(url, response, partial, resumed, new_etag or new_modified)
        digest = hashlib.sha256(data).hexdigest()
        verified = self._verify(url, digest) if verify_checksum else False
        if partial is not None:
            partial.unlink(missing_ok=True)
            partial.with_suffix(".validator").unlink(missing_ok=True)
        return Download(url, "downloaded", data, new_etag, new_modified, digest, resumed, verified)

    def _partial_path(self, url: str) -> Path | None:
        if self.partial_dir is None:
            return None
        self.partial_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self.partial_dir / (hashlib.sha256(url.encode()).hexdigest()[:32] + ".part")

    def _body(
        self, url: str, response: BinaryIO, partial: Path | None, resumed: int, validator: str
    ) -> bytes:
        if partial is not None:
            if validator:
                partial.with_suffix(".validator").write_text(validator)
            mode = "ab" if resumed else "wb"
            total = resumed
            expected = _expected_length(response, resumed)
            with partial.open(mode) as sink:
                while chunk := response.read(CHUNK):
                    total += len(chunk)
                    if total > self.max_bytes:
                        sink.close()
                        partial.unlink(missing_ok=True)
                        raise DownloadTooLarge(f"{url}: larger than {self.max_bytes:,} bytes")
                    sink.write(chunk)
            if expected is not None and total < expected:
                # The connection ended early: keep what arrived for the next attempt to resume.
                raise DownloadFailed(
                    f"{url}: connection closed after {total:,} of {expected:,} bytes"
                )
            return partial.read_bytes()
        data = response.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            raise DownloadTooLarge(f"{url}: larger than {self.max_bytes:,} bytes")
        expected = _expected_length(response, 0)
        if expected is not None and len(data) < expected:
            raise DownloadFailed(
                f"{url}: connection closed after {len(data):,} of {expected:,} bytes"
            )
        return data

    def _verify(self, url: str, digest: str) -> bool:
        """Compare with ``<url>.sha256`` when the server offers one; False when it does not."""
        request = urllib.request.Request(url + ".sha256", headers={"User-Agent": USER_AGENT})  # noqa: S310
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                text = response.read(4096).decode("ascii", errors="replace")
        except (urllib.error.URLError, OSError):
            return False
        match = re.search(r"\b([0-9a-fA-F]{64})\b", text)
        if match is None:
            return False
        if match.group(1).lower() != digest:
            raise ChecksumMismatch(
                f"{url}: SHA-256 {digest} does not match the published {match.group(1).lower()}"
            )
        return True


def _expected_length(response: BinaryIO, resumed: int) -> int | None:
    """The full size the server announced (Content-Length, plus what was resumed from)."""
    header = getattr(response, "headers", {}).get("Content-Length")
    try:
        return int(header) + resumed if header is not None else None
    except ValueError:
        return None
