"""Document labels per language, read from data files (core layer).

Each ``labels/<code>.toml`` holds, for one language: the document titles and fixed statements,
a heading per catalog item (keyed by its catalog ID, e.g. ``AV-1``), a label per entered field
and the month names. Adding a language is adding a file: :func:`load_labels` finds every file,
and :func:`check_labels` (run by the tests and at load) refuses a file that lacks a key the
English file has, so no document is ever printed with a hole in it.

The statements are Rempart's renderings, not the official language versions of the
Regulation: each file says whether its wording was checked against the Official Journal
(``checked_against_oj``), and documents in an unchecked language say so.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from rempart.core.errors import CatalogError, InvalidInput, Problem

BASE_LANGUAGE = "en"
SECTIONS = ("documents", "statements", "items", "fields", "choices")


@dataclass(frozen=True, slots=True)
class Labels:
    """The labels of one language."""

    code: str
    name: str
    checked_against_oj: bool
    months: tuple[str, ...]
    documents: Mapping[str, str]
    statements: Mapping[str, str]
    items: Mapping[str, str]
    fields: Mapping[str, str]
    choices: Mapping[str, str]

    def item(self, item_id: str) -> str:
        return self.items[item_id]

    def field(self, name: str) -> str:
        return self.fields[name]

    def doc(self, key: str) -> str:
        return self.documents[key]

    def statement(self, key: str, **values: str) -> str:
        return self.statements[key].format(**values) if values else self.statements[key]

    def month_year(self, month: int, year: int) -> str:
        """Art. 13(19): the end of support to at least the month and the year."""
        return f"{self.months[month - 1]} {year}"


def _parse(code: str, raw: Mapping[str, Any]) -> Labels:
    problems = [
        Problem(f"labels/{code}.toml", f"missing {key!r}")
        for key in ("language", "name", "checked_against_oj", "months", *SECTIONS)
        if key not in raw
    ]
    if problems:
        raise CatalogError(f"the label file for {code!r} is incomplete", problems)
    if raw["language"] != code or len(raw["months"]) != 12:
        raise CatalogError(f"labels/{code}.toml: 'language' must be {code!r} with 12 months")
    return Labels(
        code=code,
        name=str(raw["name"]),
        checked_against_oj=bool(raw["checked_against_oj"]),
        months=tuple(str(m) for m in raw["months"]),
        **{section: {str(k): str(v) for k, v in raw[section].items()} for section in SECTIONS},
    )


def check_labels(all_labels: Mapping[str, Labels]) -> None:
    """Every language has every key of the English file (and no stray keys)."""
    base = all_labels[BASE_LANGUAGE]
    problems: list[Problem] = []
    for code, labels in all_labels.items():
        for section in SECTIONS:
            want, have = set(getattr(base, section)), set(getattr(labels, section))
            problems.extend(
                Problem(f"labels/{code}.toml [{section}]", f"missing {key!r}")
                for key in sorted(want - have)
            )
            problems.extend(
                Problem(f"labels/{code}.toml [{section}]", f"{key!r} is not in the English file")
                for key in sorted(have - want)
            )
    if problems:
        raise CatalogError("the document label files disagree", problems)


@functools.cache
def load_labels() -> dict[str, Labels]:
    """Every packaged language, keyed by its ISO 639-1 code, checked against English."""
    folder = resources.files("rempart.core.documents").joinpath("labels")
    found: dict[str, Labels] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        code = entry.name.removesuffix(".toml")
        try:
            raw = tomllib.loads(entry.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise CatalogError(f"labels/{entry.name} is not valid TOML: {exc}") from exc
        found[code] = _parse(code, raw)
    if BASE_LANGUAGE not in found:
        raise CatalogError("the English label file (labels/en.toml) is missing")
    check_labels(found)
    return found


def labels_for(code: str) -> Labels:
    try:
        return load_labels()[code]
    except KeyError:
        known = ", ".join(sorted(load_labels()))
        raise InvalidInput.single(
            "language", f"{code!r} has no label file; available: {known}"
        ) from None


def known_languages() -> frozenset[str]:
    return frozenset(load_labels())
