"""Time zones in the browser: a Berlin user's awareness time, the profile, every time named."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from django.test import Client

from rempart.core.register import ProductDraft
from rempart.core.reporting.case import CaseDraft
from rempart.services.products import organization as organization_service
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.reporting import cases as reporting
from rempart.store.models import ReportingCase, UserProfile

PASSWORD = "correct horse battery staple"


@pytest.fixture
def berlin(organization, operator, typical_answers, make_user) -> Client:  # type: ignore[no-untyped-def]
    """A manufacturer established in Germany; erin chose no zone of her own."""
    organization_service.save_organization(operator, {"main_establishment_country": "DE"})
    products.create_product(
        operator,
        ProductDraft(
            name="Router",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "router", ReleaseDraft("1.0.0", date(2026, 1, 10)))
    make_user("erin", "editor")
    browser = Client()
    assert browser.login(username="erin", password=PASSWORD)
    return browser


def _case(operator) -> str:  # type: ignore[no-untyped-def]
    case = reporting.open_case(
        operator, CaseDraft(kind="vulnerability", title="Exploited RCE", products=("router",))
    )
    return case.reference


def test_a_berlin_user_confirms_awareness_in_local_time(berlin: Client, operator) -> None:  # type: ignore[no-untyped-def]
    """10:30 typed in Berlin is 09:30 UTC: the 24 h early warning is due 09:30 UTC next day."""
    reference = _case(operator)
    page = berlin.get(f"/cases/{reference}/").content.decode()
    # The zone beside the field (its offset today: +01:00 in winter, +02:00 in summer).
    assert re.search(r"In Europe/Berlin, UTC\+0[12]:00, or with an offset", page)
    answer = berlin.post(
        f"/cases/{reference}/confirm/",
        {"aware_at": "2026-11-20 10:30", "reason": "The CSIRT called us"},
    )
    assert answer.status_code == 302
    case = ReportingCase.objects.get(reference=reference)
    assert case.aware_at == datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    early = reporting.get_case(operator, reference).clocks[0]
    assert early.key == "early-warning"
    assert early.due_at == datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
    shown = berlin.get(f"/cases/{reference}/").content.decode()
    assert "2026-11-20 10:30 CET" in shown  # awareness, as typed, with its zone
    assert 'datetime="2026-11-21T09:30:00Z"' in shown
    assert "2026-11-21 10:30 CET" in shown  # the early warning's due time
    assert "times in <a" in shown
    assert "Europe/Berlin</a>" in shown


def test_an_explicit_offset_is_accepted(berlin: Client, operator) -> None:  # type: ignore[no-untyped-def]
    reference = _case(operator)
    berlin.post(
        f"/cases/{reference}/confirm/",
        {"aware_at": "2026-11-20T10:30+02:00", "reason": "Told by a partner"},
    )
    assert ReportingCase.objects.get(reference=reference).aware_at == datetime(
        2026, 11, 20, 8, 30, tzinfo=UTC
    )


def test_an_ambiguous_local_time_is_refused_with_the_offsets(berlin: Client, operator) -> None:  # type: ignore[no-untyped-def]
    reference = _case(operator)
    answer = berlin.post(
        f"/cases/{reference}/confirm/", {"aware_at": "2026-10-25 02:30", "reason": "Old"}
    )
    assert answer.status_code == 422
    assert "happened twice in Europe/Berlin" in answer.content.decode()
    assert ReportingCase.objects.get(reference=reference).aware_at is None


def test_the_profile_sets_a_persons_own_zone(berlin: Client, operator) -> None:  # type: ignore[no-untyped-def]
    page = berlin.get("/settings/profile/").content.decode()
    assert "Europe/Berlin</strong> (capital of DE Germany (Berlin))" in page
    saved = berlin.post("/settings/profile/", {"time_zone": "Europe/Lisbon"})
    assert saved.status_code == 302
    assert UserProfile.objects.get(user__username="erin").time_zone == "Europe/Lisbon"
    reference = _case(operator)
    berlin.post(
        f"/cases/{reference}/confirm/", {"aware_at": "2026-11-20 10:30", "reason": "Phone call"}
    )
    assert ReportingCase.objects.get(reference=reference).aware_at == datetime(
        2026, 11, 20, 10, 30, tzinfo=UTC
    )  # Lisbon is on UTC in winter
    assert "2026-11-20 10:30 WET" in berlin.get(f"/cases/{reference}/").content.decode()
    refused = berlin.post("/settings/profile/", {"time_zone": "Mars/Olympus"})
    assert refused.status_code == 422
    assert berlin.post("/settings/profile/", {"time_zone": ""}).status_code == 302
    assert UserProfile.objects.get(user__username="erin").time_zone == ""  # follows again


def test_the_organization_zone_applies_to_everyone_without_one(
    berlin: Client, operator, make_user
) -> None:  # type: ignore[no-untyped-def]
    make_user("ada", "admin")
    admin = Client()
    assert admin.login(username="ada", password=PASSWORD)
    saved = admin.post(
        "/settings/organization/",
        {
            "name": "Test Manufacturer SE",
            "main_establishment_country": "EL",
            "time_zone": "Europe/Helsinki",
        },
    )
    assert saved.status_code == 302
    page = berlin.get("/settings/profile/").content.decode()
    assert "Europe/Helsinki</strong> (the organization)" in page
    form = admin.get("/settings/organization/").content.decode()
    assert '<option value="EL" selected>EL Greece</option>' in form


def test_the_audit_trail_names_the_zone_of_every_time(berlin: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("audrey", "auditor")
    auditor = Client()
    assert auditor.login(username="audrey", password=PASSWORD)
    page = auditor.get("/audit/").content.decode()
    assert "When (UTC)" not in page
    assert "<time datetime=" in page
    assert " CET</time>" in page
