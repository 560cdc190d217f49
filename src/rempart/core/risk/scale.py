"""The documented risk scale: likelihood and impact levels and the rating matrix (core layer).

Art. 13(3) asks for a documented cybersecurity risk assessment (``ART13-3``); the scale it rates
risks on is part of that documentation, so it is data (``data/risk_scale.toml``), checked when
loaded like the CRA catalog: ``schema.build`` checks the shape, :func:`check_scale` the meaning
(ascending values, unique keys, a full matrix that never rates a worse pair lower).
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources

from rempart.core.cra.schema import build
from rempart.core.errors import CatalogError, InvalidInput, Problem

SCALE_FILE = "risk_scale.toml"


@dataclass(frozen=True, slots=True)
class Level:
    key: str
    value: int
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class Rating:
    key: str
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class Matrix:
    rows: tuple[tuple[str, ...], ...]  # rows: likelihood ascending; columns: impact ascending


@dataclass(frozen=True, slots=True)
class RiskScale:
    version: str
    citations: tuple[str, ...]
    likelihood: tuple[Level, ...]
    impact: tuple[Level, ...]
    rating: tuple[Rating, ...]
    matrix: Matrix

    def likelihood_level(self, key: str) -> Level:
        return _level(self.likelihood, key, "likelihood")

    def impact_level(self, key: str) -> Level:
        return _level(self.impact, key, "impact")

    def rate(self, likelihood: str, impact: str) -> Rating:
        """The matrix rating of a likelihood × impact pair (both given by level key)."""
        row = self.likelihood_level(likelihood).value - 1
        column = self.impact_level(impact).value - 1
        key = self.matrix.rows[row][column]
        return next(r for r in self.rating if r.key == key)

    def rating_rank(self, key: str) -> int:
        """0 for the lowest rating; ratings are listed from lowest to highest."""
        return [r.key for r in self.rating].index(key)

    def grid(self) -> list[tuple[Level, list[Rating]]]:
        """The matrix for display: highest likelihood first, each row by ascending impact."""
        by_key = {r.key: r for r in self.rating}
        rows = [
            (level, [by_key[k] for k in self.matrix.rows[level.value - 1]])
            for level in self.likelihood
        ]
        return list(reversed(rows))


def _level(levels: tuple[Level, ...], key: str, name: str) -> Level:
    for level in levels:
        if level.key == key:
            return level
    known = ", ".join(level.key for level in levels)
    raise InvalidInput.single(name, f"unknown {name} level {key!r}; use one of: {known}")


def check_scale(scale: RiskScale, path: str = SCALE_FILE) -> RiskScale:
    """Refuse a scale whose levels, ratings or matrix contradict each other."""
    problems: list[Problem] = []
    for name, levels in (("likelihood", scale.likelihood), ("impact", scale.impact)):
        if len(levels) < 2:
            problems.append(Problem(f"{path}:{name}", "needs at least two levels"))
        if [lv.value for lv in levels] != list(range(1, len(levels) + 1)):
            problems.append(Problem(f"{path}:{name}", "values must be 1, 2, … in listed order"))
        if len({lv.key for lv in levels}) != len(levels):
            problems.append(Problem(f"{path}:{name}", "level keys must be unique"))
    rating_keys = [r.key for r in scale.rating]
    if len(set(rating_keys)) != len(rating_keys) or not rating_keys:
        problems.append(Problem(f"{path}:rating", "rating keys must be unique and not empty"))
    rows = scale.matrix.rows
    if len(rows) != len(scale.likelihood):
        problems.append(Problem(f"{path}:matrix.rows", "needs one row per likelihood level"))
    for i, row in enumerate(rows):
        where = f"{path}:matrix.rows[{i}]"
        if len(row) != len(scale.impact):
            problems.append(Problem(where, "needs one cell per impact level"))
        unknown = [cell for cell in row if cell not in rating_keys]
        if unknown:
            problems.append(Problem(where, f"unknown rating(s) {', '.join(unknown)}"))
    if not problems:
        problems.extend(_monotony(rows, rating_keys, path))
    if problems:
        raise CatalogError(f"the risk scale is inconsistent: {problems[0]}", problems)
    return scale


def _monotony(
    rows: tuple[tuple[str, ...], ...], rating_keys: list[str], path: str
) -> list[Problem]:
    # A more likely or more harmful pair must never be rated lower than a lesser one.
    rank = {key: i for i, key in enumerate(rating_keys)}
    problems = []
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            left = rank[row[j - 1]] if j else -1
            below = rank[rows[i - 1][j]] if i else -1
            if rank[cell] < max(left, below):
                problems.append(
                    Problem(
                        f"{path}:matrix.rows[{i}][{j}]", f"{cell!r} is lower than a lesser pair"
                    )
                )
    return problems


def parse_scale(text: str, path: str = SCALE_FILE) -> RiskScale:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{path} is not valid TOML: {exc}") from exc
    return check_scale(build(RiskScale, raw, path), path)


@functools.cache
def load_scale() -> RiskScale:
    """The packaged scale, validated once per process."""
    text = resources.files("rempart.core.risk").joinpath("data", SCALE_FILE).read_text("utf-8")
    return parse_scale(text)
