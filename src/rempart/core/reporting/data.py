"""The reporting data file (``core/cra/data/reporting.toml``), schema-checked on load (core layer).

It holds what the catalog's report-stage rows do not: the fields of the user notice
(Art. 14(8)) and of the intermediate report (Art. 14(6)), the words for the Art. 14(7) routing
identifiers, the label of the later period reading (``RPT-PERIODS``) and the notes a case shows
when an edge case applies (a measure before awareness, awareness before ``DATE-ART14``,
releases past their support). Every entry carries a
citation that must resolve in the catalog, or loading fails.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from rempart.core.cra.catalog import Catalog
from rempart.core.cra.schema import build
from rempart.core.errors import CatalogError, Problem


@dataclass(frozen=True, slots=True)
class ExtraField:
    stage: Literal["user-notice", "intermediate-report"]
    key: str
    label: str
    qualifier: str
    citation: str


@dataclass(frozen=True, slots=True)
class RoutingBasis:
    id: str
    label: str
    citation: str


@dataclass(frozen=True, slots=True)
class Periods:
    later_label: str
    citation: str


@dataclass(frozen=True, slots=True)
class Note:
    """What a case says when an edge case of Art. 14 applies (which rule, and on what basis)."""

    id: Literal["measure-before-awareness", "awareness-before-art14", "support-ended"]
    text: str
    citation: str


@dataclass(frozen=True, slots=True)
class ReportingData:
    data_version: str
    extra_field: tuple[ExtraField, ...]
    routing_basis: tuple[RoutingBasis, ...]
    periods: Periods
    note: tuple[Note, ...]

    def basis(self, basis_id: str) -> RoutingBasis:
        for basis in self.routing_basis:
            if basis.id == basis_id:
                return basis
        raise CatalogError(f"unknown routing basis {basis_id!r}")

    def note_of(self, note_id: str) -> Note:
        for note in self.note:
            if note.id == note_id:
                return note
        raise CatalogError(f"unknown reporting note {note_id!r}")


def build_reporting_data(raw: object, catalog: Catalog) -> ReportingData:
    """Validate parsed ``reporting.toml`` against its schema and the catalog's IDs."""
    data = build(ReportingData, raw, "reporting.toml")
    problems = [
        Problem(f"reporting.toml.{where}", f"cites unknown entry {cited!r}")
        for where, cited in (
            *((f"extra_field.{f.key}", f.citation) for f in data.extra_field),
            *((f"routing_basis.{b.id}", b.citation) for b in data.routing_basis),
            ("periods", data.periods.citation),
            *((f"note.{n.id}", n.citation) for n in data.note),
        )
        if not catalog.has(cited)
    ]
    routing = catalog.rules.routing
    named = set(routing.with_main_establishment) | set(routing.without_main_establishment)
    described = {b.id for b in data.routing_basis}
    problems.extend(
        Problem("reporting.toml.routing_basis", f"no label for routing identifier {missing!r}")
        for missing in sorted(named - described)
    )
    keys = [f.key for f in data.extra_field]
    problems.extend(
        Problem("reporting.toml.extra_field", f"duplicate key {key!r}")
        for key in sorted({k for k in keys if keys.count(k) > 1})
    )
    if problems:
        raise CatalogError("reporting.toml does not match the catalog", problems)
    return data


@functools.cache
def _raw() -> object:
    data = resources.files("rempart.core.cra").joinpath("data", "reporting.toml").read_bytes()
    try:
        return tomllib.loads(data.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"reporting.toml is not valid TOML: {exc}") from exc


_CHECKED: dict[int, tuple[Catalog, ReportingData]] = {}


def load_reporting_data(catalog: Catalog) -> ReportingData:
    """The packaged reporting data, checked against ``catalog`` (once per catalog object)."""
    known = _CHECKED.get(id(catalog))
    if known is not None and known[0] is catalog:
        return known[1]
    data = build_reporting_data(_raw(), catalog)
    _CHECKED[id(catalog)] = (catalog, data)
    return data
