"""References to the pages that show a record (core layer).

The core and the services say *which* page shows a record (a route name with its arguments),
never its path: paths are defined once, in ``rempart/web/urls.py``, and resolved by name at the
edges (``{{ ref|page_url }}`` in templates; ``ServiceContext.page_path`` where a link leaves the
web, in reminder messages and JSON exports).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True, slots=True)
class PageRef:
    """The page of a record: a route name (``web/urls.py``), its arguments, query and fragment."""

    route: str
    args: tuple[str, ...] = ()
    query: tuple[tuple[str, str], ...] = ()
    fragment: str = ""

    def complete(self, path: str) -> str:
        """``path`` (this route resolved) with the query string and fragment added."""
        query = f"?{urlencode(self.query)}" if self.query else ""
        fragment = f"#{self.fragment}" if self.fragment else ""
        return f"{path}{query}{fragment}"
