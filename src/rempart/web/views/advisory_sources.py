"""The advisory sources page: what is loaded, import a file, sync now, job progress (web layer)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rempart.core.errors import InvalidInput
from rempart.services.vulnerabilities import advisory_jobs as jobs
from rempart.web.session import apply_errors, ctx_of


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Advisory file (OSV JSON record, list or ZIP; CISA KEV JSON; FIRST EPSS CSV)"
    )


def _context(request: HttpRequest, form: ImportForm | None = None) -> dict[str, Any]:
    ctx = ctx_of(request)
    return {
        "sources": jobs.sources(ctx),
        "jobs": jobs.recent_jobs(ctx),
        "form": form or ImportForm(),
        "upload_limit": jobs.upload_limit(ctx),
    }


def page(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    watched = request.GET.get("job", "")
    context["watched"] = int(watched) if watched.isdigit() else None
    return render(request, "rempart/advisory_sources/page.html", context)


def _started(request: HttpRequest, job_id: int) -> HttpResponse:
    if request.headers.get("HX-Request"):
        job = jobs.get_job(ctx_of(request), job_id)
        return render(request, "rempart/advisory_sources/_job.html", {"job": job})
    return redirect(f"{reverse('advisory-sources')}?job={job_id}#jobs")


@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    ctx = ctx_of(request)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            limit = jobs.upload_limit(ctx)
            if upload_file.size > limit:
                raise InvalidInput.single(
                    "file", f"{upload_file.size:,} bytes; the upload limit is {limit:,} bytes"
                )
            job = jobs.request_import(ctx, upload_file.name or "", upload_file.read())
        except InvalidInput as error:  # refused input; a refused person gets 403
            apply_errors(form, error)
        else:
            return _started(request, job.id)
    if request.headers.get("HX-Request"):
        return render(request, "rempart/advisory_sources/_refused.html", {"form": form}, status=422)
    return render(
        request, "rempart/advisory_sources/page.html", _context(request, form), status=422
    )


@require_POST
def sync(request: HttpRequest) -> HttpResponse:
    job = jobs.request_sync(ctx_of(request))
    return _started(request, job.id)


def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    """The job's progress fragment; once finished it also brings the sources table up to date."""
    ctx = ctx_of(request)
    job = jobs.get_job(ctx, job_id)
    context: dict[str, Any] = {"job": job}
    if job.finished:
        context["sources"] = jobs.sources(ctx)
        context["refresh_sources"] = True
    return render(request, "rempart/advisory_sources/_job.html", context)
