"""The normalized SBOM: components and their dependency graph (core layer).

CycloneDX and SPDX documents are both mapped (by ``rempart.formats``) onto these frozen
values, so everything downstream — quality checks, matching, VEX, diffs, exports — speaks
one model. Field meanings follow CycloneDX 1.6 where the two standards differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ComponentScope(StrEnum):
    REQUIRED = "required"
    OPTIONAL = "optional"
    EXCLUDED = "excluded"


class SbomFormat(StrEnum):
    CYCLONEDX = "CycloneDX"
    SPDX = "SPDX"


class Encoding(StrEnum):
    JSON = "json"
    XML = "xml"
    TAG_VALUE = "tag-value"


@dataclass(frozen=True, slots=True)
class Hash:
    algorithm: str  # normalized upper-case with dash, e.g. "SHA-256", "SHA-512"
    value: str  # lower-case hex


@dataclass(frozen=True, slots=True)
class Component:
    """One component as the SBOM describes it.

    ``bom_ref`` is unique within one SBOM (CycloneDX ``bom-ref``; SPDX ``SPDXID``).
    ``purl`` is the canonical string form produced by packageurl-python, or ``None``.
    ``licenses`` is one SPDX license expression (``None`` when the SBOM states none).
    """

    bom_ref: str
    name: str
    type: str = "library"
    version: str | None = None
    group: str | None = None
    purl: str | None = None
    cpe: str | None = None
    supplier: str | None = None
    author: str | None = None
    hashes: tuple[Hash, ...] = ()
    licenses: str | None = None
    scope: ComponentScope | None = None
    description: str | None = None
    filename: str | None = None
    properties: tuple[tuple[str, str], ...] = ()
    external_references: tuple[tuple[str, str], ...] = ()  # (type, url)

    @property
    def display_name(self) -> str:
        base = f"{self.group}/{self.name}" if self.group else self.name
        return f"{base}@{self.version}" if self.version else base


@dataclass(frozen=True, slots=True)
class Dependency:
    """``ref`` depends on ``depends_on`` (both bom-refs of the same SBOM)."""

    ref: str
    depends_on: str


@dataclass(frozen=True, slots=True)
class SbomDocument:
    """A parsed, normalized SBOM document."""

    format: SbomFormat
    spec_version: str
    encoding: Encoding
    components: tuple[Component, ...]
    dependencies: tuple[Dependency, ...] = ()
    # The described product (CycloneDX ``metadata.component``; SPDX DESCRIBES target). It is
    # not counted in ``components``; its direct dependencies are the top-level dependencies.
    root: Component | None = None
    serial_number: str | None = None
    document_version: int | None = None
    created: str | None = None  # ISO 8601 timestamp as written in the document
    creators: tuple[str, ...] = ()  # tools, persons and organizations that made the SBOM
    name: str | None = None
    warnings: tuple[str, ...] = field(default=())

    def by_ref(self) -> dict[str, Component]:
        return {component.bom_ref: component for component in self.components}
