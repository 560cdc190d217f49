"""The one renderer of printable documents: HTML (Jinja2) and PDF (WeasyPrint) (formats layer).

Every document Rempart prints (Art. 14 reports, user notices, the gap report, and the
documents of later features) is rendered here:

- :func:`render_html` fills a template from a plain dictionary with autoescaping and strict
  undefined values, so a missing field fails loudly instead of printing an empty line;
- :func:`html_to_pdf` makes the PDF with a URL fetcher that fetches ``data:`` URLs and the
  files bundled in ``formats/document_assets/`` (``asset:`` URLs) and nothing else:
  WeasyPrint's default fetcher would read ``file://`` and ``http(s)://`` references placed in
  the HTML (library notes, WeasyPrint pitfall). A link smuggled into a document's content can
  never read a local file or reach the network.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import jinja2

#: the URL scheme of files bundled with Rempart for documents (``asset:print.css``)
ASSET_SCHEME = "asset:"


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


@cache
def _template(source: str) -> jinja2.Template:
    return _environment().from_string(source)


def render_html(template: str, **context: Any) -> str:
    """``template`` (Jinja2 source) filled with ``context``, autoescaped."""
    return _template(template).render(**context)


def render_template(name: str, **context: Any) -> str:
    """A template bundled in ``formats/document_templates/`` filled with ``context``."""
    return render_html(_template_source(name), **context)


@cache
def _template_source(name: str) -> str:
    if "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"not a bundled template: {name[:80]}")
    folder = resources.files("rempart.formats") / "document_templates"
    return (folder / name).read_text(encoding="utf-8")


def asset_text(name: str) -> str:
    """A bundled document asset as text (e.g. the shared print stylesheet)."""
    return _asset_bytes(name).decode("utf-8")


def _asset_bytes(name: str) -> bytes:
    if "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"not a bundled asset: {name[:80]}")
    folder = resources.files("rempart.formats") / "document_assets"
    return (folder / name).read_bytes()


def html_to_pdf(html: str) -> bytes:
    """A PDF of ``html``, fetching nothing but ``data:`` URLs and bundled assets."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class BundledOnlyFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith(ASSET_SCHEME):
                name = url[len(ASSET_SCHEME) :]
                mime = "text/css" if name.endswith(".css") else "application/octet-stream"
                return URLFetcherResponse(url, _asset_bytes(name), headers={"Content-Type": mime})
            if not url.startswith("data:"):
                raise ValueError(f"external resources are not fetched: {url[:80]}")
            return super().fetch(url, headers)

    pdf = HTML(string=html, base_url="about:blank", url_fetcher=BundledOnlyFetcher()).write_pdf()
    return bytes(pdf)
