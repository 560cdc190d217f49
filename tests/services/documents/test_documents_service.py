"""The documents service on a fully documented product: complete documents, drafts, audit."""

from __future__ import annotations

import pytest

from rempart.core.documents.model import DocumentKind
from rempart.core.errors import InvalidInput, PermissionDenied
from rempart.services.accounts import audit
from rempart.services.context import Actor, ServiceContext
from rempart.services.documents import generation, records
from tests.documents_fixtures import SLUG, make_documented_product


@pytest.fixture
def product(db, operator, typical_answers):  # type: ignore[no-untyped-def]
    return make_documented_product(operator, typical_answers)


@pytest.mark.parametrize("kind", list(DocumentKind))
@pytest.mark.parametrize("language", ["en", "de"])
def test_a_documented_product_has_final_documents(operator, product, kind, language) -> None:
    doc = generation.document(operator, product, kind, language)
    assert doc.missing == ()
    assert doc.final


def test_overview_lists_every_kind_and_language(operator, product) -> None:
    rows = generation.overview(operator, product)
    assert {(r["kind"], r["language"]) for r in rows} == {
        (k.value, lang) for k in DocumentKind for lang in ("en", "de")
    }
    assert all(r["final"] for r in rows)


def test_missing_fields_give_a_list_and_refuse_the_final_label(operator, product) -> None:
    records.save_record(
        operator,
        product,
        ["en", "de"],
        {"signatory_name": None, "place_of_issue": {"en": "Munich"}},
    )
    doc = generation.document(operator, product, DocumentKind.DECLARATION, "de")
    fields = {p.field for p in doc.missing}
    assert fields == {"AV-8 signatory_name", "AV-8 place_of_issue.de"}
    assert all(p.citation == "AV-8" for p in doc.missing)
    # A preview renders, labelled as a draft, with the list of what is missing.
    data, media, _ = generation.export(
        operator, product, DocumentKind.DECLARATION, "html", language="de"
    )
    assert media.startswith("text/html")
    assert "ENTWURF" in data.decode()
    with pytest.raises(InvalidInput) as refused:
        generation.export(
            operator, product, DocumentKind.DECLARATION, "pdf", language="de", final=True
        )
    assert {p.field for p in refused.value.problems} == fields
    assert "cannot be labelled final" in refused.value.message


def test_issuing_a_final_document_is_audited(operator, product) -> None:
    data, _media, name = generation.export(
        operator, product, DocumentKind.DECLARATION, "html", language="en", final=True
    )
    assert name == f"{SLUG}-1.8.2-declaration-en.html"
    events = [e for e in audit.list_events(operator, 50) if e.action == "document.issue"]
    assert events
    assert events[0].data["kind"] == "declaration"
    assert len(events[0].data["sha256"]) == 64
    assert b"Dr. Erika Mustermann" in data


def test_values_are_checked_and_publishing_is_for_admins(operator, product, make_user) -> None:
    with pytest.raises(InvalidInput) as refused:
        records.save_record(
            operator,
            product,
            ["en", "xx"],
            {"declaration_url": "http://x", "notified_body_number": "12"},
        )
    fields = {p.field for p in refused.value.problems}
    assert fields == {"languages", "declaration_url", "notified_body_number"}
    make_user("erin", "editor")
    editor = ServiceContext(
        Actor.for_user("erin", "editor", 2), operator.clock, settings=operator.settings
    )
    records.save_record(editor, product, ["en"], {"support_type": {"en": "Monthly updates"}})
    with pytest.raises(PermissionDenied):
        records.save_record(editor, product, ["en"], {}, public_page=False)
    with pytest.raises(PermissionDenied):
        records.set_public_page(editor, product, False)
