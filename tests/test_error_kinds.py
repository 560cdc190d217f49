"""Every kind of refusal gets the same answer from the CLI, the API and the web pages.

The answers come from one table (``rempart.core.error_kinds``); this test drives an error of
every kind Rempart raises through each edge's real translation and compares with the table.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import click
import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from ninja import NinjaAPI
from ninja.testing import TestClient

import rempart
from rempart.api.problems import install_problem_handlers
from rempart.cli import cli, run
from rempart.core.error_kinds import RULES, UNEXPECTED, rule_for
from rempart.core.errors import Problem, RempartError
from rempart.web.errors import RempartErrorMiddleware


def _all_subclasses(cls: type[RempartError]) -> Iterator[type[RempartError]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def _every_error_class() -> list[type[RempartError]]:
    for module in pkgutil.walk_packages(rempart.__path__, "rempart."):
        if ".migrations" in module.name or module.name.endswith(("wsgi", "asgi", "__main__")):
            continue
        importlib.import_module(module.name)
    return sorted({RempartError, *_all_subclasses(RempartError)}, key=lambda c: c.__qualname__)


ERROR_CLASSES = _every_error_class()


def _instance(cls: type[RempartError]) -> RempartError:
    error = RempartError.__new__(cls)
    RempartError.__init__(error, f"refused by {cls.__name__}", [Problem("field", "why")])
    return error


def test_every_kind_in_the_table_is_raised_somewhere() -> None:
    kinds = {rule_for(_instance(cls)).kind for cls in ERROR_CLASSES}
    assert {rule.kind for rule in RULES} - kinds <= {"error"}


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_cli_api_and_web_agree_with_the_table(cls: type[RempartError], capsys, db) -> None:  # type: ignore[no-untyped-def]
    error = _instance(cls)
    rule = rule_for(error)

    @click.command(name="raise-for-test")
    def raising() -> None:
        raise error

    cli.add_command(raising)
    try:
        assert run(["raise-for-test"]) == rule.exit_code
    finally:
        cli.commands.pop("raise-for-test")
    assert f"refused by {cls.__name__}" in capsys.readouterr().err

    api = NinjaAPI(urls_namespace=f"errors-{cls.__module__}-{cls.__qualname__}")
    install_problem_handlers(api)

    @api.get("/raise")
    def raise_in_api(request) -> None:  # type: ignore[no-untyped-def]
        raise error

    answer = TestClient(api).get("/raise")
    assert answer.status_code == rule.http_status
    assert answer["Content-Type"] == "application/problem+json"
    body = answer.json()
    assert (body["title"], body["type"], body["kind"]) == (
        rule.title,
        rule.problem_type,
        error.kind,
    )

    request = RequestFactory().get("/products/")
    request.user = AnonymousUser()
    page = RempartErrorMiddleware(lambda _r: None).process_exception(request, error)  # type: ignore[arg-type,return-value]
    assert page is not None
    assert page.status_code == rule.http_status
    assert rule.title in page.content.decode()


def test_an_unexpected_exception_exits_70_without_a_traceback(
    capsys, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("REMPART_DATA_DIR", str(tmp_path))

    @click.command(name="crash-for-test")
    def crashing() -> None:
        raise KeyError("secret-free detail")

    cli.add_command(crashing)
    try:
        assert run(["crash-for-test"]) == UNEXPECTED.exit_code == 70
    finally:
        cli.commands.pop("crash-for-test")
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "internal error (KeyError)" in err
    log = tmp_path / "logs" / "cli.log"
    assert str(log) in err
    assert "Traceback" in log.read_text()


def test_dotted_kinds_and_subclasses_fall_back_to_their_family() -> None:
    from rempart.core.versions.scheme import UnparsableVersion
    from rempart.formats.errors import InputTooLarge

    assert rule_for(_instance(InputTooLarge)).kind == "format"
    assert rule_for(_instance(UnparsableVersion)).kind == "invalid"
