"""Report contents from the catalog, prefilling, value checks, Art. 14(7) routing, the data file."""

from __future__ import annotations

import copy
import tomllib
from importlib import resources

import pytest

from rempart.core.cra.catalog import load_catalog
from rempart.core.errors import CatalogError, InvalidInput
from rempart.core.reporting.data import build_reporting_data, load_reporting_data
from rempart.core.reporting.forms import CaseFacts, FieldKind, clean_values, prefill, stage_fields
from rempart.core.reporting.routing import decide_route

CATALOG = load_catalog()
DATA = load_reporting_data(CATALOG)
RAW = tomllib.loads(
    resources.files("rempart.core.cra").joinpath("data", "reporting.toml").read_text("utf-8")
)


def fields_of(stage_id: str) -> list[str]:
    rule = next(r for r in CATALOG.rules.report_stage if r.id == stage_id)
    return [f.key for f in stage_fields(CATALOG, DATA, rule.stage, rule.contents)]


def test_every_stage_asks_exactly_what_the_article_lists() -> None:
    assert fields_of("RPT-AEV-EW") == ["RPT-AEV-EW-MS"]
    assert fields_of("RPT-AEV-VN") == [
        "RPT-AEV-VN-PRODUCT", "RPT-AEV-VN-NATURE", "RPT-AEV-VN-MEASURES",
        "RPT-AEV-VN-USERMEASURES", "RPT-AEV-VN-SENSITIVITY",
    ]  # fmt: skip
    assert fields_of("RPT-AEV-FR") == ["RPT-AEV-FR-DESC", "RPT-AEV-FR-ACTOR", "RPT-AEV-FR-FIX"]
    assert fields_of("RPT-SI-EW") == ["RPT-SI-EW-MALICIOUS", "RPT-SI-EW-MS"]
    assert fields_of("RPT-SI-FR") == ["RPT-SI-FR-DESC", "RPT-SI-FR-CAUSE", "RPT-SI-FR-MITIGATION"]
    assert fields_of("RPT-INTERIM") == ["INT-STATUS"]
    assert fields_of("RPT-USERS") == ["USR-WHAT", "USR-MEASURES", "USR-AUDIENCE"]


def test_required_items_follow_the_qualifier() -> None:
    rule = next(r for r in CATALOG.rules.report_stage if r.id == "RPT-AEV-FR")
    specs = {s.key: s for s in stage_fields(CATALOG, DATA, rule.stage, rule.contents)}
    assert specs["RPT-AEV-FR-DESC"].required  # "at least"
    assert not specs["RPT-AEV-FR-ACTOR"].required  # "where available"
    with pytest.raises(InvalidInput) as refused:
        clean_values(tuple(specs.values()), {"RPT-AEV-FR-ACTOR": "unknown"}, final=True)
    assert {p.field for p in refused.value.problems} == {"RPT-AEV-FR-DESC", "RPT-AEV-FR-FIX"}
    assert {p.citation for p in refused.value.problems} == {"RPT-AEV-FR-DESC", "RPT-AEV-FR-FIX"}
    draft = clean_values(tuple(specs.values()), {"RPT-AEV-FR-ACTOR": " unknown "}, final=False)
    assert draft["RPT-AEV-FR-ACTOR"] == "unknown"


