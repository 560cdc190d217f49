"""Reading the CRA catalog: requirements, categories, timeline (services layer).

These functions return plain JSON-ready structures, so the CLI's ``--format json`` and the
API answer with the same documented shapes (docs/cli-json.md).
"""

from __future__ import annotations

from datetime import date

from rempart.core.cra.catalog import Catalog
from rempart.core.cra.category_search import CategoryMatch, search_categories
from rempart.core.cra.citation import Citation
from rempart.core.cra.model import Category
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext


def citation_dict(citation: Citation) -> dict[str, object]:
    return {"id": citation.id, "ref": citation.ref, "summary": citation.summary}


def requirements(ctx: ServiceContext, group: str | None = None) -> list[dict[str, object]]:
    """Annex I (and the other annexes' points), each with its legal text and citation."""
    require(ctx, Action.READ)
    return [
        {
            "id": provision.id,
            "group": requirement_group.id,
            "group_title": requirement_group.title,
            "ref": provision.ref,
            "summary": provision.summary,
            "text": provision.text or "",
            "note": provision.note or "",
        }
        for requirement_group, provision in ctx.catalog.requirements(group)
    ]


def categories(ctx: ServiceContext, search: str | None = None) -> list[dict[str, object]]:
    """Annex III/IV categories; with ``search``, those it speaks of (word stems), best first."""
    require(ctx, Action.READ)
    catalog = ctx.catalog
    pairs: list[tuple[Category, CategoryMatch | None]]
    if search:
        found = search_categories(catalog, search, limit=len(catalog.categories))
        pairs = [(m.category, m) for m in found]
    else:
        pairs = [(category, None) for category in catalog.categories]
    return [
        {
            "id": category.id,
            "class": category.product_class,
            "class_label": catalog.product_class(category.product_class).label,
            "title": category.title,
            "ref": category.ref.split(";")[0],
            "technical_description_ref": catalog.citation(category.technical_description_id).ref,
            "technical_description": category.technical_description,
            "examples": list(category.examples),
            **(_match_dict(match) if match is not None else {}),
        }
        for category, match in pairs
    ]


def _match_dict(match: CategoryMatch) -> dict[str, object]:
    return {
        "match_score": match.score,
        "matched_in": match.matched_in,
        "matched_words": [*match.in_title, *match.in_description],
    }


def suggest_categories(ctx: ServiceContext, text: str, limit: int = 5) -> list[CategoryMatch]:
    """The categories a product's own words speak of: the wizard's reading aid, never a decision."""
    require(ctx, Action.READ)
    return search_categories(ctx.catalog, text, limit)


def timeline(ctx: ServiceContext) -> list[dict[str, object]]:
    """The CRA's application dates, with how far away each is from today."""
    require(ctx, Action.READ)
    today = ctx.clock.now().date()
    return [milestone(ctx.catalog, m.date_id, m.label, today) for m in ctx.catalog.rules.milestone]


def milestone(catalog: Catalog, date_id: str, label: str, today: date) -> dict[str, object]:
    when = catalog.date_of(date_id)
    days = (when - today).days
    return {
        "id": date_id,
        "date": when.isoformat(),
        "label": label,
        "ref": catalog.citation(date_id).ref.split(";")[0],
        "status": "applies" if days <= 0 else "upcoming",
        "days_from_today": days,
    }


def entry(ctx: ServiceContext, entry_id: str) -> dict[str, object]:
    """One catalog entry by ID, with its quoted text where the reference has it."""
    require(ctx, Action.READ)
    citation = ctx.catalog.citation(entry_id)
    return {**citation_dict(citation), "kind": citation.kind.value, "text": citation.text or ""}
