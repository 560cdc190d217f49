"""``rempart cra``: the regulation at hand, with citations; needs no workspace (cli layer)."""

from __future__ import annotations

from typing import Any

import click

from rempart.cli.output import FORMAT_OPTION, emit, print_table, say
from rempart.core.cra.scope import evaluate_scope
from rempart.services.context import Actor, ServiceContext
from rempart.services.products import catalog


def _ctx() -> ServiceContext:
    # Reading the catalog needs no database: a read-only local actor is enough.
    return ServiceContext(Actor("cli:catalog", "viewer"))


@click.group()
def cra() -> None:
    """Browse the CRA: requirements, product categories, dates, scope questions."""


@cra.command("requirements")
@click.option(
    "--group",
    help="annex-i-part-i, annex-i-part-ii, annex-ii, annex-v, annex-vi, annex-vii, annex-viii-a/b/c/h.",
)
@click.option("--full", is_flag=True, help="Print the legal text of each requirement.")
@FORMAT_OPTION
def requirements(group: str | None, full: bool, fmt: str) -> None:
    """List requirements (Annex I by default groups) with their article references."""
    data = catalog.requirements(_ctx(), group)

    def table(rows: list[dict[str, Any]]) -> None:
        if full:
            for row in rows:
                say(f"[bold]{row['ref']}[/bold] [{row['id']}] {row['summary']}\n{row['text']}\n")
            return
        print_table(
            "CRA requirements",
            ["ID", "Reference", "Summary"],
            [[r["id"], r["ref"], r["summary"]] for r in rows],
        )

    emit(data, fmt, table)


@cra.command("categories")
@click.option("--search", help="Show categories sharing words with this text (a reading aid).")
@FORMAT_OPTION
def categories(search: str | None, fmt: str) -> None:
    """List Annex III (important) and Annex IV (critical) categories."""
    data = catalog.categories(_ctx(), search)
    emit(
        data,
        fmt,
        lambda rows: print_table(
            "Annex III / IV categories",
            ["ID", "Class", "Category", "Reference"],
            [[r["id"], r["class_label"], r["title"], r["ref"]] for r in rows],
        ),
    )


@cra.command("timeline")
@FORMAT_OPTION
def timeline(fmt: str) -> None:
    """When each part of the CRA applies (Art. 71), and how far away that is."""
    data = catalog.timeline(_ctx())
    emit(
        data,
        fmt,
        lambda rows: print_table(
            "CRA timeline",
            ["Date", "What", "Legal basis", "Status"],
            [
                [
                    r["date"],
                    r["label"],
                    r["ref"],
                    "applies" if r["status"] == "applies" else f"in {r['days_from_today']} days",
                ]
                for r in rows
            ],
        ),
    )


@cra.command("scope-questions")
@FORMAT_OPTION
def scope_questions(fmt: str) -> None:
    """The scope questionnaire: question IDs for `product add --answer`."""
    ctx = _ctx()
    data = [
        {
            "id": q.id,
            "text": q.text,
            "ask_if": {"question": q.ask_if.question, "answer": q.ask_if.answer}
            if q.ask_if
            else None,
            "excludes_when": q.excludes_when,
            "citations": list(q.citations),
        }
        for q in ctx.catalog.scope.question
    ]
    emit(
        data,
        fmt,
        lambda rows: print_table(
            "Scope questions",
            ["ID", "Question", "Excludes when", "Citations"],
            [
                [r["id"], r["text"], r["excludes_when"] or "—", ", ".join(r["citations"])]
                for r in rows
            ],
        ),
    )


@cra.command("scope")
@click.option("--answer", "answers", multiple=True, metavar="QUESTION=yes|no|unsure", required=True)
@FORMAT_OPTION
def scope(answers: tuple[str, ...], fmt: str) -> None:
    """Evaluate scope answers without storing anything."""
    ctx = _ctx()
    given = dict(pair.partition("=")[::2] for pair in answers)
    decision = evaluate_scope(ctx.catalog, given)
    data = {
        "outcome": decision.outcome.value,
        "reasons": [
            {"message": r.message, "citations": [c.id for c in r.citations]}
            for r in decision.reasons
        ],
        "notes": [
            {"message": n.message, "citations": [c.id for c in n.citations]} for n in decision.notes
        ],
        "catalog_version": decision.catalog_version,
    }
    emit(
        data,
        fmt,
        lambda d: say(
            f"{d['outcome']}: "
            + "; ".join(f"{r['message']} [{', '.join(r['citations'])}]" for r in d["reasons"])
        ),
    )


@cra.command("entry")
@click.argument("entry_id")
@FORMAT_OPTION
def entry(entry_id: str, fmt: str) -> None:
    """Show one catalog entry (e.g. ART14-2a, AIII-C1-12) with its legal text."""
    data = catalog.entry(_ctx(), entry_id)
    emit(
        data,
        fmt,
        lambda d: say(f"[bold]{d['ref']}[/bold] [{d['id']}]\n{d['summary']}\n\n{d['text']}"),
    )


COMMANDS = [cra]
