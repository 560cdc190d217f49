"""The packaged catalog loads, validates, and still matches the reference it was built from."""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import sys
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from rempart.core.cra.catalog import CATALOG_FILES, build_catalog, load_catalog
from rempart.core.errors import CatalogError


def _raw() -> dict[str, Any]:
    base = resources.files("rempart.core.cra").joinpath("data")
    return {name: tomllib.loads(base.joinpath(name).read_text("utf-8")) for name in CATALOG_FILES}


def test_catalog_loads_with_every_annex_entry() -> None:
    catalog = load_catalog()
    assert catalog.version == "2026.11.23"
    ids = {p.id for p in catalog.provisions.provision}
    # Annex I Part I: (1), (2) chapeau and (2)(a)–(m); Part II (1)–(8).
    assert {f"AI-P1-2{letter}" for letter in "abcdefghijklm"} <= ids
    assert {f"AI-P2-{n}" for n in range(1, 9)} <= ids
    assert {f"AII-{n}" for n in range(1, 10)} <= ids
    assert {f"AV-{n}" for n in range(1, 9)} | {"AVI-1"} <= ids
    assert {f"AVII-{n}" for n in range(1, 9)} <= ids
    assert {"AVIII-A-1", "AVIII-B-11", "AVIII-C-4", "AVIII-H-8"} <= ids
    assert len(catalog.categories) == 26
    assert [s.id for s in catalog.report_stages("vulnerability")][:3] == [
        "RPT-AEV-EW",
        "RPT-AEV-VN",
        "RPT-AEV-FR",
    ]
    assert {row.id for row in catalog.tables.penalties} == {
        "ART64-2",
        "ART64-3",
        "ART64-4",
        "ART64-10",
    }


def test_quoted_text_is_the_regulation_wording() -> None:
    catalog = load_catalog()
    assert catalog.provision("AI-P1-2a").text == (
        "(a) be made available on the market without known exploitable vulnerabilities;"
    )
    assert catalog.citation("ART13-8").label() == "Art. 13(8) [ART13-8]"
    assert "24 hours" in (catalog.provision("ART14-2a").text or "")


def test_reference_corruptions_are_corrected_and_recorded() -> None:
    catalog = load_catalog()
    card = catalog.category("AIV-3")
    assert "insourc" not in card.technical_description
    assert "can incorporate an application environment" in card.technical_description
    assert card.errata


def test_unknown_key_is_refused_with_its_path() -> None:
    raw = _raw()
    raw["rules.toml"]["support"]["minimum_monthz"] = 12
    with pytest.raises(CatalogError) as excinfo:
        build_catalog(raw)
    assert "rules.toml.support" in str(excinfo.value)
    assert "minimum_monthz" in str(excinfo.value)


def test_wrong_type_is_refused() -> None:
    raw = _raw()
    raw["rules.toml"]["support"]["minimum_months"] = "five years"
    with pytest.raises(
        CatalogError, match=r"rules.toml.support.minimum_months: expected an integer"
    ):
        build_catalog(raw)


def test_dangling_citation_is_refused() -> None:
    raw = copy.deepcopy(_raw())
    raw["scope.toml"]["question"][0]["citations"].append("ART99-1")
    with pytest.raises(CatalogError) as excinfo:
        build_catalog(raw)
    assert any("ART99-1" in p.message for p in excinfo.value.problems)


def test_missing_category_is_refused() -> None:
    raw = _raw()
    raw["categories.toml"]["category"].pop()
    with pytest.raises(CatalogError) as excinfo:
        build_catalog(raw)
    assert [p.field for p in excinfo.value.problems] == ["categories"]


def test_generated_files_match_the_reference(shared_reference: Path) -> None:
    reference = shared_reference / "cra.md"
    spec = importlib.util.spec_from_file_location(
        "build_catalog", Path(__file__).parents[3] / "tools" / "build_catalog.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_catalog"] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    built = module.build(reference)
    packaged = _raw()
    for name in ("provisions.toml", "categories.toml", "tables.toml"):
        assert built[name] == packaged[name], f"{name} is stale: run tools/build_catalog.py"
    assert (
        packaged["provisions.toml"]["source"]["sha256"]
        == hashlib.sha256(reference.read_bytes()).hexdigest()
    )
