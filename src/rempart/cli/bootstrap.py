"""Composition root of the CLI: the data directory, Django, and the operator's context."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from rempart.services.context import Actor, ServiceContext

F = TypeVar("F", bound=Callable[..., Any])
_ready = False


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

    return ServiceContext(Actor.operator(getpass.getuser()), settings=settings.SERVICE_SETTINGS)


def migrate(verbose: bool = False) -> None:
    """Create or upgrade the database schema."""
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)
