"""Workspace commands: init, serve, demo, createuser, user (cli layer)."""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from pathlib import Path

import click

from rempart.cli.bootstrap import migrate, operator_context, setup_django
from rempart.cli.output import FORMAT_OPTION, emit, print_table, say
from rempart.config import load_config, write_secret_key
from rempart.core.errors import InvalidInput

ROLE_CHOICE = click.Choice(["admin", "editor", "viewer", "auditor"])


def _prepare_workspace() -> Path:
    config = load_config()
    config.data_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(config.data_dir, 0o700)
    write_secret_key(config.data_dir)
    migrate()
    return config.data_dir


@click.command()
@click.option("--organization", "organization_name", help="Manufacturer name to register.")
@click.option(
    "--admin",
    "admin_name",
    help="Create this administrator (password from --password-stdin, else generated).",
)
@click.option(
    "--password-stdin", is_flag=True, help="Read the administrator's password from standard input."
)
def init(organization_name: str | None, admin_name: str | None, password_stdin: bool) -> None:
    """Create or upgrade the workspace: data directory, secret key, database schema.

    Safe to run again: it only adds what is missing.
    """
    data_dir = _prepare_workspace()
    say(f"Workspace ready in [bold]{data_dir}[/bold]")
    ctx = operator_context()
    if organization_name:
        from rempart.services.products import organization

        organization.save_organization(ctx, {"name": organization_name})
        say(f"Organization: {organization_name}")
    if admin_name:
        password = _password(password_stdin)
        _create_user(admin_name, "admin", password.value, "")
        if password.generated:
            say(f"Administrator [bold]{admin_name}[/bold] password: {password.value}")


class _Password:
    def __init__(self, value: str, generated: bool) -> None:
        self.value, self.generated = value, generated


def _password(from_stdin: bool) -> _Password:
    if from_stdin:
        value = sys.stdin.readline().rstrip("\n")
        if not value:
            raise InvalidInput.single("password", "standard input was empty")
        return _Password(value, False)
    return _Password(secrets.token_urlsafe(15), True)


def _create_user(username: str, role: str, password: str, email: str, time_zone: str = "") -> None:
    setup_django()
    from rempart.services.accounts import users as accounts

    ctx = operator_context()
    accounts.create_user(ctx, username, role, password, email)
    if time_zone:
        accounts.set_time_zone(ctx, username, time_zone)


TIME_ZONE_HELP = (
    "IANA time zone the person reads and enters times in (e.g. Europe/Berlin); "
    "default: the organization's."
)


@click.command()
@click.argument("username")
@click.option("--role", type=ROLE_CHOICE, default="viewer", show_default=True)
@click.option("--email", default="")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input; otherwise one is generated and printed once.",
)
@click.option("--time-zone", default="", help=TIME_ZONE_HELP)
def createuser(username: str, role: str, email: str, password_stdin: bool, time_zone: str) -> None:
    """Create a user with a role: admin, editor, viewer or auditor."""
    _prepare_workspace()
    password = _password(password_stdin)
    _create_user(username, role, password.value, email, time_zone)
    say(f"Created user [bold]{username}[/bold] ({role}).")
    if password.generated:
        say(f"Password (shown once): {password.value}")


@click.group()
def user() -> None:
    """List users, change their roles and time zones, lift login throttling."""


@user.command("list")
@FORMAT_OPTION
def user_list(fmt: str) -> None:
    """List users with their roles."""
    setup_django()
    from rempart.services.accounts import users as accounts

    ctx = operator_context()
    users = accounts.list_users(ctx)
    follow = accounts.organization_zone(ctx).name
    data = [
        {
            "username": u.username,
            "email": u.email,
            "role": u.role,
            "active": u.is_active,
            "time_zone": u.time_zone or None,
            "effective_time_zone": u.time_zone or follow,
        }
        for u in users
    ]
    emit(
        data,
        fmt,
        lambda rows: print_table(
            "Users",
            ["User", "E-mail", "Role", "Active", "Time zone"],
            [
                [
                    r["username"],
                    r["email"],
                    r["role"],
                    r["active"],
                    r["time_zone"] or f"{follow} (the organization's)",
                ]
                for r in rows
            ],
        ),
    )


