"""Template helpers: citations with their reference, class badges, support labels."""

from __future__ import annotations

from datetime import date

from django import template
from django.urls import reverse
from django.utils.html import format_html

from rempart.core.cra.catalog import load_catalog
from rempart.core.cra.support import end_date_label
from rempart.core.links import PageRef

register = template.Library()

CLASS_LABELS = {
    "default": "Default",
    "important-class-i": "Important · Class I",
    "important-class-ii": "Important · Class II",
    "critical": "Critical",
}


@register.simple_tag
def cite(entry_id: str) -> str:
    """A citation chip: the legal reference, with the ID and summary on hover."""
    citation = load_catalog().citation(entry_id)
    return format_html(
        '<a class="cite" href="/catalog/entries/{}/" title="{}">{}</a>',
        citation.id,
        f"{citation.id}: {citation.summary}",
        citation.ref or citation.id,
    )


@register.simple_tag
def cite_all(entry_ids: list[str] | tuple[str, ...]) -> str:
    """Citation chips for several IDs; IDs with the same legal reference share one chip.

    A rule (``RPT-AEV-EW``) and the paragraph it restates (``ART14-2a``) both read
    "Art. 14(2)(a)": one chip, both IDs on hover, the first one linked.
    """
    catalog = load_catalog()
    grouped: dict[str, list[str]] = {}
    for entry_id in entry_ids:
        citation = catalog.citation(entry_id)
        grouped.setdefault(citation.ref or citation.id, []).append(entry_id)
    return " ".join(
        format_html(
            '<a class="cite" href="/catalog/entries/{}/" title="{}">{}</a>',
            ids[0],
            "; ".join(f"{i}: {catalog.citation(i).summary}" for i in ids),
            label,
        )
        for label, ids in grouped.items()
    )


@register.filter
def class_badge(product_class: str) -> str:
    return format_html(
        '<span class="badge class-{}">{}</span>',
        product_class,
        CLASS_LABELS.get(product_class, product_class),
    )


@register.filter
def month_year(value: date | None) -> str:
    return end_date_label(value) if value else "—"


@register.filter
def outcome_badge(outcome: str) -> str:
    label = {
        "in-scope": "In scope",
        "excluded": "Excluded",
        "needs-legal-review": "Needs legal review",
    }
    return format_html(
        '<span class="badge outcome-{}">{}</span>', outcome, label.get(outcome, outcome)
    )


@register.filter
def get_item(mapping: dict[str, object], key: str) -> object:
    return mapping.get(key, "")


@register.filter
def page_url(ref: PageRef | None) -> str:
    """The path of a page reference from the core or a service (paths live in web/urls.py)."""
    return ref.complete(reverse(ref.route, args=ref.args)) if ref else ""
