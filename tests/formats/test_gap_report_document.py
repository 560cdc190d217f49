"""The gap report document: escaped HTML, and a PDF that fetches nothing from disk or network."""

from __future__ import annotations

from pathlib import Path

import pytest

from rempart.formats.gap_report_document import render_html, render_pdf


def _report(name: str) -> dict[str, object]:
    return {
        "generated_at": "2026-11-23T09:00:00+00:00",
        "catalog_version": "test",
        "product": {"slug": "x", "name": name, "current_release": None},
        "readiness": {
            "percent": 0,
            "met": 0,
            "not_met": 0,
            "in_progress": 0,
            "not_started": 1,
            "not_applicable": 0,
            "applicable": 1,
            "explanation": "0 met ÷ 1 applicable = 0 %",
            "rule": "readiness = met ÷ applicable",
        },
        "deadlines": [],
        "gaps": ["AI-P1-1"],
        "requirements": [],
        "other_evidence": [],
        "open_actions": [],
        "vulnerability_handling": {
            "findings_total": 0,
            "findings": [],
            "cases": [],
            "citations": [],
        },
    }


def test_html_is_escaped() -> None:
    html = render_html(_report('<script>alert(1)</script><link rel="stylesheet" href="x">'))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<link rel="stylesheet" href="x">' not in html


def test_pdf_never_reads_local_files(tmp_path: Path) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    css = tmp_path / "evil.css"
    css.write_text("html, body { background: #ff0000 !important; }")
    html = render_html(_report("Router")).replace(
        "</head>", f'<link rel="stylesheet" href="file://{css}"></head>'
    )
    page = pdfium.PdfDocument(render_pdf(html))[0]
    image = page.render(scale=0.5).to_pil().convert("RGB")
    colours = {colour: count for count, colour in image.getcolors(10**6) or []}
    # WeasyPrint's default fetcher would paint most of the page red from the local file.
    assert (255, 0, 0) not in colours
