"""The product register's nouns: manufacturer, product, release (core layer).

Stored by ``rempart.store``; every edge shows these values, never ORM objects.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from rempart.core.cra.support import SupportPolicy
from rempart.core.errors import ProblemCollector

SLUG_MAX = 80
EU_MEMBER_STATES = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)


@dataclass(frozen=True, slots=True)
class Organization:
    id: int
    name: str
    address: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    contact_point_email: str = ""
    contact_point_url: str = ""
    main_establishment_country: str = ""
    # Refuse every SBOM with a schema violation, value formats included (CI gates).
    sbom_strict_schema: bool = False


@dataclass(frozen=True, slots=True)
class Release:
    id: int
    product_slug: str
    version: str
    release_date: date | None
    end_of_support: date | None
    status: str
    notes: str = ""
    uuid: str = ""  # stable identity; Dependency-Track clients call it the project UUID


@dataclass(frozen=True, slots=True)
class Product:
    id: int
    slug: str
    name: str
    organization_id: int
    description: str
    intended_purpose: str
    scope_answers: dict[str, str]
    scope_outcome: str
    categories: tuple[str, ...]
    product_class: str
    free_open_source_public_documentation: bool
    standards_applied: str
    allowed_procedures: tuple[str, ...]
    support: SupportPolicy
    catalog_version: str
    created_at: datetime
    updated_at: datetime
    releases: tuple[Release, ...] = field(default=())

    def latest_release(self) -> Release | None:
        released = [
            r for r in self.releases if r.release_date is not None and r.status == "released"
        ]
        return max(released, key=lambda r: (r.release_date, r.id)) if released else None


def slugify(name: str) -> str:
    """A URL- and CLI-friendly identifier: ASCII, lower case, words joined by dashes."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:SLUG_MAX].strip("-")


def validate_product_basics(name: str, slug: str) -> None:
    problems = ProblemCollector()
    if not name.strip():
        problems.add("name", "a product name is required")
    elif len(name) > 200:
        problems.add("name", "at most 200 characters")
    if not slug:
        problems.add("slug", "give a slug of letters, digits and dashes (or a name that has some)")
    elif not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug) or len(slug) > SLUG_MAX:
        problems.add("slug", f"{slug!r} must be lower-case letters, digits and single dashes")
    problems.raise_if_any("the product is invalid")


def validate_version(version: str) -> None:
    problems = ProblemCollector()
    if not version.strip():
        problems.add("version", "a version is required")
    elif len(version) > 100 or any(ch.isspace() for ch in version):
        problems.add("version", "at most 100 characters, without spaces")
    problems.raise_if_any("the release is invalid")


def validate_country(code: str) -> None:
    if code and code not in EU_MEMBER_STATES:
        problems = ProblemCollector()
        problems.add(
            "main_establishment_country",
            f"{code!r} is not the ISO 3166-1 code of an EU Member State",
            "ART14-7",
        )
        problems.raise_if_any("the organization is invalid")
