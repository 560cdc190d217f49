"""Which coordinator CSIRT receives the notifications: Art. 14(7) as data (core layer).

The order is the catalog's ``[routing]`` rule (``ART14-7-ORDER``): with a main establishment in
the Union, its Member State; otherwise the first of authorised representative, importer,
distributor, most users for which the manufacturer entered a Member State. Rempart never
guesses a CSIRT's name or end-point: the organization enters them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rempart.core.cra.catalog import Catalog
from rempart.core.reporting.data import ReportingData


@dataclass(frozen=True, slots=True)
class Route:
    member_state: str | None  # ISO code, None when nothing was entered yet
    basis: str | None  # the ART14-7-ORDER identifier that decided
    basis_label: str
    citations: tuple[str, ...]
    csirt_name: str
    csirt_endpoint: str
    problems: tuple[str, ...]  # what is missing before a notification can be routed


def decide_route(
    catalog: Catalog,
    data: ReportingData,
    countries: Mapping[str, str],
    main_establishment_basis: str,
    csirt_name: str,
    csirt_endpoint: str,
) -> Route:
    """``countries``: ART14-7-ORDER identifier -> Member State entered for it ('' if none)."""
    rule = catalog.rules.routing
    missing: list[str] = []
    if not csirt_name:
        missing.append("the coordinator CSIRT's name is not entered (reporting settings)")
    if not csirt_endpoint:
        missing.append(
            "the CSIRT's electronic notification end-point is not entered (reporting settings)"
        )
    if main_establishment_basis:
        order: tuple[str, ...] = (main_establishment_basis,)
    else:
        order = rule.without_main_establishment
    for basis in order:
        state = countries.get(basis, "")
        if state:
            return Route(
                state,
                basis,
                data.basis(basis).label,
                rule.citations,
                csirt_name,
                csirt_endpoint,
                tuple(missing),
            )
    missing.insert(0, "no Member State is entered for any Art. 14(7) criterion")
    return Route(None, None, "", rule.citations, csirt_name, csirt_endpoint, tuple(missing))
