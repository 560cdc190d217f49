"""``rempart product`` and ``rempart release``: the product register from the terminal (cli layer)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click

from rempart.cli.bootstrap import operator_context, setup_django
from rempart.cli.output import FORMAT_OPTION, emit, print_table, say
from rempart.core.cra.scope import default_in_scope_answers
from rempart.core.cra.support import Retention, end_date_label
from rempart.core.errors import InvalidInput, ProblemCollector
from rempart.core.product import Product, Release
from rempart.core.register import ProductDraft
from rempart.services.context import ServiceContext


def release_dict(ctx: ServiceContext, release: Release) -> dict[str, Any]:
    setup_django()
    from rempart.services.products import register as products

    return {
        "version": release.version,
        "release_date": release.release_date,
        "end_of_support": release.end_of_support,
        "end_of_support_label": end_date_label(release.end_of_support)
        if release.end_of_support
        else None,
        "status": release.status,
        "support_status": products.release_support_status(ctx, release).value,
        "retention": retention_dict(products.release_retention(ctx, release)),
    }


def retention_dict(found: Retention | None) -> dict[str, Any] | None:
    """Until when records are kept or stay available (Art. 13(9), (13), (18)), with citations."""
    if found is None:
        return None
    return {
        "documentation_until": found.documentation_until,
        "user_information_until": found.user_information_until,
        "security_updates_until": found.security_updates_until,
        "citations": [
            *found.documentation_citations,
            *found.user_information_citations,
            *found.security_update_citations,
        ],
    }


def product_dict(ctx: ServiceContext, product: Product) -> dict[str, Any]:
    return {
        "slug": product.slug,
        "name": product.name,
        "scope_outcome": product.scope_outcome,
        "product_class": product.product_class,
        "categories": list(product.categories),
        "allowed_procedures": list(product.allowed_procedures),
        "support_months": product.support.support_months,
        "support_justification": product.support.justification,
        "catalog_version": product.catalog_version,
        "releases": [release_dict(ctx, r) for r in product.releases],
        "retention": retention_dict(_product_retention(ctx, product)),
    }


def _product_retention(ctx: ServiceContext, product: Product) -> Retention | None:
    from rempart.services.products import register as products

    return products.product_retention(ctx, product)


def _answers(
    typical: bool, pairs: tuple[str, ...], file: Path | None, ctx: ServiceContext
) -> dict[str, str]:
    answers: dict[str, str] = default_in_scope_answers(ctx.catalog) if typical else {}
    if file is not None:
        try:
            loaded = json.loads(file.read_text())
        except (OSError, ValueError) as exc:
            raise InvalidInput.single("--answers-file", f"{file}: {exc}") from exc
        if not isinstance(loaded, dict):
            raise InvalidInput.single(
                "--answers-file", f"{file}: expected a JSON object of question -> answer"
            )
        answers.update({str(k): str(v) for k, v in loaded.items()})
    problems = ProblemCollector()
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            problems.add("--answer", f"{pair!r} is not QUESTION=yes|no|unsure")
        answers[key.strip()] = value.strip()
    problems.raise_if_any("invalid scope answers")
    return answers


@click.group()
def product() -> None:
    """Register products and see their CRA scope, class, route and support."""


@product.command("add")
@click.option("--name", required=True, help="Product name.")
@click.option("--slug", default="", help="Identifier (default: derived from the name).")
@click.option("--description", default="")
@click.option("--intended-purpose", default="")
@click.option(
    "--typical",
    is_flag=True,
    help="Start from the answers of an ordinary commercial connected product with no exclusion (then adjust with --answer).",
)
@click.option(
    "--answer",
    "answers",
    multiple=True,
    metavar="QUESTION=yes|no|unsure",
    help="A scope answer; repeatable. See `rempart cra scope-questions`.",
)
@click.option(
    "--answers-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSON object of scope answers.",
)
@click.option(
    "--category",
    "categories",
    multiple=True,
    metavar="ID",
    help="Annex III/IV category (e.g. AIII-C1-3); repeatable.",
)
@click.option(
    "--foss-public-docs",
    is_flag=True,
    help="Free and open-source, technical documentation public (Art. 32(5)).",
)
@click.option(
    "--standards-applied",
    type=click.Choice(["full", "partial", "none"]),
    default="none",
    show_default=True,
)
@click.option(
    "--support-months", type=int, default=60, show_default=True, help="Support period (Art. 13(8))."
)
@click.option(
    "--expected-use-months",
    type=int,
    help="Expected use time, required for a support period under five years.",
)
@click.option(
    "--justification", default="", help="What was taken into account to set the support period."
)
@FORMAT_OPTION
def product_add(
    name: str,
    slug: str,
    description: str,
    intended_purpose: str,
    typical: bool,
    answers: tuple[str, ...],
    answers_file: Path | None,
    categories: tuple[str, ...],
    foss_public_docs: bool,
    standards_applied: str,
    support_months: int,
    expected_use_months: int | None,
    justification: str,
    fmt: str,
) -> None:
    """Register a product: decide its scope, class, conformity route and support policy."""
    setup_django()
    from rempart.services.products import register as products

    ctx = operator_context()
    draft = ProductDraft(
        name=name,
        slug=slug,
        description=description,
        intended_purpose=intended_purpose,
        scope_answers=_answers(typical, answers, answers_file, ctx),
        categories=categories,
        free_open_source_public_documentation=foss_public_docs,
        standards_applied=standards_applied,
        support_months=support_months,
        expected_use_months=expected_use_months,
        support_justification=justification,
    )
    created = products.create_product(ctx, draft)
    data = product_dict(ctx, created)
    emit(
        data,
        fmt,
        lambda d: say(
            f"Registered [bold]{d['name']}[/bold] ({d['slug']}): {d['scope_outcome']}, {d['product_class']}."
        ),
    )


@product.command("list")
@FORMAT_OPTION
def product_list(fmt: str) -> None:
    """List products with scope, class and support status."""
    setup_django()
    from rempart.services.products import register as products

    ctx = operator_context()
    data = [product_dict(ctx, p) for p in products.list_products(ctx)]

    def table(rows: list[dict[str, Any]]) -> None:
        print_table(
            "Products",
            ["Slug", "Name", "Scope", "Class", "Latest release", "End of support", "Support"],
            [
                [
                    r["slug"],
                    r["name"],
                    r["scope_outcome"],
                    r["product_class"],
                    r["releases"][0]["version"] if r["releases"] else "—",
                    r["releases"][0]["end_of_support_label"] if r["releases"] else "—",
                    r["releases"][0]["support_status"] if r["releases"] else "not-released",
                ]
                for r in rows
            ],
        )

    emit(data, fmt, table)


@product.command("show")
@click.argument("slug")
@FORMAT_OPTION
def product_show(slug: str, fmt: str) -> None:
    """Show a product's decisions with the articles behind them."""
    setup_django()
    from rempart.services.products import register as products

    ctx = operator_context()
    item = products.get_product(ctx, slug)
    decided = products.assess_product(ctx, item)
    data = {
        **product_dict(ctx, item),
        "scope": {
            "outcome": decided.scope.outcome.value,
            "reasons": [
                {"message": r.message, "citations": [c.id for c in r.citations]}
                for r in decided.scope.reasons
            ],
            "notes": [
                {"message": n.message, "citations": [c.id for c in n.citations]}
                for n in decided.scope.notes
            ],
        },
        "route": {
            "citation": decided.classification.matrix_row.id,
            "procedures": [
                {
                    "id": p.procedure_id,
                    "allowed": p.allowed,
                    "reason": p.reason,
                    "citations": [c.id for c in p.citations],
                }
                for p in decided.classification.procedures
            ],
        },
        "warnings": list(decided.warnings),
    }
    emit(data, fmt, lambda d: _show(ctx, d))


