"""The manufacturer record."""

from __future__ import annotations

from datetime import datetime

from rempart.core.product import Organization as OrganizationValue
from rempart.store.models import Organization

FIELDS = (
    "name",
    "address",
    "email",
    "phone",
    "website",
    "contact_point_email",
    "contact_point_url",
    "main_establishment_country",
)


def to_core(row: Organization) -> OrganizationValue:
    return OrganizationValue(
        row.pk,
        **{name: getattr(row, name) for name in FIELDS},
        sbom_strict_schema=row.sbom_strict_schema,
    )


def first() -> OrganizationValue | None:
    row = Organization.objects.order_by("pk").first()
    return to_core(row) if row else None


def create(values: dict[str, str], now: datetime) -> OrganizationValue:
    row = Organization.objects.create(created_at=now, updated_at=now, **values)
    return to_core(row)


def update(organization_id: int, values: dict[str, str], now: datetime) -> OrganizationValue:
    row = Organization.objects.select_for_update().get(pk=organization_id)
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_at = now
    row.save()
    return to_core(row)


def set_sbom_strict_schema(organization_id: int, strict: bool, now: datetime) -> OrganizationValue:
    row = Organization.objects.select_for_update().get(pk=organization_id)
    row.sbom_strict_schema = strict
    row.updated_at = now
    row.save(update_fields=["sbom_strict_schema", "updated_at"])
    return to_core(row)
