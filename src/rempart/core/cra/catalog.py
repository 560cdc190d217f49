"""The CRA catalog: the regulation as versioned data, validated when loaded (core layer).

``load_catalog()`` reads the packaged ``data/*.toml`` files, checks each against its schema
(``model.py`` via ``schema.build``), then checks the cross-references: every citation a rule
or question makes must resolve to an entry, the Annex III/IV lists must be complete, stage
contents must exist. A broken catalog is a :class:`CatalogError` at start-up, never a wrong
answer later.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

from rempart.core.cra import model
from rempart.core.cra.citation import Citation, CitationKind
from rempart.core.cra.schema import build
from rempart.core.errors import CatalogError, InvalidInput, Problem

# Annex III has 19 Class I and 4 Class II categories, Annex IV has 3 (cra.md §5).
EXPECTED_CATEGORY_COUNTS = {"important-class-i": 19, "important-class-ii": 4, "critical": 3}


@dataclass(frozen=True)
class Catalog:
    """Everything Rempart knows about the CRA, with lookups by ID."""

    provisions: model.ProvisionsFile
    categories_file: model.CategoriesFile
    tables: model.TablesFile
    rules: model.RulesFile
    scope: model.ScopeFile
    _citations: dict[str, Citation] = field(default_factory=dict, repr=False)

    @property
    def version(self) -> str:
        return self.rules.catalog_version

    # -------------------------------------------------------------- citations
    def citation(self, entry_id: str) -> Citation:
        try:
            return self._citations[entry_id]
        except KeyError:
            raise InvalidInput.single("citation", f"unknown catalog entry {entry_id!r}") from None

    def citations(self, entry_ids: Iterable[str]) -> tuple[Citation, ...]:
        return tuple(self.citation(entry_id) for entry_id in entry_ids)

    def has(self, entry_id: str) -> bool:
        return entry_id in self._citations

    def all_citation_ids(self) -> list[str]:
        return list(self._citations)

    # -------------------------------------------------------------- provisions
    def provision(self, provision_id: str) -> model.Provision:
        for provision in self.provisions.provision:
            if provision.id == provision_id:
                return provision
        raise InvalidInput.single("provision", f"unknown provision {provision_id!r}")

    def requirements(
        self, group_id: str | None = None
    ) -> Iterator[tuple[model.RequirementGroup, model.Provision]]:
        """Provisions of the requirement groups (Annex I Part I/II, II, V, VI, VII, VIII)."""
        groups = self.rules.requirement_group
        if group_id is not None:
            groups = tuple(g for g in groups if g.id == group_id)
            if not groups:
                known = ", ".join(g.id for g in self.rules.requirement_group)
                raise InvalidInput.single("group", f"unknown group {group_id!r}; known: {known}")
        for group in groups:
            for provision in self.provisions.provision:
                if provision.id.startswith(group.prefix):
                    yield group, provision

    # -------------------------------------------------------------- categories
    @property
    def categories(self) -> tuple[model.Category, ...]:
        return self.categories_file.category

    def category(self, category_id: str) -> model.Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise InvalidInput.single(
            "categories",
            f"unknown category {category_id!r}; use an Annex III ID (AIII-C1-1 … AIII-C1-19, "
            "AIII-C2-1 … AIII-C2-4) or an Annex IV ID (AIV-1 … AIV-3)",
        )

    def product_class(self, class_id: str) -> model.ProductClassRule:
        for rule in self.rules.product_class:
            if rule.id == class_id:
                return rule
        raise InvalidInput.single("product_class", f"unknown product class {class_id!r}")

    def procedure(self, procedure_id: str) -> model.ProcedureRule:
        for rule in self.rules.procedure:
            if rule.id == procedure_id:
                return rule
        raise InvalidInput.single("procedure", f"unknown procedure {procedure_id!r}")

    # -------------------------------------------------------------- dates and reporting
    def date_of(self, date_id: str) -> date:
        for row in self.tables.dates:
            if row.id == date_id:
                return date.fromisoformat(row.date[:10])
        raise InvalidInput.single("date", f"unknown date entry {date_id!r}")

    def report_stages(self, case_kind: str) -> tuple[model.ReportStageRule, ...]:
        stages = [s for s in self.rules.report_stage if s.case_kind in (case_kind, "any")]
        return tuple(sorted(stages, key=lambda s: s.order))

    def content_item(self, content_id: str) -> model.ContentRow:
        for row in self.tables.reporting_contents:
            if row.id == content_id:
                return row
        raise InvalidInput.single("content", f"unknown report content item {content_id!r}")


def _citation_index(
    provisions: model.ProvisionsFile, categories: model.CategoriesFile, tables: model.TablesFile
) -> dict[str, Citation]:
    index: dict[str, Citation] = {}
    problems: list[Problem] = []

    def add(citation: Citation) -> None:
        if citation.id in index:
            problems.append(Problem(field=citation.id, message="duplicate catalog ID"))
        index[citation.id] = citation

    for p in provisions.provision:
        add(Citation(p.id, CitationKind.PROVISION, p.ref, p.summary or (p.title or ""), p.text))
    for c in categories.category:
        add(
            Citation(
                c.id, CitationKind.CATEGORY, c.ref.split(";")[0], c.title, c.technical_description
            )
        )
        ir_ref = c.ref.split("technical description: ")[-1].split(" (`")[0]
        add(
            Citation(
                c.technical_description_id,
                CitationKind.CATEGORY,
                ir_ref,
                c.title,
                c.technical_description,
            )
        )
    for row in _table_citations(tables):
        add(row)
    if problems:
        raise CatalogError("catalog IDs are not unique", problems)
    return index


def _table_citations(tables: model.TablesFile) -> Iterator[Citation]:
    table = CitationKind.TABLE
    for r in tables.identification:
        yield Citation(r.id, table, r.source, f"{r.field}: {r.value}")
    for d in tables.dates:
        yield Citation(d.id, table, d.legal_basis, f"{d.date}: {d.what}")
    for df in tables.definitions:
        yield Citation(df.id, table, f"Art. 3({df.id.rsplit('-', 1)[1]})", df.plain, df.text)
    for n in tables.numeric_rules:
        yield Citation(n.id, table, n.ref, f"{n.rule}: {n.value}")
    for dl in tables.reporting_deadlines:
        yield Citation(dl.id, table, dl.ref, f"{dl.report}: {dl.deadline} (from {dl.anchor})")
    for ct in tables.reporting_contents:
        yield Citation(ct.id, table, ct.report, f"{ct.item} ({ct.qualifier})")
    for ir in tables.implementing_regulation:
        yield Citation(
            ir.id, table, "Implementing Regulation (EU) 2025/2392", f"{ir.item}: {ir.content}"
        )
    for ca in tables.conformity_matrix:
        yield Citation(ca.id, table, ca.ref, ca.product_class)
    # Penalty rows share their IDs with the Art. 64 provisions, which are the citations.
    for sb in tables.sbom_guidance:
        yield Citation(
            sb.id, table, f"BSI TR-03183-2 {sb.tr_section}", f"{sb.item}: {sb.requirement}"
        )
    for st in tables.standards:
        yield Citation(
            st.id,
            table,
            "Implementing Decision C(2025) 618",
            f"{st.deliverable} ({st.cra_link}), due {st.deadline}",
        )
    for act in tables.acts:
        yield Citation(act.id, table, act.empowerment, act.status)
        if act.also:
            for alias in act.also.split(", "):
                yield Citation(alias, table, act.empowerment, act.status)
    for note in tables.notes:
        yield Citation(
            note.id, CitationKind.NOTE, f"reference §{note.section}", note.text.split("\n")[0]
        )


def _check_references(catalog: Catalog) -> None:
    problems: list[Problem] = []

    def need(where: str, ids: Iterable[str]) -> None:
        problems.extend(
            Problem(field=where, message=f"cites unknown entry {entry_id!r}")
            for entry_id in ids
            if not catalog.has(entry_id)
        )

    rules = catalog.rules
    status = rules.status
    need(
        "rules.status",
        status.harmonised_standards_citations + status.common_specifications_citations,
    )
    need(
        "rules.status", status.certification_schemes_citations + status.art8_delegated_act_citations
    )
    for rule in rules.product_class:
        need(f"rules.product_class.{rule.id}", rule.citations)
    for procedure in rules.procedure:
        need(f"rules.procedure.{procedure.id}", procedure.citations)
    for stage in rules.report_stage:
        need(f"rules.report_stage.{stage.id}", (*stage.citations, *stage.contents))
    need("rules.routing", rules.routing.citations)
    support = rules.support
    need("rules.support", support.minimum_citations + support.security_update_retention_citations)
    need("rules.support", support.documentation_retention_citations + support.end_date_citations)
    need("rules.support", support.user_information_retention_citations)
    need("rules.support", support.justification_citations)
    need("rules.milestone", (m.date_id for m in rules.milestone))
    asked: set[str] = set()
    for question in catalog.scope.question:
        need(f"scope.question.{question.id}", (*question.citations, *question.note_citations))
        if question.decided_by:
            need(f"scope.question.{question.id}", [question.decided_by])
        if question.ask_if and question.ask_if.question not in asked:
            problems.append(
                Problem(f"scope.question.{question.id}", "ask_if names a later or unknown question")
            )
        asked.add(question.id)
    for number, conflict in enumerate(catalog.scope.conflict):
        need(f"scope.conflict[{number}]", conflict.citations)
        problems.extend(
            Problem(f"scope.conflict[{number}]", f"unknown question {c.question!r}")
            for c in conflict.when
            if c.question not in asked
        )
    counts = {
        k: sum(1 for c in catalog.categories if c.product_class == k)
        for k in EXPECTED_CATEGORY_COUNTS
    }
    if counts != EXPECTED_CATEGORY_COUNTS:
        problems.append(
            Problem("categories", f"expected {EXPECTED_CATEGORY_COUNTS}, found {counts}")
        )
    if problems:
        raise CatalogError("catalog cross-references do not resolve", problems)


def _read(name: str) -> object:
    data = resources.files("rempart.core.cra").joinpath("data", name).read_bytes()
    try:
        return tomllib.loads(data.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{name} is not valid TOML: {exc}") from exc


def build_catalog(raw: dict[str, object]) -> Catalog:
    """Validate already-parsed catalog files (keyed by file name) and build the catalog."""
    provisions = build(model.ProvisionsFile, raw["provisions.toml"], "provisions.toml")
    categories = build(model.CategoriesFile, raw["categories.toml"], "categories.toml")
    tables = build(model.TablesFile, raw["tables.toml"], "tables.toml")
    rules = build(model.RulesFile, raw["rules.toml"], "rules.toml")
    scope = build(model.ScopeFile, raw["scope.toml"], "scope.toml")
    catalog = Catalog(
        provisions,
        categories,
        tables,
        rules,
        scope,
        _citation_index(provisions, categories, tables),
    )
    _check_references(catalog)
    return catalog


CATALOG_FILES = ("provisions.toml", "categories.toml", "tables.toml", "rules.toml", "scope.toml")


@functools.cache
def load_catalog() -> Catalog:
    """The packaged catalog, validated once per process."""
    return build_catalog({name: _read(name) for name in CATALOG_FILES})
