"""Hostile SBOMs through the CLI: exit 2 with the located problem on stderr, no traceback."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rempart.cli import run
from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.store.models import Sbom

HOSTILE = Path(__file__).resolve().parents[1] / "assets" / "hostile" / "sbom"
CORPUS = sorted(p.name for p in HOSTILE.iterdir() if p.name != "README.md")


@pytest.mark.parametrize("name", CORPUS)
def test_check_exits_2_with_the_location(name: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(["sbom", "check", str(HOSTILE / name)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert any(place in err for place in ("/", "line ", "Relationship")), err


@pytest.fixture
def release(organization, operator, typical_answers) -> None:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Gate",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "gate", ReleaseDraft("1.0", date(2026, 1, 1)))


@pytest.mark.parametrize("name", CORPUS)
def test_import_exits_2_and_stores_nothing(release, name: str, capsys) -> None:  # type: ignore[no-untyped-def]
    argv = ["sbom", "import", str(HOSTILE / name), "--product", "gate", "--release", "1.0"]
    assert run(argv) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert Sbom.objects.count() == 0


@pytest.mark.parametrize("name", CORPUS)
def test_scan_exits_2(name: str, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    record = tmp_path / "osv.json"
    record.write_text(
        '{"id": "PYSEC-0000-1", "modified": "2025-01-01T00:00:00Z", "affected": [{"package": '
        '{"ecosystem": "PyPI", "name": "lib"}, "versions": ["1.0"]}]}'
    )
    assert run(["scan", str(HOSTILE / name), "--advisories", str(record)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert any(place in err for place in ("/", "line ", "Relationship")), err
    # the same advisory file with a sound SBOM is no format error (3: data not assessed fully)
    sound = HOSTILE.parents[1] / "sbom" / "minimal.cdx.json"
    assert run(["scan", str(sound), "--advisories", str(record)]) != 2
