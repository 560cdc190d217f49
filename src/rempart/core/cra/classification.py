"""Which class is the product, and which conformity assessment may it use? (core layer)

Classification follows the product's *core functionality* (Art. 7(1), IR 2025/2392 recitals
2–5): the user selects the Annex III / IV categories whose core functionality the product has;
Rempart never guesses from keywords. The class is the highest class among the selected
categories, and the permitted procedures are those every selected category permits (their
intersection), per Art. 32:

- default (no category): Module A, B+C, H, or an EU certification scheme where available
  (Art. 32(1), ``CA-DEFAULT``);
- Class I: Module A only where harmonised standards, common specifications or an EU
  certification (≥ substantial) were applied in full; otherwise B+C or H (Art. 32(2));
- Class II: B+C, H, or EU certification ≥ substantial (Art. 32(3));
- critical: the certification scheme an Art. 8(1) delegated act requires; while none is
  adopted, any Art. 32(3) procedure (Art. 32(4));
- free and open-source Annex III products whose technical documentation is public: any
  Art. 32(1) procedure (Art. 32(5)); this does not extend to Annex IV.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rempart.core.cra.catalog import Catalog
from rempart.core.cra.citation import Citation
from rempart.core.cra.model import Category, ProcedureId, ProductClassRule


class StandardsApplied(StrEnum):
    """How far harmonised standards / common specifications / EU certification were applied."""

    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class RouteQuestion:
    """What decides the conformity route besides the categories."""

    categories: tuple[str, ...] = ()
    free_open_source_public_documentation: bool = False
    standards_applied: StandardsApplied = StandardsApplied.NONE


@dataclass(frozen=True, slots=True)
class ProcedureOption:
    procedure_id: ProcedureId
    label: str
    allowed: bool
    notified_body: bool
    reason: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class TimingNote:
    date: date
    message: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class Classification:
    product_class: ProductClassRule
    categories: tuple[Category, ...]
    procedures: tuple[ProcedureOption, ...]
    matrix_row: Citation
    warnings: tuple[str, ...]
    timing: tuple[TimingNote, ...]
    citations: tuple[Citation, ...]

    @property
    def allowed_procedures(self) -> tuple[ProcedureOption, ...]:
        return tuple(option for option in self.procedures if option.allowed)


def _matrix_row(catalog: Catalog, class_id: str, question: RouteQuestion) -> str:
    if class_id == "default":
        return "CA-DEFAULT"
    if class_id in ("important-class-i", "important-class-ii") and (
        question.free_open_source_public_documentation
    ):
        return "CA-FOSS-IMPORTANT"
    if class_id == "important-class-i":
        full = question.standards_applied is StandardsApplied.FULL
        return "CA-CLASS-I-HS" if full else "CA-CLASS-I-NOHS"
    if class_id == "important-class-ii":
        return "CA-CLASS-II"
    return "CA-CRITICAL-DA" if catalog.rules.status.art8_delegated_act_adopted else "CA-CRITICAL"


# Which procedures each conformity-matrix row permits (cra.md §12.1, Art. 32).
MATRIX: dict[str, frozenset[ProcedureId]] = {
    "CA-DEFAULT": frozenset({"module-a", "module-b-c", "module-h", "eu-certification"}),
    "CA-CLASS-I-HS": frozenset({"module-a", "module-b-c", "module-h", "eu-certification"}),
    "CA-CLASS-I-NOHS": frozenset({"module-b-c", "module-h"}),
    "CA-CLASS-II": frozenset({"module-b-c", "module-h", "eu-certification"}),
    "CA-CRITICAL": frozenset({"module-b-c", "module-h", "eu-certification"}),
    "CA-CRITICAL-DA": frozenset({"eu-certification"}),
    "CA-FOSS-IMPORTANT": frozenset({"module-a", "module-b-c", "module-h", "eu-certification"}),
}

MATRIX_ARTICLES: dict[str, tuple[str, ...]] = {
    "CA-DEFAULT": ("ART32-1",),
    "CA-CLASS-I-HS": ("ART32-1", "ART32-2"),
    "CA-CLASS-I-NOHS": ("ART32-2",),
    "CA-CLASS-II": ("ART32-3",),
    "CA-CRITICAL": ("ART8-1", "ART32-4"),
    "CA-CRITICAL-DA": ("ART8-1", "ART32-4"),
    "CA-FOSS-IMPORTANT": ("ART32-5",),
}


NOT_PERMITTED: dict[str, str] = {
    "CA-CLASS-I-NOHS": (
        "a Class I product may use internal control only where harmonised standards, common "
        "specifications or an EU cybersecurity certification (at least 'substantial') were "
        "applied in full"
    ),
    "CA-CLASS-II": (
        "a Class II product needs a notified body (Module B+C or H) or an EU cybersecurity "
        "certification at least 'substantial'"
    ),
    "CA-CRITICAL": (
        "a critical product uses the Art. 32(3) procedures while no Art. 8(1) delegated act "
        "requires a certificate"
    ),
    "CA-CRITICAL-DA": "an Art. 8(1) delegated act requires a European cybersecurity certificate",
}


def classify(catalog: Catalog, question: RouteQuestion) -> Classification:
    """The class, the permitted procedures with reasons, and what changes with the dates."""
    categories = _categories(catalog, question.categories)
    classes = [catalog.product_class(c.product_class) for c in categories] or [
        catalog.product_class("default")
    ]
    product_class = max(classes, key=lambda rule: rule.rank)
    rows = {_matrix_row(catalog, rule.id, question) for rule in classes}
    allowed = frozenset.intersection(*(MATRIX[row] for row in rows))
    main_row = _matrix_row(catalog, product_class.id, question)
    procedures = tuple(
        _option(catalog, p.id, p.id in allowed, main_row) for p in catalog.rules.procedure
    )
    cited = [*product_class.citations, main_row, *MATRIX_ARTICLES[main_row]]
    cited += [c.id for c in categories]
    return Classification(
        product_class=product_class,
        categories=categories,
        procedures=procedures,
        matrix_row=catalog.citation(main_row),
        warnings=tuple(_warnings(catalog, categories, question, product_class.id)),
        timing=_timing(catalog, product_class.id),
        citations=catalog.citations(dict.fromkeys(cited)),
    )


def _categories(catalog: Catalog, ids: Sequence[str]) -> tuple[Category, ...]:
    seen: dict[str, Category] = {}
    for raw in ids:
        category = catalog.category(raw.strip().upper())
        seen.setdefault(category.id, category)
    return tuple(seen.values())


def _option(catalog: Catalog, procedure_id: str, allowed: bool, row: str) -> ProcedureOption:
    rule = catalog.procedure(procedure_id)
    citations = catalog.citations((*rule.citations, row, *MATRIX_ARTICLES[row]))
    if not allowed and (row, procedure_id) == ("CA-CLASS-I-NOHS", "eu-certification"):
        reason = (
            "not an Art. 32(2) procedure: an EU cybersecurity certificate at least 'substantial' "
            "counts as applying the requirements in full (Art. 27(9)); say so under standards applied"
        )
    elif not allowed:
        reason = "not permitted: " + NOT_PERMITTED.get(row, catalog.citation(row).summary)
    elif (
        procedure_id == "eu-certification"
        and not catalog.rules.status.certification_schemes_specified
    ):
        reason = (
            "permitted where a scheme is available and applicable; as of "
            f"{catalog.rules.as_of.isoformat()} no scheme has been specified under Art. 27(9)"
        )
        citations = (
            *citations,
            *catalog.citations(catalog.rules.status.certification_schemes_citations),
        )
    elif rule.notified_body:
        reason = "permitted; involves a notified body"
    else:
        reason = "permitted; the manufacturer assesses conformity itself"
    return ProcedureOption(rule.id, rule.label, allowed, rule.notified_body, reason, citations)


def _warnings(
    catalog: Catalog, categories: Sequence[Category], question: RouteQuestion, class_id: str
) -> list[str]:
    warnings: list[str] = []
    status = catalog.rules.status
    if len(categories) > 1:
        listed = ", ".join(c.id for c in categories)
        warnings.append(
            f"Several categories were selected ({listed}). Classification follows the product's "
            "core functionality (Art. 7(1)); only the permitted procedures common to all of them "
            "are shown. Integrating a component of a category does not in itself put the host "
            "product in that category."
        )
    if question.standards_applied is StandardsApplied.FULL and not (
        status.harmonised_standards_published or status.common_specifications_adopted
    ):
        warnings.append(
            "You state that harmonised standards, common specifications or an EU certification "
            "were applied in full, but as of "
            f"{catalog.rules.as_of.isoformat()} no CRA harmonised standard reference had been "
            "published in the Official Journal and no common specification adopted "
            "[STD-EN40000, ACT-27-2]. Module A for a Class I product rests on that claim."
        )
    if question.free_open_source_public_documentation and class_id == "critical":
        warnings.append(
            "The free and open-source rule of Art. 32(5) covers Annex III categories only, not "
            "Annex IV critical products."
        )
    return warnings


def _timing(catalog: Catalog, class_id: str) -> tuple[TimingNote, ...]:
    notes = [
        TimingNote(
            catalog.date_of("DATE-ART14"),
            "Reporting of actively exploited vulnerabilities and severe incidents (Art. 14) "
            "applies, also to products placed on the market before 11 December 2027.",
            catalog.citations(["DATE-ART14", "SCOPE-LEGACY"]),
        ),
        TimingNote(
            catalog.date_of("DATE-FULL"),
            "Products placed on the market from this date must have passed the conformity "
            "assessment above, carry the CE marking and an EU declaration of conformity; units "
            "placed earlier are subject to the other obligations only if substantially modified "
            "from this date.",
            catalog.citations(["DATE-FULL", "DATE-LEGACY-CUTOFF", "ART13-12"]),
        ),
    ]
    if class_id != "default":
        notes.insert(
            0,
            TimingNote(
                catalog.date_of("DATE-NB-CHAPTER-IV"),
                "Notified bodies for Modules B+C and H can be notified under the CRA from this date.",
                catalog.citations(["DATE-NB-CHAPTER-IV"]),
            ),
        )
    return tuple(notes)


def require_category_ids(catalog: Catalog, ids: Sequence[str]) -> tuple[str, ...]:
    """Normalise category IDs (upper case, no duplicates), refusing unknown ones."""
    return tuple(c.id for c in _categories(catalog, ids))
