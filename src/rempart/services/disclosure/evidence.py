"""Automatic evidence from the disclosure records (services layer).

For Annex I Part II point (5) (``AI-P2-5``, a CVD policy put in place and enforced) and point
(6) (``AI-P2-6``, a contact address for reports), with Art. 13(17) (``ART13-17``) and Annex VII
point 2(b) (``AVII-2b``: evidence of the contact address). Listed in
``services/assessment/providers.py``.
"""

from __future__ import annotations

from datetime import timedelta

from rempart.core.disclosure import security_txt as sectxt
from rempart.core.errors import RempartError
from rempart.core.evidence import AutoEvidence, EvidenceState
from rempart.core.links import PageRef
from rempart.services.context import ServiceContext
from rempart.services.disclosure.settings import current_settings, published_products
from rempart.store.repositories import disclosure as repo
from rempart.store.repositories import organizations
from rempart.store.repositories import products as product_repo

EXPIRY_WARNING = timedelta(days=30)


def _policy(ctx: ServiceContext, slug: str) -> AutoEvidence:
    settings = current_settings()
    saved = settings.expires_at is not None
    published = {p.slug for p in published_products(ctx)}
    if not saved or not settings.contacts:
        state, detail = EvidenceState.MISSING, "No disclosure settings with a contact are saved."
    elif slug not in published:
        state = EvidenceState.ATTENTION
        detail = "The CVD policy is published, but this product is not in its scope."
    else:
        state = EvidenceState.PRESENT
        detail = "The CVD policy is published and covers this product."
    return AutoEvidence(
        "cvd.policy",
        ("AI-P2-5", "ART13-8"),
        "Coordinated vulnerability disclosure policy",
        state,
        detail,
        PageRef("cvd-policy") if saved else PageRef("disclosure"),
    )


def _contact(ctx: ServiceContext) -> AutoEvidence:
    settings = current_settings()
    now = ctx.clock.now()
    try:
        sectxt.generate(settings, now)
    except RempartError as error:
        state = EvidenceState.MISSING
        detail = f"security.txt is not published: {error.problems[0] if error.problems else error}"
        link = PageRef("disclosure")
    else:
        link = PageRef("security-txt")
        expires = settings.expires_at
        if expires is not None and expires - now <= EXPIRY_WARNING:
            state = EvidenceState.ATTENTION
            detail = f"security.txt expires on {sectxt.format_expires(expires)}: review it."
        else:
            state = EvidenceState.PRESENT
            detail = f"security.txt names {len(settings.contacts)} contact(s) and is current."
    return AutoEvidence(
        "cvd.contact",
        ("AI-P2-6", "ART13-17", "AII-2", "AVII-2b"),
        "Contact address for vulnerability reports (security.txt)",
        state,
        detail,
        link,
    )


def _handling(ctx: ServiceContext, slug: str) -> AutoEvidence:
    settings = current_settings()
    late_before = ctx.clock.now() - timedelta(days=settings.acknowledge_days)
    waiting = [r for r in repo.list_reports("new", slug) if r.received_at < late_before]
    if waiting:
        state = EvidenceState.ATTENTION
        detail = (
            f"{len(waiting)} report(s) wait longer than the {settings.acknowledge_days} days "
            "the policy promises for acknowledgement."
        )
    else:
        state = EvidenceState.PRESENT
        detail = "Every report received is acknowledged within the policy's commitment."
    return AutoEvidence(
        "cvd.reports-handled",
        ("AI-P2-5",),
        "Reports handled as the CVD policy promises",
        state,
        detail,
        PageRef("vulnerability-reports", query=(("product", slug),)),
    )


def provide(ctx: ServiceContext, product_id: int) -> list[AutoEvidence]:
    """Evidence for one product; read only."""
    if organizations.first() is None:
        return []
    product = next((p for p in product_repo.list_all() if p.id == product_id), None)
    if product is None:
        return []
    return [_policy(ctx, product.slug), _contact(ctx), _handling(ctx, product.slug)]
