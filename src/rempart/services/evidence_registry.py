"""Which providers of automatic evidence exist (services layer).

Each capability that holds records a requirement can lean on registers one provider here; the
assessment asks all of them. A provider is ``(ctx, product_id) -> list[AutoEvidence]`` and must
only read.
"""

from __future__ import annotations

from collections.abc import Callable

from rempart.core.evidence import AutoEvidence
from rempart.services.context import ServiceContext

EvidenceProvider = Callable[[ServiceContext, int], list[AutoEvidence]]

_PROVIDERS: dict[str, EvidenceProvider] = {}


def register(name: str, provider: EvidenceProvider) -> None:
    """Add (or replace, for reloads in tests) the provider called ``name``."""
    _PROVIDERS[name] = provider


def providers() -> dict[str, EvidenceProvider]:
    return dict(_PROVIDERS)


def collect(ctx: ServiceContext, product_id: int) -> list[AutoEvidence]:
    """Every provider's evidence for one product, in registration order."""
    found: list[AutoEvidence] = []
    for provider in _PROVIDERS.values():
        found.extend(provider(ctx, product_id))
    return found
