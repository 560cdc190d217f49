"""Template helpers: citations with their reference, class badges, support labels."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from rempart.core.clock import iso, to_zone, utc_offset, zone_label
from rempart.core.cra.catalog import load_catalog
from rempart.core.cra.support import end_date_label
from rempart.core.links import PageRef
from rempart.core.member_states import label as member_state_label

register = template.Library()

CLASS_LABELS = {
    "default": "Default",
    "important-class-i": "Important · Class I",
    "important-class-ii": "Important · Class II",
    "critical": "Critical",
}


CHIP = '<a class="cite" href="{}" title="{}">{}</a>'


@register.simple_tag
def cite(entry_id: str) -> SafeString:
    """A citation chip: the legal reference, with the ID and summary on hover."""
    citation = load_catalog().citation(entry_id)
    return format_html(
        CHIP,
        reverse("catalog-entry", args=(citation.id,)),
        f"{citation.id}: {citation.summary}",
        citation.ref or citation.id,
    )


@register.simple_tag
def cite_all(entry_ids: list[str] | tuple[str, ...]) -> SafeString:
    """Citation chips for several IDs; IDs with the same legal reference share one chip.

    A rule (``RPT-AEV-EW``) and the paragraph it restates (``ART14-2a``) both read
    "Art. 14(2)(a)": one chip, both IDs on hover, the first one linked. The chips are joined
    with ``format_html_join``: a plain ``" ".join`` returns a str, which the template escapes
    again (the chips then showed as raw markup).
    """
    catalog = load_catalog()
    grouped: dict[str, list[str]] = {}
    for entry_id in entry_ids:
        citation = catalog.citation(entry_id)
        grouped.setdefault(citation.ref or citation.id, []).append(entry_id)
    return format_html_join(
        " ",
        CHIP,
        (
            (
                reverse("catalog-entry", args=(ids[0],)),
                "; ".join(f"{i}: {catalog.citation(i).summary}" for i in ids),
                label,
            )
            for label, ids in grouped.items()
        ),
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
def when(value: datetime | str | None, precision: str = "minutes") -> SafeString | str:
    """A time in the reader's zone, with the zone: ``2026-12-06 10:30 CET``.

    The zone is the one ``TimeZoneMiddleware`` activated for the request; the offset and the
    zone's name are on hover, the exact instant in ``datetime``. ``precision="seconds"`` adds
    the seconds (the audit trail). Empty for no time, so ``|default:"—"`` works.
    """
    if value is None or value == "":
        return ""
    moment = (
        datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(value, str) else value
    )
    if moment.tzinfo is None:
        return str(value)  # not an instant (a bare date): nothing to convert
    zone_name = timezone.get_current_timezone_name()
    local = to_zone(moment, zone_name)
    shown = local.strftime("%Y-%m-%d %H:%M:%S" if precision == "seconds" else "%Y-%m-%d %H:%M")
    abbreviation = local.tzname() or ""
    if zone_name == "UTC":
        suffix = "UTC"
    elif abbreviation[:1].isalpha() and abbreviation != "UTC":
        suffix = abbreviation
    else:
        suffix = f"UTC{utc_offset(local)}"
    return format_html(
        '<time datetime="{}" title="{}">{} {}</time>',
        iso(moment),
        zone_label(zone_name, moment),
        shown,
        suffix,
    )


@register.filter
def legal_refs(entry_ids: list[str] | tuple[str, ...] | None) -> str:
    """``Annex I, Part II, point (5); Art. 13(8)``: legal references for public pages, where
    Rempart's internal catalog IDs (``AI-P2-5``) mean nothing to a reader."""
    catalog = load_catalog()
    refs = [catalog.citation(entry_id).ref or entry_id for entry_id in entry_ids or ()]
    return "; ".join(dict.fromkeys(refs))


@register.filter
def member_state_names(codes: list[str] | tuple[str, ...] | None) -> str:
    """``DE Germany, FR France``: Member State codes with their names."""
    return ", ".join(member_state_label(code) for code in codes or ())


@register.filter
def get_item(mapping: dict[str, object], key: str) -> object:
    return mapping.get(key, "")


@register.filter
def page_url(ref: PageRef | None) -> str:
    """The path of a page reference from the core or a service (paths live in web/urls.py)."""
    return ref.complete(reverse(ref.route, args=ref.args)) if ref else ""
