"""The Dependency-Track compatible API driven with the request shapes of the real clients.

- the official GitHub Action ``DependencyTrack/gh-upload-sbom`` (``index.js``): ``PUT
  /api/v1/bom`` with JSON; ``{"project": uuid, "bom": base64}`` by default, or
  ``projectName``/``projectVersion``/``autoCreate`` with ``projectTags`` as objects and
  ``isLatestProjectVersion`` as text; header ``X-API-Key``;
- the Jenkins plugin ``jenkinsci/dependency-track-plugin`` (``api/ApiClient.java``): ``POST
  /api/v1/bom`` multipart with ``bom`` as a plain text part (``addFormDataPart("bom", bom)``),
  ``project`` or ``projectName``/``projectVersion``/``autoCreate``; polls
  ``/api/v1/event/token/{uuid}``; reads ``/api/version``, ``/api/v1/project/lookup``;
- ``owasp-dependency-track-client`` from PyPI, pointed at a live test server.

Each test uploads twice and checks that the release's current SBOM is the last one.
"""

from __future__ import annotations

import base64
import json
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from django.test import Client
from owasp_dt import AuthenticatedClient
from owasp_dt import Client as AnonymousClient
from owasp_dt.api.bom import upload_bom
from owasp_dt.api.event import is_token_being_processed_1
from owasp_dt.api.version import get_version
from owasp_dt.models.upload_bom_body import UploadBomBody
from owasp_dt.types import File

from rempart.core.register import ProductDraft
from rempart.services.accounts import users as accounts
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.store.models import Release, Sbom

MINIKUBE = "sboms/cyclonedx/CycloneDX-cyclonedx-gomod/examples/app_minikube-v1.23.1.bom.json"
PROTON = "sboms/cyclonedx/CycloneDX-bom-examples/SBOM/proton-bridge/proton-bridge-v1.8.0.bom.json"
ALPINE = "sboms/cyclonedx/guacsec-guac-data/syft-cyclonedx-docker.io-library-alpine.latest.json"


@pytest.fixture
def secret(organization, operator, make_user, typical_answers) -> str:  # type: ignore[no-untyped-def]
    make_user("ci", "editor")
    products.create_product(
        operator,
        ProductDraft(name="Edge Gateway", scope_answers=typical_answers, support_months=60),
    )
    products.add_release(operator, "edge-gateway", ReleaseDraft("2.1", date(2026, 3, 1)))
    return accounts.create_token(operator, "ci", ["read", "write"], username="ci").secret


def _project() -> str:
    return str(Release.objects.get(version="2.1").uuid)


def _current(version: str = "2.1") -> Sbom:
    return Sbom.objects.get(release__version=version, superseded_at__isnull=True)


def test_github_action_shape(secret, client: Client, shared_data: Path) -> None:
    """gh-upload-sbom: PUT JSON, `project` UUID mode, then name mode with its extra fields."""
    first = {"project": _project(), "bom": _b64(shared_data / MINIKUBE)}
    response = client.put(
        "/api/v1/bom", json.dumps(first), content_type="application/json", HTTP_X_API_KEY=secret
    )
    assert response.status_code == 200, response.content
    assert response.json()["projectUuid"] == _project()
    second = {
        "projectName": "Edge Gateway",
        "projectVersion": "2.1",
        "autoCreate": True,
        "bom": _b64(shared_data / PROTON),
        "projectTags": [{"name": "ci"}, {"name": "firmware"}],
        "parentName": "Platform",
        "parentVersion": "1",
        "isLatestProjectVersion": "true",
    }
    response = client.put(
        "/api/v1/bom", json.dumps(second), content_type="application/json", HTTP_X_API_KEY=secret
    )
    assert response.status_code == 200, response.content
    assert _current().sha256 == _sha256(shared_data / PROTON)
    assert Sbom.objects.filter(superseded_at__isnull=False).count() == 1


