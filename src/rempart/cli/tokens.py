"""``rempart token``: API tokens for CI and other tools (cli layer)."""

from __future__ import annotations

import click

from rempart.cli.bootstrap import operator_context, setup_django
from rempart.cli.output import FORMAT_OPTION, emit, print_table, say


@click.group()
def token() -> None:
    """Create, list and revoke API tokens (stored hashed; shown once)."""


@token.command("create")
@click.option("--user", "username", required=True, help="The user the token acts as.")
@click.option("--name", required=True, help="What the token is for, e.g. 'CI pipeline'.")
@click.option("--write", is_flag=True, help="Allow changes (write scope); default is read-only.")
@click.option("--expires-days", type=click.IntRange(1, 3650), help="Expire after this many days.")
@FORMAT_OPTION
def create(username: str, name: str, write: bool, expires_days: int | None, fmt: str) -> None:
    """Create a token; its secret is printed once."""
    setup_django()
    from rempart.services.accounts import users as accounts

    created = accounts.create_token(
        operator_context(), name, ["read", "write"] if write else ["read"], expires_days, username
    )
    data = {
        "id": created.token.id,
        "name": name,
        "user": username,
        "scopes": list(created.token.scopes),
        "expires_at": created.token.expires_at,
        "token": created.secret,
    }
    emit(
        data,
        fmt,
        lambda d: say(
            f"Token for {username} ({', '.join(d['scopes'])}), shown once:\n{d['token']}"
        ),
    )


@token.command("list")
@FORMAT_OPTION
def list_tokens(fmt: str) -> None:
    """All tokens of all users (never their secrets)."""
    setup_django()
    from rempart.services.accounts import users as accounts

    tokens = accounts.list_tokens(operator_context(), all_users=True)
    data = [
        {
            "id": t.id,
            "user": t.username,
            "name": t.name,
            "prefix": t.prefix,
            "scopes": list(t.scopes),
            "created_at": t.created_at,
            "expires_at": t.expires_at,
            "last_used_at": t.last_used_at,
            "revoked": t.revoked_at is not None,
        }
        for t in tokens
    ]
    emit(
        data,
        fmt,
        lambda rows: print_table(
            "API tokens",
            ["ID", "User", "Name", "Prefix", "Scopes", "Revoked"],
            [
                [r["id"], r["user"], r["name"], r["prefix"], ", ".join(r["scopes"]), r["revoked"]]
                for r in rows
            ],
        ),
    )


@token.command("revoke")
@click.argument("token_id", type=int)
def revoke(token_id: int) -> None:
    """Revoke token TOKEN_ID (see `rempart token list`)."""
    setup_django()
    from rempart.services.accounts import users as accounts

    accounts.revoke_token(operator_context(), token_id)
    say(f"Token {token_id} revoked.")


COMMANDS = [token]
