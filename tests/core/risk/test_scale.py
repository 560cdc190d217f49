"""The documented risk scale: shape, meaning and the matrix rules."""

from __future__ import annotations

from importlib import resources

import pytest

from rempart.core.errors import CatalogError, InvalidInput
from rempart.core.risk.scale import load_scale, parse_scale

PACKAGED = resources.files("rempart.core.risk").joinpath("data", "risk_scale.toml").read_text()


def test_packaged_scale_loads_and_rates() -> None:
    scale = load_scale()
    assert [lv.value for lv in scale.likelihood] == [1, 2, 3, 4, 5]
    assert scale.rate("rare", "negligible").key == "low"
    assert scale.rate("almost-certain", "severe").key == "critical"
    assert scale.rate("possible", "moderate").key == "medium"
    assert scale.rate("likely", "major").key == "high"
    assert set(scale.citations) == {"ART13-2", "ART13-3"}


def test_grid_lists_highest_likelihood_first() -> None:
    grid = load_scale().grid()
    assert grid[0][0].key == "almost-certain"
    assert [r.key for r in grid[-1][1]] == ["low", "low", "low", "medium", "medium"]


def test_unknown_level_names_the_field() -> None:
    with pytest.raises(InvalidInput) as caught:
        load_scale().rate("often", "minor")
    assert caught.value.problems[0].field == "likelihood"
    assert "rare" in caught.value.problems[0].message


@pytest.mark.parametrize(
    ("change", "where"),
    [
        # A more likely pair rated lower than a less likely one.
        (
            (
                '["medium", "high", "high", "critical", "critical"]',
                '["low", "high", "high", "critical", "critical"]',
            ),
            "matrix.rows[4][0]",
        ),
        (
            ('["low", "low", "low", "medium", "medium"]', '["low", "low", "low", "medium"]'),
            "matrix.rows[0]",
        ),
        (
            (
                '["low", "low", "low", "medium", "medium"]',
                '["low", "low", "low", "medium", "extreme"]',
            ),
            "matrix.rows[0]",
        ),
        (('key = "unlikely"\nvalue = 2', 'key = "unlikely"\nvalue = 7'), "likelihood"),
        (('key = "minor"', 'key = "negligible"'), "impact"),
    ],
)
def test_inconsistent_scales_are_refused(change: tuple[str, str], where: str) -> None:
    old, new = change
    assert old in PACKAGED
    with pytest.raises(CatalogError) as caught:
        parse_scale(PACKAGED.replace(old, new, 1))
    assert any(where in p.field for p in caught.value.problems), caught.value.diagnostics()


def test_schema_refuses_unknown_keys_and_wrong_types() -> None:
    with pytest.raises(CatalogError, match="unknown key"):
        parse_scale(PACKAGED.replace('version = "2026.1"', 'version = "2026.1"\ncolour = "red"'))
    with pytest.raises(CatalogError, match="expected an integer"):
        parse_scale(PACKAGED.replace("value = 1", 'value = "1"', 1))
