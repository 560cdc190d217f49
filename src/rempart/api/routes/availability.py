"""``/api/v1/products/{slug}/availability``: Member States where a product is made available."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from rempart.api.auth import context
from rempart.api.schemas.common import ProblemOut
from rempart.services.products import availability

router = Router(tags=["reporting"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut}


class AvailabilityIn(Schema):
    member_states: list[str] = Field(..., max_length=27, description="ISO codes, e.g. DE, FR")


class AvailabilityOut(Schema):
    product: str
    member_states: list[str]


@router.get("/{slug}/availability", response={200: AvailabilityOut, **ERRORS})
def get_availability(request: HttpRequest, slug: str) -> AvailabilityOut:
    found = availability.member_states(context(request), slug)
    return AvailabilityOut(product=slug, member_states=found)


@router.put(
    "/{slug}/availability",
    response={200: AvailabilityOut, **ERRORS},
    summary="Replace the Member States where the product is made available (Art. 14(2)(a))",
)
def put_availability(request: HttpRequest, slug: str, payload: AvailabilityIn) -> AvailabilityOut:
    saved = availability.set_member_states(context(request), slug, payload.member_states)
    return AvailabilityOut(product=slug, member_states=saved)
