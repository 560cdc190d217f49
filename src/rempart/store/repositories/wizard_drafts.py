"""Product wizard drafts, per user (store layer)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rempart.store.models import WizardDraft


@dataclass(frozen=True, slots=True)
class DraftView:
    id: int
    user_id: int
    mode: str  # create | edit
    product_slug: str
    data: dict[str, Any]
    step: str
    created_at: datetime
    updated_at: datetime

    @property
    def name(self) -> str:
        return str(self.data.get("name") or "")


def _view(row: WizardDraft) -> DraftView:
    return DraftView(
        row.pk, row.user_id, row.mode, row.product_slug, dict(row.data), row.step,
        row.created_at, row.updated_at,
    )  # fmt: skip


def create(user_id: int, mode: str, product_slug: str, data: dict[str, Any], now: datetime) -> int:
    row = WizardDraft.objects.create(
        user_id=user_id, mode=mode, product_slug=product_slug, data=data, created_at=now,
        updated_at=now,
    )  # fmt: skip
    return int(row.pk)


def get(draft_id: int, user_id: int, for_update: bool = False) -> DraftView | None:
    query = WizardDraft.objects.filter(pk=draft_id, user_id=user_id)
    if for_update:
        query = query.select_for_update()
    row = query.first()
    return _view(row) if row else None


def of_user(user_id: int, limit: int = 50) -> list[DraftView]:
    return [_view(r) for r in WizardDraft.objects.filter(user_id=user_id)[:limit]]


def save(draft_id: int, data: dict[str, Any], step: str, now: datetime) -> None:
    WizardDraft.objects.filter(pk=draft_id).update(data=data, step=step, updated_at=now)


def delete(draft_id: int) -> None:
    WizardDraft.objects.filter(pk=draft_id).delete()
