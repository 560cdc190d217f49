"""A product with every fact its CRA documents need, for service, web, API, CLI and browser tests.

``complete_values`` fills every field the documents ask for in English and German; the product
has a released release with an SBOM, a risk assessment, every Annex I Part I requirement
assessed, a security test, and disclosure settings with a contact and a public base URL.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from rempart.core.cra.assessment import annex_i_requirements
from rempart.core.register import ProductDraft
from rempart.core.risk.assessment import AssessmentDraft
from rempart.services.assessment import annex_i
from rempart.services.context import ServiceContext
from rempart.services.disclosure import settings as disclosure
from rempart.services.documents import records
from rempart.services.products import organization, register
from rempart.services.risk import assessment as risk
from rempart.services.risk import selfassessment
from rempart.services.sboms import release_sboms

ASSETS = Path(__file__).resolve().parent / "assets"
SLUG = "nimbus-router"
VERSION = "1.8.2"


def complete_values() -> dict[str, Any]:
    def both(en: str, de: str) -> dict[str, str]:
        return {"en": en, "de": de}

    return {
        "type_designation": "NR-1800",
        "identification": both(
            "Hardware revision C, serial numbers NR18C-0001 to NR18C-9999",
            "Hardware-Revision C, Seriennummern NR18C-0001 bis NR18C-9999",
        ),
        "object_description": both(
            "Nimbus Router NR-1800, firmware 1.8.2, label on the base",
            "Nimbus Router NR-1800, Firmware 1.8.2, Typenschild unten",
        ),
        "harmonised_standards": ["EN 18031-1:2024 (in part: clauses 6.1 to 6.3)"],
        "other_solutions": both(
            "Secure boot and signed updates per our design document.",
            "Sicherer Start und signierte Aktualisierungen.",
        ),
        "conformity_procedure": "module-a",
        "place_of_issue": both("Munich", "München"),
        "date_of_issue": "2026-11-20",
        "signatory_name": "Dr. Erika Mustermann",
        "signatory_function": both("Managing Director", "Geschäftsführerin"),
        "declaration_url": "https://acme.example/doc/nr-1800",
        "security_environment": both(
            "Home network behind the router's firewall", "Heimnetz hinter der Firewall des Routers"
        ),
        "essential_functionalities": both("Routing, Wi-Fi, firewall", "Routing, WLAN, Firewall"),
        "security_properties": both(
            "Signed firmware, no default passwords", "Signierte Firmware, keine Standardpasswörter"
        ),
        "foreseeable_risks": both(
            "Exposing the admin interface to the internet", "Admin-Oberfläche im Internet freigeben"
        ),
        "support_type": both(
            "Security updates free of charge, monthly", "Kostenlose monatliche Sicherheitsupdates"
        ),
        "secure_use": both("Change the Wi-Fi key at first start.", "WLAN-Schlüssel ändern."),
        "data_security_changes": both(
            "Custom firmware voids the protection.", "Fremdfirmware hebt den Schutz auf."
        ),
        "update_installation": both(
            "Updates install automatically at night.", "Updates werden nachts installiert."
        ),
        "decommissioning": both("Factory reset wipes all data.", "Werksreset löscht alle Daten."),
        "automatic_updates_off": both(
            "Settings > Updates > Automatic: off.", "Einstellungen > Updates > Automatisch: aus."
        ),
        "sbom_availability": "public-page",
        "design_description": both(
            "Linux-based firmware; see architecture diagram.", "Linux-basierte Firmware."
        ),
        "update_distribution": both(
            "Signed updates over HTTPS from our CDN.", "Signierte Updates über HTTPS."
        ),
        "production_monitoring": both(
            "Reproducible builds, signed in an HSM.", "Reproduzierbare Builds, im HSM signiert."
        ),
    }


def make_documented_product(operator: ServiceContext, answers: Any) -> str:
    organization.save_organization(
        operator,
        {
            "name": "Test Manufacturer SE",
            "address": "Hauptstraße 1, 80331 München, Germany",
            "email": "info@test.example",
            "contact_point_email": "psirt@test.example",
            "website": "https://test.example",
        },
    )
    register.create_product(
        operator,
        ProductDraft(
            name="Nimbus Router",
            scope_answers=answers,
            support_months=96,
            description="A home router with Wi-Fi.",
            intended_purpose="Connecting a home network to the internet.",
            support_justification="Routers stay in use about eight years (market data).",
        ),
    )
    register.add_release(
        operator, SLUG, register.ReleaseDraft(VERSION, release_date=date(2026, 11, 1))
    )
    data = (ASSETS / "sbom" / "minimal.cdx.json").read_bytes()
    release_sboms.import_sbom(operator, SLUG, VERSION, data, "firmware.cdx.json", "firmware")
    risk.start_assessment(
        operator, SLUG, VERSION, AssessmentDraft(intended_purpose="Home router", owner="alice")
    )
    for requirement in annex_i_requirements(operator.catalog):
        if requirement.id.startswith("AI-P1-"):
            annex_i.set_requirement(operator, SLUG, requirement.id, {"status": "met"})
    selfassessment.add_security_test(
        operator,
        SLUG,
        selfassessment.new_test("penetration-test", date(2026, 10, 1), "Red Team GmbH", "web UI"),
    )
    disclosure.save_settings(
        operator,
        {"contacts": ["mailto:psirt@test.example"], "public_base_url": "https://acme.example"},
    )
    records.save_record(operator, SLUG, ["en", "de"], complete_values(), public_page=True)
    return SLUG
