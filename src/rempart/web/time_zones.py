"""Each request in the reader's time zone; date-time fields read in it (web layer).

``TimeZoneMiddleware`` activates the zone of the person (their profile, else the
organization's, else the main establishment's capital's; ``services.accounts.users.time_zone``)
for the request, so Django renders every aware time in it; the ``when`` filter
(``templatetags/rempart_tags.py``) prints it with its zone. ``LocalTimeField`` is the one
date-time input: it names its zone beside the field and accepts an explicit offset.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from rempart.core.clock import ZoneChoice, parse_time, zone, zone_label
from rempart.core.errors import InvalidInput
from rempart.services.accounts import users
from rempart.services.context import Actor
from rempart.web.session import context_for, ctx_of


def zone_of(request: HttpRequest) -> ZoneChoice:
    """The zone of whoever makes the request (anonymous visitors: the organization's)."""
    cached = getattr(request, "_rempart_zone", None)
    if isinstance(cached, ZoneChoice):
        return cached
    # Without a session cookie nobody is logged in: leave the session untouched, so public
    # pages stay cacheable (reading the user would add "Vary: Cookie").
    signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES
    user: Any = getattr(request, "user", None) if signed_in else None
    ctx = ctx_of(request) if user is not None and user.is_authenticated else None
    choice = users.time_zone(ctx or context_for(Actor.public()))
    request._rempart_zone = choice  # type: ignore[attr-defined]
    return choice


class TimeZoneMiddleware:
    """Render every time of the request in the reader's zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(("/static/", "/api/", "/healthz", "/favicon.ico")):
            return self.get_response(request)
        timezone.activate(zone(zone_of(request).name))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


MAX_LENGTH = 40


class LocalTimeField(forms.CharField):
    """A date and time read in the reader's zone (named beside the field), or with an offset.

    ``2026-12-05 10:30`` is read in the zone; ``2026-12-05T10:30+01:00`` or ``…Z`` carry their
    own. A local time that a daylight-saving change skips or repeats is refused with the two
    offsets to choose from. Returns aware UTC.
    """

    def __init__(self, *args: Any, tz: str = "", **kwargs: Any) -> None:
        self.tz = tz  # fixed zone; "" = the zone active for the request
        self._help = ""
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("maxlength", str(MAX_LENGTH))
        self.widget.attrs.setdefault("placeholder", "YYYY-MM-DD HH:MM")
        self.widget.attrs.setdefault("autocomplete", "off")

    @property
    def zone_name(self) -> str:
        return self.tz or timezone.get_current_timezone_name()

    @property
    def help_text(self) -> str:
        """The zone the field is read in, always beside it (plus any help of its own)."""
        hint = self.zone_hint()
        return f"{self._help} ({hint})" if self._help else hint[0].upper() + hint[1:]

    @help_text.setter
    def help_text(self, value: str) -> None:
        self._help = str(value or "")

    def zone_hint(self) -> str:
        """``in Europe/Berlin, UTC+01:00, or give an offset``: shown next to the field."""
        now = datetime.now(tz=zone(self.zone_name))
        return f"in {zone_label(self.zone_name, now)}, or with an offset (…+01:00, …Z)"

    def to_python(self, value: Any) -> datetime | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > MAX_LENGTH:
            raise ValidationError(f"at most {MAX_LENGTH} characters")
        try:
            return parse_time(text, self.zone_name, "time")
        except InvalidInput as error:
            raise ValidationError(
                error.problems[0].message if error.problems else str(error)
            ) from None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime):
            return timezone.localtime(value, zone(self.zone_name)).strftime("%Y-%m-%d %H:%M")
        return value
