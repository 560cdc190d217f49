"""In a real browser: every page reachable from the demo workspace's navigation is sound.

The crawl starts at the home page, logged in as an administrator of the demo workspace (with
its proposed Art. 14 case confirmed, so the report forms are reachable too), follows every
same-origin link breadth-first and visits each page at 1440 px. A page fails when:

- it, or anything it loads, answers 4xx/5xx;
- the browser reports a Content Security Policy violation, a console error or a script error;
- markup is shown as text (a tag such as ``<a class="cite" …>`` or an entity such as ``&lt;``
  in what the reader sees: the sign of HTML escaped twice);
- it is wider than the window (a horizontal scroll bar at 1440 px);
- it sends the reader to a file of Rempart's source tree (``docs/….md``).

The crawl is bounded: at most a few pages per route (the demo has hundreds of catalog entries
and requirement pages of the same template) and a fixed number of pages in all.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Browser, ConsoleMessage, Page, Response

from rempart.core.clock import SystemClock
from rempart.services.context import Actor, ServiceContext
from rempart.services.demo.workspace import seed_demo
from rempart.services.reporting import cases as reporting
from tests.e2e.test_product_wizard import PASSWORD

WIDTH = 1440
PER_ROUTE = 3
MAX_PAGES = 160
# Links that change state, download files or leave the HTML pages.
SKIPPED = re.compile(r"/logout/|/export|/download/|\.csv$|\.json$|\.pdf$|^/api/|/static/")
# Markup in the visible text: an HTML tag or a character entity. Advisory texts legitimately
# hold angle brackets ("ReadHalf<T>", "<2.0"), so only HTML's own element names count.
ELEMENTS = (
    "a|abbr|b|br|button|code|div|em|form|h[1-6]|i|img|input|label|li|option|p|pre|script|"
    "section|select|small|span|strong|style|table|td|th|time|tr|ul"
)
SOURCE_FILE = re.compile(r"\bdocs/[\w./-]+\.(?:md|json)\b")
MARKUP = re.compile(rf"</?(?:{ELEMENTS})(?:\s[^<>]*)?/?>|&(?:[a-z]+|#x?[0-9a-f]+);", re.IGNORECASE)


@dataclass
class Crawl:
    base: str
    problems: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)
    current: str = ""

    def note(self, what: str) -> None:
        self.problems.append(f"{self.current}: {what}")


@pytest.fixture
def demo_admin(db, service_settings, make_user) -> str:  # type: ignore[no-untyped-def]
    ctx = ServiceContext(Actor.operator("demo"), SystemClock(), settings=service_settings)
    seed_demo(ctx)
    proposed = reporting.list_cases(ctx)[0].case
    reporting.confirm_case(
        ctx, proposed.reference, ctx.clock.now() - timedelta(hours=2), "Seen in the KEV feed"
    )
    make_user("demo", "admin")
    return "demo"


def _route_key(path: str, query: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return path
    keys = "&".join(sorted(k.split("=")[0] for k in query.split("&") if k))
    return f"{match.url_name}?{keys}"


def _watch(page: Page, crawl: Crawl) -> None:
    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            crawl.note(f"console error: {message.text}")

    def response(answer: Response) -> None:
        if answer.status >= 400:
            crawl.note(f"{answer.status} for {answer.url}")

    page.on("console", console)
    page.on("pageerror", lambda error: crawl.note(f"script error: {error}"))
    page.on("response", response)


def _links(page: Page, crawl: Crawl, here: str) -> list[tuple[str, str]]:
    found = []
    hrefs: list[Any] = page.eval_on_selector_all(
        "a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    for href in hrefs:
        target = urlsplit(urljoin(crawl.base + here, str(href)))
        if f"{target.scheme}://{target.netloc}" != crawl.base or SKIPPED.search(target.path):
            continue
        found.append((target.path, target.query))
    return found


def _check(page: Page, crawl: Crawl, width: int = WIDTH) -> None:
    text = page.inner_text("body")
    for match in list(MARKUP.finditer(text))[:3]:
        start = max(match.start() - 40, 0)
        crawl.note(f"markup shown as text: …{text[start : match.end() + 40]!r}…")
    for match in list(SOURCE_FILE.finditer(text))[:3]:
        crawl.note(f"a source file named on the page: {match.group(0)}")
    wide = page.evaluate("document.documentElement.scrollWidth")
    if wide > width:
        crawl.note(f"{wide} px wide at a {width} px window")


def crawl_demo(
    base: str,
    username: str,
    browser: Browser,
    viewport: tuple[int, int] = (WIDTH, 900),
    per_route: int = PER_ROUTE,
    max_pages: int = MAX_PAGES,
) -> Crawl:
    """Log in and visit every page the home page leads to, checking each at ``viewport``."""
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    crawl = Crawl(base)
    _watch(page, crawl)
    crawl.current = "/login/"
    page.goto(f"{crawl.base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()

    queue: deque[tuple[str, str]] = deque([("/", "")])
    seen: set[str] = set()
    counted: dict[str, int] = {}
    while queue and len(crawl.visited) < max_pages:
        path, query = queue.popleft()
        address = f"{path}?{query}" if query else path
        if address in seen:
            continue
        seen.add(address)
        route = _route_key(path, query)
        if counted.get(route, 0) >= per_route:
            continue
        counted[route] = counted.get(route, 0) + 1
        crawl.current = address
        answer = page.goto(crawl.base + address)
        page.wait_for_load_state("load")
        crawl.visited.append(address)
        if answer is None or "html" not in answer.headers.get("content-type", ""):
            continue
        _check(page, crawl, width)
        queue.extend(_links(page, crawl, path))
    context.close()
    return crawl


def test_every_page_of_the_demo_is_sound(live_server, demo_admin, browser: Browser) -> None:
    crawl = crawl_demo(live_server.url, demo_admin, browser)
    assert len(crawl.visited) > 60, crawl.visited  # the navigation reaches the whole demo
    assert any("/stages/" in v for v in crawl.visited), "the report forms were not reached"
    assert crawl.problems == [], "\n".join(crawl.problems)
