"""KEV and EPSS facts onto stored findings with set-based updates (store layer).

After a KEV or EPSS import the findings do not need matching again: whether a vulnerability
is known exploited, and its EPSS score, follow from its CVE aliases alone. These statements
join findings to the catalogs through the alias table and change only the rows whose facts
changed, with the same rule as the matcher (``core.matching``):

- KEV: the entry of the lowest CVE id among the vulnerability's ids that the catalog lists;
- EPSS: the highest score among its CVE ids (the highest percentile among equal scores).

Each function returns the ids of the releases whose findings changed, so their summaries can
be recounted.
"""

from __future__ import annotations

from django.db import connection

from rempart.store.models import EpssScore, Finding, KevEntry, VulnerabilityAlias

FINDING = Finding._meta.db_table
ALIAS = VulnerabilityAlias._meta.db_table
KEV = KevEntry._meta.db_table
EPSS = EpssScore._meta.db_table


def _distinct(left: str, right: str) -> str:
    """A null-safe "differs" test (``IS DISTINCT FROM``; SQLite spells it ``IS NOT``)."""
    if connection.vendor == "sqlite":
        return f"{left} IS NOT {right}"
    return f"{left} IS DISTINCT FROM {right}"


def _releases(cursor: object, sql: str) -> set[int]:
    cursor.execute(sql)  # type: ignore[attr-defined]
    return {int(row[0]) for row in cursor.fetchall()}  # type: ignore[attr-defined]


def apply_kev() -> set[int]:
    """Set every finding's KEV facts from the stored catalog; return the releases changed."""
    chosen = (
        f"SELECT a.vulnerability_id AS vid, MIN(k.cve_id) AS cve FROM {ALIAS} a "  # noqa: S608
        f"JOIN {KEV} k ON k.cve_id = a.alias GROUP BY a.vulnerability_id"
    )
    facts = (
        f"SELECT c.vid, k.date_added, k.due_date FROM ({chosen}) c "  # noqa: S608
        f"JOIN {KEV} k ON k.cve_id = c.cve"
    )
    differs = " OR ".join(
        (
            f"NOT {FINDING}.known_exploited",
            _distinct(f"{FINDING}.kev_date_added", "t.date_added"),
            _distinct(f"{FINDING}.kev_due_date", "t.due_date"),
        )
    )
    listed = f"SELECT c.vid FROM ({chosen}) c"  # noqa: S608
    changed: set[int] = set()
    with connection.cursor() as cursor:
        changed |= _releases(
            cursor,
            f"SELECT DISTINCT {FINDING}.release_id FROM {FINDING} JOIN ({facts}) t "  # noqa: S608
            f"ON t.vid = {FINDING}.vulnerability_id WHERE {differs}",
        )
        changed |= _releases(
            cursor,
            f"SELECT DISTINCT release_id FROM {FINDING} WHERE known_exploited "  # noqa: S608
            f"AND vulnerability_id NOT IN ({listed})",
        )
        cursor.execute(
            f"UPDATE {FINDING} SET known_exploited = TRUE, kev_date_added = t.date_added, "  # noqa: S608
            f"kev_due_date = t.due_date FROM ({facts}) t "
            f"WHERE t.vid = {FINDING}.vulnerability_id AND ({differs})"
        )
        cursor.execute(
            f"UPDATE {FINDING} SET known_exploited = FALSE, kev_date_added = NULL, "  # noqa: S608
            f"kev_due_date = NULL WHERE known_exploited AND vulnerability_id NOT IN ({listed})"
        )
    return changed


def apply_epss() -> set[int]:
    """Set every finding's EPSS score from the stored table; return the releases changed."""
    best = (
        f"SELECT a.vulnerability_id AS vid, MAX(e.score) AS score FROM {ALIAS} a "  # noqa: S608
        f"JOIN {EPSS} e ON e.cve_id = a.alias GROUP BY a.vulnerability_id"
    )
    facts = (
        f"SELECT b.vid, b.score, MAX(e.percentile) AS percentile FROM ({best}) b "  # noqa: S608
        f"JOIN {ALIAS} a ON a.vulnerability_id = b.vid "
        f"JOIN {EPSS} e ON e.cve_id = a.alias AND e.score = b.score GROUP BY b.vid, b.score"
    )
    differs = " OR ".join(
        (
            _distinct(f"{FINDING}.epss", "t.score"),
            _distinct(f"{FINDING}.epss_percentile", "t.percentile"),
        )
    )
    scored = f"SELECT b.vid FROM ({best}) b"  # noqa: S608
    changed: set[int] = set()
    with connection.cursor() as cursor:
        changed |= _releases(
            cursor,
            f"SELECT DISTINCT {FINDING}.release_id FROM {FINDING} JOIN ({facts}) t "  # noqa: S608
            f"ON t.vid = {FINDING}.vulnerability_id WHERE {differs}",
        )
        changed |= _releases(
            cursor,
            f"SELECT DISTINCT release_id FROM {FINDING} WHERE epss IS NOT NULL "  # noqa: S608
            f"AND vulnerability_id NOT IN ({scored})",
        )
        cursor.execute(
            f"UPDATE {FINDING} SET epss = t.score, epss_percentile = t.percentile "  # noqa: S608
            f"FROM ({facts}) t WHERE t.vid = {FINDING}.vulnerability_id AND ({differs})"
        )
        cursor.execute(
            f"UPDATE {FINDING} SET epss = NULL, epss_percentile = NULL "  # noqa: S608
            f"WHERE epss IS NOT NULL AND vulnerability_id NOT IN ({scored})"
        )
    return changed
