"""Gap report and readiness per product, and the portfolio across products (services layer).

The gap report is one JSON-ready dictionary (schema ``rempart.gap-report/1``, documented in
docs/assessment.md); the HTML and PDF exports render that same dictionary, so the three
exports never disagree.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from rempart.core.clock import iso
from rempart.core.cra.assessment import (
    READINESS_RULE,
    ActionStatus,
    Readiness,
    RequirementStatus,
    annex_i_requirements,
    applicable_deadlines,
    readiness,
    record_link,
)
from rempart.core.errors import InvalidInput
from rempart.core.links import PageRef
from rempart.core.product import Product
from rempart.formats import gap_report_document
from rempart.services.accounts.authz import Action, require
from rempart.services.assessment import annex_i as assessments
from rempart.services.context import ServiceContext
from rempart.services.products import register as products
from rempart.services.reporting import cases as reporting_cases
from rempart.store.repositories import assessments as repo
from rempart.store.repositories import urgent_findings

SCHEMA = "rempart.gap-report/1"


def readiness_dict(figure: Readiness) -> dict[str, Any]:
    return {
        "percent": figure.percent,
        "met": figure.met,
        "not_met": figure.not_met,
        "in_progress": figure.in_progress,
        "not_started": figure.not_started,
        "not_applicable": figure.not_applicable,
        "applicable": figure.applicable,
        "explanation": figure.explanation,
        "rule": READINESS_RULE,
    }


def _path(ctx: ServiceContext, ref: PageRef | None) -> str | None:
    return ctx.page_path(ref) if ref else None


def deadlines(ctx: ServiceContext) -> list[dict[str, Any]]:
    return [
        {"id": d.date_id, "date": d.on.isoformat(), "what": d.what}
        for d in applicable_deadlines(ctx.catalog)
    ]


def _utc(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def vulnerability_handling(ctx: ServiceContext, slug: str) -> dict[str, Any]:
    """Open exploited or critical findings and open Art. 14 cases, read beside Annex I Part II."""
    findings, total = urgent_findings.open_exploited_or_critical(slug)
    cases = []
    for state in reporting_cases.list_cases(ctx, product_slug=slug):
        case = state.case
        nxt = state.next
        cases.append(
            {
                "reference": case.reference,
                "kind": case.kind,
                "status": case.status,
                "title": case.title,
                "vulnerability_id": case.vulnerability_id or None,
                "releases": [v for s, v in case.releases if s == slug],
                "next_due": {
                    "stage": nxt.key,
                    "label": nxt.label,
                    "due_at": _utc(nxt.due_at),
                    "state": nxt.state.value,
                    "citation": nxt.citations[0] if nxt.citations else None,
                }
                if nxt
                else None,
            }
        )
    return {
        "findings_total": total,
        "findings": [
            {
                "id": f.id,
                "release": f.release_version,
                "vulnerability_id": f.vulnerability_id,
                "component": f.component,
                "severity": f.severity,
                "known_exploited": f.known_exploited,
            }
            for f in findings
        ],
        "cases": cases,
        "citations": [
            {"id": c.id, "label": c.label()}
            for c in ctx.catalog.citations(["AI-P2-2", "ART14-1", "ART14-3"])
        ],
    }


def gap_report(ctx: ServiceContext, slug: str) -> dict[str, Any]:
    require(ctx, Action.READ)
    view = assessments.get_assessment(ctx, slug)
    product = products.get_product(ctx, slug)
    current = product.latest_release()
    today = ctx.clock.now().date()
    rows = []
    for r in view.requirements:
        entry = r.entry
        rows.append(
            {
                "id": r.requirement.id,
                "part": r.requirement.part,
                "ref": r.requirement.ref,
                "summary": r.requirement.summary,
                "applicable": r.applicable,
                "justification": entry.justification if entry else "",
                "status": r.status.value,
                "how_met": entry.how_met if entry else "",
                "links": list(entry.links) if entry else [],
                "owner": entry.owner if entry else None,
                "reviewed_on": entry.reviewed_on.isoformat()
                if entry and entry.reviewed_on
                else None,
                "reviewer": entry.reviewer if entry else None,
                "evidence": [
                    {
                        "id": e.id,
                        "kind": e.kind,
                        "title": e.title,
                        "file_name": e.file_name or None,
                        "sha256": e.sha256 or None,
                        "size": e.size,
                        "media_type": e.media_type or None,
                        "url": e.url or None,
                        "record": e.record or None,
                        "record_link": _path(ctx, record_link(e.record) if e.record else None),
                    }
                    for e in r.evidence
                ],
                "automatic": [
                    {
                        "key": a.key,
                        "title": a.title,
                        "state": a.state.value,
                        "detail": a.detail,
                        "link": _path(ctx, a.link),
                    }
                    for a in r.automatic
                ],
            }
        )
    actions = [
        {
            "id": a.id,
            "title": a.title,
            "requirement": a.requirement_id or None,
            "owner": a.owner,
            "due_on": a.due_on.isoformat() if a.due_on else None,
            "status": a.status,
            "overdue": bool(a.status == ActionStatus.OPEN and a.due_on and a.due_on < today),
        }
        for a in repo.actions(product.id)
        if a.status == ActionStatus.OPEN
    ]
    return {
        "schema": SCHEMA,
        "generated_at": iso(ctx.clock.now()),
        "catalog_version": ctx.catalog.version,
        "product": {
            "slug": product.slug,
            "name": product.name,
            "current_release": current.version if current else None,
        },
        "readiness": readiness_dict(view.readiness),
        "deadlines": deadlines(ctx),
        "gaps": [
            row["id"]
            for row in rows
            if row["applicable"] and row["status"] != RequirementStatus.MET.value
        ],
        "requirements": rows,
        "other_evidence": [
            {
                "key": a.key,
                "requirement_ids": list(a.requirement_ids),
                "title": a.title,
                "state": a.state.value,
                "detail": a.detail,
                "link": _path(ctx, a.link),
            }
            for a in view.other_evidence
        ],
        "open_actions": actions,
        "vulnerability_handling": vulnerability_handling(ctx, slug),
    }


def portfolio(ctx: ServiceContext, items: list[Product] | None = None) -> dict[str, Any]:
    """Readiness of every product (``items``: the products already read), with the rule and
    the applicable dates."""
    require(ctx, Action.READ)
    items = products.list_products(ctx) if items is None else items
    ids = [r.id for r in annex_i_requirements(ctx.catalog)]
    entries = repo.entries_of([p.id for p in items])
    open_actions: dict[str, int] = {}
    for action in repo.actions(only_open=True):
        open_actions[action.product_slug] = open_actions.get(action.product_slug, 0) + 1
    rows = []
    for product in items:
        figure = readiness(
            ids,
            {k: (a, RequirementStatus(s)) for k, (a, s) in entries.get(product.id, {}).items()},
        )
        rows.append(
            {
                "slug": product.slug,
                "name": product.name,
                "readiness": readiness_dict(figure),
                "open_actions": open_actions.get(product.slug, 0),
            }
        )
    return {
        "schema": "rempart.portfolio/1",
        "generated_at": iso(ctx.clock.now()),
        "rule": READINESS_RULE,
        "deadlines": deadlines(ctx),
        "products": rows,
    }


def export(ctx: ServiceContext, slug: str, fmt: str) -> tuple[bytes, str, str]:
    """The gap report as ``json``, ``html`` or ``pdf``: (bytes, media type, file name)."""
    report = gap_report(ctx, slug)
    name = f"{slug}-annex-i-gap-report"
    if fmt == "json":
        data = json.dumps(report, indent=2, ensure_ascii=False).encode()
        return data, "application/json", f"{name}.json"
    if fmt == "html":
        return gap_report_document.render_html(report).encode(), "text/html", f"{name}.html"
    if fmt == "pdf":
        html = gap_report_document.render_html(report)
        return gap_report_document.render_pdf(html), "application/pdf", f"{name}.pdf"
    raise InvalidInput.single("format", f"{fmt!r}: use json, html or pdf")
