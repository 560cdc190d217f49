"""CSAF advisories, VEX import/export and the public provider directory (web layer)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from rempart.core.errors import InvalidInput, NotFound, RempartError
from rempart.services.advisories import authoring, directory
from rempart.services.advisories import settings as csaf_settings
from rempart.services.context import Actor
from rempart.services.vulnerabilities import vex
from rempart.web.session import context_for, ctx_of

MAX_VEX_UPLOAD = 64 * 1024 * 1024


def advisory_list(request: HttpRequest) -> HttpResponse:
    ctx = ctx_of(request)
    return render(
        request,
        "rempart/advisories/list.html",
        {"advisories": authoring.list_advisories(ctx), "published_url": directory.provider_metadata_url(ctx),
         "directory": directory.current(ctx) is not None},
    )  # fmt: skip


@require_POST
def create(request: HttpRequest) -> HttpResponse:
    ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()]
    try:
        view = authoring.create_advisory(ctx_of(request), ids, request.POST.get("title", ""))
    except InvalidInput as error:
        messages.error(request, f"No advisory drafted: {error.diagnostics()}")
        return HttpResponseRedirect(request.POST.get("back") or reverse("findings"))
    messages.success(request, f"Drafted {view.tracking_id}; complete the texts and publish it.")
    return HttpResponseRedirect(reverse("advisory", args=[view.tracking_id]))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def advisory(request: HttpRequest, tracking_id: str) -> HttpResponse:
    ctx = ctx_of(request)
    if request.method == "POST":
        values: dict[str, Any] = {
            k: request.POST.get(k, "") for k in ("title", "tlp", *authoring.TEXT_FIELDS)
        }
        values["fixed_releases"] = _lines(request.POST.get("fixed_releases", ""))
        values["acknowledgments"] = _lines(request.POST.get("acknowledgments", ""))
        values["references"] = [
            {"url": u, "summary": u} for u in _lines(request.POST.get("references", ""))
        ]
        try:
            authoring.update_advisory(ctx, tracking_id, values)
        except InvalidInput as error:
            messages.error(request, f"Nothing changed: {error.diagnostics()}")
        else:
            messages.success(request, "Saved.")
        return HttpResponseRedirect(reverse("advisory", args=[tracking_id]))
    view = authoring.get_advisory(ctx, tracking_id)
    document: dict[str, Any] | None = None
    problems: list[str] = []
    try:
        document = authoring.render(ctx, tracking_id)
        outcome = authoring.validate_document(authoring.document_bytes(document))
        problems = [str(p) for p in outcome.schema] + [str(f) for f in outcome.failures]
    except RempartError as error:
        problems = [error.diagnostics()]
    return render(request, "rempart/advisories/advisory.html",
                  {"a": view, "doc": document, "problems": problems, "tlps": ("WHITE", "GREEN", "AMBER", "RED")})  # fmt: skip


@require_POST
def publish(request: HttpRequest, tracking_id: str) -> HttpResponse:
    try:
        revision = authoring.publish(
            ctx_of(request),
            tracking_id,
            request.POST.get("status", "final"),
            request.POST.get("summary", ""),
        )
    except InvalidInput as error:
        messages.error(request, f"Not published: {error.diagnostics()}")
    else:
        messages.success(
            request,
            f"Published {tracking_id} version {revision.version}; the provider directory is updated.",
        )
    return HttpResponseRedirect(reverse("advisory", args=[tracking_id]))


def csaf_json(request: HttpRequest, tracking_id: str) -> HttpResponse:
    document = authoring.render(ctx_of(request), tracking_id)
    response = HttpResponse(authoring.document_bytes(document), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{tracking_id.lower()}.json"'
    return response


@require_GET
def well_known(request: HttpRequest, path: str) -> HttpResponse:  # noqa: ARG001
    """The public CSAF provider directory (CSAF 2.0 §7.1.9): TLP:WHITE only."""
    try:
        data, media = directory.read_file(context_for(Actor.public()), path)
    except NotFound as error:
        return HttpResponse(
            f"{error.message}\n", status=404, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse(data, content_type=media)


def vex_export(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    data, media, name = vex.export_vex(
        ctx_of(request), slug, version, vex.parse_format(request.GET.get("format", "openvex"))
    )
    response = HttpResponse(data, content_type=media)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def vex_import(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    upload = request.FILES.get("file")
    back = reverse("release-findings", args=[slug, version])
    if upload is None or (upload.size or 0) > MAX_VEX_UPLOAD:
        messages.error(request, "Choose a VEX file (at most 64 MB).")
        return HttpResponseRedirect(back)
    try:
        outcome = vex.import_vex(ctx_of(request), upload.read(), upload.name or "", slug, version)
    except RempartError as error:
        messages.error(
            request, f"The VEX document was refused; nothing changed: {error.diagnostics()}"
        )
    else:
        messages.success(
            request,
            f"{outcome.format}: {outcome.statements} statements, {outcome.matched_findings} findings matched, "
            f"{outcome.changed} decisions set; {outcome.unmatched_statements} statements matched no finding.",
        )
    return HttpResponseRedirect(back)


def settings_page(request: HttpRequest) -> HttpResponse:
    ctx = ctx_of(request)
    if request.method == "POST":
        try:
            if request.POST.get("remove_key") == "1":
                csaf_settings.set_signing_key(ctx, None)
            elif (key_file := request.FILES.get("signing_key")) is not None:
                csaf_settings.set_signing_key(ctx, key_file.read(1 << 20))
            else:
                csaf_settings.save_settings(ctx, {k: request.POST.get(k, "") for k in (
                    "publisher_name", "publisher_namespace", "publisher_category", "contact_details",
                    "tracking_prefix")})  # fmt: skip
        except RempartError as error:
            messages.error(request, f"Nothing changed: {error.diagnostics()}")
        else:
            messages.success(request, "CSAF settings saved.")
        return HttpResponseRedirect(reverse("csaf-settings"))
    return render(request, "rempart/advisories/settings.html",
                  {"s": csaf_settings.get_settings(ctx), "categories": csaf_settings.CATEGORIES})  # fmt: skip
