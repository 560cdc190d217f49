"""``rempart doc doc|userinfo|techfile|status|set|public|verify``: files, exit codes, drafts."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from rempart.cli import run
from rempart.services.documents import records
from tests.documents_fixtures import SLUG, make_documented_product


@pytest.fixture
def product(db, operator, typical_answers):  # type: ignore[no-untyped-def]
    return make_documented_product(operator, typical_answers)


def test_declaration_and_user_information_files(product, tmp_path: Path, capsys) -> None:
    target = tmp_path / "doc.html"
    assert (
        run(["doc", "doc", SLUG, "--lang", "de", "--format", "html", "-o", str(target), "--final"])
        == 0
    )
    assert "EU-Konformitätserklärung" in target.read_text()
    simplified = tmp_path / "simple.json"
    assert run(["doc", "doc", SLUG, "--simplified", "--format", "json", "-o", str(simplified)]) == 0
    data = json.loads(simplified.read_text())
    assert data["kind"] == "simplified-declaration"
    assert data["final"] is True
    info = tmp_path / "info.pdf"
    assert run(["doc", "userinfo", SLUG, "-o", str(info)]) == 0
    assert info.read_bytes().startswith(b"%PDF")
    assert run(["doc", "status", SLUG, "--format", "json"]) == 0


def test_missing_fields_list_and_final_refused(product, operator, tmp_path: Path, capsys):
    assert run(["doc", "set", SLUG, "signatory_function", "", "--lang", "en"]) == 0
    capsys.readouterr()
    assert run(["doc", "status", SLUG, "--format", "json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    declaration = next(r for r in rows if r["kind"] == "declaration" and r["language"] == "en")
    assert [p["field"] for p in declaration["missing"]] == ["AV-8 signatory_function.en"]
    target = tmp_path / "draft.pdf"
    assert run(["doc", "doc", SLUG, "-o", str(target)]) == 0
    assert "DRAFT: 1 mandatory items missing" in capsys.readouterr().err
    assert run(["doc", "doc", SLUG, "--final", "-o", str(tmp_path / "final.pdf")]) == 2
    err = capsys.readouterr().err
    assert "cannot be labelled final" in err
    assert "signatory_function" in err
    assert not (tmp_path / "final.pdf").exists()


def test_techfile_written_and_verified(product, tmp_path: Path, capsys) -> None:
    target = tmp_path / "tf.zip"
    assert run(["doc", "techfile", SLUG, "-o", str(target)]) == 0
    assert run(["doc", "verify", str(target)]) == 0
    assert "files match the manifest" in " ".join(capsys.readouterr().out.split())
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(target) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, b"x" if info.filename == "sbom/merged.cdx.json" else data)
    assert run(["doc", "verify", str(tampered)]) == 1
    assert "sbom/merged.cdx.json: SHA-256 differs" in capsys.readouterr().err
    assert run(["doc", "techfile", SLUG, "--sign", "-o", str(tmp_path / "s.zip")]) == 2
    assert "no signing key is configured" in capsys.readouterr().err


def test_set_public_and_unknown_field(product, operator, capsys) -> None:
    assert run(["doc", "public", SLUG, "off"]) == 0
    assert records.get_record(operator, SLUG).public_page is False
    assert run(["doc", "set", SLUG, "no_such_field", "x"]) == 2
    assert "not a documentation field" in capsys.readouterr().err
    assert run(["doc", "set", SLUG, "hardware_product", "yes"]) == 0
    assert records.get_record(operator, SLUG).flag("hardware_product")
