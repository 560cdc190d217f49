"""In a real browser: every chart renders from the demo workspace, with a screenshot of each.

Each chart is found by its ``data-chart`` name, checked in the DOM (an SVG with a title, the
marks that carry the demo's data, and its text alternative), and saved as a PNG under the
session's pytest temporary directory, ``artifacts/charts/`` (``/tmp/pytest-of-<user>/pytest-current/``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from rempart.core.clock import SystemClock
from rempart.services.assessment import annex_i
from rempart.services.context import Actor, ServiceContext
from rempart.services.reporting import cases as reporting
from rempart.services.vulnerabilities import scanning
from tests.e2e.test_crawl import demo_admin  # noqa: F401 (the fixture)
from tests.e2e.test_product_wizard import PASSWORD

DEMO = "lumen-smart-thermostat"
FIREWALL = "edgeguard-firewall"


@pytest.fixture
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.getbasetemp() / "artifacts" / "charts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shoot(page: Page, name: str, folder: Path) -> None:
    chart = page.locator(f'[data-chart="{name}"]')
    expect(chart).to_have_count(1)
    svg = chart.locator("svg.chart-svg")
    expect(svg).to_be_visible()
    expect(svg).to_have_attribute("role", "img")
    expect(svg.locator("title").first).not_to_be_empty()
    expect(chart.locator("figcaption details")).to_have_count(1)  # the text alternative
    box = svg.bounding_box()
    assert box is not None
    assert box["width"] > 200, (name, box)
    assert box["height"] > 40, (name, box)
    target = folder / f"{name}.png"
    chart.screenshot(path=str(target))
    assert target.stat().st_size > 1000


def _shoot_page(page: Page, name: str, folder: Path) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_every_chart_renders_from_the_demo(
    live_server,
    service_settings,
    demo_admin: str,  # noqa: F811
    browser: Browser,
    artifacts: Path,
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if m.type == "error" else None)
    base = live_server.url
    ctx = ServiceContext(Actor.operator("test"), SystemClock(), settings=service_settings)
    # the demo records no Annex I status: one in progress, to see it coloured
    annex_i.set_requirement(ctx, DEMO, "AI-P2-1", {"status": "in-progress"})
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", demo_admin)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()

    # The portfolio: findings per product, support periods against the CRA's dates.
    page.goto(f"{base}/products/")
    products = page.locator('[data-chart="product-findings"] g.chart-row')
    assert products.count() >= 5
    assert page.locator('[data-chart="product-findings"] rect[data-key="critical"]').count() >= 1
    _shoot(page, "product-findings", artifacts)
    support = page.locator('[data-chart="support-timeline"]')
    references = support.locator("g.chart-reference")
    expect(references).to_have_count(4)
    for label in ("2026-06-11", "2026-09-11", "2027-12-11", "today"):
        expect(support.locator("g.chart-reference", has_text=label)).to_have_count(1)
    assert support.locator("rect.chart-span").count() >= 5
    _shoot(page, "support-timeline", artifacts)

    # A product: findings by severity per release, and the trend from the scan history (a
    # second scan of every release, so each line has two points).
    scanning.scan_all(ctx, "manual")
    page.goto(f"{base}/products/{FIREWALL}/")
    rows = page.locator('[data-chart="release-findings"] g.chart-row')
    expect(rows).to_have_count(2)
    totals = [float(rows.nth(i).get_attribute("data-total") or 0) for i in range(2)]
    assert sum(totals) > 0, totals
    assert page.locator('[data-chart="release-findings"] g.chart-row rect[data-key]').count() >= 1
    _shoot(page, "release-findings", artifacts)
    trend = page.locator('[data-chart="findings-trend"]')
    expect(trend.locator("polyline.chart-line")).to_have_count(2)  # one line per release
    assert trend.locator("circle.chart-dot").count() >= 4
    _shoot(page, "findings-trend", artifacts)

    # A release: SBOM quality per rule family, components by licence and by ecosystem.
    page.goto(f"{base}/products/gridlink-smart-meter-gateway/releases/3.0.0/")
    quality = page.locator('[data-chart="sbom-quality"] g.chart-row')
    expect(quality).to_have_count(3)
    expect(quality.first).to_have_attribute("data-label", "CRA minimum")
    for name in ("sbom-quality", "components-licence", "components-ecosystem"):
        _shoot(page, name, artifacts)
    assert page.locator('[data-chart="components-ecosystem"] g.chart-row').count() >= 2

    # Annex I: progress per product and the portfolio heat map (products × requirements).
    page.goto(f"{base}/assessment/")
    assert page.locator('[data-chart="annex-i-progress"] g.chart-row').count() >= 5
    cells = page.locator('[data-chart="annex-i-portfolio"] g.chart-cell')
    assert cells.count() >= 5 * 22
    portfolio = page.locator('[data-chart="annex-i-portfolio"]')
    expect(portfolio.locator('g.chart-cell[data-key="in-progress"]')).to_have_count(1)
    expect(
        portfolio.locator('g.chart-cell[data-key="in-progress"][data-column="II.1"]')
    ).to_have_count(1)
    _shoot(page, "annex-i-progress", artifacts)
    _shoot(page, "annex-i-portfolio", artifacts)

    # Risk: the likelihood × impact matrix with the demo's risks placed, inherent → residual.
    page.goto(f"{base}/products/{DEMO}/risk/2.4.1/")
    matrix = page.locator('[data-chart="risk-matrix"]')
    expect(matrix.locator("g.chart-cell")).to_have_count(25)
    assert matrix.locator("text.chart-mark").count() >= 1
    assert matrix.locator("line.chart-arrow").count() >= 1
    _shoot(page, "risk-matrix", artifacts)

    # Art. 14: the timeline of the demo's confirmed case.
    reference = reporting.list_cases(ctx)[0].case.reference
    page.goto(f"{base}/cases/{reference}/")
    timeline = page.locator('[data-chart="case-timeline"]')
    expect(timeline.locator("g.chart-lane").first).to_have_attribute("data-label", "Events")
    assert timeline.locator("circle.chart-dot").count() >= 3  # detected, aware, a due time
    expect(timeline.locator('g.chart-reference[data-key="today"]')).to_have_count(1)
    _shoot(page, "case-timeline", artifacts)

    # Release diff: components and findings between the firewall's two releases.
    page.goto(f"{base}/products/{FIREWALL}/diff/?from=7.0.0&to=7.1.0")
    diff = page.locator('[data-chart="release-diff"] g.chart-row')
    expect(diff).to_have_count(2)
    assert page.locator('[data-chart="release-diff"] rect[data-key="upgraded"]').count() == 1
    _shoot(page, "release-diff", artifacts)

    # On a phone (390 px) the charts shrink to the screen instead of widening the page.
    page.set_viewport_size({"width": 390, "height": 844})
    for address in ("/products/", f"/products/{FIREWALL}/", "/assessment/"):
        page.goto(base + address)
        for index in range(page.locator("svg.chart-svg").count()):
            box = page.locator("svg.chart-svg").nth(index).bounding_box()
            assert box is not None
            assert box["x"] + box["width"] <= 390, (address, index, box)
    _shoot_page(page, "phone-assessment", artifacts)

    context.close()
    assert not [v for v in violations if "Content Security Policy" in v], violations
