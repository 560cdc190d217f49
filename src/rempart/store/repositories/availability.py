"""Where products are made available (store layer)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from rempart.store.models import ProductAvailability


def member_states_of(product_ids: Iterable[int]) -> dict[int, list[str]]:
    rows = ProductAvailability.objects.filter(product_id__in=list(product_ids))
    return {row.product_id: list(row.member_states) for row in rows}


def save(product_id: int, member_states: list[str], now: datetime) -> None:
    ProductAvailability.objects.update_or_create(
        product_id=product_id, defaults={"member_states": member_states, "updated_at": now}
    )
