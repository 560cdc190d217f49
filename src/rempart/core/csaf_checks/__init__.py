"""The mandatory tests of CSAF 2.0 (section 6.1), run on a parsed document (core layer).

Each test is a function ``(document) -> list[Failure]`` registered under its section number
(``6.1.1`` … ``6.1.33``, with ``6.1.27.1`` … ``6.1.27.11``). :func:`check_mandatory` runs
them all; a test that meets a malformed part of the document skips that part (the JSON
schema reports it), so the checks never raise on schema-invalid input.

Test 6.1.8 ("invalid CVSS": each CVSS object against FIRST's schema) needs a JSON-schema
validator and therefore runs in ``rempart.formats.csaf``; everything else is here. The
official test documents of the OASIS TC (``csaf_2.0/test/validator``) check that the
results agree with the standard, test by test (tests/core/test_csaf_checks.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Check = Callable[[dict[str, Any]], list["Failure"]]


@dataclass(frozen=True, slots=True)
class Failure:
    test: str  # "6.1.1"
    path: str  # JSON pointer
    message: str

    def __str__(self) -> str:
        return f"{self.test} at {self.path}: {self.message}"


REGISTRY: dict[str, Check] = {}


def mandatory(test: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        REGISTRY[test] = check
        return check

    return register


def check_mandatory(document: Any, only: frozenset[str] | None = None) -> list[Failure]:
    """Every failure of every mandatory test (or of ``only`` these), in test order."""

    if not isinstance(document, dict):
        return [Failure("schema", "/", "a CSAF document is a JSON object")]
    found: list[Failure] = []
    for test in sorted(REGISTRY, key=lambda t: tuple(int(p) for p in t.split("."))):
        if only is None or test in only:
            found.extend(REGISTRY[test](document))
    return found


def mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def vulnerabilities(document: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    return [
        (i, v) for i, v in enumerate(items(document.get("vulnerabilities"))) if isinstance(v, dict)
    ]


def meta(document: dict[str, Any]) -> dict[str, Any]:
    return mapping(document.get("document"))


# The tests register themselves when their modules load; loading them here (after the
# definitions they use) makes REGISTRY complete as soon as this package is imported.
from rempart.core.csaf_checks import products, profiles, scores, tracking  # noqa: E402, F401
