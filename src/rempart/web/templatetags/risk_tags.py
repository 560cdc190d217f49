"""The risk assessment section of the product page, as an inclusion tag (web layer).

The product page only includes ``rempart/risk/product_section.html``; this tag fetches what
the section shows, so the product view needs no change.
"""

from __future__ import annotations

from typing import Any

from django import template

from rempart.core.product import Product
from rempart.services.risk import assessment as risk
from rempart.services.risk import selfassessment
from rempart.web.session import ctx_of

register = template.Library()


@register.inclusion_tag("rempart/risk/_product_section.html", takes_context=True)
def risk_section(context: Any, product: Product) -> dict[str, Any]:
    ctx = ctx_of(context["request"])
    today = ctx.clock.now().date()
    by_version = {a.release_version: a for a in risk.list_assessments(ctx, product.slug)}
    shown = selfassessment.show(ctx, product.slug)
    rows = [
        {
            "release": release,
            "assessment": by_version.get(release.version),
            "overdue": by_version[release.version].review_overdue(today)
            if release.version in by_version
            else False,
        }
        for release in product.releases
    ]
    return {
        "product": product,
        "risk_rows": rows,
        "answered": shown.answered(),
        "questions": len(shown.questionnaire.question),
    }
