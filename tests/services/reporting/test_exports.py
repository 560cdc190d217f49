"""Report exports as a reader sees them: times in their zone with the offset, each citation
once, the affected releases listed (issue 18 item 3). The PDF is rasterised and read back."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pypdfium2
import pytest

from rempart.core.register import ProductDraft
from rempart.core.reporting.case import CaseDraft, ReleaseRef
from rempart.services.products import organization as organization_service
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.reporting import cases as reporting
from rempart.services.reporting import reports

AWARE = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)  # 10:30 in Berlin
SCALE = 2.0


@pytest.fixture
def case(organization, operator, typical_answers) -> str:  # type: ignore[no-untyped-def]
    organization_service.save_organization(operator, {"main_establishment_country": "DE"})
    products.create_product(
        operator,
        ProductDraft(
            name="Nimbus Router",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable routers.",
        ),
    )
    products.add_release(operator, "nimbus-router", ReleaseDraft("1.8.2", date(2026, 1, 10)))
    opened = reporting.open_case(
        operator,
        CaseDraft(
            kind="vulnerability",
            title="Exploited RCE",
            products=("nimbus-router",),
            vulnerability_id="CVE-2026-0001",
            releases=(ReleaseRef("nimbus-router", "1.8.2"),),
            aware_at=AWARE,
            aware_reason="The CSIRT called us",
            detected_at=AWARE,
        ),
    )
    return opened.reference


def _printed(pdf: bytes, text: str) -> int:
    """How often ``text`` is on page 1, checking each occurrence is really drawn there."""
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=SCALE).to_pil().convert("L")
    height = page.get_height()
    textpage = page.get_textpage()
    searcher = textpage.search(text, match_case=True)
    found = 0
    while (occurrence := searcher.get_next()) is not None:
        start, length = occurrence
        boxes = [textpage.get_charbox(start + i) for i in range(length)]
        left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
        bottom, top = min(b[1] for b in boxes), max(b[3] for b in boxes)
        crop = image.crop(
            (int(left * SCALE), int((height - top) * SCALE),
             int(right * SCALE) + 1, int((height - bottom) * SCALE) + 1)
        )  # fmt: skip
        # Ink where the text layer says the words are: dark pixels on the white page.
        assert crop.getextrema()[0] < 100, f"{text!r} is in the text layer but not drawn"
        found += 1
    return found


def test_the_early_warning_pdf_shows_local_times_the_release_and_one_citation(
    case: str, operator
) -> None:  # type: ignore[no-untyped-def]
    pdf = reports.export_stage(
        operator, case, "early-warning", "pdf", time_zone="Europe/Berlin"
    ).content
    assert _printed(pdf, "2026-11-20T10:30:00+01:00") == 1  # became aware, zone-qualified
    assert _printed(pdf, "2026-11-21T10:30:00+01:00") == 1  # due: 24 h later
    assert _printed(pdf, "Times in Europe/Berlin") == 1
    assert _printed(pdf, "Nimbus Router 1.8.2") == 1  # the affected release, by name
    assert _printed(pdf, "Art. 14(2)(a)") == 1  # the rule and its paragraph: one citation
    assert _printed(pdf, "09:30:00Z") == 0  # no raw UTC


def test_the_json_export_has_offsets_and_no_microseconds(case: str, operator) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(
        reports.export_stage(
            operator, case, "early-warning", "json", time_zone="Europe/Berlin"
        ).content
    )
    assert document["time_zone"] == "Europe/Berlin"
    assert document["aware_at"] == "2026-11-20T10:30:00+01:00"
    assert document["stage"]["due_at"] == "2026-11-21T10:30:00+01:00"
    assert document["generated_at"] == "2026-11-23T10:00:00+01:00"  # the operator's clock
    assert document["stage"]["citations"] == ["Art. 14(2)(a) [ART14-2a, RPT-AEV-EW]"]
    assert document["releases"] == [
        {"product": "nimbus-router", "product_name": "Nimbus Router", "version": "1.8.2",
         "end_of_support": "2031-01-10", "support_ended": False},
    ]  # fmt: skip


def test_the_html_export_names_the_zone(case: str, operator) -> None:  # type: ignore[no-untyped-def]
    html = reports.export_stage(
        operator, case, "early-warning", "html", time_zone="America/New_York"
    ).content.decode()
    assert "2026-11-20T04:30:00-05:00" in html
    assert "Times in America/New_York" in html
    assert html.count("Art. 14(2)(a)") == 1


def test_an_unknown_zone_is_refused(case: str, operator) -> None:  # type: ignore[no-untyped-def]
    from rempart.core.errors import InvalidInput

    with pytest.raises(InvalidInput, match="unknown time zone"):
        reports.export_stage(operator, case, "early-warning", "pdf", time_zone="Nowhere/City")
