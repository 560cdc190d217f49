"""The one document renderer: autoescaped HTML, strict fields, PDFs that fetch bundled assets only."""

from __future__ import annotations

import jinja2
import pypdfium2 as pdfium
import pytest

from rempart.formats.render import asset_text, html_to_pdf, render_html


def test_html_is_escaped_and_a_missing_field_fails() -> None:
    assert render_html("<p>{{ x }}</p>", x="<b>") == "<p>&lt;b&gt;</p>"
    with pytest.raises(jinja2.UndefinedError):
        render_html("<p>{{ missing }}</p>")


def test_bundled_stylesheet_is_used_and_local_files_are_never_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    html = (
        '<html><head><link rel="stylesheet" href="asset:print.css"></head><body>'
        f'<h1>Title</h1><img src="file://{secret}"><iframe src="file://{secret}"></iframe>'
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"></body></html>'
    )
    pdf = pdfium.PdfDocument(html_to_pdf(html))
    text = pdf[0].get_textpage().get_text_range()
    assert "Title" in text
    assert "TOP-SECRET" not in text
    assert "@page" in asset_text("print.css")


def test_asset_names_cannot_leave_the_asset_folder() -> None:
    with pytest.raises(ValueError, match="not a bundled asset"):
        asset_text("../render.py")
