"""A release page: SBOM upload, components, dependency tree, quality; the release diff (web layer)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rempart.core.errors import FormatError, InvalidInput, NotFound, RempartError
from rempart.core.paging import PageRequest
from rempart.core.sbom_diff import ChangeKind
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, allows
from rempart.services.products import register as products
from rempart.services.sboms import release_sboms as sboms
from rempart.services.vulnerabilities import scanning
from rempart.web.session import apply_errors, ctx_of

PER_PAGE = 50


class UploadForm(forms.Form):
    file = forms.FileField(
        label="SBOM file (CycloneDX JSON/XML, SPDX 2 JSON/tag-value, SPDX 3 JSON-LD)"
    )
    label = forms.CharField(
        required=False, max_length=200, help_text="e.g. firmware, app; default: the file name"
    )
    strict = forms.BooleanField(
        required=False,
        label="Strict",
        help_text="refuse any schema violation, also of value formats (URLs, e-mails, dates)",
    )


def _release(request: HttpRequest, slug: str, version: str) -> tuple[Any, Any]:
    ctx = ctx_of(request)
    product = products.get_product(ctx, slug)
    release = next((r for r in product.releases if r.version == version), None)
    if release is None:
        raise NotFound(f"no release {version!r} of {product.name}")
    return product, release


def _components(request: HttpRequest, slug: str, version: str) -> dict[str, Any]:
    ctx = ctx_of(request)
    search = request.GET.get("q", "").strip()[:200]
    sort = request.GET.get("sort", "name")
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    total, rows = sboms.component_page(ctx, slug, version, search, sort, page, PER_PAGE)
    pages = max(1, (total + PER_PAGE - 1) // PER_PAGE)
    return {
        "rows": rows,
        "total": total,
        "page": min(page, pages),
        "pages": pages,
        "q": search,
        "sort": sort,
        "slug": slug,
        "version": version,
    }


#: the tabs of a release page served here (?tab=); findings are the workbench (release-findings)
TABS = ("overview", "sbom", "components", "documents", "history")


def _tab_context(request: HttpRequest, slug: str, version: str, tab: str) -> dict[str, Any]:
    ctx = ctx_of(request)
    if tab == "components":
        return _components(request, slug, version)
    if tab == "documents":
        return {}
    documents = sboms.list_sboms(ctx, slug, version)
    context: dict[str, Any] = {
        "sboms": [document for document in documents if document.current],
        "superseded_sboms": [document for document in documents if not document.current],
    }
    if tab == "overview":
        context["scan"] = scanning.latest_scan(ctx, slug, version)
    elif tab == "history":
        events = (
            audit.list_events(ctx, 50, None, None) if allows(ctx.actor.role, Action.AUDIT) else []
        )
        context["events"] = [e for e in events if e.object_id == f"{slug}@{version}"]
    return context


def release_detail(
    request: HttpRequest,
    slug: str,
    version: str,
    form: UploadForm | None = None,
    status: int = 200,
    tab: str | None = None,
) -> HttpResponse:
    """A release page in tabs (``?tab=``): overview, SBOM, components, documents, history."""
    ctx = ctx_of(request)
    product, release = _release(request, slug, version)
    current = tab or request.GET.get("tab", "overview")
    current = current if current in TABS else "overview"
    context = {
        "tab": current,
        "summary": scanning.release_summary(ctx, slug, version),
        "product": product,
        "release": release,
        "form": form or UploadForm(),
        "upload_limit": sboms.upload_limit(ctx),
        "others": [r.version for r in product.releases if r.version != version],
        "retention": products.release_retention(ctx, release),
        **_tab_context(request, slug, version, current),
    }
    return render(request, "rempart/release_detail.html", context, status=status)


def components(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    """The component table alone (htmx: search, sort, page)."""
    return render(request, "rempart/partials/components.html", _components(request, slug, version))


def _sbom_tab(slug: str, version: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("release", args=[slug, version]) + "?tab=sbom")


@require_POST
def upload(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    ctx = ctx_of(request)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            limit = sboms.upload_limit(ctx_of(request))
            if upload_file.size > limit:
                raise InvalidInput.single(
                    "file", f"{upload_file.size:,} bytes; the upload limit is {limit:,} bytes"
                )
            stored = sboms.import_sbom(
                ctx,
                slug,
                version,
                upload_file.read(),
                upload_file.name or "",
                form.cleaned_data["label"] or None,
                strict=bool(form.cleaned_data["strict"]),
            )
        except RempartError as error:
            if isinstance(error, FormatError) and len(error.problems) > 1:
                form.add_error(None, error.message)  # the verdict, then each located problem
            apply_errors(form, error)
        else:
            tolerated = stored.quality.get("defects", {}).get("SBOM-SCHEMA", 0)
            note = (
                f"; {tolerated} schema violations of value formats tolerated" if tolerated else ""
            )
            messages.success(
                request,
                f"Imported {stored.component_count} components ({stored.label}, quality "
                f"{stored.quality_score}/100{note}).",
            )
            return _sbom_tab(slug, version)
    return release_detail(request, slug, version, form, status=422, tab="sbom")


@require_POST
def remove(request: HttpRequest, slug: str, version: str, sbom_id: int) -> HttpResponse:
    ctx = ctx_of(request)
    view = sboms.get_sbom(ctx, sbom_id)
    if (view.product_slug, view.release_version) != (slug, version):
        raise NotFound(f"SBOM {sbom_id} does not belong to {slug} {version}")
    sboms.remove_sbom(ctx, sbom_id)
    messages.success(request, f"SBOM {view.label} removed.")
    return _sbom_tab(slug, version)


def tree(request: HttpRequest, sbom_id: int) -> HttpResponse:
    """The direct dependencies of one node of an SBOM's graph (htmx: expand on demand)."""
    ctx = ctx_of(request)
    view = sboms.get_sbom(ctx, sbom_id)
    ref = request.GET.get("ref") or ""
    if not ref:
        root = sboms.sbom_root_ref(ctx, sbom_id)
        ref = root or ""
    children = sboms.dependency_children(ctx, sbom_id, ref) if ref else []
    return render(request, "rempart/partials/tree.html", {"sbom": view, "children": children})


