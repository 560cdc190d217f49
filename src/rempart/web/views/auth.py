"""Log in (rate-limited) and log out."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth import login as django_login
from django.contrib.auth import logout as django_logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from rempart.core.errors import PermissionDenied
from rempart.services.accounts import users as accounts
from rempart.services.context import Actor
from rempart.web.session import client_address, context_for


class LoginForm(forms.Form):
    username = forms.CharField(max_length=150)
    password = forms.CharField(widget=forms.PasswordInput, max_length=1024)


def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    status = 200
    if request.method == "POST" and form.is_valid():
        ctx = context_for(Actor.system("web-login"))
        try:
            user = accounts.login(
                ctx,
                form.cleaned_data["username"],
                form.cleaned_data["password"],
                client_address(request),
            )
        except PermissionDenied as error:
            form.add_error(None, error.message)
            status = 429 if isinstance(error, accounts.LoginThrottled) else 401
        else:
            django_login(
                request,
                get_user_model().objects.get(pk=user.id),
                backend="django.contrib.auth.backends.ModelBackend",
            )
            return HttpResponseRedirect(target)
    return render(request, "rempart/login.html", {"form": form, "next": target}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    django_logout(request)
    return redirect("login")
