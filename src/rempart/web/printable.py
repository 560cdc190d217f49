"""Printable documents shown in the browser under a policy of their own (web layer).

A generated document (the gap report) carries its stylesheet inline so that it stays
self-contained when saved. The site's policy (``style-src 'self'``) blocks inline styles, so
the page showed unstyled. The document is served with a Content-Security-Policy that allows
exactly its own ``<style>`` blocks, by their SHA-256, and nothing else: no script, no other
style, no form, no framing.
"""

from __future__ import annotations

import base64
import hashlib
import re

from django.http import HttpResponse

_STYLE = re.compile(rb"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)


def style_hashes(html: bytes) -> list[str]:
    """CSP source expressions (``'sha256-…'``) of each inline ``<style>`` block's content."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(block).digest()).decode() + "'"
        for block in _STYLE.findall(html)
    ]


def printable_html(html: bytes) -> HttpResponse:
    """``html`` rendered in the browser with its own inline styles allowed and nothing else."""
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    styles = " ".join(style_hashes(html)) or "'none'"
    response["Content-Security-Policy"] = (
        f"default-src 'none'; style-src {styles}; img-src data:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
