"""Writing a scan's findings as a diff, with set-based statements (store layer).

A scan's findings are staged in a temporary table (``COPY`` on PostgreSQL, ``executemany`` on
SQLite) and then, per release, four statements do the rest:

1. count the staged findings that are not open yet (new or reopened);
2. resolve the open findings of the release (within the scope) that were not staged;
3. ``INSERT … ON CONFLICT DO UPDATE … WHERE`` every staged finding: new rows are inserted,
   existing ones keep their row (and id) and are rewritten only when something about them
   changed (reopened ones get a new ``opened_at``), so a rescan that finds nothing new
   writes nothing; ``last_seen`` is the scan that last wrote the row, and an open finding
   was seen by its release's latest scan (``ReleaseSummary.scanned_at``);
4. keep the vulnerability-alias table in step with the staged aliases.

No row is ever deleted and re-created, so whatever links to a finding (triage decisions,
vulnerability reports, cases) keeps pointing at it across rescans. Callers hold the release's
lock (:func:`lock_release`) so that two scans of one release never interleave.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection

from rempart.core.finding import Finding as CoreFinding
from rempart.store.models import Finding, Release, VulnerabilityAlias

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FINDING_TABLE = Finding._meta.db_table
ALIAS_TABLE = VulnerabilityAlias._meta.db_table
STAGE = "rempart_finding_stage"
SCOPE = "rempart_scope_stage"
ALIAS_STAGE = "rempart_alias_stage"

# (column, PostgreSQL type, SQLite type) of the staged values, in insert order.
_VALUE_COLUMNS = (
    ("vulnerability_id", "varchar(200)", "text"),
    ("component_bom_ref", "varchar(1000)", "text"),
    ("aliases", "jsonb", "text"),
    ("summary", "text", "text"),
    ("severity", "varchar(16)", "text"),
    ("score", "double precision", "real"),
    ("fixed_versions", "jsonb", "text"),
    ("component_name", "varchar(1000)", "text"),
    ("component_version", "varchar(300)", "text"),
    ("component_purl", "varchar(2000)", "text"),
    ("ecosystem", "varchar(100)", "text"),
    ("package", "varchar(1000)", "text"),
    ("known_exploited", "boolean", "integer"),
    ("kev_date_added", "date", "text"),
    ("kev_due_date", "date", "text"),
    ("epss", "double precision", "real"),
    ("epss_percentile", "double precision", "real"),
    ("match_basis", "jsonb", "text"),
)
_NAMES = [name for name, _pg, _lite in _VALUE_COLUMNS]
_UPDATED = [n for n in _NAMES if n not in ("vulnerability_id", "component_bom_ref")]


@dataclass(frozen=True, slots=True)
class Diff:
    """What one write changed: newly opened (incl. reopened), resolved, and still open."""

    opened: int
    resolved: int
    found: int


def lock_release(release_pk: int) -> None:
    """Serialize scans of one release: a row lock on PostgreSQL (SQLite serializes writers)."""
    Release.objects.select_for_update().filter(pk=release_pk).values_list("pk").first()


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _ensure_stage() -> None:
    postgres = connection.vendor == "postgresql"
    columns = ", ".join(f"{n} {pg if postgres else lite}" for n, pg, lite in _VALUE_COLUMNS)
    temporary = "TEMPORARY TABLE IF NOT EXISTS"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE {temporary} {STAGE} ({columns}, "
            "PRIMARY KEY (vulnerability_id, component_bom_ref))"
        )
        cursor.execute(
            f"CREATE {temporary} {SCOPE} (ecosystem varchar(100), package varchar(1000), "
            "PRIMARY KEY (ecosystem, package))"
        )
        cursor.execute(
            f"CREATE {temporary} {ALIAS_STAGE} (vulnerability_id varchar(200), "
            "alias varchar(200), PRIMARY KEY (vulnerability_id, alias))"
        )
        for table in (STAGE, SCOPE, ALIAS_STAGE):
            # TRUNCATE, not DELETE: temporary tables are never vacuumed, and the dead rows
            # of 500 scans would make every later scan of the stage slower.
            cursor.execute(f"{'TRUNCATE' if postgres else 'DELETE FROM'} {table}")


def _fill(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
            list(rows),
        )


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _vulnerability_values(finding: CoreFinding) -> tuple[Any, ...]:
    vulnerability = finding.vulnerability
    worst = vulnerability.worst_severity
    return (
        _json(list(vulnerability.aliases)),
        (vulnerability.summary or vulnerability.details[:300])[:2000],
        vulnerability.severity_label.value,
        worst.score if worst is not None else None,
    )


def _row(finding: CoreFinding, cache: dict[str, tuple[Any, tuple[Any, ...]]]) -> tuple[Any, ...]:
    vulnerability = finding.vulnerability
    cached = cache.get(vulnerability.id)
    if cached is not None and cached[0] is vulnerability:
        shared = cached[1]
    else:  # severities need CVSS parsing: once per vulnerability object, not per finding
        shared = _vulnerability_values(finding)
        cache[vulnerability.id] = (vulnerability, shared)
    release = finding.package.release
    epss = finding.epss
    kev = finding.known_exploited
    return (
        vulnerability.id[:200],
        finding.component.bom_ref[:1000],
        *shared,
        _json(list(finding.fixed_versions)),
        finding.component.name[:1000],
        (finding.component.version or "")[:300],
        (finding.component.purl or "")[:2000],
        (f"{finding.package.ecosystem}:{release}" if release else finding.package.ecosystem)[:100],
        finding.package.name[:1000],
        kev.kev,
        _date(kev.date_added),
        _date(kev.due_date),
        epss.score if epss else None,
        epss.percentile if epss else None,
        _json(
            {
                "basis": finding.basis.value,
                "version": finding.version,
                "range": str(finding.matched_range) if finding.matched_range else None,
                "legacy_ordering": finding.legacy_ordering,
            }
        ),
    )


def _date(value: Any) -> Any:
    return connection.ops.adapt_datefield_value(value) if value is not None else None


def _moment(value: datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


# Per-vulnerability values for the whole process, valid for the very object they were
# computed from (kept in the entry, so its identity cannot be reused); bounded.
_VULNERABILITY_CACHE: dict[str, tuple[Any, tuple[Any, ...]]] = {}


def _stage(found: Sequence[CoreFinding], scope: Collection[tuple[str, str]] | None) -> int:
    _ensure_stage()
    if len(_VULNERABILITY_CACHE) > 50_000:
        _VULNERABILITY_CACHE.clear()
    rows: dict[tuple[str, str], tuple[Any, ...]] = {}
    aliases: set[tuple[str, str]] = set()
    cache = _VULNERABILITY_CACHE
    for finding in found:
        row = _row(finding, cache)
        rows.setdefault((row[0], row[1]), row)
        vulnerability = finding.vulnerability
        for name in (vulnerability.id, *vulnerability.aliases):
            aliases.add((vulnerability.id[:200], name.upper()[:200]))
    _fill(STAGE, _NAMES, rows.values())
    _fill(ALIAS_STAGE, ("vulnerability_id", "alias"), sorted(aliases))
    if scope is not None:
        _fill(SCOPE, ("ecosystem", "package"), sorted(scope))
    return len(rows)


def write_findings(
    release_pk: int,
    found: Sequence[CoreFinding],
    now: datetime,
    baseline: datetime | None,
    scope: Collection[tuple[str, str]] | None = None,
) -> Diff:
    """Apply one scan's findings to a release as a diff; call inside a transaction.

    ``scope``: only findings of these (ecosystem, package) pairs may be resolved (a targeted
    rescan); ``None``: the whole release was scanned. ``baseline``: findings opened after it
    are flagged new (``None``: every open finding is new).
    """
    staged = _stage(found, scope)
    params = {
        "release": release_pk,
        "now": _moment(now),
        "baseline": _moment(baseline or EPOCH),
    }
    in_scope = (
        f"AND EXISTS (SELECT 1 FROM {SCOPE} c WHERE c.ecosystem = {FINDING_TABLE}.ecosystem "  # noqa: S608 - our own names
        f"AND c.package = {FINDING_TABLE}.package)"
        if scope is not None
        else ""
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {STAGE} s WHERE NOT EXISTS (SELECT 1 FROM {FINDING_TABLE} f "  # noqa: S608
            "WHERE f.release_id = %(release)s AND f.vulnerability_id = s.vulnerability_id "
            "AND f.component_bom_ref = s.component_bom_ref AND f.status = 'open')",
            params,
        )
        opened = int(cursor.fetchone()[0])
        cursor.execute(
            f"UPDATE {FINDING_TABLE} SET status = 'resolved', resolved_at = %(now)s, new = FALSE "  # noqa: S608
            f"WHERE release_id = %(release)s AND status = 'open' {in_scope} AND NOT EXISTS "
            f"(SELECT 1 FROM {STAGE} s WHERE s.vulnerability_id = {FINDING_TABLE}.vulnerability_id "
            f"AND s.component_bom_ref = {FINDING_TABLE}.component_bom_ref)",
            params,
        )
        resolved = cursor.rowcount
        if staged:
            cursor.execute(_upsert_sql(), params)
        _sync_aliases(cursor)
    return Diff(opened=opened, resolved=resolved, found=staged)


def _upsert_sql() -> str:
    table = FINDING_TABLE
    columns = ", ".join(_q(n) for n in _NAMES)
    selected = ", ".join(f"s.{_q(n)}" for n in _NAMES)
    updates = ", ".join(f"{_q(n)} = excluded.{_q(n)}" for n in _UPDATED)
    was_resolved = f"{table}.status = 'resolved'"
    new_flag = (
        f"CASE WHEN {was_resolved} THEN TRUE "
        f"ELSE COALESCE({table}.opened_at, {table}.first_seen) > %(baseline)s END"
    )
    # Only rows that change are written: an unchanged rescan writes (almost) nothing.
    changed = " OR ".join(
        [
            was_resolved,
            _differs(f"{table}.new", f"({new_flag})"),
            *(_differs(f"{table}.{_q(n)}", f"excluded.{_q(n)}") for n in _UPDATED),
        ]
    )
    return (
        f"INSERT INTO {table} (release_id, {columns}, status, first_seen, last_seen, opened_at, "  # noqa: S608
        f"resolved_at, new) SELECT %(release)s, {selected}, 'open', %(now)s, %(now)s, %(now)s, "
        f"NULL, TRUE FROM {STAGE} s WHERE TRUE "
        "ON CONFLICT (release_id, vulnerability_id, component_bom_ref) DO UPDATE SET "
        f"{updates}, new = {new_flag}, "
        f"opened_at = CASE WHEN {was_resolved} THEN excluded.opened_at "
        f"ELSE {table}.opened_at END, "
        f"status = 'open', last_seen = excluded.last_seen, resolved_at = NULL WHERE {changed}"
    )


def _differs(left: str, right: str) -> str:
    """A null-safe "differs" (``IS DISTINCT FROM``; SQLite spells it ``IS NOT``)."""
    return (
        f"{left} IS NOT {right}"
        if connection.vendor == "sqlite"
        else f"{left} IS DISTINCT FROM {right}"
    )


def _sync_aliases(cursor: Any) -> None:
    """Make the alias table say what the staged vulnerabilities are known by now."""
    cursor.execute(
        f"DELETE FROM {ALIAS_TABLE} WHERE vulnerability_id IN "  # noqa: S608
        f"(SELECT vulnerability_id FROM {ALIAS_STAGE}) AND NOT EXISTS "
        f"(SELECT 1 FROM {ALIAS_STAGE} s WHERE s.vulnerability_id = {ALIAS_TABLE}.vulnerability_id "
        f"AND s.alias = {ALIAS_TABLE}.alias)"
    )
    # Sorted inserts: two scans adding the same pairs wait for each other, never deadlock.
    cursor.execute(
        f"INSERT INTO {ALIAS_TABLE} (vulnerability_id, alias) SELECT s.vulnerability_id, "  # noqa: S608
        f"s.alias FROM {ALIAS_STAGE} s WHERE NOT EXISTS (SELECT 1 FROM {ALIAS_TABLE} a "
        "WHERE a.vulnerability_id = s.vulnerability_id AND a.alias = s.alias) "
        "ORDER BY s.vulnerability_id, s.alias "
        "ON CONFLICT (vulnerability_id, alias) DO NOTHING"
    )


def move_baseline(release_pk: int, baseline: datetime) -> None:
    """Findings opened at or before ``baseline`` are no longer new (targeted rescans)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {FINDING_TABLE} SET new = FALSE WHERE release_id = %s AND new "  # noqa: S608
            "AND status = 'open' AND COALESCE(opened_at, first_seen) <= %s",
            [release_pk, _moment(baseline)],
        )
