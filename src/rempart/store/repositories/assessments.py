"""Annex I assessment rows ↔ plain values (store layer). No QuerySet leaves this module."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q

from rempart.store.models import (
    ActionItem,
    AssessmentSettings,
    EvidenceItem,
    Finding,
    Organization,
    Product,
    RequirementChange,
    RequirementEntry,
    SecureDefault,
)


@dataclass(frozen=True, slots=True)
class SettingsView:
    evidence_max_bytes: int
    kev_remediation_days: int
    critical_remediation_days: int


@dataclass(frozen=True, slots=True)
class EntryView:
    id: int
    requirement_id: str
    applicable: bool
    justification: str
    status: str
    how_met: str
    links: tuple[str, ...]
    owner: str | None
    reviewed_on: date | None
    reviewer: str | None
    updated_at: datetime
    updated_by: str


@dataclass(frozen=True, slots=True)
class EvidenceView:
    id: int
    requirement_id: str
    product_slug: str
    kind: str
    title: str
    file_name: str
    sha256: str
    size: int | None
    media_type: str
    url: str
    record: str
    added_at: datetime
    added_by: str


@dataclass(frozen=True, slots=True)
class ChangeView:
    at: datetime
    actor: str
    summary: str
    changes: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ActionView:
    id: int
    product_slug: str
    title: str
    requirement_id: str
    owner: str | None
    due_on: date | None
    status: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class SecureDefaultView:
    id: int
    setting: str
    default_value: str
    rationale: str
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True, slots=True)
class RiskyFinding:
    """An open finding that is known exploited or critical (for the Part I (2)(a) evidence)."""

    vulnerability_id: str
    component: str
    severity: str
    known_exploited: bool
    first_seen: datetime


# ------------------------------------------------------------------ settings and users
def settings_view() -> SettingsView:
    row = AssessmentSettings.objects.filter(organization=Organization.objects.first()).first()
    if row is None:
        row = AssessmentSettings()  # defaults, unsaved
    return SettingsView(
        row.evidence_max_bytes, row.kev_remediation_days, row.critical_remediation_days
    )


def save_settings(values: dict[str, int]) -> SettingsView:
    organization = Organization.objects.first()
    if organization is None:
        raise LookupError("no organization")
    AssessmentSettings.objects.update_or_create(organization=organization, defaults=values)
    return settings_view()


def user_names() -> list[str]:
    return list(get_user_model().objects.order_by("username").values_list("username", flat=True))


def _user_pk(name: str | None) -> int | None:
    if name is None:
        return None
    return get_user_model().objects.filter(username=name).values_list("pk", flat=True).first()


def product_pk(slug: str) -> int | None:
    return Product.objects.filter(slug=slug).values_list("pk", flat=True).first()


def product_slug(pk: int) -> str | None:
    return Product.objects.filter(pk=pk).values_list("slug", flat=True).first()


# ------------------------------------------------------------------ entries and history
def _entry_view(row: RequirementEntry) -> EntryView:
    return EntryView(
        id=row.pk,
        requirement_id=row.requirement_id,
        applicable=row.applicable,
        justification=row.justification,
        status=row.status,
        how_met=row.how_met,
        links=tuple(row.links),
        owner=row.owner.username if row.owner else None,
        reviewed_on=row.reviewed_on,
        reviewer=row.reviewer.username if row.reviewer else None,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


def entries(product: int) -> dict[str, EntryView]:
    rows = RequirementEntry.objects.filter(product_id=product).select_related("owner", "reviewer")
    return {row.requirement_id: _entry_view(row) for row in rows}


def entries_of(products: Collection[int]) -> dict[int, dict[str, tuple[bool, str]]]:
    found: dict[int, dict[str, tuple[bool, str]]] = {pk: {} for pk in products}
    rows = RequirementEntry.objects.filter(product_id__in=products).values_list(
        "product_id", "requirement_id", "applicable", "status"
    )
    for product, requirement_id, applicable, status in rows:
        found[product][requirement_id] = (applicable, status)
    return found


def entry(product: int, requirement_id: str, for_update: bool = False) -> EntryView | None:
    query = RequirementEntry.objects.filter(product_id=product, requirement_id=requirement_id)
    if for_update:
        query = query.select_for_update(of=("self",))
    row = query.select_related("owner", "reviewer").first()
    return _entry_view(row) if row else None


def save_entry(
    product: int, requirement_id: str, fields: dict[str, Any], now: datetime, actor: str
) -> EntryView:
    values = {
        **{k: v for k, v in fields.items() if k not in ("owner", "reviewer", "links")},
        "links": list(fields["links"]),
        "owner_id": _user_pk(fields["owner"]),
        "reviewer_id": _user_pk(fields["reviewer"]),
        "updated_at": now,
        "updated_by": actor,
    }
    RequirementEntry.objects.update_or_create(
        product_id=product, requirement_id=requirement_id, defaults=values
    )
    stored = entry(product, requirement_id)
    assert stored is not None  # noqa: S101 - written just above in this transaction
    return stored


def ensure_entry(product: int, requirement_id: str, now: datetime, actor: str) -> EntryView:
    """The entry, created "not started" when evidence arrives before any assessment."""
    row, _ = RequirementEntry.objects.get_or_create(
        product_id=product,
        requirement_id=requirement_id,
        defaults={"updated_at": now, "updated_by": actor},
    )
    return _entry_view(row)


def add_change(
    entry_pk: int, at: datetime, actor: str, summary: str, changes: dict[str, Any]
) -> None:
    RequirementChange.objects.create(
        entry_id=entry_pk, at=at, actor=actor, summary=summary[:500], changes=changes
    )


def history(product: int, requirement_id: str) -> list[ChangeView]:
    rows = RequirementChange.objects.filter(
        entry__product_id=product, entry__requirement_id=requirement_id
    )
    return [ChangeView(r.at, r.actor, r.summary, dict(r.changes)) for r in rows]


# ------------------------------------------------------------------ evidence
def _evidence_view(row: EvidenceItem) -> EvidenceView:
    return EvidenceView(
        id=row.pk,
        requirement_id=row.entry.requirement_id,
        product_slug=row.entry.product.slug,
        kind=row.kind,
        title=row.title,
        file_name=row.file_name,
        sha256=row.sha256,
        size=row.size,
        media_type=row.media_type,
        url=row.url,
        record=row.record,
        added_at=row.added_at,
        added_by=row.added_by,
    )


def evidence_of(product: int) -> dict[str, list[EvidenceView]]:
    found: dict[str, list[EvidenceView]] = {}
    rows = EvidenceItem.objects.filter(entry__product_id=product).select_related("entry__product")
    for row in rows:
        found.setdefault(row.entry.requirement_id, []).append(_evidence_view(row))
    return found


def add_evidence(entry_pk: int, fields: dict[str, Any]) -> EvidenceView:
    row = EvidenceItem.objects.create(entry_id=entry_pk, **fields)
    return get_evidence(row.pk) or _evidence_view(row)


def get_evidence(evidence_id: int) -> EvidenceView | None:
    row = EvidenceItem.objects.filter(pk=evidence_id).select_related("entry__product").first()
    return _evidence_view(row) if row else None


def delete_evidence(evidence_id: int) -> None:
    EvidenceItem.objects.filter(pk=evidence_id).delete()


def sha256_in_use(sha256: str) -> bool:
    return EvidenceItem.objects.filter(sha256=sha256, kind="file").exists()


# ------------------------------------------------------------------ actions
def _action_view(row: ActionItem) -> ActionView:
    return ActionView(
        id=row.pk,
        product_slug=row.product.slug,
        title=row.title,
        requirement_id=row.requirement_id,
        owner=row.owner.username if row.owner else None,
        due_on=row.due_on,
        status=row.status,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def actions(product: int | None = None, only_open: bool = False) -> list[ActionView]:
    query = ActionItem.objects.select_related("product", "owner")
    if product is not None:
        query = query.filter(product_id=product)
    if only_open:
        query = query.filter(status="open")
    return [_action_view(row) for row in query]


def get_action(action_id: int, for_update: bool = False) -> ActionView | None:
    query = ActionItem.objects.filter(pk=action_id)
    if for_update:
        query = query.select_for_update(of=("self",))
    row = query.select_related("product", "owner").first()
    return _action_view(row) if row else None


def save_action(
    action_id: int | None, product: int, fields: dict[str, Any], now: datetime
) -> ActionView:
    values = {
        "title": fields["title"],
        "requirement_id": fields["requirement_id"] or "",
        "owner_id": _user_pk(fields["owner"]),
        "due_on": fields["due_on"],
        "status": fields["status"],
        "updated_at": now,
    }
    if action_id is None:
        row = ActionItem.objects.create(product_id=product, created_at=now, **values)
        action_id = row.pk
    else:
        ActionItem.objects.filter(pk=action_id).update(**values)
    view = get_action(action_id)
    assert view is not None  # noqa: S101 - written just above in this transaction
    return view


# ------------------------------------------------------------------ secure defaults
def secure_defaults(product: int) -> list[SecureDefaultView]:
    return [
        SecureDefaultView(
            r.pk, r.setting, r.default_value, r.rationale, r.recorded_at, r.recorded_by
        )
        for r in SecureDefault.objects.filter(product_id=product)
    ]


def secure_default_exists(product: int, setting: str) -> bool:
    return SecureDefault.objects.filter(product_id=product, setting=setting).exists()


def add_secure_default(product: int, fields: dict[str, Any]) -> None:
    SecureDefault.objects.create(product_id=product, **fields)


def remove_secure_default(product: int, item_id: int) -> str | None:
    row = SecureDefault.objects.filter(product_id=product, pk=item_id).first()
    if row is None:
        return None
    row.delete()
    return row.setting


# ------------------------------------------------------------------ findings for the providers
def risky_open_findings(release: int) -> list[RiskyFinding]:
    rows = Finding.objects.filter(release_id=release, status="open").filter(
        Q(known_exploited=True) | Q(severity="critical")
    )
    return [
        RiskyFinding(
            r.vulnerability_id, r.component_name, r.severity, r.known_exploited, r.first_seen
        )
        for r in rows.order_by("first_seen", "id")
    ]


def resolved_findings(product: int) -> list[str]:
    """Vulnerability IDs of findings that were fixed in any release: no longer matched by a
    scan, or triaged "fixed"."""
    rows = Finding.objects.filter(release__product_id=product).filter(
        Q(status="resolved") | Q(decision__state="fixed")
    )
    return sorted(set(rows.values_list("vulnerability_id", flat=True)))
