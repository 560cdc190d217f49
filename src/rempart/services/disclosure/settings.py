"""Disclosure settings, the CVD policy and security.txt (services layer).

The public documents (``security_txt``, ``cvd_policy``, ``published_products``) are public by
design — RFC 9116 and Annex II point 2 (``AII-2``) want them reachable without an account — so
they skip ``require``; everything that changes or reads internal records authorizes first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction

from rempart.core.disclosure import policy as policy_text
from rempart.core.disclosure import security_txt as sectxt
from rempart.core.disclosure import settings as rules
from rempart.core.disclosure.settings import DisclosureSettings
from rempart.core.errors import NotFound
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.store.repositories import disclosure as repo
from rempart.store.repositories import organizations
from rempart.store.repositories import products as product_repo


def _organization_id_and_name() -> tuple[int, str]:
    organization = organizations.first()
    if organization is None:
        raise NotFound("no organization is set up yet; run `rempart init`")
    return organization.id, organization.name


def current_settings() -> DisclosureSettings:
    org_id, name = _organization_id_and_name()
    return repo.get_settings(org_id) or DisclosureSettings(organization_name=name)


def get_settings(ctx: ServiceContext) -> DisclosureSettings:
    require(ctx, Action.READ)
    return current_settings()


def save_settings(ctx: ServiceContext, values: Mapping[str, object]) -> DisclosureSettings:
    """Change the settings; saving counts as a review and moves Expires ``expiry_days`` ahead."""
    require(ctx, Action.MANAGE_ORGANIZATION)
    org_id, _ = _organization_id_and_name()
    with transaction.atomic():
        before = repo.get_settings(org_id)
        base = before or current_settings()
        changed = rules.from_mapping(base, values)
        rules.validate(changed)
        saved = repo.save_settings(org_id, changed.reviewed(ctx.clock.now()), ctx.clock.now())
        diff = {
            name: _plain(getattr(saved, name))
            for name in repo.STORED
            if before is None or getattr(before, name) != getattr(saved, name)
        }
        audit.record(ctx, "disclosure.update", "organization", str(org_id), diff)
    return saved


def _plain(value: object) -> object:
    if isinstance(value, tuple):
        return list(value)
    return value.isoformat() if hasattr(value, "isoformat") else value


@dataclass(frozen=True, slots=True)
class PublishedProduct:
    slug: str
    name: str


def published_products(ctx: ServiceContext) -> list[PublishedProduct]:  # noqa: ARG001
    """Products open to public reports: the chosen ones, or every product when none is chosen."""
    chosen = set(current_settings().published_products)
    return [
        PublishedProduct(p.slug, p.name)
        for p in product_repo.list_all()
        if not chosen or p.slug in chosen
    ]


def security_txt(ctx: ServiceContext, csaf_urls: Sequence[str] = ()) -> str:
    """The RFC 9116 body; ``InvalidInput`` naming the missing fields when it cannot be made.

    ``csaf_urls``: provider-metadata URLs to announce besides the configured ones (the edge
    passes the one of Rempart's own published CSAF provider directory).
    """
    current = current_settings()
    extra = tuple(u for u in csaf_urls if u and u not in current.csaf)
    if extra:
        from dataclasses import replace

        current = replace(current, csaf=(*current.csaf, *extra))
    return sectxt.generate(current, ctx.clock.now())


def cvd_policy(ctx: ServiceContext) -> policy_text.PolicyDocument:
    names = tuple(p.name for p in published_products(ctx))
    return policy_text.build_policy(current_settings(), names, ctx.clock.now().date())
