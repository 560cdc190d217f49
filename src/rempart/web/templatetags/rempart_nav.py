"""Navigation helper: a link that knows it is the current page (web layer)."""

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
