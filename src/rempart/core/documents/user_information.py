"""Information and instructions to the user: every Annex II item (core layer).

Art. 13(18) (``ART13-18``): the product is accompanied by the Annex II information, in a
language easily understood by users, kept available for at least ten years or the support
period. Art. 13(19) (``ART13-19``): the end date of the support period, at least month and
year. Point 8 may be met by an internet address of detailed instructions: when the manufacturer
gives one, the sub-points (a)–(f) left empty refer to it instead of counting as missing.
"""

from __future__ import annotations

from rempart.core.cra.catalog import Catalog
from rempart.core.documents.fields import SbomAvailability
from rempart.core.documents.labels import Labels
from rempart.core.documents.model import (
    Document,
    DocumentKind,
    Facts,
    Rule,
    SectionDraft,
    build_document,
)


def _manufacturer(s: SectionDraft, f: Facts) -> None:  # AII-1
    m, doc = f.manufacturer, s.labels.doc
    s.value(
        s.labels.field("manufacturer_name"), m.name, required=True, field_name="organization.name"
    )
    s.value(doc("address"), m.address, required=True, field_name="organization.address")
    digital = m.email or m.contact_point_email or m.contact_point_url
    s.value(doc("email"), digital, required=True, field_name="organization.email")
    if m.website:
        s.value(doc("website"), m.website, required=False, field_name="organization.website")


def _contact(s: SectionDraft, f: Facts) -> None:  # AII-2
    s.value(
        s.labels.field("contact_point"),
        f.contact_points,
        required=True,
        field_name="disclosure.contacts",
    )
    s.value(s.labels.doc("cvd_policy"), f.policy_url, required=True, field_name="disclosure.policy")


def _identification(s: SectionDraft, f: Facts) -> None:  # AII-3
    s.value(s.labels.field("product_name"), f.product.name, required=True, field_name="name")
    s.field(f.record, "type_designation", required=True)
    version = f.release.version if f.release else ""
    s.value(s.labels.doc("version"), version, required=True, field_name="release")
    s.field(f.record, "identification", required=False)


def _purpose(s: SectionDraft, f: Facts) -> None:  # AII-4
    s.value(
        s.labels.field("intended_purpose"),
        f.product.intended_purpose,
        required=True,
        field_name="intended_purpose",
    )
    for name in ("security_environment", "essential_functionalities", "security_properties"):
        s.field(f.record, name, required=True)


def _risks(s: SectionDraft, f: Facts) -> None:  # AII-5
    s.field(f.record, "foreseeable_risks", required=True)


def _declaration(s: SectionDraft, f: Facts) -> None:  # AII-6 ("where applicable")
    s.field(f.record, "declaration_url", required=False)


def _support(s: SectionDraft, f: Facts) -> None:  # AII-7
    s.field(f.record, "support_type", required=True)
    end = f.release.end_of_support if f.release else None
    label = s.labels.doc("end_of_support")
    if end is None:
        s.value(label, "", required=True, field_name="release.end_of_support")
        return
    month_year = s.labels.month_year(end.month, end.year)
    s.value(label, month_year, required=True, field_name="release.end_of_support")
    s.say("support_end", end=month_year)


def _instructions(s: SectionDraft, f: Facts) -> None:  # AII-8
    url = s.field(f.record, "instructions_url", required=False)
    if url:
        s.say("instructions_at", url=url)


def _instruction(name: str) -> Rule:
    def rule(s: SectionDraft, f: Facts) -> None:  # AII-8a … AII-8e
        url = f.record.text("instructions_url", "")
        if not s.field(f.record, name, required=not url) and url:
            s.say("instructions_at", url=url)

    return rule


def _integration(s: SectionDraft, f: Facts) -> None:  # AII-8f ("where … intended for integration")
    if not f.record.flag("intended_for_integration"):
        s.say("not_for_integration")
        return
    _instruction("integration_information")(s, f)


def _sbom(s: SectionDraft, f: Facts) -> None:  # AII-9 ("if the manufacturer decides")
    choice = f.record.sbom_availability
    s.value(
        s.labels.field("sbom_availability"),
        s.labels.choices[choice.value],
        required=False,
        field_name="sbom_availability",
    )
    if choice is SbomAvailability.NOT_PROVIDED:
        s.say("sbom_not_provided")
    elif choice is SbomAvailability.ON_REQUEST:
        s.say("sbom_on_request")
    elif choice is SbomAvailability.URL:
        url = s.field(f.record, "sbom_url", required=True)
        if url:
            s.say("sbom_url", url=url)
    else:
        s.say("sbom_public_page")
        if not f.record.public_page:
            s.need(
                "public_page",
                "the SBOM is to be published on the public product page, "
                "but the public page is switched off",
            )
        if not f.sboms:
            s.need("sbom", "the SBOM is to be published, but the release has no SBOM")


USER_INFORMATION_RULES: dict[str, Rule] = {
    "AII-1": _manufacturer,
    "AII-2": _contact,
    "AII-3": _identification,
    "AII-4": _purpose,
    "AII-5": _risks,
    "AII-6": _declaration,
    "AII-7": _support,
    "AII-8": _instructions,
    "AII-8a": _instruction("secure_use"),
    "AII-8b": _instruction("data_security_changes"),
    "AII-8c": _instruction("update_installation"),
    "AII-8d": _instruction("decommissioning"),
    "AII-8e": _instruction("automatic_updates_off"),
    "AII-8f": _integration,
    "AII-9": _sbom,
}


def user_information(catalog: Catalog, labels: Labels, facts: Facts) -> Document:
    """The Annex II information and instructions in ``labels``' language."""
    return build_document(
        catalog, DocumentKind.USER_INFORMATION, labels, facts, USER_INFORMATION_RULES
    )
