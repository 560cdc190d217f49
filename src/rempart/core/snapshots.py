"""The shrink rule: a feed snapshot may not silently wipe a source (core layer).

A KEV catalog, an EPSS file or an OSV source is replaced whole by each import. A snapshot
that is empty, or that would remove more than half of the records the source holds, is far
more likely a damaged download, a wrong file or a feed outage than a real change, and
replacing the data with it would silently drop "actively exploited" facts and findings. Such
a snapshot is refused with the reason unless the operator says it is intended
(``--allow-shrink``); the previous data stays.
"""

from __future__ import annotations

from rempart.core.errors import InvalidInput, Problem

#: the option that lets an intended shrink through (named in every refusal)
ALLOW_OPTION = "--allow-shrink"


class SnapshotShrinks(InvalidInput):
    """A snapshot empty or removing more than half of a source's records, not allowed."""

    kind = "invalid.shrink"


def shrink_reason(before: int, after: int, removed: int) -> str | None:
    """Why replacing ``before`` records by a snapshot of ``after`` is suspicious, or ``None``.

    ``removed`` counts the records held now that the snapshot no longer has.
    """
    if after == 0:
        return "the snapshot is empty"
    if before > 0 and removed * 2 > before:
        return (
            f"the snapshot would remove {removed:,} of the {before:,} records held "
            f"(more than half; {after:,} in the snapshot)"
        )
    return None


def check_snapshot(
    source: str, before: int, after: int, removed: int, *, allow_shrink: bool = False
) -> None:
    """Raise :class:`SnapshotShrinks` unless the snapshot is plausible or the shrink allowed."""
    reason = None if allow_shrink else shrink_reason(before, after, removed)
    if reason is not None:
        raise SnapshotShrinks(
            f"refused to replace source {source!r}: {reason}. The previous data is kept; "
            f"if this is intended, import again with {ALLOW_OPTION}",
            [Problem(source, reason, None)],
        )
