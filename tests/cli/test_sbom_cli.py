"""``rempart sbom``: check every way it can go, import/list/diff/export/remove."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from rempart.cli import run
from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.store.models import Sbom

ALPINE = "sboms/cyclonedx/guacsec-guac-data/syft-cyclonedx-docker.io-library-alpine.latest.json"
SPDX_TV = "sboms/spdx/spdx-spdx-examples/software/example6/spdx2.2/example6-lib.spdx"


def test_check_json_has_the_documented_fields(shared_data: Path, capsys) -> None:
    assert run(["sbom", "check", str(shared_data / ALPINE), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {"format", "spec_version", "components", "score", "defects"} <= report.keys()
    assert report["format"] == "CycloneDX"
    assert report["spec_version"] == "1.4"
    assert report["components"] == 15
    assert any(d["rule"] == "NTIA-SUPPLIER" for d in report["defects"])


def test_check_exit_codes(shared_data: Path, tmp_path: Path, capsys) -> None:
    assert run(["sbom", "check", str(shared_data / ALPINE), "--min-score", "99"]) == 1
    capsys.readouterr()
    assert run(["sbom", "check", str(shared_data / SPDX_TV), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["format"] == "SPDX"
    capsys.readouterr()
    truncated = tmp_path / "bad.json"
    truncated.write_bytes((shared_data / ALPINE).read_bytes()[:500])
    assert run(["sbom", "check", str(truncated)]) == 2
    assert "line" in capsys.readouterr().err
    assert run(["sbom", "check", str(tmp_path / "missing.json")]) == 2
    assert run(["sbom", "check", str(tmp_path)]) == 2


@pytest.fixture
def release(organization, operator, typical_answers) -> None:  # type: ignore[no-untyped-def]
    products.create_product(
        operator, ProductDraft(name="Router", scope_answers=typical_answers, support_months=60)
    )
    products.add_release(operator, "router", ReleaseDraft("1.0", date(2026, 1, 1)))


def test_import_list_export_remove(release, shared_data: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "export.cdx.json"
    assert (
        run(
            [
                "sbom",
                "import",
                str(shared_data / ALPINE),
                "--product",
                "router",
                "--release",
                "1.0",
                "--label",
                "fw",
                "--format",
                "json",
            ]
        )
        == 0
    )
    imported = json.loads(capsys.readouterr().out)
    assert imported["components"] == 15
    listed = json.loads(_out(capsys, ["sbom", "list", "router", "1.0", "--format", "json"]))
    assert [s["label"] for s in listed] == ["fw"]
    assert run(["sbom", "export", "router", "1.0", "--as", "cyclonedx", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["specVersion"] == "1.6"
    assert (
        run(
            [
                "sbom",
                "import",
                str(shared_data / ALPINE),
                "--product",
                "router",
                "--release",
                "1.0",
                "--label",
                "fw",
            ]
        )
        == 5
    )
    assert run(["sbom", "remove", str(listed[0]["id"])]) == 0
    assert Sbom.objects.count() == 0


def _out(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    capsys.readouterr()
    assert run(argv) == 0
    return capsys.readouterr().out


def test_check_strict_refuses_what_lenient_reports(capsys) -> None:
    lenient = Path(__file__).parents[1] / "assets" / "sbom" / "git-ssh-urls.cdx.json"
    assert run(["sbom", "check", str(lenient), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [v["location"] for v in report["schema_violations"]][:2] == [
        "/metadata/timestamp",
        "/components/0/externalReferences/0/url",
    ]
    assert sum(d["rule"] == "SBOM-SCHEMA" for d in report["defects"]) == 4
    assert run(["sbom", "check", str(lenient), "--strict"]) == 2
    assert "strict mode" in capsys.readouterr().err