def _show(ctx: ServiceContext, data: dict[str, Any]) -> None:
    label = ctx.catalog.citation
    say(f"[bold]{data['name']}[/bold] ({data['slug']})")
    for reason in data["scope"]["reasons"]:
        cites = ", ".join(label(c).label() for c in reason["citations"])
        say(f"Scope: {data['scope']['outcome']} — {reason['message']} [{cites}]")
    say(
        f"Class: {data['product_class']} {', '.join(data['categories'])} [{label(data['route']['citation']).label()}]"
    )
    print_table(
        "Conformity assessment (Art. 32)",
        ["Procedure", "Permitted", "Why"],
        [
            [p["id"], "yes" if p["allowed"] else "no", p["reason"]]
            for p in data["route"]["procedures"]
        ],
    )
    _releases_table("Releases", data["releases"])
    kept = data.get("retention")
    if kept:
        say(
            f"Keep the technical documentation and EU DoC until {kept['documentation_until']} "
            f"[ART13-13], the user information until {kept['user_information_until']} "
            f"[ART13-18]; security updates stay available until at least "
            f"{kept['security_updates_until']} [ART13-9]."
        )
    if not data.get("support_justification"):
        say(
            "[yellow]Warning:[/yellow] no record of what was taken into account to determine "
            "the support period [ART13-8, AVII-4]."
        )
    for warning in data["warnings"]:
        say(f"[yellow]Warning:[/yellow] {warning}")


@click.group()
def release() -> None:
    """Add and list the releases of a product."""


@release.command("add")
@click.argument("slug")
@click.argument("version")
@click.option(
    "--date", "release_date", type=click.DateTime(["%Y-%m-%d"]), help="Release date (YYYY-MM-DD)."
)
@click.option(
    "--end-of-support",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Default: release date + support period.",
)
@click.option(
    "--status",
    type=click.Choice(["planned", "released", "withdrawn"]),
    default="released",
    show_default=True,
)
@FORMAT_OPTION
def release_add(
    slug: str, version: str, release_date: Any, end_of_support: Any, status: str, fmt: str
) -> None:
    """Add release VERSION to product SLUG."""
    setup_django()
    from rempart.services.products import register as products

    ctx = operator_context()
    draft = products.ReleaseDraft(
        version=version,
        release_date=_day(release_date),
        end_of_support=_day(end_of_support),
        status=status,
    )
    created = products.add_release(ctx, slug, draft)
    emit(
        release_dict(ctx, created),
        fmt,
        lambda d: say(f"Added {slug} {d['version']}, supported until {d['end_of_support_label']}."),
    )


def _day(value: Any) -> date | None:
    return value.date() if value is not None else None


@release.command("list")
@click.argument("slug")
@FORMAT_OPTION
def release_list(slug: str, fmt: str) -> None:
    """List the releases of product SLUG."""
    setup_django()
    from rempart.services.products import register as products

    ctx = operator_context()
    data = [release_dict(ctx, r) for r in products.get_product(ctx, slug).releases]
    emit(data, fmt, lambda rows: _releases_table(f"Releases of {slug}", rows))


def _releases_table(title: str, rows: list[dict[str, Any]]) -> None:
    print_table(
        title,
        ["Version", "Released", "End of support", "Status", "Support", "Docs kept until",
         "Update available until"],
        [
            [
                r["version"], r["release_date"], r["end_of_support_label"], r["status"],
                r["support_status"],
                r["retention"]["documentation_until"] if r["retention"] else "—",
                r["retention"]["security_updates_until"] if r["retention"] else "—",
            ]
            for r in rows
        ],
    )  # fmt: skip


COMMANDS = [product, release]
