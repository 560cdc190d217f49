"""The CISA Known Exploited Vulnerabilities catalog from JSON bytes (adapter layer).

Reads ``known_exploited_vulnerabilities.json`` (schema: cisagov/kev-data
``known_exploited_vulnerabilities_schema.json``) into a
:class:`rempart.core.finding.KevCatalog`. A document that is not a KEV catalog at all raises
:class:`KevFormatError`.

The catalog is validated whole (``strict``, the default): one unusable entry (a malformed
``cveID``, a date that is not ``YYYY-MM-DD``, a field of the wrong type, text breaking the
rules of :mod:`rempart.formats.text_rules`), or a ``count`` that does not match the entries,
refuses the catalog with every problem located by JSON pointer. A catalog is one published
snapshot: dropping an entry would silently take "actively exploited" away from that CVE, so a
damaged catalog must leave the previous one in place. ``strict=False`` skips bad entries
instead and lists them in :attr:`KevImport.skipped`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from rempart.core.errors import FormatError, Problem
from rempart.core.finding import KevCatalog, KevEntry
from rempart.formats.errors import FeedRefused, LocatedFormatError
from rempart.formats.limits import KEV_MAX_BYTES, parse_json
from rempart.formats.text_rules import check_document, text_problem

log = logging.getLogger(__name__)

#: the real catalog is about 1.3 MB; refuse anything absurdly larger before parsing
_CVE = re.compile(r"^CVE-\d{4}-\d{4,19}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: string fields of an entry (the schema's, all optional here but ``cveID`` and ``dateAdded``)
_TEXT_FIELDS = (
    "vendorProject",
    "product",
    "vulnerabilityName",
    "shortDescription",
    "requiredAction",
    "knownRansomwareCampaignUse",
    "notes",
)
#: longest ``catalogVersion`` kept (the store's column)
MAX_VERSION = 100


class KevFormatError(FeedRefused):
    """The bytes are not a CISA KEV catalog."""

    kind = "format.kev"
    noun = "KEV entries"
    whole = "the catalog"


class _BadEntry(ValueError):
    """One invalid entry: what is wrong and where (a JSON pointer)."""

    def __init__(self, message: str, where: str) -> None:
        super().__init__(message)
        self.where = where


@dataclass(frozen=True, slots=True)
class KevImport:
    """The catalog read, plus the entries left out and why (JSON pointers)."""

    catalog: KevCatalog
    skipped: tuple[Problem, ...] = ()


def read_kev(data: bytes, *, strict: bool = True) -> KevImport:
    """Parse a KEV catalog; raises :class:`KevFormatError` if the document is not one.

    ``strict`` (the default) refuses the catalog when any entry is invalid.
    """
    if len(data) > KEV_MAX_BYTES:
        raise KevFormatError.about("(document)", f"larger than {KEV_MAX_BYTES:,} bytes")
    try:
        document = parse_json(data)
    except LocatedFormatError as exc:  # located: line and column, "looks truncated"
        raise KevFormatError(f"not a JSON document: {exc.message}", exc.problems) from exc
    if not isinstance(document, dict) or not isinstance(document.get("vulnerabilities"), list):
        raise KevFormatError.about("/vulnerabilities", "a KEV catalog needs a vulnerabilities list")
    items: list[Any] = document["vulnerabilities"]
    version = _version(document.get("catalogVersion"))
    entries: dict[str, KevEntry] = {}
    skipped: list[Problem] = []
    for index, item in enumerate(items):
        where = f"/vulnerabilities/{index}"
        try:
            entry = _entry(item, where)
        except _BadEntry as exc:
            skipped.append(Problem(exc.where, str(exc)))
            continue
        entries[entry.cve_id] = entry
    if strict and skipped:
        raise KevFormatError.invalid(skipped, len(items))
    count = document.get("count")
    if strict and isinstance(count, int) and not isinstance(count, bool) and count != len(items):
        raise KevFormatError.about(
            "/count", f"the catalog says {count:,} entries but holds {len(items):,} (damaged?)"
        )
    for problem in skipped:
        log.warning("KEV entry skipped: %s", problem)
    catalog = KevCatalog(
        version=version,
        released=_released(document.get("dateReleased")),
        entries=entries,
    )
    return KevImport(catalog, tuple(skipped))


def _version(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise KevFormatError.about("/catalogVersion", "must be a string")
    problem = text_problem(str(value), MAX_VERSION)
    if problem is not None:
        raise KevFormatError.about("/catalogVersion", f"text {problem}")
    return str(value)


def _entry(item: Any, where: str) -> KevEntry:
    """One entry, or :class:`_BadEntry` naming what is wrong and where."""
    if not isinstance(item, dict):
        raise _BadEntry("an entry must be an object", where)
    try:
        check_document(item, where)
    except FormatError as exc:
        raise _BadEntry(exc.problems[0].message, exc.problems[0].field) from exc
    cve = item.get("cveID")
    if not isinstance(cve, str) or not _CVE.match(cve.strip().upper()):
        raise _BadEntry(f"cveID {_shown(cve)} is not a CVE id", f"{where}/cveID")
    for key in _TEXT_FIELDS:
        if item.get(key) is not None and not isinstance(item[key], str):
            raise _BadEntry(f"{key} must be a string, not {_shown(item[key])}", f"{where}/{key}")
    cwes = item.get("cwes")
    if cwes is not None and not (isinstance(cwes, list) and all(isinstance(c, str) for c in cwes)):
        raise _BadEntry("cwes must be a list of strings", f"{where}/cwes")
    added = _date(item.get("dateAdded"), f"{where}/dateAdded")
    if added is None:
        raise _BadEntry("dateAdded is required", f"{where}/dateAdded")
    return KevEntry(
        cve_id=cve.strip().upper(),
        date_added=added,
        due_date=_date(item.get("dueDate"), f"{where}/dueDate"),
        known_ransomware_use=str(item.get("knownRansomwareCampaignUse", "")).lower() == "known",
        vendor=str(item.get("vendorProject") or ""),
        product=str(item.get("product") or ""),
        name=str(item.get("vulnerabilityName") or ""),
        required_action=str(item.get("requiredAction") or ""),
    )


def _date(value: Any, where: str) -> date | None:
    """A calendar date written ``YYYY-MM-DD`` (nothing else ``fromisoformat`` would take)."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not _DAY.match(value.strip()):
        raise _BadEntry(f"{_shown(value)} is not a date written YYYY-MM-DD", where)
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise _BadEntry(f"{_shown(value)} is not a calendar date", where) from exc


def _shown(value: Any) -> str:
    """A value for a message: its repr, cut short (a 10 MB field stays out of the message)."""
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:77]}..."


def _released(value: Any) -> datetime | None:
    """``dateReleased`` (``2025-08-25T17:04:19.9796Z``) as aware UTC; unreadable -> None."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
