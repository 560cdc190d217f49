"""OSV advisories from bytes: JSON and YAML records, directories, ZIP and tar.gz dumps.

Reads the OSV schema (ossf/osv-schema ``validation/schema.json``) into
:class:`rempart.core.advisory.Vulnerability` values. Input is bytes — one record, a JSON list
of records, an OSV ``all.zip`` or a ``.tar.gz`` of a database repository — or an iterable of
``(name, bytes)`` pairs; :func:`read_osv_path` is a thin helper that walks a file or directory
and feeds the same parser.

One bad record never aborts an import. A record is skipped, counted by
:class:`SkipReason` and logged when it is not JSON/YAML, lacks an id, has a field of the wrong
type, a range that breaks the schema, an unknown range type, an event version its
(supported) ecosystem cannot parse, or text that breaks :mod:`rempart.formats.text_rules`
(a NUL or a lone surrogate in any string or key, an id, ecosystem, package name or purl
longer than the store holds). Input in which *nothing* is readable (a truncated file, an
empty one) is refused by :meth:`OsvImport.require_readable`, which importers call. Skipped records that still name their packages are
reported in :meth:`OsvImport.unreadable_packages`, so the matcher marks those packages "not
assessed" instead of silently clean.

Freshness: :meth:`OsvImport.source` describes the import for the matcher's coverage. Pass
``retrieved_at`` (when the data was downloaded or snapshotted): every Go database record
carries the zero time as ``modified``, so without it that source has an unknown age and its
components are "not assessed: stale source". Archive member times are not used, since they
record packing, not the snapshot.

YAML goes through :func:`rempart.formats.safe_yaml.parse_yaml`: anchors and aliases are refused
before anything is built (an alias bomb is a skipped file, not gigabytes), and the *base*
loader keeps every scalar a string, so a version such as ``1.10`` is never turned into the
float ``1.1``, and no Python object can be constructed.
Timestamps are RFC 3339; a missing offset is read as UTC, and the Go database's zero time
``0001-01-01T00:00:00Z`` (its "not set") as unknown.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rempart.core.advisory import (
    AffectedPackage,
    Package,
    Reference,
    Severity,
    Vulnerability,
    parse_severity,
)
from rempart.core.errors import FormatError
from rempart.core.versions.ecosystems import ecosystem
from rempart.core.versions.purls import PackageKey
from rempart.core.versions.ranges import (
    AffectedRange,
    Event,
    EventKind,
    InvalidRange,
    RangeType,
    check_events,
    compile_range,
)
from rempart.formats.archives import DEFAULT_LIMITS, ArchiveLimits, archive_kind, iter_archive
from rempart.formats.osv_import import (
    InvalidOsvRecord,
    OsvImport,
    SkippedRecord,
    SkipReason,
)
from rempart.formats.safe_yaml import parse_yaml
from rempart.formats.text_rules import (
    MAX_ECOSYSTEM,
    MAX_ID,
    MAX_NAME,
    MAX_PURL,
    check_document,
    text_problem,
)

__all__ = [
    "InvalidOsvRecord",
    "OsvImport",
    "SkipReason",
    "SkippedRecord",
    "parse_record",
    "read_osv",
    "read_osv_path",
]

log = logging.getLogger(__name__)

_RECORD_SUFFIXES = (".json", ".yaml", ".yml")
#: per-record bounds; real records stay far below, hostile ones (YAML alias fans) do not
MAX_AFFECTED, MAX_RANGES, MAX_EVENTS, MAX_VERSIONS = 10_000, 1_000, 10_000, 200_000


def read_osv(
    source: bytes | Iterable[tuple[str, bytes]],
    *,
    name: str = "(input)",
    limits: ArchiveLimits = DEFAULT_LIMITS,
    keep_documents: bool = False,
) -> OsvImport:
    """Read OSV records from bytes (a record, a list, an archive) or ``(name, bytes)`` pairs.

    Bytes are always read (as an archive when they start like one). Of named pairs and of
    archive members, only ``.json``, ``.yaml`` and ``.yml`` files are read; archives among
    the pairs are opened; everything else is listed in ``ignored_files``.
    """
    single = isinstance(source, bytes)
    pairs: Iterable[tuple[str, bytes]] = [(name, source)] if isinstance(source, bytes) else source
    records: list[Vulnerability] = []
    skipped: list[SkippedRecord] = []
    ignored: list[str] = []
    kept: dict[str, dict[str, Any]] | None = {} if keep_documents else None
    for member_name, data in pairs:
        if archive_kind(data) is not None:
            for inner_name, inner in iter_archive(data, limits):
                inner_full = f"{member_name}!{inner_name}"
                if archive_kind(inner) is not None or not _is_record_name(inner_name):
                    ignored.append(inner_full)  # LICENSE, README, nested archives
                else:
                    _read_member(inner_full, inner, records, skipped, kept)
        elif single or _is_record_name(member_name):
            _read_member(member_name, data, records, skipped, kept)
        else:
            ignored.append(member_name)
    for item in skipped:
        log.warning(
            "OSV record skipped (%s): %s %s",
            item.reason,
            item.record_id or item.name,
            item.detail,
        )
    return OsvImport(tuple(records), tuple(skipped), tuple(ignored), kept or {})


def read_osv_path(
    path: Path, *, limits: ArchiveLimits = DEFAULT_LIMITS, keep_documents: bool = False
) -> OsvImport:
    """Read a record file, an archive or a directory tree of them (sorted, deterministic)."""
    return read_osv(_walk(path), name=str(path), limits=limits, keep_documents=keep_documents)


def _walk(path: Path) -> Iterator[tuple[str, bytes]]:
    if path.is_file():
        yield str(path), path.read_bytes()
        return
    for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.is_symlink()):
        yield str(child), child.read_bytes()


def _is_record_name(name: str) -> bool:
    return name.lower().endswith(_RECORD_SUFFIXES)


def _read_member(
    name: str,
    data: bytes,
    records: list[Vulnerability],
    skipped: list[SkippedRecord],
    kept: dict[str, dict[str, Any]] | None = None,
) -> None:
    try:
        documents = _documents(name, data)
    except InvalidOsvRecord as exc:
        skipped.append(SkippedRecord(name, None, exc.reason, str(exc)))
        return
    for document in documents:
        record_id = document.get("id") if isinstance(document, dict) else None
        try:
            record = parse_record(document)
        except InvalidOsvRecord as exc:
            rid = record_id if isinstance(record_id, str) and _storable_id(record_id) else None
            skipped.append(SkippedRecord(name, rid, exc.reason, str(exc), exc.packages))
            continue
        records.append(record)
        if kept is not None:
            kept[record.id] = document


def _documents(name: str, data: bytes) -> list[Any]:
    """The record objects in one file: one object, a JSON list, or ``{"vulns": [...]}``."""
    try:
        if name.lower().endswith((".yaml", ".yml")):
            loaded = parse_yaml(data)  # anchors and aliases refused, strings only
        else:
            loaded = json.loads(data)
    except FormatError as exc:
        raise InvalidOsvRecord(SkipReason.MALFORMED, f"not valid YAML: {exc.message}") from exc
    except (ValueError, RecursionError) as exc:
        raise InvalidOsvRecord(SkipReason.MALFORMED, f"not valid JSON: {exc}") from exc
    if isinstance(loaded, list):
        return loaded
    if isinstance(loaded, dict) and "id" not in loaded and isinstance(loaded.get("vulns"), list):
        return list(loaded["vulns"])
    return [loaded]


def parse_record(document: Any) -> Vulnerability:
    """One OSV record object to a :class:`Vulnerability`; raises :class:`InvalidOsvRecord`."""
    if not isinstance(document, dict):
        raise InvalidOsvRecord(SkipReason.MALFORMED, "a record must be a JSON object")
    try:
        check_document(document)  # NUL or a lone surrogate anywhere: not storable
    except FormatError as exc:
        raise InvalidOsvRecord(SkipReason.BAD_TEXT, exc.message) from exc
    record_id = document.get("id")
    if not isinstance(record_id, str) or not record_id.strip():
        raise InvalidOsvRecord(SkipReason.MISSING_ID, "the record has no usable id")
    _limit("/id", record_id.strip(), MAX_ID)
    affected = tuple(
        _affected(item, f"/affected/{i}")
        for i, item in enumerate(_list(document, "affected", MAX_AFFECTED))
    )
    return Vulnerability(
        id=record_id.strip(),
        modified=_timestamp(document, "modified"),
        aliases=_ids(document, "aliases"),
        summary=_text(document, "summary"),
        details=_text(document, "details"),
        severity=_severities(document),
        published=_timestamp(document, "published"),
        withdrawn=_timestamp(document, "withdrawn"),
        affected=tuple(replace(a, origin=record_id.strip()) for a in affected if a is not None),
        references=tuple(_reference(r) for r in _list(document, "references", MAX_VERSIONS)),
        related=_ids(document, "related"),
    )


def _affected(item: Any, where: str) -> AffectedPackage | None:
    if not isinstance(item, dict):
        raise InvalidOsvRecord(SkipReason.BAD_FIELD, "affected[] entries must be objects")
    package = item.get("package")
    if package is None:
        return None  # a GIT-only entry names no package: nothing to match by purl
    if not isinstance(package, dict) or not all(
        isinstance(package.get(k), str) and package[k].strip() for k in ("ecosystem", "name")
    ):
        raise InvalidOsvRecord(SkipReason.BAD_FIELD, "affected[].package needs ecosystem and name")
    parsed = Package(
        package["ecosystem"].strip(), package["name"].strip(), _opt_str(package, "purl")
    )
    _limit(f"{where}/package/ecosystem", parsed.ecosystem, MAX_ECOSYSTEM)
    _limit(f"{where}/package/name", parsed.name, MAX_NAME)
    _limit(f"{where}/package/purl", parsed.purl or "", MAX_PURL)
    key = PackageKey(*parsed.identity())
    try:
        ranges = tuple(_range(r) for r in _list(item, "ranges", MAX_RANGES))
        _check_versions(parsed, ranges)
    except InvalidOsvRecord as exc:
        raise InvalidOsvRecord(exc.reason, str(exc), (key,)) from exc
    return AffectedPackage(
        parsed, ranges, _strings(item, "versions", MAX_VERSIONS), _severities(item)
    )


def _range(item: Any) -> AffectedRange:
    if not isinstance(item, dict):
        raise InvalidOsvRecord(SkipReason.BAD_RANGE, "ranges[] entries must be objects")
    try:
        range_type = RangeType(str(item.get("type")))
    except ValueError as exc:
        raise InvalidOsvRecord(
            SkipReason.UNKNOWN_RANGE_TYPE, f"range type {item.get('type')!r}"
        ) from exc
    events: list[Event] = []
    for event in _list(item, "events", MAX_EVENTS):
        if not isinstance(event, dict) or len(event) != 1:
            raise InvalidOsvRecord(SkipReason.BAD_RANGE, "each event must have exactly one key")
        ((kind, version),) = event.items()
        if (
            kind not in EventKind.__members__.values()
            or not isinstance(version, str)
            or not version
        ):
            raise InvalidOsvRecord(SkipReason.BAD_RANGE, f"bad event {kind!r}: {version!r}")
        events.append(Event(EventKind(kind), version.strip()))
    try:
        check_events(events)
    except InvalidRange as exc:
        raise InvalidOsvRecord(SkipReason.BAD_RANGE, exc.message) from exc
    return AffectedRange(range_type, tuple(events), _opt_str(item, "repo"))


def _check_versions(package: Package, ranges: tuple[AffectedRange, ...]) -> None:
    """Parse event versions now when we know the ecosystem, so bad ones skip the record."""
    eco = ecosystem(package.ecosystem)
    if eco is None or eco.scheme is None:
        return  # unknown or unsupported: kept as data, never matched
    for affected_range in ranges:
        if affected_range.type is RangeType.GIT:
            continue
        try:
            compile_range(affected_range, eco.scheme)
        except InvalidRange as exc:
            raise InvalidOsvRecord(SkipReason.INVALID_VERSION, exc.message) from exc


def _severities(item: dict[str, Any]) -> tuple[Severity, ...]:
    found = []
    for entry in _list(item, "severity", MAX_RANGES):
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(k), str) for k in ("type", "score")
        ):
            raise InvalidOsvRecord(SkipReason.BAD_FIELD, "severity[] needs type and score strings")
        found.append(parse_severity(entry["type"], entry["score"]))
    return tuple(found)


def _reference(item: Any) -> Reference:
    if not isinstance(item, dict) or not isinstance(item.get("url"), str):
        raise InvalidOsvRecord(SkipReason.BAD_FIELD, "references[] needs a url")
    return Reference(str(item.get("type") or "WEB"), item["url"])


def _list(item: dict[str, Any], key: str, cap: int) -> list[Any]:
    value = item.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidOsvRecord(SkipReason.BAD_FIELD, f"{key} must be a list")
    if len(value) > cap:
        raise InvalidOsvRecord(SkipReason.TOO_LARGE, f"{key} has more than {cap:,} entries")
    return value


def _strings(item: dict[str, Any], key: str, cap: int = MAX_RANGES) -> tuple[str, ...]:
    values = _list(item, key, cap)
    if not all(isinstance(v, str) for v in values):
        raise InvalidOsvRecord(SkipReason.BAD_FIELD, f"{key} must be a list of strings")
    return tuple(v.strip() for v in values)


def _ids(item: dict[str, Any], key: str) -> tuple[str, ...]:
    """``aliases`` / ``related``: ids, each within the length of an id."""
    values = _strings(item, key)
    for index, value in enumerate(values):
        _limit(f"/{key}/{index}", value, MAX_ID)
    return values


def _limit(where: str, value: str, max_length: int) -> None:
    """An identifier longer than the store holds skips the record (same on every database)."""
    if len(value) > max_length:
        raise InvalidOsvRecord(
            SkipReason.BAD_TEXT, f"{where}: {len(value):,} characters; the limit is {max_length:,}"
        )


def _storable_id(value: str) -> bool:
    return len(value) <= MAX_ID and text_problem(value) is None


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise InvalidOsvRecord(SkipReason.BAD_FIELD, f"{key} must be a string")
    return value or ""


def _opt_str(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    return value if isinstance(value, str) and value else None


def _timestamp(item: dict[str, Any], key: str) -> datetime | None:
    value = item.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidOsvRecord(SkipReason.BAD_FIELD, f"{key} must be an RFC 3339 string")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidOsvRecord(SkipReason.BAD_FIELD, f"{key}: {value!r} is not RFC 3339") from exc
    if parsed.year == 1:
        return None  # Go's zero time: the Go database's way of saying "not set"
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
