"""``/api/v1/vulnerability-reports/{reference}/case``: roles, one case per report."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from django.test import Client

from rempart.core.clock import FixedClock
from rempart.core.disclosure import form_token
from rempart.core.disclosure.reports import Submission
from rempart.core.register import ProductDraft
from rempart.services.accounts import users as accounts
from rempart.services.context import Actor, ServiceContext
from rempart.services.disclosure import settings as disclosure
from rempart.services.disclosure import vulnerability_reports
from rempart.services.products import register as products
from rempart.store.models import ReportingCase


def call(client: Client, method: str, path: str, secret: str, body: Any = None) -> Any:
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(
        path, data=data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )


def test_open_case_from_report(organization, operator, typical_answers, make_user) -> None:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Nimbus Router",
            scope_answers=typical_answers,
            support_months=96,
            support_justification="Expected use time of comparable products.",
        ),
    )
    disclosure.save_settings(
        ServiceContext(Actor.operator("tester")), {"contacts": ["mailto:psirt@test.example"]}
    )
    token = form_token.issue(b"k", "api1", datetime.now(tz=UTC) - timedelta(seconds=10))
    public = ServiceContext(Actor("public:anonymous", "public"), FixedClock(datetime.now(tz=UTC)))
    reference = vulnerability_reports.submit_report(
        public,
        Submission("nimbus-router", "Exploited RCE", "details"),
        token=token,
        secret=b"k",
        client="127.0.0.1",
        channel="api",
    ).reference
    make_user("vic", "viewer")
    viewer = accounts.create_token(operator, "v", ["read"], username="vic").secret
    make_user("erin", "editor")
    editor = accounts.create_token(operator, "e", ["read", "write"], username="erin").secret
    client = Client()
    base = f"/api/v1/vulnerability-reports/{reference}"

    assert (
        call(client, "post", f"{base}/case", viewer, {"kind": "vulnerability"}).status_code == 403
    )
    created = call(client, "post", f"{base}/case", editor, {"kind": "vulnerability"})
    assert created.status_code == 201
    case = ReportingCase.objects.get()
    assert created.json() == {"report": reference, "cases": [case.reference]}
    again = call(client, "post", f"{base}/case", editor, {"kind": "vulnerability"})
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"
    assert call(client, "get", f"{base}/cases", viewer).json()["cases"] == [case.reference]
    bad_kind = call(client, "post", "/api/v1/vulnerability-reports/VR-0000-0000-0000/case", editor)
    assert bad_kind.status_code in {404, 422}
    assert ReportingCase.objects.count() == 1
