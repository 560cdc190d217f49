"""The manufacturer's organization settings (services layer)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from rempart.core.errors import InvalidInput, NotFound, ProblemCollector
from rempart.core.product import Organization, validate_country
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.store.repositories import organizations

EDITABLE = organizations.FIELDS


def get_organization(ctx: ServiceContext) -> Organization:
    require(ctx, Action.READ)
    organization = organizations.first()
    if organization is None:
        raise NotFound("no organization is set up yet; run `rempart init`")
    return organization


def _clean(values: Mapping[str, object]) -> dict[str, str]:
    problems = ProblemCollector()
    cleaned: dict[str, str] = {}
    for key, value in values.items():
        if key not in EDITABLE:
            problems.add(key, "unknown organization field")
        elif not isinstance(value, str):
            problems.add(key, "must be text")
        else:
            cleaned[key] = value.strip()
    if "name" in cleaned and not cleaned["name"]:
        problems.add("name", "the manufacturer's name is required (Art. 13(16))")
    for key in ("email", "contact_point_email"):
        if cleaned.get(key) and "@" not in cleaned[key]:
            problems.add(key, "must be an e-mail address")
    for key in ("website", "contact_point_url"):
        if cleaned.get(key) and not cleaned[key].startswith(("https://", "http://")):
            problems.add(key, "must be an http(s) URL")
    if "main_establishment_country" in cleaned:
        cleaned["main_establishment_country"] = cleaned["main_establishment_country"].upper()
    problems.raise_if_any("the organization is invalid")
    if cleaned.get("main_establishment_country"):
        validate_country(cleaned["main_establishment_country"])
    return cleaned


def save_organization(ctx: ServiceContext, values: Mapping[str, object]) -> Organization:
    """Create the organization, or update the given fields of the existing one."""
    require(ctx, Action.MANAGE_ORGANIZATION)
    cleaned = _clean(values)
    with transaction.atomic():
        existing = organizations.first()
        if existing is None:
            if not cleaned.get("name"):
                raise InvalidInput.single("name", "the manufacturer's name is required")
            organization = organizations.create(cleaned, ctx.clock.now())
            audit.record(ctx, "organization.create", "organization", str(organization.id), cleaned)
        else:
            organization = organizations.update(existing.id, cleaned, ctx.clock.now())
            changed = {k: v for k, v in cleaned.items() if getattr(existing, k) != v}
            audit.record(ctx, "organization.update", "organization", str(organization.id), changed)
    return organization


def set_sbom_strict_schema(ctx: ServiceContext, strict: bool) -> Organization:
    """Refuse (or again accept) SBOMs whose only schema violations are value formats.

    With it on, every import — web, API, CLI, Dependency-Track endpoint — refuses any schema
    violation, whatever the client asks (docs/sbom-quality.md).
    """
    require(ctx, Action.MANAGE_ORGANIZATION)
    with transaction.atomic():
        existing = get_organization(ctx)
        organization = organizations.set_sbom_strict_schema(existing.id, strict, ctx.clock.now())
        if existing.sbom_strict_schema != strict:
            audit.record(
                ctx,
                "organization.update",
                "organization",
                str(organization.id),
                {"sbom_strict_schema": strict},
            )
    return organization