def test_values_are_checked_by_kind() -> None:
    rule = next(r for r in CATALOG.rules.report_stage if r.id == "RPT-SI-EW")
    specs = stage_fields(CATALOG, DATA, rule.stage, rule.contents)
    assert specs[0].kind is FieldKind.CHOICE
    with pytest.raises(InvalidInput) as refused:
        clean_values(
            specs, {"RPT-SI-EW-MALICIOUS": "perhaps", "RPT-SI-EW-MS": ["DE", "US"]}, final=False
        )
    assert [p.field for p in refused.value.problems] == ["RPT-SI-EW-MALICIOUS", "RPT-SI-EW-MS"]
    with pytest.raises(InvalidInput):
        clean_values(specs, {"RPT-SI-EW-MALICIOUS": ["yes"]}, final=False)
    with pytest.raises(InvalidInput):
        clean_values(specs, {"RPT-SI-EW-MALICIOUS": "x" * 20_001}, final=False)
    ok = clean_values(
        specs, {"RPT-SI-EW-MALICIOUS": "no", "RPT-SI-EW-MS": ["fr", "DE", "FR"]}, final=True
    )
    assert ok == {"RPT-SI-EW-MALICIOUS": "no", "RPT-SI-EW-MS": ["DE", "FR"]}


def test_prefill_uses_the_case_and_findings() -> None:
    rule = next(r for r in CATALOG.rules.report_stage if r.id == "RPT-AEV-VN")
    specs = stage_fields(CATALOG, DATA, rule.stage, rule.contents)
    facts = CaseFacts(
        reference="CASE-2026-0001", kind="vulnerability", title="CVE-2023-4863", manufacturer="ACME",
        products=("Gateway (releases 3.0.0)",), vulnerability_id="CVE-2023-4863", aliases=("RUSTSEC-2023-0062",),
        summary="Heap overflow in libwebp", fixed_versions=("0.9.3",), known_exploited="Listed in CISA KEV since 2023-09-13",
    )  # fmt: skip
    values = prefill(specs, facts)
    assert values["RPT-AEV-VN-PRODUCT"] == "Gateway (releases 3.0.0) — manufacturer ACME"
    assert "CVE-2023-4863, RUSTSEC-2023-0062: Heap overflow in libwebp" in str(
        values["RPT-AEV-VN-NATURE"]
    )
    assert "0.9.3" in str(values["RPT-AEV-VN-USERMEASURES"])
    assert values["RPT-AEV-VN-SENSITIVITY"] == ""


def test_routing_follows_the_order_of_article_14_7() -> None:
    countries = {"importer_most_products": "NL", "most_users": "FR"}
    route = decide_route(CATALOG, DATA, countries, "", "", "")
    assert (route.member_state, route.basis) == ("NL", "importer_most_products")
    assert route.citations == ("ART14-7", "ART14-7-ORDER")
    assert len(route.problems) == 2  # no CSIRT name, no end-point: never invented
    countries["authorised_representative_most_products"] = "IE"
    assert decide_route(CATALOG, DATA, countries, "", "c", "e").member_state == "IE"
    main = decide_route(
        CATALOG,
        DATA,
        {**countries, "main_establishment_decisions": "DE"},
        "main_establishment_decisions",
        "c",
        "e",
    )
    assert (main.member_state, main.problems) == ("DE", ())
    nothing = decide_route(CATALOG, DATA, {}, "", "c", "e")
    assert nothing.member_state is None
    assert "no Member State" in nothing.problems[0]


def test_the_data_file_is_checked_strictly() -> None:
    broken = copy.deepcopy(RAW)
    broken["extra_field"][0]["citation"] = "ART99-1"
    with pytest.raises(CatalogError, match="does not match the catalog"):
        build_reporting_data(broken, CATALOG)
    unknown_key = copy.deepcopy(RAW)
    unknown_key["periods"]["colour"] = "red"
    with pytest.raises(CatalogError, match="unknown key"):
        build_reporting_data(unknown_key, CATALOG)
    wrong_stage = copy.deepcopy(RAW)
    wrong_stage["extra_field"][0]["stage"] = "early-warning"
    with pytest.raises(CatalogError):
        build_reporting_data(wrong_stage, CATALOG)
    missing_label = copy.deepcopy(RAW)
    missing_label["routing_basis"] = missing_label["routing_basis"][:-1]
    with pytest.raises(CatalogError) as unlabelled:
        build_reporting_data(missing_label, CATALOG)
    assert "'most_users'" in unlabelled.value.diagnostics()
