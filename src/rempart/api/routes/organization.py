"""/api/v1/organization: the manufacturer's details (api layer)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from rempart.api.auth import context
from rempart.api.schemas.common import ProblemOut
from rempart.core.product import Organization
from rempart.services.products import organization

router = Router(tags=["organization"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut}


class OrganizationSchema(Schema):
    name: str = Field(..., max_length=200)
    address: str = Field("", max_length=2000)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=50)
    website: str = Field("", max_length=500)
    contact_point_email: str = Field("", max_length=254)
    contact_point_url: str = Field("", max_length=500)
    main_establishment_country: str = Field("", max_length=2)
    sbom_strict_schema: bool = Field(
        False, description="Refuse every SBOM with a schema violation, value formats included"
    )


def _out(value: Organization) -> OrganizationSchema:
    return OrganizationSchema(**{k: getattr(value, k) for k in OrganizationSchema.model_fields})


@router.get("", response={200: OrganizationSchema, **ERRORS}, summary="The manufacturer")
def get_organization(request: HttpRequest) -> OrganizationSchema:
    return _out(organization.get_organization(context(request)))


@router.put(
    "", response={200: OrganizationSchema, **ERRORS}, summary="Change the manufacturer's details"
)
def put_organization(request: HttpRequest, payload: OrganizationSchema) -> OrganizationSchema:
    ctx = context(request)
    values = payload.dict()
    strict = bool(values.pop("sbom_strict_schema"))
    organization.save_organization(ctx, values)
    return _out(organization.set_sbom_strict_schema(ctx, strict))
