"""The CISA Known Exploited Vulnerabilities catalog from JSON bytes (adapter layer).

Reads ``known_exploited_vulnerabilities.json`` (schema: cisagov/kev-data
``known_exploited_vulnerabilities_schema.json``) into a
:class:`rempart.core.finding.KevCatalog`. A document that is not a KEV catalog at all raises
:class:`KevFormatError`; a single unusable entry (a malformed ``cveID`` or date) is skipped and
reported in :attr:`KevImport.skipped`, so one typo in a 1,400-entry catalog does not drop the
other 1,399.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from rempart.core.errors import FormatError, Problem
from rempart.core.finding import KevCatalog, KevEntry
from rempart.formats.limits import KEV_MAX_BYTES

log = logging.getLogger(__name__)

#: the real catalog is about 1.3 MB; refuse anything absurdly larger before parsing
_CVE = re.compile(r"^CVE-\d{4}-\d{4,19}$")


class KevFormatError(FormatError):
    """The bytes are not a CISA KEV catalog."""

    kind = "format.kev"

    @classmethod
    def about(cls, where: str, message: str) -> KevFormatError:
        """One problem at one JSON pointer."""
        return cls(f"{where}: {message}", [Problem(where, message)])


@dataclass(frozen=True, slots=True)
class KevImport:
    """The catalog read, plus the entries left out and why (JSON pointers)."""

    catalog: KevCatalog
    skipped: tuple[Problem, ...] = ()


def read_kev(data: bytes) -> KevImport:
    """Parse a KEV catalog; raises :class:`KevFormatError` if the document is not one."""
    if len(data) > KEV_MAX_BYTES:
        raise KevFormatError.about("(document)", f"larger than {KEV_MAX_BYTES:,} bytes")
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise KevFormatError.about("(document)", f"not JSON: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("vulnerabilities"), list):
        raise KevFormatError.about("/vulnerabilities", "a KEV catalog needs a vulnerabilities list")
    entries: dict[str, KevEntry] = {}
    skipped: list[Problem] = []
    for index, item in enumerate(document["vulnerabilities"]):
        try:
            entry = _entry(item)
        except ValueError as exc:
            skipped.append(Problem(f"/vulnerabilities/{index}", str(exc)))
            continue
        entries[entry.cve_id] = entry
    for problem in skipped:
        log.warning("KEV entry skipped: %s", problem)
    catalog = KevCatalog(
        version=str(document.get("catalogVersion") or ""),
        released=_released(document.get("dateReleased")),
        entries=entries,
    )
    return KevImport(catalog, tuple(skipped))


def _entry(item: Any) -> KevEntry:
    if not isinstance(item, dict):
        raise ValueError("an entry must be an object")
    cve = item.get("cveID")
    if not isinstance(cve, str) or not _CVE.match(cve.strip().upper()):
        raise ValueError(f"cveID {cve!r} is not a CVE id")
    added = _date(item.get("dateAdded"), "dateAdded")
    if added is None:
        raise ValueError("dateAdded is required")
    return KevEntry(
        cve_id=cve.strip().upper(),
        date_added=added,
        due_date=_date(item.get("dueDate"), "dueDate"),
        known_ransomware_use=str(item.get("knownRansomwareCampaignUse", "")).lower() == "known",
        vendor=str(item.get("vendorProject") or ""),
        product=str(item.get("product") or ""),
        name=str(item.get("vulnerabilityName") or ""),
        required_action=str(item.get("requiredAction") or ""),
    )


def _date(value: Any, field_name: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ValueError(f"{field_name} {value!r} is not YYYY-MM-DD") from exc


def _released(value: Any) -> datetime | None:
    """``dateReleased`` (``2025-08-25T17:04:19.9796Z``) as aware UTC; unreadable -> None."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
