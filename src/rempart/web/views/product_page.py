"""The public product page and its SBOM download (web layer).

No login (``/product-info/`` is in ``PUBLIC_PREFIXES``), off until an admin switches it on for
the product, rate-limited per address like the report intake, and cacheable: the page sends
``Cache-Control: public``, ``Last-Modified`` and an ``ETag`` and answers a matching
``If-None-Match`` with 304. The template reads no session, so the response does not vary by
cookie and a shared cache can keep it.
"""

from __future__ import annotations

import hashlib

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from rempart.services.context import Actor
from rempart.services.documents import public_page
from rempart.web.session import client_address, context_for

MAX_AGE = 300  # seconds a shared cache may serve the page without asking again


def _throttled(request: HttpRequest) -> HttpResponse | None:
    try:
        public_page.throttle(context_for(Actor.public()), client_address(request))
    except public_page.PublicPageThrottled as error:
        response = HttpResponse(
            f"{error.message}\n", status=429, content_type="text/plain; charset=utf-8"
        )
        response["Retry-After"] = "60"
        return response
    return None


def _cacheable(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    if request.META.get("HTTP_IF_NONE_MATCH") == etag:
        response = HttpResponseNotModified()
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


@require_GET
def product_page(request: HttpRequest, slug: str) -> HttpResponse:
    refused = _throttled(request)
    if refused is not None:
        return refused
    ctx = context_for(Actor.public())
    page = public_page.public_page(ctx, slug, request.GET.get("lang") or None)
    # Rendered without the request: no context processor touches the session, so the response
    # carries no "Vary: Cookie" and a shared cache may keep it.
    body = render_to_string(
        "rempart/documents/public_product.html",
        {
            "page": page,
            "d": page.data,
            "security_txt": reverse("security-txt"),
            "policy": page.data["policy_url"] or reverse("cvd-policy"),
            "report": reverse("report"),
            "sbom_cyclonedx": reverse("public-product-sbom", args=[slug, "cyclonedx"]),
            "sbom_spdx": reverse("public-product-sbom", args=[slug, "spdx"]),
        },
    )
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    response["Last-Modified"] = http_date(page.last_modified.timestamp())
    return _cacheable(request, response)


@require_GET
def product_sbom(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    refused = _throttled(request)
    if refused is not None:
        return refused
    data, media = public_page.public_sbom(context_for(Actor.public()), slug, fmt)
    response = HttpResponse(data, content_type=media)
    suffix = "cdx" if fmt == "cyclonedx" else "spdx"
    response["Content-Disposition"] = f'attachment; filename="{slug}.{suffix}.json"'
    return _cacheable(request, response)
