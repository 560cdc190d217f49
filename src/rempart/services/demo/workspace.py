"""A demo workspace: a manufacturer with one product of each class (services layer).

Everything goes through the same service functions as real use, so the demo's audit trail,
decisions and citations are genuine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources

from rempart.core.cra.scope import default_in_scope_answers
from rempart.core.register import ProductDraft
from rempart.services.context import ServiceContext
from rempart.services.products import organization
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.sboms import release_sboms as sboms

DEMO_ORGANIZATION = {
    "name": "Northwind Devices GmbH",
    "address": "Musterstraße 1\n10115 Berlin\nGermany",
    "email": "info@northwind.example",
    "website": "https://northwind.example",
    "contact_point_email": "psirt@northwind.example",
    "contact_point_url": "https://northwind.example/security",
    "main_establishment_country": "DE",
}


@dataclass(frozen=True, slots=True)
class DemoProduct:
    name: str
    description: str
    intended_purpose: str
    categories: tuple[str, ...]
    releases: tuple[tuple[str, date], ...]
    answers: dict[str, str]
    support_months: int = 60
    sboms: tuple[
        tuple[str, str, str], ...
    ] = ()  # (release version, label, file in demo_data/sboms)


def _products(base: dict[str, str]) -> list[DemoProduct]:
    return [
        DemoProduct(
            "Lumen Smart Thermostat",
            "Wi-Fi room thermostat with a mobile app and cloud scheduling.",
            "Control of domestic heating in private homes.",
            (),
            (("2.3.0", date(2025, 3, 14)), ("2.4.1", date(2026, 6, 2))),
            base,
            72,
            (("2.4.1", "firmware", "stm32cubeh7-1.12.1.cdx.json"),),
        ),
        DemoProduct(
            "VaultKey Password Manager",
            "Password manager with browser extensions and encrypted cloud sync.",
            "Storing, generating and sharing passwords for individuals and teams.",
            ("AIII-C1-3",),
            (("5.0.0", date(2026, 1, 20)),),
            base,
            60,
            (("5.0.0", "sync-server", "legacy-web-portal.cdx.json"),),
        ),
        DemoProduct(
            "Nimbus Home Router",
            "Wi-Fi 6 router with an integrated DSL modem.",
            "Connecting homes and small offices to the internet.",
            ("AIII-C1-12",),
            (("1.8.2", date(2025, 11, 5)),),
            base,
            96,
            (("1.8.2", "firmware", "syft-cyclonedx-docker.io-library-alpine.latest.json"),),
        ),
        DemoProduct(
            "EdgeGuard Firewall",
            "Next-generation network firewall appliance with intrusion prevention.",
            "Protecting company networks from unauthorised access.",
            ("AIII-C2-2",),
            (("7.0.0", date(2025, 10, 1)), ("7.1.0", date(2026, 4, 1))),
            base,
            120,
            (
                ("7.0.0", "management-agent", "proton-bridge-v1.6.3.bom.json"),
                ("7.1.0", "management-agent", "proton-bridge-v1.8.0.bom.json"),
            ),
        ),
        DemoProduct(
            "GridLink Smart Meter Gateway",
            "Smart meter gateway for electricity metering systems.",
            "Secure communication between smart meters and authorised market participants.",
            ("AIV-2",),
            (("3.0.0", date(2026, 2, 1)),),
            base,
            120,
            (
                ("3.0.0", "firmware", "gridlink-gateway-firmware-3.0.0.cdx.json"),
                ("3.0.0", "management-app", "app_minikube-v1.23.1.bom.json"),
            ),
        ),
        DemoProduct(
            "PulseCare Infusion Pump",
            "Infusion pump with network connectivity, CE-marked under the MDR.",
            "Controlled delivery of fluids to patients in hospitals.",
            (),
            (),
            {**base, "medical_device": "yes"},
        ),
    ]


def seed_demo(ctx: ServiceContext) -> list[str]:
    """Create the demo organization and products; return the product slugs."""
    organization.save_organization(ctx, DEMO_ORGANIZATION)
    base = default_in_scope_answers(ctx.catalog)
    slugs = []
    for item in _products(base):
        product = products.create_product(
            ctx,
            ProductDraft(
                name=item.name,
                description=item.description,
                intended_purpose=item.intended_purpose,
                scope_answers=item.answers,
                categories=item.categories,
                support_months=item.support_months,
                support_justification=(
                    "Expected use time based on comparable products and customer contracts."
                ),
            ),
        )
        for version, released in item.releases:
            products.add_release(ctx, product.slug, ReleaseDraft(version, released))
        for version, label, filename in item.sboms:
            data = resources.files("rempart.demo_data").joinpath("sboms", filename).read_bytes()
            sboms.import_sbom(ctx, product.slug, version, data, filename, label)
        slugs.append(product.slug)
    from rempart.services.demo.risk import seed_risk_demo

    seed_risk_demo(ctx)
    _load_sample_advisories(ctx)
    from rempart.services.demo.disclosure import seed_disclosure

    seed_disclosure(ctx)
    # The KEV-listed libwebp finding in the gridlink firmware proposes an Art. 14 case.
    from rempart.services.reporting import proposals

    proposals.propose_from_findings(ctx)
    return slugs


def _load_sample_advisories(ctx: ServiceContext) -> None:
    """Import the shipped sample of real advisories and KEV entries, then scan every release.

    The scans are the ones the SBOM imports requested (a worker would run them); the demo
    runs them at once so its pages show findings.
    """
    from rempart.services.vulnerabilities import advisories, enrichment, feeds, scanning

    folder = resources.files("rempart.demo_data").joinpath("advisories")
    held = {source.kind for source in advisories.list_sources(ctx)}
    with resources.as_file(folder) as path:
        feeds.import_file(ctx, path / "osv-sample.json", "osv:demo-sample")
        if "kev" not in held:  # a one-entry sample never replaces a real catalog
            feeds.import_file(ctx, path / "kev-sample.json")
        # CVE records rate what the Go and crates.io advisories leave unrated.
        enrichment.import_cve_path(ctx, path / "cve-sample.json")
    scanning.run_requested_scans(ctx, "demo")
