"""``rempart scan``: the documented JSON, SARIF and CycloneDX VEX outputs and every exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rempart.cli import run

REPO = Path(__file__).resolve().parents[2]
GATEWAY = REPO / "src/rempart/demo_data/sboms/gridlink-gateway-firmware-3.0.0.cdx.json"
PORTAL = REPO / "src/rempart/demo_data/sboms/legacy-web-portal.cdx.json"
ALPINE = REPO / "src/rempart/demo_data/sboms/syft-cyclonedx-docker.io-library-alpine.latest.json"
# The shared advisory data is a fixed 2025 snapshot; freshness follows the data's own date, so
# scans that expect it current accept data of any age.
ANY_AGE = ("--max-age-days", "3650")


@pytest.fixture
def data(shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    osv = shared_data / "advisories" / "osv"
    return {
        "rust": str(osv / "rustsec-advisory-db-osv-2016-2025.tar.gz"),
        "pypi": str(osv / "pypa-advisory-database-vulns.tar.gz"),
        "kev": str(shared_data / "advisories" / "kev" / "known_exploited_vulnerabilities.json"),
    }


def scan(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    code = run(["scan", *argv])
    return code, capsys.readouterr().out


def test_json_report_has_the_documented_shape(data, capsys) -> None:
    code, out = scan(
        capsys, str(GATEWAY), "--advisories", data["rust"], "--kev", data["kev"], "--format", "json",
        *ANY_AGE,
    )  # fmt: skip
    assert code == 0  # no --fail-on: findings alone do not fail
    report = json.loads(out)
    assert {"findings", "not_assessed", "sources"} <= report.keys()
    webp = next(f for f in report["findings"] if f["component"]["name"] == "libwebp-sys")
    assert set(webp["component"]) >= {"purl", "name", "version", "bom_ref"}
    assert set(webp["vulnerability"]) >= {"id", "aliases", "summary", "severity", "fixed_versions"}
    assert webp["known_exploited"]["kev"] is True
    assert webp["known_exploited"]["date_added"] == "2023-09-13"
    assert "epss" in webp


@pytest.mark.parametrize(("threshold", "expected"), [("kev", 1), ("critical", 1), ("low", 1)])
def test_fail_on_thresholds(data, capsys, threshold: str, expected: int) -> None:
    code, _ = scan(
        capsys,
        str(GATEWAY),
        "--advisories",
        data["rust"],
        "--kev",
        data["kev"],
        "--fail-on",
        threshold,
        "--format",
        "json",
    )
    assert code == expected


def test_missing_advisory_data_is_exit_3_never_clean(data, capsys) -> None:
    # PyPI data only: the Rust components have no source, so the scan must not pass.
    code, out = scan(capsys, str(GATEWAY), "--advisories", data["pypi"], "--format", "json")
    assert code == 3
    report = json.loads(out)
    assert {n["reason"] for n in report["not_assessed"]} == {"no_source"}


def test_unsupported_ecosystem_is_reported_and_strict_fails(data, capsys) -> None:
    code, out = scan(capsys, str(ALPINE), "--advisories", data["rust"], "--format", "json")
    report = json.loads(out)
    assert report["findings"] == []
    assert report["not_assessed"]
    assert code == 3  # Alpine packages: no advisory source covers them


def test_portal_findings_fail_on_high(data, capsys) -> None:
    code, out = scan(
        capsys, str(PORTAL), "--advisories", data["pypi"], "--fail-on", "high", "--format", "json"
    )
    assert code == 1
    names = {f["component"]["name"].lower() for f in json.loads(out)["findings"]}
    assert {"django", "jinja2", "requests", "urllib3"} <= names


def test_sarif_and_vex_outputs(data, capsys, tmp_path: Path) -> None:
    code, out = scan(
        capsys, str(GATEWAY), "--advisories", data["rust"], "--format", "sarif", *ANY_AGE
    )
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    assert sarif["runs"][0]["results"]
    target = tmp_path / "vex.json"
    code, _ = scan(
        capsys,
        str(GATEWAY),
        "--advisories",
        data["rust"],
        "--format",
        "cyclonedx-vex",
        "-o",
        str(target),
        *ANY_AGE,
    )
    vex = json.loads(target.read_text())
    assert vex["specVersion"] == "1.6"
    assert any(v["id"].startswith("RUSTSEC-") for v in vex["vulnerabilities"])
    assert code == 0


def test_old_data_is_stale_whenever_it_was_downloaded(data, capsys) -> None:
    """The RustSec snapshot is months old whenever its file was copied: not assessed."""
    code, out = scan(capsys, str(GATEWAY), "--advisories", data["rust"], "--format", "json")
    assert code == 3
    report = json.loads(out)
    rust = next(s for s in report["sources"] if s["ecosystems"] == ["crates.io"])
    assert rust["as_of_basis"] == "data"
    assert rust["as_of"] == rust["newest_modified"]  # the records' own date, not the file's
    assert rust["age_seconds"] > 7 * 86400
    assert rust["fresh"] is False
    assert report["findings"]  # stale data still confirms vulnerabilities


def test_bad_input_is_exit_2(data, capsys, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"bomFormat": "CycloneDX"')
    assert scan(capsys, str(broken), "--advisories", data["rust"])[0] == 2
    assert scan(capsys, str(GATEWAY), "--advisories", str(tmp_path / "missing"))[0] == 2
    assert scan(capsys, str(GATEWAY), "--advisories", data["rust"], "--kev", str(broken))[0] == 2


def test_workspace_mode_uses_synced_data(organization, operator, data, capsys) -> None:
    from rempart.services.vulnerabilities import feeds

    code, out = scan(capsys, str(GATEWAY), "--format", "json")
    assert code == 3  # the workspace has no advisory data yet
    feeds.import_file(operator, Path(data["rust"]), rescan=False)
    feeds.import_file(operator, Path(data["kev"]), rescan=False)
    code, out = scan(capsys, str(GATEWAY), "--format", "json", "--fail-on", "kev")
    assert code == 1
    assert any(f["known_exploited"]["kev"] for f in json.loads(out)["findings"])


def test_console_script_with_cache(data, tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [
        sys.executable,
        "-m",
        "rempart.cli",
        "scan",
        str(GATEWAY),
        "--advisories",
        data["rust"],
        "--format",
        "json",
        *ANY_AGE,
    ]
    first = subprocess.run(
        command, env=env, capture_output=True, text=True, check=False, timeout=120
    )
    assert first.returncode == 0, first.stderr
    assert list((tmp_path / "cache" / "rempart").glob("osv-*.pickle"))
    second = subprocess.run(
        command, env=env, capture_output=True, text=True, check=False, timeout=120
    )
    assert json.loads(second.stdout)["findings"] == json.loads(first.stdout)["findings"]
