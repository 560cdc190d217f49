"""Navigation helpers: a link that knows it is the current page, server-side tabs (web layer)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_link(context: dict[str, Any], route: str, label: str) -> SafeString:
    """A navigation link, marked ``aria-current`` on its page and the pages below it."""
    url = reverse(route)
    request = context.get("request")
    path = getattr(request, "path", "")
    current = path == url or (url != "/" and path.startswith(url))
    if current:
        return format_html('<a href="{}" aria-current="page">{}</a>', url, label)
    return format_html('<a href="{}">{}</a>', url, label)


@register.simple_tag
def tab_link(key: str, label: str, current: str, anchor: str = "") -> SafeString:
    """One tab of a page split server-side (``?tab=key``); the current one is marked."""
    href = f"?tab={key}" + (f"#{anchor}" if anchor else "")
    if key == current:
        return format_html(
            '<a class="tab" href="{}" aria-current="page" id="tab-{}">{}</a>', href, key, label
        )
    return format_html('<a class="tab" href="{}" id="tab-{}">{}</a>', href, key, label)
