"""Demo disclosure settings, so ``/.well-known/security.txt`` works out of the box (services)."""

from __future__ import annotations

from rempart.services.context import ServiceContext
from rempart.services.disclosure import settings as disclosure

DEMO_DISCLOSURE: dict[str, object] = {
    "contacts": ["mailto:psirt@northwind.example", "https://northwind.example/security"],
    "encryption": ["https://northwind.example/.well-known/psirt-pgp-key.asc"],
    "preferred_languages": ["en", "de"],
    "policy": "https://northwind.example/security/policy/",
    "canonical": ["https://northwind.example/.well-known/security.txt"],
    "acknowledgments": "https://northwind.example/security/thanks",
    "csaf": ["https://northwind.example/.well-known/csaf/provider-metadata.json"],
}


def seed_disclosure(ctx: ServiceContext) -> None:
    disclosure.save_settings(ctx, DEMO_DISCLOSURE)
