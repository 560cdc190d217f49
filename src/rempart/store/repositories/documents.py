"""Entered documentation values per product and public-page request counters (store layer)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from rempart.core.documents.fields import (
    FIELDS_BY_NAME,
    DocumentationRecord,
    FieldKind,
    Value,
    record_as_json,
)
from rempart.store.models import ProductDocumentation, PublicRequestCount


def _value(name: str, raw: object) -> Value:
    spec = FIELDS_BY_NAME.get(name)
    if spec is None:  # a field a later version dropped: ignore rather than fail the page
        return None
    if spec.translatable and isinstance(raw, Mapping):
        return {str(k): str(v) for k, v in raw.items()}
    if spec.kind is FieldKind.DATE and isinstance(raw, str):
        return date.fromisoformat(raw)
    if spec.kind is FieldKind.LIST and isinstance(raw, list):
        return tuple(str(v) for v in raw)
    if isinstance(raw, bool | str):
        return raw
    return None


def to_core(row: ProductDocumentation) -> DocumentationRecord:
    values = {name: _value(name, raw) for name, raw in dict(row.values).items()}
    return DocumentationRecord(
        tuple(row.languages) or ("en",),
        {k: v for k, v in values.items() if v is not None},
        row.public_page,
    )


def get_record(product_id: int) -> DocumentationRecord | None:
    row = ProductDocumentation.objects.filter(product_id=product_id).first()
    return to_core(row) if row else None


def save_record(
    product_id: int, record: DocumentationRecord, now: datetime, actor: str
) -> DocumentationRecord:
    row, _ = ProductDocumentation.objects.update_or_create(
        product_id=product_id,
        defaults={
            "languages": list(record.languages),
            "values": record_as_json(record),
            "public_page": record.public_page,
            "updated_at": now,
            "updated_by": actor,
        },
    )
    return to_core(row)


def updated_at(product_id: int) -> datetime | None:
    row = ProductDocumentation.objects.filter(product_id=product_id).only("updated_at").first()
    return row.updated_at if row else None


def public_product_ids() -> set[int]:
    return set(
        ProductDocumentation.objects.filter(public_page=True).values_list("product_id", flat=True)
    )


def count_request(scope: str, address: str, window_start: datetime) -> int:
    """Add one request to the address's current window and return the window's count."""
    key = {"scope": scope, "address": address[:64], "window_start": window_start}
    with transaction.atomic():
        updated = PublicRequestCount.objects.filter(**key).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    PublicRequestCount.objects.create(count=1, **key)
            except IntegrityError:  # a concurrent request opened the window first
                PublicRequestCount.objects.filter(**key).update(count=F("count") + 1)
        row = PublicRequestCount.objects.filter(**key).values_list("count", flat=True).first()
    return int(row or 0)


def forget_windows_before(cutoff: datetime) -> None:
    PublicRequestCount.objects.filter(window_start__lt=cutoff).delete()
