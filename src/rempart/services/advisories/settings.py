"""The CSAF publisher and the OpenPGP signing key (services layer).

The publisher (name, namespace, category, contact) appears in every advisory and in the
provider metadata. The signing key is a file in the data directory (mode 0600), never in the
database, never shown again; only its fingerprint is stored and audited.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.db import transaction

from rempart.core.errors import ProblemCollector
from rempart.formats.openpgp import SigningKey, read_signing_key
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.store.repositories import organizations
from rempart.store.repositories import security_advisories as repo
from rempart.store.repositories.security_advisories import CsafSettingsView as CsafSettingsView

CATEGORIES = ("vendor", "coordinator", "discoverer", "other", "translator", "user")
KEY_FILE = "csaf-signing-key.asc"


def get_settings(ctx: ServiceContext) -> CsafSettingsView:
    require(ctx, Action.READ)
    return effective(repo.settings())


def effective(saved: CsafSettingsView) -> CsafSettingsView:
    """The saved settings, with the organization's name and website where none were set."""
    organization = organizations.first()
    if organization is None:
        return saved
    from dataclasses import replace

    namespace = saved.publisher_namespace or (
        organization.website if organization.website.startswith("https://") else ""
    )
    return replace(
        saved,
        publisher_name=saved.publisher_name or organization.name,
        publisher_namespace=namespace,
        contact_details=saved.contact_details or organization.contact_point_email,
    )


def save_settings(ctx: ServiceContext, values: dict[str, str]) -> CsafSettingsView:
    require(ctx, Action.MANAGE_ORGANIZATION)
    problems = ProblemCollector()
    cleaned = {k: str(values.get(k, "")).strip() for k in ("publisher_name", "publisher_namespace",
                                                         "publisher_category", "contact_details",
                                                         "tracking_prefix")}  # fmt: skip
    if cleaned["publisher_namespace"] and not cleaned["publisher_namespace"].startswith("https://"):
        problems.add("publisher_namespace", "an https:// URL of the publisher (CSAF §3.2.1.8.3)")
    if cleaned["publisher_category"] and cleaned["publisher_category"] not in CATEGORIES:
        problems.add("publisher_category", f"one of {', '.join(CATEGORIES)}")
    prefix = cleaned["tracking_prefix"] or "SA"
    if not prefix.replace("-", "").isalnum() or len(prefix) > 20:
        problems.add("tracking_prefix", "letters, digits and dashes, at most 20")
    problems.raise_if_any("the CSAF settings are refused")
    cleaned["tracking_prefix"] = prefix
    cleaned["publisher_category"] = cleaned["publisher_category"] or "vendor"
    with transaction.atomic():
        view = repo.save_settings(cleaned, ctx.actor.name, ctx.clock.now())
        audit.record(ctx, "csaf.settings", "csaf", "settings", cleaned)
    return view


def _key_path(ctx: ServiceContext) -> Path:
    return ctx.settings.require_data_dir() / KEY_FILE


def set_signing_key(ctx: ServiceContext, data: bytes | None) -> str:
    """Install (or with ``None`` remove) the signing key; returns its fingerprint ("" if removed)."""
    require(ctx, Action.MANAGE_ORGANIZATION)
    path = _key_path(ctx)
    fingerprint = ""
    if data is not None:
        key = read_signing_key(data)
        fingerprint = key.fingerprint
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    elif path.exists():
        path.unlink()
    with transaction.atomic():
        repo.save_settings({"openpgp_fingerprint": fingerprint}, ctx.actor.name, ctx.clock.now())
        audit.record(
            ctx, "csaf.signing_key", "csaf", "signing-key", {"fingerprint": fingerprint or None}
        )
    return fingerprint


def signing_key(ctx: ServiceContext) -> SigningKey | None:
    """The configured key, or ``None``; a key file that no longer reads is an error, not silence."""
    path = _key_path(ctx)
    if not path.exists():
        return None
    return read_signing_key(path.read_bytes())
