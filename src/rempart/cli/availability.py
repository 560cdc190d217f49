"""``rempart product markets``: Member States where a product is made available."""

from __future__ import annotations

import click

from rempart.cli.bootstrap import operator_context
from rempart.cli.output import FORMAT_OPTION, emit, say
from rempart.cli.products import product


@product.command("markets")
@click.argument("slug")
@click.argument("codes", nargs=-1)
@click.option("--clear", is_flag=True, help="Record that no Member State is known.")
@FORMAT_OPTION
def markets(slug: str, codes: tuple[str, ...], clear: bool, fmt: str) -> None:
    """Show, or with CODES replace, the Member States where SLUG is made available.

    New Art. 14 cases name these in their early warning (Art. 14(2)(a), 14(4)(a)).
    """
    from rempart.services.products import availability

    ctx = operator_context()
    if codes or clear:
        found = availability.set_member_states(ctx, slug, list(codes))
    else:
        found = availability.member_states(ctx, slug)
    emit(
        {"product": slug, "member_states": found},
        fmt,
        lambda d: say(f"{d['product']}: {', '.join(d['member_states']) or 'none recorded'}"),
    )


COMMANDS: list[click.Command] = []  # adds a subcommand to ``rempart product``; nothing top-level
