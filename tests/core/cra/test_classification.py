"""Class and conformity route for every Annex III/IV category and the named examples."""

from __future__ import annotations

import pytest

from rempart.core.cra.catalog import load_catalog
from rempart.core.cra.category_search import search_categories
from rempart.core.cra.classification import (
    RouteQuestion,
    StandardsApplied,
    classify,
)
from rempart.core.errors import InvalidInput

CATALOG = load_catalog()

# Written out from Annex III / Annex IV (cra.md §5.1–5.2), not read from the catalog.
EXPECTED = (
    [(f"AIII-C1-{n}", "important-class-i", f"Annex III, Class I, point {n}") for n in range(1, 20)]
    + [
        (f"AIII-C2-{n}", "important-class-ii", f"Annex III, Class II, point {n}")
        for n in range(1, 5)
    ]
    + [(f"AIV-{n}", "critical", f"Annex IV, point {n}") for n in range(1, 4)]
)
ALLOWED = {
    "important-class-i": {"module-b-c", "module-h"},
    "important-class-ii": {"module-b-c", "module-h", "eu-certification"},
    "critical": {"module-b-c", "module-h", "eu-certification"},
}
ROW = {
    "important-class-i": "CA-CLASS-I-NOHS",
    "important-class-ii": "CA-CLASS-II",
    "critical": "CA-CRITICAL",
}


@pytest.mark.parametrize(
    ("category_id", "product_class", "ref"), EXPECTED, ids=[e[0] for e in EXPECTED]
)
def test_every_category_gets_its_class_route_and_citation(
    category_id: str, product_class: str, ref: str
) -> None:
    result = classify(CATALOG, RouteQuestion(categories=(category_id,)))
    assert result.product_class.id == product_class
    assert {p.procedure_id for p in result.allowed_procedures} == ALLOWED[product_class]
    assert result.matrix_row.id == ROW[product_class]
    cited = {c.id: c for c in result.citations}
    assert cited[category_id].ref == ref


def _route(*categories: str, **kwargs: object) -> tuple[str, set[str]]:
    result = classify(CATALOG, RouteQuestion(categories=categories, **kwargs))  # type: ignore[arg-type]
    return result.product_class.id, {p.procedure_id for p in result.allowed_procedures}


@pytest.mark.parametrize(
    ("example", "category", "product_class"),
    [
        ("password manager", "AIII-C1-3", "important-class-i"),
        ("router", "AIII-C1-12", "important-class-i"),
        ("firewall", "AIII-C2-2", "important-class-ii"),
        ("hypervisor", "AIII-C2-1", "important-class-ii"),
        ("smart meter gateway", "AIV-2", "critical"),
        ("smart card secure element", "AIV-3", "critical"),
    ],
)
def test_named_examples(example: str, category: str, product_class: str) -> None:
    assert _route(category)[0] == product_class
    # The reading aid ranks the right category first for the plain name.
    assert search_categories(CATALOG, example)[0].category.id == category


def test_mobile_game_is_a_default_product_with_every_procedure() -> None:
    product_class, allowed = _route()
    assert product_class == "default"
    assert allowed == {"module-a", "module-b-c", "module-h", "eu-certification"}
    assert classify(CATALOG, RouteQuestion()).matrix_row.id == "CA-DEFAULT"


def test_class_i_with_standards_applied_in_full_may_self_assess_with_a_warning() -> None:
    result = classify(
        CATALOG, RouteQuestion(categories=("AIII-C1-3",), standards_applied=StandardsApplied.FULL)
    )
    assert "module-a" in {p.procedure_id for p in result.allowed_procedures}
    assert result.matrix_row.id == "CA-CLASS-I-HS"
    assert any("Official Journal" in w for w in result.warnings)


def test_open_source_important_product_with_public_documentation_may_self_assess() -> None:
    for category in ("AIII-C1-11", "AIII-C2-1"):
        product_class, allowed = _route(category, free_open_source_public_documentation=True)
        assert "module-a" in allowed, product_class
    result = classify(
        CATALOG,
        RouteQuestion(categories=("AIII-C2-1",), free_open_source_public_documentation=True),
    )
    assert result.matrix_row.id == "CA-FOSS-IMPORTANT"
    assert "ART32-5" in {c.id for c in result.citations}


def test_open_source_rule_does_not_reach_critical_products() -> None:
    result = classify(
        CATALOG, RouteQuestion(categories=("AIV-3",), free_open_source_public_documentation=True)
    )
    assert "module-a" not in {p.procedure_id for p in result.allowed_procedures}
    assert any("Annex IV" in w for w in result.warnings)


def test_several_categories_take_the_strictest_route() -> None:
    product_class, allowed = _route("AIII-C1-12", "AIII-C2-2")
    assert product_class == "important-class-ii"
    assert allowed == {"module-b-c", "module-h"}


def test_timing_names_the_application_dates() -> None:
    result = classify(CATALOG, RouteQuestion(categories=("AIII-C1-12",)))
    dates = {note.date.isoformat() for note in result.timing}
    assert {"2026-09-11", "2027-12-11", "2026-06-11"} <= dates


def test_unknown_category_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidInput) as excinfo:
        classify(CATALOG, RouteQuestion(categories=("AIII-C1-99",)))
    assert excinfo.value.problems[0].field == "categories"


def test_lower_case_ids_are_accepted() -> None:
    assert _route("aiii-c1-3")[0] == "important-class-i"