def test_jenkins_plugin_shape(secret, client: Client, shared_data: Path) -> None:
    """Jenkins plugin: multipart POST with `bom` as a text field; polls the event token."""
    version = client.get("/api/version", HTTP_X_API_KEY=secret)
    assert version.status_code == 200
    assert version.json()["version"].startswith("4.")
    lookup = client.get(
        "/api/v1/project/lookup", {"name": "Edge Gateway", "version": "2.1"}, HTTP_X_API_KEY=secret
    )
    assert lookup.json()["uuid"] == _project()
    for path in (MINIKUBE, PROTON):
        response = client.post(
            "/api/v1/bom",
            {"bom": (shared_data / path).read_text(encoding="utf-8"), "project": _project()},
            HTTP_X_API_KEY=secret,
        )
        assert response.status_code == 200, response.content
        token = response.json()["token"]
        polled = client.get(f"/api/v1/event/token/{token}", HTTP_X_API_KEY=secret)
        assert polled.json() == {"processing": False, "status": "COMPLETED"}
    name_mode = client.post(
        "/api/v1/bom",
        {
            "bom": (shared_data / ALPINE).read_text(encoding="utf-8"),
            "projectName": "Edge Gateway",
            "projectVersion": "2.1",
            "autoCreate": "false",
            "isLatest": "true",
        },
        HTTP_X_API_KEY=secret,
    )
    assert name_mode.status_code == 200, name_mode.content
    assert _current().sha256 == _sha256(shared_data / ALPINE)
    assert Sbom.objects.count() == 3
    projects = client.get("/api/v1/project", HTTP_X_API_KEY=secret).json()
    assert [(p["name"], p["version"]) for p in projects] == [("Edge Gateway", "2.1")]


@pytest.mark.django_db(transaction=True)
def test_owasp_dependency_track_client(live_server, secret, shared_data: Path) -> None:
    """The PyPI client, unchanged, against a live server: version, upload twice, poll."""
    base = f"{live_server.url}/api"
    about = get_version.sync(client=AnonymousClient(base_url=base))
    assert about is not None
    assert about.version.startswith("4.")
    client = AuthenticatedClient(
        base_url=base, token=secret, prefix="", auth_header_name="X-Api-Key"
    )
    tokens = []
    for path in (MINIKUBE, PROTON):
        body = UploadBomBody(
            project_name="Edge Gateway",
            project_version="2.2",
            auto_create=True,
            bom=File(payload=BytesIO((shared_data / path).read_bytes()), file_name="bom.json"),
        )
        response = upload_bom.sync_detailed(client=client, body=body)
        assert response.status_code == 200, response.content
        assert response.parsed is not None
        tokens.append(response.parsed.token)
    status = is_token_being_processed_1.sync(uuid=tokens[-1], client=client)
    assert status is not None
    assert status.processing is False
    assert _current("2.2").sha256 == _sha256(shared_data / PROTON)


def test_read_only_admin_token_is_refused_as_read_only(
    organization, operator, make_user, typical_answers, client: Client, shared_data: Path
) -> None:
    make_user("root", "admin")
    products.create_product(
        operator,
        ProductDraft(name="Edge Gateway", scope_answers=typical_answers, support_months=60),
    )
    products.add_release(operator, "edge-gateway", ReleaseDraft("2.1", date(2026, 3, 1)))
    read_only = accounts.create_token(operator, "ro", ["read"], username="root").secret
    response = client.put(
        "/api/v1/bom",
        json.dumps({"project": _project(), "bom": _b64(shared_data / MINIKUBE)}),
        content_type="application/json",
        HTTP_X_API_KEY=read_only,
    )
    assert response.status_code == 403
    assert "token is read-only" in response.json()["detail"]
    assert Sbom.objects.count() == 0


def test_strict_query_parameter_and_missing_bom(secret, client: Client) -> None:
    lenient_only = Path(__file__).parents[1] / "assets" / "sbom" / "git-ssh-urls.cdx.json"
    payload = json.dumps({"project": _project(), "bom": _b64(lenient_only)})
    strict = client.put(
        "/api/v1/bom?strict=true", payload, content_type="application/json", HTTP_X_API_KEY=secret
    )
    assert strict.status_code == 422
    assert "strict mode" in strict.json()["detail"]
    lenient = client.put(
        "/api/v1/bom", payload, content_type="application/json", HTTP_X_API_KEY=secret
    )
    assert lenient.status_code == 200
    missing = client.post("/api/v1/bom", {"project": _project()}, HTTP_X_API_KEY=secret)
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "bom"
    unknown = client.get(
        "/api/v1/event/token/00000000-0000-4000-8000-000000000000", HTTP_X_API_KEY=secret
    )
    assert unknown.status_code == 404


def _b64(path: Path) -> str:
    return base64.b64encode(path.read_bytes()).decode()


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
