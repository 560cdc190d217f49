"""The worker proposes Art. 14 cases from KEV-listed findings on its own schedule."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from rempart.core.register import ProductDraft
from rempart.core.schedule import SCHEDULE, slot
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.sboms import release_sboms as sboms
from rempart.services.vulnerabilities import feeds, scanning
from rempart.store.models import ReportingCase

FIRMWARE = (
    Path(__file__).parents[2]
    / "src/rempart/demo_data/sboms/gridlink-gateway-firmware-3.0.0.cdx.json"
)
RUST = "advisories/osv/rustsec-advisory-db-osv-2016-2025.tar.gz"
KEV = "advisories/kev/known_exploited_vulnerabilities.json"


def test_case_proposals_are_looked_for_every_five_minutes() -> None:
    job = next(job for job in SCHEDULE if job.name == "propose-cases")
    assert slot(job, datetime(2026, 11, 23, 10, 9, tzinfo=UTC)) == "2026-11-23T10:05"


def test_the_task_proposes_a_case_for_a_kev_finding_once(
    organization, operator, typical_answers, shared_data: Path
) -> None:
    from rempart.jobs.tasks import TASKS

    products.create_product(
        operator,
        ProductDraft(
            name="Gateway",
            scope_answers=typical_answers,
            support_months=120,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "gateway", ReleaseDraft("3.0.0", date(2026, 2, 1)))
    sboms.import_sbom(operator, "gateway", "3.0.0", FIRMWARE.read_bytes(), label="firmware")
    feeds.import_file(operator, shared_data / RUST)
    feeds.import_file(operator, shared_data / KEV)
    scanning.scan_release(operator, "gateway", "3.0.0")

    first = TASKS["propose-cases"].call()
    assert len(first["created"]) == 1
    assert TASKS["propose-cases"].call() == {"created": [], "extended": []}
    case = ReportingCase.objects.get()
    assert (case.status, case.vulnerability_id, case.source) == (
        "proposed",
        "CVE-2023-4863",
        "kev-finding",
    )
