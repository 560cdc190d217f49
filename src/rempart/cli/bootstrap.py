"""Composition root of the CLI: the data directory, Django, and the operator's context."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from rempart.core.errors import NetError, NotFound, RempartError
from rempart.services.context import Actor, ServiceContext

F = TypeVar("F", bound=Callable[..., Any])
_ready = False
_zone_memo: dict[str, str] = {}


def _set_data_dir(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:  # noqa: ARG001
    if value is not None:
        os.environ["REMPART_DATA_DIR"] = str(value.expanduser().resolve())
    return value


def data_dir_option(function: F) -> F:
    return click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        expose_value=False,
        is_eager=True,
        callback=_set_data_dir,
        help="Workspace directory (default: REMPART_DATA_DIR or the per-user data directory).",
    )(function)


def setup_django() -> None:
    """Configure Django once, from the environment (after --data-dir was applied)."""
    global _ready
    if _ready:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rempart.settings")
    import django

    django.setup()
    _ready = True


def operator_context() -> ServiceContext:
    """The person at the terminal: they own the data directory, so they act as an admin."""
    setup_django()
    from django.conf import settings

    _zone_memo.clear()  # a new command: read the organization's zone afresh

    return ServiceContext(Actor.operator(getpass.getuser()), settings=settings.SERVICE_SETTINGS)


def workspace_problem(error: Exception) -> RempartError | None:
    """What a database error means when the workspace is not there; ``None`` otherwise.

    A command run before ``rempart init`` meets a database without Rempart's tables (an error
    of the database driver, not of Rempart): this says so instead of reporting a bug.
    """
    if not _ready:
        return None
    from django.db import DatabaseError, connection

    if not isinstance(error, DatabaseError):
        return None
    from django.conf import settings

    place = settings.SERVICE_SETTINGS.data_dir
    missing = NotFound(
        f"no Rempart workspace in {place} (no database with Rempart's tables); "
        "run `rempart init` first, or point REMPART_DATA_DIR / --data-dir at one"
    )
    database = settings.DATABASES["default"]
    if "sqlite" in str(database["ENGINE"]) and not Path(str(database["NAME"])).is_file():
        return missing
    try:
        tables = set(connection.introspection.table_names())
    except DatabaseError as unreachable:
        return NetError(f"cannot open the database of the workspace in {place}: {unreachable}")
    if "django_migrations" in tables and "auth_user" in tables:
        return None  # the schema is there: a real error, reported as one
    return missing


def migrate(verbose: bool = False) -> None:
    """Create or upgrade the database schema."""
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


def operator_zone(option: str | None = None) -> str:
    """The zone times are shown and read in at the terminal: ``--time-zone``, else the
    organization's (its own, else its main establishment's capital's, else UTC)."""
    from rempart.core.clock import check_zone
    from rempart.services.accounts.users import time_zone

    if option:
        return check_zone(option, "--time-zone")
    if "zone" not in _zone_memo:  # once per command, not once per table row
        _zone_memo["zone"] = time_zone(operator_context()).name
    return _zone_memo["zone"]


def local(value: datetime | str | None, zone_name: str) -> str:
    """A time for the terminal, with its zone: ``2026-12-06 10:30 CET (UTC+01:00)``."""
    from rempart.core.clock import local_text

    if value is None or value == "":
        return ""
    moment = (
        datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(value, str) else value
    )
    return local_text(moment, zone_name)


def read_time(value: str, option: str, zone_name: str) -> datetime:
    """A time typed at the terminal: with an offset, or read in ``zone_name``."""
    from rempart.core.clock import parse_time

    return parse_time(value, zone_name, option)
