"""Public disclosure pages: security.txt, the CVD policy, the report form and its status page.

No login (see ``PUBLIC_PREFIXES`` in ``web/middleware.py``): RFC 9116 and Annex I Part II
point (6) (``AI-P2-6``) want the contact reachable by anyone. CSRF stays on for the form.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from rempart.core.disclosure.reports import (
    MAX_CONTACT,
    MAX_DETAILS,
    MAX_SUMMARY,
    MAX_VERSIONS,
    Submission,
)
from rempart.core.errors import InvalidInput, RempartError
from rempart.core.request_limits import PUBLIC_REQUEST_MAX_BYTES
from rempart.services.advisories import directory
from rempart.services.context import Actor
from rempart.services.disclosure import settings as disclosure
from rempart.services.disclosure import vulnerability_reports
from rempart.services.disclosure.vulnerability_reports import TooManyReports
from rempart.web.session import apply_errors, client_address, context_for

# A report is prose: anything near this size is not a report. Checked before parsing the body.
MAX_BODY = PUBLIC_REQUEST_MAX_BYTES  # also refused unread by the body-limit middleware


def secret() -> bytes:
    return str(settings.SECRET_KEY).encode()


@require_GET
def security_txt(request: HttpRequest) -> HttpResponse:  # noqa: ARG001
    try:
        ctx = context_for(Actor.public())
        body = disclosure.security_txt(ctx, [directory.provider_metadata_url(ctx) or ""])
    except RempartError as error:
        # No file beats a wrong one: RFC 9116 §2.5.5 forbids serving stale contact data.
        return HttpResponse(
            f"security.txt is not published: {error.diagnostics()}\n",
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


@require_GET
def policy(request: HttpRequest) -> HttpResponse:
    ctx = context_for(Actor.public())
    document = disclosure.cvd_policy(ctx)
    citations = ctx.catalog.citations(document.citations)
    return render(
        request, "rempart/disclosure/policy.html", {"document": document, "citations": citations}
    )


class ReportForm(forms.Form):
    product = forms.ChoiceField(help_text="The product the vulnerability is in.")
    summary = forms.CharField(max_length=MAX_SUMMARY, help_text="One line.")
    details = forms.CharField(
        max_length=MAX_DETAILS,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What is wrong, its impact, how to reproduce it. No real personal data, please.",
    )
    affected_versions = forms.CharField(required=False, max_length=MAX_VERSIONS)
    reporter_contact = forms.CharField(
        required=False,
        max_length=MAX_CONTACT,
        label="Your contact (optional)",
        help_text="E-mail or URI, if you want us to reply. You can also stay anonymous.",
    )
    wants_credit = forms.BooleanField(required=False, label="Credit me in the advisory")
    # The honeypot: hidden from people, tempting for form-filling bots.
    website = forms.CharField(required=False, max_length=200, label="Leave this empty")
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args: object, products: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["product"].choices = [("", "Choose a product"), *products]  # type: ignore[attr-defined]


def report(request: HttpRequest) -> HttpResponse:
    ctx = context_for(Actor.public())
    length = str(request.META.get("CONTENT_LENGTH") or "0")
    if not length.isdigit() or int(length) > MAX_BODY:
        return HttpResponse("The report is too large (64 KiB at most).", status=413)
    products = [(p.slug, p.name) for p in disclosure.published_products(ctx)]
    form = ReportForm(request.POST or None, products=products)
    status = 200
    if request.method == "POST":
        # Unknown products must be refused by the service (with its message), not by the form.
        form.fields["product"].choices = [  # type: ignore[attr-defined]
            (request.POST.get("product", ""), "")
        ]
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = vulnerability_reports.submit_report(
                    ctx,
                    Submission(
                        data["product"],
                        data["summary"],
                        data["details"],
                        data["affected_versions"],
                        data["reporter_contact"],
                        data["wants_credit"],
                    ),
                    token=data["form_token"],
                    secret=secret(),
                    client=client_address(request),
                    channel="web",
                    honeypot=data["website"],
                )
            except TooManyReports as error:
                form.add_error(None, error.message)
                status = 429
            except RempartError as error:
                apply_errors(form, error)
                status = 422
            else:
                return HttpResponseRedirect(
                    reverse("report-status", args=[created.reference]) + "?new=1"
                )
        else:
            status = 422
        form.fields["product"].choices = [("", "Choose a product"), *products]  # type: ignore[attr-defined]
    # A fresh token for every rendering: a refused form can be corrected and sent once more.
    token = vulnerability_reports.issue_form_token(ctx, secret())
    if form.is_bound:
        form.data = {**form.data.dict(), "form_token": token}  # type: ignore[attr-defined]
    else:
        form.initial["form_token"] = token
    return render(
        request,
        "rempart/disclosure/report.html",
        {"form": form, "products": products, "settings": disclosure.current_settings()},
        status=status,
    )


def report_status(request: HttpRequest, reference: str = "") -> HttpResponse:
    ctx = context_for(Actor.public())
    wanted = reference or request.GET.get("reference", "")
    found = None
    error = None
    if wanted:
        try:
            found = vulnerability_reports.public_status(ctx, wanted)
        except InvalidInput as refused:
            error = refused.problems[0].message if refused.problems else refused.message
        except RempartError as refused:
            error = refused.message
    return render(
        request,
        "rempart/disclosure/status.html",
        {"report": found, "error": error, "wanted": wanted, "new": "new" in request.GET},
        status=404 if error else 200,
    )
