"""YAML without anchors or aliases: the one way Rempart reads YAML (adapter layer).

A YAML document is scanned event by event first, and one with an anchor or an alias is
refused before anything is composed: a 550-byte "billion laughs" of nested aliases loads
cheaply (aliases are shared references) and expands to gigabytes once stored or walked. No
data format Rempart reads needs them. Then PyYAML's *base* loader builds plain strings,
lists and mappings: no tags, no Python objects, and ``1.10`` stays the string ``1.10``.
Nesting is capped by libyaml (1,000 levels) and by Python's recursion limit; both refusals
become :class:`MalformedDocument`.
"""

from __future__ import annotations

from typing import Any

import yaml

from rempart.formats.errors import WHOLE_DOCUMENT, MalformedDocument, UnsafeYaml

_LOADER: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def parse_yaml(data: bytes) -> object:
    """Load one YAML document as strings, lists and mappings; anchors and aliases refused.

    Every failure is a located :class:`FormatError`: :class:`UnsafeYaml` at the first anchor
    or alias (found by the event scan, before any node is built), :class:`MalformedDocument`
    for YAML syntax errors.
    """
    try:
        if b"&" in data or b"*" in data:  # neither byte, no anchor and no alias
            for event in yaml.parse(data, Loader=_LOADER):
                if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                    start = event.start_mark
                    raise UnsafeYaml.at(
                        f"line {start.line + 1}, column {start.column + 1}"
                        if start
                        else WHOLE_DOCUMENT,
                        "refused a YAML anchor or alias (they let a few hundred bytes expand "
                        "to gigabytes; no advisory format needs them)",
                    )
        return yaml.load(data, Loader=_LOADER)  # noqa: S506  # base loader: strings only
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else WHOLE_DOCUMENT
        raise MalformedDocument.at(where, f"invalid YAML ({error.problem or error})") from error
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as error:
        raise MalformedDocument.at(WHOLE_DOCUMENT, f"invalid YAML ({error})") from error


__all__ = ["parse_yaml"]
