"""The product page's "made available in" form (web layer)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from rempart.core.errors import RempartError
from rempart.services.products import availability
from rempart.web.session import ctx_of


@require_POST
def member_states(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        saved = availability.set_member_states(
            ctx_of(request), slug, request.POST.getlist("member_states")
        )
    except RempartError as error:
        messages.error(request, error.diagnostics())
    else:
        messages.success(request, f"Made available in: {', '.join(saved) or 'none recorded'}.")
    return HttpResponseRedirect(reverse("product", args=[slug]) + "#availability")
