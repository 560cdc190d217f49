"""Chart tags: each fetches one chart model from services/charts (web layer).

A chart is included in a page with one line, ``{% include "rempart/charts/<name>.html" %}``;
the include calls one of these tags with the page's objects, so no view changes. The models'
coordinates come from :mod:`rempart.core.charts`; the SVG is drawn by the ``_bars``,
``_heatmap``, ``_timeline`` and ``_trend`` partials.
"""

from __future__ import annotations

from typing import Any

from django import template

from rempart.core.charts.bars import BarChart, Trend
from rempart.core.charts.heatmap import HeatMap
from rempart.core.charts.timeline import Timeline
from rempart.services.charts import assessment, diff, findings, reporting, risk, sbom, support
from rempart.web.session import ctx_of

register = template.Library()


def _ctx(context: Any) -> Any:
    return ctx_of(context["request"])


@register.simple_tag(takes_context=True)
def release_findings_chart(context: Any, slug: str) -> BarChart:
    return findings.by_release(_ctx(context), slug)


@register.simple_tag(takes_context=True)
def product_findings_chart(context: Any) -> BarChart:
    return findings.by_product(_ctx(context))


@register.simple_tag(takes_context=True)
def findings_trend_chart(context: Any, slug: str) -> Trend:
    return findings.trend_of(_ctx(context), slug)


@register.simple_tag(takes_context=True)
def sbom_quality_chart(context: Any, slug: str, version: str) -> BarChart:
    return sbom.quality(_ctx(context), slug, version)


@register.simple_tag(takes_context=True)
def components_charts(context: Any, slug: str, version: str) -> tuple[BarChart, BarChart]:
    return sbom.components(_ctx(context), slug, version)


@register.simple_tag(takes_context=True)
def annex_i_progress_chart(context: Any) -> BarChart:
    return assessment.progress(_ctx(context))


@register.simple_tag(takes_context=True)
def annex_i_portfolio_chart(context: Any) -> HeatMap:
    return assessment.portfolio(_ctx(context))


@register.simple_tag(takes_context=True)
def risk_matrix_chart(context: Any, slug: str, version: str) -> HeatMap | None:
    return risk.matrix(_ctx(context), slug, version)


@register.simple_tag(takes_context=True)
def case_timeline_chart(context: Any, reference: str) -> Timeline:
    return reporting.case_timeline(_ctx(context), reference)


@register.simple_tag(takes_context=True)
def support_timeline_chart(context: Any) -> Timeline:
    return support.support_timeline(_ctx(context))


@register.simple_tag(takes_context=True)
def release_diff_chart(context: Any, slug: str, old: str, new: str) -> BarChart | None:
    if not old or not new:
        return None
    return diff.release_diff(_ctx(context), slug, old, new)


@register.filter
def percent_of(value: float, maximum: float) -> str:
    """``value`` as a share of ``maximum`` for a text alternative (``"40 %"``)."""
    return f"{round(100 * value / maximum)} %" if maximum else "0 %"
