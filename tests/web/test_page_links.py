"""Every page reference the core and services hand out resolves to a page by name."""

from __future__ import annotations

from django.urls import reverse

from rempart.core.cra.assessment import record_link
from rempart.core.links import PageRef
from rempart.web.templatetags.rempart_tags import page_url


def test_references_resolve_with_query_and_fragment() -> None:
    ref = PageRef("vulnerability-reports", query=(("product", "router & co"),), fragment="x")
    assert page_url(ref) == reverse("vulnerability-reports") + "?product=router+%26+co#x"
    assert page_url(None) == ""


def test_record_references_resolve_to_their_pages() -> None:
    assert page_url(record_link("release:router@1.8.2")) == "/products/router/releases/1.8.2/"
    assert page_url(record_link("sbom:12")) == "/sboms/12/tree/"
