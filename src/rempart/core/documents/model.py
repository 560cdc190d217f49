"""Documents as values: sections per catalog item, entries, and the facts they come from (core).

A :class:`Document` is a list of :class:`Section` s, one per catalog item of its annex, in
catalog order; each section carries the item's ID and legal reference, what the document says
(:class:`Entry` lines and fixed statements) and which bundle files serve it. ``missing`` lists
every mandatory value that is not there; a document with anything missing is a draft.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from rempart.core.cra.catalog import Catalog
from rempart.core.documents.fields import FIELDS_BY_NAME, DocumentationRecord
from rempart.core.documents.labels import Labels
from rempart.core.errors import CatalogError, Problem
from rempart.core.product import Organization, Product, Release


class DocumentKind(StrEnum):
    """The documents, each with the catalog requirement group whose items it must contain."""

    DECLARATION = "declaration"  # Annex V
    SIMPLIFIED_DECLARATION = "simplified-declaration"  # Annex VI
    USER_INFORMATION = "user-information"  # Annex II
    TECHNICAL_FILE = "technical-file"  # Annex VII

    @property
    def group(self) -> str:
        return _GROUPS[self]

    @property
    def title_key(self) -> str:
        return _TITLES[self]


_GROUPS = {
    DocumentKind.DECLARATION: "annex-v",
    DocumentKind.SIMPLIFIED_DECLARATION: "annex-vi",
    DocumentKind.USER_INFORMATION: "annex-ii",
    DocumentKind.TECHNICAL_FILE: "annex-vii",
}
_TITLES = {
    DocumentKind.DECLARATION: "declaration_title",
    DocumentKind.SIMPLIFIED_DECLARATION: "simplified_title",
    DocumentKind.USER_INFORMATION: "user_information_title",
    DocumentKind.TECHNICAL_FILE: "technical_file_title",
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One labelled value of a section; ``missing`` when a mandatory value is absent."""

    label: str
    value: str | tuple[str, ...]
    missing: bool = False


@dataclass(frozen=True, slots=True)
class Section:
    item_id: str  # the catalog ID, e.g. "AV-7"
    ref: str  # the legal reference, e.g. "Annex V, point 7"
    heading: str  # in the document's language
    legal_text: str  # the catalog's quoted wording (English, the reference text)
    level: int  # 1 for a point, 2 for a sub-point such as AII-8a
    statements: tuple[str, ...] = ()
    entries: tuple[Entry, ...] = ()
    files: tuple[str, ...] = ()
    missing: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    kind: DocumentKind
    language: str
    title: str
    product_name: str
    version: str | None
    sections: tuple[Section, ...]
    labels: Labels

    @property
    def missing(self) -> tuple[Problem, ...]:
        return tuple(p for s in self.sections for p in s.missing)

    @property
    def final(self) -> bool:
        """A document may be labelled final only when nothing mandatory is missing."""
        return not self.missing

    def section(self, item_id: str) -> Section:
        for section in self.sections:
            if section.item_id == item_id:
                return section
        raise KeyError(item_id)


@dataclass(frozen=True, slots=True)
class SbomFact:
    label: str
    format: str
    spec_version: str
    sha256: str
    component_count: int


@dataclass(frozen=True, slots=True)
class RequirementFact:
    """An Annex I requirement as assessed: ID, whether it applies, status, justification."""

    id: str
    applicable: bool
    status: str
    justification: str = ""


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything a document is built from, gathered by the documents service."""

    manufacturer: Organization
    product: Product
    release: Release | None
    record: DocumentationRecord
    contact_points: tuple[str, ...] = ()  # where vulnerabilities are reported (AII-2)
    policy_url: str = ""  # where the CVD policy can be found (AII-2)
    sboms: tuple[SbomFact, ...] = ()
    risk_summary: str | None = None  # None: no risk assessment for the release
    requirements: tuple[RequirementFact, ...] = ()  # the Annex I assessment
    tests: tuple[str, ...] = ()  # security tests and audits, one line each
    vulnerability_summary: str = ""
    files: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # item -> bundle paths
    notified_body_procedures: frozenset[str] = frozenset()  # procedures with a notified body
    documents_missing: Mapping[str, int] = field(default_factory=dict)  # kind -> missing count


@dataclass(slots=True)
class SectionDraft:
    """Collects a section's statements, entries and missing values while it is built."""

    item_id: str
    labels: Labels
    language: str
    statements: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    missing: list[Problem] = field(default_factory=list)

    def say(self, key: str, **values: str) -> None:
        self.statements.append(self.labels.statement(key, **values))

    def value(
        self, label: str, value: str | tuple[str, ...], *, required: bool, field_name: str
    ) -> None:
        """Add a value; when required and empty, record it as missing."""
        if value:
            self.entries.append(Entry(label, value))
            return
        if required:
            self.entries.append(Entry(label, self.labels.doc("not_entered"), missing=True))
            self.need(field_name, f"{label}: {self.labels.doc('not_entered')}")
        else:
            self.entries.append(Entry(label, self.labels.doc("none")))

    def field(self, record: DocumentationRecord, name: str, *, required: bool) -> str:
        """An entered field in the section's language; returns its text."""
        text = record.text(name, self.language)
        where = f"{name}.{self.language}" if _translatable(name) else name
        self.value(self.labels.field(name), text, required=required, field_name=where)
        return text

    def need(self, field_name: str, message: str) -> None:
        self.missing.append(
            Problem(field=f"{self.item_id} {field_name}", message=message, citation=self.item_id)
        )


def _translatable(name: str) -> bool:
    spec = FIELDS_BY_NAME.get(name)
    return spec is not None and spec.translatable


Rule = Callable[[SectionDraft, Facts], None]


def build_document(
    catalog: Catalog,
    kind: DocumentKind,
    labels: Labels,
    facts: Facts,
    rules: Mapping[str, Rule],
) -> Document:
    """One section per catalog item of ``kind``'s group, each filled by its content rule."""
    sections = []
    for _group, provision in catalog.requirements(kind.group):
        rule = rules.get(provision.id)
        if rule is None:
            raise CatalogError(
                f"the catalog has {provision.id} ({provision.ref}) but the {kind.value} has no "
                "content rule for it: add one in rempart.core.documents"
            )
        draft = SectionDraft(provision.id, labels, labels.code)
        rule(draft, facts)
        sections.append(
            Section(
                item_id=provision.id,
                ref=provision.ref,
                heading=labels.item(provision.id),
                legal_text=(provision.text or "").strip(),
                level=2 if provision.id[-1].isalpha() else 1,
                statements=tuple(draft.statements),
                entries=tuple(draft.entries),
                files=tuple(facts.files.get(provision.id, ())),
                missing=tuple(draft.missing),
            )
        )
    version = facts.release.version if facts.release else None
    return Document(
        kind,
        labels.code,
        labels.doc(kind.title_key),
        facts.product.name,
        version,
        tuple(sections),
        labels,
    )


def notified_body_procedures(catalog: Catalog) -> frozenset[str]:
    """The conformity assessment procedures that involve a notified body (Annex VIII)."""
    return frozenset(p.id for p in catalog.rules.procedure if p.notified_body)


def format_date(labels: Labels, day: date) -> str:
    """A date in the document's language: ``5 December 2026`` / ``5 décembre 2026``."""
    return f"{day.day} {labels.months[day.month - 1]} {day.year}"
