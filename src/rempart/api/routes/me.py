"""/api/v1/me: who the caller is, and the time zone they read and enter times in (api layer).

Times in the API's JSON are ISO 8601 in UTC to the second (``2026-12-06T09:30:00Z``); the zone
here is what the web pages and exports use for this person.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from rempart.api.auth import context
from rempart.api.schemas.common import ProblemOut
from rempart.core.errors import InvalidInput
from rempart.services.accounts import users

router = Router(tags=["me"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut}


class MeOut(Schema):
    username: str
    role: str
    time_zone: str = Field(description="The person's own choice; empty: the organization's")
    effective_time_zone: str = Field(description="The IANA zone times are shown and read in")
    time_zone_basis: str = Field(description="Where the effective zone comes from")


class MeIn(Schema):
    time_zone: str = Field(
        ...,
        max_length=64,
        description="IANA zone, e.g. Europe/Berlin; empty to follow the organization's",
    )


def _username(request: HttpRequest) -> str:
    name = context(request).actor.name
    if not name.startswith("user:"):
        raise InvalidInput.single("user", "this endpoint needs a user's token or session")
    return name.removeprefix("user:")


def _out(request: HttpRequest) -> MeOut:
    ctx = context(request)
    zone = users.time_zone(ctx)
    return MeOut(
        username=_username(request),
        role=ctx.actor.role,
        time_zone=users.own_time_zone(ctx),
        effective_time_zone=zone.name,
        time_zone_basis=zone.basis,
    )


@router.get("", response={200: MeOut, **ERRORS}, summary="The caller and their time zone")
def get_me(request: HttpRequest) -> MeOut:
    return _out(request)


@router.patch("", response={200: MeOut, **ERRORS}, summary="Change the caller's time zone")
def patch_me(request: HttpRequest, payload: MeIn) -> MeOut:
    users.set_time_zone(context(request), _username(request), payload.time_zone)
    return _out(request)
