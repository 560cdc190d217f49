"""Choices of the form pickers: Member States with their names, time zones (web layer)."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from rempart.core.member_states import MEMBER_STATES


def member_state_choices(empty: str | None = None) -> list[tuple[str, str]]:
    """``("DE", "DE Germany")`` for every Member State (EU order), after an optional empty one."""
    choices = [(state.code, state.label) for state in MEMBER_STATES]
    return [("", empty), *choices] if empty is not None else choices


@cache
def _zones() -> tuple[str, ...]:
    # Region/City names only: the legacy aliases ("CET", "Etc/GMT-1", "US/Eastern") confuse.
    named = {z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "US/"))}
    return ("UTC", *sorted(named))


def zone_choices(empty: str) -> list[tuple[str, str]]:
    """Every IANA zone by name, after the empty choice ``empty`` (follow the default)."""
    return [("", empty), *((zone, zone) for zone in _zones())]