def diff(request: HttpRequest, slug: str) -> HttpResponse:
    ctx = ctx_of(request)
    product = products.get_product(ctx, slug)
    versions = [r.version for r in product.releases]
    old, new = request.GET.get("from", ""), request.GET.get("to", "")
    result = sboms.diff_releases(ctx, slug, old, new) if old and new else None
    groups = [(kind.value, result.of(kind)) for kind in ChangeKind] if result else []
    return render(
        request,
        "rempart/release_diff.html",
        {
            "product": product,
            "versions": versions,
            "old": old,
            "new": new,
            "result": result,
            "groups": groups,
        },
    )


@require_POST
def scan(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    """Scan the release now against the workspace's advisory data."""
    result = scanning.scan_release(ctx_of(request), slug, version, "manual")
    messages.success(
        request,
        f"Scan finished: {result.findings} findings ({result.new_findings} new), outcome {result.outcome}.",
    )
    return HttpResponseRedirect(reverse("release", args=[slug, version]) + "#findings")


def vulnerability(request: HttpRequest) -> HttpResponse:
    """Portfolio: which products and releases contain a given vulnerability (id or alias)."""
    ctx = ctx_of(request)
    wanted = request.GET.get("id", "").strip()[:200]
    page = PageRequest.parse(request.GET.get("page"), PER_PAGE)
    found = scanning.where_is(ctx, wanted, page) if wanted else None
    return render(
        request,
        "rempart/vulnerability.html",
        {"wanted": wanted, "found": found, "page": found, "page_query": urlencode({"id": wanted})},
    )
