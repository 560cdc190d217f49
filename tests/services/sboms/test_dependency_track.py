"""Dependency-Track uploads: resolution by UUID or name, replacement with history, labels that
never collide (issue 17, item 5), strict mode by request or by organization policy."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from rempart.core.errors import FormatError, InvalidInput, NotFound
from rempart.core.register import ProductDraft
from rempart.services.products import organization as organization_service
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.sboms import dependency_track as dt
from rempart.services.sboms import release_sboms as sboms
from rempart.services.vulnerabilities import scanning
from rempart.store.models import AuditEvent, Release, Sbom

MINIKUBE = "sboms/cyclonedx/CycloneDX-cyclonedx-gomod/examples/app_minikube-v1.23.1.bom.json"
PROTON = "sboms/cyclonedx/CycloneDX-bom-examples/SBOM/proton-bridge/proton-bridge-v1.8.0.bom.json"
ASSETS = Path(__file__).resolve().parents[2] / "assets" / "sbom"


@pytest.fixture
def product(organization, operator, typical_answers) -> str:  # type: ignore[no-untyped-def]
    products.create_product(
        operator, ProductDraft(name="Gateway", scope_answers=typical_answers, support_months=60)
    )
    products.add_release(operator, "gateway", ReleaseDraft("1.0", date(2026, 1, 1)))
    return "gateway"


def _uuid(version: str = "1.0") -> str:
    return str(Release.objects.get(version=version).uuid)


def test_every_release_has_its_own_stable_uuid(product, operator) -> None:
    products.add_release(operator, product, ReleaseDraft("2.0", date(2026, 6, 1)))
    first, second = _uuid("1.0"), _uuid("2.0")
    assert first != second
    assert products.get_product(operator, product).releases[1].uuid in (first, second)
    Release.objects.filter(version="1.0").update(notes="changed")
    assert _uuid("1.0") == first


def test_upload_by_uuid_replaces_the_earlier_upload_and_keeps_it(
    product, operator, shared_data: Path
) -> None:
    first = dt.upload_bom(
        operator, dt.BomUpload(project=_uuid()), (shared_data / MINIKUBE).read_bytes()
    )
    second = dt.upload_bom(
        operator, dt.BomUpload(project=_uuid()), (shared_data / PROTON).read_bytes()
    )
    assert second.superseded == (first.sbom.id,)
    assert second.project_uuid == _uuid()
    listed = {view.id: view for view in sboms.list_sboms(operator, product, "1.0")}
    assert set(listed) == {first.sbom.id, second.sbom.id}  # history kept and listed
    assert not listed[first.sbom.id].current
    assert listed[first.sbom.id].superseded_by == second.sbom.id
    assert listed[second.sbom.id].current
    # the release's view is the last upload only, never a merge of both
    merged = sboms.merged_release(operator, product, "1.0")
    assert len(merged.components) == second.sbom.component_count + 1  # + its described root
    event = AuditEvent.objects.filter(action="sbom.import").order_by("pk").last()
    assert event is not None
    assert event.data["supersedes"] == [first.sbom.id]


def test_other_uploads_are_not_replaced(product, operator, shared_data: Path) -> None:
    manual = sboms.import_sbom(
        operator, product, "1.0", (shared_data / MINIKUBE).read_bytes(), label="firmware"
    )
    upload = dt.upload_bom(
        operator, dt.BomUpload(project=_uuid()), (shared_data / PROTON).read_bytes()
    )
    assert upload.superseded == ()
    assert all(view.current for view in sboms.list_sboms(operator, product, "1.0"))
    assert {manual.id, upload.sbom.id} == set(Sbom.objects.values_list("pk", flat=True))


def test_scans_see_only_the_current_sbom(product, operator, shared_data: Path) -> None:
    dt.upload_bom(operator, dt.BomUpload(project=_uuid()), (shared_data / MINIKUBE).read_bytes())
    last = dt.upload_bom(
        operator, dt.BomUpload(project=_uuid()), (shared_data / PROTON).read_bytes()
    )
    page_total, _rows = sboms.component_page(operator, product, "1.0", per_page=1)
    assert page_total == last.sbom.component_count
    result = scanning.scan_release(operator, product, "1.0", "test")
    assert result.components == last.sbom.component_count


def test_labels_never_collide_even_after_a_deletion(product, operator, shared_data: Path) -> None:
    data = (shared_data / MINIKUBE).read_bytes()
    labels = []
    for _ in range(3):
        receipt = dt.upload_bom(operator, dt.BomUpload(project=_uuid()), data)
        labels.append(receipt.sbom.label)
    sboms.remove_sbom(operator, receipt.sbom.id)  # the newest one
    again = dt.upload_bom(operator, dt.BomUpload(project=_uuid()), data)
    labels.append(again.sbom.label)
    assert labels == [f"dependency-track upload {n}" for n in (1, 2, 3, 4)]
    # the SBOMs the deleted one had replaced stay superseded: nothing comes back silently
    assert [v.id for v in sboms.list_sboms(operator, product, "1.0") if v.current] == [
        again.sbom.id
    ]


def test_resolution_by_name_slug_and_auto_create(product, operator, shared_data: Path) -> None:
    data = (shared_data / MINIKUBE).read_bytes()
    by_name = dt.upload_bom(operator, dt.BomUpload(None, "GATEWAY", "1.0"), data)
    assert (by_name.sbom.product_slug, by_name.sbom.release_version) == (product, "1.0")
    with pytest.raises(NotFound):
        dt.upload_bom(operator, dt.BomUpload(None, "gateway", "9.9"), data)
    created = dt.upload_bom(operator, dt.BomUpload(None, "gateway", "9.9", auto_create=True), data)
    assert created.sbom.release_version == "9.9"
    with pytest.raises(NotFound, match="register it first"):
        dt.upload_bom(operator, dt.BomUpload(None, "Unknown", "1", auto_create=True), data)
    with pytest.raises(InvalidInput):
        dt.upload_bom(operator, dt.BomUpload(project="not-a-uuid"), data)
    with pytest.raises(NotFound, match="UUID"):
        dt.upload_bom(operator, dt.BomUpload(project="0" * 8 + "-0000-4000-8000-" + "0" * 12), data)


def test_strict_by_request_and_by_organization_policy(product, operator) -> None:
    data = (ASSETS / "git-ssh-urls.cdx.json").read_bytes()
    lenient = dt.upload_bom(operator, dt.BomUpload(project=_uuid()), data)
    assert any("git@github.com" in w for w in lenient.sbom.warnings)
    assert lenient.sbom.quality["defects"]["SBOM-SCHEMA"] == 4
    with pytest.raises(FormatError, match="strict mode"):
        dt.upload_bom(operator, dt.BomUpload(project=_uuid()), data, strict=True)
    organization_service.set_sbom_strict_schema(operator, True)
    with pytest.raises(FormatError, match="strict mode"):
        sboms.import_sbom(operator, product, "1.0", data, label="web")
    assert Sbom.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_uploads_all_succeed(
    organization, operator, typical_answers, shared_data: Path
) -> None:
    """Concurrent service calls, each on its own database connection (PostgreSQL)."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite serializes them by design")
    products.create_product(
        operator, ProductDraft(name="Gateway", scope_answers=typical_answers, support_months=60)
    )
    products.add_release(operator, "gateway", ReleaseDraft("1.0", date(2026, 1, 1)))
    project = _uuid()
    data = (shared_data / MINIKUBE).read_bytes()
    failures: list[BaseException] = []
    barrier = threading.Barrier(20)

    def upload() -> None:
        try:
            barrier.wait()
            dt.upload_bom(operator, dt.BomUpload(project=project), data)
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    labels = sorted(Sbom.objects.values_list("label", flat=True))
    assert labels == sorted(f"dependency-track upload {n}" for n in range(1, 21))
    assert Sbom.objects.filter(superseded_at__isnull=True).count() == 1
