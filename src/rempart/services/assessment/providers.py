"""Every provider of automatic evidence for the Annex I assessment, listed (services layer).

A provider is ``(ctx, product_id) -> list[AutoEvidence]`` and only reads. Each feature that
holds records a requirement can lean on owns its providers; this module imports them and lists
them in one place, so a reader (and import-linter) sees every arrow. A new provider is one line
in :data:`PROVIDERS`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from rempart.core.evidence import AutoEvidence
from rempart.services.assessment import automatic_evidence
from rempart.services.context import ServiceContext
from rempart.services.disclosure import evidence as disclosure_evidence
from rempart.services.risk import evidence as risk_evidence

EvidenceProvider = Callable[[ServiceContext, int], list[AutoEvidence]]

PROVIDERS: dict[str, EvidenceProvider] = {
    "assess.sbom": automatic_evidence.sbom_current_release,
    "assess.findings": automatic_evidence.overdue_findings,
    "assess.support": automatic_evidence.support_period,
    "assess.secure-defaults": automatic_evidence.secure_defaults,
    "assess.advisories": automatic_evidence.fixed_vulnerability_advisories,
    "risk.assessment": risk_evidence.risk_assessment_evidence,
    "risk.selfassessment": risk_evidence.selfassessment_evidence,
    "risk.records": risk_evidence.records_evidence,
    "disclosure": disclosure_evidence.provide,
}
_log = logging.getLogger(__name__)


def providers() -> dict[str, EvidenceProvider]:
    """Every provider, in the order their evidence is shown."""
    return dict(PROVIDERS)


def collect(
    ctx: ServiceContext, product_id: int, listed: Mapping[str, EvidenceProvider] | None = None
) -> list[AutoEvidence]:
    """Every provider's evidence for one product, in the listed order."""
    found: list[AutoEvidence] = []
    for name, provider in (PROVIDERS if listed is None else listed).items():
        # One capability's broken provider must not hide every other piece of evidence.
        try:
            found.extend(provider(ctx, product_id))
        except Exception:
            _log.exception("evidence provider %s failed for product %s", name, product_id)
    return found
