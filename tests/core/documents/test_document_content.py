"""Document content, driven by the catalog: every Annex V, VI, II and VII item is a section.

The expected items come from the catalog's requirement groups (``rules.toml``), never from a
list written here, so a catalog item added later fails these tests until its content rule and
its labels exist.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from rempart.core.cra.catalog import load_catalog
from rempart.core.cra.support import SupportPolicy
from rempart.core.documents import declaration, technical_file, user_information
from rempart.core.documents.fields import FIELDS, DocumentationRecord, clean_record
from rempart.core.documents.labels import load_labels
from rempart.core.documents.model import DocumentKind, Facts, notified_body_procedures
from rempart.core.errors import CatalogError, InvalidInput
from rempart.core.product import Organization, Product, Release

CATALOG = load_catalog()
BUILDERS = {
    DocumentKind.DECLARATION: declaration.declaration,
    DocumentKind.SIMPLIFIED_DECLARATION: declaration.simplified_declaration,
    DocumentKind.USER_INFORMATION: user_information.user_information,
    DocumentKind.TECHNICAL_FILE: technical_file.technical_file,
}


def catalog_items(kind: DocumentKind) -> list[str]:
    return [p.id for _, p in CATALOG.requirements(kind.group)]


def facts(record: DocumentationRecord | None = None, *, released: bool = True) -> Facts:
    release = Release(1, "router", "2.0", date(2026, 3, 1), date(2034, 3, 1), "released")
    product = Product(
        1,
        "router",
        "Router",
        1,
        "",
        "",
        {},
        "in-scope",
        (),
        "default",
        False,
        "none",
        ("module-a",),
        SupportPolicy(96),
        CATALOG.version,
        datetime(2026, 1, 1, tzinfo=UTC),
        datetime(2026, 1, 1, tzinfo=UTC),
        (release,) if released else (),
    )
    return Facts(
        manufacturer=Organization(1, "ACME"),
        product=product,
        release=release if released else None,
        record=record or DocumentationRecord(),
        notified_body_procedures=notified_body_procedures(CATALOG),
    )


def test_every_annex_has_items_in_the_catalog() -> None:
    for kind in DocumentKind:
        assert catalog_items(kind), f"the catalog has no items for {kind.group}"


@pytest.mark.parametrize("kind", list(DocumentKind))
@pytest.mark.parametrize("language", sorted(load_labels()))
def test_each_catalog_item_is_one_section_in_catalog_order(kind, language) -> None:
    doc = BUILDERS[kind](CATALOG, load_labels()[language], facts())
    assert [s.item_id for s in doc.sections] == catalog_items(kind)
    for section in doc.sections:
        citation = CATALOG.citation(section.item_id)
        assert section.ref == citation.ref
        assert section.heading  # from the language's label file
        assert section.legal_text == (citation.text or "").strip()


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_an_empty_record_is_a_draft_whose_problems_cite_the_annex(kind) -> None:
    doc = BUILDERS[kind](CATALOG, load_labels()["en"], facts(released=False))
    assert not doc.final
    items = set(catalog_items(kind))
    assert doc.missing
    assert all(p.citation in items for p in doc.missing)
    assert all(p.field.split(" ")[0] == p.citation for p in doc.missing)


def test_a_catalog_item_without_a_content_rule_is_refused() -> None:
    from rempart.core.documents.model import build_document

    with pytest.raises(CatalogError, match="AV-8"):
        build_document(
            CATALOG,
            DocumentKind.DECLARATION,
            load_labels()["en"],
            facts(),
            {k: v for k, v in declaration.DECLARATION_RULES.items() if k != "AV-8"},
        )


def test_every_label_file_names_every_item_and_field() -> None:
    ids = {i for kind in DocumentKind for i in catalog_items(kind)}
    for code, labels in load_labels().items():
        assert ids <= set(labels.items), code
        assert {f.name for f in FIELDS} <= set(labels.fields), code
        assert {p.id for p in CATALOG.rules.procedure} <= set(labels.choices), code
        assert len(labels.months) == 12


def test_a_notified_body_procedure_needs_the_body_and_certificate() -> None:
    record = DocumentationRecord(("en",), {"conformity_procedure": "module-h"})
    doc = declaration.declaration(CATALOG, load_labels()["en"], facts(record))
    av7 = {p.field for p in doc.section("AV-7").missing}
    assert av7 == {
        "AV-7 conformity_procedure",  # not allowed for a default product (only module-a)
        "AV-7 notified_body_name",
        "AV-7 notified_body_number",
        "AV-7 certificate_reference",
    }


def test_end_of_support_is_month_and_year_in_the_document_language() -> None:
    for code, expected in (("en", "March 2034"), ("fr", "mars 2034"), ("de", "März 2034")):
        doc = user_information.user_information(CATALOG, load_labels()[code], facts())
        values = [e.value for e in doc.section("AII-7").entries]
        assert expected in values


def test_instructions_url_stands_in_for_the_detailed_instructions() -> None:
    record = DocumentationRecord(("en",), {"instructions_url": "https://acme.example/manual"})
    doc = user_information.user_information(CATALOG, load_labels()["en"], facts(record))
    for item in ("AII-8a", "AII-8b", "AII-8c", "AII-8d", "AII-8e"):
        assert not doc.section(item).missing
        assert any("https://acme.example/manual" in s for s in doc.section(item).statements)


def test_retention_is_the_later_of_ten_years_and_end_of_support() -> None:
    release = Release(1, "r", "1", date(2026, 3, 1), date(2040, 6, 1), "released")
    assert technical_file.retention(CATALOG, release).until == date(2040, 6, 1)
    short = Release(1, "r", "1", date(2026, 3, 1), date(2031, 3, 1), "released")
    assert technical_file.retention(CATALOG, short).until == date(2036, 3, 1)
    assert technical_file.retention(CATALOG, None).until is None


def test_clean_record_locates_every_problem() -> None:
    with pytest.raises(InvalidInput) as refused:
        clean_record(
            ("en",),
            {
                "date_of_issue": "yesterday",
                "secure_use": {"fr": "x"},
                "nope": "1",
                "sbom_availability": "always",
                "declaration_url": "ftp://x",
            },
            known_languages=frozenset({"en", "fr"}),
            procedures=frozenset({"module-a"}),
        )
    assert {p.field for p in refused.value.problems} == {
        "date_of_issue",
        "secure_use.fr",
        "nope",
        "sbom_availability",
        "declaration_url",
    }
