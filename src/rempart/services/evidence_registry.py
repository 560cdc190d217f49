"""Which providers of automatic evidence exist (services layer).

Each capability that holds records a requirement can lean on registers one provider here; the
assessment asks all of them. A provider is ``(ctx, product_id) -> list[AutoEvidence]`` and must
only read.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable

from rempart.core.evidence import AutoEvidence
from rempart.services.context import ServiceContext

EvidenceProvider = Callable[[ServiceContext, int], list[AutoEvidence]]

_PROVIDERS: dict[str, EvidenceProvider] = {}
_log = logging.getLogger(__name__)

# The capabilities that ship providers, and the function each exposes to register them. Loaded
# on first use rather than imported here: those modules import this one. Loaded again whenever
# the table is a different one (tests swap it), so no table ever misses the shipped providers.
_BUILTIN = {
    "rempart.services.assessment_providers": "register_all",
    "rempart.services.risk_evidence": "register_providers",
    "rempart.services.disclosure_evidence": "register",
}
_loaded_into: dict[str, EvidenceProvider] | None = None


def _load_builtin() -> None:
    global _loaded_into
    if _loaded_into is _PROVIDERS:
        return
    _loaded_into = _PROVIDERS
    for module, function in _BUILTIN.items():
        getattr(importlib.import_module(module), function)()


def register(name: str, provider: EvidenceProvider) -> None:
    """Add (or replace, for reloads in tests) the provider called ``name``."""
    _PROVIDERS[name] = provider


def providers() -> dict[str, EvidenceProvider]:
    _load_builtin()
    return dict(_PROVIDERS)


def collect(ctx: ServiceContext, product_id: int) -> list[AutoEvidence]:
    """Every provider's evidence for one product, in registration order."""
    _load_builtin()
    found: list[AutoEvidence] = []
    for name, provider in _PROVIDERS.items():
        # One capability's broken provider must not hide every other piece of evidence.
        try:
            found.extend(provider(ctx, product_id))
        except Exception:
            _log.exception("evidence provider %s failed for product %s", name, product_id)
    return found
