"""The advisory sources page: roles, upload (plain and htmx), the polled job fragment."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rempart.services.vulnerabilities import advisory_jobs
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.database

OSV = REPO_ROOT / "src" / "rempart" / "demo_data" / "advisories" / "osv-sample.json"


def _client(make_user, name: str, role: str) -> Client:  # type: ignore[no-untyped-def]
    make_user(name, role)
    browser = Client()
    browser.login(username=name, password="correct horse battery staple")
    return browser


def test_a_viewer_sees_what_is_loaded_without_the_actions(organization, make_user) -> None:
    viewer = _client(make_user, "vic", "viewer")
    page = viewer.get("/advisory-sources/")
    assert page.status_code == 200
    assert b'id="no-sources"' in page.content
    assert b'id="import-button"' not in page.content
    assert b'id="sync-button"' not in page.content
    upload = SimpleUploadedFile("osv.json", OSV.read_bytes())
    assert viewer.post("/advisory-sources/import/", {"file": upload}).status_code == 403
    assert viewer.post("/advisory-sources/sync/").status_code == 403


def test_upload_queues_a_job_that_the_page_polls_until_loaded(
    organization, operator, make_user
) -> None:
    admin = _client(make_user, "ada", "admin")
    assert b'id="import-button"' in admin.get("/advisory-sources/").content
    answer = admin.post(
        "/advisory-sources/import/",
        {"file": SimpleUploadedFile("osv-sample.json", OSV.read_bytes())},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    text = answer.content.decode()
    job_id = int(re.search(r'id="job-(\d+)"', text).group(1))  # type: ignore[union-attr]
    assert 'data-status="pending"' in text
    assert f'hx-get="/advisory-sources/jobs/{job_id}/"' in text  # polled while it runs
    assert 'hx-trigger="every 2s"' in text

    advisory_jobs.run_pending(operator, "test-worker")  # what the worker's task does

    status = admin.get(f"/advisory-sources/jobs/{job_id}/").content.decode()
    assert 'data-status="done"' in status
    assert "hx-trigger" not in status  # finished: no more polling
    assert 'hx-swap-oob="true"' in status  # and the sources table comes up to date
    assert 'data-source="osv:osv-sample.json"' in status
    assert 'data-source="osv:osv-sample.json"' in admin.get("/advisory-sources/").content.decode()


def test_plain_upload_redirects_and_refusals_show_the_reason(organization, make_user) -> None:
    editor = _client(make_user, "eve", "editor")
    plain = editor.post("/advisory-sources/import/", {"file": SimpleUploadedFile("a.json", b"{}")})
    assert plain.status_code == 302
    assert "?job=" in plain["Location"]
    empty = editor.post(
        "/advisory-sources/import/",
        {"file": SimpleUploadedFile("a.json", b"")},
        headers={"HX-Request": "true"},
    )
    assert empty.status_code == 422
    assert b"Not imported" in empty.content
    synced = editor.post("/advisory-sources/sync/", headers={"HX-Request": "true"})
    assert b"Feed sync" in synced.content
