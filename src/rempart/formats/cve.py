"""CVE records (CVE JSON 5.x) -> :class:`rempart.core.severity.CveFacts` (formats layer).

Reads what Rempart uses from a CVE record: the CNA's CVSS metrics (v4.0, v3.1, v3.0, v2.0),
its CWE problem types, and the CISA ADP container ("Vulnrichment"): CVSS and CWE that CISA
added, the SSVC decision points (Exploitation, Automatable, Technical Impact) and the KEV
marker. Input: one record, a JSON list of records, a directory tree, or an archive of them
(the CVE list's published ``.zip`` releases hold a second ``.zip`` inside; both are opened,
through the hardened reader of :mod:`rempart.formats.archives`).

A record that is not a CVE record is skipped and counted, with its location; so is a record
whose text breaks :mod:`rempart.formats.text_rules` (a NUL or a lone surrogate anywhere) or
whose ``cveId`` is not ``CVE-YYYY-NNNN...``. An unreadable file or archive stops the whole
import (nothing is half-imported).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from rempart.core.advisory import parse_severity
from rempart.core.severity import CveFacts, Rating, Ssvc, Tier, Weakness
from rempart.formats.archives import DEFAULT_LIMITS, ArchiveLimits, archive_kind, iter_archive
from rempart.formats.errors import MalformedDocument
from rempart.formats.text_rules import InvalidText, check_document

_METRIC_TYPES = (
    ("cvssV4_0", "CVSS_V4"),
    ("cvssV3_1", "CVSS_V3"),
    ("cvssV3_0", "CVSS_V3"),
    ("cvssV2_0", "CVSS_V2"),
)
CISA_ADP = "CISA-ADP"
MAX_TEXT = 4000
_CVE_ID = re.compile(r"^CVE-\d{4}-\d{4,19}$")  # at most 28 characters: fits the column


@dataclass(frozen=True, slots=True)
class CveImport:
    records: tuple[CveFacts, ...]
    skipped: tuple[tuple[str, str], ...]  # (location, reason)
    files: int


def read_cve_records(
    source: bytes | Iterable[tuple[str, bytes]],
    *,
    name: str = "(input)",
    limits: ArchiveLimits = DEFAULT_LIMITS,
) -> CveImport:
    """Read CVE records from bytes (a record, a list, an archive) or ``(name, bytes)`` pairs."""
    pairs: Iterable[tuple[str, bytes]] = [(name, source)] if isinstance(source, bytes) else source
    records: dict[str, CveFacts] = {}
    skipped: list[tuple[str, str]] = []
    files = 0
    for member, data in _flatten(pairs, limits):
        files += 1
        for location, document in _documents(member, data):
            facts = cve_facts(document)
            if isinstance(facts, str):
                skipped.append((location, facts))
                continue
            current = records.get(facts.cve_id)
            if current is None or _newer(facts, current):
                records[facts.cve_id] = facts
    return CveImport(tuple(records[k] for k in sorted(records)), tuple(skipped), files)


def read_cve_path(path: Path, *, limits: ArchiveLimits = DEFAULT_LIMITS) -> CveImport:
    """Read a record file, an archive or a directory tree of them (sorted, deterministic)."""
    return read_cve_records(_walk(path), name=str(path), limits=limits)


def _walk(path: Path) -> Iterator[tuple[str, bytes]]:
    if path.is_file():
        yield str(path), path.read_bytes()
        return
    for child in sorted(p for p in path.rglob("*.json") if p.is_file() and not p.is_symlink()):
        yield str(child), child.read_bytes()


def _flatten(
    pairs: Iterable[tuple[str, bytes]], limits: ArchiveLimits, depth: int = 0
) -> Iterator[tuple[str, bytes]]:
    for member, data in pairs:
        if archive_kind(data) is not None:
            if depth >= 2:
                continue  # an archive three levels deep is no CVE release layout
            inner = ((f"{member}!{n}", d) for n, d in iter_archive(data, limits))
            yield from _flatten(inner, limits, depth + 1)
        elif member.lower().endswith(".json") or depth == 0:
            yield member, data


def _documents(member: str, data: bytes) -> list[tuple[str, Any]]:
    try:
        loaded = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise MalformedDocument.at(member, f"not valid JSON: {error}") from error
    if isinstance(loaded, list):
        return [(f"{member}/{i}", item) for i, item in enumerate(loaded)]
    return [(member, loaded)]


def _newer(facts: CveFacts, current: CveFacts) -> bool:
    if facts.date_updated is None:
        return False
    return current.date_updated is None or facts.date_updated > current.date_updated


def cve_facts(document: Any) -> CveFacts | str:
    """The facts of one CVE record, or the reason it is not one."""
    if not isinstance(document, dict) or document.get("dataType") != "CVE_RECORD":
        return "not a CVE record (dataType is not CVE_RECORD)"
    metadata = document.get("cveMetadata")
    containers = document.get("containers")
    if not isinstance(metadata, dict) or not isinstance(containers, dict):
        return "cveMetadata or containers missing"
    cve_id = str(metadata.get("cveId", "")).strip().upper()
    if not _CVE_ID.match(cve_id):
        return f"cveId {cve_id[:40]!r} is not a CVE id"
    try:
        check_document(document)
    except InvalidText as error:
        return error.message
    cna_value = containers.get("cna")
    cna: dict[str, Any] = cna_value if isinstance(cna_value, dict) else {}
    adps = [a for a in _list(containers.get("adp")) if isinstance(a, dict)]
    ratings = _ratings(cve_id, Tier.CVE_CNA, cna)
    weaknesses = _weaknesses(cve_id, "cna", cna)
    ssvc: Ssvc | None = None
    kev = ""
    for adp in adps:
        provider = _dict(adp.get("providerMetadata")).get("shortName", "")
        if provider != CISA_ADP:
            continue
        ratings += _ratings(cve_id, Tier.CVE_ADP, adp)
        weaknesses += _weaknesses(cve_id, CISA_ADP, adp)
        ssvc = _ssvc(cve_id, adp) or ssvc
        kev = _kev(adp) or kev
    return CveFacts(
        cve_id=cve_id,
        state=str(metadata.get("state", "")),
        date_updated=_time(metadata.get("dateUpdated")),
        title=str(cna.get("title", ""))[:500],
        description=_english(cna.get("descriptions"))[:MAX_TEXT],
        ratings=tuple(ratings),
        weaknesses=tuple(weaknesses),
        ssvc=ssvc,
        kev_date_added=kev,
    )


def _metrics(container: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in _list(container.get("metrics")) if isinstance(m, dict)]


def _ratings(cve_id: str, tier: str, container: dict[str, Any]) -> list[Rating]:
    found: list[Rating] = []
    for metric in _metrics(container):
        for key, kind in _METRIC_TYPES:
            body = metric.get(key)
            if isinstance(body, dict) and isinstance(body.get("vectorString"), str):
                severity = parse_severity(kind, body["vectorString"])
                found.append(Rating.from_severity(tier, cve_id, severity))
    return found


def _weaknesses(cve_id: str, source: str, container: dict[str, Any]) -> list[Weakness]:
    found: list[Weakness] = []
    for problem in _list(container.get("problemTypes")):
        for item in _list(_dict(problem).get("descriptions")):
            if isinstance(item, dict) and str(item.get("cweId", "")).startswith("CWE-"):
                name = str(item.get("description", ""))
                # "CWE-79 Improper Neutralization…": keep the name only
                name = name.split(" ", 1)[1] if name.startswith("CWE-") and " " in name else name
                found.append(Weakness(str(item["cweId"]), name[:300], cve_id, source))
    return found


def _ssvc(cve_id: str, adp: dict[str, Any]) -> Ssvc | None:
    for metric in _metrics(adp):
        other = metric.get("other")
        if not isinstance(other, dict) or other.get("type") != "ssvc":
            continue
        content = _dict(other.get("content"))
        options: dict[str, str] = {}
        for option in _list(content.get("options")):
            if isinstance(option, dict):
                options.update({str(k): str(v) for k, v in option.items()})
        exploitation = options.get("Exploitation", "").lower()
        if exploitation:
            return Ssvc(
                cve_id,
                exploitation,
                options.get("Automatable", "").lower(),
                options.get("Technical Impact", "").lower(),
                _time(content.get("timestamp")),
            )
    return None


def _kev(adp: dict[str, Any]) -> str:
    for metric in _metrics(adp):
        other = metric.get("other")
        if isinstance(other, dict) and other.get("type") == "kev":
            return str(_dict(other.get("content")).get("dateAdded", ""))[:10]
    return ""


def _english(descriptions: Any) -> str:
    items = [d for d in _list(descriptions) if isinstance(d, dict)]
    for item in items:
        if str(item.get("lang", "")).lower().startswith("en"):
            return str(item.get("value", ""))
    return str(items[0].get("value", "")) if items else ""


def _list(value: Any) -> list[Any]:
    """A JSON array, or empty for anything else (records of the wrong shape are not errors)."""
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        from datetime import UTC

        parsed = parsed.replace(tzinfo=UTC)
    return parsed