@user.command("role")
@click.argument("username")
@click.argument("role", type=ROLE_CHOICE)
def user_role(username: str, role: str) -> None:
    """Give USERNAME the role ROLE."""
    setup_django()
    from rempart.services.accounts import users as accounts

    accounts.set_role(operator_context(), username, role)
    say(f"{username} is now {role}.")


@user.command("set")
@click.argument("username")
@click.option("--time-zone", required=True, help=TIME_ZONE_HELP + " Empty to follow it again.")
def user_set(username: str, time_zone: str) -> None:
    """Set USERNAME's time zone."""
    setup_django()
    from rempart.services.accounts import users as accounts

    changed = accounts.set_time_zone(operator_context(), username, time_zone)
    say(f"{username} reads times in {changed.time_zone or 'the organization zone'}.")


@user.command("unlock")
@click.argument("username")
def user_unlock(username: str) -> None:
    """Forget USERNAME's failed logins from every address, so they can log in at once."""
    setup_django()
    from rempart.services.accounts import users as accounts

    cleared = accounts.unlock(operator_context(), username)
    say(f"{username}: {cleared} failed login(s) forgotten; logins are no longer throttled.")


def _close_connections(_server: object = None, _worker: object = None) -> None:
    """Close every database connection this process holds.

    Called in gunicorn's master before each fork: a connection opened there (the migrations
    of ``serve`` open one) must never be inherited by the workers, or they share one socket
    and interleave each other's queries (wrong rows, "lost synchronization with server").
    """
    from django.db import connections

    connections.close_all()


def run_server(host: str, port: int, workers: int) -> None:
    """Serve the web interface and API with gunicorn (a production WSGI server)."""
    from gunicorn.app.base import BaseApplication

    from rempart.wsgi import application

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-")
            self.cfg.set("timeout", 120)
            self.cfg.set("forwarded_allow_ips", "127.0.0.1")
            self.cfg.set("pre_fork", _close_connections)

        def load(self) -> object:
            return application

    _close_connections()
    Server().run()


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind; 127.0.0.1 keeps it local.",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
def serve(host: str, port: int, workers: int) -> None:
    """Serve the web interface and REST API (gunicorn), after bringing the schema up to date."""
    os.environ.setdefault("REMPART_ALLOWED_HOSTS", f"127.0.0.1,localhost,{host}")
    data_dir = _prepare_workspace()
    if host not in ("127.0.0.1", "localhost", "::1"):
        say(
            "[yellow]Listening beyond this machine: put Rempart behind HTTPS and set REMPART_SECURE_COOKIES=1.[/yellow]"
        )
    say(f"Rempart on [bold]http://{host}:{port}/[/bold] (workspace {data_dir})")
    run_server(host, port, workers)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-serve", is_flag=True, help="Create the demo workspace and exit.")
def demo(host: str, port: int, no_serve: bool) -> None:
    """Create a fresh demo workspace with sample products, then serve it.

    Without --data-dir (or REMPART_DATA_DIR) the workspace goes to a new temporary directory.
    Prints the URL and the login.
    """
    os.environ.setdefault("REMPART_ALLOWED_HOSTS", f"127.0.0.1,localhost,{host}")
    if "REMPART_DATA_DIR" not in os.environ:
        os.environ["REMPART_DATA_DIR"] = tempfile.mkdtemp(prefix="rempart-demo-")
    data_dir = Path(os.environ["REMPART_DATA_DIR"])
    if data_dir.exists() and any(p.name not in ("secret_key",) for p in data_dir.iterdir()):
        raise InvalidInput.single(
            "--data-dir", f"{data_dir} is not empty; the demo needs a fresh workspace"
        )
    _prepare_workspace()
    from rempart.services.demo.workspace import seed_demo

    ctx = operator_context()
    password = secrets.token_urlsafe(12)
    _create_user("demo", "admin", password, "demo@northwind.example")
    slugs = seed_demo(ctx)
    say(f"Demo workspace in [bold]{data_dir}[/bold] with {len(slugs)} products.")
    say(
        f"Open [bold]http://{host}:{port}/[/bold] and log in as [bold]demo[/bold] / [bold]{password}[/bold]"
    )
    if not no_serve:
        run_server(host, port, 2)


COMMANDS = [init, serve, demo, createuser, user]
