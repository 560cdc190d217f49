"""The HTTP client and feed sync against a real local HTTP server serving the shared data."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from rempart.net.client import ChecksumMismatch, DownloadFailed, DownloadTooLarge, HttpClient


class FeedServer:
    """Serves files with ETag/Last-Modified, 304s, byte ranges, optional .sha256 sidecars."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.cut_after: dict[str, int] = {}  # path -> bytes to send before dropping the connection
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers)))
                data = server.files.get(self.path)
                if data is None:
                    self.send_error(404)
                    return
                etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                start = 0
                ranged = self.headers.get("Range")
                if ranged and self.headers.get("If-Range", etag) == etag:
                    start = int(ranged.split("=")[1].split("-")[0])
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                else:
                    self.send_response(200)
                body = data[start:]
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", "Mon, 25 Aug 2025 17:04:19 GMT")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                cut = server.cut_after.pop(self.path, None)
                self.wfile.write(body if cut is None else body[:cut])
                if cut is not None:
                    self.wfile.flush()
                    self.close_connection = True

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def feeds(shared_data: Path) -> Iterator[FeedServer]:
    kev = (shared_data / "advisories/kev/known_exploited_vulnerabilities.json").read_bytes()
    rust = (shared_data / "advisories/osv/rustsec-advisory-db-osv-2016-2025.tar.gz").read_bytes()
    files = {
        "/kev/known_exploited_vulnerabilities.json": kev,
        "/crates.io/all.zip": rust,  # read_osv accepts the tar.gz dump as well
        "/signed/kev.json": kev,
        "/signed/kev.json.sha256": f"{hashlib.sha256(kev).hexdigest()}  kev.json\n".encode(),
        "/badsum/kev.json": kev,
        "/badsum/kev.json.sha256": b"0" * 64,
    }
    with FeedServer(files) as server:
        yield server


def test_conditional_requests(feeds: FeedServer) -> None:
    client = HttpClient()
    first = client.fetch(feeds.url + "/kev/known_exploited_vulnerabilities.json")
    assert first.status == "downloaded"
    assert first.etag
    second = client.fetch(feeds.url + "/kev/known_exploited_vulnerabilities.json", etag=first.etag)
    assert second.status == "not-modified"
    last = [headers for path, headers in feeds.requests if path.endswith(".json")][-1]
    assert last["If-None-Match"] == first.etag


def test_resume_after_a_cut_connection(feeds: FeedServer, tmp_path: Path) -> None:
    client = HttpClient(partial_dir=tmp_path)
    url = feeds.url + "/crates.io/all.zip"
    feeds.cut_after["/crates.io/all.zip"] = 100_000
    with pytest.raises(DownloadFailed):
        client.fetch(url)
    assert next(iter(tmp_path.glob("*.part"))).stat().st_size == 100_000
    resumed = client.fetch(url)
    assert resumed.resumed_from == 100_000
    assert resumed.data == feeds.files["/crates.io/all.zip"]
    last = [headers for path, headers in feeds.requests if path == "/crates.io/all.zip"][-1]
    assert last["Range"] == "bytes=100000-"
    assert not list(tmp_path.glob("*.part"))


def test_checksums_when_offered(feeds: FeedServer) -> None:
    client = HttpClient()
    assert client.fetch(feeds.url + "/signed/kev.json").checksum_verified
    assert not client.fetch(
        feeds.url + "/kev/known_exploited_vulnerabilities.json"
    ).checksum_verified
    with pytest.raises(ChecksumMismatch):
        client.fetch(feeds.url + "/badsum/kev.json")


def test_limits_and_errors(feeds: FeedServer) -> None:
    with pytest.raises(DownloadTooLarge):
        HttpClient(max_bytes=1000).fetch(feeds.url + "/crates.io/all.zip")
    with pytest.raises(DownloadFailed, match="404"):
        HttpClient().fetch(feeds.url + "/nothing")
    with pytest.raises(DownloadFailed, match="only http"):
        HttpClient().fetch("file:///etc/passwd")


def test_sync_imports_then_skips_unchanged_feeds(
    feeds: FeedServer, organization, operator, typical_answers, settings, tmp_path: Path
) -> None:
    from rempart.core.register import ProductDraft
    from rempart.services.products import register as products
    from rempart.services.products.register import ReleaseDraft
    from rempart.services.sboms import release_sboms as sboms
    from rempart.services.vulnerabilities import feeds as feed_service
    from rempart.store.models import Finding

    products.create_product(
        operator,
        ProductDraft(
            name="Gateway",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "gateway", ReleaseDraft("3.0.0", date(2026, 2, 1)))
    sbom = (
        Path(__file__).resolve().parents[2]
        / "src/rempart/demo_data/sboms/gridlink-gateway-firmware-3.0.0.cdx.json"
    )
    sboms.import_sbom(operator, "gateway", "3.0.0", sbom.read_bytes())
    urls = [
        feeds.url + "/crates.io/all.zip",
        feeds.url + "/kev/known_exploited_vulnerabilities.json",
        feeds.url + "/gone/all.zip",
    ]
    first = feed_service.sync_feeds(operator, urls)
    assert [r.status for r in first] == ["imported", "imported", "failed"]
    assert first[0].source == "osv:crates.io"
    assert Finding.objects.filter(known_exploited=True, component_name="libwebp-sys").exists()
    second = feed_service.sync_feeds(operator, urls[:2])
    assert [r.status for r in second] == ["not-modified", "not-modified"]
