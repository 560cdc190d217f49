"""Organization settings, users, API tokens and the audit trail (web layer)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rempart.core.errors import RempartError
from rempart.services.accounts import audit
from rempart.services.accounts import users as accounts
from rempart.services.accounts.authz import ROLES, Action, require
from rempart.services.products import organization
from rempart.web.session import apply_errors, ctx_of


class OrganizationForm(forms.Form):
    name = forms.CharField(
        max_length=200, help_text="Name, registered trade name or trademark (Art. 13(16))."
    )
    address = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    email = forms.CharField(required=False, max_length=254)
    phone = forms.CharField(required=False, max_length=50)
    website = forms.CharField(required=False, max_length=500)
    contact_point_email = forms.CharField(
        required=False,
        max_length=254,
        label="Single point of contact: e-mail",
        help_text="Where users report vulnerabilities (Art. 13(17), Annex II point 2).",
    )
    contact_point_url = forms.CharField(
        required=False, max_length=500, label="Single point of contact: web page"
    )
    main_establishment_country = forms.CharField(
        required=False,
        max_length=2,
        label="Main establishment (EU Member State code)",
        help_text="Decides which coordinator CSIRT receives Art. 14 notifications (Art. 14(7)).",
    )
    sbom_strict_schema = forms.BooleanField(
        required=False,
        label="Refuse SBOMs with any schema violation",
        help_text="By default an SBOM whose only schema violations are value formats (URLs, "
        "e-mails, dates, enums) is imported with those listed as defects; with this on, every "
        "import (web, API, CLI, Dependency-Track endpoint) refuses them.",
    )


def organization_settings(request: HttpRequest) -> HttpResponse:
    ctx = ctx_of(request)
    current = organization.get_organization(ctx)
    form = OrganizationForm(
        request.POST or None, initial={k: getattr(current, k) for k in OrganizationForm.base_fields}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                values = dict(form.cleaned_data)
                strict = bool(values.pop("sbom_strict_schema", False))
                organization.save_organization(ctx, values)
                organization.set_sbom_strict_schema(ctx, strict)
            except RempartError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "The organization was saved.")
                return redirect("organization")
        status = 422
    return render(
        request,
        "rempart/settings/organization.html",
        {"form": form, "organization": current},
        status=status,
    )


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100)
    write = forms.BooleanField(required=False, label="Allow changes (write scope)")
    expires_in_days = forms.IntegerField(required=False, min_value=1, max_value=3650, initial=90)


def tokens(request: HttpRequest) -> HttpResponse:
    ctx = ctx_of(request)
    form = TokenForm(request.POST or None)
    created = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            scopes = ["read", "write"] if form.cleaned_data["write"] else ["read"]
            try:
                created = accounts.create_token(
                    ctx, form.cleaned_data["name"], scopes, form.cleaned_data["expires_in_days"]
                )
            except RempartError as error:
                apply_errors(form, error)
                status = 422
            else:
                form = TokenForm()
        else:
            status = 422
    return render(
        request,
        "rempart/settings/tokens.html",
        {"form": form, "tokens": accounts.list_tokens(ctx), "created": created},
        status=status,
    )


@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    accounts.revoke_token(ctx_of(request), token_id)
    messages.success(request, "The token was revoked.")
    return redirect("tokens")


class UserForm(forms.Form):
    username = forms.CharField(max_length=150)
    email = forms.CharField(required=False, max_length=254)
    role = forms.ChoiceField(choices=[(r, r) for r in ROLES])
    password = forms.CharField(widget=forms.PasswordInput, max_length=1024)


def users(request: HttpRequest) -> HttpResponse:
    ctx = ctx_of(request)
    require(ctx, Action.MANAGE_USERS)
    form = UserForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                accounts.create_user(
                    ctx, data["username"], data["role"], data["password"], data["email"]
                )
            except RempartError as error:
                apply_errors(form, error)
                status = 422
            else:
                messages.success(request, f"User {data['username']} was created.")
                return redirect("users")
        else:
            status = 422
    return render(
        request,
        "rempart/settings/users.html",
        {"form": form, "users": accounts.list_users(ctx), "roles": ROLES},
        status=status,
    )


@require_POST
def change_user(request: HttpRequest, username: str) -> HttpResponse:
    ctx = ctx_of(request)
    try:
        if "role" in request.POST:
            accounts.set_role(ctx, username, request.POST["role"])
        if "active" in request.POST:
            accounts.set_active(ctx, username, request.POST["active"] == "1")
    except RempartError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"User {username} was changed.")
    return redirect("users")


def audit_log(request: HttpRequest) -> HttpResponse:
    ctx = ctx_of(request)
    before = request.GET.get("before")
    events = audit.list_events(
        ctx, 100, before_seq=int(before) if before and before.isdigit() else None
    )
    report = audit.verify_audit_trail(ctx) if request.GET.get("verify") else None
    return render(request, "rempart/audit.html", {"events": events, "report": report})
