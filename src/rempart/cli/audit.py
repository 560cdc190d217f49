"""``rempart audit``: read and verify the hash-chained audit trail (cli layer)."""

from __future__ import annotations

from typing import Any

import click

from rempart.cli.bootstrap import local, operator_context, operator_zone, setup_django
from rempart.cli.output import FORMAT_OPTION, emit, print_table, say


@click.group()
def audit() -> None:
    """The append-only audit trail."""


@audit.command("verify")
@FORMAT_OPTION
def verify(fmt: str) -> None:
    """Recompute the hash chain; name every edited or deleted event. Exit 1 when broken."""
    setup_django()
    from rempart.services.accounts import audit as audit_service

    report = audit_service.verify_audit_trail(operator_context())
    data = {
        "intact": report.intact,
        "checked": report.checked,
        "breaks": [
            {"seq": b.seq, "kind": b.kind.value, "message": b.message} for b in report.breaks
        ],
    }

    def show(d: dict[str, Any]) -> None:
        if d["intact"]:
            say(f"[green]Audit trail intact[/green]: {d['checked']} events verified.")
        else:
            print_table(
                "Audit trail BROKEN",
                ["Event", "Kind", "What"],
                [[b["seq"], b["kind"], b["message"]] for b in d["breaks"]],
            )

    emit(data, fmt, show)
    if not report.intact:
        raise click.exceptions.Exit(1)


@audit.command("log")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
@click.option("--object", "object_id", help="Only events about this object (e.g. a product slug).")
@FORMAT_OPTION
def log(limit: int, object_id: str | None, fmt: str) -> None:
    """The newest audit events."""
    setup_django()
    from rempart.services.accounts import audit as audit_service

    records = audit_service.list_events(operator_context(), limit, object_id=object_id)
    data = [
        {
            "seq": r.seq,
            "at": r.at,
            "actor": r.actor,
            "action": r.action,
            "object_type": r.object_type,
            "object_id": r.object_id,
            "data": dict(r.data),
            "hash": r.hash,
        }
        for r in records
    ]
    emit(
        data,
        fmt,
        lambda rows: print_table(
            "Audit trail",
            ["#", "When", "Actor", "Action", "Object"],
            [
                [
                    r["seq"],
                    local(r["at"], operator_zone()),
                    r["actor"],
                    r["action"],
                    f"{r['object_type']} {r['object_id']}",
                ]
                for r in rows
            ],
        ),
    )


COMMANDS = [audit]
