"""The EU Member States: code, name, capital and the capital's time zone (core layer).

Codes follow EU usage (Interinstitutional Style Guide, section 7.1): ISO 3166-1 alpha-2,
except Greece, which the EU writes ``EL`` (ISO: ``GR``). ``GR`` is still accepted as input and
read as ``EL``. The list is in the EU protocol order (alphabetical by the countries' names in
their own languages), as EU documents list them.

The capital's zone is the default time zone of a workspace whose main establishment
(Art. 14(7)) is in that Member State; people can choose their own zone.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MemberState:
    code: str  # EU usage: "EL" for Greece
    name: str  # English short name
    capital: str
    time_zone: str  # IANA zone of the capital

    @property
    def label(self) -> str:
        """``DE Germany``: the code with the name, for pickers and documents."""
        return f"{self.code} {self.name}"


MEMBER_STATES: tuple[MemberState, ...] = (
    MemberState("BE", "Belgium", "Brussels", "Europe/Brussels"),
    MemberState("BG", "Bulgaria", "Sofia", "Europe/Sofia"),
    MemberState("CZ", "Czechia", "Prague", "Europe/Prague"),
    MemberState("DK", "Denmark", "Copenhagen", "Europe/Copenhagen"),
    MemberState("DE", "Germany", "Berlin", "Europe/Berlin"),
    MemberState("EE", "Estonia", "Tallinn", "Europe/Tallinn"),
    MemberState("IE", "Ireland", "Dublin", "Europe/Dublin"),
    MemberState("EL", "Greece", "Athens", "Europe/Athens"),
    MemberState("ES", "Spain", "Madrid", "Europe/Madrid"),
    MemberState("FR", "France", "Paris", "Europe/Paris"),
    MemberState("HR", "Croatia", "Zagreb", "Europe/Zagreb"),
    MemberState("IT", "Italy", "Rome", "Europe/Rome"),
    MemberState("CY", "Cyprus", "Nicosia", "Asia/Nicosia"),
    MemberState("LV", "Latvia", "Riga", "Europe/Riga"),
    MemberState("LT", "Lithuania", "Vilnius", "Europe/Vilnius"),
    MemberState("LU", "Luxembourg", "Luxembourg", "Europe/Luxembourg"),
    MemberState("HU", "Hungary", "Budapest", "Europe/Budapest"),
    MemberState("MT", "Malta", "Valletta", "Europe/Malta"),
    MemberState("NL", "Netherlands", "Amsterdam", "Europe/Amsterdam"),
    MemberState("AT", "Austria", "Vienna", "Europe/Vienna"),
    MemberState("PL", "Poland", "Warsaw", "Europe/Warsaw"),
    MemberState("PT", "Portugal", "Lisbon", "Europe/Lisbon"),
    MemberState("RO", "Romania", "Bucharest", "Europe/Bucharest"),
    MemberState("SI", "Slovenia", "Ljubljana", "Europe/Ljubljana"),
    MemberState("SK", "Slovakia", "Bratislava", "Europe/Bratislava"),
    MemberState("FI", "Finland", "Helsinki", "Europe/Helsinki"),
    MemberState("SE", "Sweden", "Stockholm", "Europe/Stockholm"),
)
BY_CODE: dict[str, MemberState] = {state.code: state for state in MEMBER_STATES}
CODES: frozenset[str] = frozenset(BY_CODE)
# ISO 3166-1 codes that EU usage writes differently.
ISO_ALIASES: dict[str, str] = {"GR": "EL"}


def normalise_code(code: str) -> str | None:
    """The EU code of a Member State (``de`` -> ``DE``, ``GR`` -> ``EL``), or ``None``."""
    upper = code.strip().upper()
    upper = ISO_ALIASES.get(upper, upper)
    return upper if upper in BY_CODE else None


def member_state(code: str) -> MemberState | None:
    """The Member State of a code (EU or ISO usage), or ``None``."""
    normalised = normalise_code(code)
    return BY_CODE[normalised] if normalised else None


def label(code: str) -> str:
    """``DE Germany`` for a known code; the code itself otherwise."""
    state = member_state(code)
    return state.label if state else code
