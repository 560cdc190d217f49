"""The EU declaration of conformity: Annex V, and the simplified form of Annex VI (core layer).

Art. 28(1) (``ART28-1``): the manufacturer draws up the declaration, stating that the
fulfilment of the applicable Annex I requirements has been demonstrated; Art. 28(2): it has the
model structure of Annex V and is available in the languages the Member States require; the
simplified declaration (Art. 13(20)) has the structure of Annex VI and names the internet
address of the full text. Each rule below fills the section of one catalog item.
"""

from __future__ import annotations

from rempart.core.cra.catalog import Catalog
from rempart.core.documents.labels import Labels
from rempart.core.documents.model import (
    Document,
    DocumentKind,
    Facts,
    Rule,
    SectionDraft,
    build_document,
    format_date,
)


def _identification(s: SectionDraft, f: Facts) -> None:  # AV-1
    s.value(s.labels.field("product_name"), f.product.name, required=True, field_name="name")
    s.field(f.record, "type_designation", required=True)
    _version(s, f)
    s.field(f.record, "identification", required=False)


def _version(s: SectionDraft, f: Facts) -> None:
    version = f.release.version if f.release else ""
    s.value(s.labels.doc("version"), version, required=True, field_name="release")


def _manufacturer(s: SectionDraft, f: Facts) -> None:  # AV-2
    m = f.manufacturer
    s.value(
        s.labels.field("manufacturer_name"), m.name, required=True, field_name="organization.name"
    )
    s.value(s.labels.doc("address"), m.address, required=True, field_name="organization.address")
    representative = f.record.text("authorised_representative", "")
    if representative:
        s.value(
            s.labels.statement("authorised_representative"),
            representative,
            required=False,
            field_name="authorised_representative",
        )


def _responsibility(s: SectionDraft, f: Facts) -> None:  # noqa: ARG001  AV-3
    s.say("sole_responsibility")


def _object(s: SectionDraft, f: Facts) -> None:  # AV-4
    s.field(f.record, "object_description", required=True)


def _legislation(s: SectionDraft, f: Facts) -> None:  # AV-5
    s.say("conformity")
    s.say("regulation")
    others = f.record.entries("union_legislation")
    if others:
        s.value(
            s.labels.field("union_legislation"),
            others,
            required=False,
            field_name="union_legislation",
        )
    s.say("fulfilment")


def _standards(s: SectionDraft, f: Facts) -> None:  # AV-6
    applied = False
    for name in ("harmonised_standards", "common_specifications", "certifications"):
        entries = f.record.entries(name)
        if entries:
            applied = True
            s.value(s.labels.field(name), entries, required=False, field_name=name)
    if not applied:
        s.say("no_standards")


def _notified_body(s: SectionDraft, f: Facts) -> None:  # AV-7
    procedure = f.record.text("conformity_procedure", "")
    allowed = f.product.allowed_procedures
    label = s.labels.field("conformity_procedure")
    if not procedure:
        s.value(label, "", required=True, field_name="conformity_procedure")
        return
    s.value(
        label,
        s.labels.choices.get(procedure, procedure),
        required=False,
        field_name="conformity_procedure",
    )
    if procedure not in allowed:
        s.need(
            "conformity_procedure",
            f"{procedure} is not a procedure the product's class allows ({', '.join(allowed)})",
        )
    if procedure in f.notified_body_procedures:
        for name in ("notified_body_name", "notified_body_number", "certificate_reference"):
            s.field(f.record, name, required=True)
    else:
        s.say("no_notified_body")


def _signature(s: SectionDraft, f: Facts) -> None:  # AV-8
    s.field(f.record, "additional_information", required=False)
    s.value(
        s.labels.statement("signed_for"),
        f.manufacturer.name,
        required=True,
        field_name="organization.name",
    )
    day = f.record.day("date_of_issue")
    s.field(f.record, "place_of_issue", required=True)
    s.value(
        s.labels.field("date_of_issue"),
        format_date(s.labels, day) if day else "",
        required=True,
        field_name="date_of_issue",
    )
    s.field(f.record, "signatory_name", required=True)
    s.field(f.record, "signatory_function", required=True)


def _simplified(s: SectionDraft, f: Facts) -> None:  # AVI-1
    manufacturer = f.manufacturer.name
    designation = f.record.text("type_designation", "")
    url = f.record.text("declaration_url", "")
    for name, value in (("type_designation", designation), ("declaration_url", url)):
        if not value:
            s.need(name, f"{s.labels.field(name)}: {s.labels.doc('not_entered')}")
    if not manufacturer:
        s.need(
            "organization.name", f"{s.labels.doc('manufacturer')}: {s.labels.doc('not_entered')}"
        )
    blank = "…"
    s.say(
        "simplified",
        manufacturer=manufacturer or blank,
        type=designation or blank,
        url=url or blank,
    )


DECLARATION_RULES: dict[str, Rule] = {
    "AV-1": _identification,
    "AV-2": _manufacturer,
    "AV-3": _responsibility,
    "AV-4": _object,
    "AV-5": _legislation,
    "AV-6": _standards,
    "AV-7": _notified_body,
    "AV-8": _signature,
}
SIMPLIFIED_RULES: dict[str, Rule] = {"AVI-1": _simplified}


def declaration(catalog: Catalog, labels: Labels, facts: Facts) -> Document:
    """The full EU declaration of conformity (Annex V) in ``labels``' language."""
    return build_document(catalog, DocumentKind.DECLARATION, labels, facts, DECLARATION_RULES)


def simplified_declaration(catalog: Catalog, labels: Labels, facts: Facts) -> Document:
    """The simplified EU declaration of conformity (Annex VI)."""
    return build_document(
        catalog, DocumentKind.SIMPLIFIED_DECLARATION, labels, facts, SIMPLIFIED_RULES
    )
