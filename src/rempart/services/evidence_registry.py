"""Which providers of automatic evidence exist (services layer).

Each capability that holds records a requirement can lean on registers one provider here; the
assessment asks all of them. A provider is ``(ctx, product_id) -> list[AutoEvidence]`` and must
only read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from rempart.core.evidence import AutoEvidence
from rempart.services.context import ServiceContext
from rempart.services.registry import Registry

EvidenceProvider = Callable[[ServiceContext, int], list[AutoEvidence]]

REGISTRY: Registry[EvidenceProvider] = Registry(
    {
        "rempart.services.assessment_providers": "register_all",
        "rempart.services.risk_evidence": "register_providers",
        "rempart.services.disclosure_evidence": "register",
    }
)
_log = logging.getLogger(__name__)


def register(name: str, provider: EvidenceProvider) -> None:
    REGISTRY.register(name, provider)


def providers() -> dict[str, EvidenceProvider]:
    return REGISTRY.entries()


def collect(ctx: ServiceContext, product_id: int) -> list[AutoEvidence]:
    """Every provider's evidence for one product, in registration order."""
    found: list[AutoEvidence] = []
    for name, provider in providers().items():
        # One capability's broken provider must not hide every other piece of evidence.
        try:
            found.extend(provider(ctx, product_id))
        except Exception:
            _log.exception("evidence provider %s failed for product %s", name, product_id)
    return found
