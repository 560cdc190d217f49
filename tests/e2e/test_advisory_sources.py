"""In a real browser: upload an advisory file, watch its job until the source shows as loaded."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import REPO_ROOT
from tests.e2e.test_product_wizard import PASSWORD

OSV = REPO_ROOT / "src" / "rempart" / "demo_data" / "advisories" / "osv-sample.json"


@pytest.fixture
def admin(organization, make_user) -> str:  # type: ignore[no-untyped-def]
    make_user("ada", "admin")
    return "ada"


def test_upload_a_file_and_see_it_loaded(
    live_server, service_settings, admin, page: Page, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from rempart.jobs.tasks import run_advisory_jobs

    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", admin)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/vulnerabilities/")
    page.click("#advisory-sources-link")
    expect(page.locator("h1")).to_have_text("Advisory sources")
    expect(page.locator("#no-sources")).to_be_visible()

    page.set_input_files("input[name=file]", str(OSV))
    page.click("#import-button")
    job = page.locator("#job-list .job").first
    expect(job).to_have_attribute("data-status", "pending")
    expect(job).to_contain_text("osv-sample.json")
    expect(job.locator("progress")).to_be_visible()

    # A worker takes the job (here the task runs in the test; `rempart worker` runs it too).
    outcome = run_advisory_jobs.call()
    assert outcome[0]["status"] == "done"

    # The page polls the job: it turns done, and the sources table shows the new source.
    expect(job).to_have_attribute("data-status", "done")
    expect(job.locator(".job-result")).to_contain_text("records")
    row = page.locator('#sources-table tr[data-source="osv:osv-sample.json"]')
    expect(row).to_be_visible()
    expect(row).to_contain_text("osv")
    expect(page.locator("#no-sources")).to_have_count(0)
    assert not [e for e in errors if "Content Security Policy" in e], errors

    page.reload()  # and it stays loaded
    expect(page.locator('#sources-table tr[data-source="osv:osv-sample.json"]')).to_be_visible()
    folder = tmp_path_factory.getbasetemp() / "artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "advisory-sources.png"), full_page=True)
