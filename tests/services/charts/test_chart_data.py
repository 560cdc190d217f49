"""The data behind the charts, from the demo workspace: counts match their sources."""

from __future__ import annotations

from datetime import date

import pytest

from rempart.services.charts import assessment, diff, findings, reporting, risk, sbom, support
from rempart.services.demo.workspace import seed_demo
from rempart.services.products import register as products
from rempart.services.reporting import cases
from rempart.services.risk import assessment as risk_service
from rempart.services.sboms import release_sboms
from rempart.services.vulnerabilities import scanning

pytestmark = pytest.mark.database

THERMOSTAT = "lumen-smart-thermostat"


@pytest.fixture
def demo(organization, operator) -> None:  # type: ignore[no-untyped-def]
    seed_demo(operator)


def test_findings_per_release_and_product_add_up_to_the_summaries(demo, operator) -> None:
    chart = findings.by_release(operator, "gridlink-smart-meter-gateway")
    (row,) = chart.rows
    summary = scanning.release_summary(operator, "gridlink-smart-meter-gateway", "3.0.0")
    assert summary is not None
    assert row.total == summary.open_findings
    per_product = {r.label: r.total for r in findings.by_product(operator).rows}
    assert per_product["GridLink Smart Meter Gateway"] == summary.open_findings
    assert len(per_product) == len(products.list_products(operator))


def test_the_trend_has_a_point_per_kept_scan(demo, operator) -> None:
    chart = findings.trend_of(operator, "gridlink-smart-meter-gateway")
    (series,) = chart.series
    assert series.label == "3.0.0"
    latest = scanning.latest_scan(operator, "gridlink-smart-meter-gateway", "3.0.0")
    assert latest is not None
    assert series.points[-1].value == latest.findings


def test_sbom_quality_families_and_components(demo, operator) -> None:
    chart = sbom.quality(operator, "gridlink-smart-meter-gateway", "3.0.0")
    assert [r.label for r in chart.rows] == [
        "CRA minimum",
        "NTIA minimum elements",
        "BSI TR-03183-2",
    ]
    assert all(0 <= r.total <= 100 for r in chart.rows)
    licences, ecosystems = sbom.components(operator, "gridlink-smart-meter-gateway", "3.0.0")
    merged = len(
        release_sboms.merged_release(operator, "gridlink-smart-meter-gateway", "3.0.0").components
    )
    assert sum(r.total for r in licences.rows) == merged
    assert sum(r.total for r in ecosystems.rows) == merged


def test_annex_i_grid_counts_every_requirement_of_every_product(demo, operator) -> None:
    progress = assessment.progress(operator)
    assert {r.total for r in progress.rows} == {22}
    heat = assessment.portfolio(operator)
    assert len(heat.cells) == 22 * len(progress.rows)
    assert assessment.short_label("AI-P1-2a") == "I.2a"
    assert assessment.short_label("AI-P2-8") == "II.8"


def test_risks_are_placed_and_moved_to_their_residual_rating(demo, operator) -> None:
    chart = risk.matrix(operator, THERMOSTAT, "2.4.1")
    assert chart is not None
    found = risk_service.require_assessment(operator, THERMOSTAT, "2.4.1")
    marked = [m for cell in chart.cells for m in cell.marks if not m.endswith("′")]
    assert sorted(marked) == sorted(r.identifier for r in found.risks)
    moving = [
        r for r in found.risks
        if r.residual_likelihood and (r.residual_likelihood, r.residual_impact) != (r.likelihood, r.impact)
    ]  # fmt: skip
    assert len(chart.arrows) == len(moving) > 0
    assert risk.matrix(operator, "nimbus-home-router", "1.8.2") is None  # no assessment


def test_support_timeline_uses_the_catalog_dates_and_today(demo, operator) -> None:
    chart = support.support_timeline(operator)
    dates = {r.when.date() for r in chart.references if r.key == "legal"}
    assert dates == {date(2026, 6, 11), date(2026, 9, 11), date(2027, 12, 11)}
    (today,) = [r for r in chart.references if r.key == "today"]
    assert today.when.date() == operator.clock.now().date()
    assert len(chart.lanes) == len(products.list_products(operator))
    # Every stated end of support is drawn where it falls, never clamped to the axis' edge.
    spans = [s for lane in chart.lanes for s in lane.spans if s.end is not None]
    assert spans
    assert all(s.end < chart.end for s in spans)
    assert len({s.x + s.width for s in spans}) == len({s.end for s in spans})


def test_case_timeline_and_release_diff(demo, operator) -> None:
    reference = cases.list_cases(operator)[0].case.reference
    chart = reporting.case_timeline(operator, reference)
    assert chart.lanes[0].marks[0].label == "detected"
    assert [r.key for r in chart.references] == ["today"]
    changes = diff.release_diff(operator, "edgeguard-firewall", "7.0.0", "7.1.0")
    components, found = changes.rows
    assert components.label == "Components"
    assert components.total > 0
    assert found.label == "Findings"
