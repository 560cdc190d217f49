"""``rempart product markets``: show and replace, JSON output, exit codes."""

from __future__ import annotations

import json

from rempart.cli import run
from rempart.core.register import ProductDraft
from rempart.services.products import register as products


def test_markets(organization, operator, typical_answers, capsys) -> None:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Router",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    assert run(["product", "markets", "router", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["member_states"] == []
    assert run(["product", "markets", "router", "ie", "DE", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["member_states"] == ["DE", "IE"]
    assert run(["product", "markets", "router", "GB"]) == 2
    assert "'GB' is not the code of an EU Member State" in capsys.readouterr().err
    assert run(["product", "markets", "router", "--clear"]) == 0
    assert "none recorded" in capsys.readouterr().out
    assert run(["product", "markets", "nope"]) == 4
