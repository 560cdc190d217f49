"""What the manufacturer enters for the documents, and the public-page switch (services layer).

Saving checks every value (``rempart.core.documents.fields.clean_record``), stores the record
and appends one audit event naming the fields that changed, in one transaction. Missing values
are not refused: the documents page lists them, and a document stays a draft until they are in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction

from rempart.core.documents.fields import FIELDS as FIELDS
from rempart.core.documents.fields import (
    FIELDS_BY_NAME,
    DocumentationRecord,
    FieldSpec,
    clean_record,
    record_as_json,
)
from rempart.core.documents.labels import known_languages
from rempart.core.errors import InvalidInput, NotFound
from rempart.core.product import Product
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.store.repositories import documents as repo
from rempart.store.repositories import products as products_repo


def _product(slug: str, for_update: bool = False) -> Product:
    product = products_repo.get(slug, for_update=for_update)
    if product is None:
        raise NotFound(f"no product with slug {slug!r}")
    return product


def field_spec(name: str) -> FieldSpec:
    """The named documentation field, or a refusal listing the known ones."""
    try:
        return FIELDS_BY_NAME[name]
    except KeyError:
        raise InvalidInput.single(
            "field", f"{name!r} is not a documentation field; see `rempart doc fields`"
        ) from None


def stored_record(product_id: int) -> DocumentationRecord:
    """The stored record, or an empty one (English, public page off)."""
    return repo.get_record(product_id) or DocumentationRecord()


def get_record(ctx: ServiceContext, slug: str) -> DocumentationRecord:
    require(ctx, Action.READ)
    return stored_record(_product(slug).id)


def save_record(
    ctx: ServiceContext,
    slug: str,
    languages: Sequence[str],
    values: Mapping[str, object],
    *,
    public_page: bool | None = None,
    replace: bool = False,
) -> DocumentationRecord:
    """Store entered values: merged into the stored ones, or replacing them when ``replace``.

    A value of ``None`` or ``""`` clears that field. ``public_page`` ``None`` keeps the switch.
    """
    require(ctx, Action.WRITE)
    with transaction.atomic():
        product = _product(slug, for_update=True)
        before = stored_record(product.id)
        if public_page is not None and public_page != before.public_page:
            require(ctx, Action.MANAGE_ORGANIZATION)  # publishing is an admin's decision
        merged: dict[str, object] = {} if replace else _kept(before, languages)
        merged.update(values)
        merged = {k: v for k, v in merged.items() if v not in (None, "", [], {})}
        record = clean_record(
            tuple(languages),
            merged,
            known_languages=known_languages(),
            procedures=frozenset(product.allowed_procedures),
            public_page=before.public_page if public_page is None else public_page,
        )
        saved = repo.save_record(product.id, record, ctx.clock.now(), ctx.actor.name)
        old, new = record_as_json(before), record_as_json(saved)
        changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
        audit.record(
            ctx,
            "documents.update",
            "product",
            slug,
            {
                "languages": list(saved.languages),
                "changed": changed,
                "public_page": saved.public_page,
            },
        )
    return saved


def _kept(before: DocumentationRecord, languages: Sequence[str]) -> dict[str, object]:
    """The stored values, without the texts of languages no longer chosen."""
    chosen = set(languages)
    kept: dict[str, object] = {}
    for name, value in record_as_json(before).items():
        if isinstance(value, dict):
            value = {code: text for code, text in value.items() if code in chosen}
        kept[name] = value
    return kept


def set_public_page(ctx: ServiceContext, slug: str, on: bool) -> DocumentationRecord:
    """Switch the public product page on or off (it is off until switched on)."""
    require(ctx, Action.MANAGE_ORGANIZATION)
    with transaction.atomic():
        product = _product(slug, for_update=True)
        before = stored_record(product.id)
        record = DocumentationRecord(before.languages, before.values, on)
        saved = repo.save_record(product.id, record, ctx.clock.now(), ctx.actor.name)
        audit.record(ctx, "documents.public_page", "product", slug, {"public_page": on})
    return saved
